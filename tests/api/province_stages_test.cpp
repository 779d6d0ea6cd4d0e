// The province's stages of the Fujian round over real HTTP against `tidu serve`, on SQLite and
// PostgreSQL: formal review, expert review (pool, automatic conflict-free assignment, a refused
// hand-made panel, an expert's own conflict and replacement, score sheets, results), shortlist,
// on-site checks, the public notice over working days with a real-name objection, publication,
// and the registry entry that results; and a basic-tier self-evaluation confirmed by the county
// that satisfies the round's prerequisite in the checker.
#include <algorithm>
#include <cmath>

#include "files/base64.hpp"
#include "support/review_chain.hpp"

namespace {

using nlohmann::json;
using tidu::test::ApiClient;

// After the city filed on 04-10: the province's formal and expert review, the on-site checks.
constexpr const char* kFjProvince = "2025-05-20T10:00:00+08:00";
// The notice starts on Tuesday 2025-06-03 (端午节 holiday 05-31…06-02 just over) and runs five
// working days: 06-03, 06-04, 06-05, 06-06 and Monday 06-09.
constexpr const char* kFjNoticeStart = "2025-06-03T09:00:00+08:00";
constexpr const char* kFjNoticeMiddle = "2025-06-05T10:00:00+08:00";
constexpr const char* kFjNoticeOver = "2025-06-10T10:00:00+08:00";
constexpr const char* kIntegrator = "榕城智能系统集成有限公司";

class ProvinceStages : public ReviewChain {
 protected:
  /// An expert account of the pool with its employer.
  tidu::service::NewAccount expert(const std::string& username, const std::string& region,
                                   const std::string& employer) {
    return {.username = username,
            .password = "Expert-Secret-2025!",
            .role = "expert",
            .level = "",
            .region = region,
            .authority = "",
            .display_name = username + "专家",
            .extra = {{"employer", employer},
                      {"specialities", {"C34", "智能制造"}},
                      {"contact", "0591-00000000"}}};
  }

  ApiClient expert_client(const std::string& username, const std::string& clock) {
    ApiClient c(port_at(clock));
    auto r = c.login(username, "Expert-Secret-2025!");
    if (r.status != 200) throw std::runtime_error("login " + username + ": " + r.describe());
    return c;
  }

