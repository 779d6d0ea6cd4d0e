#include "storage/sqlite.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "storage/sql_log.hpp"

namespace tidu::storage {
namespace {

using detail::sql_for_log;

/// Set on a thread once it has waited for quiet: its transactions are background ones.
thread_local bool background_writer = false;

/// More distinct SQL texts than this means the program builds SQL dynamically; start afresh
/// rather than grow without bound.
constexpr std::size_t kMaxCachedStatements = 256;

struct StatementFinalizer {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

struct TransparentHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

/// Translates the code SQLite gave into our error: a stable code, a message in Chinese and the
/// driver's own text for the log.
Error make_error(sqlite3* db, int rc, std::string_view sql) {
  std::string detail = fmt::format("sqlite {} ({}): {}", sqlite3_errstr(rc), rc,
                                   db != nullptr ? sqlite3_errmsg(db) : "");
  if (!sql.empty()) detail += fmt::format(" [sql: {}]", sql_for_log(sql));
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      switch (rc) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY:
          return {codes::kConstraint, "数据与已有记录重复，未保存", std::move(detail)};
        case SQLITE_CONSTRAINT_FOREIGNKEY:
          return {codes::kConstraint, "数据引用的记录不存在，或记录仍被其他数据引用，未保存",
                  std::move(detail)};
        case SQLITE_CONSTRAINT_NOTNULL:
          return {codes::kConstraint, "缺少必填数据，未保存", std::move(detail)};
        default:
          return {codes::kConstraint, "数据不满足数据库约束，未保存", std::move(detail)};
      }
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return {codes::kBusy, "数据库正忙，请稍后重试", std::move(detail)};
    default:
      return {codes::kQuery, "数据库操作失败，请稍后重试或联系管理员", std::move(detail)};
  }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

/// Rewrites $N as ?N outside literals, quoted names and comments: SQLite reads "$1" as a named
/// parameter numbered by first appearance, so "$2 … $1" would bind the wrong values.
std::string translate_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  std::size_t i = 0;
  const auto copy_until = [&](std::string_view end) {
    const std::size_t stop = sql.find(end, i);
    const std::size_t to = stop == std::string_view::npos ? sql.size() : stop + end.size();
    out.append(sql.substr(i, to - i));
    i = to;
  };
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'' || c == '"' || c == '`') {
      // A doubled quote inside a literal reads as two adjacent literals: same bytes out.
      out += c;
      ++i;
      copy_until(std::string_view(&c, 1));
    } else if (c == '[') {
      copy_until("]");
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      copy_until("\n");
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      copy_until("*/");
    } else if (c == '$' && i + 1 < sql.size() && is_digit(sql[i + 1]) &&
               (i == 0 || !is_name_char(sql[i - 1]))) {  // "a$1" is a name in both dialects
      out += '?';
      ++i;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(sqlite3* db, std::shared_ptr<SqliteWriterGate> gate,
                 std::chrono::milliseconds gate_timeout)
      : db_(db), gate_(std::move(gate)), gate_timeout_(gate_timeout) {}
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;
  ~SqliteDatabase() override {
    release_gate();  // closed inside a transaction: the gate is free and names no owner
    statements_.clear();
    // Recommended before closing a long-lived connection: refreshes the planner's statistics.
    sqlite3_exec(db_, "PRAGMA optimize", nullptr, nullptr, nullptr);
    sqlite3_close_v2(db_);
  }

  using Database::execute;
  using Database::query;

  Result<std::vector<Row>> query(std::string_view sql, std::span<const Value> params) override {
    auto stmt = prepare_and_bind(sql, params);
    if (!stmt) return std::unexpected(std::move(stmt.error()));
    const ResetOnExit reset{*stmt};
    std::vector<Row> rows;
    const int columns = sqlite3_column_count(*stmt);
    for (;;) {
      const int rc = sqlite3_step(*stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return std::unexpected(make_error(db_, rc, sql));
      Row row;
      row.values.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) row.values.push_back(column_value(*stmt, c));
      rows.push_back(std::move(row));
    }
    return rows;
  }

  Result<std::int64_t> execute(std::string_view sql, std::span<const Value> params) override {
    auto stmt = prepare_and_bind(sql, params);
    if (!stmt) return std::unexpected(std::move(stmt.error()));
    const ResetOnExit reset{*stmt};
    const sqlite3_int64 before = sqlite3_total_changes64(db_);
    int rc = SQLITE_ROW;
    while (rc == SQLITE_ROW) rc = sqlite3_step(*stmt);  // INSERT … RETURNING yields rows
    if (rc != SQLITE_DONE) return std::unexpected(make_error(db_, rc, sql));
    // sqlite3_changes64 keeps the count of the last INSERT/UPDATE/DELETE, even when this
    // statement was something else (CREATE, SELECT): report 0 for those.
    return sqlite3_total_changes64(db_) == before ? 0 : sqlite3_changes64(db_);
  }

  Result<void> execute_script(std::string_view sql) override {
    const std::string text(sql);
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    sqlite3_free(message);  // the same text is still available from sqlite3_errmsg
    if (rc != SQLITE_OK) return std::unexpected(make_error(db_, rc, sql));
    return {};
  }

  Result<void> begin() override {
    if (gate_) {
      if (gate_->owner.load() == std::this_thread::get_id()) {
        return std::unexpected(Error{codes::kBusy, "数据库正忙，请稍后重试",
                                     "a second transaction on the thread already in one"});
      }
      held_ = std::unique_lock(gate_->mutex, std::defer_lock);
      if (!held_.try_lock_for(gate_timeout_)) {
        return std::unexpected(Error{codes::kBusy, "数据库正忙，请稍后重试",
                                     "another transaction of this process held the writer gate "
                                     "past the busy timeout"});
      }
      gate_->owner.store(std::this_thread::get_id());
      if (!background_writer) {
        gate_->foreground_begun_at.store(
            std::chrono::steady_clock::now().time_since_epoch().count(), std::memory_order_relaxed);
      }
    }
    auto begun = run("BEGIN IMMEDIATE");
    if (!begun) release_gate();
    return begun;
  }
  Result<void> commit() override {
    auto done = run("COMMIT");
    // A failed COMMIT may leave the transaction open (SQLITE_BUSY): rollback() ends it.
    if (sqlite3_get_autocommit(db_) != 0) release_gate();
    return done;
  }
  Result<void> rollback() override {
    // Some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM …) end the transaction by themselves.
    Result<void> done;
    if (sqlite3_get_autocommit(db_) == 0) done = run("ROLLBACK");
    if (sqlite3_get_autocommit(db_) != 0) release_gate();
    return done;
  }

  std::string_view dialect() const override { return "sqlite"; }

  /// Runs a PRAGMA or other statement on the raw connection and returns its first value.
  Result<std::string> pragma(const char* sql) {
    auto rows = query(sql, std::span<const Value>{});
    if (!rows) return std::unexpected(std::move(rows.error()));
    if (rows->empty() || rows->front().size() == 0) return std::string();
    const Value& v = rows->front().values[0];
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
    return std::string();
  }

 private:
  /// Leaves a cached statement ready for its next use, and releases the read snapshot it holds.
  class ResetOnExit {
   public:
    explicit ResetOnExit(sqlite3_stmt* stmt) : stmt_(stmt) {}
    ResetOnExit(const ResetOnExit&) = delete;
    ResetOnExit& operator=(const ResetOnExit&) = delete;
    ~ResetOnExit() {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    }

   private:
    sqlite3_stmt* stmt_;
  };

  void release_gate() {
    if (!held_.owns_lock()) return;
    gate_->owner.store(std::thread::id{});
    held_.unlock();
  }

  Result<void> run(std::string_view sql) {
    auto done = execute(sql, std::span<const Value>{});
    if (!done) return std::unexpected(std::move(done.error()));
    return {};
  }

  Result<sqlite3_stmt*> prepare(std::string_view sql) {
    if (auto it = statements_.find(sql); it != statements_.end()) return it->second.get();
    const std::string translated = translate_placeholders(sql);
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const int rc = sqlite3_prepare_v3(db_, translated.c_str(), static_cast<int>(translated.size()),
                                      SQLITE_PREPARE_PERSISTENT, &raw, &tail);
    Statement stmt(raw);
    if (rc != SQLITE_OK) return std::unexpected(make_error(db_, rc, sql));
    if (!stmt) {
      return std::unexpected(
          Error{codes::kQuery, "数据库操作失败，请联系管理员", "empty SQL statement"});
    }
    // prepare compiles only the first statement; anything after it would be silently ignored.
    sqlite3_stmt* rest = nullptr;
    const int rest_rc = sqlite3_prepare_v2(db_, tail, -1, &rest, nullptr);
    const Statement rest_stmt(rest);
    if (rest_rc != SQLITE_OK || rest_stmt) {
      return std::unexpected(Error{codes::kQuery, "数据库操作失败，请联系管理员",
                                   fmt::format("more than one statement in [sql: {}]; use "
                                               "execute_script for several statements",
                                               sql_for_log(sql))});
    }
    if (statements_.size() >= kMaxCachedStatements) statements_.clear();
    sqlite3_stmt* out = stmt.get();
    statements_.emplace(std::string(sql), std::move(stmt));
    return out;
  }

  Result<sqlite3_stmt*> prepare_and_bind(std::string_view sql, std::span<const Value> params) {
    auto stmt = prepare(sql);
    if (!stmt) return stmt;
    const int expected = sqlite3_bind_parameter_count(*stmt);
    if (static_cast<std::size_t>(expected) != params.size()) {
      return std::unexpected(Error{codes::kQuery, "数据库操作失败，请联系管理员",
                                   fmt::format("statement takes {} parameters, {} given [sql: {}]",
                                               expected, params.size(), sql_for_log(sql))});
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      const Value& v = params[i];
      int rc = SQLITE_OK;
      if (const auto* n = std::get_if<std::int64_t>(&v)) {
        rc = sqlite3_bind_int64(*stmt, index, *n);
      } else if (const auto* d = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(*stmt, index, *d);
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        // The parameters outlive the statement's use: bindings are cleared before returning.
        rc = sqlite3_bind_text64(*stmt, index, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
      } else {
        rc = sqlite3_bind_null(*stmt, index);
      }
      if (rc != SQLITE_OK) {
        sqlite3_clear_bindings(*stmt);
        return std::unexpected(make_error(db_, rc, sql));
      }
    }
    return stmt;
  }

  static Value column_value(sqlite3_stmt* stmt, int c) {
    switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_INTEGER:
        return std::int64_t{sqlite3_column_int64(stmt, c)};
      case SQLITE_FLOAT:
        return sqlite3_column_double(stmt, c);
      case SQLITE_TEXT: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)));
      }
      case SQLITE_BLOB: {
        const auto* blob = static_cast<const char*>(sqlite3_column_blob(stmt, c));
        const auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt, c));
        return size == 0 ? std::string() : std::string(blob, size);
      }
      default:
        return nullptr;
    }
  }

  sqlite3* db_;
  std::shared_ptr<SqliteWriterGate> gate_;
  std::chrono::milliseconds gate_timeout_;
  std::unique_lock<std::timed_mutex>
      held_;  ///< the gate, from begin() to the end of the transaction
  std::unordered_map<std::string, Statement, TransparentHash, std::equal_to<>> statements_;
};

