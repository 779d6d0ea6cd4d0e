#include "storage/postgres.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cmath>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "storage/sql_log.hpp"

namespace tidu::storage {
namespace {

using detail::sql_for_log;

// Type OIDs from PostgreSQL's catalog (pg_type.dat); fixed since the catalogs were made.
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;
/// "Let the server infer the type from the statement."
constexpr Oid kUnspecifiedOid = 0;

struct ResultClear {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultClear>;

struct ConnectionFinish {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using Connection = std::unique_ptr<PGconn, ConnectionFinish>;

std::string trimmed(const char* s) {
  std::string_view v = s != nullptr ? s : "";
  while (!v.empty() && (v.back() == '\n' || v.back() == ' ')) v.remove_suffix(1);
  return std::string(v);
}

/// user@host:port/database, for the log; never the password.
std::string where(PGconn* conn) {
  const auto text = [](const char* s) { return std::string_view(s != nullptr ? s : ""); };
  return fmt::format("{}@{}:{}/{}", text(PQuser(conn)), text(PQhost(conn)), text(PQport(conn)),
                     text(PQdb(conn)));
}

/// Translates a failed result into our error by its SQLSTATE: a stable code, a message in
/// Chinese and the server's own text for the log.
Error make_error(PGconn* conn, const PGresult* res, std::string_view sql) {
  const char* state_field = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string_view state = state_field != nullptr ? state_field : "";
  std::string detail;
  if (res != nullptr && PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) != nullptr) {
    detail = fmt::format("postgresql {}: {}", state,
                         trimmed(PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)));
    if (const char* more = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL)) {
      detail += fmt::format(" ({})", trimmed(more));
    }
  } else {
    detail = fmt::format("postgresql: {}", trimmed(PQerrorMessage(conn)));
  }
  if (!sql.empty()) detail += fmt::format(" [sql: {}]", sql_for_log(sql));

  // Class 08 is connection exceptions, except 08P01, which a wrong parameter count also gives.
  if (PQstatus(conn) == CONNECTION_BAD || (state.starts_with("08") && state != "08P01")) {
    return {codes::kConnect, "与数据库的连接已断开，请稍后重试", std::move(detail)};
  }
  if (state.starts_with("23")) {  // integrity constraint violation
    if (state == "23505")
      return {codes::kConstraint, "数据与已有记录重复，未保存", std::move(detail)};
    if (state == "23503") {
      return {codes::kConstraint, "数据引用的记录不存在，或记录仍被其他数据引用，未保存",
              std::move(detail)};
    }
    if (state == "23502") return {codes::kConstraint, "缺少必填数据，未保存", std::move(detail)};
    return {codes::kConstraint, "数据不满足数据库约束，未保存", std::move(detail)};
  }
  // serialization_failure, deadlock_detected, lock_not_available (lock_timeout, NOWAIT)
  if (state == "40001" || state == "40P01" || state == "55P03") {
    return {codes::kBusy, "数据库正忙，请稍后重试", std::move(detail)};
  }
  return {codes::kQuery, "数据库操作失败，请稍后重试或联系管理员", std::move(detail)};
}

Error bug_error(std::string detail) {
  return Error{codes::kQuery, "数据库操作失败，请联系管理员", std::move(detail)};
}

/// Renders a double so that the server reads back the same value.
std::string render_double(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
  return std::string(buffer, end);
}

/// Parses a value the server sent in text format into the kind its column type calls for.
Result<Value> column_value(const PGresult* res, int row, int column, std::string_view sql) {
  if (PQgetisnull(res, row, column) != 0) return Value{nullptr};
  const char* text = PQgetvalue(res, row, column);
  const auto length = static_cast<std::size_t>(PQgetlength(res, row, column));
  const char* end = text + length;
  switch (PQftype(res, column)) {
    case kInt8Oid:
    case kInt2Oid:
    case kInt4Oid: {
      std::int64_t n = 0;
      const auto parsed = std::from_chars(text, end, n);
      if (parsed.ec != std::errc() || parsed.ptr != end) break;
      return Value{n};
    }
    case kBoolOid:  // SQLite has no booleans: comparisons give 0 or 1 there, so here too
      if (length == 1 && (*text == 't' || *text == 'f')) return Value{std::int64_t{*text == 't'}};
      break;
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid: {
      double d = 0;
      const auto parsed = std::from_chars(text, end, d);
      if (parsed.ec != std::errc() || parsed.ptr != end) break;
      return Value{d};
    }
    default:
      return Value{std::string(text, length)};
  }
  return std::unexpected(
      bug_error(fmt::format("cannot read \"{}\" in column {} as its type [sql: {}]",
                            std::string_view(text, length), column, sql_for_log(sql))));
}

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(Connection conn) : conn_(std::move(conn)) {}

  using Database::execute;
  using Database::query;

  Result<std::vector<Row>> query(std::string_view sql, std::span<const Value> params) override {
    auto res = run(sql, params);
    if (!res) return std::unexpected(std::move(res.error()));
    const PGresult* r = res->get();
    const int count = PQntuples(r);
    const int columns = PQnfields(r);
    std::vector<Row> rows(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
      Row& row = rows[static_cast<std::size_t>(i)];
      row.values.reserve(static_cast<std::size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        auto value = column_value(r, i, c, sql);
        if (!value) return std::unexpected(std::move(value.error()));
        row.values.push_back(std::move(*value));
      }
    }
    return rows;
  }

