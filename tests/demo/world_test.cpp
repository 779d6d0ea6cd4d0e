// The demo world generator (demo/world.hpp).
#include "demo/world.hpp"
#include "access/principal.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "core/credit_code.hpp"
#include "declaration/json_io.hpp"
#include "rules/checker.hpp"
#include "security/password.hpp"
#include "support/world.hpp"

namespace {

using tidu::demo::DemoAccount;
using tidu::demo::DemoEnterprise;
using tidu::demo::DemoState;
using tidu::demo::DemoWorld;

const DemoWorld& world() {
  static const DemoWorld w =
      tidu::demo::make_demo_world(tidu::test::catalogue(), tidu::test::rounds());
  return w;
}

const std::vector<std::string>& round_ids() {
  static const std::vector<std::string> ids = {"fj-2025-advanced", "sn-2024-excellent",
                                               "hb-tianmen-2026-basic", "jx-2025-advanced"};
  return ids;
}

/// The enterprise part as JSON, for comparisons and messages.
std::string profile_json(const tidu::declaration::Enterprise& e) {
  tidu::declaration::Declaration d;
  d.enterprise = e;
  return tidu::declaration::to_json(d)["enterprise"].dump();
}

tidu::rules::Report check(const DemoEnterprise& e) {
  const auto& policy = tidu::test::policy(e.round_id);
  const auto registry = tidu::demo::registry_facts(e);
  return tidu::rules::check(
      {*e.declaration, policy, registry, tidu::demo::demo_check_time(*policy.round), nullptr});
}

std::string errors(const tidu::rules::Report& r) {
  std::string out;
  for (const auto& f : r.findings) {
    if (f.severity == tidu::rules::Severity::kError)
      out += f.code + " " + f.path + " " + f.message + "\n";
  }
  return out;
}

TEST(DemoWorld, IsDeterministic) {
  const auto a = tidu::demo::make_demo_world(tidu::test::catalogue(), tidu::test::rounds());
  const auto b = tidu::demo::make_demo_world(tidu::test::catalogue(), tidu::test::rounds());
  EXPECT_EQ(a.accounts, b.accounts);
  ASSERT_EQ(a.enterprises.size(), b.enterprises.size());
  for (std::size_t i = 0; i < a.enterprises.size(); ++i) {
    const auto& x = a.enterprises[i];
    const auto& y = b.enterprises[i];
    EXPECT_EQ(x.round_id, y.round_id);
    EXPECT_EQ(x.state, y.state);
    EXPECT_EQ(x.submitted_at, y.submitted_at);
    EXPECT_EQ(profile_json(x.profile), profile_json(y.profile));
    ASSERT_EQ(x.declaration.has_value(), y.declaration.has_value());
    if (x.declaration) {
      EXPECT_EQ(tidu::declaration::to_json(*x.declaration),
                tidu::declaration::to_json(*y.declaration));
    }
  }
}

TEST(DemoWorld, HasAboutSixtyEnterprisesOverTheFourRounds) {
  const auto& w = world();
  EXPECT_GE(w.enterprises.size(), 55U);
  EXPECT_LE(w.enterprises.size(), 70U);
  std::map<std::string, int> per_round;
  for (const auto& e : w.enterprises) ++per_round[e.round_id];
  for (const auto& id : round_ids()) {
    EXPECT_GE(per_round[id], 12) << id;
    EXPECT_LE(per_round[id], 18) << id;
  }
}

TEST(DemoWorld, IdentitiesAreValidAndUnique) {
  const auto& w = world();
  const auto& regions = tidu::test::catalogue().regions;
  std::set<std::string> names, codes, usernames, factories;
  for (const auto& e : w.enterprises) {
    const auto& p = e.profile;
    EXPECT_EQ(tidu::credit_code::check(p.credit_code), tidu::credit_code::Verdict::kValid)
        << p.name << " " << p.credit_code;
    EXPECT_TRUE(names.insert(p.name).second) << "duplicate name " << p.name;
    EXPECT_TRUE(codes.insert(p.credit_code).second) << "duplicate code " << p.credit_code;
    ASSERT_NE(regions.find(p.region), nullptr) << p.region;
    const auto& round = *tidu::test::policy(e.round_id).round;
    EXPECT_TRUE(regions.within(p.region, round.region)) << p.name << " " << p.region;
    // The credit code is registered in the enterprise's own six-digit region or an ancestor.
    const std::string registered(tidu::credit_code::region_part(p.credit_code));
    EXPECT_TRUE(regions.within(p.region, registered)) << p.name << " " << registered;
    EXPECT_TRUE(p.name.ends_with("有限公司")) << p.name;
    EXPECT_EQ(p.contact.mobile.size(), 11U) << p.contact.mobile;
    EXPECT_EQ(p.contact.mobile[0], '1') << p.contact.mobile;
    EXPECT_TRUE(std::all_of(p.contact.mobile.begin(), p.contact.mobile.end(),
                            [](char c) { return c >= '0' && c <= '9'; }));
    EXPECT_FALSE(p.legal_representative.name.empty());
    EXPECT_NE(p.legal_representative.name, p.contact.name);
    const auto* industries = tidu::test::policy(e.round_id).industries;
    ASSERT_NE(industries->group(p.industry.group), nullptr) << p.industry.group;
    EXPECT_TRUE(p.industry.group.starts_with(p.industry.division));
    const std::vector<int> years(round.financial_years.begin(), round.financial_years.end());
    ASSERT_EQ(p.financials.size(), years.size()) << p.name;
    for (std::size_t i = 0; i < years.size(); ++i) EXPECT_EQ(p.financials[i].year, years[i]);
    if (e.declaration) {
      EXPECT_TRUE(factories.insert(e.declaration->factory.name).second)
          << "duplicate factory " << e.declaration->factory.name;
      EXPECT_EQ(e.declaration->round, e.round_id);
      EXPECT_EQ(e.declaration->cover.applicant, p.name);
      EXPECT_EQ(profile_json(e.declaration->enterprise), profile_json(p)) << p.name;
    }
  }
  for (const auto& a : w.accounts) {
    EXPECT_TRUE(usernames.insert(a.username).second) << "duplicate user " << a.username;
    EXPECT_TRUE(std::all_of(a.username.begin(), a.username.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    })) << a.username;
    EXPECT_FALSE(a.display_name.empty()) << a.username;
    EXPECT_NE(regions.find(a.region), nullptr) << a.username << " " << a.region;
  }
}

