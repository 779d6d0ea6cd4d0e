#pragma once
// The demo world: accounts for every role and about sixty enterprises spread over the shipped
// rounds, each enterprise with a declaration in a chosen state. Pure and deterministic — the same
// policy data always gives the same world — so `tidu demo` only has to load it through the service
// layer, and tests can check every declaration against the rules.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "core/time.hpp"
#include "declaration/declaration.hpp"
#include "rounds/round.hpp"
#include "rules/checker.hpp"

namespace tidu::demo {

/// Where an enterprise's declaration stands in the demo.
///
/// Extension point: the review chain's states (退回修改, 初审通过, 推荐, 专家评审, 现场核查, 公示,
/// 认定 …) are appended after kWithdrawn when the workflow exists; `state_name` and the generator's
/// per-round state plan grow with them.
enum class DemoState {
  kNone,             ///< the enterprise has no declaration yet
  kDraftIncomplete,  ///< a draft with sections left blank: the checker reports errors
  kDraftComplete,    ///< a complete draft that passes the checker, not yet submitted
  kSubmitted,        ///< submitted to the first level of the round's route
  kWithdrawn,        ///< submitted, then withdrawn by the enterprise; still passes the checker
};

/// A stable lower-case name of a state ("none", "draft_incomplete", …) for logs and loaders.
std::string_view state_name(DemoState state);

inline constexpr std::string_view kRoleEnterprise = "enterprise";
inline constexpr std::string_view kRoleReviewer = "reviewer";
inline constexpr std::string_view kRoleCoDepartment = "co_department";
inline constexpr std::string_view kRoleExpert = "expert";
inline constexpr std::string_view kRoleAdmin = "admin";

/// One sign-in of the demo. Every account uses `demo_password()`.
struct DemoAccount {
  std::string username;      ///< ASCII, lower case: "admin", "fj-fuzhou-city", "ent-fj-01"
  std::string display_name;  ///< Chinese: "福州市工业和信息化局 审核员"
  std::string role;          ///< one of the kRole… names
  std::string level;         ///< reviewers and co-departments: township, county, city, province
  std::string region;        ///< a region code of the catalogue
  std::string authority;  ///< the department: 工信, 经信, 乡镇, 发改, 财政, 国资, 市场监管, 数据
  int enterprise_index = -1;  ///< enterprise accounts: index into DemoWorld::enterprises
  std::string employer;       ///< experts: 工作单位
  std::vector<std::string> specialities;  ///< experts: 专业领域

  bool operator==(const DemoAccount&) const = default;
};

/// A demo enterprise, the round it declares in and its declaration.
struct DemoEnterprise {
  declaration::Enterprise profile;  ///< the enterprise part of the form, as its profile holds it
  std::string round_id;
  DemoState state = DemoState::kNone;
  /// Present for every state but kNone; its enterprise part equals `profile`.
  std::optional<declaration::Declaration> declaration;
  /// When it was submitted (kSubmitted, kWithdrawn): the cover date, 10:00 Beijing time.
  std::optional<time::Instant> submitted_at;
};

/// Everything `tidu demo` loads.
struct DemoWorld {
  std::vector<DemoAccount> accounts;
  std::vector<DemoEnterprise> enterprises;
};

/// Builds the demo world for the rounds it knows (fj-2025-advanced, sn-2024-excellent,
/// hb-tianmen-2026-basic, jx-2025-advanced); rounds missing from `rounds` are left out, and
/// enterprises placed in regions the catalogue lacks are skipped.
DemoWorld make_demo_world(const catalogue::Catalogue& catalogue, const rounds::RoundSet& rounds);

/// The one password of every demo account (documented for demonstrations; never for production).
std::string demo_password();

/// An instant inside the round's window at which the demo's declarations are judged: the day
/// before the round closes (the same time of day), else a day after it opens.
time::Instant demo_check_time(const rounds::Round& round);

/// The registry facts the platform holds for a demo enterprise: its declared titles and earlier
/// recognitions, and no blacklist entry.
rules::RegistryFacts registry_facts(const DemoEnterprise& enterprise);

}  // namespace tidu::demo
