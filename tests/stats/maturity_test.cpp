// The regional maturity summary on a small hand-checked dataset: every figure asserted, including
// an enterprise assessed twice (its latest result on the date counts) and a non-规上 enterprise
// (counted as assessed but excluded from coverage and penetration).
#include "stats/maturity.hpp"

#include <gtest/gtest.h>

namespace {

using tidu::stats::Assessment;
using tidu::stats::Subject;

tidu::catalogue::RegionTree fujian() {
  tidu::catalogue::RegionTree t;
  t.put({.code = "350000", .name = "福建省", .parent = "", .kind = "province", .note = ""});
  t.put({.code = "350100", .name = "福州市", .parent = "350000", .kind = "city", .note = ""});
  t.put({.code = "350181", .name = "福清市", .parent = "350100", .kind = "county", .note = ""});
  t.put({.code = "350121", .name = "闽侯县", .parent = "350100", .kind = "county", .note = ""});
  t.put({.code = "350200", .name = "厦门市", .parent = "350000", .kind = "city", .note = ""});
  return t;
}

Subject subject(std::string region, std::string industry, bool above_scale,
                std::vector<Assessment> assessments, std::string confirmed = "") {
  return Subject{.region = std::move(region),
                 .industry = std::move(industry),
                 .above_scale = above_scale,
                 .assessments = std::move(assessments),
                 .basic_confirmed_on = std::move(confirmed)};
}

Assessment at(std::string day, int level, std::optional<double> score = std::nullopt) {
  return Assessment{.assessed_on = std::move(day), .level = level, .score = score};
}

std::vector<Subject> dataset() {
  return {
      // 福清: assessed twice — level 1 in 2023, level 3 in 2025 (the latter counts in 2025).
      subject("350181", "13", true, {at("2023-05-01", 1, 1.2), at("2025-02-01", 3, 3.1)},
              "2025-03-01"),
      // 福清: 规上, assessed at level 2.
      subject("350181", "13", true, {at("2024-06-01", 2, 2.0)}),
      // 福清: not 规上, assessed at level 4: assessed, but outside coverage and penetration.
      subject("350181", "34", false, {at("2024-07-01", 4, 4.0)}),
      // 闽侯: 规上, never assessed.
      subject("350121", "34", true, {}),
      // 闽侯: 规上, assessed only after the summary's date.
      subject("350121", "13", true, {at("2025-06-01", 2)}),
      // 厦门: outside 福州.
      subject("350200", "39", true, {at("2024-01-01", 5)}),
  };
}

TEST(MaturitySummary, CityFiguresOnADate) {
  const auto regions = fujian();
  const auto s = tidu::stats::summarize(dataset(), regions, "350100", "2025-04-15", nullptr, 2);
  EXPECT_EQ(s.region_name, "福建省 / 福州市");
  const auto& t = s.total;
  EXPECT_EQ(t.enterprises, 5);
  EXPECT_EQ(t.above_scale, 4);
  EXPECT_EQ(t.assessed, 3);              // the 2025-06 assessment is after the date
  EXPECT_EQ(t.assessed_above_scale, 2);  // the non-规上 one is not counted here
  EXPECT_EQ(t.penetrated, 2);            // levels 3 and 2
  EXPECT_EQ(t.levels, (std::array<int, 5>{0, 1, 1, 1, 0}));  // the twice-assessed counts at 3
  EXPECT_EQ(t.basic_confirmed, 1);
  ASSERT_TRUE(t.coverage_percent());
  EXPECT_DOUBLE_EQ(*t.coverage_percent(), 50.0);
  EXPECT_DOUBLE_EQ(*t.penetration_percent(), 50.0);
  ASSERT_TRUE(t.mean_score);
  EXPECT_NEAR(*t.mean_score, (3.1 + 2.0 + 4.0) / 3, 1e-9);

  // By county, in code order.
  ASSERT_EQ(s.by_subregion.size(), 2U);
  EXPECT_EQ(s.by_subregion[0].key, "350121");
  EXPECT_EQ(s.by_subregion[0].figures.enterprises, 2);
  EXPECT_EQ(s.by_subregion[0].figures.assessed, 0);
  EXPECT_DOUBLE_EQ(*s.by_subregion[0].figures.penetration_percent(), 0.0);
  EXPECT_EQ(s.by_subregion[1].key, "350181");
  EXPECT_EQ(s.by_subregion[1].figures.above_scale, 2);
  EXPECT_EQ(s.by_subregion[1].figures.penetrated, 2);
  EXPECT_DOUBLE_EQ(*s.by_subregion[1].figures.penetration_percent(), 100.0);

  // By industry, most enterprises first.
  ASSERT_EQ(s.by_industry.size(), 2U);
  EXPECT_EQ(s.by_industry[0].key, "13");
  EXPECT_EQ(s.by_industry[0].figures.enterprises, 3);
  EXPECT_EQ(s.by_industry[0].figures.penetrated, 2);
  EXPECT_EQ(s.by_industry[1].key, "34");
  EXPECT_EQ(s.by_industry[1].figures.assessed, 1);
  EXPECT_EQ(s.by_industry[1].figures.penetrated, 0);

  // Over time: the twice-assessed enterprise was at level 1 at the end of 2023.
  ASSERT_EQ(s.over_time.size(), 3U);
  EXPECT_EQ(s.over_time[0].date, "2023-12-31");
  EXPECT_EQ(s.over_time[0].figures.assessed, 1);
  EXPECT_EQ(s.over_time[0].figures.levels, (std::array<int, 5>{1, 0, 0, 0, 0}));
  EXPECT_EQ(s.over_time[0].figures.penetrated, 0);
  EXPECT_EQ(s.over_time[1].date, "2024-12-31");
  EXPECT_EQ(s.over_time[1].figures.assessed, 3);
  EXPECT_EQ(s.over_time[1].figures.penetrated, 1);
  EXPECT_EQ(s.over_time[2].date, "2025-04-15");
  EXPECT_EQ(s.over_time[2].figures.penetrated, 2);
}

TEST(MaturitySummary, ProvinceAndEmptyRegion) {
  const auto regions = fujian();
  const auto all = tidu::stats::summarize(dataset(), regions, "350000", "2025-12-31", nullptr, 0);
  EXPECT_EQ(all.total.enterprises, 6);
  EXPECT_EQ(all.total.assessed, 5);
  EXPECT_EQ(all.total.above_scale, 5);
  EXPECT_EQ(all.total.penetrated, 4);  // 福清 ×2, 闽侯's 2025-06, 厦门
  EXPECT_EQ(all.over_time.size(), 1U);
  ASSERT_EQ(all.by_subregion.size(), 2U);

  const auto none = tidu::stats::summarize({}, regions, "350200", "2025-12-31", nullptr, 1);
  EXPECT_EQ(none.total.enterprises, 0);
  EXPECT_FALSE(none.total.coverage_percent());
  EXPECT_FALSE(none.total.penetration_percent());
  EXPECT_FALSE(none.total.mean_score);
}

TEST(MaturitySummary, TheWholeCountryByProvince) {
  auto regions = fujian();
  regions.put({.code = "360000", .name = "江西省", .parent = "", .kind = "province", .note = ""});
  auto subjects = dataset();
  subjects.push_back(subject("360000", "13", true, {at("2024-03-01", 2)}));
  subjects.push_back(subject("999999", "13", true, {at("2024-03-01", 2)}));  // unknown region
  const auto all = tidu::stats::summarize(subjects, regions, std::string(tidu::stats::kNation),
                                          "2025-12-31", nullptr, 0);
  EXPECT_EQ(all.region_name, "全国");
  EXPECT_EQ(all.total.enterprises, 7) << "the unknown region is outside every province";
  EXPECT_EQ(all.total.penetrated, 5);
  ASSERT_EQ(all.by_subregion.size(), 2U);
  EXPECT_EQ(all.by_subregion[0].key, "350000");
  EXPECT_EQ(all.by_subregion[0].figures.enterprises, 6);
  EXPECT_EQ(all.by_subregion[1].key, "360000");
  EXPECT_EQ(all.by_subregion[1].figures.enterprises, 1);
  EXPECT_EQ(all.by_subregion[1].figures.penetrated, 1);
}

TEST(MaturitySummary, AnEnterpriseOfTheRegionNodeItselfCountsInTheTotalOnly) {
  auto subjects = dataset();
  subjects.push_back(subject("350100", "13", false, {}));  // registered at 福州市 itself
  const auto s = tidu::stats::summarize(subjects, fujian(), "350100", "2025-04-15", nullptr, 0);
  EXPECT_EQ(s.total.enterprises, 6);
  int in_parts = 0;
  for (const auto& b : s.by_subregion) in_parts += b.figures.enterprises;
  EXPECT_EQ(in_parts, 5);
}

}  // namespace