TEST(DemoWorld, EveryRoleIsPresent) {
  std::map<std::string, int> roles;
  for (const auto& a : world().accounts) ++roles[a.role];
  EXPECT_EQ(roles["admin"], 1);
  EXPECT_GE(roles["reviewer"], 8);
  EXPECT_GE(roles["co_department"], 2);
  EXPECT_GE(roles["expert"], 6);
  EXPECT_EQ(roles["enterprise"], static_cast<int>(world().enterprises.size()));
  EXPECT_EQ(roles.size(), 5U);
}

TEST(DemoWorld, EnterpriseAccountsPointAtTheirEnterprise) {
  const auto& w = world();
  std::vector<int> seen(w.enterprises.size(), 0);
  for (const auto& a : w.accounts) {
    if (a.role != "enterprise") {
      EXPECT_EQ(a.enterprise_index, -1) << a.username;
      continue;
    }
    EXPECT_TRUE(a.username.starts_with("ent-")) << a.username;
    ASSERT_GE(a.enterprise_index, 0);
    ASSERT_LT(a.enterprise_index, static_cast<int>(w.enterprises.size()));
    ++seen[static_cast<std::size_t>(a.enterprise_index)];
    EXPECT_EQ(a.region, w.enterprises[static_cast<std::size_t>(a.enterprise_index)].profile.region);
  }
  EXPECT_TRUE(std::all_of(seen.begin(), seen.end(), [](int n) { return n == 1; }));
}

