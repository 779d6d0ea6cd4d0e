#pragma once
// Numbered schema changes: migrations/NNN_what.sql, applied in order, each in one transaction,
// each recorded in schema_version(version, name, applied_at).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "storage/database.hpp"

namespace tidu::storage {

/// One schema change file.
struct Migration {
  int version = 0;             ///< the number the file name starts with
  std::string name;            ///< the file name, e.g. "002_accounts_and_declarations.sql"
  std::filesystem::path file;  ///< where it is
};

/// The migrations in `dir`, by version. Every *.sql file must be named NNN_what.sql and the
/// numbers must run 1, 2, 3 … without gaps or repeats (DB_MIGRATION_INVALID otherwise), so a
/// file added below the database's version cannot be skipped unnoticed.
Result<std::vector<Migration>> list_migrations(const std::filesystem::path& dir);

/// The highest version recorded in schema_version; 0 when the table does not exist yet.
Result<int> current_version(Database& db);

/// Applies every migration of `dir` above the database's version, each in its own transaction,
/// and returns the version reached. A failed migration is rolled back whole and stops the run.
/// A database at a version above every file fails with DB_NEWER_THAN_BINARY. Safe to run from
/// several processes at once: each step re-reads the version under the write lock. With `up_to`,
/// stops at that version (`tidu restore` loads a backup at its own version first).
Result<int> migrate(Database& db, const std::filesystem::path& dir,
                    std::optional<int> up_to = std::nullopt);

}  // namespace tidu::storage
