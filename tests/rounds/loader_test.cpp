// The shipped rounds and form templates, and the loader's faults (rounds/loader.hpp).
#include "rounds/loader.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "core/time.hpp"
#include "support/world.hpp"

namespace {

const tidu::rounds::Round& round(const std::string& id) {
  return tidu::test::rounds().rounds.at(id);
}

const tidu::rounds::FormTemplate& form(const std::string& id) {
  return tidu::test::rounds().forms.at(id);
}

std::string closes(const tidu::rounds::Round& r) {
  return r.closes ? tidu::time::format_instant(*r.closes) : "(none)";
}

std::vector<std::string> level_ids(const tidu::rounds::Round& r) {
  std::vector<std::string> out;
  for (const auto& l : r.levels) out.push_back(l.id);
  return out;
}

TEST(ShippedRounds, ExactlyFourRoundsWithTheirTiers) {
  const auto& rs = tidu::test::rounds();
  ASSERT_EQ(rs.rounds.size(), 4U);
  ASSERT_EQ(rs.policies.size(), 4U);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"fj-2025-advanced", "advanced"},
      {"sn-2024-excellent", "excellent"},
      {"hb-tianmen-2026-basic", "basic"},
      {"jx-2025-advanced", "advanced"}};
  for (const auto& [id, tier] : expected) {
    ASSERT_TRUE(rs.rounds.contains(id)) << id;
    EXPECT_EQ(rs.rounds.at(id).tier, tier) << id;
    const auto& p = tidu::test::policy(id);
    ASSERT_NE(p.tier, nullptr) << id;
    EXPECT_EQ(p.tier->id, tier) << id;
    EXPECT_EQ(p.round, &rs.rounds.at(id)) << id;
    EXPECT_EQ(p.form->id, rs.rounds.at(id).form) << id;
  }
}

TEST(ShippedRounds, PoliciesResolveCatalogueEditions) {
  const auto& p = tidu::test::policy("hb-tianmen-2026-basic");
  ASSERT_NE(p.guide, nullptr);
  EXPECT_EQ(p.guide->edition, "2024");
  ASSERT_NE(p.requirements, nullptr);
  EXPECT_EQ(p.requirements->edition, "2024");
  ASSERT_NE(p.sizes, nullptr);
  EXPECT_EQ(p.sizes->edition, "2017");
  ASSERT_NE(p.industries, nullptr);
  EXPECT_EQ(p.industries->edition, "GB/T 4754-2017");
  EXPECT_EQ(p.round->catalogue.kpi_naming, "2025");
  ASSERT_NE(tidu::test::policy("jx-2025-advanced").coarse, nullptr);
  EXPECT_EQ(tidu::test::policy("jx-2025-advanced").coarse->id, "jiangxi-2025");
}

TEST(ShippedRounds, ShaanxiQuotas) {
  const auto& q = round("sn-2024-excellent").quotas;
  EXPECT_TRUE(q.ranked);
  EXPECT_EQ(q.level, "city");
  EXPECT_EQ(q.limit_for("610100"), 15);
  EXPECT_EQ(q.limit_for("610300"), 8);
  EXPECT_EQ(q.limit_for("610400"), 5);
  EXPECT_EQ(q.limit_for("610200"), 3);  // default
  EXPECT_EQ(q.limit_for("61Z001"), 3);  // default
}

TEST(ShippedRounds, JiangxiQuotasAndExemption) {
  const auto& r = round("jx-2025-advanced");
  EXPECT_EQ(r.quotas.limit_for("360600"), 4);
  EXPECT_EQ(r.quotas.limit_for("36Z001"), 4);
  EXPECT_EQ(r.quotas.limit_for("360100"), 7);
  ASSERT_EQ(r.exemptions.size(), 1U);
  EXPECT_FALSE(r.exemptions[0].uses_quota);
  EXPECT_TRUE(r.exemptions[0].must_apply);
  EXPECT_EQ(r.exemptions[0].declaration_flag, "cover.benchmark_enterprise");
}

TEST(ShippedRounds, RoundsWithoutQuotaLimitsHaveNone) {
  EXPECT_EQ(round("fj-2025-advanced").quotas.limit_for("350100"), std::nullopt);
  EXPECT_EQ(round("hb-tianmen-2026-basic").quotas.limit_for("429006100"), std::nullopt);
  EXPECT_FALSE(round("hb-tianmen-2026-basic").quotas.ranked);
}

