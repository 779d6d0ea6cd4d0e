#include "review/experts.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace {

using tidu::review::Assignment;
using tidu::review::AssignmentPlan;
using tidu::review::Candidate;
using tidu::review::ConflictKind;
using tidu::review::ConflictPolicy;
using tidu::review::Expert;

Expert expert(std::string id, std::string employer, std::string city = "350200", int capacity = 0) {
  Expert e;
  e.name = "张" + id;
  e.id = std::move(id);
  e.employer = std::move(employer);
  e.region = city;
  e.city = std::move(city);
  e.capacity = capacity;
  return e;
}

Candidate candidate(std::string id, std::string name = "申报企业", std::string city = "350100") {
  Candidate c;
  c.declaration_id = std::move(id);
  c.enterprise_name = std::move(name);
  c.credit_code = "91350100MA0000000X";
  c.city = std::move(city);
  return c;
}

/// Experts e1…en, each with its own employer.
std::vector<Expert> pool(int n) {
  std::vector<Expert> out;
  for (int i = 1; i <= n; ++i)
    out.push_back(expert("e" + std::to_string(i), "单位" + std::to_string(i)));
  return out;
}

std::vector<ConflictKind> kinds(const std::vector<tidu::review::Conflict>& conflicts) {
  std::vector<ConflictKind> out;
  for (const auto& c : conflicts) out.push_back(c.kind);
  return out;
}

std::map<std::string, std::vector<std::string>> panels(const AssignmentPlan& plan) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& a : plan.assignments) out[a.declaration_id] = a.expert_ids;
  return out;
}

using Panels = std::map<std::string, std::vector<std::string>>;
using Load = std::map<std::string, int>;

TEST(ExpertsConflicts, SameEnterpriseComparesTrimmedNamesWithUnifiedParentheses) {
  const auto e = expert("e1", "　福州智造科技（集团）有限公司 ");
  const auto c = candidate("d1", "福州智造科技(集团)有限公司");
  const auto found = tidu::review::conflicts_of(e, c, {});
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].kind, ConflictKind::kSameEnterprise);
  EXPECT_EQ(found[0].reason, "专家工作单位“　福州智造科技（集团）有限公司 ”与申报企业相同");
  EXPECT_EQ(tidu::review::normalise_unit_name(" 甲（乙）丙 "), "甲(乙)丙");
}

TEST(ExpertsConflicts, ACompanySuffixDifferenceIsNotTheSameEnterprise) {
  const auto e = expert("e1", "福州智造科技股份有限公司");
  EXPECT_TRUE(tidu::review::conflicts_of(e, candidate("d1", "福州智造科技有限公司"), {}).empty());
}

TEST(ExpertsConflicts, RelatedPartyIsAnIntegratorOrSupplierOfTheDeclaration) {
  auto c = candidate("d1");
  c.related_parties = {"某集成商有限公司", "某供应商（福建）有限公司"};
  const auto found = tidu::review::conflicts_of(expert("e1", "某供应商(福建)有限公司"), c, {});
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].kind, ConflictKind::kRelatedParty);
  EXPECT_EQ(found[0].reason, "专家工作单位“某供应商(福建)有限公司”是申报书所列的集成商或供应商");
  EXPECT_TRUE(tidu::review::conflicts_of(expert("e2", "另一单位"), c, {}).empty());
}

TEST(ExpertsConflicts, SameCityOnlyWhenTheRoundForbidsIt) {
  const auto e = expert("e1", "单位", "350100");
  const auto c = candidate("d1", "企业", "350100");
  EXPECT_TRUE(tidu::review::conflicts_of(e, c, {.same_city = false}).empty());
  const auto found = tidu::review::conflicts_of(e, c, {.same_city = true});
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].kind, ConflictKind::kSameCity);
  EXPECT_EQ(found[0].reason, "专家与申报企业同属地区 350100，本批次要求回避同城专家");
  EXPECT_TRUE(tidu::review::conflicts_of(expert("e2", "单位", ""), candidate("d1", "企业", ""),
                                         {.same_city = true})
                  .empty());
}

