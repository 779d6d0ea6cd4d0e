// The review chain over real HTTP against the real `tidu serve` binary, on SQLite and on
// PostgreSQL (docs/api.md "Review"): preliminary review with the credit-blacklist check, the
// units' recommendation lists with ranks, quotas, exemptions, joint signatures and letters, filing
// up the route before each level's deadline, returns and resubmissions, and who may do what.
//
// Each test has its own state (a data folder, or a fresh PostgreSQL schema) and its own staff
// accounts, created in the database before the first server starts. Deadlines are tested with
// several servers on the same state at once, each with its own clock (TIDU_TEST_NOW fixes the
// start instant; the clock then runs forward in real time). Staff sign in again on a server
// whose clock is days later, since sessions expire by the server's clock.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support/review_chain.hpp"

namespace {

using nlohmann::json;
using tidu::test::ApiClient;

// ----- 1. Fujian: county (blacklist, summary table, letter) → city (ranking, letter) → province --

TEST_P(ReviewChain,
       FujianCountyChecksTheBlacklistFilesToTheCityWhichFilesToTheProvinceByItsDeadline) {
  auto county_staff =
      tidu::test::reviewer_account("rc.fuqing", "county", kFuqing, "工信", "福清市工信局审核员");
  const auto city_staff =
      tidu::test::reviewer_account("rc.fuzhou", "city", kFuzhou, "工信", "福州市工信局审核员");
  auto province_staff = tidu::test::reviewer_account("rc.fujian", "province", kFujianProvince,
                                                     "工信", "福建省工信厅审核员");
  create_staff({county_staff, city_staff, province_staff});

  auto a = submitted(kFujian, kFuqing, kFjDuring, "福清融锦", 1);
  auto b = submitted(kFujian, kFuqing, kFjDuring, "福清闽瑞", 2);
  auto c = submitted(kFujian, kFuqing, kFjDuring, "福清海纳", 3);
  EXPECT_EQ(a.snapshot.value("level", ""), "county") << a.snapshot.dump();
  EXPECT_TRUE(is_at(a.enterprise.client, a.id, "submitted", "county"));

  auto county = sign_in(county_staff, kFjDuring);
  auto city = sign_in(city_staff, kFjDuring);

  // The county may not pass before both blacklist sources are checked.
  auto offered = actions_of(county, a.id);
  ASSERT_EQ(offered.status, 200) << offered.describe();
  EXPECT_EQ(offered.json.value("state", ""), "submitted");
  EXPECT_EQ(offered.json.value("level", ""), "county");
  EXPECT_EQ(offered.json["unit"].value("code", ""), kFuqing);
  EXPECT_EQ(offered.json["unit"].value("name", ""), "福清市");
  auto pass_offer = offer(offered, "pass");
  ASSERT_TRUE(pass_offer.is_object()) << offered.body;
  EXPECT_TRUE(refused(pass_offer)) << pass_offer.dump();
  EXPECT_TRUE(contains(reasons_text(pass_offer), "失信黑名单")) << pass_offer.dump();
  EXPECT_TRUE(allowed(offer(offered, "return"))) << offered.body;

  auto early = act(county, a.id, "pass", "材料齐全");
  EXPECT_EQ(early.status, 409) << early.describe();
  EXPECT_EQ(early.code(), "ACTION_NOT_ALLOWED");
  EXPECT_TRUE(contains(message_of(early), "失信黑名单")) << early.describe();
  EXPECT_TRUE(contains(refusal_reasons(early), "失信黑名单")) << early.describe();
  EXPECT_TRUE(is_at(county, a.id, "submitted", "county"));

  // One source is not enough.
  auto ev =
      county.upload("/api/v1/reviews/files?name=" + tidu::test::url_encode("公示系统截图.png"),
                    tidu::test::png_bytes("gsxt " + a.id));
  ASSERT_EQ(ev.status / 100, 2) << ev.describe();
  EXPECT_EQ(ev.json.value("sha256", "").size(), 64U) << ev.describe();
  auto gsxt = county.post(decl_path(a.id) + "/blacklist-checks",
                          {{"source", "gsxt"},
                           {"result", "clear"},
                           {"note", "国家企业信用信息公示系统未见异常"},
                           {"evidence", ev.json.value("sha256", "")}});
  ASSERT_EQ(gsxt.status, 201) << gsxt.describe();
  auto half = act(county, a.id, "pass", "材料齐全");
  EXPECT_EQ(half.status, 409) << half.describe();
  EXPECT_EQ(half.code(), "ACTION_NOT_ALLOWED");
  auto zxgk = county.post(decl_path(a.id) + "/blacklist-checks",
                          {{"source", "zxgk"},
                           {"result", "clear"},
                           {"note", "中国执行信息公开网未见失信被执行人记录"},
                           {"evidence", ev.json.value("sha256", "")}});
  ASSERT_EQ(zxgk.status, 201) << zxgk.describe();
  auto checks = county.get(decl_path(a.id) + "/blacklist-checks");
  ASSERT_EQ(checks.status, 200) << checks.describe();
  EXPECT_TRUE(contains(checks.body, "gsxt") && contains(checks.body, "zxgk")) << checks.body;
  ASSERT_EQ(checks.json["items"].size(), 2U) << checks.body;
  for (const auto& item : checks.json["items"])
    EXPECT_EQ(item["checked_by_name"], "福清市工信局审核员") << item.dump();
  EXPECT_EQ(zxgk.json["checked_by_name"], "福清市工信局审核员");
  // An unknown source is refused.
  EXPECT_EQ(county.post(decl_path(a.id) + "/blacklist-checks",
                        {{"source", "baidu"}, {"result", "clear"}, {"note", ""}})
                    .status /
                100,
            4);

  auto passed = act(county, a.id, "pass", "经初审，材料真实完整，同意推荐");
  ASSERT_EQ(passed.status, 200) << passed.describe();
  EXPECT_EQ(passed.json.value("state", ""), "passed");
  EXPECT_EQ(passed.json.value("level", ""), "county");
  EXPECT_TRUE(is_at(a.enterprise.client, a.id, "passed", "county"));
  for (const auto* other : {&b, &c}) {
    record_blacklist(county, other->id);
    auto p = act(county, other->id, "pass", "同意推荐");
    ASSERT_EQ(p.status, 200) << p.describe();
  }

  // The county's list (汇总表): the three, not yet filed; filing needs the letter.
  auto list = county.get(batch_path(kFujian));
  ASSERT_EQ(list.status, 200) << list.describe();
  EXPECT_EQ(list.json.value("round", ""), kFujian);
  EXPECT_EQ(list.json.value("level", ""), "county");
  EXPECT_EQ(list.json["unit"].value("code", ""), kFuqing);
  EXPECT_TRUE(list.json["letter"].is_null()) << list.body;
  auto listed = entry_of(list.json, a.id);
  ASSERT_TRUE(listed.is_object()) << list.body;
  EXPECT_EQ(listed.value("enterprise_name", ""), a.enterprise.name);
  EXPECT_EQ(listed.value("credit_code", ""), a.enterprise.credit_code);
  EXPECT_EQ(id_set(list.json), (std::set<std::string>{a.id, b.id, c.id}));
  auto no_letter = county.post(batch_path(kFujian, "/file"), json::object());
  EXPECT_EQ(no_letter.status, 409) << no_letter.describe();
  EXPECT_EQ(no_letter.code(), "ACTION_NOT_ALLOWED");
  EXPECT_TRUE(is_at(county, a.id, "passed", "county"));

  auto letter = upload_letter(county, kFujian, "初审意见.pdf", "福清市初审意见");
  ASSERT_EQ(letter.status / 100, 2) << letter.describe();
  ASSERT_TRUE(letter.json["letter"].is_object()) << letter.body;
  EXPECT_EQ(letter.json["letter"].value("name", ""), "初审意见.pdf");
  EXPECT_EQ(letter.json["letter"].value("sha256", "").size(), 64U);
  auto filed = county.post(batch_path(kFujian, "/file"), json::object());
  ASSERT_EQ(filed.status / 100, 2) << filed.describe();
  EXPECT_EQ(filed.json.value("state", ""), "filed") << filed.body;
  for (const auto* d : {&a, &b, &c}) {
    EXPECT_TRUE(is_at(d->enterprise.client, d->id, "recommended", "city"));
  }

  // The city receives the county's filed list and decides on each declaration.
  auto received = city.get("/api/v1/rounds/" + std::string(kFujian) + "/batches");
  ASSERT_EQ(received.status, 200) << received.describe();
  auto from_fuqing = list_of_unit(filed_lists(received), kFuqing);
  ASSERT_TRUE(from_fuqing.is_object()) << received.body;
  EXPECT_EQ(id_set(from_fuqing), (std::set<std::string>{a.id, b.id, c.id}));
  EXPECT_TRUE(is_at(city, a.id, "recommended", "city"));
  auto city_offer = actions_of(city, a.id);
  ASSERT_EQ(city_offer.status, 200) << city_offer.describe();
  EXPECT_EQ(city_offer.json["unit"].value("code", ""), kFuzhou);
  EXPECT_TRUE(allowed(offer(city_offer, "pass"))) << city_offer.body;
  for (const auto* d : {&a, &b}) {
    auto p = act(city, d->id, "pass", "同意推荐");
    ASSERT_EQ(p.status, 200) << p.describe();
    EXPECT_EQ(p.json.value("state", ""), "passed");
    EXPECT_EQ(p.json.value("level", ""), "city");
  }

  // The city ranks its list: exactly its entries, best first.
  auto city_list = city.get(batch_path(kFujian));
  ASSERT_EQ(city_list.status, 200) << city_list.describe();
  EXPECT_EQ(city_list.json.value("level", ""), "city");
  EXPECT_EQ(city_list.json["unit"].value("code", ""), kFuzhou);
  EXPECT_EQ(city_list.json.value("deadline", ""), kFjCityDeadline);
  EXPECT_EQ(entry_ids(city_list.json).size(), 2U) << city_list.body;
  auto partial = city.put(batch_path(kFujian, "/ranking"), {{"order", {b.id}}});
  EXPECT_EQ(partial.status / 100, 4)
      << "a ranking must name exactly the list's entries: " << partial.describe();
  auto foreign = city.put(batch_path(kFujian, "/ranking"), {{"order", {b.id, a.id, c.id}}});
  EXPECT_EQ(foreign.status / 100, 4) << "c is not in the list: " << foreign.describe();
  auto ranked = city.put(batch_path(kFujian, "/ranking"), {{"order", {b.id, a.id}}});
  ASSERT_EQ(ranked.status, 200) << ranked.describe();
  EXPECT_EQ(ids_by_rank(ranked.json), (std::vector<std::string>{b.id, a.id})) << ranked.body;
  EXPECT_EQ(entry_of(ranked.json, b.id).value("rank", 0), 1);
  EXPECT_EQ(entry_of(ranked.json, a.id).value("rank", 0), 2);

  // On the last day the city files with its letter: the province starts its formal review.
  auto city_last_day = sign_in(city_staff, kFjLastDay);
  auto city_letter = upload_letter(city_last_day, kFujian, "福州市推荐意见.pdf", "福州市推荐意见");
  ASSERT_EQ(city_letter.status / 100, 2) << city_letter.describe();
  auto city_filed = city_last_day.post(batch_path(kFujian, "/file"), json::object());
  ASSERT_EQ(city_filed.status / 100, 2) << city_filed.describe();
  EXPECT_EQ(city_filed.json.value("state", ""), "filed") << city_filed.body;
  EXPECT_EQ(ids_by_rank(city_filed.json), (std::vector<std::string>{b.id, a.id}));
  EXPECT_TRUE(is_at(a.enterprise.client, a.id, "formal_review", "province"));
  EXPECT_TRUE(is_at(b.enterprise.client, b.id, "formal_review", "province"));
  EXPECT_TRUE(is_at(c.enterprise.client, c.id, "recommended", "city"));

  // The province receives the city's list in rank order.
  auto province = sign_in(province_staff, kFjLastDay);
  auto at_province = province.get("/api/v1/rounds/" + std::string(kFujian) + "/batches");
  ASSERT_EQ(at_province.status, 200) << at_province.describe();
  auto from_fuzhou = list_of_unit(filed_lists(at_province), kFuzhou);
  ASSERT_TRUE(from_fuzhou.is_object()) << at_province.body;
  EXPECT_EQ(entry_ids(from_fuzhou), (std::vector<std::string>{b.id, a.id}))
      << "entries in rank order";
  EXPECT_TRUE(is_at(province, a.id, "formal_review", "province"));

  // A second list passed on time but filed after the city's deadline is refused, naming it.
  auto p3 = act(city_last_day, c.id, "pass", "同意推荐");
  ASSERT_EQ(p3.status, 200) << p3.describe();
  auto second_letter =
      upload_letter(city_last_day, kFujian, "福州市补充推荐意见.pdf", "福州市补充推荐意见");
  ASSERT_EQ(second_letter.status / 100, 2) << second_letter.describe();
  EXPECT_EQ(entry_ids(second_letter.json), (std::vector<std::string>{c.id}))
      << "a new open list after the first was filed";
  auto city_late = sign_in(city_staff, kFjLate);
  auto late = city_late.post(batch_path(kFujian, "/file"), json::object());
  EXPECT_EQ(late.status, 409) << late.describe();
  EXPECT_EQ(late.code(), "ACTION_NOT_ALLOWED");
  EXPECT_TRUE(contains(message_of(late), kFjCityDeadline)) << late.describe();
  EXPECT_TRUE(contains(refusal_reasons(late), kFjCityDeadline)) << late.describe();
  EXPECT_TRUE(is_at(city_late, c.id, "passed", "city"));
}

// ----- 2. Shaanxi: the city's quota and the joint recommendation of six departments -----

TEST_P(ReviewChain, ShaanxiCityQuotaIsFifteenForXianAndTheListNeedsEveryDepartmentsSignature) {
  const auto city_staff =
      tidu::test::reviewer_account("rc.xian", "city", kXian, "工信", "西安市工信局审核员");
  const StaffAccount admin{.username = "rc.admin",
                           .password = "Admin-Chain-2024!",
                           .role = "admin",
                           .level = "",
                           .region = "610000",
                           .authority = "",
                           .display_name = "平台管理员"};
  create_staff({city_staff, admin});

  // The co-recommending departments of 西安市, created by the administrator.
  auto admin_client = sign_in(admin, kSnDuring);
  const std::vector<std::pair<std::string, std::string>> departments = {{"fagai", "发改"},
                                                                        {"caizheng", "财政"},
                                                                        {"guozi", "国资"},
                                                                        {"shijian", "市场监管"},
                                                                        {"shuju", "数据"}};
  std::vector<StaffAccount> co;
  for (const auto& [slug, authority] : departments) {
    StaffAccount s{.username = "rc.xian." + slug,
                   .password = "Joint-Chain-2024!",
                   .role = "co_department",
                   .level = "city",
                   .region = kXian,
                   .authority = authority,
                   .display_name = "西安市" + authority + "部门"};
    auto made = admin_client.post("/api/v1/accounts", s.to_json());
    ASSERT_EQ(made.status, 201) << made.describe();
    EXPECT_EQ(made.json.value("role", ""), "co_department");
    EXPECT_EQ(made.json.value("authority", ""), authority);
    co.push_back(s);
  }

  auto started = std::chrono::steady_clock::now();
  std::vector<Submitted> all;
  for (std::uint32_t i = 0; i < 16; ++i) {
    all.push_back(submitted(kShaanxi, kXian, kSnDuring, fmt::format("西安秦航{}", i), 10 + i));
    ASSERT_EQ(all.back().snapshot.value("level", ""), "city") << all.back().snapshot.dump();
  }
  std::cerr << "[ review_chain ] 16 Shaanxi declarations made and submitted in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - started)
                   .count()
            << " ms\n";

  auto city = sign_in(city_staff, kSnDuring);
  for (std::size_t i = 0; i < 15; ++i) {
    auto p = act(city, all[i].id, "pass", "同意推荐");
    ASSERT_EQ(p.status, 200) << i << ": " << p.describe();
    EXPECT_EQ(p.json.value("state", ""), "passed");
    EXPECT_EQ(p.json.value("level", ""), "city");
  }
  const auto& sixteenth = all[15];
  auto full = act(city, sixteenth.id, "pass", "同意推荐");
  EXPECT_EQ(full.status, 409) << full.describe();
  EXPECT_EQ(full.code(), "ACTION_NOT_ALLOWED");
  EXPECT_TRUE(contains(message_of(full), "本级推荐名额已满（西安市 15/15）")) << full.describe();
  EXPECT_TRUE(contains(refusal_reasons(full), "本级推荐名额已满（西安市 15/15）"))
      << full.describe();
  EXPECT_TRUE(is_at(city, sixteenth.id, "submitted", "city"));
  auto offered = actions_of(city, sixteenth.id);
  ASSERT_EQ(offered.status, 200) << offered.describe();
  EXPECT_EQ(offered.json["unit"].value("code", ""), kXian);
  EXPECT_EQ(offered.json["unit"].value("name", ""), "西安市");
  auto pass_offer = offer(offered, "pass");
  ASSERT_TRUE(pass_offer.is_object()) << offered.body;
  EXPECT_TRUE(refused(pass_offer)) << pass_offer.dump();
  EXPECT_TRUE(contains(reasons_text(pass_offer), "本级推荐名额已满（西安市 15/15）"))
      << pass_offer.dump();

  // The list: 15 of 15, the six departments to sign.
  auto list = city.get(batch_path(kShaanxi));
  ASSERT_EQ(list.status, 200) << list.describe();
  ASSERT_TRUE(list.json["quota"].is_object()) << list.body;
  EXPECT_EQ(list.json["quota"].value("limit", 0), 15);
  EXPECT_EQ(list.json["quota"].value("used", 0), 15);
  EXPECT_EQ(entry_ids(list.json).size(), 15U);
  EXPECT_TRUE(list.json.value("ranked", false)) << list.body;
  std::set<std::string> required;
  for (const auto& r : list.json["joint"]["required"]) required.insert(r.get<std::string>());
  for (const auto& [slug, authority] : departments)
    EXPECT_TRUE(required.contains(authority)) << authority << " must sign: " << list.body;
  EXPECT_TRUE(signed_by(list.json).empty());

  std::vector<std::string> order;
  for (std::size_t i = 15; i-- > 0;) order.push_back(all[i].id);
  auto ranked = city.put(batch_path(kShaanxi, "/ranking"), {{"order", order}});
  ASSERT_EQ(ranked.status, 200) << ranked.describe();
  EXPECT_EQ(ids_by_rank(ranked.json), order);
  auto letter = upload_letter(city, kShaanxi, "西安市联合推荐函.pdf", "西安市联合推荐函");
  ASSERT_EQ(letter.status / 100, 2) << letter.describe();

  // Without the signatures the list cannot be filed; the refusal names every missing department.
  auto unsigned_file = city.post(batch_path(kShaanxi, "/file"), json::object());
  EXPECT_EQ(unsigned_file.status, 409) << unsigned_file.describe();
  EXPECT_EQ(unsigned_file.code(), "ACTION_NOT_ALLOWED");
  for (const auto& [slug, authority] : departments)
    EXPECT_TRUE(contains(message_of(unsigned_file), authority))
        << authority << " missing: " << unsigned_file.describe();

  // Three departments sign; a new ranking then clears their signatures (they signed another order).
  std::vector<ApiClient> co_clients;
  for (const auto& s : co) co_clients.push_back(sign_in(s, kSnDuring));
  for (std::size_t i = 0; i < 3; ++i) {
    auto sign = co_clients[i].post(batch_path(kShaanxi, "/sign"), json::object());
    ASSERT_EQ(sign.status / 100, 2) << departments[i].second << ": " << sign.describe();
  }
  auto three = city.get(batch_path(kShaanxi));
  EXPECT_EQ(
      signed_by(three.json),
      (std::set<std::string>{departments[0].second, departments[1].second, departments[2].second}))
      << three.body;
  auto missing_two = city.post(batch_path(kShaanxi, "/file"), json::object());
  EXPECT_EQ(missing_two.status, 409) << missing_two.describe();
  EXPECT_TRUE(contains(message_of(missing_two), "市场监管")) << missing_two.describe();
  EXPECT_TRUE(contains(message_of(missing_two), "数据")) << missing_two.describe();
  std::ranges::reverse(order);
  auto reranked = city.put(batch_path(kShaanxi, "/ranking"), {{"order", order}});
  ASSERT_EQ(reranked.status, 200) << reranked.describe();
  EXPECT_TRUE(signed_by(reranked.json).empty()) << reranked.body;
  EXPECT_TRUE(signed_by(city.get(batch_path(kShaanxi)).json).empty());

  // Everyone signs the final order (the 工信 reviewer too when the list asks for 工信); it is
  // filed.
  for (auto& c : co_clients) {
    auto sign = c.post(batch_path(kShaanxi, "/sign"), json::object());
    ASSERT_EQ(sign.status / 100, 2) << sign.describe();
  }
  if (required.contains("工信")) {
    auto sign = city.post(batch_path(kShaanxi, "/sign"), json::object());
    ASSERT_EQ(sign.status / 100, 2) << sign.describe();
  }
  auto complete = city.get(batch_path(kShaanxi));
  EXPECT_EQ(signed_by(complete.json), required) << complete.body;
  auto filed = city.post(batch_path(kShaanxi, "/file"), json::object());
  ASSERT_EQ(filed.status / 100, 2) << filed.describe();
  EXPECT_EQ(ids_by_rank(filed.json), order);
  for (std::size_t i = 0; i < 15; ++i)
    EXPECT_TRUE(is_at(all[i].enterprise.client, all[i].id, "formal_review", "province"));
  EXPECT_TRUE(is_at(sixteenth.enterprise.client, sixteenth.id, "submitted", "city"));

  // Filed entries still count against the quota.
  auto still_full = act(city, sixteenth.id, "pass", "同意推荐");
  EXPECT_EQ(still_full.status, 409) << still_full.describe();
  EXPECT_TRUE(contains(message_of(still_full), "西安市 15/15")) << still_full.describe();
}

// ----- 3. Jiangxi: the quota of 鹰潭 and the benchmark enterprises outside it -----

TEST_P(ReviewChain, JiangxiBenchmarkEnterprisesPassOutsideTheQuotaOfFourWithTheirRemark) {
  const auto yingtan_staff =
      tidu::test::reviewer_account("rc.yingtan", "city", kYingtan, "工信", "鹰潭市工信局审核员");
  const auto nanchang_staff =
      tidu::test::reviewer_account("rc.nanchang", "city", kNanchang, "工信", "南昌市工信局审核员");
  create_staff({yingtan_staff, nanchang_staff});

  std::vector<Submitted> ordinary;
  for (std::uint32_t i = 0; i < 5; ++i)
    ordinary.push_back(
        submitted(kJiangxi, kYingtan, kJxDuring, fmt::format("鹰潭瑞铜{}", i), 20 + i));
  auto benchmark = submitted(
      kJiangxi, kYingtan, kJxDuring, "鹰潭标杆", 30, [](tidu::declaration::Declaration& d) {
        d.cover.benchmark_enterprise = true;
        d.cover.benchmark_year = 2024;
        d.enterprise.titles.push_back(tidu::declaration::Title{"jiangxi_benchmark", 2024, ""});
      });
  EXPECT_EQ(benchmark.snapshot.value("level", ""), "city");

  auto city = sign_in(yingtan_staff, kJxDuring);
  for (std::size_t i = 0; i < 4; ++i) {
    auto p = act(city, ordinary[i].id, "pass", "同意推荐");
    ASSERT_EQ(p.status, 200) << i << ": " << p.describe();
  }
  auto exempt = act(city, benchmark.id, "pass", "往年标杆企业，不占名额");
  ASSERT_EQ(exempt.status, 200) << exempt.describe();
  EXPECT_EQ(exempt.json.value("state", ""), "passed");
  EXPECT_EQ(exempt.json.value("level", ""), "city");

  auto fifth = act(city, ordinary[4].id, "pass", "同意推荐");
  EXPECT_EQ(fifth.status, 409) << fifth.describe();
  EXPECT_EQ(fifth.code(), "ACTION_NOT_ALLOWED");
  EXPECT_TRUE(contains(message_of(fifth), "本级推荐名额已满（鹰潭市 4/4）")) << fifth.describe();
  EXPECT_TRUE(is_at(city, ordinary[4].id, "submitted", "city"));

  auto list = city.get(batch_path(kJiangxi));
  ASSERT_EQ(list.status, 200) << list.describe();
  ASSERT_TRUE(list.json["quota"].is_object()) << list.body;
  EXPECT_EQ(list.json["quota"].value("limit", 0), 4);
  EXPECT_EQ(list.json["quota"].value("used", 0), 4) << "the benchmark enterprise uses no quota";
  EXPECT_EQ(entry_ids(list.json).size(), 5U) << list.body;
  auto b = entry_of(list.json, benchmark.id);
  ASSERT_TRUE(b.is_object()) << list.body;
  EXPECT_TRUE(b.value("exempt", false)) << b.dump();
  EXPECT_TRUE(contains(b.value("remark", ""), "江西省智能制造标杆企业")) << b.dump();
  EXPECT_EQ(b.value("remark", ""), "2024年江西省智能制造标杆企业") << b.dump();
  auto o = entry_of(list.json, ordinary[0].id);
  ASSERT_TRUE(o.is_object()) << list.body;
  EXPECT_FALSE(o.value("exempt", true)) << o.dump();
  EXPECT_EQ(o.value("remark", "?"), "") << o.dump();

  // Other cities have the default quota of 7.
  auto nc = submitted(kJiangxi, kNanchang, kJxDuring, "南昌赣航", 40);
  auto nanchang = sign_in(nanchang_staff, kJxDuring);
  EXPECT_EQ(nanchang.get(decl_path(ordinary[0].id)).status, 404) << "not 南昌's enterprise";
  auto p = act(nanchang, nc.id, "pass", "同意推荐");
  ASSERT_EQ(p.status, 200) << p.describe();
  auto nc_list = nanchang.get(batch_path(kJiangxi));
  ASSERT_EQ(nc_list.status, 200) << nc_list.describe();
  EXPECT_EQ(nc_list.json["quota"].value("limit", 0), 7) << nc_list.body;
  EXPECT_EQ(nc_list.json["quota"].value("used", 0), 1) << nc_list.body;
  EXPECT_EQ(entry_ids(nc_list.json), (std::vector<std::string>{nc.id}));
}

// ----- 4. Tianmen: the township's nomination list by 03-01, the city's by 03-15 -----

TEST_P(ReviewChain,
       TianmenTownshipFilesItsNominationListByMarchFirstAndTheCityFilesOffThePlatform) {
  auto township_staff =
      tidu::test::reviewer_account("rc.duobao", "township", kDuobao, "乡镇", "多宝镇审核员");
  auto city_staff = tidu::test::reviewer_account("rc.tianmen", "city", kTianmenCity, "经信",
                                                 "天门市经信局审核员");
  create_staff({township_staff, city_staff});

  auto a = submitted(kTianmenRound, kDuobao, kTmMarch1, "天门楚江", 50);
  auto b = submitted(kTianmenRound, kDuobao, kTmMarch1, "天门金禾", 51);
  EXPECT_EQ(a.snapshot.value("level", ""), "township");
  auto township = sign_in(township_staff, kTmMarch1);

  auto pa = act(township, a.id, "pass", "同意推荐");
  ASSERT_EQ(pa.status, 200) << pa.describe();
  EXPECT_EQ(pa.json.value("state", ""), "passed");
  EXPECT_EQ(pa.json.value("level", ""), "township");
  auto list = township.get(batch_path(kTianmenRound));
  ASSERT_EQ(list.status, 200) << list.describe();
  EXPECT_EQ(list.json.value("level", ""), "township");
  EXPECT_EQ(list.json["unit"].value("code", ""), kDuobao);
  EXPECT_EQ(list.json["unit"].value("name", ""), "多宝镇");
  EXPECT_EQ(list.json.value("deadline", ""), kTmTownshipDeadline);
  EXPECT_TRUE(list.json["quota"].is_null()) << "Tianmen sets no quota: " << list.body;
  EXPECT_EQ(entry_ids(list.json), (std::vector<std::string>{a.id}));
  // A letter does no harm where the level writes none (the township has no opinion_letter duty).
  ASSERT_EQ(
      upload_letter(township, kTianmenRound, "多宝镇推荐名单.pdf", "多宝镇推荐名单").status / 100,
      2);
  auto filed = township.post(batch_path(kTianmenRound, "/file"), json::object());
  ASSERT_EQ(filed.status / 100, 2) << filed.describe();
  EXPECT_TRUE(is_at(a.enterprise.client, a.id, "recommended", "city"));

  // The next list, filed on 03-02, is refused naming the township's deadline.
  auto pb = act(township, b.id, "pass", "同意推荐");
  ASSERT_EQ(pb.status, 200) << pb.describe();
  auto second_letter =
      upload_letter(township, kTianmenRound, "多宝镇补充名单.pdf", "多宝镇补充名单");
  ASSERT_EQ(second_letter.status / 100, 2) << second_letter.describe();
  auto township_late = sign_in(township_staff, kTmMarch2);
  auto late = township_late.post(batch_path(kTianmenRound, "/file"), json::object());
  EXPECT_EQ(late.status, 409) << late.describe();
  EXPECT_EQ(late.code(), "ACTION_NOT_ALLOWED");
  EXPECT_TRUE(contains(message_of(late), kTmTownshipDeadline)) << late.describe();
  EXPECT_TRUE(is_at(township_late, b.id, "passed", "township"));

  // The city receives the township's list, passes and files it by 03-15: it leaves the platform.
  auto city = sign_in(city_staff, kTmMarch14);
  auto received = city.get("/api/v1/rounds/" + std::string(kTianmenRound) + "/batches");
  ASSERT_EQ(received.status, 200) << received.describe();
  auto from_duobao = list_of_unit(filed_lists(received), kDuobao);
  ASSERT_TRUE(from_duobao.is_object()) << received.body;
  EXPECT_EQ(entry_ids(from_duobao), (std::vector<std::string>{a.id}));
  EXPECT_EQ(city.get(decl_path(b.id)).status, 200) << "an enterprise of the city's region";
  auto not_yet = act(city, b.id, "pass", "同意推荐");
  EXPECT_EQ(not_yet.status, 409) << "b is still in the township's list: " << not_yet.describe();
  auto pc = act(city, a.id, "pass", "经审核，同意推荐");
  ASSERT_EQ(pc.status, 200) << pc.describe();
  EXPECT_EQ(pc.json.value("state", ""), "passed");
  EXPECT_EQ(pc.json.value("level", ""), "city");
  ASSERT_EQ(
      upload_letter(city, kTianmenRound, "天门市推荐汇总表.pdf", "天门市推荐汇总表").status / 100,
      2);
  auto city_filed = city.post(batch_path(kTianmenRound, "/file"), json::object());
  ASSERT_EQ(city_filed.status / 100, 2) << city_filed.describe();
  EXPECT_TRUE(is_at(a.enterprise.client, a.id, "filed", "city"));
  auto timeline = a.enterprise.client.get(decl_path(a.id) + "/timeline");
  ASSERT_EQ(timeline.status, 200);
  std::vector<std::string> states;
  for (const auto& ev : timeline.json["events"]) states.push_back(ev.value("to_state", ""));
  EXPECT_EQ(std::ranges::count(states, "passed"), 2) << timeline.body;
  EXPECT_EQ(states.back(), "filed") << timeline.body;
}

// ----- 5. Return and resubmit to the level that returned it -----

TEST_P(ReviewChain, AReturnedDeclarationIsResubmittedToTheLevelThatReturnedIt) {
  auto county_staff =
      tidu::test::reviewer_account("rc.fuqing", "county", kFuqing, "工信", "福清市工信局审核员");
  const auto city_staff =
      tidu::test::reviewer_account("rc.fuzhou", "city", kFuzhou, "工信", "福州市工信局审核员");
  create_staff({county_staff, city_staff});
  auto d = submitted(kFujian, kFuqing, kFjDuring, "福清恒荣", 60);
  auto county = sign_in(county_staff, kFjDuring);
  auto city = sign_in(city_staff, kFjDuring);
  record_blacklist(county, d.id);
  ASSERT_EQ(act(county, d.id, "pass", "同意推荐").status, 200);
  ASSERT_EQ(upload_letter(county, kFujian, "初审意见.pdf", "福清市初审意见 return").status / 100,
            2);
  ASSERT_EQ(county.post(batch_path(kFujian, "/file"), json::object()).status / 100, 2);
  ASSERT_TRUE(is_at(city, d.id, "recommended", "city"));

  // A return needs an opinion.
  auto bare = act(city, d.id, "return", "");
  EXPECT_EQ(bare.status / 100, 4) << bare.describe();
  EXPECT_TRUE(is_at(city, d.id, "recommended", "city"));
  const std::string opinion = "关键绩效指标缺少改造前数据的佐证材料，请补充后重新提交";
  auto returned = act(city, d.id, "return", opinion);
  ASSERT_EQ(returned.status, 200) << returned.describe();
  EXPECT_EQ(returned.json.value("state", ""), "returned");
  EXPECT_EQ(returned.json.value("level", ""), "city");
  EXPECT_TRUE(is_at(d.enterprise.client, d.id, "returned", "city"));

  // The enterprise edits and resubmits: back to the city, not to the county.
  auto& e = d.enterprise;
  auto current = e.client.get(decl_path(d.id));
  ASSERT_EQ(current.status, 200);
  auto narrative = d.document["narrative"];
  narrative["background"] = "按市工信局意见补充了改造前关键绩效指标的统计报表和第三方检测报告。";
  auto edited = e.client.put(decl_path(d.id) + "/sections/narrative",
                             {{"version", current.json["version"]}, {"content", narrative}});
  ASSERT_EQ(edited.status, 200) << edited.describe();
  auto again = e.client.post(decl_path(d.id) + "/submit", json::object());
  ASSERT_EQ(again.status, 200) << again.describe();
  EXPECT_EQ(again.json.value("number", 0), 2);
  EXPECT_EQ(again.json.value("level", ""), "city");
  EXPECT_TRUE(is_at(e.client, d.id, "submitted", "city"));
  EXPECT_TRUE(is_at(city, d.id, "submitted", "city"));
  auto city_offer = actions_of(city, d.id);
  ASSERT_EQ(city_offer.status, 200) << city_offer.describe();
  EXPECT_TRUE(allowed(offer(city_offer, "pass"))) << city_offer.body;
  auto county_offer = actions_of(county, d.id);
  if (county_offer.status == 200) {
    EXPECT_TRUE(refused(offer(county_offer, "pass")))
        << "the county no longer decides: " << county_offer.body;
  }

  auto versions = e.client.get(decl_path(d.id) + "/versions");
  ASSERT_EQ(versions.status, 200) << versions.describe();
  ASSERT_EQ(versions.json["versions"].size(), 2U) << versions.body;
  EXPECT_EQ(versions.json["versions"][0].value("number", 0), 2);
  EXPECT_EQ(versions.json["versions"][1].value("number", 0), 1);
  EXPECT_NE(versions.json["versions"][0].value("sha256", ""),
            versions.json["versions"][1].value("sha256", ""));
  EXPECT_EQ(versions.json["versions"][0].value("level", ""), "city");
  EXPECT_EQ(versions.json["versions"][1].value("level", ""), "county");

  auto timeline = city.get(decl_path(d.id) + "/timeline");
  ASSERT_EQ(timeline.status, 200) << timeline.describe();
  const auto& events = timeline.json["events"];
  auto ret = std::ranges::find_if(
      events, [](const json& ev) { return ev.value("action", "") == "return"; });
  ASSERT_NE(ret, events.end()) << timeline.body;
  EXPECT_EQ(ret->value("opinion", ""), opinion);
  EXPECT_EQ(ret->value("to_state", ""), "returned");
  EXPECT_EQ(ret->value("level", ""), "city");
  auto resubmit = std::find_if(ret, events.end(), [](const json& ev) {
    return ev.value("from_state", "") == "returned" && ev.value("to_state", "") == "submitted";
  });
  ASSERT_NE(resubmit, events.end()) << "the resubmission follows the return: " << timeline.body;
  EXPECT_TRUE(resubmit->value("action", "") == "resubmit" ||
              resubmit->value("action", "") == "submit")
      << resubmit->dump();
  EXPECT_EQ(resubmit->value("level", ""), "city");
  EXPECT_EQ(resubmit->value("snapshot", 0), 2);
}

// ----- 6. Who may act -----

TEST_P(ReviewChain, OnlyTheReviewerOfTheCurrentUnitActsAndEveryoneElseIsRefused) {
  auto county_staff =
      tidu::test::reviewer_account("rc.fuqing", "county", kFuqing, "工信", "福清市工信局审核员");
  const auto other_staff =
      tidu::test::reviewer_account("rc.minhou", "county", kMinhou, "工信", "闽侯县工信局审核员");
  const auto city_staff =
      tidu::test::reviewer_account("rc.fuzhou", "city", kFuzhou, "工信", "福州市工信局审核员");
  create_staff({county_staff, other_staff, city_staff});
  auto d = submitted(kFujian, kFuqing, kFjDuring, "福清联讯", 70);
  auto county = sign_in(county_staff, kFjDuring);
  auto other = sign_in(other_staff, kFjDuring);
  auto city = sign_in(city_staff, kFjDuring);
  const std::string path = decl_path(d.id);

  // A reviewer of another county does not learn the declaration exists.
  for (const std::string& sub :
       {std::string(), std::string("/actions"), std::string("/blacklist-checks")}) {
    auto r = other.get(path + sub);
    EXPECT_EQ(r.status, 404) << sub << ": " << r.describe();
    EXPECT_EQ(r.code(), "NOT_FOUND") << sub;
  }
  for (const auto* action : {"pass", "return", "not_recommend"}) {
    auto r = act(other, d.id, action, "越权操作");
    EXPECT_TRUE(r.status == 404 || r.status == 409) << action << ": " << r.describe();
    EXPECT_NE(r.status / 100, 2) << action;
  }
  auto foreign_check = other.post(path + "/blacklist-checks",
                                  {{"source", "gsxt"}, {"result", "clear"}, {"note", ""}});
  EXPECT_TRUE(foreign_check.status == 404 || foreign_check.status == 409)
      << foreign_check.describe();
  auto foreign_list = other.get(batch_path(kFujian));
  if (foreign_list.status == 200) {
    EXPECT_FALSE(entry_of(foreign_list.json, d.id).is_object()) << foreign_list.body;
  }

  // The city reads it but does not decide while it waits for the county.
  auto city_pass = act(city, d.id, "pass", "越级通过");
  EXPECT_EQ(city_pass.status, 409) << city_pass.describe();
  EXPECT_EQ(city_pass.code(), "ACTION_NOT_ALLOWED");
  EXPECT_TRUE(contains(message_of(city_pass), "由福清市审核")) << city_pass.describe();

  // The enterprise is offered its own actions only; a reviewer's action is refused as such.
  auto& e = d.enterprise;
  auto own = actions_of(e.client, d.id);
  ASSERT_EQ(own.status, 200) << own.describe();
  EXPECT_TRUE(allowed(offer(own, "withdraw"))) << own.body;
  EXPECT_TRUE(offer(own, "pass").is_null()) << "pass is a reviewer's action: " << own.body;
  auto self_pass = act(e.client, d.id, "pass", "自己通过");
  EXPECT_EQ(self_pass.status, 409) << self_pass.describe();
  EXPECT_EQ(self_pass.code(), "ACTION_NOT_ALLOWED");
  auto self_check = e.client.post(path + "/blacklist-checks",
                                  {{"source", "gsxt"}, {"result", "clear"}, {"note", ""}});
  EXPECT_TRUE(self_check.status == 403 || self_check.status == 409) << self_check.describe();
  auto self_file = e.client.post(batch_path(kFujian, "/file"), json::object());
  EXPECT_EQ(self_file.status, 403) << self_file.describe();
  EXPECT_EQ(e.client.get(batch_path(kFujian)).status, 403);
  auto self_decide =
      e.client.post("/api/v1/reviews/decisions",
                    {{"action", "pass"}, {"declarations", {d.id}}, {"opinion", "自己通过"}});
  if (self_decide.status == 200) {
    ASSERT_EQ(self_decide.json["results"].size(), 1U);
    EXPECT_FALSE(self_decide.json["results"][0].value("ok", true)) << self_decide.body;
  } else {
    EXPECT_EQ(self_decide.status, 403) << self_decide.describe();
  }

  // An unknown action does not exist.
  auto unknown = act(county, d.id, "approve", "");
  EXPECT_EQ(unknown.status, 404) << unknown.describe();

  // Anonymous callers sign in first; requests without the CSRF token are refused.
  const ApiClient anonymous(port_at(kFjDuring));
  for (const auto& [method, target] : std::vector<std::pair<std::string, std::string>>{
           {"GET", path + "/actions"},
           {"POST", path + "/actions/pass"},
           {"POST", "/api/v1/reviews/decisions"},
           {"GET", path + "/blacklist-checks"},
           {"POST", path + "/blacklist-checks"},
           {"GET", batch_path(kFujian)},
           {"PUT", batch_path(kFujian, "/ranking")},
           {"POST", batch_path(kFujian, "/file")},
           {"POST", batch_path(kFujian, "/sign")},
           {"GET", "/api/v1/rounds/" + std::string(kFujian) + "/batches"}}) {
    SCOPED_TRACE(method + " " + target);
    const std::string body = method == "GET" ? "" : R"({"opinion":"x"})";
    auto anon = anonymous.send(method, target, body);
    EXPECT_EQ(anon.status, 401) << anon.describe();
    EXPECT_EQ(anon.code(), "UNAUTHENTICATED");
    if (method == "GET") continue;
    auto no_csrf = county.send(method, target, body, "application/json", /*csrf=*/false);
    EXPECT_EQ(no_csrf.status, 403) << no_csrf.describe();
    EXPECT_EQ(no_csrf.code(), "CSRF_FAILED");
  }
  for (const auto& target : {"/api/v1/reviews/files?name=a.pdf",
                             "/api/v1/rounds/fj-2025-advanced/batch/letter?name=a.pdf"}) {
    EXPECT_EQ(anonymous.upload(target, tidu::test::pdf_bytes("anon")).status, 401) << target;
    EXPECT_EQ(county
                  .send("POST", target, tidu::test::pdf_bytes("no csrf"), "application/pdf",
                        /*csrf=*/false)
                  .status,
              403)
        << target;
  }
  EXPECT_TRUE(is_at(county, d.id, "submitted", "county")) << "nothing refused changed anything";
  auto checks = county.get(path + "/blacklist-checks");
  ASSERT_EQ(checks.status, 200) << checks.describe();
  EXPECT_FALSE(contains(checks.body, "gsxt")) << "no refused check was recorded: " << checks.body;
}

// ----- 7. Decisions on a selection, each on its own -----

TEST_P(ReviewChain, ADecisionOnASelectionReportsEachDeclarationOnItsOwn) {
  auto county_staff =
      tidu::test::reviewer_account("rc.fuqing", "county", kFuqing, "工信", "福清市工信局审核员");
  create_staff({county_staff});
  auto x = submitted(kFujian, kFuqing, kFjDuring, "福清星海", 80);
  auto y = submitted(kFujian, kFuqing, kFjDuring, "福清德嘉", 81);
  auto county = sign_in(county_staff, kFjDuring);
  record_blacklist(county, x.id);
  record_blacklist(county, y.id, "listed", "clear");  // y is on the 失信 list

  auto decided = county.post(
      "/api/v1/reviews/decisions",
      {{"action", "pass"}, {"declarations", {x.id, y.id}}, {"opinion", "经初审，同意推荐"}});
  ASSERT_EQ(decided.status, 200) << decided.describe();
  ASSERT_TRUE(decided.json["results"].is_array()) << decided.body;
  ASSERT_EQ(decided.json["results"].size(), 2U) << decided.body;
  std::map<std::string, json> by_id;
  for (const auto& r : decided.json["results"]) by_id[r.value("id", "")] = r;
  ASSERT_TRUE(by_id.contains(x.id) && by_id.contains(y.id)) << decided.body;
  EXPECT_TRUE(by_id[x.id].value("ok", false)) << by_id[x.id].dump();
  EXPECT_EQ(by_id[x.id].value("state", ""), "passed");
  EXPECT_EQ(by_id[x.id].value("level", ""), "county");
  EXPECT_FALSE(by_id[y.id].value("ok", true)) << by_id[y.id].dump();
  EXPECT_EQ(by_id[y.id].value("code", ""), "ACTION_NOT_ALLOWED");
  EXPECT_TRUE(contains(by_id[y.id].value("message", ""), "失信黑名单")) << by_id[y.id].dump();
  EXPECT_TRUE(is_at(county, x.id, "passed", "county"));
  EXPECT_TRUE(is_at(county, y.id, "submitted", "county"));

  // The same decision again: x has already passed, y is still refused; nothing else changes.
  auto again = county.post(
      "/api/v1/reviews/decisions",
      {{"action", "pass"}, {"declarations", {x.id, y.id}}, {"opinion", "经初审，同意推荐"}});
  ASSERT_EQ(again.status, 200) << again.describe();
  for (const auto& r : again.json["results"]) {
    EXPECT_FALSE(r.value("ok", true)) << r.dump();
    EXPECT_EQ(r.value("code", ""), "ACTION_NOT_ALLOWED") << r.dump();
  }
  // An opinion is required for a selection's return as for one declaration.
  auto bare = county.post("/api/v1/reviews/decisions",
                          {{"action", "return"}, {"declarations", {y.id}}, {"opinion", ""}});
  if (bare.status == 200) {
    EXPECT_FALSE(bare.json["results"][0].value("ok", true)) << bare.body;
  } else {
    EXPECT_EQ(bare.status / 100, 4) << bare.describe();
  }
  EXPECT_TRUE(is_at(county, y.id, "submitted", "county"));
  auto list = county.get(batch_path(kFujian));
  ASSERT_EQ(list.status, 200) << list.describe();
  EXPECT_EQ(entry_ids(list.json), (std::vector<std::string>{x.id}));
}

TEST_P(ReviewChain, ADeclarationUnderReviewIsCheckedAsOfItsSubmission) {
  // Submitted while the window was open: after it closes, its findings stay those of that day.
  auto a = submitted(kFujian, kFuqing, kFjDuring, "福清按提交时检查", 64);
  ApiClient late_owner(port_at(kFjLate));
  ASSERT_EQ(late_owner.login(a.enterprise.username, a.enterprise.password).status, 200);
  const auto under_review = late_owner.post(decl_path(a.id) + "/validate", json::object());
  ASSERT_EQ(under_review.status, 200) << under_review.describe();
  EXPECT_FALSE(contains(under_review.body, "ROUND_CLOSED")) << under_review.body;
  // A draft is checked as of now: the closed window is its first problem.
  auto e = tidu::test::register_enterprise_in(port_at(kFjDuring), kFuqing, "福清逾期草稿");
  auto draft = tidu::test::fill_round_declaration(e, kFujian, 65);
  ApiClient late_drafter(port_at(kFjLate));
  ASSERT_EQ(late_drafter.login(e.username, e.password).status, 200);
  const auto late = late_drafter.post(decl_path(draft.id) + "/validate", json::object());
  ASSERT_EQ(late.status, 200) << late.describe();
  EXPECT_TRUE(contains(late.body, "ROUND_CLOSED")) << late.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, ReviewChain, tidu::test::all_backends(),
                         tidu::test::backend_name);

}  // namespace

