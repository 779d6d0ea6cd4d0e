// Numbered migrations on both backends: from empty to the highest version, idempotence, a
// database newer than the program, and a migration that fails halfway.
#include "storage/migrations.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/storage.hpp"

namespace {

using ::testing::HasSubstr;
using tidu::storage::current_version;
using tidu::storage::list_migrations;
using tidu::storage::migrate;
using tidu::test::describe;
namespace codes = tidu::storage::codes;
namespace fs = std::filesystem;

const fs::path kMigrations = TIDU_MIGRATIONS_DIR;
const fs::path kBrokenFixture = fs::path(TIDU_TEST_FIXTURES) / "migrations" / "broken_halfway.sql";

/// The number of the newest shipped migration.
int highest_shipped() {
  auto all = list_migrations(kMigrations);
  EXPECT_TRUE(all) << describe(all.error());
  return all && !all->empty() ? all->back().version : -1;
}

void write_file(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
}

class MigrateTest : public tidu::test::BackendTest {
 protected:
  std::int64_t count(const std::string& sql) {
    auto rows = db().query(sql);
    EXPECT_TRUE(rows) << describe(rows.error());
    return rows && !rows->empty() ? rows->front().get_int(0) : -1;
  }

  /// The shipped migrations plus the broken fixture numbered after them.
  fs::path migrations_with_broken_step() {
    const fs::path out = dir() / "migrations";
    fs::create_directories(out);
    for (const auto& entry : fs::directory_iterator(kMigrations)) {
      fs::copy_file(entry.path(), out / entry.path().filename());
    }
    fs::copy_file(kBrokenFixture,
                  out / fmt::format("{:03}_broken_halfway.sql", highest_shipped() + 1));
    return out;
  }
};

INSTANTIATE_TEST_SUITE_P(Migration, MigrateTest, tidu::test::all_backends(),
                         tidu::test::backend_name);

TEST_P(MigrateTest, EmptyDatabaseReachesTheHighestVersion) {
  const int highest = highest_shipped();
  auto before = current_version(db());
  ASSERT_TRUE(before) << describe(before.error());
  EXPECT_EQ(*before, 0);

  auto reached = migrate(db(), kMigrations);
  ASSERT_TRUE(reached) << describe(reached.error());
  EXPECT_EQ(*reached, highest);
  auto after = current_version(db());
  ASSERT_TRUE(after) << describe(after.error());
  EXPECT_EQ(*after, highest);

  auto rows = db().query("SELECT version, name, applied_at FROM schema_version ORDER BY version");
  ASSERT_TRUE(rows) << describe(rows.error());
  ASSERT_EQ(rows->size(), static_cast<std::size_t>(highest));
  EXPECT_EQ((*rows)[0].get_int(0), 1);
  EXPECT_EQ((*rows)[0].get_text(1), "001_schema_version.sql");
  EXPECT_EQ((*rows)[1].get_text(1), "002_accounts_and_declarations.sql");
  EXPECT_THAT((*rows)[0].get_text(2), HasSubstr("+08:00"));
}

TEST_P(MigrateTest, SecondRunChangesNothing) {
  auto first = migrate(db(), kMigrations);
  ASSERT_TRUE(first) << describe(first.error());
  auto applied = db().query("SELECT version, applied_at FROM schema_version ORDER BY version");
  ASSERT_TRUE(applied) << describe(applied.error());

  auto second = migrate(db(), kMigrations);
  ASSERT_TRUE(second) << describe(second.error());
  EXPECT_EQ(*second, *first);
  auto again = db().query("SELECT version, applied_at FROM schema_version ORDER BY version");
  ASSERT_TRUE(again) << describe(again.error());
  ASSERT_EQ(again->size(), applied->size());
  for (std::size_t i = 0; i < again->size(); ++i) {
    EXPECT_EQ((*again)[i].get_int(0), (*applied)[i].get_int(0));
    EXPECT_EQ((*again)[i].get_text(1), (*applied)[i].get_text(1));
  }
}

TEST_P(MigrateTest, DatabaseNewerThanTheProgramIsRefused) {
  ASSERT_TRUE(migrate(db(), kMigrations));
  const int highest = highest_shipped();
  const std::int64_t future = highest + 97;
  ASSERT_TRUE(
      db().execute("INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)",
                   {future, "099_from_the_future.sql", "2030-01-01T00:00:00+08:00"}));

  auto refused = migrate(db(), kMigrations);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, codes::kNewerThanBinary);
  EXPECT_THAT(refused.error().message, HasSubstr(fmt::format("版本是 {}", future)));
  EXPECT_THAT(refused.error().message, HasSubstr(fmt::format("版本 {}", highest)));
  EXPECT_THAT(refused.error().message, HasSubstr("升级本程序"));
  auto version = current_version(db());
  ASSERT_TRUE(version) << describe(version.error());
  EXPECT_EQ(*version, future);
}

