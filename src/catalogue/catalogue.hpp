#pragma once
// Reference catalogues, each versioned by edition and loaded from data files (DOMAIN.md §3):
// the scenario guide with its link → domain mapping, the 要素条件 (element conditions) per tier,
// the KPI reference, enterprise size classes, industry classifications and the region tree.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tidu::catalogue {

/// One typical scenario of a guide edition.
struct Scenario {
  int number = 0;
  std::string name;
  std::vector<std::string> aliases;  ///< names other copies of the guide use
  std::string description;
  int link_number = 0;
};

/// One link (环节) of a guide edition, grouping scenarios and mapped to a construction domain.
struct Link {
  int number = 0;
  std::string name;
  std::optional<std::string> domain;  ///< none for 多环节模式创新
  std::string footnote;
  std::vector<int> scenario_numbers;
  int line = 0;  ///< where the link's domain is written, for cross-check faults
  int column = 0;
};

/// A scenario guide edition (智能制造典型场景参考指引).
struct ScenarioGuide {
  std::string edition;
  std::string title;
  std::string source;
  std::string introduction;
  std::string requirements_edition;  ///< the 要素条件 edition whose domains the mapping uses
  std::string mapping_clause;
  bool verified = true;  ///< false for drafts whose content is not confirmed
  std::string file;      ///< the data file it was read from
  std::vector<Link> links;
  std::vector<Scenario> scenarios;

  [[nodiscard]] const Link* find_link(std::string_view name) const;
  /// By name or alias.
  [[nodiscard]] const Scenario* find_scenario(std::string_view name) const;
  [[nodiscard]] const Scenario* scenario(int number) const;
  [[nodiscard]] const Link* link_of(const Scenario& s) const;
};

enum class CoverageStrength {
  kMust,        ///< missing a domain blocks submission
  kInPrinciple  ///< "原则上": missing a domain needs an official's attention
};

/// Which construction domains a tier requires a factory to cover.
struct CoverageRule {
  std::vector<std::string> required;
  CoverageStrength strength = CoverageStrength::kMust;
  std::string clause;
};

/// The lowest GB/T 39116 maturity level a tier accepts.
struct MaturityFloor {
  int level = 0;
  std::string clause;
};

/// A construction domain of the 要素条件.
struct Domain {
  std::string id;
  std::string name;
  int order = 0;
  std::vector<std::string> aliases;
};

/// One tier (基础级 … 领航级) as the 要素条件 define it.
struct Tier {
  std::string id;
  std::string name;
  int rank = 0;
  std::string summary;
  std::vector<std::pair<std::string, std::string>> content;  ///< domain → construction content
  CoverageRule coverage;
  MaturityFloor maturity_floor;
  std::vector<std::string> effects;
  std::string kpi_benchmark;
};

/// One of the basic requirements (基础要求) every tier shares.
struct BasicRequirement {
  std::string id;
  std::string text;
  std::string clause;
};

/// An edition of 智能工厂梯度培育要素条件.
struct ElementConditions {
  std::string edition;
  std::string title;
  std::string document;
  std::vector<Domain> domains;
  std::vector<BasicRequirement> basic_requirements;
  std::vector<Tier> tiers;  ///< ordered by rank

  [[nodiscard]] const Tier* tier(std::string_view id) const;
  [[nodiscard]] const Domain* domain(std::string_view name_or_alias) const;
  [[nodiscard]] const BasicRequirement* basic(std::string_view id) const;
};

enum class Direction { kIncrease, kReduce };

/// A key performance indicator of the KPI reference (附1).
struct Kpi {
  int number = 0;
  int category = 0;
  std::string name;
  std::string unit;
  Direction direction = Direction::kIncrease;
  std::optional<double> min;
  std::optional<double> max;
  bool integer = false;
};

/// A KPI category, named differently by different copies of the reference.
struct KpiCategory {
  int number = 0;
  std::map<std::string, std::string> names;  ///< naming edition → name
};

/// How a tier's kpi_benchmark (要素条件: 高于省同行业平均水平, 省同行业领先 …) is judged against
/// the platform's peers of the same industry.
struct BenchmarkCriterion {
  std::string id;         ///< the tiers' kpi_benchmark value, e.g. provincial_leading
  std::string scope;      ///< province or nation
  std::string test;       ///< above_mean or percentile
  double percentile = 0;  ///< for test percentile: at or above this percentile of the peers
  std::string text;       ///< the requirement as the notice words it
  std::string clause;     ///< where it is written
  std::string note;       ///< how the platform reads it, where the notice gives no number
};

/// 智能工厂建设关键绩效指标参考.
struct KpiReference {
  std::string edition;
  std::string title;
  std::string clause;
  double change_tolerance = 0.5;  ///< percentage points allowed between written and computed change
  std::vector<KpiCategory> categories;
  std::vector<Kpi> indicators;
  int benchmark_min_peers = 5;  ///< fewer peers than this: no percentile, no judgement
  std::vector<BenchmarkCriterion> benchmarks;

