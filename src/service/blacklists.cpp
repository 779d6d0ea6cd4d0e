#include "service/blacklists.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "files/names.hpp"
#include "imports/table_reader.hpp"
#include "security/digest.hpp"
#include "service/accounts.hpp"

namespace tidu::service {
namespace {

using nlohmann::json;
using storage::Database;

/// Rows stored per INSERT: few round trips, well under both backends' parameter limits.
constexpr std::size_t kRowsPerInsert = 200;
constexpr std::size_t kColumnsPerEntry = 8;
/// The problems quoted in an error message (all of them are in its details).

namespace sql {
constexpr const char* kListingColumns =
    "import_id, credit_code, name, list, listed_on, imported_at";
constexpr const char* kImportColumns =
    "id, name, mode, rows_total, rows_imported, sha256, imported_by, imported_at";
constexpr const char* kInsertImport =
    "INSERT INTO blacklist_imports (id, name, mode, rows_total, rows_imported, sha256, "
    "imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
}  // namespace sql

/// Why the principal may not import a list, or empty.
std::string import_refusal(const access::Principal& who) {
  if (who.role == access::Role::kAdmin) return {};
  if (who.role == access::Role::kReviewer && who.level == "province") return {};
  return "只有省级审核员和管理员可以导入失信黑名单";
}

/// The report of a parsed file, its problems capped.
ImportReport report_of(const review::BlacklistFile& file) {
  ImportReport r;
  r.rows = file.rows;
  r.imported = file.entries.size();
  r.problem_count = file.problems.size();
  const auto kept = std::min(file.problems.size(), kMaxProblemsReported);
  r.problems.assign(file.problems.begin(),
                    file.problems.begin() + static_cast<std::ptrdiff_t>(kept));
  return r;
}

/// IMPORT_INVALID: the message quotes the first problems, the details list them (capped).
std::unexpected<Error> invalid(const ImportReport& r, std::string_view lead) {
  return table::import_invalid(lead, r.problems, r.problem_count, r.rows);
}

BlacklistImport import_of(const storage::Row& r) {
  return {r.get_text(0), r.get_text(1), r.get_text(2), r.get_int(3),
          r.get_int(4),  r.get_text(5), r.get_text(6), r.get_text(7)};
}

Result<std::vector<BlacklistListing>> listings(Database& db, std::string_view where,
                                               std::initializer_list<storage::Value> params) {
  auto rows =
      db.query(fmt::format("SELECT {} FROM blacklist_entries WHERE {} ORDER BY listed_on DESC, "
                           "imported_at DESC, id",
                           sql::kListingColumns, where),
               params);
  if (!rows) return std::unexpected(rows.error());
  std::vector<BlacklistListing> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    out.push_back(
        {r.get_text(0), r.get_text(1), r.get_text(2), r.get_text(3), r.get_text(4), r.get_text(5)});
  }
  return out;
}

/// Stores the entries in groups of kRowsPerInsert rows.
Result<void> insert_entries(Database& db, const std::vector<review::BlacklistEntry>& entries,
                            const BlacklistImport& import) {
  for (std::size_t start = 0; start < entries.size(); start += kRowsPerInsert) {
    const std::size_t end = std::min(entries.size(), start + kRowsPerInsert);
    std::string statement =
        "INSERT INTO blacklist_entries (id, import_id, credit_code, name, list, listed_on, "
        "imported_by, imported_at) VALUES ";
    std::vector<storage::Value> params;
    params.reserve((end - start) * kColumnsPerEntry);
    for (std::size_t i = start; i < end; ++i) {
      const std::size_t p = params.size();
      statement += fmt::format("{}(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})", i == start ? "" : ", ",
                               p + 1, p + 2, p + 3, p + 4, p + 5, p + 6, p + 7, p + 8);
      const auto& e = entries[i];
      params.emplace_back(new_id("l"));
      params.emplace_back(import.id);
      params.emplace_back(e.credit_code);
      params.emplace_back(e.name);
      params.emplace_back(e.list);
      params.emplace_back(e.listed_on);
      params.emplace_back(import.imported_by);
      params.emplace_back(import.imported_at);
    }
    TIDU_TRY(db.execute(statement, std::span<const storage::Value>(params)));
  }
  return {};
}

}  // namespace

std::string_view import_mode_id(ImportMode m) {
  return m == ImportMode::kValidRows ? "valid_rows" : "all_or_nothing";
}

std::optional<ImportMode> parse_import_mode(std::string_view id) {
  if (id == "all_or_nothing") return ImportMode::kAllOrNothing;
  if (id == "valid_rows") return ImportMode::kValidRows;
  return std::nullopt;
}

