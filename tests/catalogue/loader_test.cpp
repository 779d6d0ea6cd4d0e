// The shipped catalogue editions and the loader's faults (catalogue/loader.hpp).
#include "catalogue/loader.hpp"

#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "support/world.hpp"

namespace {

using tidu::catalogue::CoverageStrength;
using tidu::catalogue::Direction;

const tidu::catalogue::ScenarioGuide& guide2024() {
  return tidu::test::catalogue().guides.at("2024");
}

std::string fixture(const std::string& rel) { return std::string(TIDU_TEST_FIXTURES) + "/" + rel; }

TEST(ShippedGuide, Has15LinksAnd40ScenariosNumbered1To40) {
  const auto& g = guide2024();
  EXPECT_EQ(g.edition, "2024");
  EXPECT_EQ(g.requirements_edition, "2024");
  EXPECT_TRUE(g.verified);
  ASSERT_EQ(g.links.size(), 15U);
  ASSERT_EQ(g.scenarios.size(), 40U);
  for (int n = 1; n <= 40; ++n) {
    EXPECT_EQ(g.scenarios[static_cast<std::size_t>(n - 1)].number, n);
    ASSERT_NE(g.scenario(n), nullptr) << n;
  }
  EXPECT_EQ(g.scenario(0), nullptr);
  EXPECT_EQ(g.scenario(41), nullptr);
}

TEST(ShippedGuide, LinksAreNumbered1To15AndEveryScenarioBelongsToOne) {
  const auto& g = guide2024();
  std::size_t total = 0;
  for (std::size_t i = 0; i < g.links.size(); ++i) {
    EXPECT_EQ(g.links[i].number, static_cast<int>(i) + 1);
    EXPECT_FALSE(g.links[i].scenario_numbers.empty()) << g.links[i].name;
    total += g.links[i].scenario_numbers.size();
  }
  EXPECT_EQ(total, 40U);
  for (const auto& s : g.scenarios) {
    const auto* link = g.link_of(s);
    ASSERT_NE(link, nullptr) << s.name;
    EXPECT_NE(std::find(link->scenario_numbers.begin(), link->scenario_numbers.end(), s.number),
              link->scenario_numbers.end());
  }
}

TEST(ShippedGuide, MultiLinkInnovationHasNoDomainAndScenarios34To40) {
  const auto* link = guide2024().find_link("多环节模式创新");
  ASSERT_NE(link, nullptr);
  EXPECT_EQ(link->number, 15);
  EXPECT_FALSE(link->domain.has_value());
  EXPECT_EQ(link->scenario_numbers, (std::vector<int>{34, 35, 36, 37, 38, 39, 40}));
}

TEST(ShippedGuide, OnlyMultiLinkInnovationLacksADomain) {
  int without = 0;
  for (const auto& l : guide2024().links) without += l.domain ? 0 : 1;
  EXPECT_EQ(without, 1);
}

TEST(ShippedGuide, MapsLinksToDomains) {
  const auto& g = guide2024();
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"工厂建设", "工厂建设"},   {"产品设计", "研发设计"},    {"工艺设计", "研发设计"},
      {"计划调度", "生产管理"},   {"生产作业", "生产作业"},    {"质量管控", "生产作业"},
      {"设备管理", "生产作业"},   {"仓储物流", "生产管理"},    {"安全管控", "生产管理"},
      {"能碳管理", "生产管理"},   {"环保管理", "生产管理"},    {"营销与售后", "运营管理"},
      {"供应链管理", "运营管理"}, {"信息基础设施", "工厂建设"}};
  for (const auto& [link, domain] : expected) {
    const auto* l = g.find_link(link);
    ASSERT_NE(l, nullptr) << link;
    ASSERT_TRUE(l->domain.has_value()) << link;
    EXPECT_EQ(*l->domain, domain) << link;
  }
  EXPECT_EQ(g.find_link("不存在的环节"), nullptr);
}

