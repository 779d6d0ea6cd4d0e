#include "service/registry.hpp"

#include <algorithm>
#include <chrono>
#include <ranges>
#include <set>
#include <span>

#include <fmt/format.h>

#include "core/text.hpp"
#include "service/accounts.hpp"

namespace tidu::service {
namespace {

using nlohmann::json;
using storage::Database;

constexpr std::size_t kMaxNoteChars = 2000;
constexpr std::size_t kMaxFactoryNameChars = 100;
constexpr int kMaxPageSize = 100;

constexpr const char* kColumns =
    "id, enterprise_id, credit_code, enterprise_name, factory_name, region, tier, source, "
    "COALESCE(round_id, ''), COALESCE(declaration_id, ''), COALESCE(self_evaluation_id, ''), "
    "recognised_on, COALESCE(valid_until, ''), status, status_reason, version";
constexpr const char* kInsertEvent =
    "INSERT INTO registry_events (id, registry_id, at, account_id, action, from_status, "
    "to_status, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
constexpr const char* kSelfColumns =
    "s.id, s.enterprise_id, e.name, e.region, s.factory_name, s.content_json, s.state, "
    "s.submitted_at, COALESCE(s.decided_at, ''), s.opinion";

std::string today(const Clock& clock) { return time::format_date(time::beijing_date(clock())); }

/// The status as of today: an active entry past its validity is expired.
std::string effective_status(const std::string& stored, const std::string& valid_until,
                             const std::string& day) {
  if (stored == "active" && !valid_until.empty() && valid_until < day) return "expired";
  return stored;
}

std::string add_years(const std::string& date, int years) {
  const auto d = time::parse_date(date);
  if (!d) return {};
  auto next =
      std::chrono::year_month_day{d->year() + std::chrono::years{years}, d->month(), d->day()};
  if (!next.ok()) next = next.year() / next.month() / std::chrono::last;  // 29 February
  // Valid through the day before the anniversary.
  return time::format_date(
      std::chrono::year_month_day{std::chrono::sys_days{next} - std::chrono::days{1}});
}

SelfEvaluation self_from(const storage::Row& r) {
  SelfEvaluation s{.id = r.get_text(0),
                   .enterprise_id = r.get_text(1),
                   .enterprise_name = r.get_text(2),
                   .region = r.get_text(3),
                   .factory_name = r.get_text(4),
                   .edition = {},
                   .answers = {},
                   .state = r.get_text(6),
                   .submitted_at = r.get_text(7),
                   .decided_at = r.get_text(8),
                   .opinion = r.get_text(9)};
  const json content = json::parse(r.get_text(5), nullptr, false);
  if (content.is_object()) {
    s.edition = content.value("edition", std::string());
    for (const auto& a : content.value("answers", json::array())) {
      s.answers.push_back({.id = a.value("id", std::string()),
                           .met = a.value("met", false),
                           .evidence = a.value("evidence", std::string())});
    }
  }
  return s;
}

/// The enterprise's notification of a re-review or revocation of its entry.
std::string registry_notice(const RegistryEntry& e, const std::string& action,
                            const std::string& note) {
  const std::string what =
      fmt::format("{}（{}）的认定", e.factory_name,
                  e.source == "self_evaluation" ? std::string("基础级自评") : e.round_name);
  if (action == "review_confirmed") return fmt::format("{}经复核维持认定：{}", what, note);
  if (action == "review_revoked") return fmt::format("{}经复核被撤销：{}", what, note);
  return fmt::format("{}已被撤销：{}", what, note);
}

}  // namespace

Result<std::string> enter_recognition(Database& db, const Recognised& r,
                                      const std::string& account_id, const std::string& at) {
  const std::string id = new_id("g");
  const std::string valid_until =
      r.validity_years ? add_years(r.recognised_on, *r.validity_years) : std::string();
  TIDU_TRY(db.execute(
      "INSERT INTO registry (id, enterprise_id, credit_code, enterprise_name, factory_name, "
      "region, tier, source, round_id, declaration_id, self_evaluation_id, recognised_on, "
      "valid_until, status, status_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, 'round', $8, $9, "
      "NULL, $10, $11, 'active', '')",
      {id, r.enterprise_id, r.credit_code, r.enterprise_name, r.factory_name, r.region, r.tier,
       r.round_id, r.declaration_id, r.recognised_on, text_or_null(valid_until)}));
  TIDU_TRY(db.execute(kInsertEvent, {new_id("h"), id, at, account_id, "recognise", "", "active",
                                     fmt::format("认定（批次 {}）", r.round_id)}));
  return id;
}

Registry::Registry(storage::Pool& pool, const catalogue::Catalogue& catalogue,
                   const rounds::RoundSet& rounds, Clock clock)
    : pool_(pool), catalogue_(catalogue), rounds_(rounds), clock_(std::move(clock)) {}

Result<RegistryEntry> Registry::load(Database& db, const std::string& id) {
  auto rows = db.query(fmt::format("SELECT {} FROM registry WHERE id = $1", kColumns), {id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return fail("NOT_FOUND", "认定记录不存在");
  const auto& r = (*rows)[0];
  RegistryEntry e{.id = r.get_text(0),
                  .enterprise_id = r.get_text(1),
                  .credit_code = r.get_text(2),
                  .enterprise_name = r.get_text(3),
                  .factory_name = r.get_text(4),
                  .region = r.get_text(5),
                  .region_name = catalogue_.regions.full_name(r.get_text(5)),
                  .tier = r.get_text(6),
                  .source = r.get_text(7),
                  .round_id = r.get_text(8),
                  .round_name = {},
                  .declaration_id = r.get_text(9),
                  .self_evaluation_id = r.get_text(10),
                  .recognised_on = r.get_text(11),
                  .valid_until = r.get_text(12),
                  .status = effective_status(r.get_text(13), r.get_text(12), today(clock_)),
                  .status_reason = r.get_text(14),
                  .version = r.get_int(15),
                  .history = {}};
  if (const auto round = rounds_.rounds.find(e.round_id); round != rounds_.rounds.end())
    e.round_name = round->second.name;
  auto events = db.query(
      "SELECT v.at, v.account_id, COALESCE(a.display_name, ''), v.action, v.from_status, "
      "v.to_status, v.note FROM registry_events v LEFT JOIN accounts a ON a.id = v.account_id "
      "WHERE v.registry_id = $1 ORDER BY v.at, v.id",
      {id});
  if (!events) return std::unexpected(events.error());
  for (const auto& ev : *events) {
    e.history.push_back({.at = ev.get_text(0),
                         .account_id = ev.get_text(1),
                         .account_name = ev.get_text(2),
                         .action = ev.get_text(3),
                         .from_status = ev.get_text(4),
                         .to_status = ev.get_text(5),
                         .note = ev.get_text(6)});
  }
  return e;
}

bool Registry::may_see(const access::Principal* who, const RegistryEntry& e) const {
  if (who == nullptr) return e.source == "round";
  switch (who->role) {
    case access::Role::kAdmin:
      return true;
    case access::Role::kEnterprise:
      return who->enterprise_id == e.enterprise_id || e.source == "round";
    case access::Role::kReviewer:
    case access::Role::kCoDepartment:
      return e.source == "round" || catalogue_.regions.within(e.region, who->region);
    case access::Role::kExpert:
      return e.source == "round";
  }
  return false;
}

Result<RegistryPage> Registry::list(const access::Principal* who, const RegistryQuery& query) {
  const int size = std::clamp(query.page_size, 1, kMaxPageSize);
  const int page = std::max(query.page, 1);
  if (text::length(query.q) > kMaxFactoryNameChars)
    return fail("VALIDATION_FAILED", "查询条件过长");
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  // The registry is small (a province recognises hundreds a year): filter here, where the
  // region tree and the validity rule live.
  auto rows = (*lease)->query(
      "SELECT id FROM registry ORDER BY recognised_on DESC, enterprise_name, id", {});
  if (!rows) return std::unexpected(rows.error());
  RegistryPage out;
  for (const auto& r : *rows) {
    auto e = load(**lease, r.get_text(0));
    if (!e) return std::unexpected(e.error());
    if (!may_see(who, *e)) continue;
    if (!query.region.empty() && !catalogue_.regions.within(e->region, query.region)) continue;
    if (!query.tier.empty() && e->tier != query.tier) continue;
    if (!query.status.empty() && e->status != query.status) continue;
    if (!query.q.empty() && e->enterprise_name.find(query.q) == std::string::npos &&
        e->factory_name.find(query.q) == std::string::npos && e->credit_code != query.q)
      continue;
    ++out.total;
    if (out.total > static_cast<std::int64_t>(page - 1) * size &&
        out.items.size() < static_cast<std::size_t>(size))
      out.items.push_back(std::move(*e));
  }
  return out;
}

Result<RegistryEntry> Registry::get(const access::Principal* who, const std::string& id) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto e = load(**lease, id);
  if (!e) return e;
  if (!may_see(who, *e)) return fail("NOT_FOUND", "认定记录不存在");
  return e;
}

Result<RegistryEntry> Registry::change_status(const access::Principal& who, const std::string& id,
                                              const std::string& action,
                                              const std::string& to_status,
                                              const std::string& note) {
  if (text::blank(note)) return fail("VALIDATION_FAILED", "请填写理由");
  if (text::length(note) > kMaxNoteChars)
    return fail("VALIDATION_FAILED", fmt::format("理由不能超过 {} 字", kMaxNoteChars));
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  auto e = load(db, id);
  if (!e) return e;
  if (!may_see(&who, *e)) return fail("NOT_FOUND", "认定记录不存在");
  // Recognitions are the province's (the recognising level); a confirmed self-evaluation is
  // also its county's.
  const bool province = who.role == access::Role::kReviewer && who.level == "province" &&
                        catalogue_.regions.within(e->region, who.region);
  const bool county = who.role == access::Role::kReviewer && who.level == "county" &&
                      e->source == "self_evaluation" &&
                      catalogue_.regions.within(e->region, who.region);
  if (!province && !county) return fail("FORBIDDEN", "只有认定单位可以复核或撤销认定");
  if (e->status == "revoked") return fail("STATE_CONFLICT", "该认定已被撤销");
  const std::string now = time::format_instant(clock_());
  auto n = db.execute(
      "UPDATE registry SET status = $1, status_reason = $2, version = version + 1 WHERE id = $3 "
      "AND version = $4",
      {to_status, to_status == "revoked" ? note : e->status_reason, id, e->version});
  if (!n) return std::unexpected(n.error());
  if (*n != 1) return fail("STATE_CONFLICT", "认定记录刚刚改变，请刷新后再试");
  TIDU_TRY(db.execute(kInsertEvent,
                      {new_id("h"), id, now, who.account_id, action, e->status, to_status, note}));
  // The enterprise hears of it among its notifications (level "enterprise", its id).
  TIDU_TRY(db.execute(
      "INSERT INTO notifications (id, level, region, declaration_id, message, created_at) VALUES "
      "($1, 'enterprise', $2, $3, $4, $5)",
      {new_id("n"), e->enterprise_id, text_or_null(e->declaration_id),
       registry_notice(*e, action, note), now}));
  TIDU_TRY(audit(db, clock_(), who.account_id, "registry_" + action, "registry:" + id,
                 {{"before", e->status}, {"after", to_status}, {"note", note}}));
  auto after = load(db, id);
  if (!after) return after;
  TIDU_TRY(tx->commit());
  return after;
}

Result<RegistryEntry> Registry::review(const access::Principal& who, const std::string& id,
                                       const std::string& outcome, const std::string& note) {
  if (outcome == "confirmed") return change_status(who, id, "review_confirmed", "active", note);
  if (outcome == "revoked") return change_status(who, id, "review_revoked", "revoked", note);
  return fail("VALIDATION_FAILED", "复核结论应为 confirmed（维持认定）或 revoked（撤销认定）");
}

Result<RegistryEntry> Registry::revoke(const access::Principal& who, const std::string& id,
                                       const std::string& reason) {
  return change_status(who, id, "revoke", "revoked", reason);
}

// ---- Basic-tier self-evaluation ----

std::vector<SelfEdition> Registry::self_editions() const {
  std::vector<SelfEdition> out;
  // Editions are years: the map's reverse order is newest first.
  for (const auto& [edition, ec] : std::ranges::reverse_view(catalogue_.requirements)) {
    if (ec.tier("basic") != nullptr) out.push_back({edition, ec.title, ec.document});
  }
  return out;
}

Result<std::vector<SelfCondition>> Registry::self_conditions(const std::string& edition) const {
  std::string wanted = edition;
  if (wanted.empty()) {
    const auto editions = self_editions();
    if (editions.empty()) return fail("NOT_FOUND", "没有含基础级的要素条件版本");
    wanted = editions.front().edition;
  }
  const auto it = catalogue_.requirements.find(wanted);
  if (it == catalogue_.requirements.end())
    return fail("NOT_FOUND", fmt::format("要素条件版本“{}”不存在", wanted));
  const auto& ec = it->second;
  const auto* basic = ec.tier("basic");
  if (basic == nullptr) return fail("NOT_FOUND", "要素条件中没有基础级");
  std::vector<SelfCondition> out;
  out.reserve(ec.basic_requirements.size() + basic->content.size());
  for (const auto& r : ec.basic_requirements)
    out.push_back({"requirement:" + r.id, r.text, true, r.clause});
  for (const auto& [domain, content] : basic->content) {
    const bool required =
        std::ranges::find(basic->coverage.required, domain) != basic->coverage.required.end();
    out.push_back({"content:" + domain, fmt::format("{}：{}", domain, content), required,
                   required ? basic->coverage.clause : std::string()});
  }
  return out;
}

Result<SelfEvaluation> Registry::load_self(Database& db, const std::string& id) {
  auto rows = db.query(fmt::format("SELECT {} FROM self_evaluations s JOIN enterprises e ON e.id "
                                   "= s.enterprise_id WHERE s.id = $1",
                                   kSelfColumns),
                       {id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return fail("NOT_FOUND", "自评记录不存在");
  return self_from((*rows)[0]);
}

Result<SelfEvaluation> Registry::file_self_evaluation(
    const access::Principal& who, const std::string& enterprise_id, const std::string& factory_name,
    const std::string& edition, const std::vector<SelfConditionAnswer>& answers) {
  if (who.role != access::Role::kEnterprise || who.enterprise_id != enterprise_id)
    return fail("NOT_FOUND", "企业不存在");
  std::string used = edition;
  if (const auto editions = self_editions(); used.empty() && !editions.empty())
    used = editions.front().edition;
  auto conditions = self_conditions(used);
  if (!conditions) return std::unexpected(conditions.error());
  std::vector<std::string> problems;
  if (text::blank(factory_name)) problems.emplace_back("请填写工厂名称");
  if (text::length(factory_name) > kMaxFactoryNameChars)
    problems.push_back(fmt::format("工厂名称不能超过 {} 字", kMaxFactoryNameChars));
  std::set<std::string> seen;
  for (const auto& a : answers) {
    const bool known =
        std::ranges::any_of(*conditions, [&](const auto& c) { return c.id == a.id; });
    if (!known) problems.push_back(fmt::format("没有“{}”这一条件", a.id));
    if (!seen.insert(a.id).second) problems.push_back(fmt::format("“{}”填写了两次", a.id));
    if (text::length(a.evidence) > kMaxNoteChars)
      problems.push_back(fmt::format("“{}”的说明不能超过 {} 字", a.id, kMaxNoteChars));
  }
  for (const auto& c : *conditions) {
    const auto a = std::ranges::find_if(answers, [&](const auto& x) { return x.id == c.id; });
    if (!c.required) continue;
    if (a == answers.end() || !a->met) {
      problems.push_back(fmt::format("未满足基础级条件：{}（{}）", c.text, c.clause));
    } else if (text::blank(a->evidence)) {
      problems.push_back(fmt::format("请说明如何满足：{}", c.text));
    }
  }
  if (!problems.empty()) {
    return fail_with("SELF_EVALUATION_INVALID", "基础级自评不能提交：" + problems.front(),
                     json{{"reasons", problems}}.dump());
  }
  json content = {{"edition", used}, {"answers", json::array()}};
  for (const auto& a : answers)
    content["answers"].push_back({{"id", a.id}, {"met", a.met}, {"evidence", a.evidence}});
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  auto waiting = db.query(
      "SELECT COUNT(*) FROM self_evaluations WHERE enterprise_id = $1 AND factory_name = $2 AND "
      "state = 'submitted'",
      {enterprise_id, factory_name});
  if (!waiting) return std::unexpected(waiting.error());
  if ((*waiting)[0].get_int(0) > 0)
    return fail("ALREADY_EXISTS", "该工厂已有一份待县级复核的自评，请等待复核结果");
  const std::string id = new_id("s");
  const std::string now = time::format_instant(clock_());
  TIDU_TRY(db.execute(
      "INSERT INTO self_evaluations (id, enterprise_id, factory_name, content_json, state, "
      "submitted_at, submitted_by) VALUES ($1, $2, $3, $4, 'submitted', $5, $6)",
      {id, enterprise_id, factory_name, content.dump(), now, who.account_id}));
  auto self = load_self(db, id);
  if (!self) return self;
  if (const auto* county = catalogue_.regions.ancestor_of_kind(self->region, "county")) {
    TIDU_TRY(db.execute(
        "INSERT INTO notifications (id, level, region, declaration_id, message, created_at) "
        "VALUES ($1, 'county', $2, NULL, $3, $4)",
        {new_id("n"), county->code,
         fmt::format("{}提交了基础级智能工厂自评（{}），请复核", self->enterprise_name,
                     factory_name),
         now}));
  }
  TIDU_TRY(audit(db, clock_(), who.account_id, "self_evaluation_file", "self_evaluation:" + id,
                 {{"factory", factory_name}}));
  TIDU_TRY(tx->commit());
  return self;
}

Result<std::vector<SelfEvaluation>> Registry::self_evaluations(const access::Principal& who,
                                                               const std::string& enterprise_id,
                                                               const std::string& state) {
  if (!state.empty() && state != "submitted" && state != "confirmed" && state != "returned")
    return fail("VALIDATION_FAILED", "状态应为 submitted、confirmed 或 returned");
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  std::string where = "1 = 1";
  std::vector<storage::Value> params;
  if (!enterprise_id.empty()) {
    params.emplace_back(enterprise_id);
    where += fmt::format(" AND s.enterprise_id = ${}", params.size());
  }
  if (!state.empty()) {
    params.emplace_back(state);
    where += fmt::format(" AND s.state = ${}", params.size());
  }
  auto rows =
      (*lease)->query(fmt::format("SELECT {} FROM self_evaluations s JOIN enterprises e ON e.id = "
                                  "s.enterprise_id WHERE {} ORDER BY s.submitted_at DESC, s.id",
                                  kSelfColumns, where),
                      std::span<const storage::Value>(params));
  if (!rows) return std::unexpected(rows.error());
  std::vector<SelfEvaluation> out;
  for (const auto& r : *rows) {
    auto s = self_from(r);
    const bool own = who.role == access::Role::kEnterprise && who.enterprise_id == s.enterprise_id;
    const bool official =
        (who.role == access::Role::kReviewer || who.role == access::Role::kCoDepartment) &&
        catalogue_.regions.within(s.region, who.region);
    if (own || official || who.role == access::Role::kAdmin) out.push_back(std::move(s));
  }
  return out;
}

Result<SelfEvaluation> Registry::decide_self_evaluation(const access::Principal& who,
                                                        const std::string& id, bool confirm,
                                                        const std::string& opinion) {
  if (!confirm && text::blank(opinion)) return fail("VALIDATION_FAILED", "退回须写明原因");
  if (text::length(opinion) > kMaxNoteChars)
    return fail("VALIDATION_FAILED", fmt::format("意见不能超过 {} 字", kMaxNoteChars));
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  auto self = load_self(db, id);
  if (!self) return self;
  const auto* county = catalogue_.regions.ancestor_of_kind(self->region, "county");
  const bool own_county = who.role == access::Role::kReviewer && who.level == "county" &&
                          county != nullptr && county->code == who.region;
  if (!own_county) {
    if (who.role == access::Role::kEnterprise && who.enterprise_id != self->enterprise_id)
      return fail("NOT_FOUND", "自评记录不存在");
    return fail("FORBIDDEN", "基础级自评由企业所在县（市、区）工信部门复核");
  }
  if (self->state != "submitted") return fail("STATE_CONFLICT", "该自评已复核");
  const std::string now = time::format_instant(clock_());
  const std::string to = confirm ? "confirmed" : "returned";
  auto n = db.execute(
      "UPDATE self_evaluations SET state = $1, decided_by = $2, decided_at = $3, opinion = $4 "
      "WHERE id = $5 AND state = 'submitted'",
      {to, who.account_id, now, opinion, id});
  if (!n) return std::unexpected(n.error());
  if (*n != 1) return fail("STATE_CONFLICT", "该自评已复核");
  if (confirm) {
    auto e =
        db.query("SELECT credit_code, name FROM enterprises WHERE id = $1", {self->enterprise_id});
    if (!e) return std::unexpected(e.error());
    const std::string entry = new_id("g");
    TIDU_TRY(db.execute(
        "INSERT INTO registry (id, enterprise_id, credit_code, enterprise_name, factory_name, "
        "region, tier, source, round_id, declaration_id, self_evaluation_id, recognised_on, "
        "valid_until, status, status_reason) VALUES ($1, $2, $3, $4, $5, $6, 'basic', "
        "'self_evaluation', NULL, NULL, $7, $8, NULL, 'active', '')",
        {entry, self->enterprise_id, (*e)[0].get_text(0), (*e)[0].get_text(1), self->factory_name,
         self->region, id, today(clock_)}));
    TIDU_TRY(db.execute(kInsertEvent, {new_id("h"), entry, now, who.account_id, "confirm", "",
                                       "active", "基础级自评经县级复核确认"}));
  }
  TIDU_TRY(db.execute(
      "INSERT INTO notifications (id, level, region, declaration_id, message, created_at) VALUES "
      "($1, 'enterprise', $2, NULL, $3, $4)",
      {new_id("n"), self->enterprise_id,
       confirm ? fmt::format("基础级智能工厂自评（{}）已通过县级复核", self->factory_name)
               : fmt::format("基础级智能工厂自评（{}）被退回：{}", self->factory_name, opinion),
       now}));
  TIDU_TRY(audit(db, clock_(), who.account_id,
                 confirm ? "self_evaluation_confirm" : "self_evaluation_return",
                 "self_evaluation:" + id, {{"opinion", opinion}}));
  auto after = load_self(db, id);
  if (!after) return after;
  TIDU_TRY(tx->commit());
  return after;
}

Result<std::vector<declaration::Recognition>> Registry::recognitions_of(
    Database& db, const std::string& enterprise_id, const std::string& today) {
  auto rows = db.query(
      "SELECT tier, source, recognised_on, factory_name, COALESCE(valid_until, '') FROM registry "
      "WHERE enterprise_id = $1 AND status = 'active' ORDER BY recognised_on",
      {enterprise_id});
  if (!rows) return std::unexpected(rows.error());
  std::vector<declaration::Recognition> out;
  for (const auto& r : *rows) {
    if (!r.get_text(4).empty() && r.get_text(4) < today) continue;
    if (r.get_text(2) > today) continue;  // recognised after the day asked about
    const auto day = time::parse_date(r.get_text(2));
    out.push_back({.tier = r.get_text(0),
                   .kind = r.get_text(1) == "round" ? "recognised" : "self_evaluation",
                   .year = day ? std::optional<int>(static_cast<int>(day->year())) : std::nullopt,
                   .issuer = "本平台认定记录",
                   .factory = r.get_text(3)});
  }
  return out;
}

}  // namespace tidu::service