TEST(ShippedRounds, FujianWindowAndRoute) {
  const auto& r = round("fj-2025-advanced");
  EXPECT_EQ(closes(r), "2025-04-10T23:59:59+08:00");
  ASSERT_TRUE(r.opens.has_value());
  EXPECT_EQ(tidu::time::format_instant(*r.opens), "2025-03-21T00:00:00+08:00");
  EXPECT_EQ(level_ids(r), (std::vector<std::string>{"county", "city", "province"}));
  std::vector<std::string> kinds;
  for (const auto& l : r.levels) kinds.push_back(l.region_kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"county", "city", "province"}));
  ASSERT_TRUE(r.levels[2].deadline.has_value());
  EXPECT_EQ(tidu::time::format_instant(*r.levels[2].deadline), "2025-04-15T23:59:59+08:00");
  EXPECT_FALSE(r.levels[0].deadline.has_value());
  ASSERT_EQ(r.direct.size(), 1U);
  EXPECT_EQ(r.direct[0].acts_as, "city");
  EXPECT_EQ(r.financial_years, (std::vector<int>{2022, 2023, 2024}));
}

TEST(ShippedRounds, ShaanxiCityLevelRecommendsJointly) {
  const auto& r = round("sn-2024-excellent");
  ASSERT_FALSE(r.levels.empty());
  const auto& city = r.levels.front();
  EXPECT_EQ(city.id, "city");
  const auto has = [&](const std::string& dept) {
    return std::find(city.joint.begin(), city.joint.end(), dept) != city.joint.end();
  };
  EXPECT_TRUE(has("发改"));
  EXPECT_TRUE(has("国资"));
  EXPECT_TRUE(has("工信"));
  EXPECT_EQ(city.joint.size(), 6U);
  EXPECT_EQ(closes(r), "2024-11-22T23:59:59+08:00");
  EXPECT_EQ(level_ids(r), (std::vector<std::string>{"city", "province", "ministry"}));
}

TEST(ShippedRounds, TianmenHasTownshipLevelWithDeadline) {
  const auto& r = round("hb-tianmen-2026-basic");
  ASSERT_FALSE(r.levels.empty());
  const auto& township = r.levels.front();
  EXPECT_EQ(township.id, "township");
  EXPECT_EQ(township.region_kind, "township");
  ASSERT_TRUE(township.deadline.has_value());
  EXPECT_EQ(tidu::time::format_instant(*township.deadline), "2026-03-01T23:59:59+08:00");
  EXPECT_EQ(closes(r), "2026-03-15T23:59:59+08:00");
  EXPECT_EQ(r.region, "429006");
}

TEST(ShippedRounds, EligibilityRulesInFileOrder) {
  const auto& fj = round("fj-2025-advanced");
  const auto floors = fj.rules_of("maturity_floor");
  ASSERT_EQ(floors.size(), 1U);
  EXPECT_EQ(floors[0]->level, 2);
  const auto suffix = fj.rules_of("factory_name_suffix");
  ASSERT_EQ(suffix.size(), 1U);
  EXPECT_EQ(suffix[0]->suffix, "智能工厂");
  EXPECT_EQ(suffix[0]->forbidden, (std::vector<std::string>{"车间", "项目"}));
  const auto& jx = round("jx-2025-advanced");
  const auto recognised = jx.rules_of("not_already_recognised");
  ASSERT_EQ(recognised.size(), 2U);
  EXPECT_EQ(recognised[0]->min_tier, "excellent");
  EXPECT_EQ(recognised[0]->scope, "enterprise");
  EXPECT_EQ(recognised[1]->min_tier, "advanced");
  EXPECT_EQ(recognised[1]->scope, "factory");
  EXPECT_TRUE(jx.rules_of("no_accidents").empty());
}

TEST(ShippedForms, FujianRulesCarryLimits) {
  const auto& f = form("fujian-advanced-2025");
  ASSERT_TRUE(f.rules.contains("enterprise.profile"));
  EXPECT_EQ(f.rules.at("enterprise.profile").limit, 500U);
  EXPECT_TRUE(f.rules.at("enterprise.profile").required);
  ASSERT_TRUE(f.rules.contains("narrative.overall_plan"));
  EXPECT_EQ(f.rules.at("narrative.overall_plan").limit, 700U);
  ASSERT_TRUE(f.rules.contains("scenarios[].solution"));
  EXPECT_EQ(f.rules.at("scenarios[].solution").limit, 500U);
  ASSERT_TRUE(f.rules.contains("narrative.background"));
  EXPECT_EQ(f.rules.at("narrative.background").limit, 300U);
  ASSERT_TRUE(f.rules.contains("appendix.scenario_rows[].description"));
  EXPECT_EQ(f.rules.at("appendix.scenario_rows[].description").limit, 150U);
  EXPECT_TRUE(f.asks_for("appendix.scenario_rows"));
  EXPECT_FALSE(f.asks_for("factory.level"));
  EXPECT_FALSE(f.rules.at("factory.name").limit.has_value());
}

