#pragma once
// Statistics over what the database holds: the regional maturity summary (seed 000 附件5) for a
// region node and date, and the basic-tier self-evaluations reviewed there, for the reviewers of
// that region and the units above it.
#include <string>

#include "access/principal.hpp"
#include "catalogue/catalogue.hpp"
#include "core/error.hpp"
#include "rounds/round.hpp"
#include "service/common.hpp"
#include "service/declarations.hpp"
#include "service/statistics_facts.hpp"
#include "stats/benchmark.hpp"
#include "stats/maturity.hpp"
#include "stats/round.hpp"
#include "storage/pool.hpp"

namespace tidu::service {

/// Basic-tier self-evaluations of a region's enterprises submitted by a date (附件5 三).
struct SelfEvaluationCounts {
  int submitted = 0;
  int confirmed = 0;
  int returned = 0;
  int pending = 0;
};

struct MaturityReport {
  stats::RegionalSummary summary;
  SelfEvaluationCounts self_evaluations;
  std::string sizes_clause;  ///< where the 规上 threshold comes from
  double above_scale_min_revenue = 0;
  std::string unit_name;  ///< who reports it: the region's 工业和信息化主管部门
};

/// One KPI of a declaration against its peers.
struct KpiBenchmark {
  int number = 0;
  std::string name;
  std::string unit;
  catalogue::Direction direction = catalogue::Direction::kIncrease;
  std::optional<double> before;
  std::optional<double> after;
  std::optional<double> change;
  std::optional<double> improvement;
  stats::PeerFigures province;
  stats::PeerFigures nation;
  std::optional<bool> meets;  ///< the tier's criterion in its scope; empty: cannot say
};

/// The industry benchmark of a declaration (issue 7 item 4).
struct BenchmarkReport {
  std::string declaration_id;
  std::string industry;
  std::string industry_name;
  std::string province;
  std::string province_name;
  std::string tier;
  std::string tier_name;
  std::optional<catalogue::BenchmarkCriterion> criterion;
  int min_peers = 0;
  std::vector<KpiBenchmark> kpis;
};

/// A round's figures within a region node.
struct RoundReport {
  std::string round_id;
  std::string round_name;
  std::string region;
  std::string region_name;
  stats::RoundStatistics figures;
};

class Statistics {
 public:
  Statistics(storage::Pool& pool, const catalogue::Catalogue& catalogue,
             const rounds::RoundSet& rounds, Declarations& declarations, Clock clock);

  /// The round's declarations of enterprises in `region` (empty: the caller's own region):
  /// tallies by state, route level, sub-region and industry, scenario coverage and KPI spread of
  /// the submitted versions. FORBIDDEN outside the caller's region; ROUND_UNKNOWN.
  Result<RoundReport> round(const access::Principal& who, const std::string& round_id,
                            const std::string& region);

  /// The maturity summary of `region` (stats::kNation: the whole country, administrators only)
  /// on `date` (YYYY-MM-DD; empty: today). Enterprises on the platform with their recorded
  /// assessments, and the imported directory and maturity results; a platform enterprise is 规上
  /// when its latest year's 主营业务收入 reaches the newest size-class edition's threshold, an
  /// imported one as the directory says. FORBIDDEN outside the caller's region.
  Result<MaturityReport> maturity(const access::Principal& who, const std::string& region,
                                  const std::string& date);

  /// The industry benchmark of a declaration's submitted version: each KPI's improvement against
  /// the newest submitted declaration of every other enterprise of the same industry, in its
  /// province and nationwide, judged by the criterion of the round's tier (the tier's
  /// kpi_benchmark in the 要素条件 edition, read by the KPI reference edition's benchmarks).
  /// Readers of the declaration other than its enterprise (FORBIDDEN); NOT_FOUND as for every
  /// declaration; BENCHMARK_NOT_SUBMITTED before its first submission.
  Result<BenchmarkReport> benchmark(const access::Principal& who, const std::string& id);

 private:
  storage::Pool& pool_;
  const catalogue::Catalogue& catalogue_;
  const rounds::RoundSet& rounds_;
  Declarations& declarations_;
  Clock clock_;
  StatisticsFacts facts_;
};

}  // namespace tidu::service
