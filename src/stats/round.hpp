#pragma once
// Round statistics for dashboards (issue: declarations by state, tier, region and industry;
// scenario coverage; the average and spread of each KPI's change by industry). Pure: the caller
// supplies one record per declaration.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tidu::stats {

/// A declaration as the round statistics see it.
struct DeclarationRecord {
  std::string state;
  std::string level;     ///< where it is on the route (empty for drafts)
  std::string region;    ///< the sub-region of the asked region it belongs to (code)
  std::string industry;  ///< GB/T 4754 大类
  /// "环节-场景" pairs its submitted version claims (scenario instances), each once; views into
  /// names the caller keeps alive while the statistics are computed.
  std::vector<std::pair<std::string_view, std::string_view>> scenarios;
  /// KPI number → the change (%) its submitted version gives.
  std::vector<std::pair<int, double>> kpi_changes;
};

struct Tally {
  std::string key;
  int count = 0;
  std::string name;  ///< filled by the caller (region, industry, state or level name)
};

struct ScenarioTally {
  std::string link;
  std::string scenario;
  int count = 0;
  std::string region;  ///< empty in the round's totals; the sub-region in the heat map's cells
};

struct KpiSpread {
  int number = 0;
  std::string industry;
  int n = 0;
  double mean = 0;
  double stddev = 0;  ///< population standard deviation
  double min = 0;
  double max = 0;
};

struct RoundStatistics {
  int total = 0;
  std::vector<Tally> by_state;           ///< most first
  std::vector<Tally> by_level;           ///< most first
  std::vector<Tally> by_region;          ///< most first
  std::vector<Tally> by_industry;        ///< most first
  std::vector<ScenarioTally> scenarios;  ///< most claimed first
  /// The heat map: each (sub-region, scenario) cell with its count, by region then scenario.
  std::vector<ScenarioTally> scenarios_by_region;
  std::vector<KpiSpread> kpis;  ///< by number, then industry
};

RoundStatistics round_statistics(const std::vector<DeclarationRecord>& records);

}  // namespace tidu::stats