TEST_P(MigrateTest, BrokenMigrationLeavesVersionAndNoHalfAppliedChanges) {
  const int highest = highest_shipped();
  ASSERT_TRUE(migrate(db(), kMigrations));
  ASSERT_TRUE(db().execute(
      "INSERT INTO accounts (id, username, password_hash, role, region, display_name, "
      "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {"a1", "zhang", "x", "enterprise", "610000", "张三", "2025-01-01T00:00:00+08:00"}));

  auto failed = migrate(db(), migrations_with_broken_step());
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, codes::kQuery);
  EXPECT_THAT(failed.error().message, HasSubstr("broken_halfway.sql"));
  EXPECT_THAT(failed.error().message, HasSubstr(fmt::format("仍为版本 {}", highest)));
  EXPECT_THAT(failed.error().detail, HasSubstr("no_such_table"));

  auto version = current_version(db());
  ASSERT_TRUE(version) << describe(version.error());
  EXPECT_EQ(*version, highest);
  auto half_table = db().query("SELECT COUNT(*) FROM half_applied");
  EXPECT_FALSE(half_table) << "the new table survived the failed migration";
  auto half_column = db().query("SELECT phone FROM accounts");
  EXPECT_FALSE(half_column) << "the new column survived the failed migration";
  EXPECT_EQ(count("SELECT COUNT(*) FROM accounts"), 1);
}

TEST_P(MigrateTest, BrokenStepOnAnEmptyDatabaseKeepsTheStepsBeforeIt) {
  auto failed = migrate(db(), migrations_with_broken_step());
  ASSERT_FALSE(failed);
  auto version = current_version(db());
  ASSERT_TRUE(version) << describe(version.error());
  EXPECT_EQ(*version, highest_shipped());  // each file is its own transaction
  EXPECT_FALSE(db().query("SELECT COUNT(*) FROM half_applied"));
}

TEST_P(MigrateTest, ConcurrentRunsApplyEachFileOnce) {
  auto other = open_another(std::chrono::seconds(10));
  ASSERT_NE(other, nullptr);
  tidu::Result<int> theirs = 0;
  std::thread racer([&] { theirs = migrate(*other, kMigrations); });
  auto ours = migrate(db(), kMigrations);
  racer.join();
  ASSERT_TRUE(ours) << describe(ours.error());
  ASSERT_TRUE(theirs) << describe(theirs.error());
  EXPECT_EQ(*ours, highest_shipped());
  EXPECT_EQ(*theirs, highest_shipped());
  EXPECT_EQ(count("SELECT COUNT(*) FROM schema_version"), highest_shipped());
}

TEST_P(MigrateTest, SchemaEnforcesItsKeys) {
  ASSERT_TRUE(migrate(db(), kMigrations));
  const std::string now = "2025-04-10T09:00:00+08:00";
  const auto exec = [&](const char* sql, std::initializer_list<tidu::storage::Value> params) {
    return db().execute(sql, params);
  };
  ASSERT_TRUE(
      exec("INSERT INTO enterprises (id, credit_code, name, region, profile_json, "
           "updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7)",
           {"e1", "91610000MA6TG1234X", "陕西某智能制造有限公司", "610000", "{}", now,
            std::int64_t{1}}));
  const char* declare =
      "INSERT INTO declarations (id, enterprise_id, round_id, state, level, version, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)";
  ASSERT_TRUE(exec(declare, {"d1", "e1", "2025-sn", "draft", nullptr, std::int64_t{1}, now}));

  auto same_round = exec(declare, {"d2", "e1", "2025-sn", "draft", nullptr, 1, now});
  ASSERT_FALSE(same_round);
  EXPECT_EQ(same_round.error().code, codes::kConstraint);
  auto unknown_enterprise = exec(declare, {"d3", "e9", "2025-sn", "draft", nullptr, 1, now});
  ASSERT_FALSE(unknown_enterprise);
  EXPECT_EQ(unknown_enterprise.error().code, codes::kConstraint);
  const char* section =
      "INSERT INTO declaration_sections (declaration_id, section, content_json) VALUES ($1, $2, "
      "$3)";
  ASSERT_TRUE(exec(section, {"d1", "cover", "{}"}));
  auto same_section = exec(section, {"d1", "cover", "{}"});
  ASSERT_FALSE(same_section);
  EXPECT_EQ(same_section.error().code, codes::kConstraint);
  auto orphan_section = exec(section, {"d9", "cover", "{}"});
  ASSERT_FALSE(orphan_section);
  EXPECT_EQ(orphan_section.error().code, codes::kConstraint);
  auto orphan_session = exec(
      "INSERT INTO sessions (id, account_id, csrf_token, created_at, expires_at) "
      "VALUES ($1, $2, $3, $4, $5)",
      {"s1", "nobody", "t", now, now});
  ASSERT_FALSE(orphan_session);
  EXPECT_EQ(orphan_session.error().code, codes::kConstraint);
  auto null_key = exec(
      "INSERT INTO files (sha256, media_type, size, created_at) "
      "VALUES ($1, $2, $3, $4)",
      {nullptr, "application/pdf", 10, now});
  ASSERT_FALSE(null_key);
  EXPECT_EQ(null_key.error().code, codes::kConstraint);
}

// The migrations folder itself.

class MigrationFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "tidu-migrations-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path dir_;
};