TEST(ShippedGuide, FindsScenariosByNameAndAlias) {
  const auto& g = guide2024();
  const auto* by_alias = g.find_scenario("供应商数智化管理");
  ASSERT_NE(by_alias, nullptr);
  EXPECT_EQ(by_alias->number, 29);
  EXPECT_EQ(by_alias->name, "供应商智能化管理");

  const auto* security = g.find_scenario("工业信息安全管理");
  ASSERT_NE(security, nullptr);
  EXPECT_EQ(security->number, 32);
  EXPECT_EQ(security->name, "工业信息安全管控");

  const auto* by_name = g.find_scenario("人机协同作业");
  ASSERT_NE(by_name, nullptr);
  EXPECT_EQ(by_name->number, 10);
  EXPECT_EQ(g.link_of(*by_name)->name, "生产作业");

  EXPECT_EQ(g.find_scenario("不存在的场景"), nullptr);
}

TEST(ShippedRequirements, HasFiveDomainsAndFourTiers) {
  const auto& r = tidu::test::catalogue().requirements.at("2024");
  ASSERT_EQ(r.domains.size(), 5U);
  ASSERT_EQ(r.tiers.size(), 4U);
  EXPECT_EQ(r.basic_requirements.size(), 5U);
  std::vector<std::string> ids;
  for (const auto& t : r.tiers) ids.push_back(t.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"basic", "advanced", "excellent", "leading"}));
  ASSERT_NE(r.domain("经营管理"), nullptr);  // alias
  EXPECT_EQ(r.domain("经营管理")->name, "运营管理");
  EXPECT_EQ(r.domain("智能运维"), nullptr);
  ASSERT_NE(r.tier("先进级"), nullptr);
  EXPECT_EQ(r.tier("先进级")->id, "advanced");
}

TEST(ShippedRequirements, TierFloorsStrengthsAndCoverage) {
  const auto& r = tidu::test::catalogue().requirements.at("2024");
  const std::vector<int> floors = {2, 2, 3, 4};
  const std::vector<CoverageStrength> strengths = {CoverageStrength::kMust, CoverageStrength::kMust,
                                                   CoverageStrength::kInPrinciple,
                                                   CoverageStrength::kMust};
  const std::vector<std::size_t> required = {1, 3, 5, 5};
  for (std::size_t i = 0; i < 4; ++i) {
    const auto& t = r.tiers[i];
    EXPECT_EQ(t.rank, static_cast<int>(i) + 1) << t.id;
    EXPECT_EQ(t.maturity_floor.level, floors[i]) << t.id;
    EXPECT_EQ(t.coverage.strength, strengths[i]) << t.id;
    EXPECT_EQ(t.coverage.required.size(), required[i]) << t.id;
    EXPECT_EQ(t.content.size(), 5U) << t.id;
  }
  EXPECT_EQ(r.tiers[0].coverage.required, (std::vector<std::string>{"生产作业"}));
  EXPECT_EQ(r.tiers[1].coverage.required,
            (std::vector<std::string>{"生产作业", "生产管理", "运营管理"}));
}

TEST(ShippedKpis, Has20IndicatorsWithDirections) {
  const auto& k = tidu::test::catalogue().kpis.at("2024");
  ASSERT_EQ(k.indicators.size(), 20U);
  EXPECT_EQ(k.categories.size(), 5U);
  ASSERT_NE(k.find(9), nullptr);
  EXPECT_EQ(k.find(9)->direction, Direction::kReduce);
  EXPECT_EQ(k.find(9)->category, 3);
  ASSERT_NE(k.find(1), nullptr);
  EXPECT_EQ(k.find(1)->direction, Direction::kIncrease);
  EXPECT_EQ(k.find(1)->max, 100.0);
  ASSERT_NE(k.find(4), nullptr);
  EXPECT_TRUE(k.find(4)->integer);
  EXPECT_FALSE(k.find(4)->max.has_value());
  EXPECT_EQ(k.find(21), nullptr);
  EXPECT_DOUBLE_EQ(k.change_tolerance, 0.5);
}

