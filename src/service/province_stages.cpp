// The province's stages of a round (Reviews, continued): the expert pool, panels and score
// sheets; on-site checks; the public notice with real-name objections and its publication. The
// moves between stages are the workflow's (review/workflow.cpp); this file gathers their facts and
// stores what each stage leaves behind.
#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "core/text.hpp"
#include "files/names.hpp"
#include "files/sniff.hpp"
#include "review/experts.hpp"
#include "security/digest.hpp"
#include "service/accounts.hpp"
#include "service/reviews.hpp"
#include "service/reviews_detail.hpp"

namespace tidu::service {
namespace {

using nlohmann::json;
using review::Action;
using review::State;
using storage::Database;

constexpr std::size_t kMaxTextChars = 2000;
constexpr std::size_t kMaxObjectionChars = 5000;
constexpr std::size_t kMaxNameChars = 100;
constexpr std::size_t kMaxObjectionFileBytes = std::size_t{10} << 20;
constexpr std::size_t kMaxInspectors = 20;
constexpr std::size_t kMaxFiles = 20;
constexpr std::size_t kMaxNoticeEntries = 500;
constexpr std::size_t kMaxCriteria = 100;

namespace sql {
constexpr const char* kPanel =
    "SELECT p.expert_id, a.display_name, a.extra_json, p.source, (SELECT COUNT(*) FROM "
    "score_sheets s WHERE s.declaration_id = p.declaration_id AND s.expert_id = p.expert_id) "
    "FROM panel_members p JOIN accounts a ON a.id = p.expert_id WHERE p.declaration_id = $1 AND "
    "p.active = 1 ORDER BY p.expert_id";
constexpr const char* kOnPanel =
    "SELECT COUNT(*) FROM panel_members WHERE expert_id = $1 AND declaration_id = $2 AND active "
    "= 1";
constexpr const char* kReviewed =
    "SELECT d.id, e.name, d.state FROM declarations d JOIN enterprises e ON e.id = "
    "d.enterprise_id WHERE d.round_id = $1 AND d.level = $2 AND d.unit_code = $3 AND (d.state = "
    "'expert_review' OR EXISTS (SELECT 1 FROM panel_members p WHERE p.declaration_id = d.id)) "
    "ORDER BY e.name, d.id";
constexpr const char* kJoinPanel =
    "INSERT INTO panel_members (declaration_id, expert_id, source, assigned_by, assigned_at, "
    "active, left_reason, left_at) VALUES ($1, $2, $3, $4, $5, 1, '', NULL) ON CONFLICT "
    "(declaration_id, expert_id) DO UPDATE SET active = 1, source = $3, assigned_by = $4, "
    "assigned_at = $5, left_reason = '', left_at = NULL";
constexpr const char* kLeavePanel =
    "UPDATE panel_members SET active = 0, left_reason = $1, left_at = $2 WHERE declaration_id = "
    "$3 AND expert_id = $4 AND active = 1";
constexpr const char* kNoticeRow =
    "SELECT id, round_id, level, unit_code, title, starts_on, ends_on, working_days, calendar, "
    "COALESCE(published_at, '') FROM notices WHERE id = $1";
constexpr const char* kObjectionColumns =
    "o.id, o.notice_id, o.declaration_id, e.name, o.objector_kind, o.objector_name, "
    "o.objector_contact, o.content, o.file_sha256, o.file_name, o.received_at, o.state, "
    "o.outcome, o.resolution, COALESCE(o.resolved_at, '')";
}  // namespace sql

std::string today(const Clock& clock) { return time::format_date(time::beijing_date(clock())); }

std::vector<std::string> string_list(const json& j) {
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& v : j)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::string string_at(const json& j, std::string_view path) {
  const json* v = at_path(j, path);
  return v != nullptr && v->is_string() ? v->get<std::string>() : std::string();
}

review::ConflictPolicy conflict_policy(const rounds::Round& round) {
  return {.same_city =
              round.review.expert_review && round.review.expert_review->conflicts.same_city};
}

int panel_size(const rounds::Round& round) {
  return round.review.expert_review ? round.review.expert_review->panel_size : 0;
}

std::string_view stage_name(std::string_view stage) {
  if (stage == "expert_review") return "专家评审";
  if (stage == "onsite_check") return "现场核查";
  if (stage == "public_notice") return "公示";
  return "认定";
}

/// The route level id running the stage, or empty when the round has no such stage.
std::string stage_level(const rounds::Round& round, std::string_view stage) {
  const auto& p = round.review;
  if (stage == "expert_review" && p.expert_review) return p.expert_review->level;
  if (stage == "onsite_check" && p.onsite_check) return p.onsite_check->level;
  if (stage == "public_notice" && p.public_notice) return p.public_notice->level;
  if (stage == "recognition" && p.recognition) return p.recognition->level;
  return {};
}

Objection objection_from(const storage::Row& r) {
  return {.id = r.get_text(0),
          .notice_id = r.get_text(1),
          .declaration_id = r.get_text(2),
          .enterprise_name = r.get_text(3),
          .objector_kind = r.get_text(4),
          .objector_name = r.get_text(5),
          .objector_contact = r.get_text(6),
          .content = r.get_text(7),
          .file_sha256 = r.get_text(8),
          .file_name = r.get_text(9),
          .received_at = r.get_text(10),
          .state = r.get_text(11),
          .outcome = r.get_text(12),
          .resolution = r.get_text(13),
          .resolved_at = r.get_text(14),
          .identity_visible = true};
}

/// A stored score sheet's scores ({criterion: points}); non-numbers are left out.
std::map<std::string, double> scores_from(const std::string& text) {
  std::map<std::string, double> out;
  const json scores = json::parse(text, nullptr, false);
  if (!scores.is_object()) return out;
  for (const auto& [k, v] : scores.items())
    if (v.is_number()) out[k] = v.get<double>();
  return out;
}

/// A declaration as the conflict rules see it: its enterprise, city, industry and the
/// integrators it names.
review::Candidate candidate_of(const Reviews::Loaded& l, const catalogue::RegionTree& regions) {
  const auto* city = regions.ancestor_of_kind(l.enterprise_region, "city");
  const json* integrators = at_path(l.content, "factory.integrators");
  return {.declaration_id = l.id,
          .enterprise_name = l.enterprise_name,
          .credit_code = l.credit_code,
          .city = city != nullptr ? city->code : std::string(),
          .industry = string_at(l.content, "factory.sector"),
          .related_parties =
              integrators != nullptr ? string_list(*integrators) : std::vector<std::string>{}};
}

Result<std::vector<review::ScoreSheet>> sheets_of(Database& db, const std::string& id) {
  auto rows = db.query(
      "SELECT s.expert_id, s.scores_json, s.comment FROM score_sheets s JOIN panel_members p ON "
      "p.declaration_id = s.declaration_id AND p.expert_id = s.expert_id AND p.active = 1 WHERE "
      "s.declaration_id = $1 ORDER BY s.expert_id",
      {id});
  if (!rows) return std::unexpected(rows.error());
  std::vector<review::ScoreSheet> out;
  for (const auto& r : *rows) {
    review::ScoreSheet sheet{.expert_id = r.get_text(0), .scores = {}, .comment = r.get_text(2)};
    sheet.scores = scores_from(r.get_text(1));
    out.push_back(std::move(sheet));
  }
  return out;
}

}  // namespace

Result<bool> may_read_declaration(Database& db, const access::Principal& who,
                                  const access::DeclarationFacts& facts,
                                  const catalogue::RegionTree& regions, const std::string& id) {
  if (who.role != access::Role::kExpert) return access::may_read(who, facts, regions).allowed;
  // An expert reads exactly the declarations on their panels.
  auto rows = db.query(sql::kOnPanel, {who.account_id, id});
  if (!rows) return std::unexpected(rows.error());
  return (*rows)[0].get_int(0) > 0;
}

Result<Reviews::Loaded> Reviews::load_on_panel(Database& db, const access::Principal& who,
                                               const std::string& id) {
  // Not on the caller's panel reads as "no such declaration", whoever asks.
  if (who.role != access::Role::kExpert) return fail("NOT_FOUND", "申报书不存在");
  return load_readable(db, who, id);
}

Result<Reviews::Unit> Reviews::stage_unit(const access::Principal& who, const std::string& round_id,
                                          std::string_view stage) {
  const auto it = rounds_.rounds.find(round_id);
  if (it == rounds_.rounds.end())
    return fail("ROUND_UNKNOWN", fmt::format("批次“{}”不存在", round_id));
  const auto& round = it->second;
  const std::string level_id = stage_level(round, stage);
  if (level_id.empty())
    return fail("STAGE_ABSENT", fmt::format("本批次没有{}环节", stage_name(stage)));
  const int index = level_index(round, level_id);
  if (index < 0) return fail("STAGE_ABSENT", fmt::format("本批次没有{}环节", stage_name(stage)));
  const auto& level = round.levels[static_cast<std::size_t>(index)];
  if (who.role != access::Role::kReviewer || who.level != level.region_kind) {
    return fail("FORBIDDEN", fmt::format("本批次的{}由{}组织，只有其审核员可以进行",
                                         stage_name(stage), level.name));
  }
  if (!catalogue_.regions.within(who.region, round.region) &&
      !catalogue_.regions.within(round.region, who.region))
    return fail("FORBIDDEN", "本批次不在本单位辖区");
  const auto* region = catalogue_.regions.find(who.region);
  return Unit{&round, index, &level, who.region, region != nullptr ? region->name : who.region,
              who};
}

// ---- Expert pool and panels ----

Result<std::vector<PoolExpert>> Reviews::pool_in(Database& db, const Unit& unit) {
  auto rows = db.query(
      "SELECT a.id, a.display_name, a.region, a.extra_json, (SELECT COUNT(*) FROM panel_members "
      "p JOIN declarations d ON d.id = p.declaration_id WHERE p.expert_id = a.id AND p.active = "
      "1 AND d.round_id = $1) FROM accounts a WHERE a.role = 'expert' AND a.disabled = 0 ORDER "
      "BY a.id",
      {unit.round->id});
  if (!rows) return std::unexpected(rows.error());
  std::vector<PoolExpert> out;
  for (const auto& r : *rows) {
    const std::string region = r.get_text(2);
    if (!catalogue_.regions.within(region, unit.round->region)) continue;
    const json extra = json::parse(r.get_text(3), nullptr, false);
    const json empty = json::object();
    const json& e = extra.is_object() ? extra : empty;
    out.push_back({.id = r.get_text(0),
                   .name = r.get_text(1),
                   .employer = e.value("employer", std::string()),
                   .specialities = string_list(e.value("specialities", json::array())),
                   .region = region,
                   .contact = e.value("contact", std::string()),
                   .capacity = e.value("capacity", 0),
                   .load = static_cast<int>(r.get_int(4))});
  }
  return out;
}

Result<std::vector<PoolExpert>> Reviews::expert_pool(const access::Principal& who,
                                                     const std::string& round_id) {
  auto unit = stage_unit(who, round_id, "expert_review");
  if (!unit) return std::unexpected(unit.error());
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  return pool_in(**lease, *unit);
}

Result<std::vector<Panel>> Reviews::panels_in(Database& db, const Unit& unit) {
  auto rows = db.query(sql::kReviewed, {unit.round->id, unit.route_level->id, unit.code});
  if (!rows) return std::unexpected(rows.error());
  std::vector<Panel> out;
  const int required = panel_size(*unit.round);
  for (const auto& r : *rows) {
    Panel p{.declaration_id = r.get_text(0),
            .enterprise_name = r.get_text(1),
            .state = r.get_text(2),
            .required = required,
            .members = {},
            .complete = false};
    auto members = db.query(sql::kPanel, {p.declaration_id});
    if (!members) return std::unexpected(members.error());
    for (const auto& m : *members) {
      const json extra = json::parse(m.get_text(2), nullptr, false);
      p.members.push_back(
          {.expert_id = m.get_text(0),
           .name = m.get_text(1),
           .employer = extra.is_object() ? extra.value("employer", std::string()) : std::string(),
           .source = m.get_text(3),
           .scored = m.get_int(4) > 0});
    }
    p.complete = static_cast<int>(p.members.size()) >= required && required > 0 &&
                 std::ranges::all_of(p.members, [](const auto& m) { return m.scored; });
    out.push_back(std::move(p));
  }
  return out;
}

Result<std::vector<Panel>> Reviews::panels(const access::Principal& who,
                                           const std::string& round_id) {
  auto unit = stage_unit(who, round_id, "expert_review");
  if (!unit) return std::unexpected(unit.error());
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  return panels_in(**lease, *unit);
}

namespace {

/// The pool as the assignment rules see it, with each expert's declared conflicts.
Result<std::vector<review::Expert>> rule_experts(Database& db, const catalogue::RegionTree& regions,
                                                 const std::vector<PoolExpert>& pool) {
  std::vector<review::Expert> out;
  for (const auto& p : pool) {
    const auto* city = regions.ancestor_of_kind(p.region, "city");
    review::Expert e{.id = p.id,
                     .name = p.name,
                     .employer = p.employer,
                     .specialities = p.specialities,
                     .region = p.region,
                     .city = city != nullptr ? city->code : std::string(),
                     .capacity = p.capacity,
                     .declared_conflicts = {}};
    auto rows =
        db.query("SELECT declaration_id FROM expert_conflicts WHERE expert_id = $1", {p.id});
    if (!rows) return std::unexpected(rows.error());
    for (const auto& r : *rows) e.declared_conflicts.push_back(r.get_text(0));
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

Result<AssignOutcome> Reviews::assign_panels(const access::Principal& who,
                                             const std::string& round_id) {
  auto unit = stage_unit(who, round_id, "expert_review");
  if (!unit) return std::unexpected(unit.error());
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  auto pool = pool_in(db, *unit);
  if (!pool) return std::unexpected(pool.error());
  auto experts = rule_experts(db, catalogue_.regions, *pool);
  if (!experts) return std::unexpected(experts.error());
  auto current = panels_in(db, *unit);
  if (!current) return std::unexpected(current.error());

  std::vector<review::Candidate> candidates;
  std::vector<review::Assignment> fixed;
  for (const auto& p : *current) {
    if (!p.members.empty()) {
      review::Assignment a{.declaration_id = p.declaration_id, .expert_ids = {}};
      for (const auto& m : p.members) a.expert_ids.push_back(m.expert_id);
      fixed.push_back(std::move(a));
      continue;
    }
    if (p.state != "expert_review") continue;
    auto l = load(db, p.declaration_id);
    if (!l) return std::unexpected(l.error());
    candidates.push_back(candidate_of(*l, catalogue_.regions));
  }
  auto plan = review::assign_panels(candidates, *experts, panel_size(*unit->round),
                                    conflict_policy(*unit->round), fixed);
  if (!plan) return std::unexpected(plan.error());
  const std::string now = time::format_instant(clock_());
  std::set<std::string> new_ids;
  for (const auto& c : candidates) new_ids.insert(c.declaration_id);
  json assigned = json::array();
  for (const auto& a : plan->assignments) {
    if (!new_ids.contains(a.declaration_id)) continue;
    for (const auto& e : a.expert_ids)
      TIDU_TRY(db.execute(sql::kJoinPanel, {a.declaration_id, e, "auto", who.account_id, now}));
    assigned.push_back({{"declaration_id", a.declaration_id}, {"experts", a.expert_ids}});
  }
  TIDU_TRY(audit(db, clock_(), who.account_id, "panels_assign", "round:" + round_id,
                 {{"assigned", assigned}, {"unfilled", plan->unfilled}}));
  auto after = panels_in(db, *unit);
  if (!after) return std::unexpected(after.error());
  TIDU_TRY(tx->commit());
  AssignOutcome out;
  const std::set<std::string> unfilled(plan->unfilled.begin(), plan->unfilled.end());
  for (auto& p : *after) {
    if (unfilled.contains(p.declaration_id)) {
      out.unfilled.push_back(std::move(p));
    } else if (new_ids.contains(p.declaration_id)) {
      out.assigned.push_back(std::move(p));
    }
  }
  return out;
}

Result<Panel> Reviews::set_panel(const access::Principal& who, const std::string& id,
                                 const std::vector<std::string>& expert_ids) {
  if (expert_ids.size() > static_cast<std::size_t>(review::kMaxPanelSize))
    return fail("VALIDATION_FAILED", fmt::format("评审组最多 {} 名专家", review::kMaxPanelSize));
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  auto l = load_readable(db, who, id);
  if (!l) return std::unexpected(l.error());
  if (l->round == nullptr) return fail("NOT_FOUND", "申报书不存在");
  auto unit = stage_unit(who, l->round_id, "expert_review");
  if (!unit) return std::unexpected(unit.error());
  if (l->state != "expert_review" || l->level != unit->route_level->id) {
    return fail("ACTION_NOT_ALLOWED", "只有处于专家评审阶段的申报书可以调整评审组");
  }
  auto pool = pool_in(db, *unit);
  if (!pool) return std::unexpected(pool.error());
  auto experts = rule_experts(db, catalogue_.regions, *pool);
  if (!experts) return std::unexpected(experts.error());
  const auto candidate = candidate_of(*l, catalogue_.regions);
  auto reasons = review::check_panel({.declaration_id = id, .expert_ids = expert_ids}, candidate,
                                     *experts, conflict_policy(*l->round));
  const int required = panel_size(*l->round);
  if (static_cast<int>(expert_ids.size()) != required)
    reasons.insert(reasons.begin(), fmt::format("评审组应有 {} 名专家（本批次的规定）", required));
  if (!reasons.empty()) {
    return fail_with("PANEL_INVALID", "评审组不符合回避规定：" + reasons_text(reasons),
                     json{{"reasons", reasons}}.dump());
  }
  auto current = db.query(sql::kPanel, {id});
  if (!current) return std::unexpected(current.error());
  const std::string now = time::format_instant(clock_());
  const std::set<std::string> wanted(expert_ids.begin(), expert_ids.end());
  std::vector<std::string> before;
  for (const auto& r : *current) {
    before.push_back(r.get_text(0));
    if (!wanted.contains(r.get_text(0)))
      TIDU_TRY(db.execute(sql::kLeavePanel, {"人工调整", now, id, r.get_text(0)}));
  }
  for (const auto& e : expert_ids) {
    if (std::ranges::find(before, e) == before.end())
      TIDU_TRY(db.execute(sql::kJoinPanel, {id, e, "manual", who.account_id, now}));
  }
  TIDU_TRY(audit(db, clock_(), who.account_id, "panel_set", "declaration:" + id,
                 {{"before", before}, {"after", expert_ids}}));
  auto panels = panels_in(db, *unit);
  if (!panels) return std::unexpected(panels.error());
  TIDU_TRY(tx->commit());
  for (auto& p : *panels)
    if (p.declaration_id == id) return std::move(p);
  return fail("NOT_FOUND", "申报书不存在");
}

Result<ConflictOutcome> Reviews::declare_conflict(const access::Principal& who,
                                                  const std::string& id,
                                                  const std::string& reason) {
  // Not on the caller's panel reads as "no such declaration", whoever asks.
  if (who.role != access::Role::kExpert) return fail("NOT_FOUND", "申报书不存在");
  if (text::blank(reason)) return fail("VALIDATION_FAILED", "请写明回避理由");
  if (text::length(reason) > kMaxTextChars)
    return fail("VALIDATION_FAILED", fmt::format("回避理由不能超过 {} 字", kMaxTextChars));
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  auto l = load_on_panel(db, who, id);
  if (!l) return std::unexpected(l.error());
  if (l->round == nullptr || l->state != "expert_review")
    return fail("ACTION_NOT_ALLOWED", "专家评审已结束，不能再申明回避");
  const int index = level_index(*l->round, l->level);
  if (index < 0) return fail("ACTION_NOT_ALLOWED", "专家评审已结束，不能再申明回避");
  const auto* region = catalogue_.regions.find(l->round->region);
  const Unit unit{l->round,
                  index,
                  &l->round->levels[static_cast<std::size_t>(index)],
                  l->round->region,
                  region != nullptr ? region->name : l->round->region,
                  who};
  const std::string now = time::format_instant(clock_());
  TIDU_TRY(db.execute(
      "INSERT INTO expert_conflicts (id, declaration_id, expert_id, reason, declared_at) VALUES "
      "($1, $2, $3, $4, $5)",
      {new_id("x"), id, who.account_id, reason, now}));
  auto pool = pool_in(db, unit);
  if (!pool) return std::unexpected(pool.error());
  auto experts = rule_experts(db, catalogue_.regions, *pool);
  if (!experts) return std::unexpected(experts.error());
  // The round's panels as they stand (with the leaving expert), for load and the replacement.
  review::AssignmentPlan plan;
  auto members = db.query(
      "SELECT p.declaration_id, p.expert_id FROM panel_members p JOIN declarations d ON d.id = "
      "p.declaration_id WHERE d.round_id = $1 AND p.active = 1 ORDER BY p.declaration_id, "
      "p.expert_id",
      {l->round_id});
  if (!members) return std::unexpected(members.error());
  for (const auto& r : *members) {
    if (plan.assignments.empty() || plan.assignments.back().declaration_id != r.get_text(0))
      plan.assignments.push_back({.declaration_id = r.get_text(0), .expert_ids = {}});
    plan.assignments.back().expert_ids.push_back(r.get_text(1));
    ++plan.load[r.get_text(1)];
  }
  const auto candidate = candidate_of(*l, catalogue_.regions);
  auto replacement =
      review::replace_expert(plan, candidate, who.account_id, *experts, conflict_policy(*l->round));
  TIDU_TRY(db.execute(sql::kLeavePanel, {"申明回避：" + reason, now, id, who.account_id}));
  ConflictOutcome out;
  if (replacement) {
    TIDU_TRY(db.execute(sql::kJoinPanel, {id, *replacement, "replacement", who.account_id, now}));
    out.replacement_id = *replacement;
    out.message = "已记录回避，系统已补选一名无利益冲突的专家";
  } else if (replacement.error().code == "NO_REPLACEMENT_EXPERT") {
    out.message = "已记录回避；专家库中暂无可替换的专家，已通知组织单位手动调整";
  } else {
    return std::unexpected(replacement.error());
  }
  TIDU_TRY(db.execute(
      detail::kInsertNotification,
      {new_id("n"), unit.route_level->region_kind, unit.code, id,
       fmt::format("专家{}申明回避{}的申报书：{}{}", who.username, l->enterprise_name, reason,
                   out.replacement_id.empty() ? "；暂无可替换专家，请手动调整评审组" : ""),
       now}));
  TIDU_TRY(audit(db, clock_(), who.account_id, "expert_conflict", "declaration:" + id,
                 {{"reason", reason}, {"replacement", out.replacement_id}}));
  TIDU_TRY(tx->commit());
  return out;
}

Result<std::vector<ExpertTask>> Reviews::expert_tasks(const access::Principal& who) {
  if (who.role != access::Role::kExpert) return fail("FORBIDDEN", "只有评审专家有评审任务");
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto rows = db.query(
      "SELECT p.declaration_id, (SELECT COUNT(*) FROM score_sheets s WHERE s.declaration_id = "
      "p.declaration_id AND s.expert_id = p.expert_id) FROM panel_members p WHERE p.expert_id = "
      "$1 AND p.active = 1 ORDER BY p.assigned_at, p.declaration_id",
      {who.account_id});
  if (!rows) return std::unexpected(rows.error());
  std::vector<ExpertTask> out;
  for (const auto& r : *rows) {
    auto l = load(db, r.get_text(0));
    if (!l) return std::unexpected(l.error());
    out.push_back({.declaration_id = l->id,
                   .round_id = l->round_id,
                   .round_name = l->round != nullptr ? l->round->name : l->round_id,
                   .enterprise_name = l->enterprise_name,
                   .factory_name = string_at(l->content, "factory.name"),
                   .state = l->state,
                   .scored = r.get_int(1) > 0});
  }
  return out;
}

Result<SheetView> Reviews::score_sheet(const access::Principal& who, const std::string& id) {
  if (who.role != access::Role::kExpert) return fail("NOT_FOUND", "申报书不存在");
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto l = load_on_panel(db, who, id);
  if (!l) return std::unexpected(l.error());
  if (l->round == nullptr || !l->round->review.expert_review)
    return fail("STAGE_ABSENT", "本批次没有专家评审环节");
  SheetView view{.declaration_id = id,
                 .criteria = l->round->review.expert_review->criteria,
                 .total_max = 0,
                 .sheet = std::nullopt,
                 .submitted_at = {},
                 .editable = l->state == "expert_review"};
  for (const auto& c : view.criteria) view.total_max += c.max;
  auto rows = db.query(
      "SELECT scores_json, comment, submitted_at FROM score_sheets WHERE declaration_id = $1 AND "
      "expert_id = $2",
      {id, who.account_id});
  if (!rows) return std::unexpected(rows.error());
  if (!rows->empty()) {
    review::ScoreSheet sheet{
        .expert_id = who.account_id, .scores = {}, .comment = (*rows)[0].get_text(1)};
    sheet.scores = scores_from((*rows)[0].get_text(0));
    view.sheet = std::move(sheet);
    view.submitted_at = (*rows)[0].get_text(2);
  }
  return view;
}

Result<SheetView> Reviews::submit_score_sheet(const access::Principal& who, const std::string& id,
                                              review::ScoreSheet sheet) {
  if (who.role != access::Role::kExpert) return fail("NOT_FOUND", "申报书不存在");
  if (sheet.scores.size() > kMaxCriteria) return fail("VALIDATION_FAILED", "评分项过多");
  if (text::length(sheet.comment) > kMaxTextChars)
    return fail("VALIDATION_FAILED", fmt::format("评审意见不能超过 {} 字", kMaxTextChars));
  {
    auto lease = pool_.acquire();
    if (!lease) return std::unexpected(lease.error());
    Database& db = **lease;
    auto tx = storage::Transaction::begin(db);
    if (!tx) return std::unexpected(tx.error());
    auto l = load_on_panel(db, who, id);
    if (!l) return std::unexpected(l.error());
    if (l->round == nullptr || !l->round->review.expert_review)
      return fail("STAGE_ABSENT", "本批次没有专家评审环节");
    if (l->state != "expert_review")
      return fail("ACTION_NOT_ALLOWED", "专家评审已结束，评分不能再修改");
    const auto& criteria = l->round->review.expert_review->criteria;
    const auto problems = review::validate_sheet(sheet, criteria);
    if (!problems.empty()) {
      return fail_with("SCORE_SHEET_INVALID", "评分表有误：" + reasons_text(problems),
                       json{{"reasons", problems}}.dump());
    }
    json scores = json::object();
    for (const auto& [k, v] : sheet.scores) scores[k] = v;
    const std::string now = time::format_instant(clock_());
    const auto half_points = static_cast<std::int64_t>(std::llround(review::total(sheet) * 2));
    TIDU_TRY(
        db.execute("INSERT INTO score_sheets (declaration_id, expert_id, scores_json, comment, "
                   "total_half_points, submitted_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT "
                   "(declaration_id, expert_id) DO UPDATE SET scores_json = $3, comment = $4, "
                   "total_half_points = $5, submitted_at = $6",
                   {id, who.account_id, scores.dump(), sheet.comment, half_points, now}));
    TIDU_TRY(audit(db, clock_(), who.account_id, "score_sheet", "declaration:" + id,
                   {{"scores", scores}, {"total", review::total(sheet)}}));
    TIDU_TRY(tx->commit());
  }
  return score_sheet(who, id);
}

Result<ExpertResults> Reviews::results_in(Database& db, const rounds::Round& round,
                                          const std::string& level_id,
                                          const std::string& unit_code) {
  ExpertResults out;
  if (!round.review.expert_review) return out;
  const auto& er = *round.review.expert_review;
  out.aggregation = std::string(rounds::aggregation_id(er.aggregation));
  if (er.shortlist) {
    out.shortlist_size = er.shortlist->size;
    out.shortlist_min_score = er.shortlist->min_score;
  }
  auto rows = db.query(sql::kReviewed, {round.id, level_id, unit_code});
  if (!rows) return std::unexpected(rows.error());
  std::vector<review::Aggregate> aggregates;
  std::vector<ExpertResult> unscored;
  std::map<std::string, ExpertResult> by_id;
  for (const auto& r : *rows) {
    ExpertResult item{.declaration_id = r.get_text(0),
                      .enterprise_name = r.get_text(1),
                      .state = r.get_text(2),
                      .panel = 0,
                      .sheets = 0,
                      .complete = false,
                      .score = std::nullopt,
                      .rank = 0,
                      .proposed = false,
                      .note = {}};
    auto members = db.query(sql::kPanel, {item.declaration_id});
    if (!members) return std::unexpected(members.error());
    item.panel = static_cast<int>(members->size());
    auto sheets = sheets_of(db, item.declaration_id);
    if (!sheets) return std::unexpected(sheets.error());
    item.sheets = static_cast<int>(sheets->size());
    item.complete = item.panel >= er.panel_size && item.sheets == item.panel && item.panel > 0;
    if (!item.complete) {
      item.note = item.panel < er.panel_size
                      ? fmt::format("评审组 {}/{} 人，尚未配齐", item.panel, er.panel_size)
                      : fmt::format("已评分 {}/{}", item.sheets, item.panel);
      if (item.state == "expert_review") ++out.unscored;
      unscored.push_back(std::move(item));
      continue;
    }
    auto agg = review::aggregate(item.declaration_id, *sheets, er.aggregation);
    if (!agg) return std::unexpected(agg.error());
    item.score = agg->score;
    item.note = agg->note;
    aggregates.push_back(*agg);
    by_id.emplace(item.declaration_id, std::move(item));
  }
  const auto ranked = review::rank(aggregates);
  const auto proposed = review::shortlist(ranked, out.shortlist_size, out.shortlist_min_score);
  const std::set<std::string> in(proposed.begin(), proposed.end());
  for (const auto& r : ranked) {
    auto item = std::move(by_id.at(r.aggregate.declaration_id));
    item.rank = r.rank;
    item.proposed = in.contains(item.declaration_id);
    out.items.push_back(std::move(item));
  }
  for (auto& u : unscored) out.items.push_back(std::move(u));
  return out;
}

Result<ExpertResults> Reviews::expert_results(const access::Principal& who,
                                              const std::string& round_id) {
  auto unit = stage_unit(who, round_id, "expert_review");
  if (!unit) return std::unexpected(unit.error());
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  return results_in(**lease, *unit->round, unit->route_level->id, unit->code);
}

// ---- The stages' facts for the workflow ----

Result<void> Reviews::stage_facts(Database& db, const Loaded& l, review::Situation& s) {
  if (l.round == nullptr || s.level < 0) return {};
  const auto& level = l.round->levels[static_cast<std::size_t>(s.level)];
  if (s.state == State::kExpertReview && l.round->review.expert_review) {
    auto results = results_in(db, *l.round, level.id, s.unit_code);
    if (!results) return std::unexpected(results.error());
    s.shortlist_size = results->shortlist_size;
    s.shortlist_min_score = results->shortlist_min_score;
    s.expert_unscored = results->unscored;
    for (const auto& item : results->items) {
      if (item.declaration_id != l.id) continue;
      s.expert_scores_complete = item.complete;
      s.expert_score = item.score;
      if (item.rank > 0) s.expert_rank = item.rank;
    }
  }
  auto onsite = db.query(
      "SELECT result FROM onsite_checks WHERE declaration_id = $1 AND level = $2 ORDER BY "
      "recorded_at DESC, id DESC",
      {l.id, level.id});
  if (!onsite) return std::unexpected(onsite.error());
  s.onsite_recorded = !onsite->empty();
  s.onsite_passed = s.onsite_recorded && (*onsite)[0].get_text(0) == "pass";
  auto notice = db.query(
      "SELECT n.ends_on FROM notice_entries e JOIN notices n ON n.id = e.notice_id WHERE "
      "e.declaration_id = $1 ORDER BY n.created_at DESC",
      {l.id});
  if (!notice) return std::unexpected(notice.error());
  s.notice_ended = !notice->empty() && today(clock_) > (*notice)[0].get_text(0);
  auto objections =
      db.query("SELECT state, outcome FROM objections WHERE declaration_id = $1", {l.id});
  if (!objections) return std::unexpected(objections.error());
  for (const auto& r : *objections) {
    if (r.get_text(0) == "open") s.objection_open = true;
    if (r.get_text(1) == "upheld") s.objection_upheld = true;
  }
  return {};
}

// ---- On-site check ----

Result<OnsiteRecord> Reviews::record_onsite(const access::Principal& who, const std::string& id,
                                            OnsiteRecord record) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  auto l = load_readable(db, who, id);
  if (!l) return std::unexpected(l.error());
  if (l->round == nullptr || !l->round->review.onsite_check)
    return fail("STAGE_ABSENT", "本批次没有现场核查环节");
  auto unit = stage_unit(who, l->round_id, "onsite_check");
  if (!unit) return std::unexpected(unit.error());
  if (l->state != "onsite_check" || l->level != unit->route_level->id)
    return fail("ACTION_NOT_ALLOWED", "只有处于现场核查阶段的申报书可以记录核查结果");

  std::vector<std::string> problems;
  const auto day = time::parse_date(record.checked_on);
  if (!day) {
    problems.emplace_back("核查日期应为 YYYY-MM-DD");
  } else if (record.checked_on > today(clock_)) {
    problems.emplace_back("核查日期不能晚于今天");
  }
  std::erase_if(record.inspectors, [](const std::string& n) { return text::blank(n); });
  if (record.inspectors.empty()) problems.emplace_back("请填写核查人员");
  if (record.inspectors.size() > kMaxInspectors)
    problems.push_back(fmt::format("核查人员最多 {} 名", kMaxInspectors));
  for (const auto& n : record.inspectors) {
    if (text::length(n) > kMaxNameChars) problems.push_back(fmt::format("核查人员姓名过长：{}", n));
  }
  const auto& checklist = l->round->review.onsite_check->checklist;
  std::set<std::string> seen;
  for (const auto& f : record.findings) {
    const bool known =
        std::ranges::any_of(checklist, [&](const auto& c) { return c.id == f.item; });
    if (!known) problems.push_back(fmt::format("核查清单中没有“{}”这一项", f.item));
    if (!seen.insert(f.item).second) problems.push_back(fmt::format("“{}”填写了两次", f.item));
    if (text::length(f.note) > kMaxTextChars)
      problems.push_back(fmt::format("“{}”的说明不能超过 {} 字", f.item, kMaxTextChars));
  }
  for (const auto& c : checklist) {
    if (!seen.contains(c.id)) problems.push_back(fmt::format("请填写核查项“{}”的结果", c.text));
  }
  if (record.result != "pass" && record.result != "fail")
    problems.emplace_back("核查结论应为 pass（通过）或 fail（不通过）");
  const bool any_gap =
      std::ranges::any_of(record.findings, [](const auto& f) { return !f.conforms; });
  if (any_gap && text::blank(record.note)) problems.emplace_back("有不符合项时须填写核查说明");
  if (text::length(record.note) > kMaxTextChars)
    problems.push_back(fmt::format("核查说明不能超过 {} 字", kMaxTextChars));
  if (record.files.size() > kMaxFiles) problems.push_back(fmt::format("附件最多 {} 个", kMaxFiles));
  for (auto& f : record.files) {
    if (!is_content_hash(f.sha256)) {
      problems.push_back(fmt::format("附件“{}”应为已上传文件的 SHA-256", f.name));
      continue;
    }
    auto has = files_.contains(f.sha256);
    if (!has) return std::unexpected(has.error());
    if (!*has) problems.push_back(fmt::format("附件“{}”尚未上传", f.name));
    f.name = files::sanitize_file_name(f.name);
  }
  if (!problems.empty()) {
    return fail_with("ONSITE_INVALID", "现场核查记录有误：" + reasons_text(problems),
                     json{{"reasons", problems}}.dump());
  }
  record.id = new_id("o");
  record.level = l->level;
  record.recorded_by = who.account_id;
  record.recorded_at = time::format_instant(clock_());
  json findings = json::array();
  for (const auto& f : record.findings)
    findings.push_back({{"item", f.item}, {"conforms", f.conforms}, {"note", f.note}});
  json files = json::array();
  for (const auto& f : record.files) files.push_back({{"sha256", f.sha256}, {"name", f.name}});
  TIDU_TRY(db.execute(
      "INSERT INTO onsite_checks (id, declaration_id, level, checked_on, inspectors_json, "
      "findings_json, result, note, files_json, recorded_by, recorded_at) VALUES ($1, $2, $3, "
      "$4, $5, $6, $7, $8, $9, $10, $11)",
      {record.id, id, record.level, record.checked_on, json(record.inspectors).dump(),
       findings.dump(), record.result, record.note, files.dump(), record.recorded_by,
       record.recorded_at}));
  TIDU_TRY(
      db.execute(detail::kInsertEvent, {new_id("v"), id, record.recorded_at, who.account_id,
                                        "record_onsite", l->state, l->state, l->level,
                                        fmt::format("现场核查（{}）：{}", record.checked_on,
                                                    record.result == "pass" ? "通过" : "不通过")}));
  TIDU_TRY(audit(
      db, clock_(), who.account_id, "onsite_check", "declaration:" + id,
      {{"checked_on", record.checked_on}, {"result", record.result}, {"findings", findings}}));
  TIDU_TRY(tx->commit());
  return record;
}

Result<std::vector<OnsiteRecord>> Reviews::onsite_records(const access::Principal& who,
                                                          const std::string& id) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto l = load_readable(**lease, who, id);
  if (!l) return std::unexpected(l.error());
  if (who.role == access::Role::kEnterprise || who.role == access::Role::kExpert)
    return fail("NOT_FOUND", "申报书不存在");
  auto rows = (*lease)->query(
      "SELECT id, level, checked_on, inspectors_json, findings_json, result, note, files_json, "
      "recorded_by, recorded_at FROM onsite_checks WHERE declaration_id = $1 ORDER BY "
      "recorded_at DESC, id DESC",
      {id});
  if (!rows) return std::unexpected(rows.error());
  std::vector<OnsiteRecord> out;
  for (const auto& r : *rows) {
    OnsiteRecord rec{.id = r.get_text(0),
                     .level = r.get_text(1),
                     .checked_on = r.get_text(2),
                     .inspectors = string_list(json::parse(r.get_text(3), nullptr, false)),
                     .findings = {},
                     .result = r.get_text(5),
                     .note = r.get_text(6),
                     .files = {},
                     .recorded_by = r.get_text(8),
                     .recorded_at = r.get_text(9)};
    const json findings = json::parse(r.get_text(4), nullptr, false);
    if (findings.is_array()) {
      for (const auto& f : findings) {
        rec.findings.push_back({.item = f.value("item", std::string()),
                                .conforms = f.value("conforms", false),
                                .note = f.value("note", std::string())});
      }
    }
    const json files = json::parse(r.get_text(7), nullptr, false);
    if (files.is_array()) {
      for (const auto& f : files)
        rec.files.push_back({f.value("sha256", std::string()), f.value("name", std::string())});
    }
    out.push_back(std::move(rec));
  }
  return out;
}

// ---- Public notice ----

Result<Notice> Reviews::notice_in(Database& db, const std::string& id) {
  auto rows = db.query(sql::kNoticeRow, {id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return fail("NOT_FOUND", "公示不存在");
  const auto& r = (*rows)[0];
  Notice n{.id = r.get_text(0),
           .round_id = r.get_text(1),
           .round_name = r.get_text(1),
           .title = r.get_text(4),
           .where = {},
           .starts_on = r.get_text(5),
           .ends_on = r.get_text(6),
           .working_days = static_cast<int>(r.get_int(7)),
           .calendar = r.get_text(8),
           .status = {},
           .published_at = r.get_text(9),
           .entries = {}};
  if (auto it = rounds_.rounds.find(n.round_id); it != rounds_.rounds.end()) {
    n.round_name = it->second.name;
    if (it->second.review.public_notice) n.where = it->second.review.public_notice->where;
  }
  const std::string day = today(clock_);
  if (!n.published_at.empty()) {
    n.status = "published";
  } else if (day < n.starts_on) {
    n.status = "scheduled";
  } else if (day <= n.ends_on) {
    n.status = "open";
  } else {
    n.status = "ended";
  }
  auto entries = db.query(
      "SELECT declaration_id FROM notice_entries WHERE notice_id = $1 ORDER BY position", {id});
  if (!entries) return std::unexpected(entries.error());
  for (const auto& e : *entries) {
    auto l = load(db, e.get_text(0));
    if (!l) return std::unexpected(l.error());
    const auto* city = catalogue_.regions.ancestor_of_kind(l->enterprise_region, "city");
    std::string outcome;
    if (n.status == "published") outcome = l->state == "recognised" ? "recognised" : "rejected";
    n.entries.push_back({.declaration_id = l->id,
                         .enterprise_name = l->enterprise_name,
                         .factory_name = string_at(l->content, "factory.name"),
                         .region_name = city != nullptr ? city->name : std::string(),
                         .outcome = outcome});
  }
  return n;
}

Result<Notice> Reviews::notice(const std::string& id) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  return notice_in(**lease, id);
}

Result<std::vector<Notice>> Reviews::notices(const std::string& round_id) {
  if (!rounds_.rounds.contains(round_id))
    return fail("ROUND_UNKNOWN", fmt::format("批次“{}”不存在", round_id));
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto rows = (*lease)->query("SELECT id FROM notices WHERE round_id = $1 ORDER BY created_at, id",
                              {round_id});
  if (!rows) return std::unexpected(rows.error());
  std::vector<Notice> out;
  for (const auto& r : *rows) {
    auto n = notice_in(**lease, r.get_text(0));
    if (!n) return std::unexpected(n.error());
    out.push_back(std::move(*n));
  }
  return out;
}

Result<Notice> Reviews::start_notice(const access::Principal& who, const std::string& round_id,
                                     const std::string& title, const std::string& starts_on,
                                     const std::vector<std::string>& ids) {
  auto unit = stage_unit(who, round_id, "public_notice");
  if (!unit) return std::unexpected(unit.error());
  const auto& policy = *unit->round->review.public_notice;
  if (ids.empty()) return fail("VALIDATION_FAILED", "请选择公示的申报书");
  if (ids.size() > kMaxNoticeEntries)
    return fail("VALIDATION_FAILED", fmt::format("一次公示最多 {} 份申报书", kMaxNoticeEntries));
  if (std::set<std::string>(ids.begin(), ids.end()).size() != ids.size())
    return fail("VALIDATION_FAILED", "公示名单中有重复的申报书");
  if (text::length(title) > kMaxNameChars * 2) return fail("VALIDATION_FAILED", "公示标题过长");
  const auto start = time::parse_date(starts_on);
  if (!start) return fail("VALIDATION_FAILED", "公示开始日期应为 YYYY-MM-DD");
  if (starts_on < today(clock_)) return fail("VALIDATION_FAILED", "公示开始日期不能早于今天");
  const auto cal = rounds_.review.calendars.find(policy.calendar);
  if (cal == rounds_.review.calendars.end())
    return fail("CALENDAR_UNKNOWN", fmt::format("工作日历“{}”不存在", policy.calendar));
  auto first = cal->second.add_working_days(*start, 1);
  if (!first) return std::unexpected(first.error());
  auto end = cal->second.add_working_days(*start, policy.working_days);
  if (!end) return std::unexpected(end.error());

  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  const std::string id = new_id("p");
  const std::string now = time::format_instant(clock_());
  const std::string name =
      text::blank(title) ? fmt::format("{}拟认定名单公示", unit->round->name) : title;
  TIDU_TRY(db.execute(
      "INSERT INTO notices (id, round_id, level, unit_code, title, starts_on, ends_on, "
      "working_days, calendar, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
      "$9, $10, $11)",
      {id, round_id, unit->route_level->id, unit->code, name, time::format_date(*first),
       time::format_date(*end), static_cast<std::int64_t>(policy.working_days), policy.calendar,
       who.account_id, now}));
  json refused = json::array();
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto step = act_in(db, who, ids[i], Action::kStartNotice, "");
    if (!step) {
      refused.push_back({{"declaration_id", ids[i]}, {"message", step.error().message}});
      texts.push_back(step.error().message);
      continue;
    }
    TIDU_TRY(db.execute(
        "INSERT INTO notice_entries (notice_id, declaration_id, position) VALUES ($1, $2, $3)",
        {id, ids[i], static_cast<std::int64_t>(i + 1)}));
  }
  if (!refused.empty()) {
    return fail_with(
        "NOTICE_REFUSED",
        fmt::format("{} 份申报书不能进入公示：{}", refused.size(), reasons_text(texts)),
        json{{"refused", refused}}.dump());
  }
  TIDU_TRY(audit(db, clock_(), who.account_id, "notice_start", "notice:" + id,
                 {{"round", round_id},
                  {"starts_on", time::format_date(*first)},
                  {"ends_on", time::format_date(*end)},
                  {"declarations", ids}}));
  auto n = notice_in(db, id);
  if (!n) return std::unexpected(n.error());
  TIDU_TRY(tx->commit());
  return n;
}

Result<Objection> Reviews::object(const std::string& notice_id, Objection in,
                                  const std::string& bytes) {
  std::vector<std::string> missing;
  if (in.objector_kind != "person" && in.objector_kind != "unit")
    return fail("VALIDATION_FAILED", "异议人类型应为 person（个人）或 unit（单位）");
  const bool person = in.objector_kind == "person";
  if (text::blank(in.objector_name)) missing.emplace_back(person ? "真实姓名" : "单位名称");
  if (text::blank(in.objector_contact)) missing.emplace_back("联系方式");
  if (text::blank(in.content)) missing.emplace_back("异议内容");
  if (bytes.empty()) missing.emplace_back(person ? "本人签名的书面材料" : "加盖单位公章的书面材料");
  if (!missing.empty()) {
    return fail_with(
        "OBJECTION_NOT_REAL_NAME",
        fmt::format("异议须实名提出，匿名异议不予受理。请补充：{}", reasons_text(missing)),
        json{{"missing", missing}}.dump());
  }
  if (text::length(in.objector_name) > kMaxNameChars ||
      text::length(in.objector_contact) > kMaxNameChars)
    return fail("VALIDATION_FAILED", fmt::format("姓名和联系方式不能超过 {} 字", kMaxNameChars));
  if (text::length(in.content) > kMaxObjectionChars)
    return fail("VALIDATION_FAILED", fmt::format("异议内容不能超过 {} 字", kMaxObjectionChars));
  if (bytes.size() > kMaxObjectionFileBytes) {
    return fail("FILE_TOO_LARGE",
                fmt::format("书面材料超过 {} MB 的上限", kMaxObjectionFileBytes >> 20));
  }
  auto type = files::sniff(bytes, {"pdf", "jpeg", "png"});
  if (!type) return std::unexpected(type.error());

  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto n = notice_in(db, notice_id);
  if (!n) return std::unexpected(n.error());
  if (n->status != "open") {
    return fail("NOTICE_CLOSED",
                fmt::format("公示期为 {} 至 {}，现在不能提出异议", n->starts_on, n->ends_on));
  }
  const auto entry = std::ranges::find_if(
      n->entries, [&](const auto& e) { return e.declaration_id == in.declaration_id; });
  if (entry == n->entries.end()) return fail("NOT_FOUND", "该企业不在本次公示名单中");
  const std::string sha = security::sha256_hex(bytes);
  TIDU_TRY(files_.put(sha, bytes));
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  const std::string now = time::format_instant(clock_());
  TIDU_TRY(db.execute(
      "INSERT INTO files (sha256, media_type, size, created_at) VALUES ($1, $2, $3, $4) ON "
      "CONFLICT (sha256) DO NOTHING",
      {sha, type->mime, static_cast<std::int64_t>(bytes.size()), now}));
  in.id = new_id("q");
  in.notice_id = notice_id;
  in.enterprise_name = entry->enterprise_name;
  in.file_sha256 = sha;
  in.file_name = files::sanitize_file_name(in.file_name.empty() ? "异议材料" : in.file_name);
  in.received_at = now;
  in.state = "open";
  in.identity_visible = true;
  TIDU_TRY(db.execute(
      "INSERT INTO objections (id, notice_id, declaration_id, objector_kind, objector_name, "
      "objector_contact, content, file_sha256, file_name, received_at, state) VALUES ($1, $2, "
      "$3, $4, $5, $6, $7, $8, $9, $10, 'open')",
      {in.id, notice_id, in.declaration_id, in.objector_kind, in.objector_name, in.objector_contact,
       in.content, sha, in.file_name, now}));
  auto unit = db.query("SELECT level, unit_code, round_id FROM notices WHERE id = $1", {notice_id});
  if (!unit) return std::unexpected(unit.error());
  const auto& round = rounds_.rounds.at((*unit)[0].get_text(2));
  const int index = level_index(round, (*unit)[0].get_text(0));
  const std::string kind =
      index >= 0 ? round.levels[static_cast<std::size_t>(index)].region_kind : "province";
  TIDU_TRY(db.execute(
      detail::kInsertNotification,
      {new_id("n"), kind, (*unit)[0].get_text(1), in.declaration_id,
       fmt::format("“{}”收到对{}的实名异议，请核实处理", n->title, in.enterprise_name), now}));
  TIDU_TRY(audit(db, clock_(), "public", "objection", "declaration:" + in.declaration_id,
                 {{"notice", notice_id}, {"objection", in.id}, {"file", sha}}));
  TIDU_TRY(tx->commit());
  return in;
}

Result<std::vector<Objection>> Reviews::objections(const access::Principal& who,
                                                   const std::string& id) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto l = load_readable(db, who, id);
  if (!l) return std::unexpected(l.error());
  if (who.role == access::Role::kExpert) return fail("NOT_FOUND", "申报书不存在");
  auto rows = db.query(
      fmt::format("SELECT {}, n.level, n.unit_code FROM objections o JOIN notices n ON n.id = "
                  "o.notice_id JOIN declarations d ON d.id = o.declaration_id JOIN enterprises "
                  "e ON e.id = d.enterprise_id WHERE o.declaration_id = $1 ORDER BY "
                  "o.received_at, o.id",
                  sql::kObjectionColumns),
      {id});
  if (!rows) return std::unexpected(rows.error());
  std::vector<Objection> out;
  for (const auto& r : *rows) {
    auto o = objection_from(r);
    const int index = l->round != nullptr ? level_index(*l->round, r.get_text(15)) : -1;
    const bool notice_unit =
        who.role == access::Role::kReviewer && index >= 0 &&
        who.level == l->round->levels[static_cast<std::size_t>(index)].region_kind &&
        who.region == r.get_text(16);
    if (!notice_unit) {
      o.objector_name.clear();
      o.objector_contact.clear();
      o.file_sha256.clear();
      o.file_name.clear();
      o.identity_visible = false;
    }
    out.push_back(std::move(o));
  }
  return out;
}

Result<Objection> Reviews::resolve_objection(const access::Principal& who, const std::string& id,
                                             const std::string& outcome,
                                             const std::string& resolution) {
  if (outcome != "upheld" && outcome != "dismissed")
    return fail("VALIDATION_FAILED", "处理结论应为 upheld（异议成立）或 dismissed（异议不成立）");
  if (text::blank(resolution)) return fail("VALIDATION_FAILED", "请填写核实情况和处理意见");
  if (text::length(resolution) > kMaxTextChars)
    return fail("VALIDATION_FAILED", fmt::format("处理意见不能超过 {} 字", kMaxTextChars));
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  auto rows = db.query(
      fmt::format("SELECT {}, n.round_id FROM objections o JOIN notices n ON n.id = o.notice_id "
                  "JOIN declarations d ON d.id = o.declaration_id JOIN enterprises e ON e.id = "
                  "d.enterprise_id WHERE o.id = $1",
                  sql::kObjectionColumns),
      {id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return fail("NOT_FOUND", "异议不存在");
  auto o = objection_from((*rows)[0]);
  auto unit = stage_unit(who, (*rows)[0].get_text(15), "public_notice");
  if (!unit) return fail("NOT_FOUND", "异议不存在");
  if (o.state != "open") return fail("STATE_CONFLICT", "该异议已处理");
  const std::string now = time::format_instant(clock_());
  TIDU_TRY(db.execute(
      "UPDATE objections SET state = 'resolved', outcome = $1, resolution = $2, resolved_by = "
      "$3, resolved_at = $4 WHERE id = $5 AND state = 'open'",
      {outcome, resolution, who.account_id, now, id}));
  auto l = load(db, o.declaration_id);
  if (!l) return std::unexpected(l.error());
  TIDU_TRY(db.execute(
      detail::kInsertEvent,
      {new_id("v"), o.declaration_id, now, who.account_id, "resolve_objection", l->state, l->state,
       l->level,
       fmt::format("公示异议{}：{}", outcome == "upheld" ? "成立" : "不成立", resolution)}));
  TIDU_TRY(audit(db, clock_(), who.account_id, "objection_resolve", "objection:" + id,
                 {{"outcome", outcome}, {"declaration", o.declaration_id}}));
  TIDU_TRY(tx->commit());
  o.state = "resolved";
  o.outcome = outcome;
  o.resolution = resolution;
  o.resolved_at = now;
  return o;
}

Result<Notice> Reviews::publish_notice(const access::Principal& who, const std::string& id) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  auto n = notice_in(db, id);
  if (!n) return std::unexpected(n.error());
  auto unit = stage_unit(who, n->round_id, "public_notice");
  if (!unit) return std::unexpected(unit.error());
  auto owner = db.query("SELECT unit_code FROM notices WHERE id = $1", {id});
  if (!owner) return std::unexpected(owner.error());
  if ((*owner)[0].get_text(0) != unit->code) return fail("NOT_FOUND", "公示不存在");
  if (n->status == "published") return fail("STATE_CONFLICT", "公示结果已经发布");
  if (n->status != "ended") {
    return fail("NOTICE_NOT_ENDED",
                fmt::format("公示期至 {} 结束，结束后才能发布认定结果", n->ends_on));
  }
  std::vector<std::string> blocked;
  for (const auto& e : n->entries) {
    auto l = load(db, e.declaration_id);
    if (!l) return std::unexpected(l.error());
    if (l->state != "public_notice") continue;
    auto s = situation(db, *l);
    if (!s) return std::unexpected(s.error());
    if (s->objection_open) blocked.push_back(fmt::format("{}：异议尚未处理", e.enterprise_name));
    if (s->objection_upheld)
      blocked.push_back(fmt::format("{}：异议成立，请先作出不予认定决定", e.enterprise_name));
  }
  if (!blocked.empty()) {
    return fail_with("NOTICE_REFUSED", "还不能发布认定结果：" + reasons_text(blocked),
                     json{{"reasons", blocked}}.dump());
  }
  for (const auto& e : n->entries) {
    auto l = load(db, e.declaration_id);
    if (!l) return std::unexpected(l.error());
    if (l->state != "public_notice") continue;
    auto step = act_in(db, who, e.declaration_id, Action::kRecognise, "公示期满无异议，予以认定");
    if (!step) return std::unexpected(step.error());
  }
  const std::string now = time::format_instant(clock_());
  TIDU_TRY(db.execute(
      "UPDATE notices SET published_at = $1, published_by = $2 WHERE id = $3 AND published_at "
      "IS NULL",
      {now, who.account_id, id}));
  TIDU_TRY(audit(db, clock_(), who.account_id, "notice_publish", "notice:" + id, {}));
  auto out = notice_in(db, id);
  if (!out) return std::unexpected(out.error());
  TIDU_TRY(tx->commit());
  return out;
}

}  // namespace tidu::service
