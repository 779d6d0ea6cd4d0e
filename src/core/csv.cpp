#include "core/csv.hpp"

#include <fmt/format.h>

namespace tidu::csv {

Result<std::vector<Row>> parse(std::string_view text, std::size_t max_rows, std::size_t max_fields,
                               std::size_t max_cells) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<Row> rows;
  Row row;
  std::string field;
  bool quoted = false;
  bool field_started = false;
  std::size_t line = 1;
  std::size_t row_line = 1;
  std::size_t cells = 0;
  auto end_field = [&]() -> bool {
    row.push_back(std::move(field));
    field.clear();
    field_started = false;
    ++cells;
    return row.size() <= max_fields;
  };
  auto end_row = [&]() -> bool {
    if (!(row.size() == 1 && row[0].empty())) rows.push_back(std::move(row));
    row.clear();
    return rows.size() <= max_rows;
  };
  auto too_many_fields = [&]() -> Result<std::vector<Row>> {
    return fail("CSV_TOO_MANY_FIELDS", fmt::format("第 {} 行字段超过 {} 个", row_line, max_fields));
  };
  auto too_many_rows = [&]() -> Result<std::vector<Row>> {
    return fail("CSV_TOO_MANY_ROWS", fmt::format("超过 {} 行：请拆分文件后分批导入", max_rows));
  };
  auto too_many_cells = [&]() -> Result<std::vector<Row>> {
    return fail("CSV_TOO_MANY_CELLS",
                fmt::format("单元格超过 {} 个（至第 {} 行）：请删去不需要的列，或拆分后分批导入",
                            max_cells, row_line));
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
    } else if (c == ',') {
      if (!end_field()) return too_many_fields();
      if (cells > max_cells) return too_many_cells();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (!end_field()) return too_many_fields();
      if (cells > max_cells) return too_many_cells();
      if (!end_row()) return too_many_rows();
      ++line;
      row_line = line;
    } else {
      field += c;
      field_started = true;
    }
  }
  if (quoted) {
    return fail("CSV_UNTERMINATED_QUOTE",
                fmt::format("第 {} 行的引号没有闭合：请检查该行的双引号", row_line));
  }
  if (field_started || !row.empty()) {
    if (!end_field()) return too_many_fields();
    if (cells > max_cells) return too_many_cells();
    if (!end_row()) return too_many_rows();
  }
  return rows;
}

}  // namespace tidu::csv