TEST(ShippedKpis, EveryTiersBenchmarkHasACriterion) {
  const auto& k = tidu::test::catalogue().kpis.at("2024");
  EXPECT_EQ(k.benchmark_min_peers, 5);
  for (const auto& [edition, requirements] : tidu::test::catalogue().requirements) {
    for (const auto& tier : requirements.tiers) {
      const auto* c = k.benchmark(tier.kpi_benchmark);
      ASSERT_NE(c, nullptr) << edition << " " << tier.id << ": " << tier.kpi_benchmark;
      EXPECT_FALSE(c->clause.empty());
    }
  }
  const auto* basic = k.benchmark("provincial_average");
  ASSERT_NE(basic, nullptr);
  EXPECT_EQ(basic->scope, "province");
  EXPECT_EQ(basic->test, "above_mean");
  EXPECT_EQ(basic->text, "主要技术经济指标应高于省（区、市）同行业平均水平");
  const auto* excellent = k.benchmark("national_leading");
  ASSERT_NE(excellent, nullptr);
  EXPECT_EQ(excellent->scope, "nation");
  EXPECT_DOUBLE_EQ(excellent->percentile, 75);
  EXPECT_EQ(k.benchmark("no_such"), nullptr);
}

TEST(ShippedKpis, CategoryNamesDependOnNaming) {
  const auto& k = tidu::test::catalogue().kpis.at("2024");
  EXPECT_EQ(k.category_name(3, "2024"), "生产运营效率类指标");
  EXPECT_EQ(k.category_name(3, "2025"), "生产运营效率优化类指标");
  EXPECT_EQ(k.category_name(4, "2024"), "可持续发展类指标");
  EXPECT_EQ(k.category_name(4, "2025"), "生产运营成本降低类指标");
  EXPECT_EQ(k.category_name(1, "2024"), "能力提升类指标");
  EXPECT_EQ(k.category_name(9, "2024"), "");
}

TEST(ShippedSizes, ClassifiesByBothLowerBounds) {
  const auto& s = tidu::test::catalogue().sizes.at("2017");
  ASSERT_EQ(s.classes.size(), 4U);
  EXPECT_EQ(s.classify(1000, 40000).id, "large");
  EXPECT_EQ(s.classify(999, 40000).id, "medium");
  EXPECT_EQ(s.classify(1000, 39999).id, "medium");
  EXPECT_EQ(s.classify(300, 2000).id, "medium");
  EXPECT_EQ(s.classify(299, 2000).id, "small");
  EXPECT_EQ(s.classify(20, 300).id, "small");
  EXPECT_EQ(s.classify(19, 50000).id, "micro");
  EXPECT_EQ(s.classify(50000, 299).id, "micro");
  EXPECT_EQ(s.classify(0, 0).id, "micro");
  EXPECT_DOUBLE_EQ(s.above_scale_min_revenue, 2000);
  ASSERT_NE(s.find("中型企业"), nullptr);
  EXPECT_EQ(s.find("中型企业")->id, "medium");
}

TEST(ShippedIndustries, HasDivisionsAndGroups) {
  const auto& ind = tidu::test::catalogue().industries.at("GB/T 4754-2017");
  ASSERT_NE(ind.division("38"), nullptr);
  EXPECT_EQ(ind.division("38")->section, "C");
  ASSERT_NE(ind.group("382"), nullptr);
  EXPECT_EQ(ind.group("382")->name, "输配电及控制设备制造");
  EXPECT_NE(ind.group("389"), nullptr);
  for (int code = 13; code <= 43; ++code) {
    EXPECT_NE(ind.division(std::to_string(code)), nullptr) << code;
  }
  ASSERT_NE(ind.division("06"), nullptr);
  EXPECT_EQ(ind.division("06")->section, "B");
  ASSERT_NE(ind.division("44"), nullptr);
  EXPECT_EQ(ind.division("44")->section, "D");
  EXPECT_EQ(ind.division("99"), nullptr);
  EXPECT_EQ(ind.group("388"), nullptr);  // 38 has no group 388
  EXPECT_EQ(ind.group("38"), nullptr);
  EXPECT_EQ(ind.group("991"), nullptr);
}