TEST(ExpertsConflicts, DeclaredConflict) {
  auto e = expert("e1", "单位");
  e.declared_conflicts = {"d9", "d1"};
  const auto found = tidu::review::conflicts_of(e, candidate("d1"), {});
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].kind, ConflictKind::kDeclared);
  EXPECT_EQ(found[0].reason, "专家已声明与该申报存在利益冲突");
  EXPECT_TRUE(tidu::review::conflicts_of(e, candidate("d2"), {}).empty());
}

TEST(ExpertsConflicts, EveryConflictIsReportedNotJustTheFirst) {
  auto e = expert("e1", "甲公司", "350100");
  e.declared_conflicts = {"d1"};
  auto c = candidate("d1", "甲公司", "350100");
  c.related_parties = {"甲公司"};
  EXPECT_EQ(kinds(tidu::review::conflicts_of(e, c, {.same_city = true})),
            (std::vector{ConflictKind::kSameEnterprise, ConflictKind::kRelatedParty,
                         ConflictKind::kSameCity, ConflictKind::kDeclared}));
}

TEST(ExpertsConflicts, AnEmptyEmployerMatchesNothing) {
  auto c = candidate("d1", "");
  c.related_parties = {""};
  EXPECT_TRUE(tidu::review::conflicts_of(expert("e1", " "), c, {}).empty());
}

TEST(ExpertsConflicts, KindIds) {
  EXPECT_EQ(tidu::review::conflict_kind_id(ConflictKind::kSameEnterprise), "same_enterprise");
  EXPECT_EQ(tidu::review::conflict_kind_id(ConflictKind::kSameEmployer), "same_employer");
  EXPECT_EQ(tidu::review::conflict_kind_id(ConflictKind::kRelatedParty), "related_party");
  EXPECT_EQ(tidu::review::conflict_kind_id(ConflictKind::kSameCity), "same_city");
  EXPECT_EQ(tidu::review::conflict_kind_id(ConflictKind::kDeclared), "declared");
}

TEST(ExpertsAssign, BalancesLoadSixDeclarationsOfThreeOverNineExperts) {
  std::vector<Candidate> cs;
  for (int i = 1; i <= 6; ++i) cs.push_back(candidate("d" + std::to_string(i)));
  const auto plan = tidu::review::assign_panels(cs, pool(9), 3, {});
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_TRUE(plan->unfilled.empty());
  EXPECT_EQ(plan->load, (Load{{"e1", 2},
                              {"e2", 2},
                              {"e3", 2},
                              {"e4", 2},
                              {"e5", 2},
                              {"e6", 2},
                              {"e7", 2},
                              {"e8", 2},
                              {"e9", 2}}));
  ASSERT_EQ(plan->assignments.size(), 6U);
  EXPECT_EQ(plan->assignments[0].declaration_id, "d1");
  EXPECT_EQ(plan->assignments[0].expert_ids, (std::vector<std::string>{"e1", "e2", "e3"}));
  EXPECT_EQ(panels(*plan), (Panels{{"d1", {"e1", "e2", "e3"}},
                                   {"d2", {"e4", "e5", "e6"}},
                                   {"d3", {"e7", "e8", "e9"}},
                                   {"d4", {"e1", "e2", "e3"}},
                                   {"d5", {"e4", "e5", "e6"}},
                                   {"d6", {"e7", "e8", "e9"}}}));
}

TEST(ExpertsAssign, IsDeterministicWhateverTheInputOrder) {
  std::vector<Candidate> cs;
  for (int i = 1; i <= 5; ++i) cs.push_back(candidate("d" + std::to_string(i)));
  auto experts = pool(7);
  experts[2].declared_conflicts = {"d2"};
  experts[4].employer = experts[1].employer;
  const auto first = tidu::review::assign_panels(cs, experts, 3, {});
  std::ranges::reverse(cs);
  std::ranges::rotate(experts, experts.begin() + 3);
  const auto second = tidu::review::assign_panels(cs, experts, 3, {});
  ASSERT_TRUE(first && second);
  EXPECT_EQ(panels(*first), panels(*second));
  EXPECT_EQ(first->load, second->load);
  // d2 first (e3 declared a conflict with it); e5 shares e2's employer.
  EXPECT_EQ(panels(*first), (Panels{{"d1", {"e3", "e5", "e6"}},
                                    {"d2", {"e1", "e2", "e4"}},
                                    {"d3", {"e1", "e2", "e7"}},
                                    {"d4", {"e3", "e4", "e5"}},
                                    {"d5", {"e1", "e6", "e7"}}}));
}

