// Imported credit blacklists over real HTTP against the real `tidu serve` binary, on SQLite and on
// PostgreSQL (docs/api.md "Blacklists"): a province-level reviewer imports a list, and the county's
// pass of a listed enterprise's declaration is refused even after both clear checks; a file with
// a bad row imports nothing unless mode=valid_rows; preview stores nothing; who may import.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "declaration/sample.hpp"
#include "support/api_client.hpp"
#include "support/api_world.hpp"
#include "support/review_world.hpp"
#include "support/server_process.hpp"
#include "support/storage.hpp"

namespace {

using nlohmann::json;
using tidu::test::ApiClient;
using tidu::test::ApiReply;
using tidu::test::Backend;
using tidu::test::EnterpriseUser;
using tidu::test::ServerProcess;
using tidu::test::ServerState;
using tidu::test::StaffAccount;

constexpr const char* kFujian = "fj-2025-advanced";
constexpr const char* kFjDuring = "2025-04-01T10:00:00+08:00";
constexpr const char* kFuqing = "350181";  // 福清市 (county)
constexpr const char* kFujianProvince = "350000";
constexpr const char* kHeader = "统一社会信用代码,企业名称,名单,列入日期\n";

std::string decl_path(const std::string& id) { return "/api/v1/declarations/" + id; }

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string message_of(const ApiReply& r) {
  return r.json.is_object() && r.json.contains("message") && r.json["message"].is_string()
             ? r.json["message"].get<std::string>()
             : std::string{};
}

/// A valid credit code of 福清市 no test enterprise is registered with.
std::string unregistered_code(std::uint32_t n) {
  return tidu::declaration::make_credit_code(kFuqing, 900'000 + n);
}

/// The rows of the problems of a reply (details.problems of an error, or problems).
std::vector<int> problem_rows(const ApiReply& r) {
  const json* problems = nullptr;
  if (r.json.is_object() && r.json.contains("details") && r.json["details"].is_object() &&
      r.json["details"].contains("problems"))
    problems = &r.json["details"]["problems"];
  else if (r.json.is_object() && r.json.contains("problems"))
    problems = &r.json["problems"];
  std::vector<int> rows;
  if (problems == nullptr) return rows;
  for (const auto& p : *problems) rows.push_back(p.value("row", -1));
  return rows;
}

/// POST /blacklists/import with the CSV bytes.
ApiReply import_list(const ApiClient& c, const std::string& csv, const std::string& name,
                     const std::string& mode = "") {
  std::string target = "/api/v1/blacklists/import?name=" + tidu::test::url_encode(name);
  if (!mode.empty()) target += "&mode=" + mode;
  return c.send("POST", target, csv, "text/csv");
}

class BlacklistImport : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    TIDU_NEED_BACKEND(GetParam());
    try {
      state_ = std::make_unique<ServerState>(GetParam());
      state_->create_accounts(
          {county_staff_.new_account(), province_staff_.new_account(), admin_.new_account()});
    } catch (const std::exception& e) {
      FAIL() << "cannot prepare the server state: " << e.what();
    }
  }

  void TearDown() override {
    if (!server_) return;
    const std::string log = server_->log();
    EXPECT_EQ(server_->stop(), 0) << "tidu serve did not stop cleanly:\n" << log;
    EXPECT_EQ(log.find("error "), std::string::npos) << "the server logged an internal error:\n"
                                                     << log;
    if (HasFailure()) std::cerr << "---- tidu serve log ----\n" << log << "\n----\n";
    server_.reset();
    state_.reset();
  }

  unsigned short port() {
    if (!server_)
      server_ = std::make_unique<ServerProcess>(state_->options({{"TIDU_TEST_NOW", kFjDuring}}));
    return server_->port();
  }

  ApiClient sign_in(const StaffAccount& s) {
    ApiClient c(port());
    auto r = c.login(s.username, s.password);
    if (r.status != 200) throw std::runtime_error("login " + s.username + ": " + r.describe());
    return c;
  }

  /// A 福清市 enterprise's submitted Fujian declaration.
  std::pair<EnterpriseUser, std::string> submitted(const std::string& prefix,
                                                   std::uint32_t variant) {
    auto e = tidu::test::register_enterprise_in(port(), kFuqing, prefix);
    auto filled = tidu::test::fill_round_declaration(e, kFujian, variant);
    tidu::test::submit_declaration(e, filled.id);
    return {std::move(e), filled.id};
  }

