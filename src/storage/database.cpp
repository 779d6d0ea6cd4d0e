#include "storage/database.hpp"

#include <cmath>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "storage/sql_log.hpp"

namespace tidu::storage {
namespace {

constexpr const char* kKindNames[] = {"NULL", "integer", "double", "text"};

const Value& at(const Row& row, std::size_t i) {
  if (i >= row.values.size()) {
    throw std::logic_error(
        fmt::format("column {} requested from a row of {} columns", i, row.values.size()));
  }
  return row.values[i];
}

[[noreturn]] void wrong_kind(std::size_t i, const Value& v, const char* wanted) {
  throw std::logic_error(
      fmt::format("column {} holds {}, not {}", i, kKindNames[v.index()], wanted));
}

}  // namespace

namespace detail {

std::string sql_for_log(std::string_view sql) {
  constexpr std::size_t kMaxBytes = 300;
  std::string out;
  bool space = false;
  for (const char c : sql) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (out.size() > kMaxBytes) break;
  }
  if (out.size() <= kMaxBytes) return out;
  std::size_t cut = kMaxBytes;
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  out.resize(cut);
  return out + "…";
}

}  // namespace detail

bool Row::is_null(std::size_t i) const {
  return std::holds_alternative<std::nullptr_t>(at(*this, i));
}

std::int64_t Row::get_int(std::size_t i) const {
  const Value& v = at(*this, i);
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) {
    // 2^63 is exactly representable; everything in [-2^63, 2^63) converts without overflow.
    constexpr double kLimit = 9223372036854775808.0;
    if (std::trunc(*d) == *d && *d >= -kLimit && *d < kLimit) return static_cast<std::int64_t>(*d);
  }
  wrong_kind(i, v, "an integer");
}

double Row::get_double(std::size_t i) const {
  const Value& v = at(*this, i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
  wrong_kind(i, v, "a number");
}

const std::string& Row::get_text(std::size_t i) const {
  const Value& v = at(*this, i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  wrong_kind(i, v, "text");
}

Result<Transaction> Transaction::begin(Database& db) {
  if (auto started = db.begin(); !started) return std::unexpected(std::move(started.error()));
  return Transaction(db);
}

Transaction::Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Transaction& Transaction::operator=(Transaction&& other) noexcept {
  if (this != &other) {
    if (db_ != nullptr) (void)db_->rollback();
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

Transaction::~Transaction() {
  if (db_ != nullptr) (void)db_->rollback();
}

Result<void> Transaction::commit() {
  Database* db = std::exchange(db_, nullptr);
  if (db == nullptr) throw std::logic_error("commit() on a finished transaction");
  auto committed = db->commit();
  // SQLite keeps a transaction open when COMMIT fails (SQLITE_BUSY); end it here.
  if (!committed) (void)db->rollback();
  return committed;
}

Result<void> Transaction::rollback() {
  Database* db = std::exchange(db_, nullptr);
  if (db == nullptr) throw std::logic_error("rollback() on a finished transaction");
  return db->rollback();
}

}  // namespace tidu::storage
