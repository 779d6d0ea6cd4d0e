#include "review/scoring.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <utility>

namespace tidu::review {
namespace {

/// "“质量管理”（c1）".
std::string label(const Criterion& c) { return fmt::format("“{}”（{}）", c.name, c.id); }

/// Half away from zero at 2 decimals of sum / n, exact for totals in half points.
double rounded_mean(double sum, std::size_t n) {
  return std::round(sum * 100.0 / static_cast<double>(n)) / 100.0;
}

}  // namespace

Result<Aggregation> parse_aggregation(std::string_view id) {
  if (id == "mean") return Aggregation::kMean;
  if (id == "trimmed_mean") return Aggregation::kTrimmedMean;
  return fail("AGGREGATION_UNKNOWN",
              fmt::format("未知的汇总方式“{}”，可选 mean（算术平均）或 trimmed_mean"
                          "（去掉一个最高分和一个最低分后平均）",
                          id));
}

std::vector<std::string> validate_sheet(const ScoreSheet& sheet,
                                        const std::vector<Criterion>& criteria) {
  std::vector<std::string> out;
  for (const auto& c : criteria) {
    const auto it = sheet.scores.find(c.id);
    if (it == sheet.scores.end()) {
      out.push_back(fmt::format("缺少评分项{}的分数", label(c)));
      continue;
    }
    const double v = it->second;
    if (!std::isfinite(v)) {
      out.push_back(fmt::format("评分项{}的分数不是有效数字", label(c)));
      continue;
    }
    if (v < 0) out.push_back(fmt::format("评分项{}的分数 {} 不能为负数", label(c), v));
    if (v > c.max) out.push_back(fmt::format("评分项{}的分数 {} 超过满分 {}", label(c), v, c.max));
    const double steps = v / kScoreStep;
    if (steps != std::round(steps)) {
      out.push_back(fmt::format("评分项{}的分数 {} 须为 {} 分的整数倍", label(c), v, kScoreStep));
    }
  }
  for (const auto& [id, value] : sheet.scores) {
    if (std::ranges::find(criteria, id, &Criterion::id) == criteria.end())
      out.push_back(fmt::format("评分项 {} 不在本批次的评分标准中", id));
  }
  return out;
}

double total(const ScoreSheet& sheet) {
  double sum = 0;
  for (const auto& [id, value] : sheet.scores) sum += value;
  return sum;
}

Result<Aggregate> aggregate(std::string declaration_id, const std::vector<ScoreSheet>& sheets,
                            Aggregation aggregation) {
  if (sheets.empty()) {
    return fail("NO_SCORES", fmt::format("申报 {} 还没有专家评分，无法汇总", declaration_id));
  }
  std::set<std::string_view> experts;
  for (const auto& s : sheets) {
    if (!experts.insert(s.expert_id).second) {
      return fail("SCORE_SHEET_DUPLICATE", fmt::format("专家 {} 对申报 {} 提交了不止一份评分表",
                                                       s.expert_id, declaration_id));
    }
  }
  std::vector<double> totals;
  totals.reserve(sheets.size());
  for (const auto& s : sheets) totals.push_back(total(s));
  std::ranges::sort(totals);

  Aggregate out{.declaration_id = std::move(declaration_id),
                .score = 0,
                .sheets = static_cast<int>(sheets.size()),
                .trimmed = false,
                .note = {}};
  if (aggregation == Aggregation::kTrimmedMean && out.sheets >= kMinSheetsToTrim) {
    const double kept = std::accumulate(totals.begin() + 1, totals.end() - 1, 0.0);
    out.score = rounded_mean(kept, totals.size() - 2);
    out.trimmed = true;
    out.note = fmt::format("{} 份评分去掉一个最高分（{}）和一个最低分（{}）后取平均", out.sheets,
                           totals.back(), totals.front());
  } else {
    out.score = rounded_mean(std::accumulate(totals.begin(), totals.end(), 0.0), totals.size());
    out.note =
        aggregation == Aggregation::kTrimmedMean
            ? fmt::format("评分表只有 {} 份，不足 {} 份，未去掉最高分和最低分，按算术平均计算",
                          out.sheets, kMinSheetsToTrim)
            : fmt::format("{} 份评分的算术平均", out.sheets);
  }
  return out;
}

std::vector<Ranked> rank(std::vector<Aggregate> aggregates) {
  std::ranges::sort(aggregates, [](const Aggregate& a, const Aggregate& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.declaration_id < b.declaration_id;
  });
  std::vector<Ranked> out;
  out.reserve(aggregates.size());
  for (std::size_t i = 0; i < aggregates.size(); ++i) {
    const int place = i > 0 && aggregates[i].score == out.back().aggregate.score
                          ? out.back().rank
                          : static_cast<int>(i) + 1;
    out.push_back({std::move(aggregates[i]), place});
  }
  return out;
}

std::vector<std::string> shortlist(const std::vector<Ranked>& ranked, std::optional<int> size,
                                   std::optional<double> min_score) {
  std::vector<std::string> out;
  for (const auto& r : ranked) {
    if (size && r.rank > *size) continue;
    if (min_score && r.aggregate.score < *min_score) continue;
    out.push_back(r.aggregate.declaration_id);
  }
  return out;
}

}  // namespace tidu::review
