#include "imports/assessments.hpp"

#include <array>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "core/credit_code.hpp"
#include "core/text.hpp"

namespace tidu::imports {
namespace {

enum Column : std::size_t { kCode, kName, kLevel, kScore, kDate, kSource, kRegion, kColumns };

constexpr std::array<table::Column, kColumns> kColumnInfo = {{
    {"credit_code", "统一社会信用代码", true, "信用代码"},
    {"name", "企业名称", true},
    {"level", "等级", true, "成熟度等级"},
    {"score", "得分", false, "评估得分"},
    {"assessed_on", "评估日期", true, "date"},
    {"source", "来源", true, "数据来源"},
    {"region", "所在地区", false, "地区代码"},
}};

constexpr table::Schema kSchema{kColumnInfo, "ASSESSMENT"};
constexpr std::size_t kMaxSourceChars = 100;

constexpr std::array<std::pair<std::string_view, int>, 15> kLevelNames = {{
    {"一级", 1},
    {"二级", 2},
    {"三级", 3},
    {"四级", 4},
    {"五级", 5},
    {"一", 1},
    {"二", 2},
    {"三", 3},
    {"四", 4},
    {"五", 5},
    {"规划级", 1},
    {"规范级", 2},
    {"集成级", 3},
    {"优化级", 4},
    {"引领级", 5},
}};

}  // namespace

std::optional<int> parse_maturity_level(std::string_view cell) {
  std::string_view s = text::trim(cell);
  for (const auto& [name, level] : kLevelNames) {
    if (s == name) return level;
  }
  if (s.starts_with("L") || s.starts_with("l")) s.remove_prefix(1);
  if (s.ends_with("级")) s.remove_suffix(std::string_view("级").size());
  if (s.size() == 1 && s[0] >= '1' && s[0] <= '5') return s[0] - '0';
  return std::nullopt;
}

AssessmentFile parse_assessments(const Result<table::Table>& table,
                                 const catalogue::RegionTree& regions, const Scope& scope,
                                 std::string_view today) {
  std::set<std::pair<std::string, std::string>> seen;  // credit code, date
  const auto check = [&](table::RowView& row) -> std::optional<AssessmentEntry> {
    AssessmentEntry e;
    e.row = row.number();
    e.credit_code = table::check_credit_code(row, kCode, "ASSESSMENT_CREDIT_CODE");
    e.name = std::string(row.cell(kName));
    if (e.name.empty()) row.problem(kName, "ASSESSMENT_NAME", "企业名称为空");

    const std::string_view level = row.cell(kLevel);
    if (const auto l = parse_maturity_level(level)) {
      e.level = *l;
    } else {
      row.problem(
          kLevel, "ASSESSMENT_LEVEL",
          fmt::format("等级“{}”应为 1–5（或 一级…五级、规划级…引领级）", text::prefix(level, 20)));
    }

    if (const std::string_view score = row.cell(kScore); !score.empty()) {
      const auto v = table::parse_number(score);
      if (!v || *v < 0 || *v > kMaxAssessmentScore) {
        row.problem(kScore, "ASSESSMENT_SCORE",
                    fmt::format("得分“{}”应为 0–{} 的数，没有得分可留空", text::prefix(score, 20),
                                kMaxAssessmentScore));
      } else {
        e.score = *v;
      }
    }

    const std::string_view date = row.cell(kDate);
    if (const auto d = table::parse_date_cell(date); !d) {
      row.problem(kDate, "ASSESSMENT_DATE",
                  date.empty() ? std::string("评估日期为空，应为 YYYY-MM-DD（如 2025-03-01）")
                               : fmt::format("评估日期“{}”不是有效日期，应为 YYYY-MM-DD（如 "
                                             "2025-03-01）",
                                             text::prefix(date, 20)));
    } else if (!today.empty() && *d > today) {
      row.problem(kDate, "ASSESSMENT_DATE",
                  fmt::format("评估日期 {} 晚于今天（{}）：请核对", *d, today));
    } else {
      e.assessed_on = *d;
    }

    e.source = std::string(row.cell(kSource));
    if (e.source.empty()) {
      row.problem(kSource, "ASSESSMENT_SOURCE",
                  "来源为空：请写明评估结果的出处，如“智能制造评估评价公共服务平台”");
    } else if (text::length(e.source) > kMaxSourceChars) {
      row.problem(kSource, "ASSESSMENT_SOURCE", fmt::format("来源超过 {} 个字符", kMaxSourceChars));
    }

    // The region: the file's column, else where the credit code was registered.
    if (row.has(kRegion) && !row.cell(kRegion).empty()) {
      e.region = std::string(row.cell(kRegion));
      if (regions.find(e.region) == nullptr) {
        row.problem(kRegion, "ASSESSMENT_REGION",
                    fmt::format("所在地区“{}”不是已知的区划代码", text::prefix(e.region, 20)));
      } else {
        check_scope(row, kRegion, e.region, scope, "ASSESSMENT_OUT_OF_SCOPE");
      }
    } else if (!e.credit_code.empty()) {
      e.region = std::string(credit_code::region_part(e.credit_code));
      if (!scope.region.empty() && regions.find(e.region) == nullptr) {
        row.problem(kCode, "ASSESSMENT_OUT_OF_SCOPE",
                    fmt::format("无法从统一社会信用代码判断企业所在地区（登记机关代码 {} 未知）："
                                "请增加“所在地区”列",
                                e.region));
      } else if (regions.find(e.region) != nullptr) {
        check_scope(row, kCode, e.region, scope, "ASSESSMENT_OUT_OF_SCOPE");
      }
    }

    if (!e.credit_code.empty() && !e.assessed_on.empty() &&
        !seen.emplace(e.credit_code, e.assessed_on).second) {
      row.problem(
          kCode, "ASSESSMENT_DUPLICATE",
          fmt::format("同一企业（{}）在 {} 的评估结果在文件中重复", e.credit_code, e.assessed_on));
    }
    return e;
  };
  return table::parse<AssessmentEntry>(table, kSchema, check);
}

}  // namespace tidu::imports
