// Statistics over real HTTP against `tidu serve`, on SQLite and PostgreSQL: the regional maturity
// summary (seed 000 附件5) with every figure checked on a small hand-made region — an enterprise
// assessed twice, a non-规上 one, one never assessed — and its Word document opened by LibreOffice;
// the round statistics of a city's declarations; who may see which region; the imported directory
// and maturity results counted beside the platform's own, and a change seen at the next read; the
// whole country for administrators; a declaration's industry benchmark with each figure checked.
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

/// Sets KPI 7 (生产效率提升, increase) to a change of `change` % from a base of 100.
std::function<void(tidu::declaration::Declaration&)> kpi7(double change) {
  return [change](tidu::declaration::Declaration& d) {
    for (auto& k : d.factory.kpis) {
      if (k.number != 7) continue;
      k.before = 100;
      k.after = 100 + change;
      k.change = change;
    }
  };
}

const json& kpi_of(const json& report, int number) {
  for (const auto& k : report["kpis"]) {
    if (k.value("number", 0) == number) return k;
  }
  static const json none;
  return none;
}

TEST_P(StatisticsApi, IndustryBenchmarkOfADeclarationAmongItsPeers) {
  const auto admin = tidu::test::admin_account("bench.admin", "360000");
  create_staff({admin});
  // Five peers of the same industry (the sample's 38) in 江西, one in 福建; then the subject.
  std::vector<std::string> peers;
  for (const double c : {10.0, 20.0, 30.0, 40.0, 50.0}) {
    peers.push_back(submitted(kJiangxi, kYingtan, kJxDuring, "对标同行",
                              80 + static_cast<std::uint32_t>(c), kpi7(c))
                        .id);
  }
  submitted(kFujian, kFuqing, kFjDuring, "对标福建", 90, kpi7(100));
  auto subject = submitted(kJiangxi, kNanchang, kJxDuring, "对标企业", 91, kpi7(35));

  auto reader = sign_in(admin, kJxDuring);
  auto report = reader.get(decl_path(subject.id) + "/benchmark");
  ASSERT_EQ(report.status, 200) << report.describe();
  EXPECT_EQ(report.json["industry"].value("code", ""), "38");
  EXPECT_EQ(report.json["province"].value("code", ""), "360000");
  EXPECT_EQ(report.json["tier"].value("id", ""), "advanced");
  // 先进级: 省同行业领先, read as the 75th percentile of the province's peers.
  ASSERT_TRUE(report.json["criterion"].is_object()) << report.body;
  EXPECT_EQ(report.json["criterion"].value("id", ""), "provincial_leading");
  EXPECT_EQ(report.json["criterion"].value("scope", ""), "province");
  EXPECT_EQ(report.json.value("min_peers", 0), 5);

  const auto& k7 = kpi_of(report.json, 7);
  ASSERT_TRUE(k7.is_object()) << report.body;
  EXPECT_DOUBLE_EQ(k7.value("improvement", 0.0), 35.0);
  // In 江西: 10 20 30 40 50 — three below 35.
  EXPECT_EQ(k7["province"].value("n", 0), 5) << k7.dump();
  EXPECT_DOUBLE_EQ(k7["province"].value("mean", 0.0), 30.0);
  EXPECT_DOUBLE_EQ(k7["province"].value("median", 0.0), 30.0);
  EXPECT_DOUBLE_EQ(k7["province"].value("percentile", 0.0), 60.0);
  EXPECT_EQ(k7["province"]["above_mean"], true);
  // Nationwide the 福建 peer (100) joins: three of six below.
  EXPECT_EQ(k7["nation"].value("n", 0), 6) << k7.dump();
  EXPECT_DOUBLE_EQ(k7["nation"].value("percentile", 0.0), 50.0);
  EXPECT_DOUBLE_EQ(k7["nation"].value("median", 0.0), 35.0);
  EXPECT_EQ(k7["meets"], false) << "60 % is below the 75th percentile";
  // KPI 9 (产品不良率下降, a reduction) is the same for everyone: a tie counts half, not above the
  // mean, and the improvement is the reduction.
  const auto& k9 = kpi_of(report.json, 9);
  ASSERT_TRUE(k9.is_object()) << report.body;
  EXPECT_EQ(k9.value("direction", ""), "reduce");
  EXPECT_DOUBLE_EQ(k9.value("improvement", 0.0), -k9.value("change", 0.0));
  EXPECT_GT(k9.value("improvement", 0.0), 0.0);
  EXPECT_DOUBLE_EQ(k9["province"].value("percentile", 0.0), 50.0);
  EXPECT_EQ(k9["province"]["above_mean"], false);

  // The peer at 50 leads: above all five others in 江西 (10 20 30 40 and the subject's 35).
  auto leading = reader.get(decl_path(peers.back()) + "/benchmark");
  ASSERT_EQ(leading.status, 200) << leading.describe();
  EXPECT_DOUBLE_EQ(kpi_of(leading.json, 7)["province"].value("percentile", 0.0), 100.0);
  EXPECT_EQ(kpi_of(leading.json, 7)["meets"], true);

  // The declaring enterprise may not see it; another enterprise does not learn it exists.
  EXPECT_EQ(subject.enterprise.client.get(decl_path(subject.id) + "/benchmark").status, 403);
  auto stranger = tidu::test::register_enterprise_in(port_at(kJxDuring), kYingtan, "对标陌生");
  EXPECT_EQ(stranger.client.get(decl_path(subject.id) + "/benchmark").status, 404);
}