  [[nodiscard]] const Kpi* find(int number) const;
  [[nodiscard]] const BenchmarkCriterion* benchmark(std::string_view id) const;
  /// The category's name in the given naming edition (falls back to the first name).
  [[nodiscard]] std::string category_name(int category, std::string_view naming) const;
};

/// An enterprise size class with both lower bounds.
struct SizeClass {
  std::string id;
  std::string name;
  long long min_employees = 0;
  double min_revenue = 0;  ///< 万元
};

/// 统计上大中小微型企业划分办法 and the 规上 threshold.
struct SizeClasses {
  std::string edition;
  std::string title;
  std::string clause;
  std::vector<SizeClass> classes;  ///< largest first
  double above_scale_min_revenue = 0;
  std::string above_scale_clause;

  /// The class both bounds admit, trying from the largest down.
  [[nodiscard]] const SizeClass& classify(long long employees, double revenue) const;
  [[nodiscard]] const SizeClass* find(std::string_view id_or_name) const;
};

struct IndustryGroup {
  std::string code;
  std::string name;
};

struct IndustryDivision {
  std::string section;
  std::string code;
  std::string name;
  std::vector<IndustryGroup> groups;
};

/// GB/T 4754-2017 divisions (大类) and groups (中类).
struct Industries {
  std::string edition;
  std::string title;
  std::string clause;
  std::vector<std::pair<std::string, std::string>> sections;  ///< code → name
  std::vector<IndustryDivision> divisions;

  [[nodiscard]] const IndustryDivision* division(std::string_view code) const;
  [[nodiscard]] const IndustryGroup* group(std::string_view code) const;
};

/// A province's coarse industry list printed on its form.
struct CoarseIndustryList {
  std::string id;
  std::string title;
  std::string clause;
  bool other_allowed = true;
  std::vector<std::string> items;
};

/// A region node (GB/T 2260 code, or a Tidu functional-zone code containing 'Z').
struct Region {
  std::string code;
  std::string name;
  std::string parent;  ///< empty for provinces
  std::string kind;    ///< province, city, county, township, zone
  std::string note;
};

/// The region tree. Lookups are by code; `within` walks parents.
class RegionTree {
 public:
  /// Adds or replaces a node; the parent is derived from the code when not given.
  void put(Region region);
  [[nodiscard]] const Region* find(std::string_view code) const;
  /// True when `code` is `ancestor` or lies below it.
  [[nodiscard]] bool within(std::string_view code, std::string_view ancestor) const;
  /// From the province down to the node itself.
  [[nodiscard]] std::vector<const Region*> path(std::string_view code) const;
  /// The ancestor (or self) of the given kind, e.g. the city of a county.
  [[nodiscard]] const Region* ancestor_of_kind(std::string_view code, std::string_view kind) const;
  /// The nodes whose parent is `code`, in the order they were first put.
  [[nodiscard]] std::vector<const Region*> children(std::string_view code) const;
  /// `code` and every node below it, when there are at most `most`; nullopt otherwise. Walks
  /// down from `code`, so its cost is the answer's size, not the tree's.
  [[nodiscard]] std::optional<std::vector<std::string>> within_codes(std::string_view code,
                                                                     std::size_t most) const;
  [[nodiscard]] std::size_t size() const { return nodes_.size(); }
  [[nodiscard]] const std::vector<Region>& nodes() const { return nodes_; }
  /// "福建省 / 福州市 / 鼓楼区".
  [[nodiscard]] std::string full_name(std::string_view code) const;

  /// Derives the parent code of a GB/T 2260 code from its structure, using the nodes present.
  [[nodiscard]] std::string derive_parent(std::string_view code) const;

 private:
  /// Hashes std::string and std::string_view alike, so that a lookup by a view copies nothing.
  struct CodeHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view code) const {
      return std::hash<std::string_view>{}(code);
    }
  };
  using CodeMap =
      std::unordered_map<std::string, std::vector<std::size_t>, CodeHash, std::equal_to<>>;

  std::vector<Region> nodes_;
  std::unordered_map<std::string, std::size_t, CodeHash, std::equal_to<>> index_;
  /// Each parent's children, as indices into nodes_ in ascending order (a region read once per
  /// request by a list's region filter walked every node of the tree: perf, queue pages).
  CodeMap children_;
};

/// A title kind (是否入选…) an enterprise may declare.
struct TitleKind {
  std::string id;
  std::string name;
};

/// Every catalogue edition the data directory holds.
struct Catalogue {
  std::map<std::string, ScenarioGuide> guides;
  std::map<std::string, ElementConditions> requirements;
  std::map<std::string, KpiReference> kpis;
  std::map<std::string, SizeClasses> sizes;
  std::map<std::string, Industries> industries;
  std::map<std::string, CoarseIndustryList> coarse_lists;
  std::vector<TitleKind> title_kinds;
  RegionTree regions;

  [[nodiscard]] const TitleKind* title_kind(std::string_view id) const;
};

}  // namespace tidu::catalogue