TEST(ShippedRegions, WithinWalksParents) {
  const auto& r = tidu::test::catalogue().regions;
  ASSERT_NE(r.find("350102"), nullptr);
  EXPECT_EQ(r.find("350102")->name, "鼓楼区");
  EXPECT_EQ(r.find("350102")->parent, "350100");
  EXPECT_TRUE(r.within("350102", "350000"));
  EXPECT_TRUE(r.within("350102", "350100"));
  EXPECT_TRUE(r.within("350102", "350102"));
  EXPECT_FALSE(r.within("350102", "610000"));

  ASSERT_NE(r.find("610403"), nullptr);
  EXPECT_EQ(r.find("610403")->name, "杨陵区");
  EXPECT_TRUE(r.within("610403", "61Z001"));
  EXPECT_TRUE(r.within("610403", "610000"));
  EXPECT_FALSE(r.within("610403", "610400"));  // placed under 杨凌示范区, not 咸阳市

  ASSERT_NE(r.find("429006"), nullptr);
  EXPECT_EQ(r.find("429006")->name, "天门市");
  EXPECT_TRUE(r.within("429006", "420000"));
  EXPECT_FALSE(r.within("999999", "420000"));
}

TEST(ShippedRegions, FullNameAndKinds) {
  const auto& r = tidu::test::catalogue().regions;
  EXPECT_EQ(r.full_name("350102"), "福建省 / 福州市 / 鼓楼区");
  EXPECT_EQ(r.full_name("350000"), "福建省");
  EXPECT_EQ(r.full_name("nope"), "");
  const auto* city = r.ancestor_of_kind("350102", "city");
  ASSERT_NE(city, nullptr);
  EXPECT_EQ(city->code, "350100");
  const auto* township = r.find("429006100");
  ASSERT_NE(township, nullptr);
  EXPECT_EQ(township->kind, "township");
  EXPECT_EQ(township->parent, "429006");
}

TEST(ShippedCatalogue, HasTitleKindsAndCoarseLists) {
  const auto& c = tidu::test::catalogue();
  EXPECT_NE(c.title_kind("national_pilot_demo_project"), nullptr);
  EXPECT_EQ(c.title_kind("no_such_title"), nullptr);
  ASSERT_TRUE(c.coarse_lists.contains("fujian-2025"));
  EXPECT_EQ(c.coarse_lists.at("fujian-2025").items,
            (std::vector<std::string>{"原材料", "装备制造", "消费品", "电子信息"}));
}

TEST(LoadCatalogue, EightLinkDraftFixtureLoads) {
  const auto cat = tidu::catalogue::load_catalogue(fixture("guides/2025-draft"));
  ASSERT_TRUE(cat.has_value()) << cat.error().message;
  ASSERT_TRUE(cat->guides.contains("2025"));
  ASSERT_TRUE(cat->requirements.contains("2024"));
  const auto& g = cat->guides.at("2025");
  EXPECT_FALSE(g.verified);
  EXPECT_EQ(g.requirements_edition, "2024");
  ASSERT_EQ(g.links.size(), 8U);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"工厂建设", "工厂建设"}, {"产品研发", "研发设计"},  {"工艺设计", "研发设计"},
      {"生产管理", "生产管理"}, {"生产作业", "生产作业"},  {"运营管理", "运营管理"},
      {"产品服务", "运营管理"}, {"供应链管理", "运营管理"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(g.links[i].name, expected[i].first);
    ASSERT_TRUE(g.links[i].domain.has_value()) << expected[i].first;
    EXPECT_EQ(*g.links[i].domain, expected[i].second) << expected[i].first;
    EXPECT_FALSE(g.links[i].scenario_numbers.empty()) << expected[i].first;
  }
  const auto* twin = g.find_scenario("数字孪生工厂构建");
  ASSERT_NE(twin, nullptr);
  EXPECT_EQ(g.link_of(*twin)->name, "工厂建设");
  const auto* plan = g.find_scenario("生产计划优化");
  ASSERT_NE(plan, nullptr);
  EXPECT_EQ(g.link_of(*plan)->name, "生产管理");
}

