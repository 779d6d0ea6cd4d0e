// Importing region codes from CSV (catalogue/regions.hpp) and the region tree.
#include "catalogue/regions.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

namespace {

using tidu::catalogue::parse_region_csv;
using tidu::catalogue::Region;
using tidu::catalogue::RegionTree;

RegionTree fujian() {
  RegionTree t;
  t.put(Region{"350000", "福建省", "", "", ""});
  t.put(Region{"350100", "福州市", "", "", ""});
  return t;
}

TEST(KindFromCode, FollowsCodeStructure) {
  EXPECT_EQ(tidu::catalogue::kind_from_code("350000"), "province");
  EXPECT_EQ(tidu::catalogue::kind_from_code("350100"), "city");
  EXPECT_EQ(tidu::catalogue::kind_from_code("350102"), "county");
  EXPECT_EQ(tidu::catalogue::kind_from_code("429006100"), "township");
  EXPECT_EQ(tidu::catalogue::kind_from_code("3501Z1X"), "zone");
}

TEST(KindFromCode, SixCharacterZoneCodesAreZones) {
  EXPECT_EQ(tidu::catalogue::kind_from_code("61Z001"), "zone");
  EXPECT_EQ(tidu::catalogue::kind_from_code("3501Z1"), "zone");
  const auto out = parse_region_csv("code,name\n610000,陕西省\n61Z001,杨凌示范区\n", {});
  ASSERT_TRUE(out.has_value());
  RegionTree t;
  tidu::catalogue::merge(t, out->regions);
  ASSERT_NE(t.find("61Z001"), nullptr);
  EXPECT_EQ(t.find("61Z001")->kind, "zone");
}

TEST(RegionTree, DerivesParentsFromCodes) {
  RegionTree t = fujian();
  EXPECT_EQ(t.derive_parent("350000"), "");
  EXPECT_EQ(t.derive_parent("350200"), "350000");
  EXPECT_EQ(t.derive_parent("350102"), "350100");
  EXPECT_EQ(t.derive_parent("350502"), "350000");  // no 350500 node: falls back to the province
  EXPECT_EQ(t.derive_parent("350102001"), "350102");
  t.put(Region{"350102", "鼓楼区", "", "", ""});
  EXPECT_EQ(t.find("350102")->parent, "350100");
  EXPECT_EQ(t.find("350102")->kind, "county");
  EXPECT_EQ(t.path("350102").size(), 3U);
  EXPECT_EQ(t.children("350100").size(), 1U);
}

TEST(RegionTree, PutReplacesExistingNode) {
  RegionTree t = fujian();
  t.put(Region{"350100", "福州", "", "", "改名"});
  EXPECT_EQ(t.size(), 2U);
  EXPECT_EQ(t.find("350100")->name, "福州");
  EXPECT_EQ(t.find("350100")->note, "改名");
}

TEST(RegionTree, ChildrenFollowANodePutAgainUnderAnotherParent) {
  RegionTree t = fujian();
  t.put(Region{"350200", "厦门市", "", "", ""});
  t.put(Region{"350181", "福清市", "", "", ""});
  t.put(Region{"350182", "长乐市", "", "", ""});
  ASSERT_EQ(t.children("350100").size(), 2U);
  EXPECT_EQ(t.children("350100")[0]->code, "350181");  // in the order they were first put
  EXPECT_EQ(t.children("350100")[1]->code, "350182");
  // 长乐 moved under 厦门 (an explicit parent), and back: the lists follow, in the first order.
  t.put(Region{"350182", "长乐区", "350200", "", ""});
  ASSERT_EQ(t.children("350100").size(), 1U);
  ASSERT_EQ(t.children("350200").size(), 1U);
  EXPECT_EQ(t.children("350200")[0]->name, "长乐区");
  t.put(Region{"350181", "福清", "350100", "", ""});  // same parent: renamed in place
  t.put(Region{"350182", "长乐区", "350100", "", ""});
  ASSERT_EQ(t.children("350100").size(), 2U);
  EXPECT_EQ(t.children("350100")[0]->name, "福清");
  EXPECT_EQ(t.children("350100")[1]->code, "350182");
  EXPECT_TRUE(t.children("350200").empty());
  EXPECT_TRUE(t.children("999999").empty());
}

TEST(RegionTree, WithinCodesAreTheRegionAndEveryNodeBelowItUpToALimit) {
  RegionTree t = fujian();
  t.put(Region{"350181", "福清市", "", "", ""});
  t.put(Region{"350181001", "玉屏街道", "", "", ""});
  t.put(Region{"350200", "厦门市", "", "", ""});
  t.put(Region{"350203", "思明区", "", "", ""});
  const auto sorted = [&t](std::string_view code, std::size_t most) {
    auto codes = t.within_codes(code, most);
    if (codes) std::sort(codes->begin(), codes->end());
    return codes;
  };
  using Codes = std::vector<std::string>;
  EXPECT_EQ(sorted("350100", 10), (Codes{"350100", "350181", "350181001"}));
  EXPECT_EQ(sorted("350181001", 10), (Codes{"350181001"}));
  EXPECT_EQ(sorted("350000", 6),
            (Codes{"350000", "350100", "350181", "350181001", "350200", "350203"}));
  EXPECT_EQ(sorted("350000", 5), std::nullopt);  // six codes: more than asked for
  EXPECT_EQ(sorted("999999", 10), Codes{});      // not in the tree: none
  // The same set within() decides, code by code.
  for (const auto& r : t.nodes()) {
    const auto codes = sorted(r.code, 100);
    ASSERT_TRUE(codes.has_value());
    for (const auto& other : t.nodes()) {
      EXPECT_EQ(std::binary_search(codes->begin(), codes->end(), other.code),
                t.within(other.code, r.code))
          << other.code << " within " << r.code;
    }
  }
}

TEST(ParseRegionCsv, HeaderCodeNameOnlyWorks) {
  const auto out = parse_region_csv("code,name\n350000,福建省\n350100,福州市\n350102,鼓楼区\n", {});
  ASSERT_TRUE(out.has_value()) << out.error().message;
  EXPECT_TRUE(out->problems.empty());
  ASSERT_EQ(out->regions.size(), 3U);
  EXPECT_EQ(out->regions[0].parent, "");
  EXPECT_EQ(out->regions[1].parent, "350000");
  EXPECT_EQ(out->regions[2].parent, "350100");
  EXPECT_EQ(out->regions[2].name, "鼓楼区");
}

TEST(ParseRegionCsv, ParentComesFromKnownTree) {
  const auto out = parse_region_csv("code,name\n350103,台江区\n", fujian());
  ASSERT_TRUE(out.has_value());
  ASSERT_TRUE(out->problems.empty()) << out->problems.front().reason;
  ASSERT_EQ(out->regions.size(), 1U);
  EXPECT_EQ(out->regions[0].parent, "350100");
}

TEST(ParseRegionCsv, FullHeaderWithExplicitParentAndKind) {
  const auto out =
      parse_region_csv("code,name,parent,kind,note\n61Z001,杨凌示范区,610000,zone,功能区\n", [] {
        RegionTree t;
        t.put(Region{"610000", "陕西省", "", "", ""});
        return t;
      }());
  ASSERT_TRUE(out.has_value());
  ASSERT_TRUE(out->problems.empty()) << out->problems.front().reason;
  ASSERT_EQ(out->regions.size(), 1U);
  EXPECT_EQ(out->regions[0].parent, "610000");
  EXPECT_EQ(out->regions[0].kind, "zone");
  EXPECT_EQ(out->regions[0].note, "功能区");
}

TEST(ParseRegionCsv, TrimsFieldsIncludingIdeographicSpace) {
  const auto out = parse_region_csv("code,name\n 350000 ,\u3000福建省\u3000\n", {});
  ASSERT_TRUE(out.has_value());
  ASSERT_EQ(out->regions.size(), 1U);
  EXPECT_EQ(out->regions[0].code, "350000");
  EXPECT_EQ(out->regions[0].name, "福建省");
}

TEST(ParseRegionCsv, ReportsBadRowsByRowNumberAndKeepsTheRest) {
  const std::string csv =
      "code,name\n"           // row 1
      "350000,福建省\n"       // row 2
      "12345,坏代码\n"        // row 3: five digits
      "990100,无上级\n"       // row 4: province 990000 unknown
      "350100,福州市,多余\n"  // row 5: three columns
      "350102,鼓楼区\n";      // row 6: fine (parent 350000, as 350100 was refused)
  const auto out = parse_region_csv(csv, {});
  ASSERT_TRUE(out.has_value()) << out.error().message;
  ASSERT_EQ(out->problems.size(), 3U);
  EXPECT_EQ(out->problems[0].row, 3U);
  EXPECT_NE(out->problems[0].reason.find("12345"), std::string::npos) << out->problems[0].reason;
  EXPECT_EQ(out->problems[1].row, 4U);
  EXPECT_NE(out->problems[1].reason.find("990000"), std::string::npos) << out->problems[1].reason;
  EXPECT_EQ(out->problems[2].row, 5U);
  EXPECT_NE(out->problems[2].reason.find("3"), std::string::npos) << out->problems[2].reason;
  ASSERT_EQ(out->regions.size(), 2U);
  EXPECT_EQ(out->regions[0].code, "350000");
  EXPECT_EQ(out->regions[1].code, "350102");
  EXPECT_EQ(out->regions[1].parent, "350000");
}

TEST(ParseRegionCsv, RejectsBadKindEmptyNameAndProvinceCode00) {
  const auto out = parse_region_csv(
      "code,name,parent,kind,note\n350000,福建省,,state,\n350000,,,,\n000000,零,,,\n", {});
  ASSERT_TRUE(out.has_value());
  ASSERT_EQ(out->problems.size(), 3U);
  EXPECT_EQ(out->problems[0].row, 2U);
  EXPECT_NE(out->problems[0].reason.find("state"), std::string::npos);
  EXPECT_EQ(out->problems[1].row, 3U);
  EXPECT_EQ(out->problems[2].row, 4U);
  EXPECT_TRUE(out->regions.empty());
}

TEST(ParseRegionCsv, UnknownExplicitParentIsReported) {
  const auto out = parse_region_csv("code,name,parent\n350102,鼓楼区,350199\n", fujian());
  ASSERT_TRUE(out.has_value());
  ASSERT_EQ(out->problems.size(), 1U);
  EXPECT_EQ(out->problems[0].row, 2U);
  EXPECT_NE(out->problems[0].reason.find("350199"), std::string::npos);
}

TEST(ParseRegionCsv, WrongHeaderIsAnError) {
  const auto bad = parse_region_csv("id,name\n350000,福建省\n", {});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, "REGION_CSV_HEADER");
  const auto extra = parse_region_csv("code,name,parent,kind,note,extra\n", {});
  ASSERT_FALSE(extra.has_value());
  EXPECT_EQ(extra.error().code, "REGION_CSV_HEADER");
  const auto empty = parse_region_csv("", {});
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().code, "REGION_CSV_EMPTY");
}