TEST(ExpertsAssign, AvoidsEveryConflict) {
  auto experts = pool(5);
  experts[0].employer = "申报企业";        // e1: same enterprise
  experts[1].employer = "集成商";          // e2: related party
  experts[2].city = "350100";              // e3: same city
  experts[3].declared_conflicts = {"d1"};  // e4: declared
  auto c = candidate("d1", "申报企业", "350100");
  c.related_parties = {"集成商"};
  const auto plan = tidu::review::assign_panels({c}, experts, 1, {.same_city = true});
  ASSERT_TRUE(plan);
  EXPECT_EQ(panels(*plan), (Panels{{"d1", {"e5"}}}));
}

TEST(ExpertsAssign, NeverPutsTwoExpertsOfOneEmployerOnAPanel) {
  const std::vector experts{expert("e1", "福建大学（福州）"), expert("e2", "福建大学(福州)"),
                            expert("e3", "乙"), expert("e4", "丙")};
  const auto plan = tidu::review::assign_panels({candidate("d1")}, experts, 3, {});
  ASSERT_TRUE(plan);
  EXPECT_EQ(panels(*plan), (Panels{{"d1", {"e1", "e3", "e4"}}}));
  // Without a fourth employer no panel of three is possible.
  const auto short_plan =
      tidu::review::assign_panels({candidate("d1")}, {experts[0], experts[1], experts[2]}, 3, {});
  ASSERT_TRUE(short_plan);
  EXPECT_TRUE(short_plan->assignments.empty());
  EXPECT_EQ(short_plan->unfilled, (std::vector<std::string>{"d1"}));
}

TEST(ExpertsAssign, RespectsCapacity) {
  const std::vector experts{expert("e1", "甲", "350200", 1), expert("e2", "乙")};
  const auto plan = tidu::review::assign_panels({candidate("d1"), candidate("d2"), candidate("d3")},
                                                experts, 1, {});
  ASSERT_TRUE(plan);
  EXPECT_EQ(panels(*plan), (Panels{{"d1", {"e1"}}, {"d2", {"e2"}}, {"d3", {"e2"}}}));
  EXPECT_EQ(plan->load, (Load{{"e1", 1}, {"e2", 2}}));
}

TEST(ExpertsAssign, ReportsUnfilledDeclarationsWithoutPartialPanels) {
  const std::vector experts{expert("e1", "甲", "350200", 1), expert("e2", "乙", "350200", 1)};
  const auto plan = tidu::review::assign_panels({candidate("d1"), candidate("d2")}, experts, 2, {});
  ASSERT_TRUE(plan);
  EXPECT_EQ(panels(*plan), (Panels{{"d1", {"e1", "e2"}}}));
  EXPECT_EQ(plan->unfilled, (std::vector<std::string>{"d2"}));
  EXPECT_EQ(plan->load, (Load{{"e1", 1}, {"e2", 1}}));

  // A declaration every expert conflicts with takes nobody's load.
  const auto local = tidu::review::assign_panels(
      {candidate("d1", "企业", "350200"), candidate("d2")}, pool(3), 2, {.same_city = true});
  ASSERT_TRUE(local);
  EXPECT_EQ(panels(*local), (Panels{{"d2", {"e1", "e2"}}}));
  EXPECT_EQ(local->unfilled, (std::vector<std::string>{"d1"}));
  EXPECT_EQ(local->load, (Load{{"e1", 1}, {"e2", 1}, {"e3", 0}}));
}

