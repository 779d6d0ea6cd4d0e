// Maturity self-assessment results (imports/assessments.hpp): levels written every way the
// platforms and people write them, dates as text or Excel serials, every bad row reported, the
// scope checked by the 所在地区 column or the credit code's registration region.
#include "imports/assessments.hpp"

#include <gtest/gtest.h>

#include <string>

#include "declaration/sample.hpp"
#include "imports/table_reader.hpp"
#include "imports/xlsx_fixtures.hpp"
#include "support/world.hpp"

namespace {

using tidu::imports::AssessmentFile;
using tidu::imports::parse_maturity_level;
using tidu::imports::Scope;

const std::string kFuqing1 = tidu::declaration::make_credit_code("350181", 11);
const std::string kFuqing2 = tidu::declaration::make_credit_code("350181", 12);
const std::string kXian = tidu::declaration::make_credit_code("610100", 13);

AssessmentFile parse(std::string_view bytes, const std::string& scope = "") {
  return tidu::imports::parse_assessments(
      tidu::imports::read_table(bytes), tidu::test::catalogue().regions,
      Scope{scope, &tidu::test::catalogue().regions}, "2026-03-01");
}

std::string reasons_of_row(const AssessmentFile& f, int row) {
  std::string out;
  for (const auto& p : f.problems)
    if (p.row == row) out += p.code + " " + p.reason + "\n";
  return out;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(AssessmentFile, LevelsAreReadAsDigitsChineseNumeralsOrNames) {
  EXPECT_EQ(parse_maturity_level("3"), 3);
  EXPECT_EQ(parse_maturity_level("二级"), 2);
  EXPECT_EQ(parse_maturity_level("五"), 5);
  EXPECT_EQ(parse_maturity_level("4级"), 4);
  EXPECT_EQ(parse_maturity_level("L1"), 1);
  EXPECT_EQ(parse_maturity_level("集成级"), 3);
  EXPECT_FALSE(parse_maturity_level("6"));
  EXPECT_FALSE(parse_maturity_level("0"));
  EXPECT_FALSE(parse_maturity_level("六级"));
  EXPECT_FALSE(parse_maturity_level(""));
}

TEST(AssessmentFile, AGoodCsvAndAGoodXlsxGiveEveryRow) {
  const auto csv =
      parse("统一社会信用代码,企业名称,等级,得分,评估日期,来源\n" + kFuqing1 +
            ",福清某某机械有限公司,二级,2.35,2025-03-01,智能制造评估评价公共服务平台\n" + kFuqing2 +
            ",福清某某食品有限公司,3,,2024-11-20,省平台\n");
  ASSERT_TRUE(csv.readable) << csv.problems.front().reason;
  EXPECT_TRUE(csv.problems.empty()) << reasons_of_row(csv, 2) << reasons_of_row(csv, 3);
  ASSERT_EQ(csv.entries.size(), 2U);
  EXPECT_EQ(csv.entries[0].level, 2);
  EXPECT_EQ(csv.entries[0].score, 2.35);
  EXPECT_EQ(csv.entries[0].assessed_on, "2025-03-01");
  EXPECT_EQ(csv.entries[0].region, "350181") << "from the credit code";
  EXPECT_FALSE(csv.entries[1].score.has_value());

  const auto xlsx =
      parse(tidu::test::written_by_libxlsxwriter([](lxw_workbook* wb, lxw_worksheet* ws) {
        lxw_format* date = workbook_add_format(wb);
        format_set_num_format(date, "yyyy\"年\"m\"月\"d\"日\"");
        const char* header[] = {"来源",     "评估日期",         "得分",    "等级",
                                "企业名称", "统一社会信用代码", "所在地区"};
        for (int c = 0; c < 7; ++c)
          worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), header[c], nullptr);
        worksheet_write_string(ws, 1, 0, "智能制造评估评价公共服务平台", nullptr);
        lxw_datetime day = {2025, 6, 30, 0, 0, 0};
        worksheet_write_datetime(ws, 1, 1, &day, date);
        worksheet_write_number(ws, 1, 2, 3.5, nullptr);
        worksheet_write_number(ws, 1, 3, 3, nullptr);
        worksheet_write_string(ws, 1, 4, "西安某某电子有限公司", nullptr);
        worksheet_write_string(ws, 1, 5, kXian.c_str(), nullptr);
        worksheet_write_string(ws, 1, 6, "610100", nullptr);
      }));
  ASSERT_TRUE(xlsx.readable) << xlsx.problems.front().reason;
  EXPECT_TRUE(xlsx.problems.empty()) << reasons_of_row(xlsx, 2);
  ASSERT_EQ(xlsx.entries.size(), 1U);
  EXPECT_EQ(xlsx.entries[0].assessed_on, "2025-06-30") << "an Excel date cell";
  EXPECT_EQ(xlsx.entries[0].level, 3);
  EXPECT_EQ(xlsx.entries[0].score, 3.5);
  EXPECT_EQ(xlsx.entries[0].region, "610100");
}

TEST(AssessmentFile, EveryBadRowIsReportedWithItsRowAndReason) {
  const auto f = parse("credit_code,name,level,score,assessed_on,source\n" + kFuqing1 +
                       ",好企业,2,2.6,2025-01-02,平台\n" +              // 2: good
                       "123,,六级,5.5,2025-02-30,\n" +                  // 3: everything wrong
                       kFuqing2 + ",明天的企业,2,,2027-01-01,平台\n" +  // 4: in the future
                       kFuqing1 + ",好企业,3,3.7,2025-01-02,平台\n");   // 5: same code and date
  ASSERT_TRUE(f.readable);
  ASSERT_EQ(f.entries.size(), 1U);
  const auto row3 = reasons_of_row(f, 3);
  for (const char* code : {"ASSESSMENT_CREDIT_CODE", "ASSESSMENT_NAME", "ASSESSMENT_LEVEL",
                           "ASSESSMENT_SCORE", "ASSESSMENT_DATE", "ASSESSMENT_SOURCE"})
    EXPECT_TRUE(contains(row3, code)) << code << "\n" << row3;
  EXPECT_TRUE(contains(row3, "“六级”")) << row3;
  EXPECT_TRUE(contains(reasons_of_row(f, 4), "晚于今天")) << reasons_of_row(f, 4);
  EXPECT_TRUE(contains(reasons_of_row(f, 5), "重复")) << reasons_of_row(f, 5);
}

TEST(AssessmentFile, RowsOutsideTheImportersRegionAreRowProblems) {
  const auto f =
      parse("统一社会信用代码,企业名称,等级,评估日期,来源\n" + kFuqing1 +
                ",福清企业,2,2025-01-02,平台\n" + kXian + ",西安企业,3,2025-01-02,平台\n",
            "350000");
  ASSERT_EQ(f.entries.size(), 1U);
  ASSERT_EQ(f.problems.size(), 1U);
  EXPECT_EQ(f.problems[0].row, 3);
  EXPECT_EQ(f.problems[0].code, "ASSESSMENT_OUT_OF_SCOPE");
  EXPECT_TRUE(contains(f.problems[0].reason, "福建省")) << f.problems[0].reason;
}

}  // namespace
