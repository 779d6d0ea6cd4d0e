#include "storage/migrations.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <optional>
#include <system_error>

#include <fmt/format.h>

#include "core/time.hpp"

namespace tidu::storage {
namespace {

// The SQL this file runs, named. The catalogue queries are the only dialect-specific ones.
constexpr const char* kSqliteHasVersionTable =
    "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'";
constexpr const char* kPostgresHasVersionTable =
    "SELECT CASE WHEN to_regclass('schema_version') IS NULL THEN 0 ELSE 1 END";
constexpr const char* kSelectVersion = "SELECT MAX(version) FROM schema_version";
constexpr const char* kInsertVersion =
    "INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)";
/// Serialises migrators on one PostgreSQL database; the key is arbitrary but fixed ("tidu").
constexpr const char* kPostgresLock = "SELECT pg_advisory_xact_lock(1953064053)";

/// Keeps the numbers sane; nobody writes a million migrations.
constexpr int kMaxVersion = 999999;

Error invalid(std::string message, std::string detail = {}) {
  return Error{codes::kMigrationInvalid, std::move(message), std::move(detail)};
}

/// The number a migration file name starts with, when it is named NNN_what.sql.
std::optional<int> version_of(std::string_view name) {
  const std::size_t underscore = name.find('_');
  if (underscore == 0 || underscore == std::string_view::npos) return std::nullopt;
  if (name.size() <= underscore + 1 + 4) return std::nullopt;  // a description is required
  int version = 0;
  const auto parsed = std::from_chars(name.data(), name.data() + underscore, version);
  if (parsed.ec != std::errc() || parsed.ptr != name.data() + underscore) return std::nullopt;
  if (version < 1 || version > kMaxVersion) return std::nullopt;
  return version;
}

Result<std::string> read_file(const Migration& m) {
  std::ifstream in(m.file, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    return std::unexpected(invalid(fmt::format("无法读取迁移文件“{}”", m.file.string())));
  }
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  if (text.starts_with(kByteOrderMark)) text.erase(0, kByteOrderMark.size());
  return text;
}

std::string now_text() {
  return time::format_instant(
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
}

/// Runs one migration and records it, inside `tx`, which it commits.
Result<void> apply(Database& db, Transaction& tx, const Migration& m) {
  auto sql = read_file(m);
  if (!sql) return std::unexpected(std::move(sql.error()));
  if (auto ran = db.execute_script(*sql); !ran) return ran;
  auto recorded = db.execute(kInsertVersion, {std::int64_t{m.version}, m.name, now_text()});
  if (!recorded) return std::unexpected(std::move(recorded.error()));
  return tx.commit();
}

}  // namespace

Result<std::vector<Migration>> list_migrations(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) {
    return std::unexpected(
        invalid(fmt::format("无法读取迁移文件夹“{}”", dir.string()), ec.message()));
  }
  std::vector<Migration> out;
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    const std::filesystem::path& file = it->path();
    const std::string name = file.filename().string();
    if (name.starts_with('.') || file.extension() != ".sql") continue;
    const auto version = version_of(name);
    if (!version) {
      return std::unexpected(
          invalid(fmt::format("迁移文件名“{}”不合规范：应为“序号_说明.sql”，如 "
                              "002_accounts_and_declarations.sql",
                              name)));
    }
    out.push_back(Migration{*version, name, file});
  }
  if (ec) {
    return std::unexpected(
        invalid(fmt::format("无法读取迁移文件夹“{}”", dir.string()), ec.message()));
  }
  if (out.empty()) {
    return std::unexpected(invalid(fmt::format("迁移文件夹“{}”中没有迁移文件", dir.string())));
  }
  std::sort(out.begin(), out.end(), [](const Migration& a, const Migration& b) {
    return a.version != b.version ? a.version < b.version : a.name < b.name;
  });
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int wanted = static_cast<int>(i) + 1;
    if (out[i].version == wanted) continue;
    if (out[i].version < wanted) {
      return std::unexpected(
          invalid(fmt::format("迁移文件“{}”与“{}”序号重复", out[i - 1].name, out[i].name)));
    }
    return std::unexpected(
        invalid(fmt::format("迁移文件序号不连续：缺少序号 {}（在“{}”之前）", wanted, out[i].name)));
  }
  return out;
}

Result<int> current_version(Database& db) {
  const char* has_table =
      db.dialect() == "postgresql" ? kPostgresHasVersionTable : kSqliteHasVersionTable;
  auto found = db.query(has_table);
  if (!found) return std::unexpected(std::move(found.error()));
  if (found->empty() || found->front().get_int(0) == 0) return 0;
  auto rows = db.query(kSelectVersion);
  if (!rows) return std::unexpected(std::move(rows.error()));
  if (rows->empty() || rows->front().is_null(0)) return 0;
  // Clamped, so that an absurd version still reads as newer than every file, never wraps.
  return static_cast<int>(std::clamp<std::int64_t>(rows->front().get_int(0), 0, kMaxVersion + 1));
}

Result<int> migrate(Database& db, const std::filesystem::path& dir, std::optional<int> up_to) {
  auto migrations = list_migrations(dir);
  if (!migrations) return std::unexpected(std::move(migrations.error()));
  const int highest = migrations->back().version;
  const int target = std::min(highest, up_to.value_or(highest));
  for (;;) {
    auto tx = Transaction::begin(db);
    if (!tx) return std::unexpected(std::move(tx.error()));
    if (db.dialect() == "postgresql") {
      if (auto locked = db.execute(kPostgresLock); !locked) {
        return std::unexpected(std::move(locked.error()));
      }
    }
    auto current = current_version(db);
    if (!current) return std::unexpected(std::move(current.error()));
    if (*current > highest) {
      return std::unexpected(
          Error{codes::kNewerThanBinary,
                fmt::format("数据库的结构版本是 {}，本程序只支持到版本 {}：数据库已由更新版本的程序"
                            "升级过，请升级本程序后再启动",
                            *current, highest),
                fmt::format("schema_version {} > highest migration {} in {}", *current, highest,
                            dir.string())});
    }
    if (*current >= target) return *current;
    const Migration& next = (*migrations)[static_cast<std::size_t>(*current)];  // versions 1..N

    if (auto applied = apply(db, *tx, next); !applied) {
      Error e = std::move(applied.error());
      e.message = fmt::format("数据库升级失败：迁移文件“{}”出错，已全部撤销，数据库仍为版本 {}。{}",
                              next.name, *current, "请联系管理员查看日志");
      e.detail = fmt::format("migration {}: {}", next.file.string(), e.detail);
      return std::unexpected(std::move(e));
    }
  }
}

}  // namespace tidu::storage