TEST_F(MigrationFiles, ShippedFilesAreNumberedFromOneWithoutGaps) {
  auto all = list_migrations(kMigrations);
  ASSERT_TRUE(all) << describe(all.error());
  ASSERT_GE(all->size(), 2U);
  for (std::size_t i = 0; i < all->size(); ++i) {
    EXPECT_EQ((*all)[i].version, static_cast<int>(i) + 1);
  }
  EXPECT_EQ((*all)[0].name, "001_schema_version.sql");
}

TEST_F(MigrationFiles, IgnoresOtherFilesAndReadsUnpaddedNumbers) {
  write_file(dir_ / "1_first.sql", "");
  write_file(dir_ / "02_second.sql", "");
  write_file(dir_ / "README.md", "");
  write_file(dir_ / ".#1_first.sql", "");
  auto all = list_migrations(dir_);
  ASSERT_TRUE(all) << describe(all.error());
  ASSERT_EQ(all->size(), 2U);
  EXPECT_EQ((*all)[1].name, "02_second.sql");
}

TEST_F(MigrationFiles, RejectsAGap) {
  write_file(dir_ / "001_a.sql", "");
  write_file(dir_ / "003_c.sql", "");
  auto all = list_migrations(dir_);
  ASSERT_FALSE(all);
  EXPECT_EQ(all.error().code, codes::kMigrationInvalid);
  EXPECT_THAT(all.error().message, HasSubstr("缺少序号 2"));
}

TEST_F(MigrationFiles, RejectsARepeatedNumber) {
  write_file(dir_ / "001_a.sql", "");
  write_file(dir_ / "002_b.sql", "");
  write_file(dir_ / "002_c.sql", "");
  auto all = list_migrations(dir_);
  ASSERT_FALSE(all);
  EXPECT_EQ(all.error().code, codes::kMigrationInvalid);
  EXPECT_THAT(all.error().message, HasSubstr("002_c.sql"));
}

TEST_F(MigrationFiles, RejectsAMisnamedFile) {
  write_file(dir_ / "001_a.sql", "");
  write_file(dir_ / "add-users.sql", "");
  auto all = list_migrations(dir_);
  ASSERT_FALSE(all);
  EXPECT_EQ(all.error().code, codes::kMigrationInvalid);
  EXPECT_THAT(all.error().message, HasSubstr("add-users.sql"));
}

TEST_F(MigrationFiles, RejectsAMissingOrEmptyFolder) {
  auto missing = list_migrations(dir_ / "nowhere");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, codes::kMigrationInvalid);
  auto empty = list_migrations(dir_);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, codes::kMigrationInvalid);
}

}  // namespace
