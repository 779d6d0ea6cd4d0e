#pragma once
// Enterprise groups on a round's direct route (有关省属企业 in seed 000; 中央企业 elsewhere): the
// group organises its member enterprises' declarations, reviews them and recommends them in its
// own list in place of the regional level the route names (`acts_as`), with its own quota where
// the round gives one. The province (or an administrator) registers groups and their members;
// the group's reviewers have accounts whose region is the group's unit code ("group:<id>").
#include <optional>
#include <string>
#include <vector>

#include "access/principal.hpp"
#include "catalogue/catalogue.hpp"
#include "core/error.hpp"
#include "rounds/round.hpp"
#include "service/common.hpp"
#include "storage/pool.hpp"

namespace tidu::service {

struct GroupMember {
  std::string enterprise_id;
  std::string name;
  std::string credit_code;
  std::string region;
};

struct Group {
  std::string id;
  std::string unit;   ///< "group:<id>", the region of its reviewers' accounts
  std::string route;  ///< the direct route's id in the rounds, e.g. provincial_soe
  std::string name;
  std::string region;  ///< the province (or nation) it belongs to
  std::string created_at;
  std::vector<GroupMember> members;
};

/// The group a declaration goes through in a round, when its enterprise belongs to one.
struct GroupRoute {
  std::string group_id;
  std::string unit;
  std::string name;
  const rounds::DirectRoute* route = nullptr;
  int level = -1;  ///< the index of the route level the group stands in for
};

class Groups {
 public:
  Groups(storage::Pool& pool, const catalogue::Catalogue& catalogue, const rounds::RoundSet& rounds,
         Clock clock);

  /// Registers a group on a direct route (administrators; province reviewers in their province).
  Result<Group> create(const access::Principal& who, const std::string& route,
                       const std::string& name, const std::string& region);
  /// The groups the caller may see: all for administrators, those in a reviewer's region, a
  /// group's own for its reviewers.
  Result<std::vector<Group>> list(const access::Principal& who);
  Result<Group> get(const access::Principal& who, const std::string& id);
  /// Replaces the members by credit code; every code must be a registered enterprise of the
  /// group's region (GROUP_MEMBERS_INVALID names each one that is not). One group per
  /// enterprise and route.
  Result<Group> set_members(const access::Principal& who, const std::string& id,
                            const std::vector<std::string>& credit_codes);

  /// The group the enterprise's declaration of `round` goes through, if any.
  static Result<std::optional<GroupRoute>> route_for(storage::Database& db,
                                                     const rounds::Round& round,
                                                     const catalogue::RegionTree& regions,
                                                     const std::string& enterprise_id);
  /// A group's name and region by its id; NOT_FOUND when there is none.
  static Result<Group> load(storage::Database& db, const std::string& id);

 private:
  bool may_manage(const access::Principal& who, const std::string& region) const;
  bool route_known(const std::string& route) const;

  storage::Pool& pool_;
  const catalogue::Catalogue& catalogue_;
  const rounds::RoundSet& rounds_;
  Clock clock_;
};

}  // namespace tidu::service
