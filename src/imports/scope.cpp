#include "imports/scope.hpp"

#include <fmt/format.h>

namespace tidu::imports {

bool check_scope(table::RowView& row, std::size_t column, std::string_view region,
                 const Scope& scope, const std::string& code) {
  if (scope.covers(region)) return true;
  row.problem(column, code,
              fmt::format("地区“{}”不在您负责的“{}”范围内：只能导入本地区及下级地区的数据，"
                          "请删去该行或请上级单位导入",
                          region, scope.name()));
  return false;
}

}  // namespace tidu::imports
