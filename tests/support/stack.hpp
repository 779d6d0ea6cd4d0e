#pragma once
// The whole application in one process for tests that call the router directly: a fresh SQLite
// database in a temporary folder, migrated, with every service and the App over it.
//
// Header-only: tests/CMakeLists.txt compiles only the *_test.cpp files and named helpers.
#include <stdlib.h>  // mkdtemp

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "api/app.hpp"
#include "cli/wiring.hpp"
#include "security/password.hpp"
#include "service/file_store.hpp"
#include "storage/migrations.hpp"
#include "storage/pool.hpp"
#include "storage/sqlite.hpp"
#include "support/world.hpp"

namespace tidu::test {

/// A migrated SQLite database, services and the App, removed when destroyed.
class Stack {
 public:
  explicit Stack(service::Clock clock = service::system_now) {
    std::string pattern = (std::filesystem::temp_directory_path() / "tidu-stack-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    const auto file = dir_ / "tidu.sqlite";
    auto pool = storage::Pool::open([file] { return storage::open_sqlite(file); }, 4);
    if (!pool) throw std::runtime_error(pool.error().message);
    pool_ = std::move(*pool);
    auto lease = pool_->acquire();
    if (!lease) throw std::runtime_error(lease.error().message);
    if (auto m = storage::migrate(**lease, TIDU_MIGRATIONS_DIR); !m)
      throw std::runtime_error(m.error().message + " " + m.error().detail);
    files_ = std::make_unique<service::LocalFileStore>(dir_ / "files");
    services_ = std::make_unique<cli::ServiceSet>(*pool_, *files_, hasher_, catalogue(), rounds(),
                                                  clock, 8);
    app_ = std::make_unique<api::App>(catalogue(), rounds(), services_->refs(),
                                      api::AppInfo{.version = "test",
                                                   .database = "sqlite",
                                                   .session_hours = 8,
                                                   .secure_cookie = false,
                                                   .web_root = {},
                                                   .clock = clock});
  }
  ~Stack() {
    app_.reset();
    services_.reset();
    pool_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  Stack(const Stack&) = delete;
  Stack& operator=(const Stack&) = delete;

  api::App& app() { return *app_; }
  service::Accounts& accounts() { return services_->accounts; }
  service::Enterprises& enterprises() { return services_->enterprises; }
  service::Declarations& declarations() { return services_->declarations; }
  storage::Pool& pool() { return *pool_; }

 private:
  std::filesystem::path dir_;
  security::PasswordHasher hasher_{2};
  std::unique_ptr<storage::Pool> pool_;
  std::unique_ptr<service::FileStore> files_;
  std::unique_ptr<cli::ServiceSet> services_;
  std::unique_ptr<api::App> app_;
};

}  // namespace tidu::test
