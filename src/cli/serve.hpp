#pragma once
// `tidu serve`: configuration and wiring of the HTTP server.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "catalogue/catalogue.hpp"
#include "core/error.hpp"
#include "rounds/loader.hpp"
#include "rounds/round.hpp"
#include "service/common.hpp"
#include "service/file_store.hpp"
#include "storage/database.hpp"
#include "storage/pool.hpp"
#include "storage/sqlite.hpp"

namespace tidu::cli {

/// Server settings. Precedence: command-line flags, then environment, then the config file.
struct ServeConfig {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;
  std::string data_dir = "tidu-data";  ///< state: embedded database and file store
  std::string database_url;            ///< empty: SQLite in data_dir; postgresql://… otherwise
  std::size_t max_body_bytes = std::size_t{32} << 20;
  int session_hours = 8;
  unsigned workers = 4;
  /// The nice value of the copied-text check and band keeper threads (0–19): requests come
  /// first. 0 where nothing may wait behind other processes (the tests on a loaded machine).
  int background_nice = 10;
  bool secure_cookie = false;     ///< Secure flag on the session cookie (serving behind HTTPS)
  std::filesystem::path web_dir;  ///< the built web UI (web/dist); empty: a page says how to build
  std::string migrations_dir = TIDU_DEFAULT_MIGRATIONS_DIR;
};

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

/// Reads --config FILE (YAML), TIDU_* variables and flags; every bad value is an error naming it.
Result<ServeConfig> load_serve_config(const std::map<std::string, std::string>& flags,
                                      const EnvLookup& env);

/// The opened state: the database, migrated to the newest schema this binary knows.
struct State {
  std::unique_ptr<storage::Database> database;
  int schema_version = 0;
};

/// Opens the configured database (SQLite at data_dir/tidu.sqlite when no URL is given, creating
/// the folder) and applies pending migrations; a database newer than the binary is refused.
Result<State> open_state(const ServeConfig& config);

/// The round definitions administrators saved (the newest version of each), read from the
/// configured database after open_state; they take the place of the data files' rounds.
Result<std::vector<rounds::RoundText>> stored_rounds(const ServeConfig& config);

/// The region codes administrators imported (service::Imports), read from the configured database
/// after open_state; they are merged into the region tree before the rounds are loaded.
Result<std::vector<catalogue::Region>> stored_regions(const ServeConfig& config);

/// A pool of `size` connections to the configured database (opened by open_state before).
/// SQLite: the pool's writers queue on `gate` (a new one when null), which its checkpointer also
/// holds when the WAL outgrows its limit.
Result<std::unique_ptr<storage::Pool>> open_pool(
    const ServeConfig& config, std::size_t size,
    std::shared_ptr<storage::SqliteWriterGate> gate = nullptr);

/// Where attachments go: DATA/files with SQLite; the database itself with PostgreSQL, so that
/// every server process reaches them.
std::unique_ptr<service::FileStore> open_file_store(const ServeConfig& config, storage::Pool& pool);

/// The server clock: the system clock, or fixed by TIDU_TEST_NOW for tests of deadlines (then
/// a warning is printed). CONFIG_INVALID for a bad value.
Result<service::Clock> server_clock(const EnvLookup& env);

/// Runs the server until SIGTERM or SIGINT; returns the exit code.
/// TIDU_TEST_NOW in the environment fixes the clock (for tests of deadlines; a warning is printed).
int serve(const ServeConfig& config, const catalogue::Catalogue& catalogue,
          const rounds::RoundSet& rounds, const EnvLookup& env);

}  // namespace tidu::cli
