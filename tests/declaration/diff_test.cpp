#include "declaration/diff.hpp"

#include <gtest/gtest.h>

namespace {

using nlohmann::json;

TEST(Diff, ListsChangedAddedAndRemovedLeavesWithTheirPaths) {
  const json a = {{"cover", {{"applicant", "甲公司"}, {"date", "2025-03-01"}}},
                  {"scenarios", json::array({{{"instance", "一"}}, {{"instance", "二"}}})}};
  json b = a;
  b["cover"]["applicant"] = "乙公司";
  b["cover"].erase("date");
  b["scenarios"][1]["instance"] = "贰";
  b["scenarios"].push_back({{"instance", "三"}});
  b["pledge"] = {{"signatory", "张三"}};
  const auto changes = tidu::declaration::diff(a, b);
  ASSERT_EQ(changes.size(), 5U);
  EXPECT_EQ(changes[0].path, "$.cover.applicant");
  EXPECT_EQ(changes[0].kind, "changed");
  EXPECT_EQ(changes[0].before, "甲公司");
  EXPECT_EQ(changes[0].after, "乙公司");
  EXPECT_EQ(changes[1].path, "$.cover.date");
  EXPECT_EQ(changes[1].kind, "removed");
  EXPECT_EQ(changes[2].path, "$.scenarios[1].instance");
  EXPECT_EQ(changes[3].path, "$.scenarios[2]");
  EXPECT_EQ(changes[3].kind, "added");
  EXPECT_EQ(changes[4].path, "$.pledge");
  EXPECT_EQ(changes[4].kind, "added");
}

TEST(Diff, EqualDocumentsHaveNoChanges) {
  const json a = {{"x", json::array({1, 2, 3})}};
  EXPECT_TRUE(tidu::declaration::diff(a, a).empty());
}

}  // namespace