TEST(ShippedForms, FujianClausesNameDocumentAndSection) {
  const auto& rule = form("fujian-advanced-2025").rules.at("enterprise.profile");
  EXPECT_NE(rule.clause.find("闽工信函装备〔2025〕123号"), std::string::npos) << rule.clause;
  EXPECT_NE(rule.clause.find("（一）申报单位基本信息"), std::string::npos) << rule.clause;
  EXPECT_NE(rule.clause.find("企业简介"), std::string::npos) << rule.clause;
}

TEST(ShippedForms, JiangxiScenarioPart) {
  const auto& f = form("jiangxi-advanced-2025");
  ASSERT_EQ(f.scenario_items.size(), 5U);
  EXPECT_EQ(f.scenario_items.front().key, "description");
  EXPECT_EQ(f.scenario_items.back().key, "economics");
  const auto groups = f.scenario_groups();
  ASSERT_EQ(groups.size(), 6U);
  ASSERT_TRUE(groups.front()->domain.has_value());
  EXPECT_EQ(*groups.front()->domain, "生产作业");
  EXPECT_FALSE(groups.front()->bonus);
  EXPECT_TRUE(std::any_of(groups.begin(), groups.end(), [](const auto* g) { return g->bonus; }));
  EXPECT_TRUE(f.has_scenario_group(std::nullopt));
  EXPECT_TRUE(f.has_scenario_group("研发设计"));
  EXPECT_FALSE(f.has_scenario_group("智能运维"));
  EXPECT_TRUE(f.asks_for("narrative.supply_chain"));
  EXPECT_EQ(f.rules.at("scenarios[].description").limit, 300U);
}

TEST(ShippedForms, TianmenDerivesFromFujianAndAsksForFactoryLevel) {
  const auto& f = form("tianmen-basic-2026");
  EXPECT_EQ(f.derived_from, "fujian-advanced-2025");
  EXPECT_TRUE(f.asks_for("factory.level"));
  EXPECT_TRUE(f.rules.at("factory.level").required);
  EXPECT_EQ(f.rules.at("factory.level").choices, "factory_level");
}

TEST(ShippedForms, ThreeFormsAreLoaded) {
  const auto& forms = tidu::test::rounds().forms;
  EXPECT_EQ(forms.size(), 3U);
  EXPECT_TRUE(forms.contains("fujian-advanced-2025"));
  EXPECT_TRUE(forms.contains("jiangxi-advanced-2025"));
  EXPECT_TRUE(forms.contains("tianmen-basic-2026"));
}

// --- Malformed data directories -----------------------------------------------------------

std::string malformed(const std::string& name) {
  return std::string(TIDU_TEST_FIXTURES) + "/malformed-rounds/" + name;
}

std::string refusal(const std::string& name) {
  const auto rs = tidu::rounds::load_rounds(malformed(name), tidu::test::catalogue());
  if (rs) return {};
  EXPECT_EQ(rs.error().code, "DATA_FILE_INVALID");
  return rs.error().message;
}

TEST(LoadRounds, FixtureCopiesShareTheShippedCatalogue) {
  // Sanity: the copies the malformed fixtures start from load from the shipped data.
  const auto rs = tidu::rounds::load_rounds(TIDU_DEFAULT_DATA_DIR, tidu::test::catalogue());
  ASSERT_TRUE(rs.has_value()) << rs.error().message;
  EXPECT_EQ(rs->rounds.size(), 4U);
}

TEST(LoadRounds, UnknownTopLevelKeyIsRefused) {
  const std::string m = refusal("unknown-key");
  ASSERT_FALSE(m.empty()) << "accepted";
  EXPECT_NE(m.find("jx-2025-advanced.yaml:19:1: deadline_note"), std::string::npos) << m;
}

TEST(LoadRounds, ImpossibleCloseDateIsRefused) {
  const std::string m = refusal("bad-closes");
  ASSERT_FALSE(m.empty()) << "accepted";
  EXPECT_TRUE(std::regex_search(m, std::regex(R"(jx-2025-advanced\.yaml:22:\d+: window\.closes)")))
      << m;
}

TEST(LoadRounds, UnknownFieldPathIsRefused) {
  const std::string m = refusal("bad-path");
  ASSERT_FALSE(m.empty()) << "accepted";
  EXPECT_TRUE(std::regex_search(m, std::regex(R"(jiangxi-advanced-2025\.yaml:31:\d+: )"))) << m;
  EXPECT_NE(m.find("enterprise.nonexistent"), std::string::npos) << m;
}

TEST(LoadRounds, QuotaRegionOutsideRoundRegionIsRefused) {
  const std::string m = refusal("quota-outside");
  ASSERT_FALSE(m.empty()) << "accepted";
  EXPECT_TRUE(std::regex_search(m, std::regex(R"(jx-2025-advanced\.yaml:\d+:\d+: quotas)"))) << m;
  EXPECT_NE(m.find("610100"), std::string::npos) << m;
}

