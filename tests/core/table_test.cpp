// Imported tables checked row by row (core/table.hpp): headers in either language and any order,
// rows of the wrong width, cells read as dates, numbers and yes/no.
#include "core/table.hpp"

#include <gtest/gtest.h>

#include <array>

namespace {

using tidu::table::parse_date_cell;
using tidu::table::parse_number;
using tidu::table::parse_yes_no;

constexpr std::array<tidu::table::Column, 3> kColumns = {{
    {"code", "代码"},
    {"name", "名称", true, "企业名称"},
    {"note", "备注", false},
}};
constexpr tidu::table::Schema kSchema{kColumns, "TEST"};

struct Entry {
  int row;
  std::string code;
  std::string note;
};

tidu::table::Parsed<Entry> parse(std::string_view csv) {
  return tidu::table::parse<Entry>(
      tidu::table::read_csv(csv), kSchema, [](tidu::table::RowView& row) -> std::optional<Entry> {
        if (row.cell(0).empty()) row.problem(0, "TEST_CODE", "代码为空");
        return Entry{row.number(), std::string(row.cell(0)), std::string(row.cell(2))};
      });
}

TEST(Table, HeadersInEitherLanguageAnyOrderAndOptionalColumns) {
  const auto f = parse("企业名称, CODE \n a ,1\nb,\n");
  ASSERT_TRUE(f.readable) << f.problems.front().reason;
  EXPECT_EQ(f.rows, 2U);
  ASSERT_EQ(f.entries.size(), 1U);
  EXPECT_EQ(f.entries[0].code, "1");
  EXPECT_EQ(f.entries[0].note, "") << "an optional column absent";
  ASSERT_EQ(f.problems.size(), 1U);
  EXPECT_EQ(f.problems[0].row, 3);
  EXPECT_EQ(f.problems[0].field, "code");
  EXPECT_EQ(f.problems[0].reason, "第 3 行：代码为空");
}

TEST(Table, ABadHeaderNamesEveryFaultAndTheExpectedHeaders) {
  const auto f = parse("代码,代码,其他\n1,2,3\n");
  EXPECT_FALSE(f.readable);
  ASSERT_EQ(f.problems.size(), 1U);
  EXPECT_EQ(f.problems[0].code, "TEST_HEADER");
  EXPECT_EQ(f.problems[0].row, 1);
  const auto& reason = f.problems[0].reason;
  EXPECT_NE(reason.find("“代码”列重复"), std::string::npos) << reason;
  EXPECT_NE(reason.find("第 3 列“其他”不是可识别的表头"), std::string::npos) << reason;
  EXPECT_NE(reason.find("缺少“名称”（name）列"), std::string::npos) << reason;
  EXPECT_NE(reason.find("代码,名称,备注（可选）"), std::string::npos) << reason;
}

TEST(Table, CsvRowsOfTheWrongWidthAreRowProblems) {
  const auto f = parse("code,name\n1,a,extra\n2\n3,c\n");
  ASSERT_EQ(f.entries.size(), 1U);
  EXPECT_EQ(f.entries[0].row, 4);
  ASSERT_EQ(f.problems.size(), 2U);
  EXPECT_EQ(f.problems[0].code, "TEST_COLUMNS");
  EXPECT_NE(f.problems[0].reason.find("有 3 列，应为 2 列"), std::string::npos);
}

TEST(Table, CellsAsDatesNumbersAndYesNo) {
  EXPECT_EQ(parse_date_cell("2025-03-01"), "2025-03-01");
  EXPECT_EQ(parse_date_cell("45717"), "2025-03-01");
  EXPECT_EQ(parse_date_cell("45717.75"), "2025-03-01");
  EXPECT_EQ(parse_date_cell("18264"), "1950-01-01");
  EXPECT_FALSE(parse_date_cell("2025"));
  EXPECT_FALSE(parse_date_cell("2025/03/01"));
  EXPECT_FALSE(parse_date_cell("2025-02-30"));
  EXPECT_FALSE(parse_date_cell("2025-03-01T10:00"));
  EXPECT_EQ(parse_number("12,500.5"), 12500.5);
  EXPECT_EQ(parse_number(" -3 "), -3);
  EXPECT_FALSE(parse_number("12万"));
  EXPECT_FALSE(parse_number(""));
  EXPECT_FALSE(parse_number("nan"));
  EXPECT_EQ(parse_yes_no("是"), true);
  EXPECT_EQ(parse_yes_no("TRUE"), true);
  EXPECT_EQ(parse_yes_no("否"), false);
  EXPECT_EQ(parse_yes_no("0"), false);
  EXPECT_FALSE(parse_yes_no("也许"));
}

}  // namespace
