#include "cli/backup.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "core/time.hpp"
#include "service/backup.hpp"
#include "service/common.hpp"
#include "storage/postgres.hpp"
#include "storage/sqlite.hpp"

namespace tidu::cli {
namespace {

namespace fs = std::filesystem;

bool postgres(const ServeConfig& config) { return config.database_url.starts_with("postgres"); }

/// The configured database as it is (no migration). `must_exist`: a SQLite file that is not
/// there is an error rather than a new empty database.
Result<std::unique_ptr<storage::Database>> open_database(const ServeConfig& config,
                                                         bool must_exist) {
  if (postgres(config)) return storage::open_postgres(config.database_url);
  const fs::path file = fs::path(config.data_dir) / "tidu.sqlite";
  std::error_code ec;
  if (must_exist && !fs::exists(file, ec)) {
    return fail("CONFIG_INVALID",
                fmt::format("数据目录“{}”中没有数据库（tidu.sqlite）", config.data_dir));
  }
  fs::create_directories(config.data_dir, ec);
  return storage::open_sqlite(file);
}

std::optional<fs::path> file_store(const ServeConfig& config) {
  if (postgres(config)) return std::nullopt;  // files are in the database
  return fs::path(config.data_dir) / "files";
}

int fail_with(const char* command, const Error& e) {
  std::cerr << "tidu " << command << ": " << e.message << '\n';
  return kUnusable;
}

}  // namespace

int backup_command(const std::vector<std::string>& arguments, const ServeConfig& config) {
  if (arguments.size() != 1) {
    std::cerr << "用法：tidu backup DIR [--data DIR | --database URL]\n";
    return kUnusable;
  }
  auto db = open_database(config, true);
  if (!db) return fail_with("backup", db.error());
  auto report = service::backup(**db, config.migrations_dir, arguments[0], file_store(config),
                                time::format_instant(service::system_now()));
  if (!report) return fail_with("backup", report.error());
  std::cout << fmt::format(
      "备份完成：{}，结构版本 {}，{} 张表共 {} 行，附件 {} 个（{:.1f} MB），写入 {}\n",
      report->backend, report->schema_version, report->tables.size(), report->rows, report->files,
      static_cast<double>(report->file_bytes) / 1048576.0, arguments[0]);
  return kOk;
}

int restore_command(const std::vector<std::string>& arguments, const ServeConfig& config) {
  if (arguments.size() != 1) {
    std::cerr << "用法：tidu restore DIR [--data DIR | --database URL]\n";
    return kUnusable;
  }
  auto db = open_database(config, false);
  if (!db) return fail_with("restore", db.error());
  auto report = service::restore(**db, config.migrations_dir, arguments[0], file_store(config));
  if (!report) return fail_with("restore", report.error());
  std::cout << fmt::format(
      "恢复完成：{} 的备份（{}，结构版本 {}），{} 张表共 {} 行，每张表的内容已与备份核对一致\n",
      report->created_at, report->backend, report->schema_version, report->tables.size(),
      report->rows);
  return kOk;
}

}  // namespace tidu::cli
