// Imported credit blacklists: reading and checking the CSV file (headers in Chinese or English,
// with or without BOM), every bad row reported with its number, the limits, matching by credit
// code only, and the refusal naming the imported list.
#include "review/blacklist.hpp"

#include <gtest/gtest.h>

#include <string>

#include "declaration/sample.hpp"
#include "review/workflow.hpp"
#include "support/world.hpp"

namespace {

using tidu::review::BlacklistFile;
using tidu::review::parse_blacklist;

const std::string kCodeA = tidu::declaration::make_credit_code("350181", 1);
const std::string kCodeB = tidu::declaration::make_credit_code("350121", 2);

/// The reasons of the problems of one row joined.
std::string reasons_of_row(const BlacklistFile& f, int row) {
  std::string out;
  for (const auto& p : f.problems)
    if (p.row == row) out += p.reason + "\n";
  return out;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(BlacklistFile, AGoodFileGivesEveryRowAndNoProblem) {
  const auto f =
      parse_blacklist("统一社会信用代码,企业名称,名单,列入日期\r\n" + kCodeA +
                      ",福清某某机械有限公司,失信被执行人,2025-03-01\r\n" + kCodeB +
                      ",\"闽侯某某科技有限公司（分公司, 二）\",严重失信主体名单,2024-12-31\r\n");
  EXPECT_TRUE(f.readable);
  EXPECT_TRUE(f.problems.empty()) << f.problems.front().reason;
  EXPECT_EQ(f.rows, 2U);
  ASSERT_EQ(f.entries.size(), 2U);
  EXPECT_EQ(f.entries[0].row, 2);
  EXPECT_EQ(f.entries[0].credit_code, kCodeA);
  EXPECT_EQ(f.entries[0].name, "福清某某机械有限公司");
  EXPECT_EQ(f.entries[0].list, "失信被执行人");
  EXPECT_EQ(f.entries[0].listed_on, "2025-03-01");
  EXPECT_EQ(f.entries[1].row, 3);
  EXPECT_EQ(f.entries[1].name, "闽侯某某科技有限公司（分公司, 二）");
  EXPECT_EQ(f.entries[1].list, "严重失信主体名单");
}

TEST(BlacklistFile, EnglishHeadersBomColumnOrderListIdsAndLowerCaseCodesAreAccepted) {
  std::string lower = kCodeA;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto f = parse_blacklist(
      "\xEF\xBB\xBF"
      "date, Credit_Code ,name,list\n2025-01-02, " +
      lower + " ,某某公司,dishonest_debtor\n");
  ASSERT_TRUE(f.readable) << f.problems.front().reason;
  ASSERT_EQ(f.entries.size(), 1U) << reasons_of_row(f, 2);
  EXPECT_EQ(f.entries[0].credit_code, kCodeA);
  EXPECT_EQ(f.entries[0].list, "失信被执行人");
  EXPECT_EQ(f.entries[0].listed_on, "2025-01-02");
}

TEST(BlacklistFile, EveryBadRowIsReportedWithItsNumberAndEveryProblemOfTheRow) {
  std::string bad_check = kCodeA;
  bad_check[17] = bad_check[17] == '0' ? '1' : '0';
  const std::string long_name(201 * 3, 'x');  // 603 characters
  const auto f = parse_blacklist(
      "统一社会信用代码,企业名称,名单,列入日期\n" + kCodeA + ",好公司,经营异常名录,2025-03-01\n" +
      "91350181ABC,坏公司,失信被执行人,2025-02-30\n" +  // row 3: format and date
      bad_check + ",,黑名单,2025/03/01\n" +             // row 4: check, name, list, date
      kCodeB + "," + long_name + ",重大税收违法失信主体,2025-03-01\n" +  // row 5: name
      kCodeB + ",少一列,失信被执行人\n" +                                // row 6: columns, date
      kCodeB + ",好公司二,major_tax_violation,2023-07-15\n");
  EXPECT_TRUE(f.readable);
  EXPECT_EQ(f.rows, 6U);
  ASSERT_EQ(f.entries.size(), 2U);
  EXPECT_EQ(f.entries[0].row, 2);
  EXPECT_EQ(f.entries[1].row, 7);
  EXPECT_EQ(f.entries[1].list, "重大税收违法失信主体");

  const auto row3 = reasons_of_row(f, 3);
  EXPECT_TRUE(contains(row3, "第 3 行")) << row3;
  EXPECT_TRUE(contains(row3, "格式不对")) << row3;
  EXPECT_TRUE(contains(row3, "2025-02-30")) << row3;
  const auto row4 = reasons_of_row(f, 4);
  EXPECT_TRUE(contains(row4, "校验位")) << row4;
  EXPECT_TRUE(contains(row4, "企业名称为空")) << row4;
  EXPECT_TRUE(contains(row4, "名单“黑名单”不认识")) << row4;
  EXPECT_TRUE(contains(row4, "失信被执行人")) << "the known lists are named: " << row4;
  EXPECT_TRUE(contains(row4, "2025/03/01")) << row4;
  EXPECT_TRUE(contains(reasons_of_row(f, 5), "200")) << reasons_of_row(f, 5);
  const auto row6 = reasons_of_row(f, 6);
  EXPECT_TRUE(contains(row6, "应为 4 列")) << row6;
  EXPECT_TRUE(contains(row6, "列入日期为空")) << row6;
  EXPECT_TRUE(reasons_of_row(f, 2).empty());
  EXPECT_TRUE(reasons_of_row(f, 7).empty());

  // Each problem names its field and a stable code.
  int fields = 0;
  for (const auto& p : f.problems) {
    EXPECT_FALSE(p.code.empty()) << p.reason;
    if (p.row == 4) {
      EXPECT_TRUE(p.field == "credit_code" || p.field == "name" || p.field == "list" ||
                  p.field == "date")
          << p.field;
      ++fields;
    }
  }
  EXPECT_EQ(fields, 4);
}

TEST(BlacklistFile, AFileThatCannotBeReadIsRefusedAsAWhole) {
  const auto header_only = parse_blacklist("统一社会信用代码,企业名称,名单,列入日期\n");
  EXPECT_FALSE(header_only.readable);
  ASSERT_EQ(header_only.problems.size(), 1U);
  EXPECT_EQ(header_only.problems[0].code, "BLACKLIST_EMPTY");

  const auto empty = parse_blacklist("");
  EXPECT_FALSE(empty.readable);

  const auto bad_header =
      parse_blacklist("代码,企业名称,名单,名单\n" + kCodeA + ",a,失信被执行人,2025-01-01\n");
  EXPECT_FALSE(bad_header.readable);
  ASSERT_EQ(bad_header.problems.size(), 1U);
  EXPECT_EQ(bad_header.problems[0].row, 1);
  EXPECT_EQ(bad_header.problems[0].code, "BLACKLIST_HEADER");
  EXPECT_TRUE(contains(bad_header.problems[0].reason, "“代码”")) << bad_header.problems[0].reason;
  EXPECT_TRUE(contains(bad_header.problems[0].reason, "“名单”列重复"));
  EXPECT_TRUE(contains(bad_header.problems[0].reason, "缺少“统一社会信用代码”"));
  EXPECT_TRUE(contains(bad_header.problems[0].reason, "缺少“列入日期”"));
  EXPECT_TRUE(bad_header.entries.empty());

  // GBK (as older spreadsheet programs save CSV) is not UTF-8.
  const auto gbk = parse_blacklist("\xCD\xB3\xD2\xBB,\xC6\xF3\xD2\xB5\n");
  EXPECT_FALSE(gbk.readable);
  EXPECT_EQ(gbk.problems.at(0).code, "IMPORT_NOT_UTF8");
  EXPECT_TRUE(contains(gbk.problems.at(0).reason, "UTF-8"));

  const auto open_quote = parse_blacklist("credit_code,name,list,date\n" + kCodeA +
                                          ",\"未闭合,失信被执行人,2025-01-01\n");
  EXPECT_FALSE(open_quote.readable);
  EXPECT_EQ(open_quote.problems.at(0).code, "IMPORT_CSV");
  EXPECT_TRUE(contains(open_quote.problems.at(0).reason, "第 2 行"));
}

TEST(BlacklistFile, FilesAreBoundedInRowsAndBytes) {
  const std::string row = kCodeA + ",某某公司,失信被执行人,2025-03-01\n";
  std::string at_limit = "credit_code,name,list,date\n";
  at_limit.reserve(at_limit.size() + row.size() * (tidu::review::kMaxBlacklistRows + 1));
  for (std::size_t i = 0; i < tidu::review::kMaxBlacklistRows; ++i) at_limit += row;
  const auto full = parse_blacklist(at_limit);
  EXPECT_TRUE(full.readable);
  EXPECT_EQ(full.entries.size(), tidu::review::kMaxBlacklistRows);
  EXPECT_EQ(full.entries.back().row, static_cast<int>(tidu::review::kMaxBlacklistRows) + 1);

  const auto over = parse_blacklist(at_limit + row);
  EXPECT_FALSE(over.readable);
  EXPECT_EQ(over.problems.at(0).code, "IMPORT_TOO_MANY_ROWS");
  EXPECT_TRUE(contains(over.problems.at(0).reason, "100000")) << over.problems.at(0).reason;
  EXPECT_TRUE(over.entries.empty());

  std::string big = "credit_code,name,list,date\n" + kCodeA + ",";
  big.append(tidu::review::kMaxBlacklistBytes, 'x');
  const auto too_big = parse_blacklist(big);
  EXPECT_FALSE(too_big.readable);
  EXPECT_EQ(too_big.problems.at(0).code, "IMPORT_FILE_TOO_LARGE");
  EXPECT_TRUE(contains(too_big.problems.at(0).reason, "20 MB"));
}

TEST(BlacklistFile, OnlyTheCreditCodeMatches) {
  const tidu::review::BlacklistEntry e{2, kCodeA, "福清某某机械有限公司", "失信被执行人",
                                       "2025-03-01"};
  EXPECT_TRUE(tidu::review::matches(e, kCodeA));
  EXPECT_TRUE(tidu::review::matches(e, " " + kCodeA + " "));
  EXPECT_FALSE(tidu::review::matches(e, kCodeB));
  EXPECT_FALSE(tidu::review::matches(e, "福清某某机械有限公司")) << "a name never matches";
  EXPECT_FALSE(tidu::review::matches(e, ""));
}

TEST(BlacklistFile, TheRefusalOfAPassNamesTheImportedList) {
  tidu::review::Situation s;
  s.round = &tidu::test::rounds().rounds.at("fj-2025-advanced");
  s.state = tidu::review::State::kSubmitted;
  s.level = 0;
  s.now = *tidu::time::parse_instant("2025-04-01T10:00:00+08:00");
  s.enterprise_id = "e-1";
  s.unit_code = "350181";
  s.unit_name = "福清市";
  s.blacklist = tidu::review::BlacklistStatus::kListed;
  s.blacklist_source = "导入名单：失信被执行人，2025-03-01";
  const tidu::access::Principal county{.account_id = "u-r",
                                       .username = "county",
                                       .role = tidu::access::Role::kReviewer,
                                       .level = "county",
                                       .region = "350181",
                                       .authority = "工信",
                                       .enterprise_id = {}};
  const auto refused = tidu::review::take(tidu::review::Action::kPass, s, county);
  ASSERT_FALSE(refused);
  EXPECT_TRUE(contains(refused.error().message,
                       "企业在失信黑名单中，不能推荐（导入名单：失信被执行人，2025-03-01）"))
      << refused.error().message;
}

}  // namespace