  Result<std::int64_t> execute(std::string_view sql, std::span<const Value> params) override {
    auto res = run(sql, params);
    if (!res) return std::unexpected(std::move(res.error()));
    // PQcmdTuples counts the rows of a SELECT too; SQLite's change count would be 0 there.
    if (std::string_view(PQcmdStatus(res->get())).starts_with("SELECT")) return 0;
    const std::string_view count = PQcmdTuples(res->get());
    std::int64_t n = 0;
    std::from_chars(count.data(), count.data() + count.size(), n);  // "" for DDL: stays 0
    return n;
  }

  Result<void> execute_script(std::string_view sql) override {
    const std::string text(sql);
    const PgResult res(PQexec(conn_.get(), text.c_str()));
    // A script of nothing but comments is fine, as it is for SQLite.
    if (res != nullptr && PQresultStatus(res.get()) == PGRES_EMPTY_QUERY) return {};
    return check(res.get(), sql);
  }

  Result<void> begin() override {
    // PostgreSQL only warns about a nested BEGIN; SQLite refuses it. Refuse it here as well.
    if (PQtransactionStatus(conn_.get()) != PQTRANS_IDLE) {
      return std::unexpected(bug_error("BEGIN inside a transaction: nesting is not supported"));
    }
    return simple("BEGIN");
  }

  Result<void> commit() override {
    const PgResult res(PQexec(conn_.get(), "COMMIT"));
    if (auto ok = check(res.get(), "COMMIT"); !ok) return ok;
    // COMMIT of a transaction that had an error succeeds but rolls back.
    if (std::string_view(PQcmdStatus(res.get())) == "ROLLBACK") {
      return std::unexpected(Error{codes::kQuery, "操作中途出错，全部修改已撤销，请重试",
                                   "COMMIT of a failed transaction rolled it back"});
    }
    return {};
  }

  Result<void> rollback() override {
    if (PQtransactionStatus(conn_.get()) == PQTRANS_IDLE) return {};
    return simple("ROLLBACK");
  }

  std::string_view dialect() const override { return "postgresql"; }

 private:
  Result<void> check(const PGresult* res, std::string_view sql) {
    const ExecStatusType status = res != nullptr ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return {};
    return std::unexpected(make_error(conn_.get(), res, sql));
  }

  Result<void> simple(const char* sql) {
    const PgResult res(PQexec(conn_.get(), sql));
    return check(res.get(), sql);
  }

  Result<PgResult> run(std::string_view sql, std::span<const Value> params) {
    std::vector<std::string> rendered(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    std::vector<Oid> types(params.size(), kUnspecifiedOid);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (const auto* n = std::get_if<std::int64_t>(&v)) {
        rendered[i] = std::to_string(*n);
        values[i] = rendered[i].c_str();
        types[i] = kInt8Oid;
      } else if (const auto* d = std::get_if<double>(&v)) {
        rendered[i] = render_double(*d);
        values[i] = rendered[i].c_str();
        types[i] = kFloat8Oid;
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        // Text format ends at the first NUL; PostgreSQL text cannot hold one anyway.
        if (s->find('\0') != std::string::npos) {
          return std::unexpected(bug_error(
              fmt::format("parameter ${} contains a NUL byte [sql: {}]", i + 1, sql_for_log(sql))));
        }
        values[i] = s->c_str();
      }
    }
    const std::string text(sql);
    PgResult res(PQexecParams(conn_.get(), text.c_str(), static_cast<int>(params.size()),
                              types.data(), values.data(), nullptr, nullptr, 0));
    if (auto ok = check(res.get(), sql); !ok) return std::unexpected(std::move(ok.error()));
    return res;
  }

  Connection conn_;
};

void ignore_notice(void* /*arg*/, const char* /*message*/) {}

}  // namespace

Result<std::unique_ptr<Database>> open_postgres(const std::string& url) {
  Connection conn(PQconnectdb(url.c_str()));
  if (!conn) {
    return std::unexpected(Error{codes::kConnect, "无法连接数据库：内存不足", "PQconnectdb"});
  }
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return std::unexpected(Error{
        codes::kConnect, "无法连接数据库：请检查连接地址、账号和数据库服务是否运行",
        fmt::format("postgresql {}: {}", where(conn.get()), trimmed(PQerrorMessage(conn.get())))});
  }
  if (PQsetClientEncoding(conn.get(), "UTF8") != 0) {
    return std::unexpected(Error{
        codes::kConnect, "无法连接数据库：不能设置 UTF-8 编码",
        fmt::format("postgresql {}: {}", where(conn.get()), trimmed(PQerrorMessage(conn.get())))});
  }
  // Notices ("…does not exist, skipping") would otherwise go to stderr, unformatted.
  PQsetNoticeProcessor(conn.get(), ignore_notice, nullptr);
  return std::unique_ptr<Database>(std::make_unique<PostgresDatabase>(std::move(conn)));
}

}  // namespace tidu::storage
