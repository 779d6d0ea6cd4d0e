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
             const rounds::RoundSet& rounds, Clock clock);

  /// The round's declarations of enterprises in `region` (empty: the caller's own region):
  /// tallies by state, route level, sub-region and industry, scenario coverage and KPI spread of
  /// the submitted versions. FORBIDDEN outside the caller's region; ROUND_UNKNOWN.
  Result<RoundReport> round(const access::Principal& who, const std::string& round_id,
                            const std::string& region);

  /// The maturity summary of `region` on `date` (YYYY-MM-DD; empty: today). Enterprises on the
  /// platform with their recorded assessments; 规上 when the latest year's 主营业务收入 reaches the
  /// newest size-class edition's threshold. FORBIDDEN outside the caller's region.
  Result<MaturityReport> maturity(const access::Principal& who, const std::string& region,
                                  const std::string& date);

 private:
  storage::Pool& pool_;
  const catalogue::Catalogue& catalogue_;
  const rounds::RoundSet& rounds_;
  Clock clock_;
};

}  // namespace tidu::service