TEST(LoadGuideFile, ReadsOneEdition) {
  const auto g = tidu::catalogue::load_guide_file(fixture("guides/2025-draft/2025.yaml"));
  ASSERT_TRUE(g.has_value()) << g.error().message;
  EXPECT_EQ(g->edition, "2025");
  EXPECT_EQ(g->links.size(), 8U);
  EXPECT_EQ(g->scenarios.size(), 13U);
}

TEST(LoadCatalogue, MissingDirectoryIsAnError) {
  const auto cat = tidu::catalogue::load_catalogue(fixture("no-such-dir"));
  ASSERT_FALSE(cat.has_value());
  EXPECT_EQ(cat.error().code, "DATA_DIR_MISSING");
}

// Every malformed fixture must be refused with the file and a line:column position.
void expect_refused_at(const std::string& dir, const std::string& file, const std::string& also) {
  const auto cat = tidu::catalogue::load_catalogue(fixture(dir));
  ASSERT_FALSE(cat.has_value()) << dir << " was accepted";
  EXPECT_EQ(cat.error().code, "DATA_FILE_INVALID");
  const std::string& m = cat.error().message;
  EXPECT_NE(m.find(file), std::string::npos) << m;
  EXPECT_TRUE(std::regex_search(m, std::regex(R"(\.yaml:\d+:\d+)"))) << m;
  EXPECT_TRUE(std::regex_search(
      m, std::regex(std::regex_replace(file, std::regex(R"([.])"), R"(\.)") + R"(:\d+:\d+)")))
      << "position not attached to " << file << ": " << m;
  if (!also.empty()) {
    EXPECT_NE(m.find(also), std::string::npos) << m;
  }
}

TEST(LoadCatalogue, DuplicatedScenarioNumberIsRefusedWithPosition) {
  expect_refused_at("malformed/duplicate-scenario-number", "guide.yaml", "场景序号重复");
  const auto cat = tidu::catalogue::load_catalogue(fixture("malformed/duplicate-scenario-number"));
  ASSERT_FALSE(cat.has_value());
  // The second "number: 2" is on line 18.
  EXPECT_NE(cat.error().message.find("guide.yaml:18:"), std::string::npos) << cat.error().message;
}

TEST(LoadCatalogue, StrengthOutsideMustAndInPrincipleIsRefusedWithPosition) {
  expect_refused_at("malformed/bad-strength", "requirements-2024.yaml", "strength");
  const auto cat = tidu::catalogue::load_catalogue(fixture("malformed/bad-strength"));
  ASSERT_FALSE(cat.has_value());
  EXPECT_NE(cat.error().message.find("requirements-2024.yaml:85:"), std::string::npos)
      << cat.error().message;
}

TEST(LoadCatalogue, YamlSyntaxErrorIsRefusedWithPosition) {
  expect_refused_at("malformed/syntax-error", "guide.yaml", "YAML 语法错误");
  const auto cat = tidu::catalogue::load_catalogue(fixture("malformed/syntax-error"));
  ASSERT_FALSE(cat.has_value());
  EXPECT_NE(cat.error().message.find("guide.yaml:13:"), std::string::npos) << cat.error().message;
}

TEST(LoadCatalogue, LinkDomainOutsideRequirementsIsRefused) {
  const auto cat = tidu::catalogue::load_catalogue(fixture("malformed/unknown-domain"));
  ASSERT_FALSE(cat.has_value());
  EXPECT_EQ(cat.error().code, "DATA_FILE_INVALID");
  EXPECT_NE(cat.error().message.find("智能运维"), std::string::npos) << cat.error().message;
}

TEST(LoadCatalogue, LinkDomainOutsideRequirementsIsRefusedWithFileAndPosition) {
  expect_refused_at("malformed/unknown-domain", "guide.yaml", "智能运维");
}

}  // namespace
