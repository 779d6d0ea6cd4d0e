#pragma once
// The SQLite backend: one file, WAL journal, foreign keys enforced.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>

#include "core/error.hpp"
#include "storage/database.hpp"

namespace tidu::storage {

/// How hard SQLite pushes each commit to disk. In WAL mode kNormal may lose the last commits on
/// power loss (never on a crash of the program) and is about six times faster than kFull.
enum class Synchronous { kNormal, kFull };

/// Shared by the connections of one process to one file: a transaction waits here, up to the
/// busy timeout, before BEGIN IMMEDIATE, so writers of this process queue in order instead of in
/// SQLite's busy handler, which sleeps 1, 2, 5 … 100 ms between tries.
struct SqliteWriterGate {
  std::timed_mutex mutex;
  /// The thread in a transaction now: a second transaction on the same thread (on another
  /// connection) would wait for itself, and is refused at once.
  std::atomic<std::thread::id> owner{};
  /// When a foreground thread (a request) last began a transaction, in steady-clock ticks since
  /// its epoch, for wait_for_quiet(); 0: never.
  std::atomic<std::int64_t> foreground_begun_at{0};

  /// For a background writer (the copied-text checks, the band keeper): returns once `quiet` has
  /// passed in which no foreground transaction began — at once when it already has — so that a long
  /// background transaction does not hold the requests' saves and submissions behind it while they
  /// come without pause (a deadline rush); it then waits until they pause. False when `stop` was
  /// requested first. The calling thread is a background writer from then on: its own transactions
  /// are not counted.
  bool wait_for_quiet(std::chrono::milliseconds quiet, const std::stop_token& stop);
};

/// Settings for open_sqlite().
struct SqliteOptions {
  Synchronous synchronous = Synchronous::kNormal;
  /// How long a statement waits for another connection's lock before failing with DB_BUSY.
  std::chrono::milliseconds busy_timeout{5000};
  /// False: the connection never copies the WAL back into the database file itself
  /// (wal_autocheckpoint=0); a SqliteCheckpointer must then run beside it.
  bool auto_checkpoint = true;
  /// Null: no gate. Writers of other processes wait in the busy handler either way.
  std::shared_ptr<SqliteWriterGate> writer_gate = nullptr;
};

/// Opens (creating if needed) the database file with journal_mode=WAL, foreign_keys=ON and the
/// given synchronous level and busy timeout. Prepared statements are cached per SQL text.
///
/// The returned connection must be used by one thread at a time (SQLite's multi-thread mode):
/// open one per thread, or keep several in a pool; WAL lets them read while one writes.
Result<std::unique_ptr<Database>> open_sqlite(const std::filesystem::path& file,
                                              const SqliteOptions& options = {});

/// How a SqliteCheckpointer keeps the WAL small.
struct SqliteCheckpointerOptions {
  std::chrono::milliseconds interval{500};  ///< between PASSIVE checkpoints
  /// A WAL larger than this after a PASSIVE checkpoint is copied back whole with the writers held
  /// at `writer_gate`, so that the next writer starts it from its beginning again: under writes
  /// without pause a PASSIVE checkpoint never catches up, the WAL is never restarted, and it
  /// grows by every page every commit writes (tens of GB in minutes of copied-text checks).
  std::size_t wal_limit_bytes = std::size_t{64} << 20U;
  /// The pool's gate (null: writers are not held, and TRUNCATE waits in the busy handler).
  std::shared_ptr<SqliteWriterGate> writer_gate = nullptr;
};

/// Copies the WAL back into the database file from its own thread and connection, so that no
/// request's commit pays for it (with SQLite's automatic checkpoint, the commit that takes the WAL
/// past 1000 pages writes them all back and syncs the file). A PASSIVE checkpoint every
/// `interval` (it never waits for readers or writers), one with the writers held whenever the WAL
/// outgrows its limit, and a TRUNCATE one when stopped, leaving an empty WAL. Connections beside
/// it are opened with auto_checkpoint = false.
class SqliteCheckpointer {
 public:
  static Result<std::unique_ptr<SqliteCheckpointer>> start(const std::filesystem::path& file,
                                                           SqliteCheckpointerOptions options);
  SqliteCheckpointer(const SqliteCheckpointer&) = delete;
  SqliteCheckpointer& operator=(const SqliteCheckpointer&) = delete;
  SqliteCheckpointer(SqliteCheckpointer&&) = delete;
  SqliteCheckpointer& operator=(SqliteCheckpointer&&) = delete;
  ~SqliteCheckpointer();

  /// Checkpoints done so far (for tests).
  [[nodiscard]] std::size_t runs() const { return runs_.load(); }
  /// Of them, those that caught up with a WAL past its limit, writers held.
  [[nodiscard]] std::size_t truncations() const { return truncations_.load(); }

 private:
  SqliteCheckpointer(std::unique_ptr<Database> db, SqliteCheckpointerOptions options)
      : db_(std::move(db)), options_(std::move(options)) {}
  void run(const std::stop_token& stop);

  std::unique_ptr<Database> db_;
  SqliteCheckpointerOptions options_;
  std::atomic<std::size_t> runs_{0};
  std::atomic<std::size_t> truncations_{0};
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;  // last: stopped and joined before the connection closes
};

}  // namespace tidu::storage