// ----- deadline reminders -----

namespace {

/// The reminder messages of GET /reminders joined, for substring checks.
std::string reminder_text(const ApiClient& c) {
  auto r = c.get("/api/v1/reminders");
  if (r.status != 200) return "HTTP " + std::to_string(r.status) + " " + r.body;
  std::string out;
  for (const auto& item : r.json["items"]) out += item.value("message", "") + "\n";
  return out;
}

}  // namespace

TEST_P(ReviewChain, RemindersNameTheNearDeadlineAndWhatStillWaits) {
  constexpr const char* kFjFiveDaysLeft = "2025-04-05T10:00:00+08:00";
  auto county_staff =
      tidu::test::reviewer_account("rm.fuqing", "county", kFuqing, "工信", "福清市工信局审核员");
  const auto city_staff =
      tidu::test::reviewer_account("rm.fuzhou", "city", kFuzhou, "工信", "福州市工信局审核员");
  create_staff({county_staff, city_staff});

  // Nine days before the close nobody is reminded yet.
  auto a = submitted(kFujian, kFuqing, kFjDuring, "福清提醒", 4);
  auto drafting = tidu::test::register_enterprise_in(port_at(kFjDuring), kFuqing, "福清草稿");
  auto draft = tidu::test::fill_round_declaration(drafting, kFujian, 5);
  EXPECT_EQ(reminder_text(drafting.client), "");

  // Five days before: the unsubmitted draft is reminded of the close.
  ApiClient late_draft(port_at(kFjFiveDaysLeft));
  ASSERT_EQ(late_draft.login(drafting.username, drafting.password).status, 200);
  const auto own = reminder_text(late_draft);
  EXPECT_TRUE(contains(own, "申报截止 2025-04-10T23:59:59+08:00（还剩 6 天）")) << own;
  EXPECT_TRUE(contains(own, "尚未提交")) << own;

  // The county passes and files; the city is reminded of what waits before its deadline.
  auto county = sign_in(county_staff, kFjFiveDaysLeft);
  record_blacklist(county, a.id);
  ASSERT_EQ(act(county, a.id, "pass", "同意推荐").status, 200);
  ASSERT_EQ(upload_letter(county, kFujian, "初审意见.pdf", "提醒测试").status / 100, 2);
  ASSERT_EQ(county.post(batch_path(kFujian, "/file"), json::object()).status, 200);
  auto city = sign_in(city_staff, kFjFiveDaysLeft);
  const auto city_text = reminder_text(city);
  EXPECT_TRUE(contains(city_text, "报送截止 2025-04-10T23:59:59+08:00（还剩 6 天）")) << city_text;
  EXPECT_TRUE(contains(city_text, "本单位待审核 1 份，待报送 0 份")) << city_text;
  // The county has no deadline of its own in this round: nothing to remind.
  EXPECT_EQ(reminder_text(county), "");
  (void)draft;
}
