// Round statistics on a hand-checked set of declarations: tallies by state, level, region and
// industry, scenario coverage counted once per declaration, and each KPI's spread by industry.
#include "stats/round.hpp"

#include <gtest/gtest.h>

namespace {

using tidu::stats::DeclarationRecord;

TEST(RoundStatistics, TalliesCoverageAndKpiSpread) {
  const std::vector<DeclarationRecord> records = {
      {.state = "submitted",
       .level = "county",
       .region = "350181",
       .industry = "13",
       .scenarios = {{"生产作业", "精益生产管理"}, {"工厂建设", "数字基础设施建设"}},
       .kpi_changes = {{1, 20.0}, {2, -10.0}}},
      {.state = "submitted",
       .level = "city",
       .region = "350181",
       .industry = "13",
       .scenarios = {{"生产作业", "精益生产管理"}},
       .kpi_changes = {{1, 40.0}}},
      {.state = "draft",
       .level = "",
       .region = "350121",
       .industry = "34",
       .scenarios = {},
       .kpi_changes = {}},
  };
  const auto s = tidu::stats::round_statistics(records);
  EXPECT_EQ(s.total, 3);
  ASSERT_EQ(s.by_state.size(), 2U);
  EXPECT_EQ(s.by_state[0].key, "submitted");
  EXPECT_EQ(s.by_state[0].count, 2);
  EXPECT_EQ(s.by_level.size(), 2U) << "drafts have no level";
  EXPECT_EQ(s.by_region[0].key, "350181");
  EXPECT_EQ(s.by_region[0].count, 2);
  EXPECT_EQ(s.by_industry[1].key, "34");
  ASSERT_EQ(s.scenarios.size(), 2U);
  EXPECT_EQ(s.scenarios[0].scenario, "精益生产管理");
  EXPECT_EQ(s.scenarios[0].count, 2);
  ASSERT_EQ(s.scenarios_by_region.size(), 2U) << "two cells, both in 350181";
  EXPECT_EQ(s.scenarios_by_region[0].region, "350181");
  EXPECT_EQ(s.scenarios_by_region[0].link, "工厂建设");
  EXPECT_EQ(s.scenarios_by_region[0].count, 1);
  EXPECT_EQ(s.scenarios_by_region[1].scenario, "精益生产管理");
  EXPECT_EQ(s.scenarios_by_region[1].count, 2);
  ASSERT_EQ(s.kpis.size(), 2U);
  EXPECT_EQ(s.kpis[0].number, 1);
  EXPECT_EQ(s.kpis[0].industry, "13");
  EXPECT_EQ(s.kpis[0].n, 2);
  EXPECT_DOUBLE_EQ(s.kpis[0].mean, 30.0);
  EXPECT_DOUBLE_EQ(s.kpis[0].stddev, 10.0);
  EXPECT_DOUBLE_EQ(s.kpis[0].min, 20.0);
  EXPECT_DOUBLE_EQ(s.kpis[0].max, 40.0);
  EXPECT_EQ(s.kpis[1].number, 2);
  EXPECT_DOUBLE_EQ(s.kpis[1].stddev, 0.0);
}

TEST(RoundStatistics, EmptyRound) {
  const auto s = tidu::stats::round_statistics({});
  EXPECT_EQ(s.total, 0);
  EXPECT_TRUE(s.by_state.empty());
  EXPECT_TRUE(s.kpis.empty());
}

}  // namespace