Error connect_error(const std::filesystem::path& file, std::string detail) {
  return Error{
      codes::kConnect,
      fmt::format("无法打开数据库文件“{}”：请检查路径是否存在、是否有读写权限", file.string()),
      std::move(detail)};
}

}  // namespace

bool SqliteWriterGate::wait_for_quiet(std::chrono::milliseconds quiet,
                                      const std::stop_token& stop) {
  using Clock = std::chrono::steady_clock;
  background_writer = true;
  while (!stop.stop_requested()) {
    const Clock::time_point last(
        Clock::duration(foreground_begun_at.load(std::memory_order_relaxed)));
    const auto since = Clock::now() - last;
    if (since >= quiet) return true;
    // Until `quiet` after the last one, in steps of at most 20 ms so that a stop is seen soon.
    std::this_thread::sleep_for(
        std::min<Clock::duration>(quiet - since, std::chrono::milliseconds(20)));
  }
  return false;
}

Result<std::unique_ptr<Database>> open_sqlite(const std::filesystem::path& file,
                                              const SqliteOptions& options) {
  // SQLite counts the memory it allocates under one process-wide mutex unless told not to
  // (SQLITE_DEFAULT_MEMSTATUS): every connection's every allocation would take it, and the
  // server's threads queue on it (perf, queue pages). Tidu never reads the count. Possible only
  // before SQLite initializes, hence at the first open; refused (harmlessly) after.
  static std::once_flag memstatus_off;
  std::call_once(memstatus_off, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  sqlite3* raw = nullptr;
  const int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  const int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = make_error(raw, rc, {}).detail;
    sqlite3_close_v2(raw);  // a handle comes back even on failure; NULL is harmless
    return std::unexpected(connect_error(file, std::move(detail)));
  }
  auto db = std::make_unique<SqliteDatabase>(raw, options.writer_gate, options.busy_timeout);
  sqlite3_busy_timeout(raw, static_cast<int>(options.busy_timeout.count()));

  const auto setting = [&](const char* sql, std::string_view wanted) -> Result<void> {
    auto got = db->pragma(sql);
    if (!got) return std::unexpected(connect_error(file, got.error().detail));
    if (!wanted.empty() && *got != wanted) {
      return std::unexpected(
          connect_error(file, fmt::format("{} gave \"{}\", wanted \"{}\"", sql, *got, wanted)));
    }
    return {};
  };
  // WAL needs shared memory beside the file; it fails on some network file systems.
  if (auto ok = setting("PRAGMA journal_mode=WAL", "wal"); !ok) {
    return std::unexpected(std::move(ok.error()));
  }
  const char* sync = options.synchronous == Synchronous::kFull ? "PRAGMA synchronous=FULL"
                                                               : "PRAGMA synchronous=NORMAL";
  if (auto ok = setting(sync, ""); !ok) return std::unexpected(std::move(ok.error()));
  if (auto ok = setting("PRAGMA foreign_keys=ON", ""); !ok) {
    return std::unexpected(std::move(ok.error()));
  }
  // A build without foreign-key support accepts the PRAGMA and ignores it.
  if (auto ok = setting("PRAGMA foreign_keys", "1"); !ok) {
    return std::unexpected(std::move(ok.error()));
  }
  if (!options.auto_checkpoint) sqlite3_wal_autocheckpoint(raw, 0);
  // A WAL started again from its beginning is cut back to 64 MiB, so a burst of writes does not
  // keep its disk space.
  if (auto ok = setting("PRAGMA journal_size_limit=67108864", ""); !ok) {
    return std::unexpected(std::move(ok.error()));
  }
  return std::unique_ptr<Database>(std::move(db));
}

