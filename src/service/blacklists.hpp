#pragma once
// Imported credit blacklists: a province-level reviewer or an administrator imports a list (CSV or
// XLSX, read by imports::read_table and checked by review::parse_blacklist); every declaration
// whose enterprise's 统一社会信用代码 is in an imported entry is listed, and its pass is refused
// (Reviews reads listed()). An import is one transaction with its audit record; the same file (by
// SHA-256) is imported once.
//
// The lists are national (a credit code is), so an entry applies to every round and region,
// whoever imported it.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/principal.hpp"
#include "core/error.hpp"
#include "review/blacklist.hpp"
#include "service/common.hpp"
#include "storage/pool.hpp"

namespace tidu::service {

/// How an import treats a file with bad rows.
enum class ImportMode {
  kAllOrNothing,  ///< any problem: nothing is imported (IMPORT_INVALID with every problem)
  kValidRows,     ///< the valid rows are imported, the bad ones reported
};

/// "all_or_nothing", "valid_rows".
std::string_view import_mode_id(ImportMode m);
/// The mode of an id; nullopt for an unknown id.
std::optional<ImportMode> parse_import_mode(std::string_view id);

/// One imported file.
struct BlacklistImport {
  std::string id;
  std::string name;  ///< the file name given
  std::string mode;  ///< all_or_nothing, valid_rows
  std::int64_t rows_total = 0;
  std::int64_t rows_imported = 0;
  std::string sha256;
  std::string imported_by;
  std::string imported_at;
};

/// One stored entry of an imported list.
struct BlacklistListing {
  std::string import_id;
  std::string credit_code;
  std::string name;
  std::string list;
  std::string listed_on;
  std::string imported_at;
};

/// What an import did (or a preview found). `problems` holds at most kMaxProblemsReported;
/// `problem_count` counts them all.
struct ImportReport {
  std::optional<BlacklistImport> import;       ///< empty for a preview
  std::size_t rows = 0;                        ///< data rows in the file
  std::size_t imported = 0;                    ///< valid rows (stored, for an import)
  std::vector<review::BlacklistEntry> sample;  ///< a preview's first valid rows
  std::vector<review::BlacklistProblem> problems;
  std::size_t problem_count = 0;
};

/// At most this many problems are sent back (the count says how many there were).
inline constexpr std::size_t kMaxProblemsReported = 1000;
/// A preview shows at most this many valid rows.
inline constexpr std::size_t kPreviewSampleRows = 50;

class Blacklists {
 public:
  Blacklists(storage::Pool& pool, Clock clock);

  /// Imports a list file. Province-level reviewers and administrators only (FORBIDDEN
  /// otherwise). A file that cannot be read, or (all_or_nothing) has any bad row, or has no
  /// valid row, is IMPORT_INVALID with details {problems: [{row, field, code, reason}],
  /// problem_count}; the same file again is ALREADY_EXISTS.
  Result<ImportReport> import(const access::Principal& who, const std::string& file_name,
                              const std::string& bytes, ImportMode mode);
  /// Reads and checks a file without storing anything (same callers as import).
  Result<ImportReport> preview(const access::Principal& who, const std::string& bytes) const;
  /// The imports, newest first (staff only: reviewers, departments, administrators).
  Result<std::vector<BlacklistImport>> imports(const access::Principal& who);
  /// The imported entries naming the enterprise of the declaration, newest listing first. No
  /// access check: call it once the caller is known to read the declaration.
  Result<std::vector<BlacklistListing>> listed_for_declaration(const std::string& declaration_id);

  /// The imported entries naming this 统一社会信用代码, newest listing first, on the given
  /// connection (Reviews reads it inside its transactions).
  static Result<std::vector<BlacklistListing>> listed(storage::Database& db,
                                                      std::string_view credit_code);

 private:
  storage::Pool& pool_;
  Clock clock_;
};

}  // namespace tidu::service
