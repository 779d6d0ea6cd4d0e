#include "service/groups.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "service/accounts.hpp"

namespace tidu::service {
namespace {

using nlohmann::json;
using storage::Database;

constexpr std::size_t kMaxNameChars = 100;
constexpr std::size_t kMaxMembers = 2000;

}  // namespace

Groups::Groups(storage::Pool& pool, const catalogue::Catalogue& catalogue,
               const rounds::RoundSet& rounds, Clock clock)
    : pool_(pool), catalogue_(catalogue), rounds_(rounds), clock_(std::move(clock)) {}

bool Groups::may_manage(const access::Principal& who, const std::string& region) const {
  if (who.role == access::Role::kAdmin) return true;
  return who.role == access::Role::kReviewer && who.level == "province" &&
         catalogue_.regions.within(region, who.region);
}

bool Groups::route_known(const std::string& route) const {
  return std::ranges::any_of(rounds_.rounds, [&](const auto& kv) {
    return std::ranges::any_of(kv.second.direct, [&](const auto& d) { return d.id == route; });
  });
}

Result<Group> Groups::load(Database& db, const std::string& id) {
  auto rows = db.query(
      "SELECT id, route, name, region, created_at FROM enterprise_groups WHERE id = $1", {id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return fail("NOT_FOUND", "企业集团不存在");
  const auto& r = (*rows)[0];
  Group g{.id = r.get_text(0),
          .unit = std::string(access::kGroupUnitPrefix) + r.get_text(0),
          .route = r.get_text(1),
          .name = r.get_text(2),
          .region = r.get_text(3),
          .created_at = r.get_text(4),
          .members = {}};
  auto members = db.query(
      "SELECT e.id, e.name, e.credit_code, e.region FROM enterprise_group_members m JOIN "
      "enterprises e ON e.id = m.enterprise_id WHERE m.group_id = $1 ORDER BY e.name, e.id",
      {id});
  if (!members) return std::unexpected(members.error());
  for (const auto& m : *members)
    g.members.push_back({m.get_text(0), m.get_text(1), m.get_text(2), m.get_text(3)});
  return g;
}

Result<Group> Groups::create(const access::Principal& who, const std::string& route,
                             const std::string& name, const std::string& region) {
  if (!may_manage(who, region))
    return fail("FORBIDDEN", "企业集团由省级工信部门或管理员登记，且只能登记在本省");
  if (!route_known(route)) {
    return fail("VALIDATION_FAILED",
                fmt::format("没有名为“{}”的直接推荐路线（见批次数据 route.direct）", route));
  }
  if (text::blank(name) || text::length(name) > kMaxNameChars)
    return fail("VALIDATION_FAILED", fmt::format("集团名称须为 1–{} 字", kMaxNameChars));
  if (catalogue_.regions.find(region) == nullptr)
    return fail("VALIDATION_FAILED", fmt::format("地区代码“{}”不存在", region));
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  auto same = db.query("SELECT COUNT(*) FROM enterprise_groups WHERE name = $1", {name});
  if (!same) return std::unexpected(same.error());
  if ((*same)[0].get_int(0) > 0)
    return fail("ALREADY_EXISTS", fmt::format("企业集团“{}”已登记", name));
  const std::string id = new_id("g");
  TIDU_TRY(db.execute(
      "INSERT INTO enterprise_groups (id, route, name, region, created_by, created_at) VALUES "
      "($1, $2, $3, $4, $5, $6)",
      {id, route, name, region, who.account_id, time::format_instant(clock_())}));
  TIDU_TRY(audit(db, clock_(), who.account_id, "group_create", "group:" + id,
                 {{"route", route}, {"name", name}, {"region", region}}));
  auto g = load(db, id);
  if (!g) return g;
  TIDU_TRY(tx->commit());
  return g;
}

Result<std::vector<Group>> Groups::list(const access::Principal& who) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto rows = (*lease)->query("SELECT id, region FROM enterprise_groups ORDER BY name, id", {});
  if (!rows) return std::unexpected(rows.error());
  std::vector<Group> out;
  for (const auto& r : *rows) {
    const std::string unit = std::string(access::kGroupUnitPrefix) + r.get_text(0);
    const bool own = who.region == unit;
    const bool official =
        (who.role == access::Role::kReviewer || who.role == access::Role::kCoDepartment) &&
        !access::is_group_unit(who.region) && catalogue_.regions.within(r.get_text(1), who.region);
    if (who.role != access::Role::kAdmin && !own && !official) continue;
    auto g = load(**lease, r.get_text(0));
    if (!g) return std::unexpected(g.error());
    out.push_back(std::move(*g));
  }
  return out;
}

Result<Group> Groups::get(const access::Principal& who, const std::string& id) {
  auto all = list(who);
  if (!all) return std::unexpected(all.error());
  for (auto& g : *all)
    if (g.id == id) return std::move(g);
  return fail("NOT_FOUND", "企业集团不存在");
}

Result<Group> Groups::set_members(const access::Principal& who, const std::string& id,
                                  const std::vector<std::string>& credit_codes) {
  if (credit_codes.size() > kMaxMembers)
    return fail("VALIDATION_FAILED", fmt::format("一个集团最多登记 {} 家成员企业", kMaxMembers));
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  auto g = load(db, id);
  if (!g) return g;
  if (!may_manage(who, g->region))
    return fail("FORBIDDEN", "只有登记集团的省级工信部门可以调整成员");
  std::vector<std::string> problems;
  std::vector<std::string> ids;
  std::set<std::string> seen;
  for (const auto& code : credit_codes) {
    if (!seen.insert(code).second) {
      problems.push_back(fmt::format("{}：重复", code));
      continue;
    }
    auto rows = db.query("SELECT id, region, name FROM enterprises WHERE credit_code = $1", {code});
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty()) {
      problems.push_back(fmt::format("{}：平台上没有这家企业（请企业先注册）", code));
      continue;
    }
    if (!catalogue_.regions.within((*rows)[0].get_text(1), g->region)) {
      problems.push_back(fmt::format("{}（{}）：不在集团所属地区", code, (*rows)[0].get_text(2)));
      continue;
    }
    auto other = db.query(
        "SELECT g.name FROM enterprise_group_members m JOIN enterprise_groups g ON g.id = "
        "m.group_id WHERE m.enterprise_id = $1 AND g.route = $2 AND g.id <> $3",
        {(*rows)[0].get_text(0), g->route, id});
    if (!other) return std::unexpected(other.error());
    if (!other->empty()) {
      problems.push_back(fmt::format("{}（{}）：已是“{}”的成员企业", code, (*rows)[0].get_text(2),
                                     (*other)[0].get_text(0)));
      continue;
    }
    ids.push_back((*rows)[0].get_text(0));
  }
  if (!problems.empty()) {
    return fail_with("GROUP_MEMBERS_INVALID", "成员企业有误：" + problems.front(),
                     json{{"reasons", problems}}.dump());
  }
  const std::string now = time::format_instant(clock_());
  TIDU_TRY(db.execute("DELETE FROM enterprise_group_members WHERE group_id = $1", {id}));
  for (const auto& e : ids) {
    TIDU_TRY(db.execute(
        "INSERT INTO enterprise_group_members (group_id, enterprise_id, added_at) VALUES ($1, $2, "
        "$3)",
        {id, e, now}));
  }
  TIDU_TRY(audit(db, clock_(), who.account_id, "group_members", "group:" + id,
                 {{"members", credit_codes}}));
  auto after = load(db, id);
  if (!after) return after;
  TIDU_TRY(tx->commit());
  return after;
}

Result<std::optional<GroupRoute>> Groups::route_for(Database& db, const rounds::Round& round,
                                                    const catalogue::RegionTree& regions,
                                                    const std::string& enterprise_id) {
  if (round.direct.empty()) return std::optional<GroupRoute>{};
  auto rows = db.query(
      "SELECT g.id, g.route, g.name, g.region FROM enterprise_group_members m JOIN "
      "enterprise_groups g ON g.id = m.group_id WHERE m.enterprise_id = $1 ORDER BY g.id",
      {enterprise_id});
  if (!rows) return std::unexpected(rows.error());
  for (const auto& r : *rows) {
    const auto direct = std::ranges::find(round.direct, r.get_text(1), &rounds::DirectRoute::id);
    if (direct == round.direct.end() || !regions.within(r.get_text(3), round.region)) continue;
    const auto level =
        std::ranges::find(round.levels, direct->acts_as, &rounds::Level::region_kind);
    if (level == round.levels.end()) continue;
    return std::optional<GroupRoute>{
        GroupRoute{.group_id = r.get_text(0),
                   .unit = std::string(access::kGroupUnitPrefix) + r.get_text(0),
                   .name = r.get_text(2),
                   .route = &*direct,
                   .level = static_cast<int>(level - round.levels.begin())}};
  }
  return std::optional<GroupRoute>{};
}

}  // namespace tidu::service
