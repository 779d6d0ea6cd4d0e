#include "access/principal.hpp"

#include <gtest/gtest.h>

#include "support/world.hpp"

namespace {

using tidu::access::DeclarationFacts;
using tidu::access::Principal;
using tidu::access::Role;

const tidu::rounds::Round& round(const std::string& id) {
  return tidu::test::rounds().rounds.at(id);
}

Principal reviewer(const std::string& level, const std::string& region) {
  return {.account_id = "u1",
          .username = "r",
          .role = Role::kReviewer,
          .level = level,
          .region = region,
          .authority = "工信",
          .enterprise_id = {}};
}

TEST(Roles, IdsRoundTripAndUnknownIsRefused) {
  for (const auto r :
       {Role::kEnterprise, Role::kReviewer, Role::kCoDepartment, Role::kExpert, Role::kAdmin}) {
    EXPECT_EQ(tidu::access::parse_role(tidu::access::role_id(r)), r);
  }
  EXPECT_FALSE(tidu::access::parse_role("superuser"));
  EXPECT_EQ(tidu::access::role_name(Role::kCoDepartment), "联合推荐部门");
}

TEST(ReviewingUnit, IsTheAncestorOfTheLevelsKindOrAZoneStandingInForIt) {
  const auto& regions = tidu::test::catalogue().regions;
  const auto& sn = round("sn-2024-excellent");
  // 杨陵区 lies in 杨凌示范区, which acts as a city below the province (seed 001 relay).
  const auto* yangling = tidu::access::reviewing_unit(regions, sn, "610403", "city");
  ASSERT_NE(yangling, nullptr);
  EXPECT_EQ(yangling->code, "61Z001");
  const auto* xian = tidu::access::reviewing_unit(regions, sn, "610100", "city");
  ASSERT_NE(xian, nullptr);
  EXPECT_EQ(xian->code, "610100");
  EXPECT_EQ(tidu::access::reviewing_unit(regions, sn, "610403", "province")->code, "610000");
  // 天门经济开发区 acts as a township below 天门市 (seed 002 三、1).
  const auto& hb = round("hb-tianmen-2026-basic");
  EXPECT_EQ(tidu::access::reviewing_unit(regions, hb, "429006Z01", "township")->code, "429006Z01");
  EXPECT_EQ(tidu::access::reviewing_unit(regions, hb, "429006", "township"), nullptr);
}

TEST(MayRead, EnterprisesReadOnlyTheirOwn) {
  const auto& regions = tidu::test::catalogue().regions;
  const DeclarationFacts d{"e1", "350102", "draft", &round("fj-2025-advanced"), ""};
  Principal own{.account_id = "u",
                .username = "e",
                .role = Role::kEnterprise,
                .level = {},
                .region = "350102",
                .authority = {},
                .enterprise_id = "e1"};
  EXPECT_TRUE(tidu::access::may_read(own, d, regions));
  own.enterprise_id = "e2";
  EXPECT_FALSE(tidu::access::may_read(own, d, regions));
}

TEST(MayRead, ReviewersReadSubmittedDeclarationsRoutedThroughTheirUnitOnly) {
  const auto& regions = tidu::test::catalogue().regions;
  const auto& fj = round("fj-2025-advanced");  // county → city → province
  DeclarationFacts d{"e1", "350102", "submitted", &fj, ""};
  EXPECT_TRUE(tidu::access::may_read(reviewer("county", "350102"), d, regions));
  EXPECT_TRUE(tidu::access::may_read(reviewer("city", "350100"), d, regions));
  EXPECT_TRUE(tidu::access::may_read(reviewer("province", "350000"), d, regions));
  const auto other = tidu::access::may_read(reviewer("county", "350104"), d, regions);
  EXPECT_FALSE(other);
  EXPECT_EQ(other.reason, "申报企业不在本辖区");
  EXPECT_FALSE(tidu::access::may_read(reviewer("township", "350102"), d, regions));
  EXPECT_FALSE(tidu::access::may_read(reviewer("province", "610000"), d, regions));
  d.state = "draft";
  EXPECT_FALSE(tidu::access::may_read(reviewer("county", "350102"), d, regions));
  d.state = "withdrawn";
  EXPECT_FALSE(tidu::access::may_read(reviewer("county", "350102"), d, regions));
}

TEST(MayRead, AGroupsDeclarationIsReadByTheGroupAndTheLevelsAboveItOnly) {
  const auto& regions = tidu::test::catalogue().regions;
  const auto& fj = round("fj-2025-advanced");  // 有关省属企业 act as the city
  const DeclarationFacts d{"e1", "350102", "submitted", &fj, "group:g_1"};
  EXPECT_TRUE(tidu::access::may_read(reviewer("city", "group:g_1"), d, regions));
  const auto other_group = tidu::access::may_read(reviewer("city", "group:g_2"), d, regions);
  EXPECT_FALSE(other_group);
  EXPECT_EQ(other_group.reason, "申报企业不属于本集团");
  const auto county = tidu::access::may_read(reviewer("county", "350102"), d, regions);
  EXPECT_FALSE(county) << "the county it skipped";
  EXPECT_EQ(county.reason, "申报书经企业集团直接推荐，不经过本级");
  EXPECT_FALSE(tidu::access::may_read(reviewer("city", "350100"), d, regions));
  EXPECT_TRUE(tidu::access::may_read(reviewer("province", "350000"), d, regions));
  const DeclarationFacts regional{"e2", "350102", "submitted", &fj, ""};
  EXPECT_FALSE(tidu::access::may_read(reviewer("city", "group:g_1"), regional, regions))
      << "a group reads nothing of the regional route";
}

TEST(MayEdit, OnlyTheEnterpriseAndOnlyInAnEditableState) {
  const DeclarationFacts d{"e1", "350102", "submitted", &round("fj-2025-advanced"), ""};
  const Principal own{.account_id = "u",
                      .username = "e",
                      .role = Role::kEnterprise,
                      .level = {},
                      .region = "350102",
                      .authority = {},
                      .enterprise_id = "e1"};
  EXPECT_FALSE(tidu::access::may_edit(own, d));
  for (const char* state : {"draft", "withdrawn", "returned"}) {
    EXPECT_TRUE(tidu::access::may_edit(own, {"e1", "350102", state, d.round, ""})) << state;
  }
  EXPECT_FALSE(
      tidu::access::may_edit(reviewer("county", "350102"), {"e1", "350102", "draft", d.round, ""}));
}

}  // namespace
