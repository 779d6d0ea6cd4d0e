#include "service/backup.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <system_error>

#include "security/digest.hpp"
#include "similarity/shingles.hpp"
#include "storage/migrations.hpp"
#include "storage/sqlite.hpp"

namespace tidu::service {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using storage::Value;

constexpr const char* kFormat = "tidu-backup/1";
/// Rows a query reads or an INSERT writes at a time (file_blobs rows hold whole files).
constexpr std::int64_t kPage = 1000;
constexpr std::size_t kRowsPerInsert = 100;

Error invalid(const std::string& what, const std::string& detail = {}) {
  return Error{"BACKUP_INVALID", fmt::format("备份不完整或已损坏：{}", what), detail};
}

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

/// The tables the migrations up to `version` create and do not drop, in the order created (so a
/// table comes after every table its foreign keys name), schema_version left out.
Result<std::vector<std::string>> tables_of(const fs::path& migrations_dir, int version) {
  auto migrations = storage::list_migrations(migrations_dir);
  if (!migrations) return std::unexpected(migrations.error());
  static const std::regex statement(
      R"((CREATE|DROP)\s+TABLE\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?(\w+))", std::regex::icase);
  static const std::regex comment("--[^\n]*");
  std::vector<std::string> tables;
  for (const auto& m : *migrations) {
    if (m.version > version) break;
    std::ifstream in(m.file);
    std::stringstream text;
    text << in.rdbuf();
    const std::string sql = std::regex_replace(text.str(), comment, "");
    for (auto it = std::sregex_iterator(sql.begin(), sql.end(), statement);
         it != std::sregex_iterator(); ++it) {
      std::string verb = (*it)[1].str();
      std::transform(verb.begin(), verb.end(), verb.begin(), ::toupper);
      const std::string name = (*it)[2].str();
      std::erase(tables, name);
      if (verb == "CREATE" && name != "schema_version") tables.push_back(name);
    }
  }
  return tables;
}

Result<std::vector<std::string>> columns_of(storage::Database& db, const std::string& table) {
  std::vector<std::string> columns;
  if (db.dialect() == "sqlite") {
    auto rows = db.query(fmt::format("PRAGMA table_info({})", quoted(table)));
    if (!rows) return std::unexpected(rows.error());
    for (const auto& r : *rows) columns.push_back(r.get_text(1));
  } else {
    auto rows = db.query(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = "
        "current_schema() AND table_name = $1 ORDER BY ordinal_position",
        {table});
    if (!rows) return std::unexpected(rows.error());
    for (const auto& r : *rows) columns.push_back(r.get_text(0));
  }
  if (columns.empty())
    return fail("BACKUP_INVALID", fmt::format("数据库中没有表“{}”", table), "no columns");
  return columns;
}

/// An order-independent digest of rows: the sum, lane by lane, of two 64-bit hashes a row.
class RowDigest {
 public:
  void add(const std::vector<Value>& values, std::size_t first) {
    std::uint64_t h1 = 0x243f6a8885a308d3ULL;
    std::uint64_t h2 = 0x13198a2e03707344ULL;
    const auto mix = [&](std::uint64_t x) {
      h1 = similarity::mix64(h1 ^ x);
      h2 = similarity::mix64(h2 + x * 0x9e3779b97f4a7c15ULL);
    };
    for (std::size_t i = first; i < values.size(); ++i) {
      const Value& v = values[i];
      if (std::holds_alternative<std::nullptr_t>(v)) {
        mix(1);
      } else if (const auto* n = std::get_if<std::int64_t>(&v)) {
        mix(2);
        mix(static_cast<std::uint64_t>(*n));
      } else if (const auto* d = std::get_if<double>(&v)) {
        mix(3);
        mix(std::bit_cast<std::uint64_t>(*d));
      } else {
        const auto& s = std::get<std::string>(v);
        mix(4);
        mix(s.size());
        for (std::size_t at = 0; at < s.size(); at += 8) {
          std::uint64_t word = 0;
          std::memcpy(&word, s.data() + at, std::min<std::size_t>(8, s.size() - at));
          mix(word);
        }
      }
    }
    a_ += h1;
    b_ += h2;
  }
  [[nodiscard]] std::string hex() const { return fmt::format("{:016x}{:016x}", a_, b_); }