TEST_P(StatisticsApi, ImportedDirectoryAndResultsCountBesideThePlatformsOwn) {
  const auto admin = tidu::test::admin_account("imported.admin", "360000");
  const auto city_staff = tidu::test::reviewer_account("imported.yingtan", "city", kYingtan, "工信",
                                                       "鹰潭市工信局审核员");
  create_staff({admin, city_staff});
  const auto port = port_at(kJxDuring);
  // One platform enterprise of 鹰潭, 规上 (revenue 50000), industry 33, assessed at level 3.
  auto platform = tidu::test::register_enterprise_in(port, kYingtan, "鹰潭平台企业");
  {
    auto current = platform.client.get("/api/v1/enterprises/" + platform.id);
    ASSERT_EQ(current.status, 200) << current.describe();
    auto profile = current.json["profile"];
    profile["industry"] = {{"division", "33"}, {"group", "331"}};
    profile["financials"] = json::array({{{"year", 2024}, {"main_revenue", 50000}}});
    auto saved = platform.client.put("/api/v1/enterprises/" + platform.id + "/profile",
                                     {{"version", current.json["version"]}, {"profile", profile}});
    ASSERT_EQ(saved.status, 200) << saved.describe();
  }
  auto city = sign_in(city_staff, kJxDuring);
  const auto summary = [&] {
    auto r = city.get(fmt::format("/api/v1/regions/{}/maturity?date=2025-04-15", kYingtan));
    EXPECT_EQ(r.status, 200) << r.describe();
    return r.json;
  };
  auto before = summary();
  EXPECT_EQ(before["total"].value("enterprises", 0), 1) << before["total"].dump();
  EXPECT_EQ(before["total"].value("assessed", 0), 0);

  // Read once, then changed: the platform enterprise is assessed, and the directory and the
  // results are imported. The next read sees all of it.
  auto added = platform.client.post(
      "/api/v1/enterprises/" + platform.id + "/maturity",
      {{"level", 3}, {"score", 3.2}, {"assessed_on", "2025-03-01"}, {"source", "c3mep"}});
  ASSERT_EQ(added.status, 201) << added.describe();
  const std::string a = tidu::declaration::make_credit_code(kYingtan, 610'001);  // 规上
  const std::string b = tidu::declaration::make_credit_code(kYingtan, 610'002);  // not 规上
  const std::string d = tidu::declaration::make_credit_code(kYingtan, 610'003);  // results only
  auto platform_code =
      platform.client.get("/api/v1/enterprises/" + platform.id).json.value("credit_code", "");
  ASSERT_FALSE(platform_code.empty());
  const std::string directory =
      std::string(
          "统一社会信用代码,企业名称,所在地区,行业,是否规上,营业收入(万元),从业人员,年份\n") +
      a + ",鹰潭目录企业甲,360600,34,是,30000,300,2024\n" + b +
      ",鹰潭目录企业乙,360600,34,否,800,40,2024\n" +
      // The platform knows this code: its own profile (industry 33) wins over the directory's.
      platform_code + ",鹰潭平台企业,360600,13,否,100,10,2024\n";
  auto admin_client = sign_in(admin, kJxDuring);
  auto imported = admin_client.send("POST", "/api/v1/imports/directory?name=directory.csv",
                                    directory, "application/octet-stream");
  ASSERT_EQ(imported.status, 201) << imported.describe();
  const std::string results =
      std::string("统一社会信用代码,企业名称,等级,得分,评估日期,来源,所在地区\n") + a +
      ",鹰潭目录企业甲,2,2.1,2024-05-01,c3mep,360600\n" + a +
      ",鹰潭目录企业甲,1,1.2,2023-05-01,c3mep,360600\n" + b +
      ",鹰潭目录企业乙,4,4.0,2025-01-10,c3mep,360600\n" + d +
      ",鹰潭未入目录企业,1,1.0,2025-02-01,c3mep,360600\n";
  imported = admin_client.send("POST", "/api/v1/imports/assessments?name=results.csv", results,
                               "application/octet-stream");
  ASSERT_EQ(imported.status, 201) << imported.describe();

  auto after = summary();
  const auto& t = after["total"];
  // platform (规上, level 3), a (规上, level 2 latest), b (not 规上, level 4), d (level 1).
  EXPECT_EQ(t.value("enterprises", 0), 4) << t.dump();
  EXPECT_EQ(t.value("above_scale", 0), 2) << t.dump();
  EXPECT_EQ(t.value("assessed", 0), 4) << t.dump();
  EXPECT_EQ(t.value("assessed_above_scale", 0), 2) << t.dump();
  EXPECT_EQ(t.value("penetrated", 0), 2) << t.dump();
  EXPECT_EQ(t["levels"], json::array({1, 1, 1, 1, 0})) << t.dump();
  std::map<std::string, int> industries;
  for (const auto& i : after["by_industry"])
    industries[i.value("key", "")] = i["figures"].value("enterprises", 0);
  EXPECT_EQ(industries, (std::map<std::string, int>{{"", 1}, {"33", 1}, {"34", 2}}))
      << after["by_industry"].dump();

  // The whole country: administrators only, by province.
  auto nation = admin_client.get("/api/v1/regions/000000/maturity?date=2025-04-15");
  ASSERT_EQ(nation.status, 200) << nation.describe();
  EXPECT_EQ(nation.json["region"].value("name", ""), "全国");
  EXPECT_GE(nation.json["total"].value("enterprises", 0), 4);
  bool jiangxi = false;
  for (const auto& p : nation.json["by_subregion"]) {
    if (p.value("key", "") == "360000") {
      jiangxi = true;
      EXPECT_EQ(p["figures"].value("assessed", 0), 4) << p.dump();
    }
  }
  EXPECT_TRUE(jiangxi) << nation.json["by_subregion"].dump();
  EXPECT_EQ(city.get("/api/v1/regions/000000/maturity").status, 403);
}

INSTANTIATE_TEST_SUITE_P(Backends, StatisticsApi, tidu::test::all_backends(),
                         tidu::test::backend_name);

}  // namespace
