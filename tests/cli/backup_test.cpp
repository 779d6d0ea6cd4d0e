// `tidu backup` and `tidu restore` on the real binary, SQLite always and PostgreSQL when
// TIDU_TEST_PG_URL is set: the demo installation backed up while its server runs and restored
// into an empty one comes back with every declaration's submitted versions and their hashes,
// every table's rows, the audit chain and the attachment files; a second restore into the same
// database, a damaged backup and a backup into a used folder are refused with a reason, and a
// refused restore writes nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>

#include <fmt/format.h>

#include "service/backup.hpp"
#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "support/api_world.hpp"
#include "support/command.hpp"
#include "support/report.hpp"
#include "support/server_process.hpp"
#include "support/storage.hpp"

namespace {

namespace fs = std::filesystem;
using tidu::test::Backend;
using tidu::test::describe;
using tidu::test::ServerState;
using Outcome = tidu::test::CommandOutcome;

Outcome run_tidu(const ServerState& state, const std::string& args) {
  const std::string database =
      state.database_url().empty() ? "" : fmt::format(" --database '{}'", state.database_url());
  return tidu::test::run_command(fmt::format("'{}' --policy '{}' {} --data '{}'{} 2>&1 </dev/null",
                                             TIDU_BINARY, TIDU_DEFAULT_DATA_DIR, args,
                                             state.dir().string(), database));
}

/// (declaration, version number) → the submitted version's SHA-256.
using Hashes = std::map<std::tuple<std::string, std::int64_t>, std::string>;

class BackupRestore : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgres && tidu::test::pg_test_url().empty()) {
      if (const char* r = std::getenv("TIDU_REQUIRE_PG"); r != nullptr && std::string(r) == "1")
        FAIL() << "TIDU_REQUIRE_PG=1 but TIDU_TEST_PG_URL is not set";
      GTEST_SKIP() << "PostgreSQL not tested: TIDU_TEST_PG_URL is not set";
    }
    std::string pattern = (fs::temp_directory_path() / "tidu-backup-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  std::unique_ptr<tidu::storage::Database> connect(const ServerState& state) {
    auto db = state.connect();
    EXPECT_TRUE(db) << describe(db.error());
    return db ? std::move(*db) : nullptr;
  }

  Hashes hashes(const ServerState& state) {
    Hashes out;
    auto db = connect(state);
    if (!db) return out;
    auto rows = db->query("SELECT declaration_id, number, sha256 FROM snapshots");
    EXPECT_TRUE(rows) << describe(rows.error());
    for (const auto& r : rows ? *rows : std::vector<tidu::storage::Row>{})
      out[{r.get_text(0), r.get_int(1)}] = r.get_text(2);
    return out;
  }

  /// Every table's row digest.
  std::map<std::string, std::string> digests(const ServerState& state) {
    std::map<std::string, std::string> out;
    auto db = connect(state);
    if (!db) return out;
    auto version = tidu::storage::current_version(*db);
    EXPECT_TRUE(version);
    auto rows = db->query(
        db->dialect() == "sqlite"
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            : "SELECT table_name FROM information_schema.tables WHERE "
              "table_schema = current_schema()");
    EXPECT_TRUE(rows) << describe(rows.error());
    for (const auto& r : rows ? *rows : std::vector<tidu::storage::Row>{}) {
      if (r.get_text(0) == "schema_version") continue;  // migration times differ
      auto d = tidu::service::table_digest(*db, r.get_text(0));
      EXPECT_TRUE(d) << describe(d.error());
      out[r.get_text(0)] = d ? *d : "";
    }
    return out;
  }

  static std::size_t files_under(const fs::path& dir) {
    std::size_t n = 0;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return 0;
    for (const auto& e : fs::recursive_directory_iterator(dir, ec))
      n += e.is_regular_file() ? 1 : 0;
    return n;
  }

  fs::path dir_;
};

INSTANTIATE_TEST_SUITE_P(Cli, BackupRestore, tidu::test::all_backends(), tidu::test::backend_name);