 private:
  std::uint64_t a_ = 0;
  std::uint64_t b_ = 0;
};

/// Reads every row of the table a page at a time, in the transaction open on `db`. `each`
/// receives the values (from `first`) of each row.
Result<void> read_table(storage::Database& db, const std::string& table,
                        const std::vector<std::string>& columns,
                        const std::function<Result<void>(const storage::Row&, std::size_t)>& each) {
  std::string list;
  for (const auto& c : columns) list += (list.empty() ? "" : ", ") + quoted(c);
  if (db.dialect() == "sqlite") {
    // By rowid: every table the migrations make has one.
    const std::string sql = fmt::format(
        "SELECT rowid, {} FROM {} WHERE rowid > $1 ORDER BY rowid LIMIT $2", list, quoted(table));
    std::int64_t after = std::numeric_limits<std::int64_t>::min();
    for (;;) {
      auto rows = db.query(sql, {after, kPage});
      if (!rows) return std::unexpected(rows.error());
      for (const auto& r : *rows) TIDU_TRY(each(r, 1));
      if (static_cast<std::int64_t>(rows->size()) < kPage) return {};
      after = rows->back().get_int(0);
    }
  }
  TIDU_TRY(
      db.execute(fmt::format("DECLARE tidu_backup NO SCROLL CURSOR WITH HOLD FOR SELECT {} FROM {}",
                             list, quoted(table))));
  const std::string fetch = fmt::format("FETCH FORWARD {} FROM tidu_backup", kPage);
  for (;;) {
    auto rows = db.query(fetch);
    if (!rows) return std::unexpected(rows.error());
    for (const auto& r : *rows) TIDU_TRY(each(r, 0));
    if (static_cast<std::int64_t>(rows->size()) < kPage) break;
  }
  TIDU_TRY(db.execute("CLOSE tidu_backup"));
  return {};
}

json to_json(const Value& v) {
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return nullptr;
}

std::optional<Value> from_json(const json& j) {
  if (j.is_null()) return Value{nullptr};
  if (j.is_number_integer()) return Value{j.get<std::int64_t>()};
  if (j.is_number_float()) return Value{j.get<double>()};
  if (j.is_string()) return Value{j.get<std::string>()};
  return std::nullopt;
}

Result<std::string> file_sha256(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::unexpected(invalid(fmt::format("缺少文件 {}", file.filename().string())));
  security::Sha256 sha;
  std::array<char, 1 << 16> buffer{};
  while (in) {
    in.read(buffer.data(), buffer.size());
    sha.update(std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount())));
  }
  return sha.finish_hex();
}

