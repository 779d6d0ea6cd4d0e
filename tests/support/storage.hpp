#pragma once
// One scratch database per test and backend, so storage tests are written once and run on both:
// a fresh SQLite file in a temporary folder, or a fresh schema in the PostgreSQL database named
// by TIDU_TEST_PG_URL (scripts/pg-test-cluster.sh starts a throw-away server). Without that
// variable the PostgreSQL cases are skipped, or fail when TIDU_REQUIRE_PG=1 (CI).
//
// Header-only: tests/CMakeLists.txt compiles only the *_test.cpp files and named helpers.
#include <stdlib.h>  // mkdtemp

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <system_error>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "storage/pool.hpp"
#include "storage/postgres.hpp"
#include "storage/sqlite.hpp"

namespace tidu::test {

/// The storage backends every storage test runs against.
enum class Backend { kSqlite, kPostgres };

/// Prints the backend in failure messages ("GetParam() = postgresql").
inline void PrintTo(Backend b, std::ostream* os) {
  *os << (b == Backend::kSqlite ? "sqlite" : "postgresql");
}

/// Names the test instance after its backend: Storage/DatabaseTest.Binds/postgresql.
inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "sqlite" : "postgresql";
}

/// Both backends, for INSTANTIATE_TEST_SUITE_P.
inline auto all_backends() { return ::testing::Values(Backend::kSqlite, Backend::kPostgres); }

/// Describes a failed Result for an assertion message.
inline std::string describe(const Error& e) {
  return fmt::format("{}: {} [{}]", e.code, e.message, e.detail);
}

/// A test fixture holding a fresh database of the parameter's backend and a scratch folder.
class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "tidu-store-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr) << "cannot create a temporary folder";
    dir_ = pattern;
    if (GetParam() == Backend::kSqlite) {
      auto opened = storage::open_sqlite(dir_ / "test.sqlite");
      ASSERT_TRUE(opened) << describe(opened.error());
      db_ = std::move(*opened);
      return;
    }
    const char* url = std::getenv("TIDU_TEST_PG_URL");
    if (url == nullptr || *url == '\0') {
      const char* require = std::getenv("TIDU_REQUIRE_PG");
      if (require != nullptr && std::string_view(require) == "1") {
        FAIL() << "TIDU_REQUIRE_PG=1 but TIDU_TEST_PG_URL is not set: start a server with "
                  "eval \"$(scripts/pg-test-cluster.sh)\" and run the tests again";
      }
      GTEST_SKIP() << "PostgreSQL not tested: TIDU_TEST_PG_URL is not set (eval \"$(scripts/"
                      "pg-test-cluster.sh)\" starts a throw-away server)";
    }
    url_ = url;
    std::random_device random;
    const std::uint64_t tag = (std::uint64_t{random()} << 32) ^ random();
    schema_ = fmt::format("t_{:016x}", tag);
    auto opened = storage::open_postgres(url_);
    ASSERT_TRUE(opened) << "TIDU_TEST_PG_URL=" << url_ << ": " << describe(opened.error());
    db_ = std::move(*opened);
    auto made = db_->execute_script(fmt::format("CREATE SCHEMA {}", schema_));
    ASSERT_TRUE(made) << describe(made.error());
    schema_created_ = true;
    auto used = db_->execute_script(fmt::format("SET search_path TO {}", schema_));
    ASSERT_TRUE(used) << describe(used.error());
  }

  void TearDown() override {
    db_.reset();
    if (schema_created_) {
      // A fresh connection: the test's own may be broken or inside a failed transaction.
      auto admin = storage::open_postgres(url_);
      ASSERT_TRUE(admin) << describe(admin.error());
      auto dropped = (*admin)->execute_script(fmt::format("DROP SCHEMA {} CASCADE", schema_));
      EXPECT_TRUE(dropped) << describe(dropped.error());
    }
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  /// The test's database.
  storage::Database& db() { return *db_; }

  /// A scratch folder removed after the test.
  const std::filesystem::path& dir() const { return dir_; }

  /// A pool of `size` further connections to the same database (each as open_another(wait)).
  Result<std::unique_ptr<storage::Pool>> pool_of_others(std::size_t size,
                                                        std::chrono::milliseconds wait) {
    return storage::Pool::open(
        [this, wait]() -> Result<std::unique_ptr<storage::Database>> {
          auto another = open_another(wait);
          if (!another) return fail("TEST", "no further connection to the test database");
          return another;
        },
        size);
  }

  /// A second connection to the same database, giving up on a lock after `wait`.
  std::unique_ptr<storage::Database> open_another(std::chrono::milliseconds wait) {
    if (GetParam() == Backend::kSqlite) {
      auto opened = storage::open_sqlite(dir_ / "test.sqlite", {.busy_timeout = wait});
      EXPECT_TRUE(opened) << describe(opened.error());
      return opened ? std::move(*opened) : nullptr;
    }
    auto opened = storage::open_postgres(url_);
    EXPECT_TRUE(opened) << describe(opened.error());
    if (!opened) return nullptr;
    auto set = (*opened)->execute_script(
        fmt::format("SET search_path TO {}; SET lock_timeout = '{}ms'", schema_, wait.count()));
    EXPECT_TRUE(set) << describe(set.error());
    return std::move(*opened);
  }

 private:
  std::filesystem::path dir_;
  std::string url_;
  std::string schema_;
  bool schema_created_ = false;
  std::unique_ptr<storage::Database> db_;
};

/// BackendTest with the database brought to the schema of migrations/ (service tests).
class MigratedBackendTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto migrated = storage::migrate(db(), TIDU_MIGRATIONS_DIR);
    ASSERT_TRUE(migrated) << describe(migrated.error());
  }
};

}  // namespace tidu::test