TEST(DemoWorld, ReviewersSitOnARouteLevel) {
  const auto& regions = tidu::test::catalogue().regions;
  for (const auto& a : world().accounts) {
    if (a.role != "reviewer" && a.role != "co_department") continue;
    const auto* region = regions.find(a.region);
    ASSERT_NE(region, nullptr) << a.username;
    bool on_route = false;
    for (const auto& [id, round] : tidu::test::rounds().rounds) {
      for (const auto& level : round.levels) {
        const bool department = a.role == "reviewer"
                                    ? level.authority == a.authority
                                    : std::find(level.joint.begin(), level.joint.end(),
                                                a.authority) != level.joint.end();
        on_route = on_route || (level.region_kind == a.level && department &&
                                regions.within(a.region, round.region) &&
                                (region->kind == a.level || region->kind == "zone"));
      }
    }
    EXPECT_TRUE(on_route) << a.username << " " << a.level << " " << a.region << " " << a.authority;
  }
}

TEST(DemoWorld, EveryDeclarationHasAReviewerAtEachRegionLevel) {
  const auto& w = world();
  const auto& regions = tidu::test::catalogue().regions;
  for (const auto& e : w.enterprises) {
    const auto& round = *tidu::test::policy(e.round_id).round;
    for (const auto& level : round.levels) {
      if (level.region_kind == "nation") continue;
      const auto* unit =
          tidu::access::reviewing_unit(regions, round, e.profile.region, level.region_kind);
      ASSERT_NE(unit, nullptr) << e.profile.name << " " << level.id;
      const bool found =
          std::any_of(w.accounts.begin(), w.accounts.end(), [&](const DemoAccount& a) {
            return a.role == "reviewer" && a.level == level.region_kind && a.region == unit->code &&
                   a.authority == level.authority;
          });
      EXPECT_TRUE(found) << e.profile.name << " " << level.id << " " << unit->code;
    }
  }
}

TEST(DemoWorld, ZonesReviewAtTheLevelTheyStandFor) {
  const auto& regions = tidu::test::catalogue().regions;
  const auto& sn = *tidu::test::policy("sn-2024-excellent").round;
  const auto& hb = *tidu::test::policy("hb-tianmen-2026-basic").round;
  const auto& fj = *tidu::test::policy("fj-2025-advanced").round;
  EXPECT_EQ(tidu::access::reviewing_unit(regions, sn, "610403", "city")->code, "61Z001");
  EXPECT_EQ(tidu::access::reviewing_unit(regions, sn, "610400", "city")->code, "610400");
  EXPECT_EQ(tidu::access::reviewing_unit(regions, hb, "429006Z01", "township")->code, "429006Z01");
  EXPECT_EQ(tidu::access::reviewing_unit(regions, hb, "429006100", "city")->code, "429006");
  EXPECT_EQ(tidu::access::reviewing_unit(regions, fj, "3501Z1", "county")->code, "3501Z1");
  EXPECT_EQ(tidu::access::reviewing_unit(regions, fj, "350121", "province")->code, "350000");
  EXPECT_EQ(tidu::access::reviewing_unit(regions, fj, "350100", "county"), nullptr);
}

TEST(DemoWorld, CoDepartmentsCoverSeed001JointDepartments) {
  std::set<std::string> xianyang;
  for (const auto& a : world().accounts) {
    if (a.role == "co_department" && a.region == "610400") xianyang.insert(a.authority);
  }
  EXPECT_EQ(xianyang, (std::set<std::string>{"发改", "财政", "国资", "市场监管", "数据"}));
}

TEST(DemoWorld, ExpertsHaveEmployersAndSpecialitiesInDifferentCities) {
  std::set<std::string> cities;
  for (const auto& a : world().accounts) {
    if (a.role != "expert") continue;
    EXPECT_FALSE(a.employer.empty()) << a.username;
    EXPECT_FALSE(a.specialities.empty()) << a.username;
    cities.insert(a.region);
  }
  EXPECT_GE(cities.size(), 6U);
}

