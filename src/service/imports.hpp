#pragma once
// Imported tables (CSV or XLSX): the enterprise directory of a region, maturity self-assessment
// results, region codes and credit blacklists. Each is previewed (every problem with its row
// and reason, a sample of the valid rows, nothing stored) and imported in one transaction with
// its audit record: all or nothing, or only the valid rows. The same file is imported once per
// kind.
//
// Who: administrators import everything; province- and city-level reviewers import the directory
// and assessment results for their own region and below (a row outside is a row problem);
// region codes are for administrators only; blacklists as service::Blacklists decides. Imported
// regions join the region tree when the servers next start (stored_imported_regions), so an
// import of them is "pending" until then.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/principal.hpp"
#include "catalogue/catalogue.hpp"
#include "core/error.hpp"
#include "core/table.hpp"
#include "service/blacklists.hpp"
#include "service/common.hpp"
#include "storage/pool.hpp"

namespace tidu::service {

/// What a file holds.
enum class ImportKind { kDirectory, kAssessments, kRegions, kBlacklist };

/// "directory", "assessments", "regions", "blacklist".
std::string_view import_kind_id(ImportKind k);
/// The kind of an id; nullopt for an unknown one.
std::optional<ImportKind> parse_import_kind(std::string_view id);
/// 企业名录, 成熟度自评估结果, 区划代码, 失信黑名单.
std::string_view import_kind_name(ImportKind k);

/// One imported file.
struct ImportRecord {
  std::string id;
  std::string kind;
  std::string name;
  std::string mode;
  std::string format;  ///< csv, xlsx
  std::string region;  ///< the importer's scope; empty: every region
  std::int64_t rows_total = 0;
  std::int64_t rows_imported = 0;
  std::string sha256;
  std::string imported_by;
  std::string imported_at;
  bool pending = false;  ///< region codes it stored are not yet in the running tree (next start)
};

/// What a preview found or an import did. `problems` holds at most kMaxProblemsReported;
/// `problem_count` counts them all.
struct TableReport {
  std::optional<ImportRecord> import;  ///< empty for a preview
  std::string kind;
  std::string format;                            ///< csv, xlsx; empty when unreadable
  bool readable = true;                          ///< false: nothing of the file can be imported
  std::size_t rows = 0;                          ///< data rows in the file
  std::size_t valid = 0;                         ///< valid rows (stored, for an import)
  std::vector<std::string> columns;              ///< the sample's columns (row first)
  std::vector<std::vector<std::string>> sample;  ///< a preview's first valid rows
  std::vector<table::Problem> problems;
  std::size_t problem_count = 0;
};

class Imports {
 public:
  Imports(storage::Pool& pool, const catalogue::Catalogue& catalogue, Blacklists& blacklists,
          Clock clock);

  /// Reads and checks a file without storing anything. FORBIDDEN for those who may not import
  /// the kind.
  Result<TableReport> preview(const access::Principal& who, ImportKind kind,
                              const std::string& bytes) const;
  /// Imports a file. IMPORT_INVALID with details {problems, problem_count, rows} when it cannot
  /// be read, has no valid row, or (all_or_nothing) has any problem; ALREADY_EXISTS for the same
  /// file of the same kind again; FORBIDDEN as for preview.
  Result<TableReport> import(const access::Principal& who, ImportKind kind,
                             const std::string& file_name, const std::string& bytes,
                             ImportMode mode);
  /// The imports the caller may see, newest first, of one kind or all: administrators see all,
  /// reviewers those made for their region or below (blacklists: as Blacklists::imports).
  Result<std::vector<ImportRecord>> history(const access::Principal& who,
                                            std::optional<ImportKind> kind);

 private:
  storage::Pool& pool_;
  const catalogue::Catalogue& catalogue_;
  Blacklists& blacklists_;
  Clock clock_;
};

/// The imported region codes, parents first as imported, for merging into the tree at start.
Result<std::vector<catalogue::Region>> stored_imported_regions(storage::Database& db);

}  // namespace tidu::service
