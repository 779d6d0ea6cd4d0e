#include "service/imports.hpp"

#include <algorithm>
#include <array>
#include <functional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "files/names.hpp"
#include "imports/assessments.hpp"
#include "imports/directory.hpp"
#include "imports/regions.hpp"
#include "imports/scope.hpp"
#include "imports/table_reader.hpp"
#include "security/digest.hpp"
#include "service/accounts.hpp"

namespace tidu::service {
namespace {

using nlohmann::json;
using storage::Database;

/// Rows stored per INSERT: few round trips, well under both backends' parameter limits.
constexpr std::size_t kRowsPerInsert = 200;
/// The problems quoted in an error message (all of them are in its details).

struct KindInfo {
  ImportKind kind;
  std::string_view id;
  std::string_view name;
};

constexpr std::array<KindInfo, 4> kKinds = {{
    {ImportKind::kDirectory, "directory", "企业名录"},
    {ImportKind::kAssessments, "assessments", "成熟度自评估结果"},
    {ImportKind::kRegions, "regions", "区划代码"},
    {ImportKind::kBlacklist, "blacklist", "失信黑名单"},
}};

namespace sql {
constexpr const char* kRecordColumns =
    "id, kind, name, mode, format, region, rows_total, rows_imported, sha256, imported_by, "
    "imported_at";
constexpr const char* kInsertRecord =
    "INSERT INTO imports (id, kind, name, mode, format, region, rows_total, rows_imported, "
    "sha256, imported_by, imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
constexpr const char* kDirectory =
    "INSERT INTO directory_enterprises (credit_code, name, region, industry, above_scale, revenue, "
    "employees, year, import_id, imported_at) VALUES {} ON CONFLICT (credit_code) DO UPDATE SET "
    "name = excluded.name, region = excluded.region, industry = excluded.industry, above_scale = "
    "excluded.above_scale, revenue = excluded.revenue, employees = excluded.employees, year = "
    "excluded.year, import_id = excluded.import_id, imported_at = excluded.imported_at";
constexpr const char* kAssessments =
    "INSERT INTO imported_assessments (id, credit_code, name, level, score, assessed_on, source, "
    "region, import_id, imported_at) VALUES {} ON CONFLICT (credit_code, assessed_on) DO UPDATE "
    "SET name = excluded.name, level = excluded.level, score = excluded.score, source = "
    "excluded.source, region = excluded.region, import_id = excluded.import_id, imported_at = "
    "excluded.imported_at";
constexpr const char* kRegions =
    "INSERT INTO imported_regions (code, name, parent, kind, note, import_id, imported_at) VALUES "
    "{} ON CONFLICT (code) DO UPDATE SET name = excluded.name, parent = excluded.parent, kind = "
    "excluded.kind, note = excluded.note, import_id = excluded.import_id, imported_at = "
    "excluded.imported_at";
}  // namespace sql

/// The region an importer may import `kind` for (empty: everywhere), or why they may not.
std::expected<std::string, std::string> scope_of(const access::Principal& who, ImportKind kind) {
  if (who.role == access::Role::kAdmin) return std::string{};
  if (kind == ImportKind::kRegions) return std::unexpected("只有管理员可以导入区划代码");
  if (who.role == access::Role::kReviewer && (who.level == "province" || who.level == "city"))
    return who.region;
  return std::unexpected(
      fmt::format("只有管理员和省级、市级审核员可以导入{}", import_kind_name(kind)));
}

/// One row of stored values per entry; stored in groups of kRowsPerInsert with `statement`.
template <class Entry, class Values>
Result<void> insert_rows(Database& db, const char* statement, const std::vector<Entry>& entries,
                         std::size_t columns, Values&& values) {
  for (std::size_t start = 0; start < entries.size(); start += kRowsPerInsert) {
    const std::size_t end = std::min(entries.size(), start + kRowsPerInsert);
    std::string tuples;
    std::vector<storage::Value> params;
    params.reserve((end - start) * columns);
    for (std::size_t i = start; i < end; ++i) {
      tuples += i == start ? "(" : ", (";
      for (std::size_t c = 0; c < columns; ++c)
        tuples += fmt::format("{}${}", c == 0 ? "" : ", ", params.size() + c + 1);
      tuples += ')';
      values(entries[i], params);
    }
    TIDU_TRY(db.execute(fmt::vformat(statement, fmt::make_format_args(tuples)),
                        std::span<const storage::Value>(params)));
  }
  return {};
}

std::string number_text(double v) { return fmt::format("{}", v); }

/// How one kind is shown and stored.
template <class Entry>
struct KindIo {
  std::vector<std::string> columns;
  std::function<std::vector<std::string>(const Entry&)> row;
  std::function<Result<void>(Database&, const std::vector<Entry>&, const ImportRecord&)> store;
};

KindIo<imports::DirectoryEntry> directory_io() {
  return {
      {"行", "统一社会信用代码", "企业名称", "所在地区", "行业", "是否规上", "营业收入(万元)",
       "从业人员", "年份"},
      [](const imports::DirectoryEntry& e) {
        return std::vector<std::string>{std::to_string(e.row),
                                        e.credit_code,
                                        e.name,
                                        e.region,
                                        e.industry,
                                        e.above_scale ? "是" : "否",
                                        number_text(e.revenue),
                                        std::to_string(e.employees),
                                        e.year ? std::to_string(*e.year) : ""};
      },
      [](Database& db, const std::vector<imports::DirectoryEntry>& entries, const ImportRecord& r) {
        return insert_rows(db, sql::kDirectory, entries, 10,
                           [&r](const imports::DirectoryEntry& e, auto& p) {
                             p.emplace_back(e.credit_code);
                             p.emplace_back(e.name);
                             p.emplace_back(e.region);
                             p.emplace_back(e.industry);
                             p.emplace_back(std::int64_t{e.above_scale ? 1 : 0});
                             p.emplace_back(e.revenue);
                             p.emplace_back(e.employees);
                             if (e.year) {
                               p.emplace_back(std::int64_t{*e.year});
                             } else {
                               p.emplace_back(nullptr);
                             }
                             p.emplace_back(r.id);
                             p.emplace_back(r.imported_at);
                           });
      }};
}

KindIo<imports::AssessmentEntry> assessments_io() {
  return {{"行", "统一社会信用代码", "企业名称", "等级", "得分", "评估日期", "来源", "所在地区"},
          [](const imports::AssessmentEntry& e) {
            return std::vector<std::string>{std::to_string(e.row),
                                            e.credit_code,
                                            e.name,
                                            std::to_string(e.level),
                                            e.score ? number_text(*e.score) : "",
                                            e.assessed_on,
                                            e.source,
                                            e.region};
          },
          [](Database& db, const std::vector<imports::AssessmentEntry>& entries,
             const ImportRecord& r) {
            return insert_rows(db, sql::kAssessments, entries, 10,
                               [&r](const imports::AssessmentEntry& e, auto& p) {
                                 p.emplace_back(new_id("ia"));
                                 p.emplace_back(e.credit_code);
                                 p.emplace_back(e.name);
                                 p.emplace_back(std::int64_t{e.level});
                                 if (e.score) {
                                   p.emplace_back(*e.score);
                                 } else {
                                   p.emplace_back(nullptr);
                                 }
                                 p.emplace_back(e.assessed_on);
                                 p.emplace_back(e.source);
                                 p.emplace_back(e.region);
                                 p.emplace_back(r.id);
                                 p.emplace_back(r.imported_at);
                               });
          }};
}

KindIo<imports::RegionEntry> regions_io() {
  return {
      {"行", "代码", "名称", "上级代码", "类型", "备注"},
      [](const imports::RegionEntry& e) {
        return std::vector<std::string>{std::to_string(e.row), e.region.code, e.region.name,
                                        e.region.parent,       e.region.kind, e.region.note};
      },
      [](Database& db, const std::vector<imports::RegionEntry>& entries, const ImportRecord& r) {
        return insert_rows(db, sql::kRegions, entries, 7,
                           [&r](const imports::RegionEntry& e, auto& p) {
                             p.emplace_back(e.region.code);
                             p.emplace_back(e.region.name);
                             p.emplace_back(e.region.parent);
                             p.emplace_back(e.region.kind);
                             p.emplace_back(e.region.note);
                             p.emplace_back(r.id);
                             p.emplace_back(r.imported_at);
                           });
      }};
}

/// The report of a parsed file, its problems capped and (for a preview) its first valid rows.
template <class Entry>
TableReport report_of(ImportKind kind, const Result<table::Table>& table,
                      const table::Parsed<Entry>& file, const KindIo<Entry>& io, bool sample) {
  TableReport r;
  r.kind = std::string(import_kind_id(kind));
  if (table) r.format = std::string(imports::format_id(table->format));
  r.readable = file.readable;
  r.rows = file.rows;
  r.valid = file.entries.size();
  r.problem_count = file.problems.size();
  const auto kept = std::min(file.problems.size(), kMaxProblemsReported);
  r.problems.assign(file.problems.begin(),
                    file.problems.begin() + static_cast<std::ptrdiff_t>(kept));
  r.columns = io.columns;
  if (sample) {
    const auto shown = std::min(file.entries.size(), kPreviewSampleRows);
    for (std::size_t i = 0; i < shown; ++i) r.sample.push_back(io.row(file.entries[i]));
  }
  return r;
}

/// IMPORT_INVALID: the message quotes the first problems, the details list them (capped).
std::unexpected<Error> invalid(const TableReport& r, std::string_view lead) {
  return table::import_invalid(lead, r.problems, r.problem_count, r.rows);
}

ImportRecord record_of(const storage::Row& r) {
  return {r.get_text(0), r.get_text(1), r.get_text(2), r.get_text(3), r.get_text(4),  r.get_text(5),
          r.get_int(6),  r.get_int(7),  r.get_text(8), r.get_text(9), r.get_text(10), false};
}

/// A blacklist import as the import history shows it.
ImportRecord record_of(const BlacklistImport& b) {
  return {b.id,     "blacklist",   b.name,        b.mode, "", "", b.rows_total, b.rows_imported,
          b.sha256, b.imported_by, b.imported_at, false};
}

/// A blacklist report as every other kind's.
TableReport report_of(const ImportReport& b) {
  TableReport r;
  r.kind = "blacklist";
  r.rows = b.rows;
  r.valid = b.imported;
  r.problems = b.problems;
  r.problem_count = b.problem_count;
  r.readable = std::none_of(b.problems.begin(), b.problems.end(),
                            [](const table::Problem& p) { return p.row <= 1; });
  r.columns = {"行", "统一社会信用代码", "企业名称", "名单", "列入日期"};
  for (const auto& e : b.sample)
    r.sample.push_back({std::to_string(e.row), e.credit_code, e.name, e.list, e.listed_on});
  if (b.import) r.import = record_of(*b.import);
  return r;
}

}  // namespace

std::string_view import_kind_id(ImportKind k) {
  for (const auto& i : kKinds) {
    if (i.kind == k) return i.id;
  }
  return {};
}

std::optional<ImportKind> parse_import_kind(std::string_view id) {
  for (const auto& i : kKinds) {
    if (i.id == id) return i.kind;
  }
  return std::nullopt;
}

std::string_view import_kind_name(ImportKind k) {
  for (const auto& i : kKinds) {
    if (i.kind == k) return i.name;
  }
  return {};
}

Imports::Imports(storage::Pool& pool, const catalogue::Catalogue& catalogue, Blacklists& blacklists,
                 Clock clock)
    : pool_(pool), catalogue_(catalogue), blacklists_(blacklists), clock_(std::move(clock)) {}

namespace {

/// Everything an import needs besides the parsed file.
struct ImportRequest {
  const access::Principal& who;
  ImportKind kind;
  const std::string& file_name;
  const std::string& bytes;
  ImportMode mode;
  std::string scope;
};

/// Checks the mode against the file and stores it with its record and audit entry, in one
/// transaction.
template <class Entry>
Result<TableReport> commit(storage::Pool& pool, const Clock& clock, const ImportRequest& req,
                           const Result<table::Table>& table, const table::Parsed<Entry>& file,
                           const KindIo<Entry>& io) {
  auto report = report_of(req.kind, table, file, io, false);
  if (!file.readable) return invalid(report, "文件无法导入，未导入任何记录");
  // Warnings (a credit code's check character) do not stop an import; errors do.
  const auto errors = std::count_if(file.problems.begin(), file.problems.end(), table::is_error);
  if (req.mode == ImportMode::kAllOrNothing && errors > 0) {
    return invalid(report, fmt::format("文件有 {} 处问题，未导入任何记录（可改正后重新导入，或"
                                       "选择只导入有效行）",
                                       errors));
  }
  if (file.entries.empty()) return invalid(report, "文件中没有有效的数据行，未导入任何记录");

  const std::string fallback = fmt::format("{}.{}", import_kind_name(req.kind),
                                           report.format.empty() ? "csv" : report.format);
  ImportRecord made{
      .id = new_id("im"),
      .kind = std::string(import_kind_id(req.kind)),
      .name = files::sanitize_file_name(req.file_name.empty() ? fallback : req.file_name),
      .mode = std::string(import_mode_id(req.mode)),
      .format = report.format,
      .region = req.scope,
      .rows_total = static_cast<std::int64_t>(file.rows),
      .rows_imported = static_cast<std::int64_t>(file.entries.size()),
      .sha256 = security::sha256_hex(req.bytes),
      .imported_by = req.who.account_id,
      .imported_at = time::format_instant(clock()),
      .pending = req.kind == ImportKind::kRegions};
  auto lease = pool.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  const auto already = [&](const std::string& at) {
    return fail("ALREADY_EXISTS", fmt::format("同一文件已于 {} 作为{}导入，未重复导入", at,
                                              import_kind_name(req.kind)));
  };
  auto before = db.query("SELECT imported_at FROM imports WHERE kind = $1 AND sha256 = $2",
                         {made.kind, made.sha256});
  if (!before) return std::unexpected(before.error());
  if (!before->empty()) return already((*before)[0].get_text(0));
  auto stored =
      db.execute(sql::kInsertRecord, {made.id, made.kind, made.name, made.mode, made.format,
                                      made.region, made.rows_total, made.rows_imported, made.sha256,
                                      made.imported_by, made.imported_at});
  if (!stored) {
    // Another import of the same file committed between the check and the insert.
    if (stored.error().code == storage::codes::kConstraint) return already(made.imported_at);
    return std::unexpected(stored.error());
  }
  TIDU_TRY(io.store(db, file.entries, made));
  TIDU_TRY(audit(db, clock(), req.who.account_id, "import_" + made.kind, "import:" + made.id,
                 {{"kind", made.kind},
                  {"name", made.name},
                  {"format", made.format},
                  {"sha256", made.sha256},
                  {"mode", made.mode},
                  {"region", made.region},
                  {"rows", made.rows_total},
                  {"imported", made.rows_imported},
                  {"problems", file.problems.size()}}));
  TIDU_TRY(tx->commit());
  report.import = std::move(made);
  return report;
}

}  // namespace

Result<TableReport> Imports::preview(const access::Principal& who, ImportKind kind,
                                     const std::string& bytes) const {
  if (kind == ImportKind::kBlacklist) {
    auto r = blacklists_.preview(who, bytes);
    if (!r) return std::unexpected(r.error());
    auto out = report_of(*r);
    if (const auto table = imports::read_table(bytes))
      out.format = std::string(imports::format_id(table->format));
    return out;
  }
  auto scope = scope_of(who, kind);
  if (!scope) return fail("FORBIDDEN", scope.error());
  const auto table = imports::read_table(bytes);
  const imports::Scope s{*scope, &catalogue_.regions};
  switch (kind) {
    case ImportKind::kDirectory:
      return report_of(kind, table, imports::parse_directory(table, catalogue_, s), directory_io(),
                       true);
    case ImportKind::kAssessments:
      return report_of(kind, table,
                       imports::parse_assessments(table, catalogue_.regions, s,
                                                  time::format_date(time::beijing_date(clock_()))),
                       assessments_io(), true);
    case ImportKind::kRegions:
      return report_of(kind, table, imports::parse_regions(table, catalogue_.regions), regions_io(),
                       true);
    case ImportKind::kBlacklist:
      break;
  }
  return fail("NOT_FOUND", "未知的导入类型");
}

Result<TableReport> Imports::import(const access::Principal& who, ImportKind kind,
                                    const std::string& file_name, const std::string& bytes,
                                    ImportMode mode) {
  if (kind == ImportKind::kBlacklist) {
    auto r = blacklists_.import(who, file_name, bytes, mode);
    if (!r) return std::unexpected(r.error());
    return report_of(*r);
  }
  auto scope = scope_of(who, kind);
  if (!scope) return fail("FORBIDDEN", scope.error());
  const auto table = imports::read_table(bytes);
  const imports::Scope s{*scope, &catalogue_.regions};
  const ImportRequest req{who, kind, file_name, bytes, mode, *scope};
  switch (kind) {
    case ImportKind::kDirectory:
      return commit(pool_, clock_, req, table, imports::parse_directory(table, catalogue_, s),
                    directory_io());
    case ImportKind::kAssessments:
      return commit(pool_, clock_, req, table,
                    imports::parse_assessments(table, catalogue_.regions, s,
                                               time::format_date(time::beijing_date(clock_()))),
                    assessments_io());
    case ImportKind::kRegions:
      return commit(pool_, clock_, req, table, imports::parse_regions(table, catalogue_.regions),
                    regions_io());
    case ImportKind::kBlacklist:
      break;
  }
  return fail("NOT_FOUND", "未知的导入类型");
}

Result<std::vector<ImportRecord>> Imports::history(const access::Principal& who,
                                                   std::optional<ImportKind> kind) {
  const bool admin = who.role == access::Role::kAdmin;
  if (!admin && who.role != access::Role::kReviewer)
    return fail("FORBIDDEN", "只有审核员和管理员可以查看导入记录");
  std::vector<ImportRecord> out;
  if (!kind || *kind != ImportKind::kBlacklist) {
    auto lease = pool_.acquire();
    if (!lease) return std::unexpected(lease.error());
    const std::string where = kind ? "WHERE kind = $1" : "";
    const std::string statement = fmt::format(
        "SELECT {} FROM imports {} ORDER BY imported_at DESC, id", sql::kRecordColumns, where);
    auto rows = kind ? (*lease)->query(statement, {std::string(import_kind_id(*kind))})
                     : (*lease)->query(statement);
    if (!rows) return std::unexpected(rows.error());
    for (const auto& row : *rows) {
      auto r = record_of(row);
      // Reviewers see what was imported for their region or below, and what was imported for
      // every region (an administrator's).
      if (!admin && !r.region.empty() && !catalogue_.regions.within(r.region, who.region)) continue;
      if (r.kind == "regions") {
        // Pending while a code it stored is not in the tree the server runs with (as stored).
        auto codes = (*lease)->query(
            "SELECT code, name FROM imported_regions WHERE import_id = $1 ORDER BY code", {r.id});
        if (!codes) return std::unexpected(codes.error());
        for (const auto& c : *codes) {
          const auto* running = catalogue_.regions.find(c.get_text(0));
          r.pending = r.pending || running == nullptr || running->name != c.get_text(1);
        }
      }
      out.push_back(std::move(r));
    }
  }
  if (!kind || *kind == ImportKind::kBlacklist) {
    auto lists = blacklists_.imports(who);
    if (!lists) return std::unexpected(lists.error());
    for (const auto& b : *lists) out.push_back(record_of(b));
    std::stable_sort(out.begin(), out.end(), [](const ImportRecord& a, const ImportRecord& b) {
      return a.imported_at > b.imported_at;
    });
  }
  return out;
}

Result<std::vector<catalogue::Region>> stored_imported_regions(storage::Database& db) {
  auto rows = db.query(
      "SELECT code, name, parent, kind, note FROM imported_regions ORDER BY imported_at, "
      "length(code), code");
  if (!rows) return std::unexpected(rows.error());
  std::vector<catalogue::Region> out;
  out.reserve(rows->size());
  for (const auto& r : *rows)
    out.push_back({r.get_text(0), r.get_text(1), r.get_text(2), r.get_text(3), r.get_text(4)});
  return out;
}

}  // namespace tidu::service
