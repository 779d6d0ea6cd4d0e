// RFC 4180 CSV reading (core/csv.hpp).
#include "core/csv.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

using Rows = std::vector<tidu::csv::Row>;

TEST(Csv, SplitsPlainRows) {
  const auto rows = tidu::csv::parse("code,name\n350000,福建省\n");
  ASSERT_TRUE(rows.has_value()) << rows.error().message;
  EXPECT_EQ(*rows, (Rows{{"code", "name"}, {"350000", "福建省"}}));
}

TEST(Csv, LastRowNeedsNoNewline) {
  const auto rows = tidu::csv::parse("a,b\nc,d");
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(*rows, (Rows{{"a", "b"}, {"c", "d"}}));
}

TEST(Csv, QuotedFieldsKeepCommasAndDoubledQuotes) {
  const auto rows = tidu::csv::parse("\"a,b\",\"say \"\"hi\"\"\",plain\n");
  ASSERT_TRUE(rows.has_value()) << rows.error().message;
  ASSERT_EQ(rows->size(), 1U);
  EXPECT_EQ(rows->front(), (tidu::csv::Row{"a,b", "say \"hi\"", "plain"}));
}

TEST(Csv, QuotedFieldsKeepNewlines) {
  const auto rows = tidu::csv::parse("\"line1\nline2\",x\ny,z\n");
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(*rows, (Rows{{"line1\nline2", "x"}, {"y", "z"}}));
}

TEST(Csv, EmptyFieldsArePreserved) {
  const auto rows = tidu::csv::parse("a,,c\n,\n");
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(*rows, (Rows{{"a", "", "c"}, {"", ""}}));
}

TEST(Csv, AcceptsCrlfLineEnds) {
  const auto rows = tidu::csv::parse("a,b\r\nc,d\r\n");
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(*rows, (Rows{{"a", "b"}, {"c", "d"}}));
}

TEST(Csv, StripsUtf8Bom) {
  const auto rows = tidu::csv::parse(
      "\xEF\xBB\xBF"
      "code,name\n110000,北京市\n");
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 2U);
  EXPECT_EQ(rows->front().front(), "code");
  EXPECT_EQ((*rows)[1][1], "北京市");
}

TEST(Csv, SkipsBlankLines) {
  const auto rows = tidu::csv::parse("a\n\nb\n");
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(*rows, (Rows{{"a"}, {"b"}}));
}

TEST(Csv, EmptyTextHasNoRows) {
  const auto rows = tidu::csv::parse("");
  ASSERT_TRUE(rows.has_value());
  EXPECT_TRUE(rows->empty());
}

TEST(Csv, UnterminatedQuoteNamesItsRow) {
  const auto rows = tidu::csv::parse("a,b\nc,d\n\"open,e\nf,g\n");
  ASSERT_FALSE(rows.has_value());
  EXPECT_EQ(rows.error().code, "CSV_UNTERMINATED_QUOTE");
  EXPECT_NE(rows.error().message.find("第 3 行"), std::string::npos) << rows.error().message;
}

TEST(Csv, UnterminatedQuoteRowCountsLinesInsideEarlierQuotes) {
  // Row 1 spans lines 1–2; the broken quote starts on line 3.
  const auto rows = tidu::csv::parse("\"x\ny\",z\n\"open\n");
  ASSERT_FALSE(rows.has_value());
  EXPECT_EQ(rows.error().code, "CSV_UNTERMINATED_QUOTE");
  EXPECT_NE(rows.error().message.find("第 3 行"), std::string::npos) << rows.error().message;
}

TEST(Csv, TooManyFieldsIsAnError) {
  const auto rows = tidu::csv::parse("a,b,c,d\n", 100, 2);
  ASSERT_FALSE(rows.has_value());
  EXPECT_EQ(rows.error().code, "CSV_TOO_MANY_FIELDS");
  EXPECT_NE(rows.error().message.find("第 1 行"), std::string::npos) << rows.error().message;
}

TEST(Csv, TooManyCellsInAllIsAnErrorNamingTheRow) {
  // Three rows of three fields each are within the row and field limits, but nine cells are not.
  const auto rows = tidu::csv::parse("a,b,c\nd,e,f\ng,h,i\n", 100, 3, 8);
  ASSERT_FALSE(rows.has_value());
  EXPECT_EQ(rows.error().code, "CSV_TOO_MANY_CELLS");
  EXPECT_NE(rows.error().message.find("第 3 行"), std::string::npos) << rows.error().message;
  EXPECT_TRUE(tidu::csv::parse("a,b,c\nd,e,f\ng,h\n", 100, 3, 8).has_value());
  // The last row without a line end is counted too.
  EXPECT_FALSE(tidu::csv::parse("a,b,c\nd,e,f\ng,h,i", 100, 3, 8).has_value());
}

TEST(Csv, TooManyFieldsNamesTheRow) {
  const auto rows = tidu::csv::parse("a,b\nc,d\ne,f,g,h\n", 100, 2);
  ASSERT_FALSE(rows.has_value());
  EXPECT_EQ(rows.error().code, "CSV_TOO_MANY_FIELDS");
  EXPECT_NE(rows.error().message.find("第 3 行"), std::string::npos) << rows.error().message;
}

TEST(Csv, ExactlyMaxFieldsIsAccepted) {
  const auto rows = tidu::csv::parse("a,b\n", 100, 2);
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(rows->front().size(), 2U);
}

TEST(Csv, OneFieldOverTheLimitIsAnError) {
  // Regression: the last field of a row used to escape the max_fields check.
  const auto rows = tidu::csv::parse("a,b,c\n", 100, 2);
  ASSERT_FALSE(rows.has_value()) << "accepted " << rows->front().size() << " fields";
  EXPECT_EQ(rows.error().code, "CSV_TOO_MANY_FIELDS");
}

TEST(Csv, TooManyRowsIsAnError) {
  const auto rows = tidu::csv::parse("a\nb\nc\n", 2);
  ASSERT_FALSE(rows.has_value());
  EXPECT_EQ(rows.error().code, "CSV_TOO_MANY_ROWS");
}

TEST(Csv, ExactlyMaxRowsIsAccepted) {
  const auto rows = tidu::csv::parse("a\nb\n", 2);
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(rows->size(), 2U);
}

TEST(Csv, TooManyRowsWithoutFinalNewlineIsAnError) {
  // Regression: a last row without a newline used to escape the max_rows check.
  const auto rows = tidu::csv::parse("a\nb\nc", 2);
  ASSERT_FALSE(rows.has_value()) << "accepted " << rows->size() << " rows";
  EXPECT_EQ(rows.error().code, "CSV_TOO_MANY_ROWS");
}

}  // namespace