TEST(LoadRounds, MissingFolderIsAnError) {
  const auto rs = tidu::rounds::load_rounds(malformed("no-such-case"), tidu::test::catalogue());
  ASSERT_FALSE(rs.has_value());
  EXPECT_EQ(rs.error().code, "DATA_DIR_MISSING");
}

TEST(ShippedRounds, ShaanxiCitesItsOwnMaterialsListForTheSharedForm) {
  const auto& p = tidu::test::policy("sn-2024-excellent");
  EXPECT_EQ(p.form->title, "卓越级智能工厂项目申报书");
  EXPECT_NE(p.form->rules.at("enterprise.profile").clause.find("陕工信发〔2024〕262号"),
            std::string::npos);
  // The shared template itself keeps Fujian's citation.
  const auto& fj = tidu::test::policy("fj-2025-advanced");
  EXPECT_NE(fj.form->rules.at("enterprise.profile").clause.find("闽工信函装备〔2025〕123号"),
            std::string::npos);
}

// --- Revisions saved by administrators ----------------------------------------------------------

std::string shipped(const std::string& id) {
  std::ifstream in(std::string(TIDU_DEFAULT_DATA_DIR) + "/rounds/" + id + ".yaml");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(LoadRounds, ARevisionTakesThePlaceOfTheFileOfItsRound) {
  const auto fujian = shipped("fj-2025-advanced");
  const std::vector<tidu::rounds::RoundText> revisions = {
      {.name = "数据库:round_definitions/fj-2025-advanced@v2",
       .yaml = replaced(fujian, "closes: 2025-04-10T23:59:59+08:00",
                        "closes: 2025-04-17T23:59:59+08:00")},
      {.name = "数据库:round_definitions/fj-2026-advanced@v1",
       .yaml = replaced(replaced(fujian, "id: fj-2025-advanced", "id: fj-2026-advanced"),
                        "name: 2025年福建省先进级智能工厂申报",
                        "name: 2026年福建省先进级智能工厂申报")}};
  const auto rs =
      tidu::rounds::load_rounds(TIDU_DEFAULT_DATA_DIR, tidu::test::catalogue(), {}, revisions);
  ASSERT_TRUE(rs.has_value()) << rs.error().message;
  ASSERT_EQ(rs->rounds.size(), 5U) << "four files, one replaced, one round added";
  const auto& extended = rs->rounds.at("fj-2025-advanced");
  EXPECT_EQ(closes(extended), "2025-04-17T23:59:59+08:00");
  EXPECT_EQ(extended.source_file, "数据库:round_definitions/fj-2025-advanced@v2");
  EXPECT_EQ(rs->rounds.at("fj-2026-advanced").name, "2026年福建省先进级智能工厂申报");
  ASSERT_TRUE(rs->policies.contains("fj-2026-advanced"));
  EXPECT_EQ(rs->policies.at("fj-2025-advanced").round, &extended);
}

TEST(CheckRoundText, AGoodDefinitionHasNoFaultsAndNamesItsRound) {
  std::string id;
  const auto faults = tidu::rounds::check_round_text(
      shipped("jx-2025-advanced"), "批次定义", tidu::test::rounds(), tidu::test::catalogue(), &id);
  EXPECT_TRUE(faults.empty()) << tidu::data::describe(faults.front());
  EXPECT_EQ(id, "jx-2025-advanced");
}

TEST(CheckRoundText, FaultsCarryTheirLineAndPath) {
  const auto text = replaced(shipped("fj-2025-advanced"), "closes: 2025-04-10T23:59:59+08:00",
                             "closes: 2025-02-30T23:59:59+08:00");
  const auto faults = tidu::rounds::check_round_text(text, "批次定义", tidu::test::rounds(),
                                                     tidu::test::catalogue(), nullptr);
  ASSERT_EQ(faults.size(), 1U);
  EXPECT_EQ(faults[0].line, 26);
  EXPECT_EQ(faults[0].path, "window.closes");
  // An unknown form and a YAML syntax error.
  const auto unknown_form = tidu::rounds::check_round_text(
      replaced(shipped("fj-2025-advanced"), "form: fujian-advanced-2025", "form: no-such-form"),
      "批次定义", tidu::test::rounds(), tidu::test::catalogue(), nullptr);
  ASSERT_FALSE(unknown_form.empty());
  EXPECT_NE(unknown_form[0].message.find("no-such-form"), std::string::npos)
      << unknown_form[0].message;
  const auto syntax = tidu::rounds::check_round_text(
      "id: [unclosed", "批次定义", tidu::test::rounds(), tidu::test::catalogue(), nullptr);
  ASSERT_EQ(syntax.size(), 1U);
  EXPECT_NE(syntax[0].message.find("YAML 语法错误"), std::string::npos) << syntax[0].message;
}

}  // namespace
