#pragma once
// A declaration round as data: the notice that opens it, its tier and region, the catalogue
// editions and form it uses, its window, route, quotas, exemptions, extra eligibility rules,
// summary-table columns and paper requirements — every value from the notice.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "core/time.hpp"
#include "rounds/form_template.hpp"

namespace tidu::rounds {

enum class Severity { kError, kWarning };

struct Notice {
  std::string number;
  std::string title;
  std::string issuer;
  std::string date;
  std::string basis;
  std::string region;
  std::string contact;
};

/// One level of the review route, in order from the enterprise upwards.
struct Level {
  std::string id;
  std::string name;
  std::string region_kind;  ///< township, county, city, province, nation
  std::string authority;
  std::vector<std::string> joint;  ///< departments recommending together (seed 001)
  std::vector<std::string> duties;
  std::optional<time::Instant> deadline;
  std::string clause;
};

/// A unit that files directly instead of a region level (有关省属企业, 中央企业).
struct DirectRoute {
  std::string id;
  std::string name;
  std::string acts_as;  ///< the level it stands in for
  std::string description;
  std::string clause;
};

struct QuotaLimit {
  std::string region;
  int limit = 0;
};

struct Quotas {
  bool ranked = false;
  std::string level;  ///< the level whose units hold the quota
  std::vector<QuotaLimit> limits;
  std::optional<int> default_limit;
  std::string clause;

  /// The quota of a recommending unit's region; nullopt when the round sets none.
  [[nodiscard]] std::optional<int> limit_for(std::string_view region) const;
};

/// A category recommended outside the quota (seed 003: former benchmark enterprises).
struct Exemption {
  std::string id;
  std::string name;
  bool uses_quota = false;
  bool must_apply = false;
  std::string remark;  ///< may contain {year}
  std::string declaration_flag;
  std::string clause;
};

/// One alternative of a prerequisite: a declared title within years, or an earlier tier result.
struct PrerequisiteOption {
  std::string title;        ///< a title kind, or empty
  std::string recognition;  ///< a tier id whose self-evaluation or recognition counts, or empty
  std::optional<int> year_from;
  std::optional<int> year_to;
};

/// An extra eligibility rule of the round, with its parameters and the clause it enforces.
struct EligibilityRule {
  std::string rule;  ///< legal_person, prerequisite, maturity_floor, coverage, …
  Severity severity = Severity::kError;
  std::string text;
  std::string clause;
  int level = 0;
  std::vector<PrerequisiteOption> any_of;
  std::vector<std::string> required;
  catalogue::CoverageStrength strength = catalogue::CoverageStrength::kMust;
  std::string suffix;
  std::vector<std::string> forbidden;
  std::string min_tier;
  std::string scope;
  std::vector<std::string> allowed;
  bool include_fatal = false;
};

struct SummaryColumn {
  std::string key;
  std::string label;
};

struct SummaryTable {
  std::string title;
  std::string attachment;
  std::vector<std::string> header;
  bool derived = false;
  std::string derivation;
  std::vector<SummaryColumn> columns;
  std::vector<std::string> notes;
  std::vector<std::string> formats;
};

struct Paper {
  int copies = 0;
  std::string note;
  std::string clause;
};

/// Limits on the files an enterprise uploads for a declaration of the round. Notices rarely state
/// them; the defaults are the platform's (docs/data.md).
struct UploadLimits {
  std::size_t max_file_bytes = std::size_t{20} << 20;
  std::size_t max_total_bytes = std::size_t{200} << 20;
  std::string clause;
};

struct Report {
  std::string id;
  std::string title;
  std::string attachment;
  std::string due;
  std::string clause;
};

struct CatalogueRefs {
  std::string guide;
  std::string requirements;
  std::string kpis;
  std::string kpi_naming;
  std::string sizes;
  std::string industries;
};

struct Round {
  std::string id;
  std::string name;
  int year = 0;
  std::string tier;
  std::string region;
  Notice notice;
  std::vector<Notice> relays;
  CatalogueRefs catalogue;
  std::string catalogue_note;
  std::string form;
  std::string form_title;     ///< the form's title in this round, when it differs
  std::string form_document;  ///< how this round's findings cite the form, when it differs
  std::vector<int> financial_years;
  std::optional<time::Instant> opens;
  std::optional<time::Instant> closes;
  std::string window_clause;
  std::vector<Level> levels;
  std::vector<DirectRoute> direct;
  Quotas quotas;
  std::vector<Exemption> exemptions;
  std::vector<EligibilityRule> eligibility;
  SummaryTable summary_table;
  Paper paper;
  std::vector<Report> reports;
  UploadLimits uploads;
  std::string source_file;

  /// The round's rules of one kind, in file order.
  [[nodiscard]] std::vector<const EligibilityRule*> rules_of(std::string_view kind) const;
};

/// Everything the checker needs about one round, resolved against the catalogue.
struct Policy {
  const Round* round = nullptr;
  const FormTemplate* form = nullptr;
  const catalogue::ScenarioGuide* guide = nullptr;
  const catalogue::ElementConditions* requirements = nullptr;
  const catalogue::Tier* tier = nullptr;
  const catalogue::KpiReference* kpis = nullptr;
  const catalogue::SizeClasses* sizes = nullptr;
  const catalogue::Industries* industries = nullptr;
  const catalogue::CoarseIndustryList* coarse = nullptr;
  const catalogue::RegionTree* regions = nullptr;
  const std::vector<catalogue::TitleKind>* title_kinds = nullptr;
};

/// All rounds and form templates of the data directory.
struct RoundSet {
  std::map<std::string, FormTemplate> forms;
  /// Copies of a form for rounds that restate its title or citation, keyed "form@round".
  std::map<std::string, FormTemplate> round_forms;
  std::map<std::string, Round> rounds;
  std::map<std::string, Policy> policies;  ///< by round id, resolved when loaded
};

}  // namespace tidu::rounds
