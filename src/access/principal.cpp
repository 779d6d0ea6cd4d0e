#include "access/principal.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace tidu::access {
namespace {

constexpr std::array<std::pair<Role, std::pair<std::string_view, std::string_view>>, 5> kRoles = {{
    {Role::kEnterprise, {"enterprise", "企业"}},
    {Role::kReviewer, {"reviewer", "审核员"}},
    {Role::kCoDepartment, {"co_department", "联合推荐部门"}},
    {Role::kExpert, {"expert", "评审专家"}},
    {Role::kAdmin, {"admin", "管理员"}},
}};

Decision allow() { return {true, {}}; }
Decision deny(std::string reason) { return {false, std::move(reason)}; }

}  // namespace

std::string_view role_id(Role r) {
  for (const auto& [role, names] : kRoles)
    if (role == r) return names.first;
  return "unknown";
}

std::optional<Role> parse_role(std::string_view id) {
  for (const auto& [role, names] : kRoles)
    if (names.first == id) return role;
  return std::nullopt;
}

std::string_view role_name(Role r) {
  for (const auto& [role, names] : kRoles)
    if (role == r) return names.second;
  return "未知角色";
}

bool is_review_level(std::string_view level) {
  return level == "township" || level == "county" || level == "city" || level == "province";
}

bool is_editable_state(std::string_view state) {
  return state == "draft" || state == "withdrawn" || state == "returned";
}

std::vector<const rounds::Level*> region_levels(const rounds::Round& round) {
  std::vector<const rounds::Level*> out;
  for (const auto& level : round.levels)
    if (is_review_level(level.region_kind)) out.push_back(&level);
  return out;
}

const catalogue::Region* reviewing_unit(const catalogue::RegionTree& regions,
                                        const rounds::Round& round, std::string_view region,
                                        std::string_view level_kind) {
  if (const auto* own = regions.ancestor_of_kind(region, level_kind)) return own;
  const auto levels = region_levels(round);
  const auto it = std::ranges::find(levels, level_kind, &rounds::Level::region_kind);
  if (it == levels.end() || it + 1 == levels.end()) return nullptr;
  const auto* higher = reviewing_unit(regions, round, region, (*(it + 1))->region_kind);
  if (higher == nullptr) return nullptr;
  for (const auto* r : regions.path(region))
    if (r->kind == "zone" && r->parent == higher->code) return r;
  return nullptr;
}

Decision may_read(const Principal& p, const DeclarationFacts& d,
                  const catalogue::RegionTree& regions) {
  switch (p.role) {
    case Role::kAdmin:
      return allow();
    case Role::kEnterprise:
      if (!p.enterprise_id.empty() && p.enterprise_id == d.enterprise_id) return allow();
      return deny("只能查看本企业的申报");
    case Role::kReviewer:
    case Role::kCoDepartment: {
      if (d.state == "draft") return deny("申报书尚未提交");
      if (d.state == "withdrawn") return deny("申报书已由企业撤回");
      if (d.round == nullptr) return deny("申报批次不存在");
      const auto at = std::ranges::find(d.round->levels, p.level, &rounds::Level::region_kind);
      if (at == d.round->levels.end()) return deny("本批次的推荐路线不经过本级");
      if (is_group_unit(p.region)) {
        if (d.group == p.region) return allow();
        return deny("申报企业不属于本集团");
      }
      if (!d.group.empty()) {
        // On a direct route: only the levels above the one the group stands in for.
        const auto direct = std::ranges::find_if(d.round->direct, [&](const auto& r) {
          return std::ranges::any_of(
              d.round->levels, [&](const rounds::Level& l) { return l.region_kind == r.acts_as; });
        });
        if (direct != d.round->direct.end()) {
          const auto stands =
              std::ranges::find(d.round->levels, direct->acts_as, &rounds::Level::region_kind);
          if (at <= stands) return deny("申报书经企业集团直接推荐，不经过本级");
        }
      }
      const auto* unit = reviewing_unit(regions, *d.round, d.enterprise_region, p.level);
      if (unit == nullptr || unit->code != p.region) return deny("申报企业不在本辖区");
      return allow();
    }
    case Role::kExpert:
      return deny("评审专家只能查看分配给本人的申报");
  }
  return deny("无权查看");
}

bool is_group_unit(std::string_view code) { return code.starts_with(kGroupUnitPrefix); }

Decision may_see_region_statistics(const Principal& p, std::string_view region,
                                   const catalogue::RegionTree& regions) {
  if (p.role == Role::kAdmin) return allow();
  if (p.role != Role::kReviewer && p.role != Role::kCoDepartment)
    return deny("只有各级工信部门和联合推荐部门可以查看地区统计");
  if (is_group_unit(p.region)) return deny("企业集团账号不能查看地区统计");
  if (regions.find(region) == nullptr) return deny("地区代码不存在");
  if (!regions.within(region, p.region)) return deny("只能查看本地区及下辖地区的统计");
  return allow();
}

Decision may_edit(const Principal& p, const DeclarationFacts& d) {
  if (p.role != Role::kEnterprise || p.enterprise_id != d.enterprise_id)
    return deny("只有申报企业本身可以修改申报书");
  if (!is_editable_state(d.state)) return deny("申报书已提交，审核期间不能修改；如需修改请先撤回");
  return allow();
}

}  // namespace tidu::access