Result<std::unique_ptr<SqliteCheckpointer>> SqliteCheckpointer::start(
    const std::filesystem::path& file, SqliteCheckpointerOptions options) {
  auto db = open_sqlite(file, SqliteOptions{.synchronous = Synchronous::kNormal,
                                            .busy_timeout = std::chrono::milliseconds(5000),
                                            .auto_checkpoint = false});
  if (!db) return std::unexpected(db.error());
  std::unique_ptr<SqliteCheckpointer> c(new SqliteCheckpointer(std::move(*db), std::move(options)));
  c->thread_ = std::jthread([raw = c.get()](const std::stop_token& stop) { raw->run(stop); });
  return c;
}

void SqliteCheckpointer::run(const std::stop_token& stop) {
  std::int64_t page_size = 4096;
  if (auto p = db_->query("PRAGMA page_size", {}); p && !p->empty()) page_size = (*p)[0].get_int(0);
  while (!stop.stop_requested()) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, stop, options_.interval, [] { return false; });
    }
    if (stop.stop_requested()) break;
    // PASSIVE copies what no reader still needs and returns at once; a failure (the file being
    // replaced, a full disk) is tried again at the next interval. It answers (busy, frames in the
    // WAL, frames copied).
    auto passive = db_->query("PRAGMA wal_checkpoint(PASSIVE)", {});
    if (!passive) continue;
    ++runs_;
    const std::int64_t frames = passive->empty() ? 0 : (*passive)[0].get_int(1);
    if (frames <= 0 || static_cast<std::uint64_t>(frames) * static_cast<std::uint64_t>(page_size) <=
                           options_.wal_limit_bytes)
      continue;
    // Too large: with the writers held at the gate nothing is appended meanwhile, so a PASSIVE
    // checkpoint catches up as soon as the readers of older snapshots are done (a few tries);
    // readers that start after it read the database file, and the next writer starts the WAL
    // from its beginning again (cut back to journal_size_limit). A gate held elsewhere for long
    // is tried again next time.
    std::unique_lock<std::timed_mutex> held;
    if (options_.writer_gate) {
      held = std::unique_lock(options_.writer_gate->mutex, std::defer_lock);
      if (!held.try_lock_for(std::chrono::seconds(2))) continue;
    }
    auto restarted = db_->query("PRAGMA wal_checkpoint(RESTART)", {});
    if (restarted && !restarted->empty() && (*restarted)[0].get_int(0) == 0) ++truncations_;
  }
}

SqliteCheckpointer::~SqliteCheckpointer() {
  thread_.request_stop();
  thread_.join();
  // Everything into the file and the WAL emptied, as SQLite does when the last connection closes.
  (void)db_->query("PRAGMA wal_checkpoint(TRUNCATE)", {});
}

}  // namespace tidu::storage
