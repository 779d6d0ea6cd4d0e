// Imported tables over real HTTP against the real `tidu serve` binary, on SQLite and PostgreSQL
// (docs/api.md "Imports"): the enterprise directory and maturity results previewed and imported
// from CSV and XLSX, every bad row reported, nothing imported in all_or_nothing and only the
// valid rows in valid_rows; who may import what, and rows outside the importer's region; region
// codes pending until the next start and then part of the tree; blacklists from XLSX; a zip bomb
// refused quickly.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "declaration/sample.hpp"
#include "imports/xlsx_fixtures.hpp"
#include "support/api_client.hpp"
#include "support/api_world.hpp"
#include "support/report.hpp"
#include "support/review_world.hpp"
#include "support/sanitizers.hpp"
#include "support/server_process.hpp"
#include "support/storage.hpp"

namespace {

using nlohmann::json;
using tidu::test::ApiClient;
using tidu::test::ApiReply;
using tidu::test::Backend;
using tidu::test::ServerProcess;
using tidu::test::ServerState;
using tidu::test::StaffAccount;

constexpr const char* kDirectoryHeader =
    "统一社会信用代码,企业名称,所在地区,行业,是否规上,营业收入(万元),从业人员,年份\n";

std::string code_in(const std::string& region, std::uint32_t n) {
  return tidu::declaration::make_credit_code(region, 500'000 + n);
}

/// The rows of the problems of a reply (details.problems of an error, or problems).
std::vector<int> problem_rows(const ApiReply& r) {
  const json* problems = nullptr;
  if (r.json.contains("details") && r.json["details"].is_object() &&
      r.json["details"].contains("problems"))
    problems = &r.json["details"]["problems"];
  else if (r.json.contains("problems"))
    problems = &r.json["problems"];
  std::vector<int> rows;
  if (problems != nullptr)
    for (const auto& p : *problems) rows.push_back(p.value("row", -1));
  return rows;
}

std::vector<std::string> problem_codes(const ApiReply& r) {
  std::vector<std::string> codes;
  for (const auto& p : r.json.value("problems", json::array()))
    codes.push_back(p.value("code", ""));
  return codes;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

ApiReply preview(const ApiClient& c, const std::string& kind, const std::string& bytes) {
  return c.send("POST", "/api/v1/imports/" + kind + "/preview", bytes, "application/octet-stream");
}

ApiReply import_file(const ApiClient& c, const std::string& kind, const std::string& bytes,
                     const std::string& name, const std::string& mode = "") {
  std::string target = "/api/v1/imports/" + kind + "?name=" + tidu::test::url_encode(name);
  if (!mode.empty()) target += "&mode=" + mode;
  return c.send("POST", target, bytes, "application/octet-stream");
}

class Imports : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    TIDU_NEED_BACKEND(GetParam());
    try {
      state_ = std::make_unique<ServerState>(GetParam());
      state_->create_accounts({province_.new_account(), city_.new_account(), county_.new_account(),
                               admin_.new_account()});
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
    if (!server_) server_ = std::make_unique<ServerProcess>(state_->options());
    return server_->port();
  }

  ApiClient sign_in(const StaffAccount& s) {
    ApiClient c(port());
    auto r = c.login(s.username, s.password);
    if (r.status != 200) throw std::runtime_error("login " + s.username + ": " + r.describe());
    return c;
  }

  StaffAccount province_ =
      tidu::test::reviewer_account("im.fujian", "province", "350000", "工信", "福建省工信厅审核员");
  StaffAccount city_ =
      tidu::test::reviewer_account("im.fuzhou", "city", "350100", "工信", "福州市工信局审核员");
  StaffAccount county_ =
      tidu::test::reviewer_account("im.fuqing", "county", "350181", "工信", "福清市工信局审核员");
  StaffAccount admin_{.username = "im.admin",
                      .password = "Admin-Imports-2025!",
                      .role = "admin",
                      .level = "",
                      .region = "350000",
                      .authority = "",
                      .display_name = "平台管理员"};
  std::unique_ptr<ServerState> state_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_P(Imports, ADirectoryWithBadRowsImportsNothingUnlessOnlyTheValidRowsAreAsked) {
  auto province = sign_in(province_);
  const std::string csv = std::string(kDirectoryHeader) + code_in("350181", 1) +
                          ",福清某某机械有限公司,350181,34,是,2600,320,2024\n" +  // 2
                          "91350181XXXX,坏行公司,350181,99,也许,-5,10,2024\n" +   // 3
                          code_in("350100", 2) + ",福州某某电子有限公司,350100,39,否,800,60,\n" +
                          code_in("610100", 3) + ",西安某某公司,610100,39,否,800,60,\n";  // 5

  auto seen = preview(province, "directory", csv);
  ASSERT_EQ(seen.status, 200) << seen.describe();
  EXPECT_EQ(seen.json.value("format", ""), "csv");
  EXPECT_TRUE(seen.json.value("readable", false));
  EXPECT_EQ(seen.json.value("rows", 0), 4);
  EXPECT_EQ(seen.json.value("valid", 0), 2);
  EXPECT_EQ(seen.json["sample"].size(), 2U) << seen.body;
  EXPECT_EQ(seen.json["columns"][1], "统一社会信用代码");
  EXPECT_EQ(seen.json["sample"][0][0], "2");
  const auto rows = problem_rows(seen);
  EXPECT_EQ(std::count(rows.begin(), rows.end(), 3), 4) << seen.body;  // code, industry, 是否, 收入
  EXPECT_EQ(std::count(rows.begin(), rows.end(), 5), 1) << "outside 福建省: " << seen.body;
  for (const auto& p : seen.json["problems"]) {
    EXPECT_TRUE(contains(p.value("reason", ""), fmt::format("第 {} 行", p.value("row", 0))))
        << p.dump();
  }

  auto refused = import_file(province, "directory", csv, "福建名录.csv");
  ASSERT_EQ(refused.status, 422) << refused.describe();
  EXPECT_EQ(refused.code(), "IMPORT_INVALID");
  EXPECT_EQ(problem_rows(refused), rows);
  auto none = province.get("/api/v1/imports?kind=directory");
  ASSERT_EQ(none.status, 200) << none.describe();
  EXPECT_TRUE(none.json["items"].empty()) << none.body;

  auto partial = import_file(province, "directory", csv, "福建名录.csv", "valid_rows");
  ASSERT_EQ(partial.status, 201) << partial.describe();
  EXPECT_EQ(partial.json.value("valid", 0), 2);
  EXPECT_EQ(partial.json["import"].value("rows", 0), 4);
  EXPECT_EQ(partial.json["import"].value("imported", 0), 2);
  EXPECT_EQ(partial.json["import"].value("mode", ""), "valid_rows");
  EXPECT_EQ(partial.json["import"].value("region", ""), "350000");
  EXPECT_EQ(problem_rows(partial), rows);

  auto again = import_file(province, "directory", csv, "again.csv", "valid_rows");
  EXPECT_EQ(again.status, 409) << again.describe();
  EXPECT_EQ(again.code(), "ALREADY_EXISTS");

  auto history = province.get("/api/v1/imports");
  ASSERT_EQ(history.status, 200) << history.describe();
  ASSERT_EQ(history.json["items"].size(), 1U) << history.body;
  EXPECT_EQ(history.json["items"][0].value("kind", ""), "directory");
  EXPECT_EQ(history.json["items"][0].value("name", ""), "福建名录.csv");
  EXPECT_FALSE(history.json["items"][0].value("pending", true));
}

// DOMAIN.md: a credit code whose check character fails may be a legal early pilot code, so it
// is a warning (severity "warning") and the row is imported, even all or nothing.
TEST_P(Imports, AFailingCheckCharacterIsAWarningAndTheRowIsImported) {
  auto province = sign_in(province_);
  std::string pilot = code_in("350181", 7);
  pilot[17] = pilot[17] == '0' ? '1' : '0';
  const std::string csv =
      std::string(kDirectoryHeader) + pilot + ",福清试点赋码企业,350181,34,是,2600,320,2024\n";
  auto seen = preview(province, "directory", csv);
  ASSERT_EQ(seen.status, 200) << seen.describe();
  EXPECT_EQ(seen.json.value("valid", 0), 1) << seen.body;
  ASSERT_EQ(seen.json["problems"].size(), 1U) << seen.body;
  EXPECT_EQ(seen.json["problems"][0].value("severity", ""), "warning") << seen.body;
  EXPECT_EQ(seen.json["problems"][0].value("code", ""), "DIRECTORY_CREDIT_CODE_CHECK");
  auto done = import_file(province, "directory", csv, "试点.csv");
  ASSERT_EQ(done.status, 201) << done.describe();
  EXPECT_EQ(done.json.value("valid", 0), 1) << done.body;
}

TEST_P(Imports, ACityReviewerImportsAssessmentsFromXlsxForItsOwnRegionOnly) {
  auto city = sign_in(city_);
  const std::string inside = code_in("350181", 10);
  const std::string outside = code_in("350200", 11);  // 厦门市
  const auto xlsx = tidu::test::written_by_libxlsxwriter([&](lxw_workbook* wb, lxw_worksheet* ws) {
    lxw_format* date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    const char* header[] = {"统一社会信用代码", "企业名称", "等级", "得分", "评估日期", "来源"};
    for (int c = 0; c < 6; ++c)
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), header[c], nullptr);
    lxw_datetime day = {2025, 5, 20, 0, 0, 0};
    worksheet_write_string(ws, 1, 0, inside.c_str(), nullptr);
    worksheet_write_string(ws, 1, 1, "福清某某机械有限公司", nullptr);
    worksheet_write_string(ws, 1, 2, "三级", nullptr);
    worksheet_write_number(ws, 1, 3, 3.55, nullptr);
    worksheet_write_datetime(ws, 1, 4, &day, date);
    worksheet_write_string(ws, 1, 5, "智能制造评估评价公共服务平台", nullptr);
    worksheet_write_string(ws, 2, 0, outside.c_str(), nullptr);
    worksheet_write_string(ws, 2, 1, "厦门某某公司", nullptr);
    worksheet_write_number(ws, 2, 2, 2, nullptr);
    worksheet_write_datetime(ws, 2, 4, &day, date);
    worksheet_write_string(ws, 2, 5, "智能制造评估评价公共服务平台", nullptr);
  });
  auto seen = preview(city, "assessments", xlsx);
  ASSERT_EQ(seen.status, 200) << seen.describe();
  EXPECT_EQ(seen.json.value("format", ""), "xlsx");
  EXPECT_EQ(seen.json.value("valid", 0), 1);
  ASSERT_EQ(problem_rows(seen), (std::vector<int>{3})) << seen.body;
  EXPECT_EQ(problem_codes(seen), (std::vector<std::string>{"ASSESSMENT_OUT_OF_SCOPE"}));
  EXPECT_TRUE(contains(seen.json["problems"][0].value("reason", ""), "福州市")) << seen.body;
  ASSERT_EQ(seen.json["sample"].size(), 1U);
  EXPECT_EQ(seen.json["sample"][0][3], "3");
  EXPECT_EQ(seen.json["sample"][0][5], "2025-05-20");

  auto done = import_file(city, "assessments", xlsx, "福州自评估.xlsx", "valid_rows");
  ASSERT_EQ(done.status, 201) << done.describe();
  EXPECT_EQ(done.json["import"].value("format", ""), "xlsx");
  EXPECT_EQ(done.json["import"].value("imported", 0), 1);

  // The province sees the city's import; another city's reviewer would not.
  auto province = sign_in(province_);
  auto history = province.get("/api/v1/imports?kind=assessments");
  ASSERT_EQ(history.status, 200) << history.describe();
  EXPECT_EQ(history.json["items"].size(), 1U) << history.body;
}

TEST_P(Imports, WhoMayImportWhat) {
  auto county = sign_in(county_);
  auto province = sign_in(province_);
  auto enterprise = tidu::test::register_enterprise_in(port(), "350181", "福清导入");
  const std::string csv = std::string(kDirectoryHeader) + code_in("350181", 20) +
                          ",福清某某公司,350181,34,是,2600,320,\n";
  for (const auto* who : {&county, &enterprise.client}) {
    EXPECT_EQ(preview(*who, "directory", csv).status, 403);
    EXPECT_EQ(import_file(*who, "directory", csv, "a.csv").status, 403);
  }
  EXPECT_EQ(enterprise.client.get("/api/v1/imports").status, 403);
  const std::string regions = "code,name\n350199,新设县\n";
  auto not_admin = import_file(province, "regions", regions, "区划.csv");
  EXPECT_EQ(not_admin.status, 403) << not_admin.describe();
  EXPECT_TRUE(contains(not_admin.body, "只有管理员")) << not_admin.body;
  EXPECT_EQ(preview(province, "catalogue", csv).status, 404);
  EXPECT_EQ(import_file(province, "directory", csv, "a.csv", "some").status, 400);
  const ApiClient anonymous(port());
  EXPECT_EQ(preview(anonymous, "directory", csv).status, 401);
  auto no_csrf = province.send("POST", "/api/v1/imports/directory/preview", csv, "text/csv",
                               /*csrf=*/false);
  EXPECT_EQ(no_csrf.status, 403) << no_csrf.describe();
}

TEST_P(Imports, ImportedRegionsArePendingUntilTheNextStartAndThenInTheTree) {
  auto admin = sign_in(admin_);
  const auto regions = tidu::test::workbook_of_rows(
      {{"代码", "名称", "上级代码", "类型"}, {"350199", "福州新设县", "350100", "county"}});
  auto done = import_file(admin, "regions", regions, "新区划.xlsx");
  ASSERT_EQ(done.status, 201) << done.describe();
  EXPECT_TRUE(done.json["import"].value("pending", false)) << done.body;
  auto history = admin.get("/api/v1/imports?kind=regions");
  ASSERT_EQ(history.status, 200);
  ASSERT_EQ(history.json["items"].size(), 1U);
  EXPECT_TRUE(history.json["items"][0].value("pending", false)) << history.body;

  const std::string directory = std::string(kDirectoryHeader) + code_in("350100", 30) +
                                ",新设县某某公司,350199,34,是,2600,320,\n";
  auto before = preview(admin, "directory", directory);
  ASSERT_EQ(before.status, 200);
  EXPECT_EQ(problem_codes(before), (std::vector<std::string>{"DIRECTORY_REGION"})) << before.body;

  server_->restart();
  admin = sign_in(admin_);
  auto after = preview(admin, "directory", directory);
  ASSERT_EQ(after.status, 200) << after.describe();
  EXPECT_TRUE(after.json["problems"].empty()) << after.body;
  history = admin.get("/api/v1/imports?kind=regions");
  EXPECT_FALSE(history.json["items"][0].value("pending", true)) << history.body;
  auto tree = admin.get("/api/v1/regions/350199");
  ASSERT_EQ(tree.status, 200) << tree.describe();
  EXPECT_TRUE(contains(tree.body, "福州新设县")) << tree.body;
}

TEST_P(Imports, BlacklistsAreImportedFromXlsxThroughTheSameRoutes) {
  auto province = sign_in(province_);
  const auto xlsx = tidu::test::workbook_of_rows(
      {{"统一社会信用代码", "企业名称", "名单", "列入日期"},
       {code_in("350181", 40), "福清某某贸易有限公司", "失信被执行人", "45717"},
       {code_in("350181", 41), "福清某某五金厂", "黑名单", "2025-03-01"}});
  auto seen = preview(province, "blacklist", xlsx);
  ASSERT_EQ(seen.status, 200) << seen.describe();
  EXPECT_EQ(seen.json.value("format", ""), "xlsx");
  EXPECT_EQ(seen.json.value("valid", 0), 1);
  EXPECT_EQ(problem_rows(seen), (std::vector<int>{3}));
  EXPECT_EQ(seen.json["sample"][0][4], "2025-03-01") << "the serial day read as a date";
  auto done = import_file(province, "blacklist", xlsx, "名单.xlsx", "valid_rows");
  ASSERT_EQ(done.status, 201) << done.describe();
  auto history = province.get("/api/v1/imports?kind=blacklist");
  ASSERT_EQ(history.status, 200);
  ASSERT_EQ(history.json["items"].size(), 1U) << history.body;
  EXPECT_EQ(history.json["items"][0].value("kind", ""), "blacklist");
  auto old_route = province.get("/api/v1/blacklists/imports");
  EXPECT_EQ(old_route.json["items"].size(), 1U) << old_route.body;
}

TEST_P(Imports, AZipBombIsRefusedQuicklyAndImportsNothing) {
  auto admin = sign_in(admin_);
  const std::string bomb = tidu::test::zip_bomb(3072, 40'000);
  const auto start = std::chrono::steady_clock::now();
  auto seen = preview(admin, "directory", bomb);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  ASSERT_EQ(seen.status, 200) << seen.describe();
  EXPECT_FALSE(seen.json.value("readable", true));
  ASSERT_EQ(seen.json["problems"].size(), 1U) << seen.body;
  EXPECT_EQ(seen.json["problems"][0].value("row", -1), 0);
  EXPECT_TRUE(contains(seen.json["problems"][0].value("code", ""), "IMPORT_XLSX_")) << seen.body;
  EXPECT_LT(took.count(), 2000 * tidu::test::kTimeScale);
  std::cerr << "[ timing ] zip bomb preview over HTTP: " << took.count() << " ms\n";
  auto refused = import_file(admin, "directory", bomb, "bomb.xlsx", "valid_rows");
  EXPECT_EQ(refused.status, 422) << refused.describe();
  EXPECT_EQ(refused.code(), "IMPORT_INVALID");
  auto none = admin.get("/api/v1/imports");
  EXPECT_TRUE(none.json["items"].empty()) << none.body;
}

// CSV bombs over HTTP (issue 8 item 7): each is refused with a message saying what to do, in
// well under a second, the server's memory stays bounded and nothing is imported.
TEST_P(Imports, CsvBombsAreRefusedQuicklyAndImportNothing) {
  auto admin = sign_in(admin_);
  const auto rss_before = server_->peak_rss_kib();
  struct Bomb {
    std::string name;
    std::string bytes;
    std::string code;  // the problem's code in the preview
  };
  std::vector<Bomb> bombs;
  {
    std::string rows = kDirectoryHeader;  // 100,001 data rows of one comma each, ~200 KB
    for (int i = 0; i < 100'001; ++i) rows += ",\n";
    bombs.push_back({"100,001 rows", std::move(rows), "IMPORT_TOO_MANY_ROWS"});
  }
  {
    std::string wide = kDirectoryHeader;  // a row of 100,000 fields
    wide += std::string(100'000, ',') + "\n";
    bombs.push_back({"100,000 fields in a row", std::move(wide), "IMPORT_CSV"});
  }
  {
    // 8,200 rows of 256 empty fields: within the row, field and size limits, but over the 2
    // million cells a file may have (a 20 MB file of commas would hold ~700 MB of empty strings).
    std::string commas = kDirectoryHeader;
    const std::string row = std::string(255, ',') + "\n";
    for (int i = 0; i < 8'200; ++i) commas += row;
    bombs.push_back({"2 MB of commas, 2.1 million cells", std::move(commas), "IMPORT_CSV"});
  }
  {
    std::string quote = kDirectoryHeader;  // a quote opened in the first cell, never closed
    quote += "\"" + std::string(2 << 20, 'x');
    bombs.push_back({"unclosed quote over 2 MB", std::move(quote), "IMPORT_CSV"});
  }
  bombs.push_back({"21 MB file", std::string(kDirectoryHeader) + std::string(21 << 20, 'a'),
                   "IMPORT_FILE_TOO_LARGE"});
  bombs.push_back(
      {"invalid UTF-8", std::string(kDirectoryHeader) + "\xff\xfe\xc0\x80,\n", "IMPORT_NOT_UTF8"});
  long slowest = 0;
  for (const auto& bomb : bombs) {
    const auto start = std::chrono::steady_clock::now();
    auto seen = preview(admin, "directory", bomb.bytes);
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - start)
                          .count();
    slowest = std::max<long>(slowest, took);
    ASSERT_EQ(seen.status, 200) << bomb.name << ": " << seen.describe();
    EXPECT_FALSE(seen.json.value("readable", true)) << bomb.name;
    ASSERT_EQ(seen.json["problems"].size(), 1U) << bomb.name << ": " << seen.body;
    const auto& problem = seen.json["problems"][0];
    EXPECT_EQ(problem.value("code", ""), bomb.code) << bomb.name << ": " << seen.body;
    EXPECT_FALSE(problem.value("reason", "").empty()) << bomb.name;
    EXPECT_LT(took, 2000 * tidu::test::kTimeScale) << bomb.name;
    auto refused = import_file(admin, "directory", bomb.bytes, "bomb.csv");
    EXPECT_EQ(refused.status, 422) << bomb.name << ": " << refused.describe();
    EXPECT_EQ(refused.code(), "IMPORT_INVALID") << bomb.name;
  }
  // Over the 32 MB body limit: refused before the body is read.
  auto huge = preview(admin, "directory", std::string(33 << 20, 'a'));
  EXPECT_EQ(huge.status, 413) << huge.describe();
  auto none = admin.get("/api/v1/imports");
  EXPECT_TRUE(none.json["items"].empty()) << none.body;
  auto directory = admin.get("/api/v1/enterprises?page_size=1");
  const auto rss_after = server_->peak_rss_kib();
  // Each bomb is at most 21 MB; the server holds the body and the parsed rows of one at a time.
  EXPECT_LT(rss_after - rss_before, 400 * 1024 + tidu::test::kExtraResidentKib)
      << "peak RSS grew from " << rss_before << " KiB";
  tidu::test::report(fmt::format(
      "[ hostile ] {}: {} CSV bombs (rows, fields, unclosed quote, size, encoding) and a 33 MB "
      "body refused, slowest {} ms, peak RSS {} → {} MiB, nothing imported",
      GetParam() == Backend::kSqlite ? "sqlite" : "postgresql", bombs.size(), slowest,
      rss_before / 1024, rss_after / 1024));
}

INSTANTIATE_TEST_SUITE_P(Backends, Imports, tidu::test::all_backends(), tidu::test::backend_name);

}  // namespace
