#include "similarity/shingles.hpp"

#include <gtest/gtest.h>

namespace tidu::similarity {
namespace {

TEST(Shingles, NormalizeKeepsIdeographsLettersAndDigitsOnly) {
  EXPECT_EQ(normalize("智能 工厂，ＡＢ１２ Mes-系统。\n"), U"智能工厂ab12mes系统");
  EXPECT_EQ(normalize(" ，。！ "), U"");
}

TEST(Shingles, ShortTextsHaveNone) {
  EXPECT_TRUE(shingles(U"智能工厂").empty());
  EXPECT_EQ(shingles(U"智能工厂建设").size(), 1U);
  EXPECT_EQ(shingles(U"智能工厂建设项目").size(), 3U);
}

TEST(Shingles, RepeatedRunsCountOnceAndAreSorted) {
  const auto s = shingles(U"abcdefabcdefabcdef");
  EXPECT_EQ(s.size(), 6U);  // abcdef, bcdefa, cdefab, defabc, efabcd, fabcde
  EXPECT_TRUE(std::is_sorted(s.begin(), s.end()));
}

TEST(Shingles, JaccardOfKnownSets) {
  EXPECT_DOUBLE_EQ(jaccard({1, 2, 3, 4}, {3, 4, 5, 6}), 2.0 / 6.0);
  EXPECT_DOUBLE_EQ(jaccard({1, 2}, {1, 2}), 1.0);
  EXPECT_DOUBLE_EQ(jaccard({1}, {2}), 0.0);
  EXPECT_DOUBLE_EQ(jaccard({}, {}), 0.0);
}

TEST(Shingles, PunctuationAndSpacingDoNotChangeTheComparison) {
  const auto a = shingles(normalize("通过部署制造执行系统，实现生产过程透明化管理。"));
  const auto b = shingles(normalize("通过部署 制造执行系统 实现生产过程透明化管理"));
  EXPECT_DOUBLE_EQ(jaccard(a, b), 1.0);
}

TEST(Shingles, LongestSharedPassageIsTakenFromTheFirstTextWithItsPunctuation) {
  const std::string a = "公司概况。通过部署制造执行系统，实现生产过程透明化管理。其余内容甲";
  const std::string b = "另一家企业：通过部署制造执行系统 实现生产过程透明化管理；其余内容乙";
  EXPECT_EQ(longest_shared_passage(a, b), "通过部署制造执行系统，实现生产过程透明化管理。其余内容");
  EXPECT_EQ(longest_shared_passage("甲乙丙", "丁戊己"), "");
  EXPECT_EQ(longest_shared_passage("", "丁戊己"), "");
}

}  // namespace
}  // namespace tidu::similarity
