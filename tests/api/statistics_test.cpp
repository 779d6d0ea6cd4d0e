// Statistics over real HTTP against `tidu serve`, on SQLite and PostgreSQL: the regional maturity
// summary (seed 000 附件5) with every figure checked on a small hand-made region — an enterprise
// assessed twice, a non-规上 one, one never assessed — and its Word document opened by LibreOffice;
// the round statistics of a city's declarations; who may see which region.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "documents/tools.hpp"
#include "support/review_chain.hpp"

namespace {

namespace docs = tidu::test::documents;

class StatisticsApi : public ReviewChain {};

TEST_P(StatisticsApi, RegionalMaturitySummaryFiguresAndItsWordDocument) {
  const auto city_staff = tidu::test::reviewer_account("maturity.yingtan", "city", kYingtan, "工信",
                                                       "鹰潭市工信局审核员");
  const auto other_staff = tidu::test::reviewer_account("maturity.nanchang", "city", kNanchang,
                                                        "工信", "南昌市工信局审核员");
  create_staff({city_staff, other_staff});
  const auto port = port_at(kJxDuring);
  // revenue (万元) and assessments (date, level) of four enterprises of 鹰潭.
  struct Planned {
    double revenue;
    std::vector<std::pair<std::string, int>> assessments;
  };
  const std::vector<Planned> planned = {
      {50000, {{"2025-03-01", 3}}},
      {8000, {{"2024-01-10", 1}, {"2025-02-01", 2}}},  // assessed twice: level 2 counts
      {500, {{"2024-06-01", 4}}},                      // not 规上: outside the penetration
      {30000, {}},                                     // 规上, never assessed
  };
  int n = 0;
  for (const auto& p : planned) {
    auto e = tidu::test::register_enterprise_in(port, kYingtan, fmt::format("鹰潭成熟度{}", ++n));
    auto current = e.client.get("/api/v1/enterprises/" + e.id);
    ASSERT_EQ(current.status, 200) << current.describe();
    auto profile = current.json["profile"];
    profile["industry"] = {{"division", "33"}, {"group", "331"}};
    profile["financials"] = json::array({{{"year", 2024}, {"main_revenue", p.revenue}}});
    auto saved = e.client.put("/api/v1/enterprises/" + e.id + "/profile",
                              {{"version", current.json["version"]}, {"profile", profile}});
    ASSERT_EQ(saved.status, 200) << saved.describe();
    for (const auto& [day, level] : p.assessments) {
      auto added = e.client.post(
          "/api/v1/enterprises/" + e.id + "/maturity",
          {{"level", level}, {"score", level + 0.5}, {"assessed_on", day}, {"source", "c3mep"}});
      ASSERT_EQ(added.status, 201) << added.describe();
    }
  }
  auto city = sign_in(city_staff, kJxDuring);
  auto report = city.get(fmt::format("/api/v1/regions/{}/maturity?date=2025-04-15", kYingtan));
  ASSERT_EQ(report.status, 200) << report.describe();
  const auto& t = report.json["total"];
  EXPECT_EQ(t.value("enterprises", 0), 4) << t.dump();
  EXPECT_EQ(t.value("above_scale", 0), 3) << t.dump();
  EXPECT_EQ(t.value("assessed", 0), 3) << t.dump();
  EXPECT_EQ(t.value("assessed_above_scale", 0), 2) << t.dump();
  EXPECT_EQ(t.value("penetrated", 0), 2) << t.dump();
  EXPECT_EQ(t["levels"], json::array({0, 1, 1, 1, 0})) << t.dump();
  EXPECT_NEAR(t.value("penetration_percent", 0.0), 200.0 / 3, 1e-9) << t.dump();
  ASSERT_EQ(report.json["by_industry"].size(), 1U);
  EXPECT_EQ(report.json["by_industry"][0].value("key", ""), "33");
  const auto& over_time = report.json["over_time"];
  ASSERT_FALSE(over_time.empty());
  EXPECT_EQ(over_time.back().value("date", ""), "2025-04-15");
  // At the end of 2024 the twice-assessed enterprise was at level 1.
  const auto& end_2024 = over_time[over_time.size() - 2];
  EXPECT_EQ(end_2024.value("date", ""), "2024-12-31");
  EXPECT_EQ(end_2024["figures"].value("penetrated", -1), 0) << end_2024.dump();

  // Another city, an enterprise and a bad date are refused.
  auto other = sign_in(other_staff, kJxDuring);
  EXPECT_EQ(other.get(fmt::format("/api/v1/regions/{}/maturity", kYingtan)).status, 403);
  auto bad_date = city.get(fmt::format("/api/v1/regions/{}/maturity?date=2025-13-01", kYingtan));
  EXPECT_EQ(bad_date.status, 422) << bad_date.describe();

  // The 附件5 document: four sections, the figures in 一, opened by LibreOffice.
  auto docx =
      city.get(fmt::format("/api/v1/regions/{}/maturity-summary.docx?date=2025-04-15", kYingtan));
  ASSERT_EQ(docx.status, 200) << docx.describe();
  EXPECT_TRUE(docx.body.starts_with("PK"));
  const auto suffix = GetParam() == Backend::kSqlite ? "sqlite" : "pg";
  const auto file = docs::artefacts() / fmt::format("api-{}-maturity-summary.docx", suffix);
  docs::write_file(file, docx.body);
  const auto out_dir = docs::artefacts() / fmt::format("api-{}-maturity-summary", suffix);
  auto converted = docs::convert_to_pdf({file}, out_dir);
  ASSERT_EQ(converted.code, 0) << converted.out;
  const auto pdf = out_dir / file.filename().replace_extension(".pdf");
  const auto text = docs::squeezed(docs::pdf_text(pdf).out);
  for (const char* heading : {"一、整体情况", "二、工作推进举措", "三、基础级智能工厂复核情况",
                              "四、下一步工作考虑", "报送单位（盖章）"}) {
    EXPECT_TRUE(docs::has_text(text, heading)) << heading;
  }
  EXPECT_TRUE(docs::has_text(text, "智能工厂普及率为66.7%（2/3）")) << docs::head(text, 2000);
  EXPECT_TRUE(docs::has_text(text, "规上企业自评估覆盖度为66.7%")) << docs::head(text, 2000);
  docs::render_first_page(pdf,
                          docs::artefacts() / fmt::format("api-{}-maturity-summary.png", suffix));
}

TEST_P(StatisticsApi, RoundStatisticsOfACityAndItsScenarioCoverage) {
  const auto city_staff =
      tidu::test::reviewer_account("stats.yingtan", "city", kYingtan, "工信", "鹰潭市工信局审核员");
  const auto other_staff = tidu::test::reviewer_account("stats.nanchang", "city", kNanchang, "工信",
                                                        "南昌市工信局审核员");
  create_staff({city_staff, other_staff});
  auto a = submitted(kJiangxi, kYingtan, kJxDuring, "鹰潭统计", 70);
  auto b = submitted(kJiangxi, kYingtan, kJxDuring, "鹰潭统计二", 71);
  auto c = submitted(kJiangxi, kNanchang, kJxDuring, "南昌统计", 72);
  auto city = sign_in(city_staff, kJxDuring);
  auto report = city.get(fmt::format("/api/v1/rounds/{}/statistics", kJiangxi));
  ASSERT_EQ(report.status, 200) << report.describe();
  EXPECT_EQ(report.json["region"].value("code", ""), kYingtan);
  EXPECT_EQ(report.json.value("total", 0), 2) << "only 鹰潭's declarations";
  ASSERT_EQ(report.json["by_state"].size(), 1U) << report.body;
  EXPECT_EQ(report.json["by_state"][0].value("key", ""), "submitted");
  EXPECT_EQ(report.json["by_state"][0].value("count", 0), 2);
  // Every scenario instance of both submitted versions is counted once per declaration.
  std::map<std::string, int> expected;
  for (const auto* d : {&a, &b}) {
    std::set<std::string> once;
    for (const auto& s : d->document["scenarios"]) once.insert(s.value("scenario", ""));
    for (const auto& s : once) ++expected[s];
  }
  std::map<std::string, int> counted;
  for (const auto& s : report.json["scenarios"])
    counted[s.value("scenario", "")] = s.value("count", 0);
  EXPECT_EQ(counted, expected) << report.json["scenarios"].dump();
  EXPECT_FALSE(report.json["kpis"].empty()) << report.body;
  for (const auto& k : report.json["kpis"]) {
    EXPECT_LE(k.value("min", 0.0), k.value("mean", 0.0)) << k.dump();
    EXPECT_LE(k.value("mean", 0.0), k.value("max", 0.0)) << k.dump();
  }

  // The province sees both cities by city; another city may not look at 鹰潭.
  auto other = sign_in(other_staff, kJxDuring);
  EXPECT_EQ(
      other.get(fmt::format("/api/v1/rounds/{}/statistics?region={}", kJiangxi, kYingtan)).status,
      403);
  auto own = other.get(fmt::format("/api/v1/rounds/{}/statistics", kJiangxi));
  ASSERT_EQ(own.status, 200) << own.describe();
  EXPECT_EQ(own.json.value("total", 0), 1);
  EXPECT_EQ(c.enterprise.client.get(fmt::format("/api/v1/rounds/{}/statistics", kJiangxi)).status,
            403)
      << "enterprises see no statistics";
  EXPECT_EQ(city.get("/api/v1/rounds/no-such-round/statistics").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, StatisticsApi, tidu::test::all_backends(),
                         tidu::test::backend_name);

}  // namespace