TEST(DemoWorld, StatesAreMixedInEveryRound) {
  std::map<std::string, std::map<DemoState, int>> counts;
  for (const auto& e : world().enterprises) {
    ++counts[e.round_id][e.state];
    EXPECT_EQ(e.declaration.has_value(), e.state != DemoState::kNone) << e.profile.name;
    EXPECT_EQ(e.submitted_at.has_value(),
              e.state == DemoState::kSubmitted || e.state == DemoState::kWithdrawn)
        << e.profile.name;
  }
  for (const auto& id : round_ids()) {
    auto& c = counts[id];
    EXPECT_GE(c[DemoState::kSubmitted], 3) << id;
    EXPECT_GE(c[DemoState::kDraftComplete], 2) << id;
    EXPECT_GE(c[DemoState::kDraftIncomplete], 1) << id;
    EXPECT_GE(c[DemoState::kNone], 1) << id;
    EXPECT_GE(c[DemoState::kWithdrawn], 1) << id;
  }
}

TEST(DemoWorld, CompleteDeclarationsPassTheCheckerInsideTheWindow) {
  for (const auto& e : world().enterprises) {
    if (!e.declaration || e.state == DemoState::kDraftIncomplete) continue;
    const auto& round = *tidu::test::policy(e.round_id).round;
    const auto at = tidu::demo::demo_check_time(round);
    ASSERT_TRUE(round.opens && round.closes);
    EXPECT_GT(at, *round.opens);
    EXPECT_LT(at, *round.closes);
    const auto report = check(e);
    EXPECT_TRUE(report.ok()) << e.profile.name << " (" << e.round_id << "):\n" << errors(report);
    // Judged at its own cover date the declaration passes too.
    const auto& policy = tidu::test::policy(e.round_id);
    const auto registry = tidu::demo::registry_facts(e);
    const auto own =
        tidu::rules::check({*e.declaration, policy, registry,
                            tidu::rules::default_check_time(*e.declaration, at), nullptr});
    EXPECT_TRUE(own.ok()) << e.profile.name << " at its cover date:\n" << errors(own);
    if (e.submitted_at) {
      EXPECT_GE(*e.submitted_at, *round.opens);
      EXPECT_LE(*e.submitted_at, at);
    }
  }
}

TEST(DemoWorld, IncompleteDraftsHaveErrors) {
  int n = 0;
  for (const auto& e : world().enterprises) {
    if (e.state != DemoState::kDraftIncomplete) continue;
    ++n;
    const auto report = check(e);
    EXPECT_FALSE(report.ok()) << e.profile.name;
    EXPECT_TRUE(report.has("FIELD_REQUIRED")) << e.profile.name;
  }
  EXPECT_GE(n, 4);
}

TEST(DemoWorld, DeclarationsDifferBetweenEnterprises) {
  std::set<std::string> summaries, profiles;
  int n = 0;
  for (const auto& e : world().enterprises) {
    if (!e.declaration || e.state == DemoState::kDraftIncomplete) continue;
    ++n;
    profiles.insert(e.declaration->enterprise.profile);
    summaries.insert(tidu::declaration::to_json(*e.declaration)["scenarios"].dump());
  }
  EXPECT_EQ(static_cast<int>(profiles.size()), n);
  EXPECT_EQ(static_cast<int>(summaries.size()), n);
}

TEST(DemoWorld, PasswordMeetsThePolicyForEveryAccount) {
  const auto password = tidu::demo::demo_password();
  for (const auto& a : world().accounts) {
    EXPECT_EQ(tidu::security::password_weakness(password, a.username), "") << a.username;
  }
}

TEST(DemoWorld, StateNamesAreStable) {
  EXPECT_EQ(tidu::demo::state_name(DemoState::kNone), "none");
  EXPECT_EQ(tidu::demo::state_name(DemoState::kDraftIncomplete), "draft_incomplete");
  EXPECT_EQ(tidu::demo::state_name(DemoState::kDraftComplete), "draft_complete");
  EXPECT_EQ(tidu::demo::state_name(DemoState::kSubmitted), "submitted");
  EXPECT_EQ(tidu::demo::state_name(DemoState::kWithdrawn), "withdrawn");
}

}  // namespace
