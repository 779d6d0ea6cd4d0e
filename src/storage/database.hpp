#pragma once
// The one database interface both backends implement: SQL text with positional parameters
// ($1, $2, …), values as a small variant, errors as values with stable codes.
//
// A Database object is one connection. It is not safe to use from two threads at once: give each
// thread its own object, or hand objects out from a pool.
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error.hpp"

namespace tidu::storage {

/// Stable error codes of the storage layer; the edge maps each to one response.
namespace codes {
inline constexpr const char* kConnect = "DB_CONNECT";        ///< cannot open or lost the database
inline constexpr const char* kQuery = "DB_QUERY";            ///< the statement failed
inline constexpr const char* kConstraint = "DB_CONSTRAINT";  ///< unique, foreign key, not null …
inline constexpr const char* kBusy = "DB_BUSY";  ///< locked by another writer: retry later
inline constexpr const char* kNewerThanBinary = "DB_NEWER_THAN_BINARY";   ///< upgrade the program
inline constexpr const char* kMigrationInvalid = "DB_MIGRATION_INVALID";  ///< bad migrations dir
}  // namespace codes

/// One parameter or column value. NULL, 64-bit integer, double or UTF-8 text.
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

/// One result row. Asking for a value of the wrong kind is a bug and throws std::logic_error.
struct Row {
  std::vector<Value> values;

  /// Number of columns.
  std::size_t size() const { return values.size(); }
  /// True when column `i` is NULL.
  bool is_null(std::size_t i) const;
  /// An integer column; a double holding a whole number is accepted too (PostgreSQL gives
  /// NUMERIC for SUM over BIGINT where SQLite gives an integer).
  std::int64_t get_int(std::size_t i) const;
  /// A floating-point column; integers are widened.
  double get_double(std::size_t i) const;
  /// A text column.
  const std::string& get_text(std::size_t i) const;
};

/// A connection to SQLite or PostgreSQL. Parameters are written $1, $2, … in both dialects.
///
/// Inside a transaction, roll back after any error: PostgreSQL refuses every further statement
/// of a failed transaction, while SQLite undoes only the failed statement.
class Database {
 public:
  virtual ~Database() = default;
  Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  /// Runs one statement and returns all its rows.
  virtual Result<std::vector<Row>> query(std::string_view sql, std::span<const Value> params) = 0;
  /// Runs one statement and returns the number of rows it inserted, updated or deleted.
  virtual Result<std::int64_t> execute(std::string_view sql, std::span<const Value> params) = 0;
  /// Runs several statements separated by semicolons, without parameters (schema changes).
  virtual Result<void> execute_script(std::string_view sql) = 0;

  /// Starts a transaction. SQLite takes the write lock at once (BEGIN IMMEDIATE), so two
  /// writers queue on the busy timeout instead of failing when the first one writes.
  virtual Result<void> begin() = 0;
  /// Commits the open transaction; fails when the database rolled it back instead.
  virtual Result<void> commit() = 0;
  /// Rolls back the open transaction; succeeds when there is none.
  virtual Result<void> rollback() = 0;

  /// "sqlite" or "postgresql", for the rare statement the dialects spell differently.
  virtual std::string_view dialect() const = 0;

  /// Convenience for literal parameter lists: db.query(sql, {id, 3, nullptr}).
  Result<std::vector<Row>> query(std::string_view sql, std::initializer_list<Value> params = {}) {
    return query(sql, std::span<const Value>(params.begin(), params.size()));
  }
  /// Convenience for literal parameter lists: db.execute(sql, {id, "名称"}).
  Result<std::int64_t> execute(std::string_view sql, std::initializer_list<Value> params = {}) {
    return execute(sql, std::span<const Value>(params.begin(), params.size()));
  }
};

/// A transaction that rolls back when it goes out of scope without commit().
class Transaction {
 public:
  /// Begins a transaction on `db`, which must outlive the returned object.
  static Result<Transaction> begin(Database& db);

  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&& other) noexcept;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  /// Commits. When the commit fails the transaction is rolled back; either way it is over, and
  /// calling commit() or rollback() again is a bug (std::logic_error).
  Result<void> commit();
  /// Rolls back now rather than at the end of the scope; the transaction is over.
  Result<void> rollback();

 private:
  explicit Transaction(Database& db) : db_(&db) {}
  Database* db_;
};

}  // namespace tidu::storage