TEST(ExpertsAssign, FillsTheDeclarationWithFewestEligibleExpertsFirst) {
  auto experts = std::vector{expert("e1", "甲", "350200", 1), expert("e2", "乙", "350200", 1),
                             expert("e3", "丙", "350200", 1)};
  experts[1].declared_conflicts = {"d2"};
  experts[2].declared_conflicts = {"d2"};
  // In id order d1 would take e1 and leave d2 without anyone.
  const auto plan = tidu::review::assign_panels({candidate("d1"), candidate("d2")}, experts, 1, {});
  ASSERT_TRUE(plan);
  EXPECT_EQ(panels(*plan), (Panels{{"d1", {"e2"}}, {"d2", {"e1"}}}));
  EXPECT_TRUE(plan->unfilled.empty());
}

TEST(ExpertsAssign, PrefersASpecialityMatchAmongEquallyLoadedExperts) {
  auto experts = pool(3);
  experts[0].specialities = {"C34", "智能制造"};
  experts[1].specialities = {"35"};
  experts[2].specialities = {"C35"};
  auto c = candidate("d1");
  c.industry = "C3511";
  const auto plan = tidu::review::assign_panels({c}, experts, 2, {});
  ASSERT_TRUE(plan);
  EXPECT_EQ(panels(*plan), (Panels{{"d1", {"e2", "e3"}}}));
  // Load comes before speciality: e2 and e3 already review d0.
  const auto loaded = tidu::review::assign_panels({c}, experts, 1, {}, {{"d0", {"e2", "e3"}}});
  ASSERT_TRUE(loaded);
  EXPECT_EQ(panels(*loaded), (Panels{{"d0", {"e2", "e3"}}, {"d1", {"e1"}}}));
}

TEST(ExpertsAssign, KeepsFixedPanelsAsTheyAreAndCountsTheirLoad) {
  auto experts = pool(4);
  experts[0].employer = "申报企业";  // a conflict the fixed panel keeps anyway
  const std::vector<Assignment> fixed{{"d1", {"e1", "e2"}}};
  const auto plan = tidu::review::assign_panels({candidate("d1", "申报企业"), candidate("d2")},
                                                experts, 2, {}, fixed);
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->assignments.size(), 2U);
  EXPECT_EQ(plan->assignments[0].declaration_id, "d1");
  EXPECT_EQ(plan->assignments[0].expert_ids, (std::vector<std::string>{"e1", "e2"}));
  EXPECT_EQ(plan->assignments[1].declaration_id, "d2");
  EXPECT_EQ(plan->assignments[1].expert_ids, (std::vector<std::string>{"e3", "e4"}));
  EXPECT_EQ(plan->load, (Load{{"e1", 1}, {"e2", 1}, {"e3", 1}, {"e4", 1}}));
}

TEST(ExpertsAssign, RefusesAPanelSizeOutsideOneToFifteen) {
  for (const int size : {0, -1, 16}) {
    const auto plan = tidu::review::assign_panels({candidate("d1")}, pool(3), size, {});
    ASSERT_FALSE(plan) << size;
    EXPECT_EQ(plan.error().code, "PANEL_SIZE_INVALID");
  }
  EXPECT_EQ(tidu::review::assign_panels({}, {}, 0, {}).error().message,
            "每个专家组应有 1～15 位专家，当前设置为 0 位");
  EXPECT_TRUE(tidu::review::assign_panels({}, {}, 15, {}));
}

TEST(ExpertsAssign, RefusesDuplicateIds) {
  auto experts = pool(2);
  experts[1].id = "e1";
  EXPECT_EQ(tidu::review::assign_panels({candidate("d1")}, experts, 1, {}).error().code,
            "EXPERT_DUPLICATE");
  EXPECT_EQ(
      tidu::review::assign_panels({candidate("d1"), candidate("d1")}, pool(2), 1, {}).error().code,
      "DECLARATION_DUPLICATE");
  EXPECT_EQ(tidu::review::assign_panels({}, pool(2), 1, {}, {{"d1", {"e1"}}, {"d1", {"e2"}}})
                .error()
                .code,
            "DECLARATION_DUPLICATE");
}

