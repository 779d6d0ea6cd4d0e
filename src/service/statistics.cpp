#include "service/statistics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "core/time.hpp"
#include "service/enterprises.hpp"

namespace tidu::service {
namespace {

namespace sql {
constexpr const char* kEnterprises = "SELECT id, region, profile_json FROM enterprises";
constexpr const char* kAssessments =
    "SELECT enterprise_id, level, score, assessed_on FROM maturity_assessments";
/// Each declaration of a round with its enterprise's region and profile and the content of its
/// newest submitted version (empty for drafts).
constexpr const char* kRoundDeclarations =
    "SELECT d.state, COALESCE(d.level, ''), e.region, e.profile_json, COALESCE(s.content_json, "
    "'') FROM declarations d JOIN enterprises e ON e.id = d.enterprise_id LEFT JOIN snapshots s "
    "ON s.declaration_id = d.id AND s.number = d.snapshot_number WHERE d.round_id = $1";
constexpr const char* kSelfEvaluations =
    "SELECT enterprise_id, state, submitted_at, COALESCE(decided_at, '') FROM self_evaluations";
}  // namespace sql

/// The day part of a stored instant or date.
std::string day_of(const std::string& stored) { return stored.substr(0, 10); }

/// The newest size-class edition (its 规上 threshold applies to every enterprise).
const catalogue::SizeClasses* newest_sizes(const catalogue::Catalogue& c) {
  return c.sizes.empty() ? nullptr : &c.sizes.rbegin()->second;
}

const catalogue::Industries* newest_industries(const catalogue::Catalogue& c) {
  return c.industries.empty() ? nullptr : &c.industries.rbegin()->second;
}

/// 规上: the latest year's 主营业务收入 (万元) reaches the threshold.
bool above_scale(const declaration::Enterprise& e, double threshold) {
  const declaration::FinancialYear* latest = nullptr;
  for (const auto& f : e.financials) {
    if (f.main_revenue && (latest == nullptr || f.year > latest->year)) latest = &f;
  }
  return latest != nullptr && *latest->main_revenue >= threshold;
}

}  // namespace

Statistics::Statistics(storage::Pool& pool, const catalogue::Catalogue& catalogue,
                       const rounds::RoundSet& rounds, Clock clock)
    : pool_(pool), catalogue_(catalogue), rounds_(rounds), clock_(std::move(clock)) {}

Result<RoundReport> Statistics::round(const access::Principal& who, const std::string& round_id,
                                      const std::string& region) {
  const auto found = rounds_.rounds.find(round_id);
  if (found == rounds_.rounds.end())
    return fail("ROUND_UNKNOWN", fmt::format("批次“{}”不存在", round_id));
  const auto& r = found->second;
  const std::string where =
      region.empty() ? (who.role == access::Role::kAdmin ? r.region : who.region) : region;
  if (auto d = access::may_see_region_statistics(who, where, catalogue_.regions); !d)
    return fail("FORBIDDEN", d.reason);
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto rows = (*lease)->query(sql::kRoundDeclarations, {round_id});
  if (!rows) return std::unexpected(rows.error());
  // The sub-region each enterprise region falls in (its ancestor just below `where`).
  std::unordered_map<std::string, std::string> below;
  const auto part_of = [&](const std::string& code) -> std::string {
    if (const auto it = below.find(code); it != below.end()) return it->second;
    std::string part = code;
    const auto path = catalogue_.regions.path(code);
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
      if (path[i]->code == where) part = path[i + 1]->code;
    }
    below.emplace(code, part);
    return part;
  };
  std::vector<stats::DeclarationRecord> records;
  for (const auto& row : *rows) {
    const auto& enterprise_region = row.get_text(2);
    if (!catalogue_.regions.within(enterprise_region, where)) continue;
    stats::DeclarationRecord rec{.state = row.get_text(0),
                                 .level = row.get_text(1),
                                 .region = part_of(enterprise_region),
                                 .industry = {},
                                 .scenarios = {},
                                 .kpi_changes = {}};
    const auto profile = nlohmann::json::parse(row.get_text(3), nullptr, false);
    if (profile.is_object() && profile.contains("industry") && profile["industry"].is_object())
      rec.industry = profile["industry"].value("division", "");
    const auto content = nlohmann::json::parse(row.get_text(4), nullptr, false);
    if (content.is_object()) {
      std::set<std::pair<std::string, std::string>> seen;
      for (const auto& s : content.value("scenarios", nlohmann::json::array())) {
        if (!s.is_object()) continue;
        std::pair<std::string, std::string> key{s.value("link", ""), s.value("scenario", "")};
        if (!key.second.empty() && seen.insert(key).second) rec.scenarios.push_back(key);
      }
      const auto factory = content.value("factory", nlohmann::json::object());
      for (const auto& k : factory.value("kpis", nlohmann::json::array())) {
        if (k.is_object() && k.value("number", 0) > 0 && k.contains("change") &&
            k["change"].is_number()) {
          rec.kpi_changes.emplace_back(k.value("number", 0), k["change"].get<double>());
        }
      }
    }
    records.push_back(std::move(rec));
  }
  RoundReport out{.round_id = round_id,
                  .round_name = r.name,
                  .region = where,
                  .region_name = catalogue_.regions.full_name(where),
                  .figures = stats::round_statistics(records)};
  for (auto& t : out.figures.by_region) {
    const auto* node = catalogue_.regions.find(t.key);
    t.name = node != nullptr ? node->name : t.key;
  }
  const auto* industries = newest_industries(catalogue_);
  for (auto& t : out.figures.by_industry) {
    const auto* d = industries != nullptr && !t.key.empty() ? industries->division(t.key) : nullptr;
    t.name = d != nullptr ? d->name : (t.key.empty() ? "未填行业" : t.key);
  }
  for (auto& t : out.figures.by_level) {
    for (const auto& l : r.levels) {
      if (l.id == t.key) t.name = l.name;
    }
    if (t.name.empty()) t.name = t.key;
  }
  return out;
}

