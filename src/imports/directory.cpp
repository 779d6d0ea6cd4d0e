#include "imports/directory.hpp"

#include <array>
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "core/text.hpp"

namespace tidu::imports {
namespace {

enum Column : std::size_t {
  kCode,
  kName,
  kRegion,
  kIndustry,
  kAboveScale,
  kRevenue,
  kEmployees,
  kYear,
  kColumns
};

constexpr std::array<table::Column, kColumns> kColumnInfo = {{
    {"credit_code", "统一社会信用代码", true, "信用代码"},
    {"name", "企业名称", true},
    {"region", "所在地区", true, "地区代码"},
    {"industry", "行业", true, "行业代码"},
    {"above_scale", "是否规上", true, "规上企业"},
    {"revenue", "营业收入(万元)", true, "营业收入（万元）"},
    {"employees", "从业人员", true, "从业人员数"},
    {"year", "年份", false},
}};

constexpr table::Schema kSchema{kColumnInfo, "DIRECTORY"};

/// The largest revenue accepted (万元): 10 trillion yuan, above any single enterprise.
constexpr double kMaxRevenue = 1e9;
constexpr double kMaxEmployees = 10'000'000;
constexpr int kFirstYear = 2000;
constexpr int kLastYear = 2100;

}  // namespace

std::optional<std::string> industry_division(std::string_view cell,
                                             const catalogue::Catalogue& catalogue) {
  std::string code(text::trim(cell));
  if (!code.empty() && code.front() >= 'A' && code.front() <= 'Z') code.erase(0, 1);
  if (code.size() == 1) code.insert(0, "0");
  if (code.size() != 2) return std::nullopt;
  for (const auto& [edition, industries] : catalogue.industries) {
    if (industries.division(code) != nullptr) return code;
  }
  return std::nullopt;
}

DirectoryFile parse_directory(const Result<table::Table>& table,
                              const catalogue::Catalogue& catalogue, const Scope& scope) {
  std::unordered_map<std::string, int> seen;  // credit code → the row it first appeared in
  const auto check = [&](table::RowView& row) -> std::optional<DirectoryEntry> {
    DirectoryEntry e;
    e.row = row.number();
    e.credit_code = table::check_credit_code(row, kCode, "DIRECTORY_CREDIT_CODE");
    if (!e.credit_code.empty()) {
      const auto [at, fresh] = seen.emplace(e.credit_code, row.number());
      if (!fresh) {
        row.problem(kCode, "DIRECTORY_DUPLICATE",
                    fmt::format("统一社会信用代码“{}”与第 {} 行重复：每家企业只能出现一次",
                                e.credit_code, at->second));
      }
    }
    e.name = std::string(row.cell(kName));
    if (e.name.empty()) {
      row.problem(kName, "DIRECTORY_NAME", "企业名称为空");
    } else if (text::length(e.name) > kMaxEnterpriseNameChars) {
      row.problem(kName, "DIRECTORY_NAME",
                  fmt::format("企业名称超过 {} 个字符", kMaxEnterpriseNameChars));
    }

    e.region = std::string(row.cell(kRegion));
    if (e.region.empty()) {
      row.problem(kRegion, "DIRECTORY_REGION", "所在地区为空：应为区划代码（如 350181）");
    } else if (catalogue.regions.find(e.region) == nullptr) {
      row.problem(kRegion, "DIRECTORY_REGION",
                  fmt::format("所在地区“{}”不是已知的区划代码：应为 6 位区划代码或 9 位乡镇代码"
                              "（如 350181），新的区划请管理员先导入区划代码",
                              text::prefix(e.region, 20)));
    } else {
      check_scope(row, kRegion, e.region, scope, "DIRECTORY_OUT_OF_SCOPE");
    }

    const std::string_view industry = row.cell(kIndustry);
    if (auto division = industry_division(industry, catalogue)) {
      e.industry = std::move(*division);
    } else {
      row.problem(kIndustry, "DIRECTORY_INDUSTRY",
                  industry.empty()
                      ? std::string("行业为空：应为国民经济行业分类（GB/T 4754）大类代码，如 13")
                      : fmt::format("行业“{}”不是国民经济行业分类（GB/T 4754）的大类代码，"
                                    "应为两位数字，如 13（农副食品加工业）",
                                    text::prefix(industry, 20)));
    }

    const std::string_view above = row.cell(kAboveScale);
    if (const auto yes = table::parse_yes_no(above)) {
      e.above_scale = *yes;
    } else {
      row.problem(kAboveScale, "DIRECTORY_ABOVE_SCALE",
                  fmt::format("是否规上“{}”应为“是”或“否”", text::prefix(above, 20)));
    }

    const std::string_view revenue = row.cell(kRevenue);
    const auto r = table::parse_number(revenue);
    if (!r || *r < 0 || *r > kMaxRevenue) {
      row.problem(
          kRevenue, "DIRECTORY_REVENUE",
          fmt::format("营业收入“{}”应为不小于 0 的数（单位：万元）", text::prefix(revenue, 20)));
    } else {
      e.revenue = *r;
    }

    const std::string_view employees = row.cell(kEmployees);
    const auto n = table::parse_number(employees);
    if (!n || *n < 0 || *n > kMaxEmployees || std::trunc(*n) != *n) {
      row.problem(kEmployees, "DIRECTORY_EMPLOYEES",
                  fmt::format("从业人员“{}”应为不小于 0 的整数", text::prefix(employees, 20)));
    } else {
      e.employees = static_cast<std::int64_t>(*n);
    }

    if (const std::string_view year = row.cell(kYear); !year.empty()) {
      const auto y = table::parse_number(year);
      if (!y || std::trunc(*y) != *y || *y < kFirstYear || *y > kLastYear) {
        row.problem(kYear, "DIRECTORY_YEAR",
                    fmt::format("年份“{}”应为 {}–{} 的四位年份", text::prefix(year, 20), kFirstYear,
                                kLastYear));
      } else {
        e.year = static_cast<int>(*y);
      }
    }
    return e;
  };
  return table::parse<DirectoryEntry>(table, kSchema, check);
}

}  // namespace tidu::imports