Blacklists::Blacklists(storage::Pool& pool, Clock clock) : pool_(pool), clock_(std::move(clock)) {}

Result<ImportReport> Blacklists::preview(const access::Principal& who,
                                         const std::string& bytes) const {
  if (auto why = import_refusal(who); !why.empty()) return fail("FORBIDDEN", why);
  const auto file = review::parse_blacklist(imports::read_table(bytes));
  auto r = report_of(file);
  const auto shown = std::min(file.entries.size(), kPreviewSampleRows);
  r.sample.assign(file.entries.begin(), file.entries.begin() + static_cast<std::ptrdiff_t>(shown));
  return r;
}

Result<ImportReport> Blacklists::import(const access::Principal& who, const std::string& file_name,
                                        const std::string& bytes, ImportMode mode) {
  if (auto why = import_refusal(who); !why.empty()) return fail("FORBIDDEN", why);
  const auto file = review::parse_blacklist(imports::read_table(bytes));
  auto report = report_of(file);
  if (!file.readable) return invalid(report, "文件无法导入，未导入任何记录");
  // Warnings (a credit code's check character) do not stop an import; errors do.
  const auto errors = std::count_if(file.problems.begin(), file.problems.end(), table::is_error);
  if (mode == ImportMode::kAllOrNothing && errors > 0) {
    return invalid(report, fmt::format("文件有 {} 处问题，未导入任何记录（可改正后重新导入，或"
                                       "选择只导入有效行）",
                                       errors));
  }
  if (file.entries.empty()) return invalid(report, "文件中没有有效的数据行，未导入任何记录");

  BlacklistImport made{
      .id = new_id("m"),
      .name = files::sanitize_file_name(file_name.empty() ? "失信黑名单.csv" : file_name),
      .mode = std::string(import_mode_id(mode)),
      .rows_total = static_cast<std::int64_t>(file.rows),
      .rows_imported = static_cast<std::int64_t>(file.entries.size()),
      .sha256 = security::sha256_hex(bytes),
      .imported_by = who.account_id,
      .imported_at = time::format_instant(clock_())};
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  auto before = db.query(
      fmt::format("SELECT {} FROM blacklist_imports WHERE sha256 = $1", sql::kImportColumns),
      {made.sha256});
  if (!before) return std::unexpected(before.error());
  const auto already = [&](const std::string& at) {
    return fail("ALREADY_EXISTS", fmt::format("同一文件已于 {} 导入，未重复导入", at));
  };
  if (!before->empty()) return already((*before)[0].get_text(7));
  auto stored = db.execute(sql::kInsertImport,
                           {made.id, made.name, made.mode, made.rows_total, made.rows_imported,
                            made.sha256, made.imported_by, made.imported_at});
  if (!stored) {
    // Another import of the same file committed between the check and the insert.
    if (stored.error().code == storage::codes::kConstraint) return already(made.imported_at);
    return std::unexpected(stored.error());
  }
  TIDU_TRY(insert_entries(db, file.entries, made));
  TIDU_TRY(audit(db, clock_(), who.account_id, "blacklist_import", "blacklist_import:" + made.id,
                 {{"name", made.name},
                  {"sha256", made.sha256},
                  {"mode", made.mode},
                  {"rows", made.rows_total},
                  {"imported", made.rows_imported},
                  {"problems", file.problems.size()}}));
  TIDU_TRY(tx->commit());
  report.import = std::move(made);
  return report;
}

Result<std::vector<BlacklistImport>> Blacklists::imports(const access::Principal& who) {
  if (who.role != access::Role::kReviewer && who.role != access::Role::kCoDepartment &&
      who.role != access::Role::kAdmin)
    return fail("FORBIDDEN", "只有审核单位和管理员可以查看失信黑名单导入记录");
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto rows =
      (*lease)->query(fmt::format("SELECT {} FROM blacklist_imports ORDER BY imported_at "
                                  "DESC, id",
                                  sql::kImportColumns));
  if (!rows) return std::unexpected(rows.error());
  std::vector<BlacklistImport> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(import_of(r));
  return out;
}

Result<std::vector<BlacklistListing>> Blacklists::listed_for_declaration(
    const std::string& declaration_id) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  return listings(**lease,
                  "credit_code = (SELECT e.credit_code FROM declarations d JOIN enterprises e ON "
                  "e.id = d.enterprise_id WHERE d.id = $1)",
                  {declaration_id});
}

Result<std::vector<BlacklistListing>> Blacklists::listed(Database& db,
                                                         std::string_view credit_code) {
  const std::string code = review::normalize_credit_code(credit_code);
  if (code.empty()) return std::vector<BlacklistListing>{};
  return listings(db, "credit_code = $1", {code});
}

}  // namespace tidu::service
