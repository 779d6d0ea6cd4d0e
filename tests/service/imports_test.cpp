// What an import stores, on both backends (service/imports.hpp, migration 013): directory rows
// replaced by a newer import of the same credit code, assessments by a newer one of the same code
// and date, region codes kept for the next start; nothing at all when a file is refused; one
// audit record per import.
#include "service/imports.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "declaration/sample.hpp"
#include "imports/xlsx_fixtures.hpp"
#include "storage/migrations.hpp"
#include "support/storage.hpp"
#include "support/world.hpp"

namespace {

using tidu::access::Principal;
using tidu::access::Role;
using tidu::service::ImportKind;
using tidu::service::ImportMode;
using tidu::test::describe;

constexpr const char* kHeader =
    "统一社会信用代码,企业名称,所在地区,行业,是否规上,营业收入(万元),从业人员,年份\n";

const std::string kCodeA = tidu::declaration::make_credit_code("350181", 801);
const std::string kCodeB = tidu::declaration::make_credit_code("350102", 802);
const std::string kCodeC = tidu::declaration::make_credit_code("350121", 803);

class ImportsService : public tidu::test::MigratedBackendTest {
 protected:
  void SetUp() override {
    MigratedBackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto pool = pool_of_others(2, std::chrono::seconds(5));
    ASSERT_TRUE(pool) << describe(pool.error());
    pool_ = std::move(*pool);
    const tidu::service::Clock clock = [] {
      return *tidu::time::parse_instant("2026-03-01T10:00:00+08:00");
    };
    blacklists_ = std::make_unique<tidu::service::Blacklists>(*pool_, clock);
    imports_ = std::make_unique<tidu::service::Imports>(*pool_, tidu::test::catalogue(),
                                                        *blacklists_, clock);
  }

  void TearDown() override {
    imports_.reset();
    blacklists_.reset();
    pool_.reset();
    BackendTest::TearDown();
  }

  std::int64_t count(const std::string& sql) {
    auto rows = db().query(sql);
    EXPECT_TRUE(rows) << describe(rows.error());
    return rows && !rows->empty() ? rows->front().get_int(0) : -1;
  }

  Principal admin_{.account_id = "u_admin",
                   .username = "admin",
                   .role = Role::kAdmin,
                   .level = "",
                   .region = "350000",
                   .authority = "",
                   .enterprise_id = ""};
  Principal city_{.account_id = "u_city",
                  .username = "fuzhou",
                  .role = Role::kReviewer,
                  .level = "city",
                  .region = "350100",
                  .authority = "工信",
                  .enterprise_id = ""};
  std::unique_ptr<tidu::storage::Pool> pool_;
  std::unique_ptr<tidu::service::Blacklists> blacklists_;
  std::unique_ptr<tidu::service::Imports> imports_;
};

TEST_P(ImportsService, ANewerDirectoryImportReplacesTheRowsOfTheSameCreditCode) {
  auto first =
      imports_->import(city_, ImportKind::kDirectory, "一.csv",
                       std::string(kHeader) + kCodeA + ",甲公司,350181,34,是,2600,320,2024\n" +
                           kCodeB + ",乙公司,350102,39,否,800,60,\n",
                       ImportMode::kAllOrNothing);
  ASSERT_TRUE(first) << describe(first.error());
  EXPECT_EQ(first->import->region, "350100");
  EXPECT_EQ(count("SELECT COUNT(*) FROM directory_enterprises"), 2);
  auto row = db().query(
      "SELECT name, above_scale, revenue, employees, year, import_id FROM directory_enterprises "
      "WHERE credit_code = $1",
      {kCodeB});
  ASSERT_TRUE(row && row->size() == 1);
  EXPECT_EQ((*row)[0].get_int(1), 0);
  EXPECT_DOUBLE_EQ((*row)[0].get_double(2), 800);
  EXPECT_TRUE((*row)[0].is_null(4));

  auto second =
      imports_->import(admin_, ImportKind::kDirectory, "二.xlsx",
                       tidu::test::workbook_of_rows(
                           {{"credit_code", "name", "region", "industry", "above_scale", "revenue",
                             "employees", "year"},
                            {kCodeB, "乙公司（更名）", "350102", "39", "是", "2100", "70", "2025"},
                            {kCodeC, "丙公司", "350121", "13", "否", "300", "20", ""}}),
                       ImportMode::kAllOrNothing);
  ASSERT_TRUE(second) << describe(second.error());
  EXPECT_EQ(second->format, "xlsx");
  EXPECT_EQ(count("SELECT COUNT(*) FROM directory_enterprises"), 3);
  row = db().query(
      "SELECT name, above_scale, revenue, employees, year, import_id FROM directory_enterprises "
      "WHERE credit_code = $1",
      {kCodeB});
  ASSERT_TRUE(row && row->size() == 1);
  EXPECT_EQ((*row)[0].get_text(0), "乙公司（更名）");
  EXPECT_EQ((*row)[0].get_int(1), 1);
  EXPECT_EQ((*row)[0].get_int(4), 2025);
  EXPECT_EQ((*row)[0].get_text(5), second->import->id);

  // A file with a bad row stores nothing in all_or_nothing.
  auto refused = imports_->import(admin_, ImportKind::kDirectory, "三.csv",
                                  std::string(kHeader) + kCodeA + ",甲公司,350181,34,是,1,1,\n" +
                                      kCodeC + ",丙公司,350121,99,否,300,20,\n",
                                  ImportMode::kAllOrNothing);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "IMPORT_INVALID");
  EXPECT_EQ(count("SELECT COUNT(*) FROM imports"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM directory_enterprises WHERE revenue = 1"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'import_directory'"), 2);
}