  /// Records both blacklist sources as clear, as `reviewer`.
  static void record_clear_checks(const ApiClient& reviewer, const std::string& id) {
    for (const auto* source : {"gsxt", "zxgk"}) {
      auto r = reviewer.post(decl_path(id) + "/blacklist-checks",
                             {{"source", source}, {"result", "clear"}, {"note", "未发现失信记录"}});
      ASSERT_EQ(r.status, 201) << source << ": " << r.describe();
    }
  }

  StaffAccount county_staff_ =
      tidu::test::reviewer_account("bl.fuqing", "county", kFuqing, "工信", "福清市工信局审核员");
  StaffAccount province_staff_ = tidu::test::reviewer_account(
      "bl.fujian", "province", kFujianProvince, "工信", "福建省工信厅审核员");
  StaffAccount admin_{.username = "bl.admin",
                      .password = "Admin-Blacklist-2025!",
                      .role = "admin",
                      .level = "",
                      .region = kFujianProvince,
                      .authority = "",
                      .display_name = "平台管理员"};
  std::unique_ptr<ServerState> state_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_P(BlacklistImport, AnImportedListingRefusesTheCountysPassEvenAfterBothClearChecks) {
  auto [listed, listed_id] = submitted("福清失信", 11);
  auto [other, other_id] = submitted("福清守信", 12);
  auto province = sign_in(province_staff_);
  auto county = sign_in(county_staff_);

  // A preview reads the file and stores nothing.
  const std::string csv = std::string("\xEF\xBB\xBF") + kHeader + listed.credit_code + "," +
                          listed.name + ",失信被执行人,2025-03-01\n" + unregistered_code(1) +
                          ",福清某某贸易有限公司,经营异常名录,2024-11-20\n";
  auto preview = province.send("POST", "/api/v1/blacklists/preview", csv, "text/csv");
  ASSERT_EQ(preview.status, 200) << preview.describe();
  EXPECT_EQ(preview.json.value("rows", 0), 2);
  EXPECT_EQ(preview.json.value("valid", 0), 2);
  EXPECT_TRUE(preview.json["problems"].empty()) << preview.body;
  ASSERT_EQ(preview.json["sample"].size(), 2U) << preview.body;
  EXPECT_EQ(preview.json["sample"][0].value("credit_code", ""), listed.credit_code);
  auto none_yet = province.get("/api/v1/blacklists/imports");
  ASSERT_EQ(none_yet.status, 200) << none_yet.describe();
  EXPECT_TRUE(none_yet.json["items"].empty()) << "a preview imports nothing: " << none_yet.body;

  auto imported = import_list(province, csv, "福建省失信名单2025-03.csv");
  ASSERT_EQ(imported.status, 201) << imported.describe();
  EXPECT_EQ(imported.json.value("imported", 0), 2);
  EXPECT_TRUE(imported.json["problems"].empty()) << imported.body;
  const auto import_id = imported.json["import"].value("id", "");
  EXPECT_FALSE(import_id.empty()) << imported.body;
  EXPECT_EQ(imported.json["import"].value("name", ""), "福建省失信名单2025-03.csv");
  EXPECT_EQ(imported.json["import"].value("mode", ""), "all_or_nothing");
  EXPECT_EQ(imported.json["import"].value("sha256", "").size(), 64U);

  auto imports = county.get("/api/v1/blacklists/imports");
  ASSERT_EQ(imports.status, 200) << imports.describe();
  ASSERT_EQ(imports.json["items"].size(), 1U) << imports.body;
  EXPECT_EQ(imports.json["items"][0].value("id", ""), import_id);
  EXPECT_EQ(imports.json["items"][0].value("rows", 0), 2);
  EXPECT_EQ(imports.json["items"][0].value("imported", 0), 2);

  // The same file again is refused.
  auto again = import_list(province, csv, "重复.csv");
  EXPECT_EQ(again.status, 409) << again.describe();
  EXPECT_EQ(again.code(), "ALREADY_EXISTS");

  // Both checks clear, yet the imported listing refuses the pass, naming the list.
  record_clear_checks(county, listed_id);
  auto offered = county.get(decl_path(listed_id) + "/actions");
  ASSERT_EQ(offered.status, 200) << offered.describe();
  bool refused_offer = false;
  for (const auto& a : offered.json["actions"]) {
    if (a.value("action", "") != "pass") continue;
    refused_offer = !a.value("allowed", true) && contains(a["reasons"].dump(), "失信黑名单");
  }
  EXPECT_TRUE(refused_offer) << offered.body;
  auto pass = county.post(decl_path(listed_id) + "/actions/pass", {{"opinion", "同意推荐"}});
  EXPECT_EQ(pass.status, 409) << pass.describe();
  EXPECT_EQ(pass.code(), "ACTION_NOT_ALLOWED");
  EXPECT_TRUE(contains(message_of(pass), "企业在失信黑名单中")) << pass.describe();
  EXPECT_TRUE(contains(message_of(pass), "导入名单：失信被执行人，2025-03-01")) << pass.describe();

  auto checks = county.get(decl_path(listed_id) + "/blacklist-checks");
  ASSERT_EQ(checks.status, 200) << checks.describe();
  EXPECT_EQ(checks.json["items"].size(), 2U) << checks.body;
  ASSERT_EQ(checks.json["imported_matches"].size(), 1U) << checks.body;
  const auto& match = checks.json["imported_matches"][0];
  EXPECT_EQ(match.value("credit_code", ""), listed.credit_code);
  EXPECT_EQ(match.value("list", ""), "失信被执行人");
  EXPECT_EQ(match.value("listed_on", ""), "2025-03-01");
  EXPECT_EQ(match.value("import", ""), import_id);

  // An enterprise not on the list passes as before.
  record_clear_checks(county, other_id);
  auto other_checks = county.get(decl_path(other_id) + "/blacklist-checks");
  ASSERT_EQ(other_checks.status, 200) << other_checks.describe();
  EXPECT_TRUE(other_checks.json["imported_matches"].empty()) << other_checks.body;
  auto other_pass = county.post(decl_path(other_id) + "/actions/pass", {{"opinion", "同意推荐"}});
  EXPECT_EQ(other_pass.status, 200) << other_pass.describe();
}

TEST_P(BlacklistImport, AFileWithABadRowImportsNothingUnlessOnlyTheValidRowsAreAsked) {
  auto [listed, listed_id] = submitted("福清异常", 21);
  auto province = sign_in(province_staff_);
  auto county = sign_in(county_staff_);
  const std::string csv = std::string("credit_code,name,list,date\n") + listed.credit_code + "," +
                          listed.name + ",abnormal_operation,2025-02-01\n" +
                          "91350181XXXX,坏行公司,失信被执行人,2025-02-30\n" +  // row 3
                          unregistered_code(2) + ",福清某某五金厂,严重失信主体名单,2025-01-15\n" +
                          unregistered_code(3) + ",,黑名单,2025-01-15\n";  // row 5

  auto refused = import_list(province, csv, "有错行.csv", "all_or_nothing");
  ASSERT_EQ(refused.status, 422) << refused.describe();
  EXPECT_EQ(refused.code(), "IMPORT_INVALID");
  EXPECT_TRUE(contains(message_of(refused), "第 3 行")) << refused.describe();
  auto rows = problem_rows(refused);
  EXPECT_NE(std::ranges::find(rows, 3), rows.end()) << refused.body;
  EXPECT_NE(std::ranges::find(rows, 5), rows.end()) << refused.body;
  EXPECT_EQ(std::ranges::find(rows, 2), rows.end()) << refused.body;
  EXPECT_EQ(refused.json["details"].value("problem_count", 0), 4) << refused.body;
  for (const auto& p : refused.json["details"]["problems"]) {
    EXPECT_FALSE(p.value("reason", "").empty()) << p.dump();
    EXPECT_FALSE(p.value("code", "").empty()) << p.dump();
  }
  auto nothing = county.get("/api/v1/blacklists/imports");
  ASSERT_EQ(nothing.status, 200) << nothing.describe();
  EXPECT_TRUE(nothing.json["items"].empty()) << nothing.body;
  auto unmatched = county.get(decl_path(listed_id) + "/blacklist-checks");
  ASSERT_EQ(unmatched.status, 200) << unmatched.describe();
  EXPECT_TRUE(unmatched.json["imported_matches"].empty()) << unmatched.body;

  // The preview reports the same problems.
  auto preview = province.send("POST", "/api/v1/blacklists/preview", csv, "text/csv");
  ASSERT_EQ(preview.status, 200) << preview.describe();
  EXPECT_EQ(preview.json.value("rows", 0), 4);
  EXPECT_EQ(preview.json.value("valid", 0), 2);
  EXPECT_EQ(problem_rows(preview), problem_rows(refused));

  auto bogus = import_list(province, csv, "有错行.csv", "some_rows");
  EXPECT_EQ(bogus.status, 400) << bogus.describe();

  auto partial = import_list(province, csv, "有错行.csv", "valid_rows");
  ASSERT_EQ(partial.status, 201) << partial.describe();
  EXPECT_EQ(partial.json.value("imported", 0), 2);
  EXPECT_EQ(partial.json.value("rows", 0), 4);
  EXPECT_EQ(partial.json["import"].value("mode", ""), "valid_rows");
  rows = problem_rows(partial);
  EXPECT_EQ(rows, (std::vector<int>{3, 3, 5, 5})) << partial.body;
  auto matched = county.get(decl_path(listed_id) + "/blacklist-checks");
  ASSERT_EQ(matched.status, 200) << matched.describe();
  ASSERT_EQ(matched.json["imported_matches"].size(), 1U) << matched.body;
  EXPECT_EQ(matched.json["imported_matches"][0].value("list", ""), "经营异常名录");

  // A file that cannot be read imports nothing in either mode.
  auto header_only = import_list(province, kHeader, "空.csv", "valid_rows");
  EXPECT_EQ(header_only.status, 422) << header_only.describe();
  EXPECT_EQ(header_only.code(), "IMPORT_INVALID");
  auto imports = county.get("/api/v1/blacklists/imports");
  ASSERT_EQ(imports.status, 200) << imports.describe();
  EXPECT_EQ(imports.json["items"].size(), 1U) << imports.body;
}

TEST_P(BlacklistImport, OnlyProvinceReviewersAndAdministratorsImport) {
  auto enterprise = tidu::test::register_enterprise_in(port(), kFuqing, "福清守约");
  auto county = sign_in(county_staff_);
  auto admin = sign_in(admin_);
  auto province = sign_in(province_staff_);
  const std::string csv = std::string(kHeader) + unregistered_code(4) +
                          ",福清某某建材有限公司,失信被执行人,2025-03-02\n";

  for (const auto* who : {&county, &enterprise.client}) {
    auto r = import_list(*who, csv, "名单.csv");
    EXPECT_EQ(r.status, 403) << r.describe();
    EXPECT_EQ(r.code(), "FORBIDDEN");
    auto p = who->send("POST", "/api/v1/blacklists/preview", csv, "text/csv");
    EXPECT_EQ(p.status, 403) << p.describe();
  }
  auto enterprise_reads = enterprise.client.get("/api/v1/blacklists/imports");
  EXPECT_EQ(enterprise_reads.status, 403) << enterprise_reads.describe();

  const ApiClient anonymous(port());
  EXPECT_EQ(anonymous.get("/api/v1/blacklists/imports").status, 401);
  for (const auto* target :
       {"/api/v1/blacklists/import?name=a.csv", "/api/v1/blacklists/preview"}) {
    SCOPED_TRACE(target);
    auto anon = anonymous.send("POST", target, csv, "text/csv");
    EXPECT_EQ(anon.status, 401) << anon.describe();
    EXPECT_EQ(anon.code(), "UNAUTHENTICATED");
    auto no_csrf = province.send("POST", target, csv, "text/csv", /*csrf=*/false);
    EXPECT_EQ(no_csrf.status, 403) << no_csrf.describe();
    EXPECT_EQ(no_csrf.code(), "CSRF_FAILED");
  }
  auto none = province.get("/api/v1/blacklists/imports");
  ASSERT_EQ(none.status, 200) << none.describe();
  EXPECT_TRUE(none.json["items"].empty()) << "nothing refused was imported: " << none.body;

  // An administrator imports a longer list (stored in several statements).
  std::string longer = csv;
  for (std::uint32_t i = 0; i < 450; ++i)
    longer +=
        fmt::format("{},福清某某企业{},失信被执行人,2024-06-30\n", unregistered_code(100 + i), i);
  auto by_admin = import_list(admin, longer, "管理员导入.csv", "valid_rows");
  ASSERT_EQ(by_admin.status, 201) << by_admin.describe();
  EXPECT_EQ(by_admin.json.value("imported", 0), 451);
  EXPECT_TRUE(by_admin.json["problems"].empty()) << by_admin.body;
  auto listed = admin.get("/api/v1/blacklists/imports");
  ASSERT_EQ(listed.status, 200) << listed.describe();
  ASSERT_EQ(listed.json["items"].size(), 1U) << listed.body;
  EXPECT_EQ(listed.json["items"][0].value("imported_by", ""), admin.account().value("id", ""));
}

INSTANTIATE_TEST_SUITE_P(Backends, BlacklistImport, tidu::test::all_backends(),
                         tidu::test::backend_name);

}  // namespace
