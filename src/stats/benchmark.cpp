#include "stats/benchmark.hpp"

#include <algorithm>
#include <cmath>

namespace tidu::stats {

double improvement_of(catalogue::Direction direction, double change) {
  return direction == catalogue::Direction::kReduce ? -change : change;
}

PeerFigures compare(double value, std::vector<double> peers, int min_peers) {
  std::erase_if(peers, [](double v) { return !std::isfinite(v); });
  PeerFigures f;
  f.n = static_cast<int>(peers.size());
  if (peers.empty()) return f;
  std::sort(peers.begin(), peers.end());
  double sum = 0;
  for (const double v : peers) sum += v;
  f.mean = sum / static_cast<double>(peers.size());
  const std::size_t mid = peers.size() / 2;
  f.median = peers.size() % 2 == 1 ? peers[mid] : (peers[mid - 1] + peers[mid]) / 2;
  if (f.n < min_peers || !std::isfinite(value)) return f;
  const auto below = std::lower_bound(peers.begin(), peers.end(), value) - peers.begin();
  const auto ties = std::upper_bound(peers.begin(), peers.end(), value) - peers.begin() - below;
  f.percentile = 100.0 * (static_cast<double>(below) + 0.5 * static_cast<double>(ties)) /
                 static_cast<double>(peers.size());
  f.above_mean = value > *f.mean;
  return f;
}

std::optional<bool> meets(const catalogue::BenchmarkCriterion& criterion, const PeerFigures& f) {
  if (criterion.test == "above_mean") return f.above_mean;
  if (!f.percentile) return std::nullopt;
  return *f.percentile >= criterion.percentile;
}

}  // namespace tidu::stats