TEST(ParseRegionCsv, UnterminatedQuoteIsAnError) {
  const auto out = parse_region_csv("code,name\n350000,\"福建省\n", {});
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().code, "CSV_UNTERMINATED_QUOTE");
}

TEST(ParseRegionCsv, HostileInputDoesNotCrash) {
  std::string csv = "code,name\n";
  csv += std::string(20, ',') + "\n";  // too many fields for the reader
  const auto many = parse_region_csv(csv, {});
  EXPECT_FALSE(many.has_value());
  const auto junk = parse_region_csv("code,name\n\xFF\xFE,\xC3\x28\n350000,\xC0\xAF\n", {});
  ASSERT_TRUE(junk.has_value());
  EXPECT_EQ(junk->problems.size(), 2U);
  EXPECT_TRUE(junk->regions.empty());
}

TEST(RegionCsv, MergeAndToCsvRoundTrip) {
  const auto in = parse_region_csv(
      "code,name,parent,kind,note\n"
      "350000,福建省,,province,\n"
      "350100,福州市,,city,\n"
      "350102,鼓楼区,,county,\"含逗号,和\"\"引号\"\"\"\n"
      "3501Z1,福州高新区,350100,zone,功能区\n",
      {});
  ASSERT_TRUE(in.has_value());
  ASSERT_TRUE(in->problems.empty()) << in->problems.front().reason;
  RegionTree tree;
  tidu::catalogue::merge(tree, in->regions);
  ASSERT_EQ(tree.size(), 4U);
  EXPECT_EQ(tree.full_name("3501Z1"), "福建省 / 福州市 / 福州高新区");
  EXPECT_EQ(tree.find("350102")->note, "含逗号,和\"引号\"");

  const std::string csv = tidu::catalogue::to_csv(tree);
  EXPECT_TRUE(csv.starts_with("code,name,parent,kind,note\n350000,福建省,,province,\n")) << csv;

  const auto again = parse_region_csv(csv, {});
  ASSERT_TRUE(again.has_value()) << again.error().message;
  ASSERT_TRUE(again->problems.empty()) << again->problems.front().reason;
  RegionTree tree2;
  tidu::catalogue::merge(tree2, again->regions);
  ASSERT_EQ(tree2.size(), tree.size());
  for (const auto& r : tree.nodes()) {
    const auto* r2 = tree2.find(r.code);
    ASSERT_NE(r2, nullptr) << r.code;
    EXPECT_EQ(r2->name, r.name);
    EXPECT_EQ(r2->parent, r.parent);
    EXPECT_EQ(r2->kind, r.kind);
    EXPECT_EQ(r2->note, r.note);
  }
  EXPECT_EQ(tidu::catalogue::to_csv(tree2), csv);
}

}  // namespace