/// e1 (甲) leaves d1's panel; e2 (乙) stays.
struct ExpertsReplace : ::testing::Test {
  std::vector<Expert> experts{expert("e1", "甲"),
                              expert("e2", "乙"),
                              expert("e3", "乙"),
                              expert("e4", "甲"),
                              expert("e5", "丙"),
                              expert("e6", "丁"),
                              expert("e7", "戊", "350200", 1)};
  AssignmentPlan plan{
      .assignments = {{"d1", {"e1", "e2"}}, {"d2", {"e4", "e6", "e7"}}},
      .unfilled = {},
      .load = {{"e1", 1}, {"e2", 1}, {"e3", 0}, {"e4", 1}, {"e5", 0}, {"e6", 2}, {"e7", 1}}};
  Candidate d1 = candidate("d1");
  void SetUp() override { experts[4].declared_conflicts = {"d1"}; }
};

TEST_F(ExpertsReplace, PicksTheLeastLoadedConflictFreeExpertOfAnotherEmployer) {
  // e3 shares 乙 with e2, e5 declared a conflict, e7 is at capacity, e6 has load 2: e4 of the
  // leaving expert's own employer is fine.
  const auto id = tidu::review::replace_expert(plan, d1, "e1", experts, {});
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(*id, "e4");
  plan.load["e6"] = 0;
  EXPECT_EQ(tidu::review::replace_expert(plan, d1, "e1", experts, {}).value(), "e6");
}

TEST_F(ExpertsReplace, ExplainsWhyNobodyCanReplace) {
  experts.erase(experts.begin() + 3);  // e4
  experts.erase(experts.begin() + 4);  // e6
  const auto id = tidu::review::replace_expert(plan, d1, "e1", experts, {});
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code, "NO_REPLACEMENT_EXPERT");
  EXPECT_EQ(id.error().message,
            "没有可替换的专家：专家库中本专家组以外的 3 位专家里，1 位与该申报存在利益冲突，1 "
            "位已达评审数量上限，1 位与组内其他专家工作单位相同");
  const auto alone = tidu::review::replace_expert(plan, d1, "e1", {experts[0], experts[1]}, {});
  EXPECT_EQ(alone.error().message, "没有可替换的专家：专家库中没有本专家组以外的专家");
}

TEST_F(ExpertsReplace, RefusesAnUnknownPanelOrAnExpertNotOnIt) {
  EXPECT_EQ(tidu::review::replace_expert(plan, candidate("d9"), "e1", experts, {}).error().code,
            "PANEL_NOT_FOUND");
  const auto off = tidu::review::replace_expert(plan, d1, "e6", experts, {});
  EXPECT_EQ(off.error().code, "EXPERT_NOT_ON_PANEL");
  EXPECT_EQ(off.error().message, "专家 e6 不在申报 d1 的专家组中");
}

TEST(ExpertsCheckPanel, AcceptsAConflictFreePanel) {
  EXPECT_TRUE(
      tidu::review::check_panel({"d1", {"e1", "e2", "e3"}}, candidate("d1"), pool(3), {}).empty());
}

TEST(ExpertsCheckPanel, ListsEveryReasonAHandAdjustedPanelIsRefused) {
  auto experts = pool(3);
  experts[0].employer = "申报企业";
  experts[1].employer = "福建大学（福州）";
  experts[2].employer = "福建大学(福州)";
  const auto reasons = tidu::review::check_panel({"d1", {"e1", "e1", "ghost", "e2", "e3"}},
                                                 candidate("d1", "申报企业"), experts, {});
  EXPECT_EQ(reasons, (std::vector<std::string>{
                         "专家张e1（e1）：专家工作单位“申报企业”与申报企业相同",
                         "专家 e1 在专家组中重复出现",
                         "专家 ghost 不在专家库中",
                         "专家张e2（e2）与专家张e3（e3）工作单位相同（“福建大学（福州）”），"
                         "不能在同一专家组",
                     }));
}

TEST(ExpertsCheckPanel, RefusesAnEmptyPanelOrAnotherDeclarationsPanel) {
  EXPECT_EQ(tidu::review::check_panel({"d2", {}}, candidate("d1"), pool(1), {}),
            (std::vector<std::string>{"专家组属于申报 d2，不是申报 d1", "专家组中没有专家"}));
}

}  // namespace