/// Copies the files under `from` into `to` (kept where a file of that name is there already:
/// the stores name files by their content). Counts what it copied.
Result<void> copy_files(const fs::path& from, const fs::path& to, std::int64_t& files,
                        std::int64_t& bytes) {
  std::error_code ec;
  if (!fs::is_directory(from, ec)) return {};
  for (auto it = fs::recursive_directory_iterator(from, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const fs::path target = to / fs::relative(it->path(), from, ec);
    fs::create_directories(target.parent_path(), ec);
    if (ec) break;
    if (fs::exists(target, ec)) continue;
    fs::copy_file(it->path(), target, ec);
    if (ec) break;
    ++files;
    bytes += static_cast<std::int64_t>(it->file_size(ec));
  }
  if (ec) {
    return fail("BACKUP_FILES", fmt::format("复制附件文件失败：{}", ec.message()),
                fmt::format("{} -> {}", from.string(), to.string()));
  }
  return {};
}

Result<void> backup_tables(storage::Database& db, const fs::path& dir,
                           const std::vector<std::string>& tables, BackupReport& report) {
  for (const auto& table : tables) {
    auto columns = columns_of(db, table);
    if (!columns) return std::unexpected(columns.error());
    TableCopy copy{
        .name = table, .columns = *columns, .rows = 0, .file_sha256 = {}, .row_digest = {}};
    const fs::path file = dir / "tables" / (table + ".jsonl");
    std::ofstream out(file, std::ios::binary);
    security::Sha256 sha;
    RowDigest digest;
    std::string line;
    TIDU_TRY(read_table(
        db, table, *columns, [&](const storage::Row& r, std::size_t first) -> Result<void> {
          json row = json::array();
          for (std::size_t i = first; i < r.values.size(); ++i) row.push_back(to_json(r.values[i]));
          try {
            line = row.dump() + '\n';
          } catch (const json::exception& e) {
            return fail("BACKUP_TEXT", fmt::format("表“{}”中有无法保存的文字（不是 UTF-8）", table),
                        e.what());
          }
          out << line;
          sha.update(line);
          digest.add(r.values, first);
          ++copy.rows;
          return {};
        }));
    out.close();
    if (!out) {
      return fail("BACKUP_WRITE", fmt::format("写入备份文件失败：{}", file.string()),
                  "ofstream failed");
    }
    copy.file_sha256 = sha.finish_hex();
    copy.row_digest = digest.hex();
    report.rows += copy.rows;
    report.tables.push_back(std::move(copy));
  }
  return {};
}

json manifest_of(const BackupReport& r) {
  json tables = json::array();
  for (const auto& t : r.tables) {
    tables.push_back({{"name", t.name},
                      {"columns", t.columns},
                      {"rows", t.rows},
                      {"sha256", t.file_sha256},
                      {"row_digest", t.row_digest}});
  }
  return {{"format", kFormat},
          {"schema_version", r.schema_version},
          {"backend", r.backend},
          {"created_at", r.created_at},
          {"rows", r.rows},
          {"files", r.files},
          {"file_bytes", r.file_bytes},
          {"tables", tables}};
}

Result<BackupReport> read_manifest(const fs::path& dir) {
  std::ifstream in(dir / "manifest.json");
  if (!in) return std::unexpected(invalid("没有 manifest.json（备份未完成，或不是 Tidu 的备份）"));
  BackupReport r;
  try {
    const json m = json::parse(in);
    if (m.value("format", "") != kFormat)
      return std::unexpected(invalid(fmt::format("格式不是 {}", kFormat)));
    r.schema_version = m.at("schema_version").get<int>();
    r.backend = m.at("backend").get<std::string>();
    r.created_at = m.at("created_at").get<std::string>();
    r.rows = m.at("rows").get<std::int64_t>();
    r.files = m.at("files").get<std::int64_t>();
    r.file_bytes = m.at("file_bytes").get<std::int64_t>();
    for (const auto& t : m.at("tables")) {
      TableCopy c{.name = t.at("name").get<std::string>(),
                  .columns = t.at("columns").get<std::vector<std::string>>(),
                  .rows = t.at("rows").get<std::int64_t>(),
                  .file_sha256 = t.at("sha256").get<std::string>(),
                  .row_digest = t.at("row_digest").get<std::string>()};
      static const std::regex name("[a-z_][a-z0-9_]*");
      if (!std::regex_match(c.name, name) || c.columns.empty() ||
          !std::all_of(c.columns.begin(), c.columns.end(),
                       [](const std::string& col) { return std::regex_match(col, name); }))
        return std::unexpected(invalid(fmt::format("表名或列名“{}”不合规", c.name)));
      r.tables.push_back(std::move(c));
    }
  } catch (const json::exception& e) {
    return std::unexpected(invalid("manifest.json 无法读取", e.what()));
  }
  return r;
}

Result<void> load_table(storage::Database& db, const fs::path& dir, const TableCopy& t) {
  std::ifstream in(dir / "tables" / (t.name + ".jsonl"), std::ios::binary);
  std::string cols;
  for (const auto& c : t.columns) cols += (cols.empty() ? "" : ", ") + quoted(c);
  const std::size_t width = t.columns.size();
  std::vector<Value> params;
  std::size_t pending = 0;
  const auto flush = [&]() -> Result<void> {
    if (pending == 0) return {};
    std::string sql = fmt::format("INSERT INTO {} ({}) VALUES ", quoted(t.name), cols);
    for (std::size_t r = 0; r < pending; ++r) {
      sql += r == 0 ? "(" : ", (";
      for (std::size_t c = 0; c < width; ++c)
        sql += fmt::format("{}${}", c == 0 ? "" : ", ", r * width + c + 1);
      sql += ")";
    }
    TIDU_TRY(db.execute(sql, params));
    params.clear();
    pending = 0;
    return {};
  };
  std::string line;
  std::int64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    json row;
    try {
      row = json::parse(line);
    } catch (const json::exception& e) {
      return std::unexpected(
          invalid(fmt::format("表“{}”第 {} 行无法读取", t.name, number), e.what()));
    }
    if (!row.is_array() || row.size() != width)
      return std::unexpected(invalid(fmt::format("表“{}”第 {} 行的列数不对", t.name, number)));
    for (const auto& v : row) {
      auto value = from_json(v);
      if (!value)
        return std::unexpected(
            invalid(fmt::format("表“{}”第 {} 行有无法识别的值", t.name, number)));
      params.push_back(std::move(*value));
    }
    if (++pending == kRowsPerInsert) TIDU_TRY(flush());
  }
  TIDU_TRY(flush());
  if (number != t.rows) {
    return fail("BACKUP_MISMATCH", fmt::format("表“{}”应有 {} 行，备份文件中有 {} 行，已全部撤销",
                                               t.name, t.rows, number));
  }
  return {};
}

