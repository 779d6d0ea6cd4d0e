#include "similarity/passages.hpp"

#include <gtest/gtest.h>

#include "demo/synthetic_text.hpp"
#include "similarity/shingles.hpp"

namespace tidu::similarity {
namespace {

TEST(Passages, LongFieldsAreSplitAtSentenceEnds) {
  const std::string text = demo::synthetic_text(9, 1500);
  const auto parts = split_text(text);
  ASSERT_GE(parts.size(), 4U);
  std::string joined;
  for (const auto& p : parts) {
    joined += p;
    EXPECT_LE(normalize(p).size(), kMaxPassageChars);
    EXPECT_GE(normalize(p).size(), kMinPassageChars);
  }
  EXPECT_EQ(joined, text);
  EXPECT_TRUE(split_text("太短的文字。").empty());
  EXPECT_TRUE(split_text(std::string(64, 'a')).empty());  // a digest is not a passage
  EXPECT_EQ(split_text(demo::synthetic_text(3, 200)).size(), 1U);
}

TEST(Passages, EveryLongEnoughTextFieldWithItsPathAndLabel) {
  declaration::Declaration d;
  d.enterprise.name = "福建某某智能装备有限公司";  // short: left out
  d.enterprise.profile = demo::synthetic_text(1, 200);
  d.scenarios.resize(2);
  d.scenarios[1].solution = demo::synthetic_text(2, 900);  // split into parts
  d.scenarios[1].results = "效率提升。";                   // short: left out
  d.narrative.goals.plan = demo::synthetic_text(3, 100);
  const auto passages = passages_of(d);
  ASSERT_GE(passages.size(), 4U);
  EXPECT_EQ(passages[0].field, "$.enterprise.profile");
  EXPECT_EQ(passages[0].label, "企业简介");
  EXPECT_EQ(passages[0].part, 0);
  EXPECT_EQ(passages[0].text, d.enterprise.profile);
  // In the order of the form's fields: the narrative comes before the scenario instances.
  EXPECT_EQ(passages[1].field, "$.narrative.goals.plan");
  EXPECT_EQ(passages[2].field, "$.scenarios[1].solution");
  EXPECT_EQ(passages[2].part, 0);
  EXPECT_EQ(passages[3].field, "$.scenarios[1].solution");
  EXPECT_EQ(passages[3].part, 1);
  for (const auto& p : passages) EXPECT_NE(p.field, "$.scenarios[1].results");
}

}  // namespace
}  // namespace tidu::similarity
