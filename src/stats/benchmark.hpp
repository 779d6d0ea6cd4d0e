#pragma once
// The industry benchmark of a declaration (issue 7 item 4): for each KPI, where the declaration's
// improvement stands among its peers — the other enterprises of the same industry in the same
// province and nationwide — as evidence for the tier's requirement (要素条件: 基础级 高于省同行业
// 平均水平, 先进级 省同行业领先, 卓越级 国内同行业领先). Pure: the caller supplies the peers.
#include <optional>
#include <string>
#include <vector>

#include "catalogue/catalogue.hpp"

namespace tidu::stats {

/// A peer's or the declaration's KPIs: number → improvement (the change oriented so that larger is
/// better).
struct KpiImprovement {
  int number = 0;
  double improvement = 0;
};

/// The peers' figures for one KPI in one scope.
struct PeerFigures {
  int n = 0;  ///< peers giving this KPI
  std::optional<double> mean;
  std::optional<double> median;
  /// Share of peers below the declaration's improvement, ties counting half, in %; empty when
  /// there are fewer than min_peers peers.
  std::optional<double> percentile;
  std::optional<bool> above_mean;  ///< empty when there are fewer than min_peers peers
};

/// The change of a KPI oriented so that larger is better: a reduction KPI's change is negated.
double improvement_of(catalogue::Direction direction, double change);

/// The peers' figures of `value` among `peers` (the declaration itself not included).
PeerFigures compare(double value, std::vector<double> peers, int min_peers);

/// Whether the figures meet the criterion (in the criterion's scope); empty when they cannot say
/// (too few peers).
std::optional<bool> meets(const catalogue::BenchmarkCriterion& criterion, const PeerFigures& f);

}  // namespace tidu::stats
