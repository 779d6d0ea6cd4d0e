// The copied-text check over real HTTP against `tidu serve`, on SQLite and PostgreSQL: a passage
// one enterprise copied from another's declaration in the same round is found by the server's
// check thread shortly after submission (the answers count the checks still waiting) and
// shown to the reviewers of either side, with the other side named only within the reader's
// region; an unrelated declaration has no pair; the enterprise itself cannot read the pairs.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/text.hpp"
#include "declaration/text_fields.hpp"
#include "demo/synthetic_text.hpp"
#include "support/review_chain.hpp"

namespace {

/// Gives every free Chinese text of the declaration its own synthetic text (the samples share
/// theirs), keeping names, choices and codes.
void own_text(tidu::declaration::Declaration& d, std::uint64_t seed) {
  std::uint64_t n = 0;
  tidu::declaration::for_each_text(
      d, [&](const tidu::declaration::TextField& f, std::string& value) {
        const bool chinese = std::any_of(value.begin(), value.end(), [](char c) {
          return (static_cast<unsigned char>(c) & 0x80U) != 0;
        });
        if (!chinese || tidu::text::length(value) < 20 || f.pattern.ends_with(".link") ||
            f.pattern.ends_with(".scenario") || f.pattern.ends_with(".instance") ||
            f.pattern.ends_with(".name"))
          return;
        value = tidu::demo::synthetic_text(seed * 1000 + ++n, 100);
      });
}

class CopiedTextApi : public ReviewChain {};

TEST_P(CopiedTextApi, ACopiedPassageIsFoundAtSubmissionAndShownToReviewers) {
  const auto yingtan = tidu::test::reviewer_account("copies.yingtan", "city", kYingtan, "工信",
                                                    "鹰潭市工信局审核员");
  const auto province = tidu::test::reviewer_account("copies.jiangxi", "province", "360000", "工信",
                                                     "江西省工信厅审核员");
  create_staff({yingtan, province});
  std::string copied;
  auto a = submitted(kJiangxi, kYingtan, kJxDuring, "鹰潭原文", 80,
                     [&](tidu::declaration::Declaration& d) {
                       own_text(d, 1);
                       copied = d.scenarios.at(0).solution;
                     });
  auto b = submitted(kJiangxi, kNanchang, kJxDuring, "南昌抄录", 81,
                     [&](tidu::declaration::Declaration& d) {
                       own_text(d, 2);
                       d.scenarios.at(1).solution = "（以下为本企业方案）" + copied;
                     });
  auto c = submitted(kJiangxi, kYingtan, kJxDuring, "鹰潭自写", 82,
                     [](tidu::declaration::Declaration& d) { own_text(d, 3); });

  auto city = sign_in(yingtan, kJxDuring);
  // Each submission was acknowledged before its check ran on the server's check thread; the
  // round's answer counts the checks still waiting until there are none.
  const auto round_path = "/api/v1/rounds/" + std::string(kJiangxi) + "/copied-text";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  auto waiting = city.get(round_path);
  while (waiting.status == 200 && waiting.json.value("pending", -1) > 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    waiting = city.get(round_path);
  }
  ASSERT_EQ(waiting.status, 200) << waiting.describe();
  ASSERT_EQ(waiting.json.value("pending", -1), 0) << "the checks did not run within a minute";
  auto pairs = city.get(decl_path(a.id) + "/copied-text");
  ASSERT_EQ(pairs.status, 200) << pairs.describe();
  EXPECT_EQ(pairs.json.value("pending", -1), 0) << pairs.json.dump();
  ASSERT_EQ(pairs.json.value("total", 0), 1) << pairs.json.dump();
  const auto& m = pairs.json["matches"][0];
  EXPECT_GT(m.value("similarity", 0.0), 0.8);
  EXPECT_NE(m.value("shared", "").find(tidu::text::prefix(copied, 30)), std::string::npos)
      << m.dump();
  // Whichever side is 鹰潭's is named; 南昌's is not (outside the city's region).
  const bool a_first = m["a"]["declaration_id"] == json(a.id);
  const auto& mine = a_first ? m["a"] : m["b"];
  const auto& theirs = a_first ? m["b"] : m["a"];
  EXPECT_EQ(mine.value("field", ""), "$.scenarios[0].solution") << m.dump();
  EXPECT_TRUE(mine.value("visible", false));
  EXPECT_FALSE(theirs.value("visible", true));
  EXPECT_TRUE(theirs["declaration_id"].is_null()) << m.dump();
  EXPECT_EQ(theirs.value("enterprise_name", ""), "（其他地区企业）");
  EXPECT_EQ(theirs.value("field", ""), "$.scenarios[1].solution");
  EXPECT_NE(theirs.value("region_name", "").find("南昌"), std::string::npos) << m.dump();

  // The unrelated declaration has no pair; the round's list for 鹰潭 has the one pair.
  auto none = city.get(decl_path(c.id) + "/copied-text");
  ASSERT_EQ(none.status, 200) << none.describe();
  EXPECT_EQ(none.json.value("total", -1), 0) << none.json.dump();
  auto round = city.get("/api/v1/rounds/" + std::string(kJiangxi) + "/copied-text");
  ASSERT_EQ(round.status, 200) << round.describe();
  EXPECT_EQ(round.json.value("total", 0), 1) << round.json.dump();

  // The province names both sides.
  auto prov = sign_in(province, kJxDuring);
  auto both = prov.get(decl_path(b.id) + "/copied-text");
  ASSERT_EQ(both.status, 200) << both.describe();
  ASSERT_EQ(both.json.value("total", 0), 1);
  EXPECT_TRUE(both.json["matches"][0]["a"].value("visible", false));
  EXPECT_TRUE(both.json["matches"][0]["b"].value("visible", false));

  // The enterprise cannot read the pairs; 鹰潭 cannot list another region's.
  EXPECT_EQ(a.enterprise.client.get(decl_path(a.id) + "/copied-text").status, 403);
  EXPECT_EQ(city.get("/api/v1/rounds/" + std::string(kJiangxi) +
                     "/copied-text?region=" + std::string(kNanchang))
                .status,
            403);
}

INSTANTIATE_TEST_SUITE_P(Backends, CopiedTextApi, tidu::test::all_backends(),
                         tidu::test::backend_name);

}  // namespace