TEST_P(BackupRestore, ARoundTripKeepsEveryDeclarationItsHashAndEveryRow) {
  const ServerState source(GetParam());
  const auto demo = run_tidu(source, "demo");
  ASSERT_EQ(demo.code, 0) << demo.out;
  const Hashes before = hashes(source);
  ASSERT_GT(before.size(), 20U);  // the demo's submitted versions

  // Online: the server goes on running on the source while the backup is taken.
  const fs::path backup = dir_ / "backup";
  {
    tidu::test::ServerProcess server(source.options());
    const auto made = run_tidu(source, fmt::format("backup '{}'", backup.string()));
    ASSERT_EQ(made.code, 0) << made.out;
    EXPECT_NE(made.out.find("备份完成"), std::string::npos) << made.out;
  }
  std::ifstream in(backup / "manifest.json");
  const auto manifest = nlohmann::json::parse(in, nullptr, false);
  ASSERT_FALSE(manifest.is_discarded());
  EXPECT_EQ(manifest.value("format", ""), "tidu-backup/1");
  EXPECT_GT(manifest.value("rows", 0), 1000);

  const ServerState target(GetParam());
  const auto restored = run_tidu(target, fmt::format("restore '{}'", backup.string()));
  ASSERT_EQ(restored.code, 0) << restored.out;
  EXPECT_NE(restored.out.find("恢复完成"), std::string::npos) << restored.out;

  EXPECT_EQ(hashes(target), before);
  const auto source_digests = digests(source);
  EXPECT_GT(source_digests.size(), 40U);
  const auto target_digests = digests(target);
  for (const auto& [table, digest] : source_digests) {
    const auto found = target_digests.find(table);
    EXPECT_TRUE(found != target_digests.end() && found->second == digest) << table;
  }
  const auto audit = run_tidu(target, "audit verify");
  EXPECT_EQ(audit.code, 0) << audit.out;
  if (GetParam() == Backend::kSqlite) {
    EXPECT_GT(files_under(source.dir() / "files"), 100U);
    EXPECT_EQ(files_under(target.dir() / "files"), files_under(source.dir() / "files"));
  }
  ::testing::Test::RecordProperty("declaration_versions", static_cast<int>(before.size()));
  tidu::test::report(fmt::format(
      "[ backup ] {}: {} rows in {} tables, {} submitted versions with their hashes, restored "
      "equal",
      GetParam() == Backend::kSqlite ? "sqlite" : "postgresql", manifest.value("rows", 0),
      source_digests.size(), before.size()));

  // Not twice into the same database.
  const auto again = run_tidu(target, fmt::format("restore '{}'", backup.string()));
  EXPECT_EQ(again.code, 2) << again.out;
  EXPECT_NE(again.out.find("目标数据库不是空的"), std::string::npos) << again.out;
  // Never into a used folder.
  const auto over = run_tidu(source, fmt::format("backup '{}'", backup.string()));
  EXPECT_EQ(over.code, 2) << over.out;
  EXPECT_NE(over.out.find("已存在且不为空"), std::string::npos) << over.out;
}

TEST_P(BackupRestore, ADamagedBackupIsRefusedAndNothingIsWritten) {
  const ServerState source(GetParam());
  ASSERT_EQ(run_tidu(source, "demo").code, 0);
  const fs::path backup = dir_ / "backup";
  ASSERT_EQ(run_tidu(source, fmt::format("backup '{}'", backup.string())).code, 0);
  // One character of one row changed.
  const fs::path table = backup / "tables" / "enterprises.jsonl";
  std::string text;
  {
    std::ifstream in(table, std::ios::binary);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  const auto at = text.find("有限公司");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 3, "无");
  std::ofstream(table, std::ios::binary) << text;

  const ServerState target(GetParam());
  const auto refused = run_tidu(target, fmt::format("restore '{}'", backup.string()));
  EXPECT_EQ(refused.code, 2) << refused.out;
  EXPECT_NE(refused.out.find("备份不完整或已损坏"), std::string::npos) << refused.out;
  EXPECT_NE(refused.out.find("enterprises"), std::string::npos) << refused.out;
  auto db = connect(target);
  ASSERT_NE(db, nullptr);
  auto version = tidu::storage::current_version(*db);
  ASSERT_TRUE(version) << describe(version.error());
  EXPECT_EQ(*version, 0);  // not even migrated

  // Without its manifest (a backup cut short) it is refused too.
  fs::remove(backup / "manifest.json");
  const auto cut = run_tidu(target, fmt::format("restore '{}'", backup.string()));
  EXPECT_EQ(cut.code, 2) << cut.out;
  EXPECT_NE(cut.out.find("manifest.json"), std::string::npos) << cut.out;
}

}  // namespace
