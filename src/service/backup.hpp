#pragma once
// Backup and restore (`tidu backup DIR`, `tidu restore DIR`; issue 8 item 8): a logical copy of
// every table the migrations create, read in one read-only transaction while the server goes on
// serving (a consistent snapshot on SQLite and PostgreSQL alike), plus the local file store's
// files. The same format serves both backends, so a backup of one restores into the other.
//
// DIR/manifest.json   format, schema version, backend, time, and for each table its columns,
//                     rows, the SHA-256 of its file and a digest of its rows that does not depend
//                     on their order
// DIR/tables/T.jsonl  one JSON array a row: null, integer, number or text, in column order
// DIR/files/…         the local file store (SQLite installations; PostgreSQL keeps files in a
//                     table), copied after the snapshot: files are written before the rows that
//                     name them and never changed, so every file the snapshot names is there
//
// Restore goes into an empty database only: migrated to the backup's version, every row loaded
// in one transaction (a failure leaves the database empty), each table's row digest compared with
// the manifest's, then migrated on to this program's version.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "storage/database.hpp"

namespace tidu::service {

struct TableCopy {
  std::string name;
  std::vector<std::string> columns;
  std::int64_t rows = 0;
  std::string file_sha256;  ///< of tables/NAME.jsonl
  std::string row_digest;   ///< the sum of the rows' hashes (order does not matter)
};

struct BackupReport {
  int schema_version = 0;
  std::string backend;  ///< "sqlite" or "postgresql"
  std::string created_at;
  std::vector<TableCopy> tables;
  std::int64_t rows = 0;
  std::int64_t files = 0;
  std::int64_t file_bytes = 0;
};

/// Writes the backup into `dir`, which must not exist or be empty (BACKUP_TARGET otherwise).
/// `files_dir`: the local file store to copy (none on PostgreSQL).
Result<BackupReport> backup(storage::Database& db, const std::filesystem::path& migrations_dir,
                            const std::filesystem::path& dir,
                            const std::optional<std::filesystem::path>& files_dir,
                            const std::string& created_at);

/// Restores the backup in `dir` into an empty database (RESTORE_NOT_EMPTY otherwise) and the
/// files into `files_dir` when given. BACKUP_INVALID for a damaged or foreign backup (nothing is
/// loaded), BACKUP_MISMATCH when a table's rows do not come out as the manifest says (the load is
/// undone). Returns what the manifest lists.
Result<BackupReport> restore(storage::Database& db, const std::filesystem::path& migrations_dir,
                             const std::filesystem::path& dir,
                             const std::optional<std::filesystem::path>& files_dir);

/// The row digest of one table as it is now (what the manifest records), for checks and tests.
Result<std::string> table_digest(storage::Database& db, const std::string& table);

}  // namespace tidu::service
