// The industry benchmark's arithmetic: a KPI's improvement oriented by its direction, the peers'
// mean, median and the percentile with ties counting half, too few peers giving no judgement, and
// each kind of criterion (above the mean; at or above a percentile).
#include "stats/benchmark.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using tidu::catalogue::BenchmarkCriterion;
using tidu::catalogue::Direction;
using tidu::stats::compare;

TEST(Benchmark, ImprovementFollowsTheDirection) {
  EXPECT_DOUBLE_EQ(tidu::stats::improvement_of(Direction::kIncrease, 28), 28);
  EXPECT_DOUBLE_EQ(tidu::stats::improvement_of(Direction::kReduce, -50), 50);
  EXPECT_DOUBLE_EQ(tidu::stats::improvement_of(Direction::kReduce, 10), -10);
}

TEST(Benchmark, PercentileAmongPeersWithTiesCountingHalf) {
  const auto f = compare(35, {50, 10, 40, 20, 30}, 5);
  EXPECT_EQ(f.n, 5);
  EXPECT_DOUBLE_EQ(*f.mean, 30);
  EXPECT_DOUBLE_EQ(*f.median, 30);
  EXPECT_DOUBLE_EQ(*f.percentile, 60);
  EXPECT_TRUE(*f.above_mean);

  const auto tied = compare(30, {10, 30, 30, 50}, 3);
  EXPECT_DOUBLE_EQ(*tied.median, 30);
  EXPECT_DOUBLE_EQ(*tied.percentile, 50);  // one below, two ties of four
  EXPECT_FALSE(*tied.above_mean);          // equal to the mean 30

  EXPECT_DOUBLE_EQ(*compare(5, {10, 20}, 1).percentile, 0);
  EXPECT_DOUBLE_EQ(*compare(25, {10, 20}, 1).percentile, 100);
}

TEST(Benchmark, TooFewPeersOrNoValueGiveNoJudgement) {
  const auto few = compare(35, {10, 20, 30, 40}, 5);
  EXPECT_EQ(few.n, 4);
  EXPECT_TRUE(few.mean.has_value()) << "the peers' figures are still shown";
  EXPECT_FALSE(few.percentile.has_value());
  EXPECT_FALSE(few.above_mean.has_value());

  const auto none = compare(35, {}, 1);
  EXPECT_EQ(none.n, 0);
  EXPECT_FALSE(none.mean.has_value());

  const auto no_value = compare(std::nan(""), {10, 20, 30}, 1);
  EXPECT_FALSE(no_value.percentile.has_value());
  EXPECT_EQ(compare(1, {10, std::nan(""), 20}, 1).n, 2) << "a peer's missing value is not a peer";
}

TEST(Benchmark, Criteria) {
  const BenchmarkCriterion average{.id = "provincial_average",
                                   .scope = "province",
                                   .test = "above_mean",
                                   .percentile = 0,
                                   .text = "",
                                   .clause = "",
                                   .note = ""};
  BenchmarkCriterion leading = average;
  leading.test = "percentile";
  leading.percentile = 75;
  const auto f60 = compare(35, {10, 20, 30, 40, 50}, 5);
  EXPECT_EQ(tidu::stats::meets(average, f60), true);
  EXPECT_EQ(tidu::stats::meets(leading, f60), false);
  EXPECT_EQ(tidu::stats::meets(leading, compare(45, {10, 20, 30, 40, 50}, 5)), true);  // 80 %
  EXPECT_EQ(tidu::stats::meets(leading, compare(35, {10, 20}, 5)), std::nullopt);
  EXPECT_EQ(tidu::stats::meets(average, compare(35, {10, 20}, 5)), std::nullopt);
}

}  // namespace
