#include "service/statistics_facts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <span>

#include "service/enterprises.hpp"

namespace tidu::service {
namespace {

using nlohmann::json;
using storage::Value;

/// Ids a lookup names at most.
constexpr std::size_t kChunk = 200;

std::string day_of(const std::string& stored) { return stored.substr(0, 10); }

std::optional<double> optional_double(const storage::Row& r, std::size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return r.get_double(i);
}

json number_or_null(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

std::optional<double> number_of(const json& j) {
  if (!j.is_number()) return std::nullopt;
  return j.get<double>();
}

/// The latest year's 主营业务收入 of a profile.
std::optional<double> latest_revenue(const declaration::Enterprise& e) {
  const declaration::FinancialYear* latest = nullptr;
  for (const auto& f : e.financials) {
    if (f.main_revenue && (latest == nullptr || f.year > latest->year)) latest = &f;
  }
  if (latest == nullptr) return std::nullopt;
  return latest->main_revenue;
}

/// What a submitted version claims: its scenario instances (each 环节-场景 once) and its KPIs.
std::pair<json, json> derive(const std::string& content_json) {
  json scenarios = json::array();
  json kpis = json::array();
  const auto content = json::parse(content_json, nullptr, false);
  if (!content.is_object()) return {scenarios, kpis};
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& s : content.value("scenarios", json::array())) {
    if (!s.is_object()) continue;
    std::pair<std::string, std::string> key{s.value("link", ""), s.value("scenario", "")};
    if (!key.second.empty() && seen.insert(key).second)
      scenarios.push_back(json::array({key.first, key.second}));
  }
  const auto factory = content.value("factory", json::object());
  for (const auto& k : factory.value("kpis", json::array())) {
    if (!k.is_object() || !k.value("number", json(0)).is_number_integer()) continue;
    const int number = k.value("number", 0);
    if (number <= 0) continue;
    kpis.push_back(json::array({number, number_or_null(number_of(k.value("before", json()))),
                                number_or_null(number_of(k.value("after", json()))),
                                number_or_null(number_of(k.value("change", json())))}));
  }
  return {scenarios, kpis};
}

/// Runs `sql` (whose IN list is its only parameters) over `ids` in chunks.
template <typename Use>
Result<void> in_chunks(storage::Database& db, const std::string& before_list,
                       const std::vector<std::string>& ids, Use use) {
  for (std::size_t first = 0; first < ids.size(); first += kChunk) {
    const std::size_t n = std::min(kChunk, ids.size() - first);
    std::vector<Value> params(ids.begin() + static_cast<std::ptrdiff_t>(first),
                              ids.begin() + static_cast<std::ptrdiff_t>(first + n));
    auto rows = db.query(before_list + "(" + sql_placeholders(n) + ")", params);
    if (!rows) return std::unexpected(rows.error());
    for (const auto& r : *rows) use(r);
  }
  return {};
}

}  // namespace

StatisticsFacts::StatisticsFacts(Clock clock, double above_scale_min_revenue)
    : clock_(std::move(clock)), threshold_(above_scale_min_revenue) {}

void StatisticsFacts::clear() {
  subjects_.clear();
  from_platform_.clear();
  subject_by_code_.clear();
  enterprises_.clear();
  assessment_at_.clear();
  self_evaluations_.clear();
  self_evaluations_of_.clear();
  declarations_.clear();
  scenario_names_.clear();
  scenario_ids_.clear();
  watermark_.clear();
}

Result<std::unique_lock<std::mutex>> StatisticsFacts::refresh(storage::Database& db) {
  std::unique_lock lock(mutex_);
  const auto now = std::chrono::steady_clock::now();
  if (!loaded_) clear();
  // Rows stamped from here on are read again at the next refresh.
  const std::string next = time::format_instant(clock_() - kCatchUpMargin);
  std::string since = watermark_;
  // The sweep reads again what was stamped in the last two sweep periods: a transaction that
  // committed since the previous sweep, up to a period after it stamped its rows, is seen.
  const bool sweep = loaded_ && now - swept_at_ > kSweep;
  if (sweep) since = std::min(since, time::format_instant(clock_() - 2 * kSweep));
  const auto load = [&]() -> Result<void> {
    TIDU_TRY(load_enterprises(db, since));
    TIDU_TRY(load_directory(db, since));
    TIDU_TRY(load_assessments(db, since));
    TIDU_TRY(load_self_evaluations(db, since));
    return load_declarations(db, since);
  };
  if (auto loaded = load(); !loaded) {
    loaded_ = false;  // start again from scratch next time
    return std::unexpected(loaded.error());
  }
  if (!loaded_ || sweep) swept_at_ = now;
  loaded_ = true;
  watermark_ = std::max(watermark_, next);
  return lock;
}

const stats::Subject* StatisticsFacts::subject_of(const std::string& enterprise_id) const {
  const auto e = enterprises_.find(enterprise_id);
  if (e == enterprises_.end()) return nullptr;
  const auto s = subject_by_code_.find(e->second.credit_code);
  return s == subject_by_code_.end() ? nullptr : &subjects_[s->second];
}

std::size_t StatisticsFacts::subject_index(const std::string& credit_code) {
  if (const auto it = subject_by_code_.find(credit_code); it != subject_by_code_.end())
    return it->second;
  subjects_.emplace_back();
  from_platform_.push_back(false);
  subject_by_code_.emplace(credit_code, subjects_.size() - 1);
  return subjects_.size() - 1;
}

std::uint32_t StatisticsFacts::scenario_id(const std::string& link, const std::string& scenario) {
  const std::string key = link + '\x1f' + scenario;
  if (const auto it = scenario_ids_.find(key); it != scenario_ids_.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(scenario_names_.size());
  scenario_names_.emplace_back(link, scenario);
  scenario_ids_.emplace(key, id);
  return id;
}

Result<void> StatisticsFacts::load_enterprises(storage::Database& db, const std::string& since) {
  auto rows = db.query(
      "SELECT e.id, e.credit_code, e.region, e.version, f.version, f.industry, f.revenue "
      "FROM enterprises e LEFT JOIN enterprise_facts f ON f.enterprise_id = e.id "
      "WHERE e.updated_at >= $1",
      {since});
  if (!rows) return std::unexpected(rows.error());
  std::vector<std::string> stale;
  for (const auto& r : *rows) {
    EnterpriseFacts e{.credit_code = r.get_text(1),
                      .region = r.get_text(2),
                      .industry = {},
                      .revenue = std::nullopt,
                      .version = r.get_int(3)};
    if (!r.is_null(4) && r.get_int(4) == e.version) {
      e.industry = r.get_text(5);
      e.revenue = optional_double(r, 6);
    } else {
      stale.push_back(r.get_text(0));
    }
    enterprises_[r.get_text(0)] = std::move(e);
  }
  // Profiles not yet derived (or changed since): parse them once and keep what they give.
  if (!stale.empty()) {
    auto tx = storage::Transaction::begin(db);
    if (!tx) return std::unexpected(tx.error());
    // A chunk of profiles at a time (a national dataset's would not fit in memory at once).
    Result<void> written;
    TIDU_TRY(in_chunks(
        db, "SELECT id, profile_json FROM enterprises WHERE id IN ", stale,
        [&](const storage::Row& r) {
          if (!written) return;
          auto& e = enterprises_[r.get_text(0)];
          const auto stored = json::parse(r.get_text(1), nullptr, false);
          const auto profile = read_profile(stored.is_object() ? stored : json::object());
          e.industry = profile.profile.industry.division;
          e.revenue = latest_revenue(profile.profile);
          auto n = db.execute(
              "INSERT INTO enterprise_facts (enterprise_id, version, industry, revenue) "
              "VALUES ($1, $2, $3, $4) ON CONFLICT (enterprise_id) DO UPDATE SET version = "
              "excluded.version, industry = excluded.industry, revenue = excluded.revenue",
              {r.get_text(0), e.version, e.industry,
               e.revenue ? Value(*e.revenue) : Value(nullptr)});
          if (!n) written = std::unexpected(n.error());
        }));
    TIDU_TRY(written);
    TIDU_TRY(tx->commit());
  }
  for (const auto& r : *rows) {
    const auto& e = enterprises_.at(r.get_text(0));
    const std::size_t i = subject_index(e.credit_code);
    auto& s = subjects_[i];
    from_platform_[i] = true;
    s.region = e.region;
    s.industry = e.industry;
    s.above_scale = e.revenue && *e.revenue >= threshold_;
  }
  return {};
}

Result<void> StatisticsFacts::load_directory(storage::Database& db, const std::string& since) {
  auto rows = db.query(
      "SELECT credit_code, region, industry, above_scale FROM directory_enterprises "
      "WHERE imported_at >= $1",
      {since});
  if (!rows) return std::unexpected(rows.error());
  for (const auto& r : *rows) {
    const std::size_t i = subject_index(r.get_text(0));
    if (from_platform_[i]) continue;  // the platform's own profile wins
    auto& s = subjects_[i];
    s.region = r.get_text(1);
    s.industry = r.get_text(2);
    s.above_scale = r.get_int(3) != 0;
  }
  return {};
}

Result<void> StatisticsFacts::load_assessments(storage::Database& db, const std::string& since) {
  const auto put = [this](const std::string& key, std::size_t subject, stats::Assessment a) {
    auto& list = subjects_[subject].assessments;
    if (const auto it = assessment_at_.find(key); it != assessment_at_.end()) {
      list[it->second.second] = std::move(a);  // a newer import of the same code and date
      return;
    }
    list.push_back(std::move(a));
    assessment_at_.emplace(key, std::make_pair(subject, list.size() - 1));
  };
  auto own = db.query(
      "SELECT id, enterprise_id, level, score, assessed_on FROM maturity_assessments "
      "WHERE recorded_at >= $1",
      {since});
  if (!own) return std::unexpected(own.error());
  for (const auto& r : *own) {
    const auto e = enterprises_.find(r.get_text(1));
    if (e == enterprises_.end()) continue;
    put(r.get_text(0), subject_index(e->second.credit_code),
        stats::Assessment{.assessed_on = day_of(r.get_text(4)),
                          .level = static_cast<int>(r.get_int(2)),
                          .score = optional_double(r, 3)});
  }
  auto imported = db.query(
      "SELECT credit_code, level, score, assessed_on, region FROM imported_assessments "
      "WHERE imported_at >= $1",
      {since});
  if (!imported) return std::unexpected(imported.error());
  for (const auto& r : *imported) {
    const std::size_t i = subject_index(r.get_text(0));
    // Known only from the results file: counted in the region the row was checked in.
    if (subjects_[i].region.empty()) subjects_[i].region = r.get_text(4);
    put(r.get_text(0) + '|' + r.get_text(3), i,
        stats::Assessment{.assessed_on = day_of(r.get_text(3)),
                          .level = static_cast<int>(r.get_int(1)),
                          .score = optional_double(r, 2)});
  }
  return {};
}

void StatisticsFacts::recount_confirmation(const std::string& enterprise_id) {
  const auto e = enterprises_.find(enterprise_id);
  if (e == enterprises_.end()) return;
  std::string first;
  for (const auto& id : self_evaluations_of_[enterprise_id]) {
    const auto& se = self_evaluations_.at(id);
    if (se.state == "confirmed" && !se.decided_on.empty() &&
        (first.empty() || se.decided_on < first))
      first = se.decided_on;
  }
  subjects_[subject_index(e->second.credit_code)].basic_confirmed_on = first;
}

Result<void> StatisticsFacts::load_self_evaluations(storage::Database& db,
                                                    const std::string& since) {
  auto rows = db.query(
      "SELECT id, enterprise_id, state, submitted_at, COALESCE(decided_at, '') "
      "FROM self_evaluations WHERE submitted_at >= $1 OR decided_at >= $1",
      {since});
  if (!rows) return std::unexpected(rows.error());
  std::set<std::string> touched;
  for (const auto& r : *rows) {
    const auto& id = r.get_text(0);
    const auto& enterprise = r.get_text(1);
    if (!self_evaluations_.contains(id)) self_evaluations_of_[enterprise].push_back(id);
    self_evaluations_[id] = SelfEvaluationFacts{.enterprise_id = enterprise,
                                                .state = r.get_text(2),
                                                .submitted_on = day_of(r.get_text(3)),
                                                .decided_on = day_of(r.get_text(4))};
    touched.insert(enterprise);
  }
  for (const auto& e : touched) recount_confirmation(e);
  return {};
}

Result<void> StatisticsFacts::load_declarations(storage::Database& db, const std::string& since) {
  auto rows = db.query(
      "SELECT d.id, d.round_id, d.enterprise_id, d.state, COALESCE(d.level, ''), "
      "d.snapshot_number, COALESCE(d.submitted_at, ''), f.snapshot_number, f.scenarios, f.kpis "
      "FROM declarations d LEFT JOIN declaration_facts f ON f.declaration_id = d.id "
      "WHERE d.updated_at >= $1",
      {since});
  if (!rows) return std::unexpected(rows.error());
  std::unordered_map<std::string, std::pair<std::string, std::string>> derived;  // id → facts
  std::vector<std::string> stale;
  for (const auto& r : *rows) {
    const std::int64_t snapshot = r.get_int(5);
    if (snapshot > 0 && (r.is_null(7) || r.get_int(7) != snapshot)) {
      stale.push_back(r.get_text(0));
    } else if (snapshot > 0) {
      derived.emplace(r.get_text(0), std::make_pair(r.get_text(8), r.get_text(9)));
    }
  }
  // Submitted versions not yet derived: parse each once and keep what it claims.
  if (!stale.empty()) {
    auto tx = storage::Transaction::begin(db);
    if (!tx) return std::unexpected(tx.error());
    // A chunk of submitted versions at a time.
    Result<void> written;
    TIDU_TRY(in_chunks(
        db,
        "SELECT d.id, s.number, s.content_json FROM declarations d JOIN snapshots s "
        "ON s.declaration_id = d.id AND s.number = d.snapshot_number WHERE d.id IN ",
        stale, [&](const storage::Row& r) {
          if (!written) return;
          auto [scenarios, kpis] = derive(r.get_text(2));
          auto& facts = derived[r.get_text(0)];
          facts = {scenarios.dump(), kpis.dump()};
          auto n = db.execute(
              "INSERT INTO declaration_facts (declaration_id, snapshot_number, scenarios, kpis) "
              "VALUES ($1, $2, $3, $4) ON CONFLICT (declaration_id) DO UPDATE SET "
              "snapshot_number = excluded.snapshot_number, scenarios = excluded.scenarios, "
              "kpis = excluded.kpis",
              {r.get_text(0), r.get_int(1), facts.first, facts.second});
          if (!n) written = std::unexpected(n.error());
        }));
    TIDU_TRY(written);
    TIDU_TRY(tx->commit());
  }
  for (const auto& r : *rows) {
    DeclarationFacts d{.round_id = r.get_text(1),
                       .enterprise_id = r.get_text(2),
                       .state = r.get_text(3),
                       .level = r.get_text(4),
                       .submitted_at = r.get_text(6),
                       .snapshot = r.get_int(5),
                       .scenarios = {},
                       .kpis = {}};
    if (const auto f = derived.find(r.get_text(0)); f != derived.end()) {
      const auto scenarios = json::parse(f->second.first, nullptr, false);
      for (const auto& s : scenarios.is_array() ? scenarios : json::array()) {
        if (s.is_array() && s.size() == 2 && s[0].is_string() && s[1].is_string())
          d.scenarios.push_back(scenario_id(s[0].get<std::string>(), s[1].get<std::string>()));
      }
      const auto kpis = json::parse(f->second.second, nullptr, false);
      for (const auto& k : kpis.is_array() ? kpis : json::array()) {
        if (!k.is_array() || k.size() != 4 || !k[0].is_number_integer()) continue;
        d.kpis.push_back(declaration::KpiValue{.number = k[0].get<int>(),
                                               .before = number_of(k[1]),
                                               .after = number_of(k[2]),
                                               .change = number_of(k[3])});
      }
    }
    declarations_[r.get_text(0)] = std::move(d);
  }
  return {};
}

Result<void> derive_statistics_facts(storage::Database& db, double above_scale_min_revenue) {
  StatisticsFacts facts(system_now, above_scale_min_revenue);
  auto lock = facts.refresh(db);
  if (!lock) return std::unexpected(lock.error());
  return {};
}

}  // namespace tidu::service
