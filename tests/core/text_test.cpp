// 字 counting and UTF-8 helpers of core/text.hpp.
#include "core/text.hpp"

#include <string>

#include <gtest/gtest.h>

namespace {

using tidu::text::blank;
using tidu::text::count_zi;
using tidu::text::is_wide;
using tidu::text::length;
using tidu::text::next_code_point;
using tidu::text::prefix;
using tidu::text::trim;
using tidu::text::valid_utf8;

std::string repeat(std::string_view unit, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}

TEST(CountZi, CountsEachCjkCharacterAsOne) {
  EXPECT_EQ(count_zi("智能工厂"), 4U);
  EXPECT_EQ(count_zi("智"), 1U);
}

TEST(CountZi, CountsLatinRunsAsOne) {
  EXPECT_EQ(count_zi("5G工业专网"), 5U);
  EXPECT_EQ(count_zi("12.5%"), 1U);
  EXPECT_EQ(count_zi("hello world"), 2U);
  EXPECT_EQ(count_zi("hello"), 1U);
}

TEST(CountZi, CountsFullWidthPunctuationAsOne) {
  EXPECT_EQ(count_zi("（，。）"), 4U);
  EXPECT_EQ(count_zi("“智能”"), 4U);
  EXPECT_EQ(count_zi("智能、工厂；"), 6U);
  EXPECT_EQ(count_zi("……"), 2U);
}

TEST(CountZi, CountsFullWidthLettersOneByOne) { EXPECT_EQ(count_zi("ＡＢＣ"), 3U); }

TEST(CountZi, WhiteSpaceCountsZero) {
  EXPECT_EQ(count_zi(""), 0U);
  EXPECT_EQ(count_zi("   "), 0U);
  EXPECT_EQ(count_zi("\t\r\n"), 0U);
  EXPECT_EQ(count_zi("\u3000\u3000"), 0U);  // ideographic space
  EXPECT_EQ(count_zi("智 能\n工\u3000厂"), 4U);
}

TEST(CountZi, MixedTextCountsRunsAndCharacters) {
  // MES(1) + 系统(2) + V2.0(1) + 上线(2).
  EXPECT_EQ(count_zi("MES系统V2.0上线"), 6U);
  // A CJK character ends a Latin run, so "AB" and "CD" are two runs.
  EXPECT_EQ(count_zi("AB智CD"), 3U);
}

TEST(CountZi, CountsIdeographsOfEveryBlock) {
  EXPECT_EQ(count_zi("\u4E00"), 1U);        // first of the main block
  EXPECT_EQ(count_zi("\u9FFF"), 1U);        // last of the main block
  EXPECT_EQ(count_zi("\u3400\u4DBF"), 2U);  // extension A
  EXPECT_EQ(count_zi("\U00020000"), 1U);    // extension B, four bytes
  EXPECT_EQ(count_zi("\uF900"), 1U);        // compatibility ideograph
  EXPECT_EQ(count_zi("かな"), 2U);
  EXPECT_EQ(count_zi("한국"), 2U);
}

TEST(CountZi, IdeographsSplitLatinRuns) {
  EXPECT_EQ(count_zi("a一b"), 3U);
  EXPECT_EQ(count_zi("ab\U00020000cd"), 3U);
}

TEST(CountZi, NonWideThreeByteCharactersJoinTheirRun) {
  // € (U+20AC) and ™ (U+2122) are three bytes in UTF-8 but not wide.
  EXPECT_EQ(count_zi("5€"), 1U);
  EXPECT_EQ(count_zi("€5 智"), 2U);
  EXPECT_EQ(count_zi("Tidu™平台"), 3U);
}

TEST(CountZi, NonWideNonAsciiLettersJoinTheirRun) {
  // é is not wide: "café" is one run.
  EXPECT_EQ(count_zi("café"), 1U);
  EXPECT_EQ(count_zi("café 智能"), 3U);
}

TEST(CountZi, LongTextAtTheLimitBoundary) {
  EXPECT_EQ(count_zi(repeat("字", 500)), 500U);
  EXPECT_EQ(count_zi(repeat("字", 501)), 501U);
}

TEST(IsWide, ClassifiesCodePoints) {
  EXPECT_TRUE(is_wide(U'智'));
  EXPECT_TRUE(is_wide(U'，'));
  EXPECT_TRUE(is_wide(U'。'));
  EXPECT_TRUE(is_wide(U'“'));
  EXPECT_TRUE(is_wide(U'Ａ'));
  EXPECT_FALSE(is_wide(U'A'));
  EXPECT_FALSE(is_wide(U'1'));
  EXPECT_FALSE(is_wide(U'é'));
}

TEST(NextCodePoint, DecodesAndAdvances) {
  const std::string s = "a智";
  std::size_t pos = 0;
  EXPECT_EQ(next_code_point(s, pos), U'a');
  EXPECT_EQ(pos, 1U);
  EXPECT_EQ(next_code_point(s, pos), U'智');
  EXPECT_EQ(pos, 4U);
}

TEST(NextCodePoint, InvalidByteIsReplacementAndAdvancesOne) {
  const std::string s =
      "\xFF"
      "a";
  std::size_t pos = 0;
  EXPECT_EQ(next_code_point(s, pos), U'\uFFFD');
  EXPECT_EQ(pos, 1U);
  EXPECT_EQ(next_code_point(s, pos), U'a');
}

TEST(Trim, RemovesAsciiAndIdeographicSpace) {
  EXPECT_EQ(trim("  智能工厂  "), "智能工厂");
  EXPECT_EQ(trim("\u3000智能工厂\u3000"), "智能工厂");
  EXPECT_EQ(trim("\u3000 \t智能 工厂\n\u3000"), "智能 工厂");
  EXPECT_EQ(trim("abc"), "abc");
  EXPECT_EQ(trim(""), "");
}

TEST(Blank, TrueOnlyForEmptyOrWhiteSpace) {
  EXPECT_TRUE(blank(""));
  EXPECT_TRUE(blank("   "));
  EXPECT_TRUE(blank("\u3000\u3000"));
  EXPECT_TRUE(blank(" \u3000\t\n"));
  EXPECT_FALSE(blank("\u3000字\u3000"));
  EXPECT_FALSE(blank("."));
}

TEST(ValidUtf8, AcceptsWellFormedText) {
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_TRUE(valid_utf8("ascii"));
  EXPECT_TRUE(valid_utf8("智能工厂"));
  EXPECT_TRUE(valid_utf8("\xF0\x9F\x98\x80"));  // U+1F600, four bytes
  EXPECT_TRUE(valid_utf8("\xEF\xBF\xBD"));      // a literal U+FFFD is valid text
}

TEST(ValidUtf8, RejectsMalformedSequences) {
  EXPECT_FALSE(valid_utf8("\xC3\x28"));          // bad continuation byte
  EXPECT_FALSE(valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(valid_utf8("\xED\xA0\x80"));      // UTF-16 surrogate U+D800
  EXPECT_FALSE(valid_utf8("\xE6\x99"));          // truncated 智
  EXPECT_FALSE(valid_utf8("\xFF"));              // never valid
  EXPECT_FALSE(valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
}

TEST(Length, CountsCodePoints) {
  EXPECT_EQ(length(""), 0U);
  EXPECT_EQ(length("智能工厂"), 4U);
  EXPECT_EQ(length("5G工业专网"), 6U);
  EXPECT_EQ(std::string("智能工厂").size(), 12U);
}

TEST(Prefix, TakesWholeCodePoints) {
  EXPECT_EQ(prefix("智能工厂", 2), "智能");
  EXPECT_EQ(prefix("智能工厂", 0), "");
  EXPECT_EQ(prefix("智能工厂", 10), "智能工厂");
  EXPECT_EQ(prefix("a智b", 2), "a智");
}

}  // namespace
