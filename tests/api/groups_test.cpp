// Enterprise groups on a direct route over real HTTP (seed 000: 有关省属企业 组织本集团内企业申报，
// 出具初审意见并按优先顺序填报推荐汇总表): the province registers a group and its members, the
// administrator gives the group a reviewer, members' declarations go to the group instead of their
// county and city, the group recommends them in its own ranked list, and the province receives
// that list beside the cities'. On SQLite and PostgreSQL.
#include "support/review_chain.hpp"

namespace {

using nlohmann::json;
using tidu::test::ApiClient;

constexpr const char* kXiamen = "350200";  // 厦门市 (no counties in the region data)
constexpr const char* kGroupName = "福建省电子信息（集团）有限责任公司";

class Groups : public ReviewChain {};

TEST_P(Groups, AProvincialGroupRecommendsItsMembersInPlaceOfTheirCountyAndCity) {
  const auto province_staff = tidu::test::reviewer_account("gr.fujian", "province", kFujianProvince,
                                                           "工信", "福建省工信厅审核员");
  const auto county_staff =
      tidu::test::reviewer_account("gr.fuqing", "county", kFuqing, "工信", "福清市工信局审核员");
  const auto city_staff =
      tidu::test::reviewer_account("gr.fuzhou", "city", kFuzhou, "工信", "福州市工信局审核员");
  StaffAccount admin{.username = "gr.admin",
                     .password = "Review-Chain-2025!",
                     .role = "admin",
                     .level = "",
                     .region = kFujianProvince,
                     .authority = "",
                     .display_name = "平台管理员"};
  create_staff({province_staff, county_staff, city_staff, admin});

  // Two members (福清 and 厦门) and one enterprise of 福清 outside the group.
  auto m1 = tidu::test::register_enterprise_in(port_at(kFjDuring), kFuqing, "福清电子");
  auto m2 = tidu::test::register_enterprise_in(port_at(kFjDuring), kXiamen, "厦门电子");
  auto province = sign_in(province_staff, kFjDuring);
  auto county = sign_in(county_staff, kFjDuring);
  EXPECT_EQ(
      county
          .post("/api/v1/groups",
                {{"route", "provincial_soe"}, {"name", kGroupName}, {"region", kFujianProvince}})
          .status,
      403)
      << "a county does not register provincial groups";
  auto unknown_route = province.post(
      "/api/v1/groups", {{"route", "nowhere"}, {"name", kGroupName}, {"region", kFujianProvince}});
  EXPECT_EQ(unknown_route.status, 422) << unknown_route.describe();
  auto created = province.post(
      "/api/v1/groups",
      {{"route", "provincial_soe"}, {"name", kGroupName}, {"region", kFujianProvince}});
  ASSERT_EQ(created.status, 201) << created.describe();
  const std::string group_id = created.json.value("id", "");
  const std::string unit = created.json.value("unit", "");
  EXPECT_EQ(unit, "group:" + group_id);

  auto bad_members = province.put("/api/v1/groups/" + group_id + "/members",
                                  {{"credit_codes", {m1.credit_code, "91350000MA00000000"}}});
  EXPECT_EQ(bad_members.status, 422) << bad_members.describe();
  EXPECT_EQ(bad_members.code(), "GROUP_MEMBERS_INVALID");
  EXPECT_TRUE(province.get("/api/v1/groups/" + group_id).json["members"].empty())
      << "nothing stored when one code is wrong";
  auto members = province.put("/api/v1/groups/" + group_id + "/members",
                              {{"credit_codes", {m1.credit_code, m2.credit_code}}});
  ASSERT_EQ(members.status, 200) << members.describe();
  EXPECT_EQ(members.json["members"].size(), 2U);
  auto seen = province.get("/api/v1/groups");
  ASSERT_EQ(seen.status, 200) << seen.describe();
  EXPECT_NE(seen.body.find(kGroupName), std::string::npos);
  EXPECT_EQ(seen.json["items"][0]["members"].size(), 2U);

  // The administrator gives the group its reviewer, who stands in for the city.
  auto admin_client = sign_in(admin, kFjDuring);
  auto account = admin_client.post("/api/v1/groups/" + group_id + "/accounts",
                                   {{"username", "gr.group"},
                                    {"password", "Group-Review-2025!"},
                                    {"display_name", "集团审核员"}});
  ASSERT_EQ(account.status, 201) << account.describe();
  EXPECT_EQ(account.json.value("region", ""), unit);
  EXPECT_EQ(account.json.value("level", ""), "city");
  ApiClient group(port_at(kFjDuring));
  ASSERT_EQ(group.login("gr.group", "Group-Review-2025!").status, 200);

  // Members' declarations go to the group; the outsider's to its county as usual.
  auto d1 = tidu::test::fill_round_declaration(m1, kFujian, 31);
  auto d2 = tidu::test::fill_round_declaration(m2, kFujian, 32);
  tidu::test::submit_declaration(m1, d1.id);
  tidu::test::submit_declaration(m2, d2.id);
  auto outsider = submitted(kFujian, kFuqing, kFjDuring, "福清本地", 33);
  EXPECT_TRUE(is_at(group, d1.id, "submitted", "city"));
  EXPECT_TRUE(is_at(group, d2.id, "submitted", "city"));
  EXPECT_TRUE(is_at(county, outsider.id, "submitted", "county"));
  auto offered = actions_of(group, d1.id);
  ASSERT_EQ(offered.status, 200) << offered.describe();
  EXPECT_EQ(offered.json["unit"].value("code", ""), unit);
  EXPECT_EQ(offered.json["unit"].value("name", ""), kGroupName);
  EXPECT_TRUE(allowed(offer(offered, "pass"))) << offered.body;

  // The regional levels it skipped neither read nor act; the group sees only its members.
  EXPECT_EQ(county.get(decl_path(d1.id)).status, 404);
  auto city = sign_in(city_staff, kFjDuring);
  EXPECT_EQ(city.get(decl_path(d1.id)).status, 404);
  EXPECT_EQ(act(city, d1.id, "pass", "越级").status, 404);
  EXPECT_EQ(group.get(decl_path(outsider.id)).status, 404);
  auto queue = group.get("/api/v1/declarations?round=" + std::string(kFujian));
  ASSERT_EQ(queue.status, 200) << queue.describe();
  EXPECT_EQ(queue.json.value("total", 0), 2) << queue.body;

  // The group reviews, ranks (d2 first), writes its letter and files to the province.
  for (const auto& id : {d1.id, d2.id}) {
    auto p = act(group, id, "pass", "集团初审通过");
    ASSERT_EQ(p.status, 200) << p.describe();
    EXPECT_EQ(p.json.value("state", ""), "passed");
  }
  auto list = group.get(batch_path(kFujian));
  ASSERT_EQ(list.status, 200) << list.describe();
  EXPECT_EQ(list.json["unit"].value("name", ""), kGroupName);
  ASSERT_EQ(group.put(batch_path(kFujian, "/ranking"), {{"order", {d2.id, d1.id}}}).status, 200);
  ASSERT_EQ(upload_letter(group, kFujian, "集团推荐意见.pdf", "集团推荐意见").status / 100, 2);
  auto filed = group.post(batch_path(kFujian, "/file"), json::object());
  ASSERT_EQ(filed.status / 100, 2) << filed.describe();
  EXPECT_TRUE(is_at(province, d1.id, "formal_review", "province"));
  auto received = province.get("/api/v1/rounds/" + std::string(kFujian) + "/batches");
  ASSERT_EQ(received.status, 200) << received.describe();
  const auto from_group = list_of_unit(filed_lists(received), unit);
  ASSERT_TRUE(from_group.is_object()) << received.body;
  EXPECT_EQ(from_group["unit"].value("name", ""), kGroupName);
  EXPECT_EQ(entry_ids(from_group), (std::vector<std::string>{d2.id, d1.id}));

  // A return by the province comes back to the province; the group's history stays.
  auto returned = act(province, d1.id, "return", "请补充集团推荐意见中的投资数据");
  ASSERT_EQ(returned.status, 200) << returned.describe();
  EXPECT_TRUE(is_at(m1.client, d1.id, "returned", "province"));
  auto again = m1.client.post(decl_path(d1.id) + "/submit", json::object());
  ASSERT_EQ(again.status, 200) << again.describe();
  EXPECT_TRUE(is_at(province, d1.id, "submitted", "province"));
  EXPECT_EQ(county.get(decl_path(d1.id)).status, 404) << "still not the county's";
}

INSTANTIATE_TEST_SUITE_P(Backends, Groups, tidu::test::all_backends(), tidu::test::backend_name);

}  // namespace
