#pragma once
// Who is asking: an account's role, level, region and authority, and the pure decisions about
// what that person may see and change. Every "may" comes with the reason when it is "may not".
#include <optional>
#include <string>
#include <string_view>

#include "catalogue/catalogue.hpp"
#include "rounds/round.hpp"

namespace tidu::access {

enum class Role {
  kEnterprise,  ///< enterprise staff: its own profile and declarations
  kReviewer,    ///< an authority's reviewer at township, county, city or province level
  kCoDepartment,  ///< a co-recommending department (发改、财政、市场监管、数据 …) at one level
  kExpert,  ///< an expert of the province's pool
  kAdmin    ///< platform administrator
};

/// "enterprise", "reviewer", "co_department", "expert", "admin".
std::string_view role_id(Role r);
/// The role of an id; nullopt for an unknown id.
std::optional<Role> parse_role(std::string_view id);
/// 企业, 审核员, 联合推荐部门, 评审专家, 管理员.
std::string_view role_name(Role r);
/// True for the region levels a reviewer can sit at: township, county, city, province.
bool is_review_level(std::string_view level);

/// A signed-in account as the rules see it.
struct Principal {
  std::string account_id;
  std::string username;
  Role role = Role::kEnterprise;
  std::string level;  ///< reviewers and departments: township, county, city, province
  std::string region;
  std::string authority;
  std::string enterprise_id;  ///< enterprise accounts
};

/// What the access rules need to know about a declaration.
struct DeclarationFacts {
  std::string enterprise_id;
  std::string enterprise_region;
  std::string state;  ///< "draft", "withdrawn", "submitted", …
  const rounds::Round* round = nullptr;
  /// The enterprise group (有关省属企业, 中央企业) it went through on a direct route, as a unit
  /// code ("group:g_…"); empty on the regional route.
  std::string group;
};

/// Enterprise groups act as recommending units on a round's direct routes. Their unit code (the
/// region of their reviewers' accounts) is this prefix and the group's id.
inline constexpr std::string_view kGroupUnitPrefix = "group:";
/// True for a group's unit code.
bool is_group_unit(std::string_view code);

/// A permission answer: allowed, or the reason in Chinese.
struct Decision {
  bool allowed = false;
  std::string reason;
  explicit operator bool() const { return allowed; }
};

/// May the principal read the declaration? Enterprises read their own; reviewers and departments
/// read declarations submitted on a route through their level and region — a declaration that
/// went through an enterprise group is read by the group's reviewers and by the levels above the
/// one the group stands in for, not by the regional levels it skipped; administrators read all. A
/// refusal here is answered as "not found" so the declaration's existence stays hidden.
Decision may_read(const Principal& p, const DeclarationFacts& d,
                  const catalogue::RegionTree& regions);

/// May the principal change the declaration's draft (only its own enterprise, and only while the
/// draft is open for editing)?
Decision may_edit(const Principal& p, const DeclarationFacts& d);

/// The region levels of a round's route (township, county, city, province), lowest first.
std::vector<const rounds::Level*> region_levels(const rounds::Round& round);

/// The unit that reviews an enterprise of `region` at a route level of kind `level_kind`: the
/// region's ancestor of that kind, else a functional zone directly below the unit of the route's
/// next higher level (杨凌示范区 acting as a city, 天门经济开发区 as a township). Null when the
/// region has no unit at that level.
const catalogue::Region* reviewing_unit(const catalogue::RegionTree& regions,
                                        const rounds::Round& round, std::string_view region,
                                        std::string_view level_kind);

/// May the principal see statistics of a region node (maturity summary, round figures)?
/// Administrators everywhere; reviewers and co-recommending departments for their own region and
/// the regions below it; enterprise groups, experts and enterprises not at all.
Decision may_see_region_statistics(const Principal& p, std::string_view region,
                                   const catalogue::RegionTree& regions);

/// True when the state is one an enterprise edits in: draft, withdrawn, returned.
bool is_editable_state(std::string_view state);

}  // namespace tidu::access