TEST_P(ImportsService, AWarningDoesNotStopAnAllOrNothingImport) {
  std::string pilot = kCodeA;
  pilot[17] = pilot[17] == '0' ? '1' : '0';  // the check character fails, as some pilot codes do
  auto done = imports_->import(admin_, ImportKind::kDirectory, "试点.csv",
                               std::string(kHeader) + pilot + ",试点企业,350181,34,是,3000,80,\n",
                               ImportMode::kAllOrNothing);
  ASSERT_TRUE(done) << describe(done.error());
  EXPECT_EQ(done->valid, 1U);
  ASSERT_EQ(done->problems.size(), 1U);
  EXPECT_TRUE(done->problems[0].warning);
  EXPECT_EQ(count("SELECT COUNT(*) FROM directory_enterprises"), 1);
}

TEST_P(ImportsService, AssessmentsKeepEveryDateAndANewerImportOfTheSameDateReplacesIt) {
  const std::string header = "统一社会信用代码,企业名称,等级,得分,评估日期,来源\n";
  auto first = imports_->import(admin_, ImportKind::kAssessments, "a.csv",
                                header + kCodeA + ",甲公司,2,2.55,2024-05-01,平台\n" + kCodeA +
                                    ",甲公司,3,3.68,2025-05-01,平台\n",
                                ImportMode::kAllOrNothing);
  ASSERT_TRUE(first) << describe(first.error());
  auto second = imports_->import(admin_, ImportKind::kAssessments, "b.csv",
                                 header + kCodeA + ",甲公司,4,4.81,2025-05-01,复核\n",
                                 ImportMode::kAllOrNothing);
  ASSERT_TRUE(second) << describe(second.error());
  EXPECT_EQ(count("SELECT COUNT(*) FROM imported_assessments"), 2);
  auto latest = db().query(
      "SELECT level, score, source, region FROM imported_assessments WHERE credit_code = $1 AND "
      "assessed_on = '2025-05-01'",
      {kCodeA});
  ASSERT_TRUE(latest && latest->size() == 1);
  EXPECT_EQ((*latest)[0].get_int(0), 4);
  EXPECT_DOUBLE_EQ((*latest)[0].get_double(1), 4.81);
  EXPECT_EQ((*latest)[0].get_text(2), "复核");
  EXPECT_EQ((*latest)[0].get_text(3), "350181");
  // The same file again, even under another name, is refused.
  auto again = imports_->import(admin_, ImportKind::kAssessments, "b-copy.csv",
                                header + kCodeA + ",甲公司,4,4.81,2025-05-01,复核\n",
                                ImportMode::kAllOrNothing);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "ALREADY_EXISTS");
}

TEST_P(ImportsService, ImportedRegionsAreKeptForTheNextStartAndPendingUntilThen) {
  auto done =
      imports_->import(admin_, ImportKind::kRegions, "r.csv",
                       "code,name\n350199,新设县\n350199001,新设镇\n", ImportMode::kAllOrNothing);
  ASSERT_TRUE(done) << describe(done.error());
  auto stored = tidu::service::stored_imported_regions(db());
  ASSERT_TRUE(stored) << describe(stored.error());
  ASSERT_EQ(stored->size(), 2U);
  EXPECT_EQ((*stored)[0].code, "350199");
  EXPECT_EQ((*stored)[0].parent, "350100");
  EXPECT_EQ((*stored)[1].kind, "township");
  auto history = imports_->history(admin_, ImportKind::kRegions);
  ASSERT_TRUE(history) << describe(history.error());
  ASSERT_EQ(history->size(), 1U);
  EXPECT_TRUE((*history)[0].pending);
  auto city = imports_->import(city_, ImportKind::kRegions, "r2.csv", "code,name\n350198,某县\n",
                               ImportMode::kAllOrNothing);
  ASSERT_FALSE(city);
  EXPECT_EQ(city.error().code, "FORBIDDEN");
}

INSTANTIATE_TEST_SUITE_P(Storage, ImportsService, tidu::test::all_backends(),
                         tidu::test::backend_name);

}  // namespace
