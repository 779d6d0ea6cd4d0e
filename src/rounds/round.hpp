#pragma once
// A declaration round as data: the notice that opens it, its tier and region, the catalogue
// editions and form it uses, its window, route, quotas, exemptions, extra eligibility rules,
// summary-table columns, paper requirements and review stages — every value from the notice, or a
// platform default marked as such.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "core/calendar.hpp"
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
  std::optional<int> quota;  ///< each group's own quota on this route; absent: none set
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

// --- Review stages (专家评审, 现场核查, 公示, 认定) ------------------------------------------

/// Platform defaults for what notices leave open (docs/data.md, "Review stages").
inline constexpr int kDefaultPanelSize = 5;
inline constexpr int kMinPanelSize = 1;
inline constexpr int kMaxPanelSize = 15;
/// DOMAIN.md §6: "5 working days is common"; no seed states a period.
inline constexpr int kDefaultPublicNoticeWorkingDays = 5;
inline constexpr std::string_view kDefaultCalendar = "cn-mainland";
/// Every score sheet is out of 100 (百分制), so scores and shortlist thresholds compare.
inline constexpr double kScoreSheetTotal = 100;

/// How the experts' totals for one declaration become its score.
enum class Aggregation {
  kMean,        ///< arithmetic mean
  kTrimmedMean  ///< mean without one highest and one lowest total (needs a panel of ≥3)
};

/// "mean" or "trimmed_mean".
std::string_view aggregation_id(Aggregation aggregation);

/// One scoring criterion.
struct Criterion {
  std::string id;
  std::string name;
  double max = 0;
  std::string guidance;               ///< how experts score it, in Chinese
  std::vector<std::string> reflects;  ///< the requirement clauses it assesses
};

/// A score sheet file (data/review/, `kind: score_sheet`).
struct ScoreSheet {
  std::string id;
  std::string title;
  std::string basis;              ///< what it is derived from
  bool platform_default = false;  ///< the platform's, not a notice's
  std::string default_for;  ///< the 要素条件 edition whose rounds use it when they give no criteria
  std::vector<Criterion> criteria;
  std::string source_file;

  /// The sum of the criteria's maxima.
  [[nodiscard]] double total() const;
};

/// One item an on-site inspector verifies.
struct ChecklistItem {
  std::string id;
  std::string text;
  std::vector<std::string> reflects;
};

/// An on-site checklist file (data/review/, `kind: onsite_checklist`).
struct Checklist {
  std::string id;
  std::string title;
  std::string basis;
  bool platform_default = false;
  std::string default_for;  ///< the 要素条件 edition whose rounds use it when they give none
  std::vector<ChecklistItem> items;
  std::string source_file;
};

/// Conflict-of-interest rules beyond those that always apply (same enterprise, integrator).
struct ExpertConflicts {
  bool same_city = false;  ///< experts of the declaration's city are excluded
  std::string clause;
};

/// Who goes on from the expert review; either bound may be absent.
struct Shortlist {
  std::optional<int> size;
  std::optional<double> min_score;
  std::string clause;
};

/// 专家评审: a panel per declaration scores it on the criteria.
struct ExpertReview {
  std::string level;  ///< the route level that runs it
  int panel_size = kDefaultPanelSize;
  Aggregation aggregation = Aggregation::kMean;
  ExpertConflicts conflicts;
  std::string sheet;  ///< the score sheet the criteria come from; empty when given inline
  std::vector<Criterion> criteria;
  std::optional<Shortlist> shortlist;
  std::string clause;
};

/// 现场核查.
struct OnsiteCheck {
  std::string level;
  std::string checklist_id;  ///< the checklist file the items come from; empty when inline
  std::vector<ChecklistItem> checklist;
  std::string clause;
};

/// Who may object during the 公示 and how.
struct Objections {
  bool real_name_only = true;  ///< written, signed (person) or stamped (unit); no anonymous ones
  std::string clause;
};

/// 公示: the result is published for objections for a number of working days.
struct PublicNotice {
  std::string level;
  int working_days = kDefaultPublicNoticeWorkingDays;
  std::string calendar{kDefaultCalendar};  ///< the working-day calendar that counts them
  std::string where;                       ///< where it is published, as the notice says
  Objections objections;
  std::string clause;
};

/// 认定 / 发布.
struct Recognition {
  std::string level;
  std::optional<int> validity_years;  ///< absent: the notice sets no validity period
  std::string clause;
};

/// The review stages after recommendation. An absent stage is one the round does not have: a
/// round without `expert_review` has no expert review stage (Tianmen's basic round), which is
/// different from a stage whose details the notice leaves to platform defaults.
struct ReviewPolicy {
  std::optional<ExpertReview> expert_review;
  std::optional<OnsiteCheck> onsite_check;
  std::optional<PublicNotice> public_notice;
  std::optional<Recognition> recognition;
  std::string note;
  /// Paths of the values that are platform defaults, not the notice's
  /// ("review.expert_review.panel_size", "review.public_notice.working_days", …).
  std::vector<std::string> defaulted;

  /// Whether the value at `path` is a platform default.
  [[nodiscard]] bool is_default(std::string_view path) const;
};

/// Score sheets, on-site checklists and working-day calendars (data/review/).
struct ReviewLibrary {
  std::map<std::string, ScoreSheet> sheets;
  std::map<std::string, Checklist> checklists;
  std::map<std::string, calendar::Calendar> calendars;

  /// The sheet or checklist rounds of a 要素条件 edition use by default, or nullptr.
  [[nodiscard]] const ScoreSheet* default_sheet(std::string_view edition) const;
  [[nodiscard]] const Checklist* default_checklist(std::string_view edition) const;
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
  ReviewPolicy review;
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
  /// The calendar that counts the round's 公示 period; nullptr when it has no 公示 stage.
  const calendar::Calendar* calendar = nullptr;
};

/// All rounds and form templates of the data directory.
struct RoundSet {
  std::map<std::string, FormTemplate> forms;
  /// Copies of a form for rounds that restate its title or citation, keyed "form@round".
  std::map<std::string, FormTemplate> round_forms;
  std::map<std::string, Round> rounds;
  std::map<std::string, Policy> policies;  ///< by round id, resolved when loaded
  ReviewLibrary review;                    ///< score sheets, checklists, calendars
};

}  // namespace tidu::rounds