Error not_empty() {
  return Error{"RESTORE_NOT_EMPTY",
               "目标数据库不是空的：恢复只写入新建的空数据库（或空的数据目录），以免覆盖现有数据",
               ""};
}

/// The number of rows of each table at `version`.
Result<std::vector<std::int64_t>> row_counts(storage::Database& db, const fs::path& migrations_dir,
                                             int version) {
  auto tables = tables_of(migrations_dir, version);
  if (!tables) return std::unexpected(tables.error());
  std::vector<std::int64_t> counts;
  for (const auto& t : *tables) {
    auto rows = db.query(fmt::format("SELECT COUNT(*) FROM {}", quoted(t)));
    if (!rows) return std::unexpected(rows.error());
    counts.push_back((*rows)[0].get_int(0));
  }
  return counts;
}

/// The row counts of a database the migrations alone brought to `version` (some write rows).
Result<std::vector<std::int64_t>> as_migrated(const fs::path& migrations_dir, int version) {
  const fs::path file =
      fs::temp_directory_path() / fmt::format("tidu-restore-{}.sqlite", security::random_hex(8));
  auto counts = [&]() -> Result<std::vector<std::int64_t>> {
    auto fresh = storage::open_sqlite(file);
    if (!fresh) return std::unexpected(fresh.error());
    auto migrated = storage::migrate(**fresh, migrations_dir, version);
    if (!migrated) return std::unexpected(migrated.error());
    return row_counts(**fresh, migrations_dir, version);
  }();
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(file.string() + suffix, ec);
  return counts;
}

}  // namespace

Result<std::string> table_digest(storage::Database& db, const std::string& table) {
  auto columns = columns_of(db, table);
  if (!columns) return std::unexpected(columns.error());
  RowDigest digest;
  TIDU_TRY(read_table(db, table, *columns,
                      [&](const storage::Row& r, std::size_t first) -> Result<void> {
                        digest.add(r.values, first);
                        return {};
                      }));
  return digest.hex();
}

