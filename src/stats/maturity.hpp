#pragma once
// The regional maturity summary (seed 000 附件5 一、整体情况 and 三、基础级智能工厂复核情况): how
// far the GB/T 39116 self-assessment has spread in a region on a date, its level distribution and
// the smart-factory penetration (规上 enterprises assessed at level 2 or above / all 规上
// enterprises, seed 000 附件5 一), with the same figures by sub-region, by industry and at earlier
// dates.
//
// Pure: the caller supplies the enterprises with their assessments and the region tree.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue/catalogue.hpp"

namespace tidu::stats {

/// The whole country: the region tree has no national node, so this code stands for it (its
/// sub-regions are the provinces).
inline constexpr std::string_view kNation = "000000";
inline constexpr std::string_view kNationName = "全国";

/// One maturity assessment of an enterprise.
struct Assessment {
  std::string assessed_on;  ///< YYYY-MM-DD
  int level = 0;            ///< 1–5
  std::optional<double> score;
};

/// An enterprise as the summary sees it.
struct Subject {
  std::string region;        ///< region code of the enterprise
  std::string industry;      ///< GB/T 4754 大类 (two digits); empty when unknown
  bool above_scale = false;  ///< 规模以上工业企业
  std::vector<Assessment> assessments;
  /// Date its basic-tier self-evaluation was confirmed by its county (empty: not confirmed).
  std::string basic_confirmed_on;
};

/// The figures of one group of enterprises (a region, a sub-region, an industry).
struct Figures {
  int enterprises = 0;           ///< enterprises known in the group
  int above_scale = 0;           ///< of which 规上
  int assessed = 0;              ///< with at least one assessment on or before the date
  int assessed_above_scale = 0;  ///< 规上 and assessed
  int penetrated = 0;            ///< 规上 with the latest assessment at level ≥ 2
  std::array<int, 5> levels{};   ///< latest level of the assessed, levels[0] = level 1
  int basic_confirmed = 0;       ///< basic-tier self-evaluations confirmed by the date
  std::optional<double> mean_score;

  /// assessed_above_scale / above_scale in %; empty when the group has no 规上 enterprise.
  [[nodiscard]] std::optional<double> coverage_percent() const;
  /// penetrated / above_scale in %; empty when the group has no 规上 enterprise.
  [[nodiscard]] std::optional<double> penetration_percent() const;
};

struct Breakdown {
  std::string key;   ///< region code or industry division
  std::string name;  ///< region or industry name
  Figures figures;
};

struct DatedFigures {
  std::string date;
  Figures figures;
};

struct RegionalSummary {
  std::string region;
  std::string region_name;  ///< "福建省 / 福州市"
  std::string date;
  Figures total;
  std::vector<Breakdown> by_subregion;  ///< the region's children, in code order
  std::vector<Breakdown> by_industry;   ///< industries present, most enterprises first
  std::vector<DatedFigures> over_time;  ///< year ends before the date, then the date itself
};

/// The summary of `region` (or kNation) on `date` (YYYY-MM-DD): enterprises of the region and
/// below; for each, its latest assessment on or before the date counts (an enterprise assessed
/// twice counts once, at its newer level). `industry_names` names divisions (may be null).
/// `years_back` earlier year ends are added to over_time.
RegionalSummary summarize(const std::vector<Subject>& subjects,
                          const catalogue::RegionTree& regions, const std::string& region,
                          const std::string& date, const catalogue::Industries* industry_names,
                          int years_back = 3);

/// The figures of a set of enterprises on a date.
Figures figures_of(const std::vector<const Subject*>& subjects, const std::string& date);

}  // namespace tidu::stats
