#include "review/scoring.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace {

using tidu::review::Aggregate;
using tidu::review::Aggregation;
using tidu::review::Criterion;
using tidu::review::ScoreSheet;

const std::vector<Criterion> kCriteria{
    {.id = "c1", .name = "技术水平", .max = 40, .guidance = "关键工序数控化率、系统集成"},
    {.id = "c2", .name = "应用成效", .max = 30, .guidance = {}},
    {.id = "c3", .name = "示范作用", .max = 30, .guidance = {}},
};

/// A sheet whose total is c1 + 50 (c2 = c3 = 25).
ScoreSheet sheet(std::string expert, double c1) {
  return {.expert_id = std::move(expert),
          .scores = {{"c1", c1}, {"c2", 25}, {"c3", 25}},
          .comment = {}};
}

Aggregate scored(std::string id, double score) {
  return {
      .declaration_id = std::move(id), .score = score, .sheets = 3, .trimmed = false, .note = {}};
}

TEST(ScoringValidate, AcceptsACompleteSheetInHalfPoints) {
  EXPECT_TRUE(tidu::review::validate_sheet(sheet("e1", 35.5), kCriteria).empty());
  EXPECT_TRUE(tidu::review::validate_sheet(sheet("e1", 0), kCriteria).empty());
  EXPECT_TRUE(tidu::review::validate_sheet(sheet("e1", 40), kCriteria).empty());
}

TEST(ScoringValidate, ReportsEveryProblem) {
  const ScoreSheet s{
      .expert_id = "e1", .scores = {{"c1", -1}, {"c2", 30.5}, {"c9", 5}}, .comment = {}};
  EXPECT_EQ(tidu::review::validate_sheet(s, kCriteria),
            (std::vector<std::string>{
                "评分项“技术水平”（c1）的分数 -1 不能为负数",
                "评分项“应用成效”（c2）的分数 30.5 超过满分 30",
                "缺少评分项“示范作用”（c3）的分数",
                "评分项 c9 不在本批次的评分标准中",
            }));
}

TEST(ScoringValidate, RefusesStepsFinerThanHalfAPointAndNonFiniteScores) {
  auto s = sheet("e1", 12.3);
  s.scores["c2"] = std::numeric_limits<double>::quiet_NaN();
  s.scores["c3"] = std::numeric_limits<double>::infinity();
  EXPECT_EQ(tidu::review::validate_sheet(s, kCriteria),
            (std::vector<std::string>{
                "评分项“技术水平”（c1）的分数 12.3 须为 0.5 分的整数倍",
                "评分项“应用成效”（c2）的分数不是有效数字",
                "评分项“示范作用”（c3）的分数不是有效数字",
            }));
}

TEST(ScoringTotal, SumsTheSheet) {
  EXPECT_DOUBLE_EQ(tidu::review::total(sheet("e1", 35.5)), 85.5);
  EXPECT_DOUBLE_EQ(tidu::review::total({}), 0);
}

TEST(ScoringAggregate, MeanRoundsHalfAwayFromZeroAtTwoDecimals) {
  // Totals 80, 85, 90, 69.5: mean 324.5 / 4 = 81.125 -> 81.13 (banker's rounding would give 81.12).
  const std::vector sheets{sheet("e1", 30), sheet("e2", 35), sheet("e3", 40), sheet("e4", 19.5)};
  const auto mean = tidu::review::aggregate("d1", sheets, Aggregation::kMean);
  ASSERT_TRUE(mean);
  EXPECT_EQ(mean->declaration_id, "d1");
  EXPECT_DOUBLE_EQ(mean->score, 81.13);
  EXPECT_EQ(mean->sheets, 4);
  EXPECT_FALSE(mean->trimmed);
  EXPECT_EQ(mean->note, "4 份评分的算术平均");

  // 80, 80, 80.5: 240.5 / 3 = 80.1666… -> 80.17.
  const auto thirds = tidu::review::aggregate(
      "d2", {sheet("e1", 30), sheet("e2", 30), sheet("e3", 30.5)}, Aggregation::kMean);
  EXPECT_DOUBLE_EQ(thirds->score, 80.17);
}

TEST(ScoringAggregate, TrimmedMeanDropsOneHighestAndOneLowestTotal) {
  // Totals 80, 85, 90, 69.5: without 90 and 69.5, (80 + 85) / 2 = 82.5.
  const std::vector sheets{sheet("e1", 30), sheet("e2", 35), sheet("e3", 40), sheet("e4", 19.5)};
  const auto trimmed = tidu::review::aggregate("d1", sheets, Aggregation::kTrimmedMean);
  ASSERT_TRUE(trimmed);
  EXPECT_DOUBLE_EQ(trimmed->score, 82.5);
  EXPECT_EQ(trimmed->sheets, 4);
  EXPECT_TRUE(trimmed->trimmed);
  EXPECT_EQ(trimmed->note, "4 份评分去掉一个最高分（90）和一个最低分（69.5）后取平均");

  // Three sheets 80, 80, 80.5: only one 80 remains.
  const auto three = tidu::review::aggregate(
      "d2", {sheet("e1", 30), sheet("e2", 30.5), sheet("e3", 30)}, Aggregation::kTrimmedMean);
  EXPECT_DOUBLE_EQ(three->score, 80);
  EXPECT_TRUE(three->trimmed);
}

