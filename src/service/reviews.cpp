#include "service/reviews.hpp"

#include "service/reviews_detail.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/text.hpp"
#include "files/names.hpp"
#include "files/sniff.hpp"
#include "security/digest.hpp"
#include "service/accounts.hpp"
#include "service/blacklists.hpp"
#include "service/groups.hpp"
#include "service/registry.hpp"

namespace tidu::service {
namespace {

using nlohmann::json;
using review::Action;
using review::State;
using storage::Database;

constexpr std::size_t kMaxOpinionChars = 2000;
constexpr std::size_t kMaxReviewerFileBytes = std::size_t{20} << 20;

namespace sql {
constexpr const char* kLoad =
    "SELECT d.id, d.enterprise_id, e.name, e.credit_code, e.region, d.round_id, d.state, "
    "COALESCE(d.level, ''), d.version, d.snapshot_number, "
    "COALESCE((SELECT s.content_json FROM snapshots s WHERE s.declaration_id = d.id AND "
    "s.number = d.snapshot_number), '{}'), COALESCE(d.group_id, ''), "
    "COALESCE((SELECT g.name FROM enterprise_groups g WHERE g.id = d.group_id), '') "
    "FROM declarations d JOIN enterprises e ON e.id = d.enterprise_id WHERE d.id = $1";
constexpr const char* kMove =
    "UPDATE declarations SET state = $1, level = $2, unit_code = $3, updated_at = $4 "
    "WHERE id = $5 AND state = $6 AND COALESCE(level, '') = $7";
// Any review decision ever taken: withdrawal is possible only before the first one (issue 3).
constexpr const char* kDecided =
    "SELECT COUNT(*) FROM declaration_events WHERE declaration_id = $1 AND action NOT IN "
    "('create', 'submit', 'resubmit', 'withdraw', 'record_blacklist')";
constexpr const char* kBlacklistColumns =
    "b.id, b.level, b.source, b.result, b.note, COALESCE(b.evidence_sha256, ''), b.checked_by, "
    "b.checked_at, COALESCE(a.display_name, '')";
constexpr const char* kQuotaUsed =
    "SELECT COUNT(*) FROM batch_entries e JOIN batches b ON b.id = e.batch_id WHERE b.round_id = "
    "$1 AND b.level = $2 AND b.unit_code = $3 AND e.exempt = 0";
constexpr const char* kEntryOf =
    "SELECT b.id, b.state FROM batch_entries e JOIN batches b ON b.id = e.batch_id "
    "WHERE e.declaration_id = $1 AND b.level = $2";
constexpr const char* kOpenBatch =
    "SELECT id FROM batches WHERE round_id = $1 AND level = $2 AND unit_code = $3 AND state = "
    "'open'";
constexpr const char* kBatchRow =
    "SELECT id, state, COALESCE(letter_sha256, ''), COALESCE(letter_name, ''), "
    "COALESCE(filed_at, '') FROM batches WHERE id = $1";
constexpr const char* kEntries =
    "SELECT e.declaration_id, n.name, n.credit_code, e.rank, e.exempt, e.remark "
    "FROM batch_entries e JOIN declarations d ON d.id = e.declaration_id "
    "JOIN enterprises n ON n.id = d.enterprise_id WHERE e.batch_id = $1 ORDER BY e.rank";
constexpr const char* kLock = "UPDATE batches SET version = version + 1 WHERE id = $1";
}  // namespace sql

bool needs_opinion(Action a) {
  return a == Action::kReturn || a == Action::kNotRecommend || a == Action::kFormalReject ||
         a == Action::kReject;
}

}  // namespace

/// The value at a dotted path ("cover.benchmark_enterprise") of a JSON document, or null.
const nlohmann::json* at_path(const json& doc, std::string_view path) {
  const nlohmann::json* node = &doc;
  while (!path.empty()) {
    const auto dot = path.find('.');
    const std::string key(path.substr(0, dot));
    if (!node->is_object() || !node->contains(key)) return nullptr;
    node = &(*node)[key];
    path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
  }
  return node;
}

int level_index(const rounds::Round& round, std::string_view id) {
  for (std::size_t i = 0; i < round.levels.size(); ++i) {
    if (round.levels[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

std::string reasons_text(const std::vector<std::string>& reasons) {
  std::string out;
  for (const auto& r : reasons) {
    if (!out.empty()) out += "；";
    out += r;
  }
  return out;
}

Reviews::Reviews(storage::Pool& pool, const catalogue::Catalogue& catalogue,
                 const rounds::RoundSet& rounds, FileStore& files, Clock clock)
    : pool_(pool),
      catalogue_(catalogue),
      rounds_(rounds),
      files_(files),
      clock_(std::move(clock)) {}

Result<Reviews::Loaded> Reviews::load(Database& db, const std::string& id) {
  auto rows = db.query(sql::kLoad, {id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return fail("NOT_FOUND", "申报书不存在");
  const auto& r = (*rows)[0];
  Loaded l{.id = r.get_text(0),
           .enterprise_id = r.get_text(1),
           .enterprise_name = r.get_text(2),
           .credit_code = r.get_text(3),
           .enterprise_region = r.get_text(4),
           .round_id = r.get_text(5),
           .state = r.get_text(6),
           .level = r.get_text(7),
           .content = json::parse(r.get_text(10), nullptr, false),
           .round = nullptr,
           .group = r.get_text(11).empty() ? std::string()
                                           : std::string(access::kGroupUnitPrefix) + r.get_text(11),
           .group_name = r.get_text(12)};
  if (auto it = rounds_.rounds.find(l.round_id); it != rounds_.rounds.end()) l.round = &it->second;
  return l;
}

Result<Reviews::Loaded> Reviews::load_readable(Database& db, const access::Principal& who,
                                               const std::string& id) {
  auto l = load(db, id);
  if (!l) return l;
  // Declarations the caller may not read are "not found", so their existence stays hidden.
  auto readable = may_read_declaration(db, who, l->facts(), catalogue_.regions, id);
  if (!readable) return std::unexpected(readable.error());
  if (!*readable) return fail("NOT_FOUND", "申报书不存在");
  return l;
}

int Reviews::group_level_of(const Loaded& l) const {
  if (l.group.empty() || l.round == nullptr) return -1;
  for (const auto& d : l.round->direct) {
    for (std::size_t i = 0; i < l.round->levels.size(); ++i) {
      if (l.round->levels[i].region_kind == d.acts_as) return static_cast<int>(i);
    }
  }
  return -1;
}

Result<review::Situation> Reviews::situation(Database& db, const Loaded& l) {
  review::Situation s;
  s.round = l.round;
  s.state = review::parse_state(l.state).value_or(State::kDraft);
  s.level = l.round == nullptr ? -1 : level_index(*l.round, l.level);
  s.now = clock_();
  s.enterprise_id = l.enterprise_id;
  if (l.round == nullptr) return s;
  const int group_level = group_level_of(l);
  for (std::size_t i = 0; i < l.round->levels.size(); ++i) {
    if (group_level >= 0) {
      s.first_level = group_level;
      break;
    }
    const auto& candidate = l.round->levels[i];
    if (!access::is_review_level(candidate.region_kind)) continue;
    if (access::reviewing_unit(catalogue_.regions, *l.round, l.enterprise_region,
                               candidate.region_kind) != nullptr) {
      s.first_level = static_cast<int>(i);
      break;
    }
  }
  if (s.level < 0) return s;
  const auto& level = l.round->levels[static_cast<std::size_t>(s.level)];
  if (s.level == group_level) {
    s.unit_code = l.group;  // the enterprise group recommends in place of this level
    s.unit_name = l.group_name;
  } else if (const auto* unit = access::reviewing_unit(catalogue_.regions, *l.round,
                                                       l.enterprise_region, level.region_kind)) {
    s.unit_code = unit->code;
    s.unit_name = unit->name;
  } else if (const auto* top = catalogue_.regions.find(l.round->region)) {
    s.unit_code = top->code;  // a level above the regions the tree holds (the ministry)
    s.unit_name = level.name;
  }
  auto decided = db.query(sql::kDecided, {l.id});
  if (!decided) return std::unexpected(decided.error());
  s.decided = (*decided)[0].get_int(0) > 0;

  auto checks = db.query(
      "SELECT source, result FROM blacklist_checks WHERE declaration_id = $1 AND level = $2 "
      "ORDER BY checked_at",
      {l.id, level.id});
  if (!checks) return std::unexpected(checks.error());
  std::map<std::string, std::string> latest;
  for (const auto& row : *checks) latest[row.get_text(0)] = row.get_text(1);
  if (std::ranges::any_of(latest, [](const auto& kv) { return kv.second == "listed"; })) {
    s.blacklist = review::BlacklistStatus::kListed;
  } else if (latest.contains("gsxt") && latest.contains("zxgk")) {
    s.blacklist = review::BlacklistStatus::kClear;
  }
  // An imported list naming the enterprise's credit code overrides clear checks.
  auto imported = Blacklists::listed(db, l.credit_code);
  if (!imported) return std::unexpected(imported.error());
  if (!imported->empty()) {
    const auto& newest = imported->front();
    s.blacklist = review::BlacklistStatus::kListed;
    s.blacklist_source = fmt::format(
        "导入名单：{}，{}{}", newest.list, newest.listed_on,
        imported->size() > 1 ? fmt::format("，共 {} 条记录", imported->size()) : std::string());
  }
  for (const auto& ex : l.round->exemptions) {
    const json* flag = at_path(l.content, ex.declaration_flag);
    if (!ex.uses_quota && flag != nullptr && flag->is_boolean() && flag->get<bool>())
      s.exempt = true;
  }
  if (s.level == group_level) {
    // A group's own quota on its direct route, where the round sets one.
    const auto direct = std::ranges::find_if(l.round->direct, [&](const auto& d) {
      return d.acts_as == level.region_kind && d.quota.has_value();
    });
    if (direct != l.round->direct.end()) {
      s.quota_limit = direct->quota;
      auto used = db.query(sql::kQuotaUsed, {l.round->id, level.id, s.unit_code});
      if (!used) return std::unexpected(used.error());
      s.quota_used = static_cast<int>((*used)[0].get_int(0));
    }
  } else if (l.round->quotas.level == level.id || l.round->quotas.level == level.region_kind) {
    s.quota_limit = l.round->quotas.limit_for(s.unit_code);
    auto used = db.query(sql::kQuotaUsed, {l.round->id, level.id, s.unit_code});
    if (!used) return std::unexpected(used.error());
    s.quota_used = static_cast<int>((*used)[0].get_int(0));
  }
  auto entry = db.query(sql::kEntryOf, {l.id, level.id});
  if (!entry) return std::unexpected(entry.error());
  s.in_filed_batch = !entry->empty() && (*entry)[0].get_text(1) == "filed";
  TIDU_TRY(stage_facts(db, l, s));
  return s;
}

Result<ActionList> Reviews::actions(const access::Principal& who, const std::string& id) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto l = load_readable(**lease, who, id);
  if (!l) return std::unexpected(l.error());
  auto s = situation(**lease, *l);
  if (!s) return std::unexpected(s.error());
  ActionList out{.declaration_id = id,
                 .state = l->state,
                 .level = l->level,
                 .level_name = {},
                 .unit_code = s->unit_code,
                 .unit_name = s->unit_name,
                 .actions = review::options(*s, who)};
  if (l->round != nullptr && s->level >= 0)
    out.level_name = l->round->levels[static_cast<std::size_t>(s->level)].name;
  return out;
}

Result<Step> Reviews::act(const access::Principal& who, const std::string& id, Action action,
                          const std::string& opinion) {
  if (action == Action::kSubmit || action == Action::kWithdraw || action == Action::kFile ||
      action == Action::kRecordBlacklist || action == Action::kStartNotice) {
    return fail("NOT_FOUND", "此操作另有专门的接口");
  }
  if (needs_opinion(action) && text::blank(opinion))
    return fail("VALIDATION_FAILED", fmt::format("{}须填写审核意见", review::action_name(action)));
  if (text::length(opinion) > kMaxOpinionChars)
    return fail("VALIDATION_FAILED", fmt::format("审核意见不能超过 {} 字", kMaxOpinionChars));
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  auto step = act_in(db, who, id, action, opinion);
  if (!step) return step;
  TIDU_TRY(tx->commit());
  return step;
}

Result<Step> Reviews::act_in(Database& db, const access::Principal& who, const std::string& id,
                             Action action, const std::string& opinion) {
  auto l = load_readable(db, who, id);
  if (!l) return std::unexpected(l.error());
  auto s = situation(db, *l);
  if (!s) return std::unexpected(s.error());
  const auto* round = l->round;
  const rounds::Level* level =
      s->level >= 0 ? &round->levels[static_cast<std::size_t>(s->level)] : nullptr;
  // Passing into a list or taking out of it locks the unit's open list first, so two reviewers
  // deciding at once cannot both take the last place of the quota.
  std::string batch_id;
  if (level != nullptr && review::level_batches(*level) &&
      (action == Action::kPass || action == Action::kReopen || action == Action::kNotRecommend)) {
    auto b = open_batch(db, Unit{round, s->level, level, s->unit_code, s->unit_name, who});
    if (!b) return std::unexpected(b.error());
    batch_id = *b;
    TIDU_TRY(db.execute(sql::kLock, {batch_id}));
    auto fresh = situation(db, *l);
    if (!fresh) return std::unexpected(fresh.error());
    s = std::move(fresh);
  }
  auto move = review::take(action, *s, who);
  if (!move) return std::unexpected(move.error());
  const std::string now = time::format_instant(clock_());
  const std::string to_state(review::state_id(move->to));
  const std::string to_level =
      move->level >= 0 ? round->levels[static_cast<std::size_t>(move->level)].id : "";
  std::string to_unit;
  if (move->level >= 0 && move->level == group_level_of(*l)) {
    to_unit = l->group;  // back to (or staying with) the enterprise group
  } else if (move->level >= 0) {
    const auto& target = round->levels[static_cast<std::size_t>(move->level)];
    if (const auto* u = access::reviewing_unit(catalogue_.regions, *round, l->enterprise_region,
                                               target.region_kind))
      to_unit = u->code;
  }
  auto n = db.execute(sql::kMove, {to_state, text_or_null(to_level), text_or_null(to_unit), now, id,
                                   l->state, l->level});
  if (!n) return std::unexpected(n.error());
  if (*n != 1) return fail("STATE_CONFLICT", "申报书状态刚刚改变，请刷新后再试");
  if (action == Action::kPass && move->to == State::kPassed) {
    std::string remark;
    for (const auto& ex : round->exemptions) {
      const json* flag = at_path(l->content, ex.declaration_flag);
      if (ex.uses_quota || flag == nullptr || !flag->is_boolean() || !flag->get<bool>()) continue;
      remark = ex.remark;
      const json* year = at_path(l->content, "cover.benchmark_year");
      const std::string y = year != nullptr && year->is_number_integer()
                                ? std::to_string(year->get<int>())
                                : std::string("往");
      if (const auto at = remark.find("{year}"); at != std::string::npos) remark.replace(at, 6, y);
    }
    TIDU_TRY(db.execute(
        "INSERT INTO batch_entries (batch_id, declaration_id, rank, exempt, remark) VALUES ($1, "
        "$2, (SELECT COALESCE(MAX(rank), 0) + 1 FROM batch_entries WHERE batch_id = $1), $3, $4)",
        {batch_id, id, s->exempt ? 1 : 0, remark}));
    TIDU_TRY(db.execute("DELETE FROM batch_signatures WHERE batch_id = $1", {batch_id}));
  }
  if ((action == Action::kReopen || action == Action::kNotRecommend) && !batch_id.empty()) {
    TIDU_TRY(db.execute("DELETE FROM batch_entries WHERE batch_id = $1 AND declaration_id = $2",
                        {batch_id, id}));
    TIDU_TRY(db.execute("DELETE FROM batch_signatures WHERE batch_id = $1", {batch_id}));
  }
  if (move->to == State::kRecognised) {
    const Recognised entry{
        .enterprise_id = l->enterprise_id,
        .credit_code = l->credit_code,
        .enterprise_name = l->enterprise_name,
        .factory_name =
            [&] {
              const json* name = at_path(l->content, "factory.name");
              return name != nullptr && name->is_string() ? name->get<std::string>()
                                                          : std::string();
            }(),
        .region = l->enterprise_region,
        .tier = round->tier,
        .round_id = round->id,
        .declaration_id = id,
        .recognised_on = time::format_date(time::beijing_date(clock_())),
        .validity_years =
            round->review.recognition ? round->review.recognition->validity_years : std::nullopt};
    auto entered = enter_recognition(db, entry, who.account_id, now);
    if (!entered) return std::unexpected(entered.error());
  }
  TIDU_TRY(db.execute(
      detail::kInsertEvent,
      {new_id("v"), id, now, who.account_id, std::string(review::action_id(action)), l->state,
       to_state, text_or_null(to_level.empty() ? l->level : to_level), opinion}));
  if (move->to == State::kRecommended || move->to == State::kFormalReview ||
      move->to == State::kReturned) {
    const bool back = move->to == State::kReturned;
    const auto& target = round->levels[static_cast<std::size_t>(move->level)];
    TIDU_TRY(db.execute(
        detail::kInsertNotification,
        {new_id("n"), back ? std::string("enterprise") : target.region_kind,
         back ? l->enterprise_id : (to_unit.empty() ? round->region : to_unit), id,
         back
             ? fmt::format("《{}》申报书被{}退回修改：{}", round->name, level->name, opinion)
             : fmt::format("{}的《{}》申报书已推荐至本级，请审核", l->enterprise_name, round->name),
         now}));
  }
  TIDU_TRY(audit(db, clock_(), who.account_id, "review_" + std::string(review::action_id(action)),
                 "declaration:" + id,
                 {{"before", {{"state", l->state}, {"level", l->level}}},
                  {"after", {{"state", to_state}, {"level", to_level}}},
                  {"opinion", opinion}}));
  return Step{id, to_state, to_level};
}

std::vector<DecisionResult> Reviews::act_on_each(const access::Principal& who,
                                                 const std::vector<std::string>& ids, Action action,
                                                 const std::string& opinion) {
  std::vector<DecisionResult> out;
  out.reserve(ids.size());
  for (const auto& id : ids) out.push_back({id, act(who, id, action, opinion)});
  return out;
}

Result<BlacklistCheck> Reviews::record_blacklist_check(const access::Principal& who,
                                                       const std::string& id,
                                                       BlacklistCheck check) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  auto l = load_readable(db, who, id);
  if (!l) return std::unexpected(l.error());
  if (check.source != "gsxt" && check.source != "zxgk") {
    return fail("VALIDATION_FAILED",
                "核查来源应为 gsxt（国家企业信用信息公示系统）或 zxgk（中国执行信息公开网）");
  }
  if (check.result != "clear" && check.result != "listed")
    return fail("VALIDATION_FAILED", "核查结果应为 clear（未列入）或 listed（列入失信名单）");
  if (text::length(check.note) > kMaxOpinionChars)
    return fail("VALIDATION_FAILED", fmt::format("说明不能超过 {} 字", kMaxOpinionChars));
  if (!check.evidence_sha256.empty() && !is_content_hash(check.evidence_sha256))
    return fail("VALIDATION_FAILED", "证明材料应为已上传文件的 SHA-256");
  auto s = situation(db, *l);
  if (!s) return std::unexpected(s.error());
  auto allowed = review::take(Action::kRecordBlacklist, *s, who);
  if (!allowed) return std::unexpected(allowed.error());
  if (!check.evidence_sha256.empty()) {
    auto has = files_.contains(check.evidence_sha256);
    if (!has) return std::unexpected(has.error());
    if (!*has) return fail("FILE_NOT_FOUND", "证明材料文件不存在，请先上传");
  }
  check.id = new_id("b");
  check.level = l->level;
  check.checked_by = who.account_id;
  check.checked_at = time::format_instant(clock_());
  auto name = db.query("SELECT display_name FROM accounts WHERE id = $1", {who.account_id});
  if (!name) return std::unexpected(name.error());
  if (!name->empty()) check.checked_by_name = (*name)[0].get_text(0);
  TIDU_TRY(db.execute(
      "INSERT INTO blacklist_checks (id, declaration_id, level, source, result, note, "
      "evidence_sha256, checked_by, checked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      {check.id, id, check.level, check.source, check.result, check.note,
       text_or_null(check.evidence_sha256), check.checked_by, check.checked_at}));
  TIDU_TRY(db.execute(
      detail::kInsertEvent,
      {new_id("v"), id, check.checked_at, who.account_id, "record_blacklist", l->state, l->state,
       l->level,
       fmt::format("{}：{}",
                   check.source == "gsxt" ? "国家企业信用信息公示系统" : "中国执行信息公开网",
                   check.result == "clear" ? "未列入失信名单" : "列入失信名单")}));
  TIDU_TRY(audit(db, clock_(), who.account_id, "blacklist_check", "declaration:" + id,
                 {{"source", check.source}, {"result", check.result}, {"level", check.level}}));
  TIDU_TRY(tx->commit());
  return check;
}

Result<std::vector<BlacklistCheck>> Reviews::blacklist_checks(const access::Principal& who,
                                                              const std::string& id) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto l = load_readable(**lease, who, id);
  if (!l) return std::unexpected(l.error());
  if (who.role == access::Role::kEnterprise) return fail("NOT_FOUND", "申报书不存在");
  auto rows = (*lease)->query(
      fmt::format("SELECT {} FROM blacklist_checks b LEFT JOIN accounts a ON a.id = b.checked_by "
                  "WHERE b.declaration_id = $1 ORDER BY b.checked_at DESC, b.id",
                  sql::kBlacklistColumns),
      {id});
  if (!rows) return std::unexpected(rows.error());
  std::vector<BlacklistCheck> out;
  for (const auto& r : *rows) {
    out.push_back({r.get_text(0), r.get_text(1), r.get_text(2), r.get_text(3), r.get_text(4),
                   r.get_text(5), r.get_text(6), r.get_text(7), r.get_text(8)});
  }
  return out;
}

Result<Reviews::Unit> Reviews::unit_of(const access::Principal& who, const std::string& round_id) {
  const auto it = rounds_.rounds.find(round_id);
  if (it == rounds_.rounds.end())
    return fail("ROUND_UNKNOWN", fmt::format("批次“{}”不存在", round_id));
  if (who.role != access::Role::kReviewer && who.role != access::Role::kCoDepartment)
    return fail("FORBIDDEN", "只有审核单位可以查看和报送推荐名单");
  const auto& round = it->second;
  // A unit has a list only in the rounds whose route runs through it: a region inside the
  // round's region (or above it), an enterprise group on one of the round's direct routes.
  const auto outside = [] { return fail("FORBIDDEN", "本批次不在本单位辖区"); };
  if (!access::is_group_unit(who.region) && !catalogue_.regions.within(who.region, round.region) &&
      !catalogue_.regions.within(round.region, who.region))
    return outside();
  for (std::size_t i = 0; i < round.levels.size(); ++i) {
    const auto& level = round.levels[i];
    if (level.region_kind != who.level) continue;
    const auto* region = catalogue_.regions.find(who.region);
    std::string name = region != nullptr ? region->name : who.region;
    if (access::is_group_unit(who.region)) {
      auto lease = pool_.acquire();
      if (!lease) return std::unexpected(lease.error());
      auto g = Groups::load(**lease, who.region.substr(access::kGroupUnitPrefix.size()));
      if (!g) return std::unexpected(g.error());
      if (std::ranges::none_of(round.direct, [&](const auto& d) { return d.id == g->route; }))
        return outside();
      name = g->name;
    }
    return Unit{&round, static_cast<int>(i), &level, who.region, name, who};
  }
  return fail("FORBIDDEN", "本批次的推荐路线不经过本级");
}

Result<std::string> Reviews::open_batch(Database& db, const Unit& unit) {
  auto rows = db.query(sql::kOpenBatch, {unit.round->id, unit.route_level->id, unit.code});
  if (!rows) return std::unexpected(rows.error());
  if (!rows->empty()) return (*rows)[0].get_text(0);
  const std::string id = new_id("k");
  auto made = db.execute(
      "INSERT INTO batches (id, round_id, level, unit_code, state, created_at) VALUES ($1, $2, "
      "$3, $4, 'open', $5) ON CONFLICT DO NOTHING",
      {id, unit.round->id, unit.route_level->id, unit.code, time::format_instant(clock_())});
  if (!made) return std::unexpected(made.error());
  if (*made == 1) return id;
  auto again = db.query(sql::kOpenBatch, {unit.round->id, unit.route_level->id, unit.code});
  if (!again) return std::unexpected(again.error());
  if (again->empty()) return fail("STATE_CONFLICT", "推荐名单刚刚改变，请刷新后再试");
  return (*again)[0].get_text(0);
}

Result<BatchView> Reviews::batch_view(Database& db, const Unit& unit, const std::string& id) {
  auto rows = db.query(sql::kBatchRow, {id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return fail("NOT_FOUND", "推荐名单不存在");
  const auto& r = (*rows)[0];
  const auto& level = *unit.route_level;
  BatchView b;
  b.id = id;
  b.round_id = unit.round->id;
  b.level = level.id;
  b.level_name = level.name;
  b.unit_code = unit.code;
  b.unit_name = unit.name;
  b.state = r.get_text(1);
  b.ranked = review::level_ranks(level);
  b.deadline = level.deadline ? time::format_instant(*level.deadline) : "";
  b.letter_sha256 = r.get_text(2);
  b.letter_name = r.get_text(3);
  b.filed_at = r.get_text(4);
  if (unit.round->quotas.level == level.id || unit.round->quotas.level == level.region_kind) {
    b.quota_limit = unit.round->quotas.limit_for(unit.code);
    auto used = db.query(sql::kQuotaUsed, {unit.round->id, level.id, unit.code});
    if (!used) return std::unexpected(used.error());
    b.quota_used = static_cast<int>((*used)[0].get_int(0));
  }
  auto entries = db.query(sql::kEntries, {id});
  if (!entries) return std::unexpected(entries.error());
  for (const auto& e : *entries) {
    b.entries.push_back({e.get_text(0), e.get_text(1), e.get_text(2),
                         static_cast<int>(e.get_int(3)), e.get_int(4) != 0, e.get_text(5)});
  }
  for (const auto& a : level.joint) {
    if (a != level.authority) b.joint_required.push_back(a);
  }
  auto signatures = db.query(
      "SELECT authority, account_id, signed_at FROM batch_signatures WHERE batch_id = $1 ORDER "
      "BY signed_at, authority",
      {id});
  if (!signatures) return std::unexpected(signatures.error());
  for (const auto& s : *signatures)
    b.signatures.push_back({s.get_text(0), s.get_text(1), s.get_text(2)});
  return b;
}

Result<BatchView> Reviews::batch(const access::Principal& who, const std::string& round_id) {
  auto unit = unit_of(who, round_id);
  if (!unit) return std::unexpected(unit.error());
  if (!review::level_batches(*unit->route_level))
    return fail("NOT_FOUND", fmt::format("{}不报送推荐名单", unit->route_level->name));
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto id = open_batch(**lease, *unit);
  if (!id) return std::unexpected(id.error());
  return batch_view(**lease, *unit, *id);
}

Result<BatchView> Reviews::change_open_batch(const Unit& unit, const BatchChange& change) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  auto id = open_batch(db, unit);
  if (!id) return std::unexpected(id.error());
  TIDU_TRY(db.execute(sql::kLock, {*id}));
  auto before = batch_view(db, unit, *id);
  if (!before) return before;
  TIDU_TRY(change(db, *before));
  auto after = batch_view(db, unit, *id);
  if (!after) return after;
  TIDU_TRY(tx->commit());
  return after;
}

Result<BatchView> Reviews::rank(const access::Principal& who, const std::string& round_id,
                                const std::vector<std::string>& order) {
  auto unit = unit_of(who, round_id);
  if (!unit) return std::unexpected(unit.error());
  if (who.role != access::Role::kReviewer) return fail("FORBIDDEN", "只有审核员可以调整推荐顺序");
  if (!review::level_batches(*unit->route_level))
    return fail("NOT_FOUND", fmt::format("{}不报送推荐名单", unit->route_level->name));
  return change_open_batch(*unit, [&](Database& db, const BatchView& b) -> Result<void> {
    std::set<std::string> have;
    for (const auto& e : b.entries) have.insert(e.declaration_id);
    const std::set<std::string> given(order.begin(), order.end());
    if (given.size() != order.size() || given != have) {
      return fail("VALIDATION_FAILED",
                  fmt::format("推荐顺序须恰好包含名单中的 {} 份申报书，且每份一次；请刷新后重排",
                              have.size()));
    }
    for (std::size_t i = 0; i < order.size(); ++i) {
      TIDU_TRY(db.execute(
          "UPDATE batch_entries SET rank = $1 WHERE batch_id = $2 AND declaration_id = $3",
          {static_cast<std::int64_t>(i + 1), b.id, order[i]}));
    }
    TIDU_TRY(db.execute("DELETE FROM batch_signatures WHERE batch_id = $1", {b.id}));
    return audit(db, clock_(), who.account_id, "batch_rank", "batch:" + b.id, {{"order", order}});
  });
}
Result<std::string> Reviews::store_file(const access::Principal& who, const std::string& name,
                                        const std::string& bytes) {
  if (who.role != access::Role::kReviewer && who.role != access::Role::kCoDepartment)
    return fail("FORBIDDEN", "只有审核单位可以上传审核材料");
  if (bytes.size() > kMaxReviewerFileBytes) {
    return fail("FILE_TOO_LARGE",
                fmt::format("文件超过 {} MB 的上限", kMaxReviewerFileBytes >> 20));
  }
  auto type = files::sniff(bytes);
  if (!type) return std::unexpected(type.error());
  const std::string sha = security::sha256_hex(bytes);
  TIDU_TRY(files_.put(sha, bytes));
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  TIDU_TRY((*lease)->execute(
      "INSERT INTO files (sha256, media_type, size, created_at) VALUES ($1, $2, $3, $4) ON "
      "CONFLICT (sha256) DO NOTHING",
      {sha, type->mime, static_cast<std::int64_t>(bytes.size()), time::format_instant(clock_())}));
  TIDU_TRY(audit(**lease, clock_(), who.account_id, "review_file_upload", "file:" + sha,
                 {{"name", files::sanitize_file_name(name)}}));
  return sha;
}

Result<BatchView> Reviews::attach_letter(const access::Principal& who, const std::string& round_id,
                                         const std::string& name, const std::string& bytes) {
  auto unit = unit_of(who, round_id);
  if (!unit) return std::unexpected(unit.error());
  if (who.role != access::Role::kReviewer) return fail("FORBIDDEN", "只有审核员可以上传报送函");
  if (!review::level_batches(*unit->route_level))
    return fail("NOT_FOUND", fmt::format("{}不报送推荐名单", unit->route_level->name));
  auto sha = store_file(who, name, bytes);
  if (!sha) return std::unexpected(sha.error());
  return change_open_batch(*unit, [&](Database& db, const BatchView& b) -> Result<void> {
    TIDU_TRY(db.execute("UPDATE batches SET letter_sha256 = $1, letter_name = $2 WHERE id = $3",
                        {*sha, files::sanitize_file_name(name), b.id}));
    return audit(db, clock_(), who.account_id, "batch_letter", "batch:" + b.id, {{"sha256", *sha}});
  });
}
Result<BatchView> Reviews::sign(const access::Principal& who, const std::string& round_id) {
  auto unit = unit_of(who, round_id);
  if (!unit) return std::unexpected(unit.error());
  const auto& level = *unit->route_level;
  if (level.joint.empty()) return fail("NOT_FOUND", "本级推荐不需要联合署名");
  if (std::ranges::find(level.joint, who.authority) == level.joint.end())
    return fail("FORBIDDEN", fmt::format("“{}”不在本级联合推荐部门之列", who.authority));
  return change_open_batch(*unit, [&](Database& db, const BatchView& b) -> Result<void> {
    TIDU_TRY(db.execute("DELETE FROM batch_signatures WHERE batch_id = $1 AND authority = $2",
                        {b.id, who.authority}));
    TIDU_TRY(db.execute(
        "INSERT INTO batch_signatures (batch_id, authority, account_id, signed_at) VALUES ($1, "
        "$2, $3, $4)",
        {b.id, who.authority, who.account_id, time::format_instant(clock_())}));
    return audit(db, clock_(), who.account_id, "batch_sign", "batch:" + b.id,
                 {{"authority", who.authority}});
  });
}
std::vector<std::string> Reviews::filing_refusals(const Unit& unit, const BatchView& b) const {
  std::vector<std::string> reasons;
  const auto& level = *unit.route_level;
  if (b.entries.empty()) reasons.emplace_back("推荐名单为空");
  if (level.deadline && clock_() > *level.deadline) {
    reasons.push_back(fmt::format("{}的报送截止时间 {} 已过（{}）", level.name,
                                  time::format_instant(*level.deadline), level.clause));
  }
  if (b.letter_sha256.empty()) reasons.emplace_back("请先上传正式报送函（盖章 PDF）");
  if (b.quota_limit && b.quota_used > *b.quota_limit) {
    reasons.push_back(fmt::format("推荐数量超过名额（{} {}/{}）；{}", b.unit_name, b.quota_used,
                                  *b.quota_limit, unit.round->quotas.clause));
  }
  std::vector<std::string> missing;
  for (const auto& a : b.joint_required) {
    if (std::ranges::none_of(b.signatures, [&](const Signature& s) { return s.authority == a; }))
      missing.push_back(a);
  }
  if (!missing.empty()) {
    std::string names;
    for (const auto& m : missing) names += (names.empty() ? "" : "、") + m;
    reasons.push_back(fmt::format("尚待联合推荐部门署名：{}（{}）", names, level.clause));
  }
  return reasons;
}

Result<BatchView> Reviews::file(const access::Principal& who, const std::string& round_id) {
  auto unit = unit_of(who, round_id);
  if (!unit) return std::unexpected(unit.error());
  if (who.role != access::Role::kReviewer) return fail("FORBIDDEN", "只有审核员可以报送推荐名单");
  if (!review::level_batches(*unit->route_level))
    return fail("NOT_FOUND", fmt::format("{}不报送推荐名单", unit->route_level->name));
  return change_open_batch(*unit, [&](Database& db, const BatchView& b) -> Result<void> {
    if (auto reasons = filing_refusals(*unit, b); !reasons.empty()) {
      return fail_with("ACTION_NOT_ALLOWED", "不能报送推荐名单：" + reasons_text(reasons),
                       json{{"action", "file"}, {"reasons", reasons}}.dump());
    }
    for (const auto& e : b.entries) {
      auto step = act_in(db, who, e.declaration_id, Action::kFile, "");
      if (!step) {
        Error named = step.error();
        named.message = fmt::format("{}：{}", e.enterprise_name, named.message);
        return std::unexpected(named);
      }
    }
    TIDU_TRY(
        db.execute("UPDATE batches SET state = 'filed', filed_at = $1, filed_by = $2 WHERE id = $3",
                   {time::format_instant(clock_()), who.account_id, b.id}));
    return audit(db, clock_(), who.account_id, "batch_file", "batch:" + b.id,
                 {{"entries", b.entries.size()}, {"letter", b.letter_sha256}});
  });
}
Result<BatchView> Reviews::list_by_id(const access::Principal& who, const std::string& round_id,
                                      const std::string& batch_id) {
  auto unit = unit_of(who, round_id);
  if (!unit) return std::unexpected(unit.error());
  {
    auto lease = pool_.acquire();
    if (!lease) return std::unexpected(lease.error());
    auto own = (*lease)->query(
        "SELECT id FROM batches WHERE id = $1 AND round_id = $2 AND level = $3 AND unit_code = $4",
        {batch_id, unit->round->id, unit->route_level->id, unit->code});
    if (!own) return std::unexpected(own.error());
    if (!own->empty()) return batch_view(**lease, *unit, batch_id);
  }
  auto lists = received(who, round_id);
  if (!lists) return std::unexpected(lists.error());
  for (auto& b : *lists) {
    if (b.id == batch_id) return std::move(b);
  }
  return fail("NOT_FOUND", "推荐名单不存在");
}

Result<std::vector<BatchView>> Reviews::received(const access::Principal& who,
                                                 const std::string& round_id) {
  auto unit = unit_of(who, round_id);
  if (!unit) return std::unexpected(unit.error());
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  std::vector<BatchView> out;
  for (int i = unit->level - 1; i >= 0; --i) {
    const auto& below = unit->round->levels[static_cast<std::size_t>(i)];
    auto rows = db.query(
        "SELECT id, unit_code FROM batches WHERE round_id = $1 AND level = $2 AND state = 'filed' "
        "ORDER BY filed_at, id",
        {unit->round->id, below.id});
    if (!rows) return std::unexpected(rows.error());
    for (const auto& r : *rows) {
      // A list is received by the unit of the next level up that covers the filing unit.
      std::string filer_region = r.get_text(1);
      std::string filer_name;
      if (access::is_group_unit(filer_region)) {
        // An enterprise group's list goes to the unit above its own region.
        auto g = Groups::load(db, filer_region.substr(access::kGroupUnitPrefix.size()));
        if (!g) return std::unexpected(g.error());
        filer_region = g->region;
        filer_name = g->name;
      }
      const auto* up = access::reviewing_unit(catalogue_.regions, *unit->round, filer_region,
                                              unit->route_level->region_kind);
      if (up == nullptr || up->code != unit->code) continue;
      if (filer_name.empty()) {
        const auto* region = catalogue_.regions.find(filer_region);
        filer_name = region != nullptr ? region->name : filer_region;
      }
      Unit from{unit->round, i, &below, r.get_text(1), filer_name, who};
      auto b = batch_view(db, from, r.get_text(0));
      if (!b) return std::unexpected(b.error());
      out.push_back(std::move(*b));
    }
    if (review::level_batches(below)) break;  // lists further down were received below
  }
  return out;
}

}  // namespace tidu::service
