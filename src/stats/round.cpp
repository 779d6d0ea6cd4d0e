#include "stats/round.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace tidu::stats {
namespace {

std::vector<Tally> tallies(const std::map<std::string, int>& counts) {
  std::vector<Tally> out;
  out.reserve(counts.size());
  for (const auto& [key, count] : counts)
    out.push_back(Tally{.key = key, .count = count, .name = {}});
  std::stable_sort(out.begin(), out.end(),
                   [](const Tally& a, const Tally& b) { return a.count > b.count; });
  return out;
}

}  // namespace

RoundStatistics round_statistics(const std::vector<DeclarationRecord>& records) {
  RoundStatistics out;
  std::map<std::string, int> states;
  std::map<std::string, int> levels;
  std::map<std::string, int> regions;
  std::map<std::string, int> industries;
  std::map<std::pair<std::string_view, std::string_view>, int> scenarios;
  std::map<std::tuple<std::string_view, std::string_view, std::string_view>, int> cells;
  std::map<std::pair<int, std::string>, std::vector<double>> changes;
  for (const auto& r : records) {
    ++out.total;
    ++states[r.state];
    if (!r.level.empty()) ++levels[r.level];
    ++regions[r.region];
    ++industries[r.industry];
    for (const auto& s : r.scenarios) {
      ++scenarios[s];
      ++cells[{r.region, s.first, s.second}];
    }
    for (const auto& [number, change] : r.kpi_changes) {
      if (std::isfinite(change)) changes[{number, r.industry}].push_back(change);
    }
  }
  out.by_state = tallies(states);
  out.by_level = tallies(levels);
  out.by_region = tallies(regions);
  out.by_industry = tallies(industries);
  for (const auto& [key, count] : scenarios)
    out.scenarios.push_back(ScenarioTally{.link = std::string(key.first),
                                          .scenario = std::string(key.second),
                                          .count = count,
                                          .region = {}});
  for (const auto& [key, count] : cells) {
    out.scenarios_by_region.push_back(ScenarioTally{.link = std::string(std::get<1>(key)),
                                                    .scenario = std::string(std::get<2>(key)),
                                                    .count = count,
                                                    .region = std::string(std::get<0>(key))});
  }
  std::stable_sort(
      out.scenarios.begin(), out.scenarios.end(),
      [](const ScenarioTally& a, const ScenarioTally& b) { return a.count > b.count; });
  for (const auto& [key, values] : changes) {
    double sum = 0;
    for (double v : values) sum += v;
    const double mean = sum / static_cast<double>(values.size());
    double squares = 0;
    for (double v : values) squares += (v - mean) * (v - mean);
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    out.kpis.push_back(KpiSpread{.number = key.first,
                                 .industry = key.second,
                                 .n = static_cast<int>(values.size()),
                                 .mean = mean,
                                 .stddev = std::sqrt(squares / static_cast<double>(values.size())),
                                 .min = *lo,
                                 .max = *hi});
  }
  return out;
}

}  // namespace tidu::stats