  /// Takes the declarations through the county (blacklist check, pass, letter, filing) and the
  /// city (pass, ranking, letter, filing on the last day) to the province's formal review.
  void to_province(const StaffAccount& county_staff, const StaffAccount& city_staff,
                   const std::vector<std::string>& ids) {
    auto county = sign_in(county_staff, kFjDuring);
    for (const auto& id : ids) {
      record_blacklist(county, id);
      auto p = act(county, id, "pass", "初审通过");
      ASSERT_EQ(p.status, 200) << p.describe();
    }
    ASSERT_EQ(upload_letter(county, kFujian, "初审意见.pdf", "县初审意见").status / 100, 2);
    auto filed = county.post(batch_path(kFujian, "/file"), json::object());
    ASSERT_EQ(filed.status / 100, 2) << filed.describe();
    auto city = sign_in(city_staff, kFjLastDay);
    for (const auto& id : ids) {
      auto p = act(city, id, "pass", "同意推荐");
      ASSERT_EQ(p.status, 200) << p.describe();
    }
    auto ranked = city.put(batch_path(kFujian, "/ranking"), {{"order", ids}});
    ASSERT_EQ(ranked.status, 200) << ranked.describe();
    ASSERT_EQ(upload_letter(city, kFujian, "推荐意见.pdf", "市推荐意见").status / 100, 2);
    auto city_filed = city.post(batch_path(kFujian, "/file"), json::object());
    ASSERT_EQ(city_filed.status / 100, 2) << city_filed.describe();
  }
};

/// The expert ids of a declaration's panel in GET /rounds/{round}/panels.
std::set<std::string> panel_of(const json& panels, const std::string& id) {
  std::set<std::string> out;
  for (const auto& p : panels.value("items", json::array())) {
    if (p.value("declaration_id", "") != id) continue;
    for (const auto& m : p["members"]) out.insert(m.value("expert_id", ""));
  }
  return out;
}

/// A full score sheet giving each criterion `share` of its maximum (rounded down to 0.5).
json sheet_at(const json& criteria, double share) {
  json scores = json::object();
  for (const auto& c : criteria) {
    const double max = c.value("max", 0.0);
    scores[c.value("id", "")] = std::floor(max * share * 2) / 2;
  }
  return {{"scores", scores}, {"comment", "材料翔实，场景覆盖符合要求"}};
}

/// Findings for every item of the round's on-site checklist (all conforming unless `gap`).
json findings_for(const std::vector<std::string>& items, const std::string& gap = "") {
  json out = json::array();
  for (const auto& item : items) {
    out.push_back({{"item", item},
                   {"conforms", item != gap},
                   {"note", item == gap ? "现场未见该场景运行" : "与申报一致"}});
  }
  return out;
}

TEST_P(ProvinceStages,
       FujianProvinceRunsExpertReviewOnsiteCheckPublicNoticeAndRecognisesIntoTheRegistry) {
  const auto county_staff =
      tidu::test::reviewer_account("ps.fuqing", "county", kFuqing, "工信", "福清市工信局审核员");
  const auto city_staff =
      tidu::test::reviewer_account("ps.fuzhou", "city", kFuzhou, "工信", "福州市工信局审核员");
  const auto province_staff = tidu::test::reviewer_account("ps.fujian", "province", kFujianProvince,
                                                           "工信", "福建省工信厅审核员");
  create_staff({county_staff, city_staff, province_staff});

  auto a =
      submitted(kFujian, kFuqing, kFjDuring, "福清榕锦", 11,
                [](tidu::declaration::Declaration& d) { d.factory.integrators = {kIntegrator}; });
  auto b = submitted(kFujian, kFuqing, kFjDuring, "福清闽信", 12);
  auto c = submitted(kFujian, kFuqing, kFjDuring, "福清海晟", 13);
  to_province(county_staff, city_staff, {a.id, b.id, c.id});
  if (HasFatalFailure()) return;

  // Formal review, then expert review.
  auto province = sign_in(province_staff, kFjProvince);
  for (const auto* d : {&a, &b, &c}) {
    EXPECT_TRUE(is_at(province, d->id, "formal_review", "province"));
    auto formal = act(province, d->id, "formal_pass");
    ASSERT_EQ(formal.status, 200) << formal.describe();
    EXPECT_EQ(formal.json.value("state", ""), "expert_review");
  }

  // The pool: one expert works for A's integrator, one for enterprise B, two share an employer.
  std::vector<tidu::service::NewAccount> pool = {expert("ps.e1", "350100", kIntegrator),
                                                 expert("ps.e2", "350200", b.enterprise.name),
                                                 expert("ps.e3", "350100", "福州大学"),
                                                 expert("ps.e4", "350200", "福州大学"),
                                                 expert("ps.e5", "350200", "厦门大学"),
                                                 expert("ps.e6", "350500", "华侨大学"),
                                                 expert("ps.e7", "350100", "福建省机械科学研究院"),
                                                 expert("ps.e8", "350100", "福建理工大学"),
                                                 expert("ps.e9", "350200", "集美大学")};
  state_->create_accounts(pool);
  auto listed = province.get("/api/v1/rounds/" + std::string(kFujian) + "/experts");
  ASSERT_EQ(listed.status, 200) << listed.describe();
  std::map<std::string, std::string> id_of;  // username → account id
  for (const auto& e : listed.json["items"]) {
    const std::string name = e.value("name", "");
    id_of[name.substr(0, name.find("专家"))] = e.value("id", "");
  }
  ASSERT_EQ(id_of.size(), 9U) << listed.body;

  // Automatic assignment: five experts each, no conflict, load balanced.
  auto assigned =
      province.post("/api/v1/rounds/" + std::string(kFujian) + "/panels/assign", json::object());
  ASSERT_EQ(assigned.status, 200) << assigned.describe();
  EXPECT_EQ(assigned.json["assigned"].size(), 3U) << assigned.body;
  EXPECT_TRUE(assigned.json["unfilled"].empty()) << assigned.body;
  auto panels = province.get("/api/v1/rounds/" + std::string(kFujian) + "/panels");
  ASSERT_EQ(panels.status, 200) << panels.describe();
  std::map<std::string, int> load;
  for (const auto* d : {&a, &b, &c}) {
    const auto members = panel_of(panels.json, d->id);
    EXPECT_EQ(members.size(), 5U) << panels.body;
    EXPECT_FALSE(members.contains(id_of["ps.e3"]) && members.contains(id_of["ps.e4"]))
        << "two experts of 福州大学 on one panel";
    for (const auto& m : members) ++load[m];
  }
  EXPECT_FALSE(panel_of(panels.json, a.id).contains(id_of["ps.e1"])) << "A's integrator";
  EXPECT_FALSE(panel_of(panels.json, b.id).contains(id_of["ps.e2"])) << "B's own employee";
  int most = 0;
  int least = 99;
  for (const auto& [user, id] : id_of) {
    most = std::max(most, load[id]);
    least = std::min(least, load[id]);
  }
  EXPECT_LE(most - least, 1) << "15 places over 9 experts: loads 1 or 2";

  // A hand-made panel with A's integrator's expert is refused with the reason.
  std::vector<std::string> bad = {id_of["ps.e1"], id_of["ps.e5"], id_of["ps.e6"], id_of["ps.e7"],
                                  id_of["ps.e8"]};
  auto refused_panel = province.put(decl_path(a.id) + "/panel", {{"experts", bad}});
  EXPECT_EQ(refused_panel.status, 422) << refused_panel.describe();
  EXPECT_EQ(refused_panel.code(), "PANEL_INVALID");
  EXPECT_TRUE(contains(refusal_reasons(refused_panel), kIntegrator)) << refused_panel.describe();
  EXPECT_EQ(panel_of(province.get("/api/v1/rounds/" + std::string(kFujian) + "/panels").json, a.id),
            panel_of(panels.json, a.id))
      << "a refused panel changes nothing";

  // A conflict-free change by hand is taken: one member of A's panel swapped for another expert.
  const auto a_before = panel_of(panels.json, a.id);
  bool swapped = false;
  for (const auto& [user, candidate] : id_of) {
    if (swapped || a_before.contains(candidate) || user == "ps.e1") continue;
    for (const auto& leaving : a_before) {
      std::set<std::string> next = a_before;
      next.erase(leaving);
      next.insert(candidate);
      if (next.contains(id_of["ps.e3"]) && next.contains(id_of["ps.e4"])) continue;
      auto by_hand =
          province.put(decl_path(a.id) + "/panel",
                       {{"experts", std::vector<std::string>(next.begin(), next.end())}});
      ASSERT_EQ(by_hand.status, 200) << by_hand.describe();
      std::set<std::string> now;
      for (const auto& m : by_hand.json["members"]) now.insert(m.value("expert_id", ""));
      EXPECT_EQ(now, next);
      swapped = true;
      break;
    }
  }
  ASSERT_TRUE(swapped) << "some expert could replace one of A's panel";
  panels = province.get("/api/v1/rounds/" + std::string(kFujian) + "/panels");

  // Experts read exactly their declarations.
  const std::string on_a = *panel_of(panels.json, a.id).begin();
  std::string username_on_a;
  std::string username_off_a;
  for (const auto& [user, id] : id_of) {
    if (id == on_a) username_on_a = user;
    if (!panel_of(panels.json, a.id).contains(id)) username_off_a = user;
  }
  auto reader = expert_client(username_on_a, kFjProvince);
  EXPECT_EQ(reader.get(decl_path(a.id)).status, 200);
  auto tasks = reader.get("/api/v1/expert/assignments");
  ASSERT_EQ(tasks.status, 200) << tasks.describe();
  EXPECT_NE(tasks.body.find(a.id), std::string::npos);
  auto outsider = expert_client(username_off_a, kFjProvince);
  EXPECT_EQ(outsider.get(decl_path(a.id)).status, 404) << "not on A's panel";

  // An expert on C's panel declares a conflict and is replaced by a conflict-free expert.
  const auto c_before = panel_of(panels.json, c.id);
  std::string leaving;
  for (const auto& [user, id] : id_of)
    if (id == *c_before.begin()) leaving = user;
  auto leaver = expert_client(leaving, kFjProvince);
  auto declared =
      leaver.post(decl_path(c.id) + "/conflicts", {{"reason", "本人曾为该企业提供咨询服务"}});
  ASSERT_EQ(declared.status, 200) << declared.describe();
  ASSERT_TRUE(declared.json["replacement"].is_string()) << declared.body;
  const auto c_after =
      panel_of(province.get("/api/v1/rounds/" + std::string(kFujian) + "/panels").json, c.id);
  EXPECT_EQ(c_after.size(), 5U);
  EXPECT_FALSE(c_after.contains(*c_before.begin()));
  EXPECT_TRUE(c_after.contains(declared.json["replacement"].get<std::string>()));
  EXPECT_EQ(leaver.get(decl_path(c.id)).status, 404) << "off the panel, no longer readable";

  // Score sheets: a wrong one is refused; before every sheet is in, shortlisting is refused.
  auto final_panels = province.get("/api/v1/rounds/" + std::string(kFujian) + "/panels");
  const std::map<std::string, double> share = {{a.id, 0.9}, {b.id, 0.8}, {c.id, 0.6}};
  bool tried_bad_sheet = false;
  for (const auto* d : {&a, &b, &c}) {
    for (const auto& member : panel_of(final_panels.json, d->id)) {
      std::string user;
      for (const auto& [u, id] : id_of)
        if (id == member) user = u;
      auto e = expert_client(user, kFjProvince);
      auto sheet = e.get(decl_path(d->id) + "/score-sheet");
      ASSERT_EQ(sheet.status, 200) << sheet.describe();
      ASSERT_EQ(sheet.json.value("total_max", 0.0), 100.0) << sheet.body;
      if (!tried_bad_sheet) {
        tried_bad_sheet = true;
        json wrong = sheet_at(sheet.json["criteria"], 1.0);
        wrong["scores"][sheet.json["criteria"][0].value("id", "")] = 1000;
        auto bad_sheet = e.put(decl_path(d->id) + "/score-sheet", wrong);
        EXPECT_EQ(bad_sheet.status, 422) << bad_sheet.describe();
        EXPECT_EQ(bad_sheet.code(), "SCORE_SHEET_INVALID");
        auto early = actions_of(province, d->id);
        EXPECT_TRUE(refused(offer(early, "shortlist"))) << early.body;
        EXPECT_TRUE(contains(reasons_text(offer(early, "shortlist")), "尚有专家未完成评分"))
            << early.body;
      }
      auto put = e.put(decl_path(d->id) + "/score-sheet",
                       sheet_at(sheet.json["criteria"], share.at(d->id)));
      ASSERT_EQ(put.status, 200) << put.describe();
    }
  }
  auto results = province.get("/api/v1/rounds/" + std::string(kFujian) + "/expert-results");
  ASSERT_EQ(results.status, 200) << results.describe();
  ASSERT_EQ(results.json["items"].size(), 3U) << results.body;
  EXPECT_EQ(results.json["items"][0].value("declaration_id", ""), a.id);
  EXPECT_EQ(results.json["items"][0].value("rank", 0), 1);
  EXPECT_EQ(results.json["items"][2].value("declaration_id", ""), c.id);
  EXPECT_EQ(results.json.value("unscored", -1), 0);

  // Shortlist A and B, reject C.
  for (const auto* d : {&a, &b}) {
    auto s = act(province, d->id, "shortlist", "专家评审通过");
    ASSERT_EQ(s.status, 200) << s.describe();
    EXPECT_EQ(s.json.value("state", ""), "shortlisted");
  }
  ASSERT_EQ(act(province, c.id, "reject", "专家评审得分较低").status, 200);

  // On-site checks: A passes; B's check finds a gap and fails, so B cannot pass.
  std::vector<std::string> items;
  auto stages = province.get("/api/v1/rounds/" + std::string(kFujian) + "/review");
  ASSERT_EQ(stages.status, 200) << stages.describe();
  for (const auto& item : stages.json["onsite_check"]["checklist"])
    items.push_back(item.value("id", ""));
  ASSERT_FALSE(items.empty());
  for (const auto* d : {&a, &b}) ASSERT_EQ(act(province, d->id, "start_onsite").status, 200);
  auto photo =
      province.upload("/api/v1/reviews/files?name=" + tidu::test::url_encode("现场照片.pdf"),
                      tidu::test::pdf_bytes("onsite photo"));
  ASSERT_EQ(photo.status / 100, 2) << photo.describe();
  auto incomplete = province.post(decl_path(a.id) + "/onsite", {{"checked_on", "2025-05-19"},
                                                                {"inspectors", {"林工", "陈工"}},
                                                                {"findings", json::array()},
                                                                {"result", "pass"}});
  EXPECT_EQ(incomplete.status, 422) << incomplete.describe();
  EXPECT_EQ(incomplete.code(), "ONSITE_INVALID");
  auto onsite_a = province.post(
      decl_path(a.id) + "/onsite",
      {{"checked_on", "2025-05-19"},
       {"inspectors", {"林工", "陈工"}},
       {"findings", findings_for(items)},
       {"result", "pass"},
       {"note", "现场与申报一致"},
       {"files", {{{"sha256", photo.json.value("sha256", "")}, {"name", "现场照片.pdf"}}}}});
  ASSERT_EQ(onsite_a.status, 201) << onsite_a.describe();
  auto onsite_b =
      province.post(decl_path(b.id) + "/onsite", {{"checked_on", "2025-05-19"},
                                                  {"inspectors", {"林工"}},
                                                  {"findings", findings_for(items, items.front())},
                                                  {"result", "fail"},
                                                  {"note", "工厂未在生产"}});
  ASSERT_EQ(onsite_b.status, 201) << onsite_b.describe();
  ASSERT_EQ(act(province, a.id, "onsite_pass").status, 200);
  auto b_pass = act(province, b.id, "onsite_pass");
  EXPECT_EQ(b_pass.status, 409) << b_pass.describe();
  EXPECT_TRUE(contains(message_of(b_pass), "现场核查结论为不通过")) << b_pass.describe();
  ASSERT_EQ(act(province, b.id, "reject", "现场核查不通过").status, 200);
  auto records = province.get(decl_path(a.id) + "/onsite");
  ASSERT_EQ(records.status, 200);
  EXPECT_EQ(records.json["items"].size(), 1U);

  // The notice: all or none (C was rejected), then A alone for five working days.
  auto notice_day = sign_in(province_staff, kFjNoticeStart);
  const std::string notices = "/api/v1/rounds/" + std::string(kFujian) + "/notices";
  auto mixed =
      notice_day.post(notices, {{"declarations", {a.id, c.id}}, {"starts_on", "2025-06-03"}});
  EXPECT_EQ(mixed.status, 409) << mixed.describe();
  EXPECT_EQ(mixed.code(), "NOTICE_REFUSED");
  EXPECT_TRUE(is_at(notice_day, a.id, "shortlisted", "province")) << "nothing half-done";
  auto started = notice_day.post(notices, {{"declarations", {a.id}}, {"starts_on", "2025-06-03"}});
  ASSERT_EQ(started.status, 201) << started.describe();
  EXPECT_EQ(started.json.value("starts_on", ""), "2025-06-03");
  EXPECT_EQ(started.json.value("ends_on", ""), "2025-06-09") << "five working days";
  const std::string notice_id = started.json.value("id", "");
  EXPECT_TRUE(is_at(notice_day, a.id, "public_notice", "province"));

  // Anyone reads the notice; objections need a real name and a signed file.
  ApiClient anyone(port_at(kFjNoticeMiddle));
  auto listed_notices = anyone.get(notices);
  ASSERT_EQ(listed_notices.status, 200) << listed_notices.describe();
  EXPECT_EQ(listed_notices.json["items"].size(), 1U);
  auto shown = anyone.get("/api/v1/notices/" + notice_id);
  ASSERT_EQ(shown.status, 200) << shown.describe();
  EXPECT_EQ(shown.json.value("status", ""), "open");
  EXPECT_NE(shown.body.find(a.enterprise.name), std::string::npos);
  auto anonymous = anyone.post(
      "/api/v1/notices/" + notice_id + "/objections",
      {{"declaration_id", a.id}, {"objector_kind", "person"}, {"content", "该企业工厂并未投产"}});
  EXPECT_EQ(anonymous.status, 422) << anonymous.describe();
  EXPECT_EQ(anonymous.code(), "OBJECTION_NOT_REAL_NAME");
  auto objection = anyone.post(
      "/api/v1/notices/" + notice_id + "/objections",
      {{"declaration_id", a.id},
       {"objector_kind", "person"},
       {"objector_name", "王某某"},
       {"contact", "13900000000"},
       {"content", "该企业工厂部分产线并未投产"},
       {"file_name", "异议书.pdf"},
       {"file_base64", tidu::files::base64_encode(tidu::test::pdf_bytes("objection signed"))}});
  ASSERT_EQ(objection.status, 201) << objection.describe();
  const std::string objection_id = objection.json.value("id", "");
  auto province_mid = sign_in(province_staff, kFjNoticeMiddle);
  auto seen_by_province = province_mid.get(decl_path(a.id) + "/objections");
  ASSERT_EQ(seen_by_province.status, 200);
  EXPECT_NE(seen_by_province.body.find("王某某"), std::string::npos) << "the province sees who";
  auto city_mid = sign_in(city_staff, kFjNoticeMiddle);
  auto seen_by_city = city_mid.get(decl_path(a.id) + "/objections");
  ASSERT_EQ(seen_by_city.status, 200) << seen_by_city.describe();
  EXPECT_EQ(seen_by_city.body.find("王某某"), std::string::npos) << "nobody else does";
  EXPECT_EQ(seen_by_city.body.find("13900000000"), std::string::npos);
  EXPECT_TRUE(refused(offer(actions_of(province_mid, a.id), "recognise")));

  // After the period: publication waits for the objection's resolution, then recognises A.
  auto province_after = sign_in(province_staff, kFjNoticeOver);
  auto early_publish =
      province_after.post("/api/v1/notices/" + notice_id + "/publish", json::object());
  EXPECT_EQ(early_publish.status, 409) << early_publish.describe();
  EXPECT_TRUE(contains(message_of(early_publish), "异议尚未处理")) << early_publish.describe();
  auto resolved = province_after.post(
      "/api/v1/objections/" + objection_id + "/resolve",
      {{"outcome", "dismissed"}, {"resolution", "经现场核实，异议所述产线已于2025年3月投产"}});
  ASSERT_EQ(resolved.status, 200) << resolved.describe();
  auto published = province_after.post("/api/v1/notices/" + notice_id + "/publish", json::object());
  ASSERT_EQ(published.status, 200) << published.describe();
  EXPECT_EQ(published.json.value("status", ""), "published");
  EXPECT_EQ(published.json["entries"][0].value("outcome", ""), "recognised");
  EXPECT_TRUE(is_at(province_after, a.id, "recognised", "province"));

  // The registry, public: A's factory as an advanced smart factory of this round.
  ApiClient visitor(port_at(kFjNoticeOver));
  auto registry = visitor.get("/api/v1/registry?q=" + tidu::test::url_encode(a.enterprise.name));
  ASSERT_EQ(registry.status, 200) << registry.describe();
  ASSERT_EQ(registry.json["items"].size(), 1U) << registry.body;
  const auto entry = registry.json["items"][0];
  EXPECT_EQ(entry.value("tier", ""), "advanced");
  EXPECT_EQ(entry.value("round", ""), kFujian);
  EXPECT_EQ(entry.value("status", ""), "active");
  EXPECT_EQ(entry.value("recognised_on", ""), "2025-06-10");
  const std::string entry_id = entry.value("id", "");
  auto reviewed = province_after.post("/api/v1/registry/" + entry_id + "/review",
                                      {{"outcome", "confirmed"}, {"note", "年度复核维持认定"}});
  ASSERT_EQ(reviewed.status, 200) << reviewed.describe();
  EXPECT_EQ(reviewed.json.value("status", ""), "active");
  auto no_reason = province_after.post("/api/v1/registry/" + entry_id + "/revoke", json::object());
  EXPECT_EQ(no_reason.status, 422) << no_reason.describe();
  EXPECT_EQ(city_mid.post("/api/v1/registry/" + entry_id + "/revoke", {{"reason", "x"}}).status,
            403)
      << "only the recognising province revokes";
  auto revoked = province_after.post("/api/v1/registry/" + entry_id + "/revoke",
                                     {{"reason", "复核发现申报数据不实"}});
  ASSERT_EQ(revoked.status, 200) << revoked.describe();
  auto history = visitor.get("/api/v1/registry/" + entry_id);
  ASSERT_EQ(history.status, 200) << history.describe();
  EXPECT_EQ(history.json.value("status", ""), "revoked");
  EXPECT_EQ(history.json["history"].size(), 3U) << history.body;  // recognise, review, revoke
}

TEST_P(ProvinceStages, ABasicSelfEvaluationConfirmedByTheCountySatisfiesTheAdvancedPrerequisite) {
  const auto county_staff =
      tidu::test::reviewer_account("se.fuqing", "county", kFuqing, "工信", "福清市工信局审核员");
  const auto other_county =
      tidu::test::reviewer_account("se.minhou", "county", kMinhou, "工信", "闽侯县工信局审核员");
  create_staff({county_staff, other_county});
  auto e = tidu::test::register_enterprise_in(port_at(kFjDuring), kFuqing, "福清自评");
  auto filled = tidu::test::fill_round_declaration(
      e, kFujian, 21, [](tidu::declaration::Declaration& d) { d.enterprise.recognitions.clear(); });
  auto before = e.client.post(decl_path(filled.id) + "/validate", json::object());
  ASSERT_EQ(before.status, 200) << before.describe();
  EXPECT_NE(before.body.find("PREREQUISITE_MISSING"), std::string::npos) << before.body;

  // The editions a self-evaluation can use are listed, newest first; the conditions default to
  // the first.
  auto editions = e.client.get("/api/v1/self-evaluation/editions");
  ASSERT_EQ(editions.status, 200) << editions.describe();
  ASSERT_FALSE(editions.json["items"].empty()) << editions.body;
  EXPECT_EQ(editions.json["items"][0].value("edition", ""), "2024") << editions.body;
  EXPECT_FALSE(editions.json["items"][0].value("title", "").empty()) << editions.body;
  auto by_default = e.client.get("/api/v1/self-evaluation/conditions");
  ASSERT_EQ(by_default.status, 200) << by_default.describe();

  // The enterprise answers the basic-tier conditions of the 2024 要素条件.
  auto conditions = e.client.get("/api/v1/self-evaluation/conditions?edition=2024");
  ASSERT_EQ(conditions.status, 200) << conditions.describe();
  EXPECT_EQ(by_default.json, conditions.json);
  EXPECT_EQ(e.client.get("/api/v1/self-evaluation/conditions?edition=1999").status, 404);
  json answers = json::array();
  for (const auto& c : conditions.json["items"])
    answers.push_back({{"id", c.value("id", "")}, {"met", true}, {"evidence", "见自评报告第3节"}});
  json unmet = answers;
  unmet[0]["met"] = false;
  const std::string path = "/api/v1/enterprises/" + e.id + "/self-evaluations";
  auto refused_self = e.client.post(
      path, {{"factory_name", "福清自评智能工厂"}, {"edition", "2024"}, {"answers", unmet}});
  EXPECT_EQ(refused_self.status, 422) << refused_self.describe();
  auto filed = e.client.post(
      path, {{"factory_name", "福清自评智能工厂"}, {"edition", "2024"}, {"answers", answers}});
  ASSERT_EQ(filed.status, 201) << filed.describe();
  const std::string self_id = filed.json.value("id", "");

  // Another county may not confirm it; the enterprise's own county does.
  auto minhou = sign_in(other_county, kFjDuring);
  EXPECT_EQ(minhou.post("/api/v1/self-evaluations/" + self_id + "/confirm", json::object()).status,
            403);
  auto county = sign_in(county_staff, kFjDuring);
  auto waiting = county.get("/api/v1/self-evaluations?state=submitted");
  ASSERT_EQ(waiting.status, 200);
  EXPECT_NE(waiting.body.find(self_id), std::string::npos);
  auto confirmed = county.post("/api/v1/self-evaluations/" + self_id + "/confirm",
                               {{"opinion", "经复核符合基础级条件"}});
  ASSERT_EQ(confirmed.status, 200) << confirmed.describe();
  EXPECT_EQ(confirmed.json.value("state", ""), "confirmed");

  // The checker now finds the prerequisite in the platform's registry.
  auto after = e.client.post(decl_path(filled.id) + "/validate", json::object());
  ASSERT_EQ(after.status, 200) << after.describe();
  EXPECT_EQ(after.body.find("PREREQUISITE_MISSING"), std::string::npos) << after.body;
  auto own = e.client.get("/api/v1/registry?tier=basic");
  ASSERT_EQ(own.status, 200);
  EXPECT_NE(own.body.find("福清自评智能工厂"), std::string::npos) << own.body;
  ApiClient visitor(port_at(kFjDuring));
  EXPECT_EQ(visitor.get("/api/v1/registry?tier=basic").body.find("福清自评智能工厂"),
            std::string::npos)
      << "self-evaluations are not in the public registry";

  // The county re-reviews (复核) and then revokes the entry; each time the enterprise is told,
  // and the entry's history names the county's account by its display name.
  ASSERT_EQ(own.json["items"].size(), 1U) << own.body;
  const std::string entry_id = own.json["items"][0].value("id", "");
  auto kept = county.post("/api/v1/registry/" + entry_id + "/review",
                          {{"outcome", "confirmed"}, {"note", "年度复核维持"}});
  ASSERT_EQ(kept.status, 200) << kept.describe();
  auto revoked =
      county.post("/api/v1/registry/" + entry_id + "/revoke", {{"reason", "企业已停产"}});
  ASSERT_EQ(revoked.status, 200) << revoked.describe();
  const auto& history = revoked.json["history"];
  ASSERT_EQ(history.size(), 3U) << revoked.body;  // confirm, review, revoke
  for (const auto& h : history) {
    EXPECT_EQ(h.value("account_name", ""), "福清市工信局审核员") << revoked.body;
    EXPECT_FALSE(h.value("account", "").empty()) << revoked.body;
  }
  auto notes = e.client.get("/api/v1/notifications");
  ASSERT_EQ(notes.status, 200) << notes.describe();
  std::vector<std::string> messages;
  for (const auto& n : notes.json["notifications"]) messages.push_back(n.value("message", ""));
  // The server's clock is fixed, so all three have the same time: look for each.
  const auto told = [&](const std::string& text) {
    return std::ranges::any_of(messages, [&](const std::string& m) {
      return m.find("福清自评智能工厂") != std::string::npos && m.find(text) != std::string::npos;
    });
  };
  EXPECT_TRUE(told("已通过县级复核")) << notes.body;
  EXPECT_TRUE(told("经复核维持认定：年度复核维持")) << notes.body;
  EXPECT_TRUE(told("已被撤销：企业已停产")) << notes.body;
  EXPECT_EQ(minhou.get("/api/v1/notifications").body.find("福清自评智能工厂"), std::string::npos)
      << "another county hears nothing of it";
}

INSTANTIATE_TEST_SUITE_P(Backends, ProvinceStages, tidu::test::all_backends(),
                         tidu::test::backend_name);

}  // namespace
