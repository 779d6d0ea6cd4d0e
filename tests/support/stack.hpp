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
#include "security/password.hpp"
#include "service/accounts.hpp"
#include "service/blacklists.hpp"
#include "service/declarations.hpp"
#include "service/enterprises.hpp"
#include "service/file_store.hpp"
#include "service/reminders.hpp"
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
    accounts_ = std::make_unique<service::Accounts>(*pool_, hasher_, catalogue(), clock,
                                                    service::AccountPolicy{});
    enterprises_ = std::make_unique<service::Enterprises>(*pool_, catalogue(), clock);
    declarations_ = std::make_unique<service::Declarations>(*pool_, catalogue(), rounds(),
                                                            *enterprises_, *files_, clock);
    reviews_ = std::make_unique<service::Reviews>(*pool_, catalogue(), rounds(), *files_, clock);
    blacklists_ = std::make_unique<service::Blacklists>(*pool_, clock);
    reminders_ = std::make_unique<service::Reminders>(*pool_, rounds(), clock);
    registry_ = std::make_unique<service::Registry>(*pool_, catalogue(), rounds(), clock);
    groups_ = std::make_unique<service::Groups>(*pool_, catalogue(), rounds(), clock);
    documents_ = std::make_unique<service::Documents>(*pool_, rounds(), *declarations_, *reviews_);
    app_ = std::make_unique<api::App>(
        catalogue(), rounds(),
        api::Services{*accounts_, *enterprises_, *declarations_, *reviews_, *blacklists_,
                      *reminders_, *registry_, *groups_, *documents_},
        api::AppInfo{.version = "test",
                     .database = "sqlite",
                     .session_hours = 8,
                     .secure_cookie = false,
                     .web_root = {}});
  }
  ~Stack() {
    app_.reset();
    documents_.reset();
    groups_.reset();
    registry_.reset();
    reminders_.reset();
    blacklists_.reset();
    reviews_.reset();
    declarations_.reset();
    enterprises_.reset();
    accounts_.reset();
    pool_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  Stack(const Stack&) = delete;
  Stack& operator=(const Stack&) = delete;

  api::App& app() { return *app_; }
  service::Accounts& accounts() { return *accounts_; }
  service::Enterprises& enterprises() { return *enterprises_; }
  service::Declarations& declarations() { return *declarations_; }
  storage::Pool& pool() { return *pool_; }

 private:
  std::filesystem::path dir_;
  security::PasswordHasher hasher_{2};
  std::unique_ptr<storage::Pool> pool_;
  std::unique_ptr<service::FileStore> files_;
  std::unique_ptr<service::Accounts> accounts_;
  std::unique_ptr<service::Enterprises> enterprises_;
  std::unique_ptr<service::Declarations> declarations_;
  std::unique_ptr<service::Reviews> reviews_;
  std::unique_ptr<service::Blacklists> blacklists_;
  std::unique_ptr<service::Reminders> reminders_;
  std::unique_ptr<service::Registry> registry_;
  std::unique_ptr<service::Groups> groups_;
  std::unique_ptr<service::Documents> documents_;
  std::unique_ptr<api::App> app_;
};

}  // namespace tidu::test
