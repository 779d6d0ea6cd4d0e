#pragma once
// The SQLite backend: one file, WAL journal, foreign keys enforced.
#include <chrono>
#include <filesystem>
#include <memory>

#include "core/error.hpp"
#include "storage/database.hpp"

namespace tidu::storage {

/// How hard SQLite pushes each commit to disk. In WAL mode kNormal may lose the last commits on
/// power loss (never on a crash of the program) and is about six times faster than kFull.
enum class Synchronous { kNormal, kFull };

/// Settings for open_sqlite().
struct SqliteOptions {
  Synchronous synchronous = Synchronous::kNormal;
  /// How long a statement waits for another connection's lock before failing with DB_BUSY.
  std::chrono::milliseconds busy_timeout{5000};
};

/// Opens (creating if needed) the database file with journal_mode=WAL, foreign_keys=ON and the
/// given synchronous level and busy timeout. Prepared statements are cached per SQL text.
///
/// The returned connection must be used by one thread at a time (SQLite's multi-thread mode):
/// open one per thread, or keep several in a pool; WAL lets them read while one writes.
Result<std::unique_ptr<Database>> open_sqlite(const std::filesystem::path& file,
                                              const SqliteOptions& options = {});

}  // namespace tidu::storage