TEST(ScoringAggregate, TrimmedMeanFallsBackToTheMeanBelowThreeSheets) {
  const auto two =
      tidu::review::aggregate("d1", {sheet("e1", 30), sheet("e2", 40)}, Aggregation::kTrimmedMean);
  ASSERT_TRUE(two);
  EXPECT_DOUBLE_EQ(two->score, 85);
  EXPECT_EQ(two->sheets, 2);
  EXPECT_FALSE(two->trimmed);
  EXPECT_EQ(two->note, "评分表只有 2 份，不足 3 份，未去掉最高分和最低分，按算术平均计算");
}

TEST(ScoringAggregate, RefusesNoSheetsAndTwoSheetsOfOneExpert) {
  const auto none = tidu::review::aggregate("d1", {}, Aggregation::kMean);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, "NO_SCORES");
  EXPECT_EQ(none.error().message, "申报 d1 还没有专家评分，无法汇总");
  const auto twice =
      tidu::review::aggregate("d1", {sheet("e1", 30), sheet("e1", 31)}, Aggregation::kMean);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, "SCORE_SHEET_DUPLICATE");
}

TEST(ScoringRank, EqualScoresShareARankAndAreListedByDeclarationId) {
  const auto ranked = tidu::review::rank(
      {scored("C", 85), scored("D", 80), scored("A", 90), scored("E", 85), scored("B", 85)});
  std::vector<std::pair<std::string, int>> got;
  for (const auto& r : ranked) got.emplace_back(r.aggregate.declaration_id, r.rank);
  EXPECT_EQ(got, (std::vector<std::pair<std::string, int>>{
                     {"A", 1}, {"B", 2}, {"C", 2}, {"E", 2}, {"D", 5}}));
  EXPECT_TRUE(tidu::review::rank({}).empty());
}

TEST(ScoringShortlist, ATieAtTheBoundaryIncludesEveryoneTied) {
  const auto ranked = tidu::review::rank(
      {scored("C", 85), scored("D", 80), scored("A", 90), scored("E", 85), scored("B", 85)});
  using Ids = std::vector<std::string>;
  EXPECT_EQ(tidu::review::shortlist(ranked, 2, std::nullopt), (Ids{"A", "B", "C", "E"}));
  EXPECT_EQ(tidu::review::shortlist(ranked, 4, std::nullopt), (Ids{"A", "B", "C", "E"}));
  EXPECT_EQ(tidu::review::shortlist(ranked, 1, std::nullopt), (Ids{"A"}));
  EXPECT_EQ(tidu::review::shortlist(ranked, 5, std::nullopt), (Ids{"A", "B", "C", "E", "D"}));
  EXPECT_EQ(tidu::review::shortlist(ranked, 0, std::nullopt), Ids{});
  EXPECT_EQ(tidu::review::shortlist(ranked, std::nullopt, 85), (Ids{"A", "B", "C", "E"}));
  EXPECT_EQ(tidu::review::shortlist(ranked, std::nullopt, 85.5), (Ids{"A"}));
  EXPECT_EQ(tidu::review::shortlist(ranked, 5, 81), (Ids{"A", "B", "C", "E"}));
  EXPECT_EQ(tidu::review::shortlist(ranked, std::nullopt, std::nullopt),
            (Ids{"A", "B", "C", "E", "D"}));
}

TEST(ScoringAggregation, ParsesMeanAndTrimmedMean) {
  EXPECT_EQ(tidu::review::parse_aggregation("mean").value(), Aggregation::kMean);
  EXPECT_EQ(tidu::review::parse_aggregation("trimmed_mean").value(), Aggregation::kTrimmedMean);
  for (const auto a : {Aggregation::kMean, Aggregation::kTrimmedMean})
    EXPECT_EQ(tidu::review::parse_aggregation(tidu::review::aggregation_id(a)).value(), a);
  const auto bad = tidu::review::parse_aggregation("median");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, "AGGREGATION_UNKNOWN");
  EXPECT_EQ(bad.error().message,
            "未知的汇总方式“median”，可选 mean（算术平均）或 trimmed_mean"
            "（去掉一个最高分和一个最低分后平均）");
}

}  // namespace
