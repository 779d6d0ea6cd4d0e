#pragma once
// Maturity self-assessment results (GB/T 39116-2020) from the national platform, imported so that
// regional statistics count enterprises assessed there: 统一社会信用代码, 企业名称, 等级 (1–5,
// or 一级…五级, or the level's name 规划级…引领级), optional 得分, 评估日期, 来源, and
// optionally 所在地区 (else the registration region in the credit code). Pure.
#include <optional>
#include <string>

#include "catalogue/catalogue.hpp"
#include "core/table.hpp"
#include "imports/scope.hpp"

namespace tidu::imports {

/// One valid row of a results file.
struct AssessmentEntry {
  int row = 0;
  std::string credit_code;
  std::string name;
  int level = 0;                ///< 1–5
  std::optional<double> score;  ///< 0–5, the GB/T 39116 score (as Enterprises::add_maturity)
  std::string assessed_on;      ///< YYYY-MM-DD
  std::string source;           ///< 智能制造评估评价公共服务平台, …
  std::string region;           ///< the region the row was checked against the scope with
};

using AssessmentFile = table::Parsed<AssessmentEntry>;

/// The highest score accepted.
inline constexpr double kMaxAssessmentScore = 5;

/// Checks every row of a results file: credit code, name, level, score (0–5), date (not after
/// `today`, YYYY-MM-DD), source, and the region inside the scope (the 所在地区 column, else the
/// credit code's registration region). The same enterprise and date twice in one file is a
/// problem. Codes ASSESSMENT_*.
AssessmentFile parse_assessments(const Result<table::Table>& table,
                                 const catalogue::RegionTree& regions, const Scope& scope,
                                 std::string_view today);

/// The level a cell names: 1–5, 一级…五级, 1级, L1, 规划级/规范级/集成级/优化级/引领级.
std::optional<int> parse_maturity_level(std::string_view cell);

}  // namespace tidu::imports