Result<BackupReport> backup(storage::Database& db, const fs::path& migrations_dir,
                            const fs::path& dir, const std::optional<fs::path>& files_dir,
                            const std::string& created_at) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    return fail("BACKUP_TARGET",
                fmt::format("备份目录“{}”已存在且不为空，请指定新目录", dir.string()));
  }
  fs::create_directories(dir / "tables", ec);
  if (ec) {
    return fail("BACKUP_TARGET",
                fmt::format("无法创建备份目录“{}”：{}", dir.string(), ec.message()));
  }
  BackupReport report{.backend = std::string(db.dialect()), .created_at = created_at, .tables = {}};
  // One read-only snapshot for every table; writers go on meanwhile (SQLite: a deferred read
  // transaction in WAL mode; PostgreSQL: REPEATABLE READ).
  TIDU_TRY(db.execute(
      db.dialect() == "sqlite" ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
  auto done = [&]() -> Result<void> {
    auto version = storage::current_version(db);
    if (!version) return std::unexpected(version.error());
    report.schema_version = *version;
    auto tables = tables_of(migrations_dir, *version);
    if (!tables) return std::unexpected(tables.error());
    return backup_tables(db, dir, *tables, report);
  }();
  (void)db.execute(done ? "COMMIT" : "ROLLBACK");
  if (!done) {
    fs::remove_all(dir, ec);
    return std::unexpected(done.error());
  }
  if (files_dir) {
    if (auto copied = copy_files(*files_dir, dir / "files", report.files, report.file_bytes);
        !copied) {
      fs::remove_all(dir, ec);
      return std::unexpected(copied.error());
    }
  }
  // The manifest last: a backup without one is incomplete.
  std::ofstream out(dir / "manifest.json.part");
  out << manifest_of(report).dump(2) << '\n';
  out.close();
  fs::rename(dir / "manifest.json.part", dir / "manifest.json", ec);
  if (!out || ec) {
    return fail("BACKUP_WRITE", fmt::format("写入备份清单失败：{}", dir.string()), ec.message());
  }
  return report;
}

Result<BackupReport> restore(storage::Database& db, const fs::path& migrations_dir,
                             const fs::path& dir, const std::optional<fs::path>& files_dir) {
  auto manifest = read_manifest(dir);
  if (!manifest) return std::unexpected(manifest.error());
  auto migrations = storage::list_migrations(migrations_dir);
  if (!migrations) return std::unexpected(migrations.error());
  if (manifest->schema_version > migrations->back().version) {
    return fail(storage::codes::kNewerThanBinary,
                fmt::format("备份的结构版本是 {}，本程序只支持到版本 {}，请升级本程序后再恢复",
                            manifest->schema_version, migrations->back().version));
  }
  // Empty: never migrated, or holding no more than its migrations wrote (a restore that failed
  // after migrating leaves that behind and may be run again).
  auto version = storage::current_version(db);
  if (!version) return std::unexpected(version.error());
  if (*version > manifest->schema_version) return std::unexpected(not_empty());
  if (*version > 0) {
    auto fresh = as_migrated(migrations_dir, *version);
    if (!fresh) return std::unexpected(fresh.error());
    auto now = row_counts(db, migrations_dir, *version);
    if (!now) return std::unexpected(now.error());
    if (*now != *fresh) return std::unexpected(not_empty());
  }
  // Every file whole and unchanged before anything is written.
  for (const auto& t : manifest->tables) {
    auto sha = file_sha256(dir / "tables" / (t.name + ".jsonl"));
    if (!sha) return std::unexpected(sha.error());
    if (*sha != t.file_sha256)
      return std::unexpected(invalid(fmt::format("表“{}”的备份文件与清单不符", t.name)));
  }
  auto expected = tables_of(migrations_dir, manifest->schema_version);
  if (!expected) return std::unexpected(expected.error());
  std::vector<std::string> listed;
  for (const auto& t : manifest->tables) listed.push_back(t.name);
  if (listed != *expected) {
    return std::unexpected(
        invalid(fmt::format("表的清单与结构版本 {} 不符", manifest->schema_version)));
  }
  auto migrated = storage::migrate(db, migrations_dir, manifest->schema_version);
  if (!migrated) return std::unexpected(migrated.error());
  {
    auto tx = storage::Transaction::begin(db);
    if (!tx) return std::unexpected(tx.error());
    for (const auto& t : manifest->tables) {
      TIDU_TRY(db.execute(fmt::format("DELETE FROM {}", quoted(t.name))));  // what migrations wrote
      TIDU_TRY(load_table(db, dir, t));
      auto digest = table_digest(db, t.name);
      if (!digest) return std::unexpected(digest.error());
      if (*digest != t.row_digest) {
        return fail("BACKUP_MISMATCH",
                    fmt::format("表“{}”恢复后的内容与备份时不一致，已全部撤销", t.name),
                    fmt::format("digest {} != {}", *digest, t.row_digest));
      }
    }
    TIDU_TRY(tx->commit());
  }
  auto latest = storage::migrate(db, migrations_dir);
  if (!latest) return std::unexpected(latest.error());
  if (files_dir) {
    std::int64_t files = 0;
    std::int64_t bytes = 0;
    TIDU_TRY(copy_files(dir / "files", *files_dir, files, bytes));
  }
  return manifest;
}

}  // namespace tidu::service
