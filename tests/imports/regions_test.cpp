// Region codes imported as a table (imports/regions.hpp): checked as `tidu regions import` checks
// them, in CSV or XLSX, with Chinese or English headers.
#include "imports/regions.hpp"

#include <gtest/gtest.h>

#include "imports/table_reader.hpp"
#include "imports/xlsx_fixtures.hpp"
#include "support/world.hpp"

namespace {

tidu::imports::RegionFile parse(std::string_view bytes) {
  return tidu::imports::parse_regions(tidu::imports::read_table(bytes),
                                      tidu::test::catalogue().regions);
}

TEST(RegionFile, AGoodCsvAndXlsxGiveRegionsWithParentsAndKinds) {
  const auto csv =
      parse("code,name,parent,kind\n350181101,龙田镇,,\n3501Z9,福州某某园区,350100,zone\n");
  ASSERT_TRUE(csv.readable) << csv.problems.front().reason;
  EXPECT_TRUE(csv.problems.empty()) << csv.problems.front().reason;
  ASSERT_EQ(csv.entries.size(), 2U);
  EXPECT_EQ(csv.entries[0].region.parent, "350181");
  EXPECT_EQ(csv.entries[0].region.kind, "township");

  const auto xlsx = parse(tidu::test::workbook_of_rows(
      {{"名称", "代码"}, {"新设县", "350199"}, {"新设县的镇", "350199001"}}));
  ASSERT_TRUE(xlsx.readable) << xlsx.problems.front().reason;
  EXPECT_TRUE(xlsx.problems.empty()) << xlsx.problems.front().reason;
  ASSERT_EQ(xlsx.entries.size(), 2U);
  EXPECT_EQ(xlsx.entries[0].region.parent, "350100");
  EXPECT_EQ(xlsx.entries[1].region.parent, "350199") << "a parent from a row above";
}

TEST(RegionFile, EveryBadRowIsReported) {
  const auto f = parse(
      "代码,名称,上级代码,类型\n12345,坏代码,,\n350182,,,\n350183,好县,,county\n"
      "350183,重复,,county\n350184,坏类型,,village\n350185,无上级,990000,\n");
  ASSERT_TRUE(f.readable);
  ASSERT_EQ(f.entries.size(), 1U);
  EXPECT_EQ(f.entries[0].row, 4);
  std::vector<int> rows;
  for (const auto& p : f.problems) rows.push_back(p.row);
  EXPECT_EQ(rows, (std::vector<int>{2, 3, 5, 6, 7}));
  EXPECT_NE(f.problems.back().reason.find("上级代码“990000”不存在"), std::string::npos)
      << f.problems.back().reason;
}

}  // namespace