Result<MaturityReport> Statistics::maturity(const access::Principal& who, const std::string& region,
                                            const std::string& date) {
  std::string day = date;
  if (day.empty()) {
    day = time::format_date(time::beijing_date(clock_()));
  } else if (!time::parse_date(day)) {
    return fail("VALIDATION_FAILED",
                fmt::format("统计日期“{}”无效：应为 2025-04-15 这样的日期", day.substr(0, 20)));
  }
  if (auto d = access::may_see_region_statistics(who, region, catalogue_.regions); !d)
    return fail("FORBIDDEN", d.reason);

  const auto* sizes = newest_sizes(catalogue_);
  const double threshold = sizes != nullptr ? sizes->above_scale_min_revenue : 2000.0;

  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto& db = **lease;
  auto enterprises = db.query(sql::kEnterprises, {});
  if (!enterprises) return std::unexpected(enterprises.error());
  std::vector<stats::Subject> subjects;
  std::unordered_map<std::string, std::size_t> index;
  subjects.reserve(enterprises->size());
  for (const auto& r : *enterprises) {
    if (!catalogue_.regions.within(r.get_text(1), region)) continue;
    const auto stored = nlohmann::json::parse(r.get_text(2), nullptr, false);
    const auto profile = read_profile(stored.is_discarded() ? nlohmann::json::object() : stored);
    index.emplace(r.get_text(0), subjects.size());
    subjects.push_back(stats::Subject{.region = r.get_text(1),
                                      .industry = profile.profile.industry.division,
                                      .above_scale = above_scale(profile.profile, threshold),
                                      .assessments = {},
                                      .basic_confirmed_on = {}});
  }
  auto assessments = db.query(sql::kAssessments, {});
  if (!assessments) return std::unexpected(assessments.error());
  for (const auto& r : *assessments) {
    const auto it = index.find(r.get_text(0));
    if (it == index.end()) continue;
    subjects[it->second].assessments.push_back(stats::Assessment{
        .assessed_on = day_of(r.get_text(3)),
        .level = static_cast<int>(r.get_int(1)),
        .score = r.is_null(2) ? std::nullopt : std::optional<double>(r.get_double(2))});
  }
  MaturityReport out;
  auto evaluations = db.query(sql::kSelfEvaluations, {});
  if (!evaluations) return std::unexpected(evaluations.error());
  for (const auto& r : *evaluations) {
    const auto it = index.find(r.get_text(0));
    if (it == index.end() || day_of(r.get_text(2)) > day) continue;
    ++out.self_evaluations.submitted;
    const auto& state = r.get_text(1);
    const auto decided = day_of(r.get_text(3));
    if (decided.empty() || decided > day) continue;
    if (state == "confirmed") {
      ++out.self_evaluations.confirmed;
      auto& confirmed_on = subjects[it->second].basic_confirmed_on;
      if (confirmed_on.empty() || decided < confirmed_on) confirmed_on = decided;
    } else if (state == "returned") {
      ++out.self_evaluations.returned;
    }
  }
  out.self_evaluations.pending = out.self_evaluations.submitted - out.self_evaluations.confirmed -
                                 out.self_evaluations.returned;
  out.summary =
      stats::summarize(subjects, catalogue_.regions, region, day, newest_industries(catalogue_));
  out.above_scale_min_revenue = threshold;
  const auto* node = catalogue_.regions.find(region);
  out.unit_name = fmt::format("{}工业和信息化主管部门", node != nullptr ? node->name : region);
  out.sizes_clause = sizes != nullptr ? sizes->above_scale_clause : std::string();
  return out;
}

}  // namespace tidu::service
