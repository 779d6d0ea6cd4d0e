#include "demo/generate.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/credit_code.hpp"
#include "declaration/json_io.hpp"
#include "demo/world.hpp"
#include "rules/checker.hpp"
#include "similarity/copies.hpp"
#include "similarity/passages.hpp"
#include "support/world.hpp"

namespace tidu::demo {
namespace {

Generator make(GenerateOptions o) {
  auto g = Generator::make(test::catalogue(), test::rounds(), o);
  if (!g) throw std::runtime_error(g.error().message);
  return std::move(*g);
}

TEST(Generate, TheSameItemIsTheSameEveryTime) {
  const Generator g = make({.enterprises = 100, .declarations = 40});
  EXPECT_EQ(declaration::to_json(g.declaration(17).content),
            declaration::to_json(g.declaration(17).content));
  EXPECT_NE(declaration::to_json(g.declaration(17).content),
            declaration::to_json(g.declaration(18).content));
  EXPECT_EQ(g.enterprise(80).profile.credit_code, g.enterprise(80).profile.credit_code);
}

TEST(Generate, EnterprisesArePlausible) {
  const Generator g = make({.enterprises = 2000, .declarations = 400});
  std::set<std::string> codes;
  int above = 0;
  int assessed = 0;
  int twice = 0;
  for (std::size_t i = 0; i < 2000; ++i) {
    const auto e = g.enterprise(i);
    EXPECT_EQ(credit_code::check(e.profile.credit_code), credit_code::Verdict::kValid);
    codes.insert(e.profile.credit_code);
    ASSERT_NE(test::catalogue().regions.find(e.profile.region), nullptr) << e.profile.region;
    const auto* division =
        test::catalogue().industries.rbegin()->second.division(e.profile.industry.division);
    ASSERT_NE(division, nullptr);
    EXPECT_EQ(division->section, "C");
    ASSERT_EQ(e.profile.financials.size(), 3U);
    EXPECT_EQ(e.above_scale, *e.profile.financials.back().main_revenue >= 2000);
    above += e.above_scale ? 1 : 0;
    assessed += e.assessments.empty() ? 0 : 1;
    twice += e.assessments.size() == 2 ? 1 : 0;
    for (const auto& a : e.assessments) {
      EXPECT_GE(a.level, 1);
      EXPECT_LE(a.level, 5);
    }
  }
  EXPECT_EQ(codes.size(), 2000U);  // credit codes are unique
  EXPECT_GT(above, 600);
  EXPECT_LT(above, 1400);
  EXPECT_GT(assessed, 1000);  // 45 % of 1,600, and the 400 entrants all
  EXPECT_LT(assessed, 1250);
  EXPECT_GT(twice, 100);
}

TEST(Generate, DeclarationsBelongToTheirRoundsRegionAndPassItsRules) {
  const Generator g = make({.enterprises = 200, .declarations = 40});
  for (std::size_t i = 0; i < 40; ++i) {
    const auto d = g.declaration(i);
    const auto& policy = test::policy(d.round_id);
    EXPECT_TRUE(
        test::catalogue().regions.within(d.content.enterprise.region, policy.round->region));
    const rules::RegistryFacts registry;
    const auto report = rules::check(
        {d.content, policy, registry,
         rules::default_check_time(d.content, demo_check_time(*policy.round)), nullptr});
    std::string errors;
    for (const auto& f : report.findings)
      if (f.severity == rules::Severity::kError)
        errors += f.code + " " + f.path + " " + f.message + "\n";
    EXPECT_TRUE(report.ok()) << d.id << " " << d.round_id << "\n" << errors;
  }
}

/// The (declaration, field) pairs of one round the check reports, each pair ordered.
using FieldPair =
    std::pair<std::pair<std::size_t, std::string>, std::pair<std::size_t, std::string>>;

std::set<FieldPair> found_copies(const Generator& g) {
  std::set<FieldPair> found;
  const std::size_t n = g.options().declarations;
  std::vector<GeneratedDeclaration> all;
  for (std::size_t i = 0; i < n; ++i) all.push_back(g.declaration(i));
  for (const auto& round : g.round_ids()) {
    similarity::CopyIndex index;
    std::vector<std::pair<std::size_t, similarity::Passage>> passages;
    for (std::size_t i = 0; i < n; ++i) {
      const auto& d = all[i];
      if (d.round_id != round || !d.submitted) continue;
      for (auto& p : similarity::passages_of(d.content)) {
        index.add(static_cast<std::uint32_t>(i), similarity::fingerprint(p.text).keys);
        passages.emplace_back(i, std::move(p));
      }
    }
    for (const auto& [a, b] : index.candidates().pairs) {
      const auto& pa = passages[a];
      const auto& pb = passages[b];
      const auto v =
          similarity::compare(pa.second.text, similarity::fingerprint(pa.second.text).shingles,
                              pb.second.text, similarity::fingerprint(pb.second.text).shingles);
      if (v.similarity < similarity::kMinSimilarity) continue;
      auto x = std::pair{pa.first, pa.second.field};
      auto y = std::pair{pb.first, pb.second.field};
      found.insert(x < y ? FieldPair{x, y} : FieldPair{y, x});
    }
  }
  return found;
}

// The copied-text check over a generated round finds exactly the planted copies: each copy with
// its origin, and two copies of one origin with each other.
TEST(Generate, TheCopiedTextCheckFindsThePlantedCopiesAndNothingElse) {
  const Generator g = make({.enterprises = 700, .declarations = 600, .copied_share = 0.1});
  const auto planted = g.planted();
  ASSERT_GT(planted.size(), 30U);
  std::map<std::pair<std::size_t, std::string>, std::vector<std::size_t>> groups;
  for (const auto& p : planted) groups[{p.origin, p.field}].push_back(p.copy);
  std::set<FieldPair> expected;
  for (const auto& [origin, copies] : groups) {
    std::vector<std::pair<std::size_t, std::string>> members = {origin};
    for (const auto c : copies) members.emplace_back(c, origin.second);
    for (std::size_t i = 0; i < members.size(); ++i)
      for (std::size_t j = i + 1; j < members.size(); ++j)
        expected.insert(members[i] < members[j] ? FieldPair{members[i], members[j]}
                                                : FieldPair{members[j], members[i]});
  }
  EXPECT_EQ(found_copies(g), expected);
}

TEST(Generate, NoCopiesPlantedNoneFound) {
  const Generator g = make({.enterprises = 400, .declarations = 400, .copied_share = 0});
  EXPECT_TRUE(g.planted().empty());
  const auto found = found_copies(g);
  for (const auto& [a, b] : found)
    ADD_FAILURE() << a.first << " " << a.second << " ~ " << b.first << " " << b.second;
}

TEST(Generate, OptionsOutOfRangeAreRefused) {
  EXPECT_EQ(
      Generator::make(test::catalogue(), test::rounds(), {.enterprises = 10, .declarations = 20})
          .error()
          .code,
      "GENERATE_OPTIONS");
  EXPECT_FALSE(Generator::make(test::catalogue(), test::rounds(), {.copied_share = 0.9}));
}

}  // namespace
}  // namespace tidu::demo
