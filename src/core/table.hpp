#pragma once
// Imported tables checked row by row: the rows of a file (CSV here, XLSX in imports/), its header
// mapped to a kind's columns (Chinese or English headers, in any order), and every problem of
// every row reported with its row number, field, a stable code and a Chinese reason (STYLE.md 6).
// Each kind of import (blacklists, the enterprise directory, maturity results, region codes)
// declares its columns and checks one row; the rest is shared here. Pure.
//
// Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row is 2.
// Row 0 is a problem of the file as a whole.
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace tidu::table {

/// At most this many data rows in one imported file (split larger files).
inline constexpr std::size_t kMaxDataRows = 100'000;
/// At most this many bytes in one imported file.
inline constexpr std::size_t kMaxFileBytes = std::size_t{20} << 20;
/// At most this many columns in a row.
inline constexpr std::size_t kMaxColumns = 256;
/// At most this many cells in one file, gaps and empty cells included (a file of commas).
inline constexpr std::size_t kMaxCells = 2'000'000;

/// One row of a file: its number as a spreadsheet shows it and its cells, left to right.
struct Row {
  int number = 0;
  std::vector<std::string> cells;
};

/// What a file was read as.
enum class Format { kCsv, kXlsx };

/// The non-blank rows of a file, the header first.
struct Table {
  Format format = Format::kCsv;
  std::vector<Row> rows;
};

/// One thing wrong with a file or a row.
struct Problem {
  int row = 0;         ///< 0: the whole file; 1: the header; 2…: a data row
  std::string field;   ///< the column's English name; empty for the file or the whole row
  std::string code;    ///< stable: IMPORT_CSV, BLACKLIST_CREDIT_CODE, DIRECTORY_REGION, …
  std::string reason;  ///< Chinese, naming the row and what to fix
  /// A warning an official may accept: the row is still valid and imported (a credit code whose
  /// check character fails — some early pilot codes issued in Fujian are legal yet fail it).
  bool warning = false;
};

/// True when a problem keeps its row (or the file) from being imported.
inline bool is_error(const Problem& p) { return !p.warning; }

/// The problems as the API gives them: [{row, field, code, reason, severity}].
std::string problems_json(std::span<const Problem> problems);

/// IMPORT_INVALID for a file that is not imported: the message is `lead` with the first three
/// reasons (and the count when there are more); the details list `problems` (already capped by
/// the caller), `problem_count` and `rows`.
std::unexpected<Error> import_invalid(std::string_view lead, std::span<const Problem> problems,
                                      std::size_t problem_count, std::size_t rows);

/// Reads CSV text (UTF-8 with or without BOM): blank lines are skipped and not counted.
/// IMPORT_FILE_TOO_LARGE, IMPORT_NOT_UTF8, IMPORT_CSV (broken quotes, too many columns) or
/// IMPORT_TOO_MANY_ROWS (more than `max_data_rows` rows after the header).
Result<Table> read_csv(std::string_view text, std::size_t max_data_rows = kMaxDataRows);

/// A column of a kind of file.
struct Column {
  std::string_view field;   ///< English header, and the field named in problems
  std::string_view header;  ///< Chinese header
  bool required = true;
  std::string_view alias = {};  ///< one more accepted header (信用代码, …), or empty
};

/// The columns of a kind of file and the prefix of its problem codes (BLACKLIST →
/// BLACKLIST_HEADER).
struct Schema {
  std::span<const Column> columns;
  std::string_view code_prefix;
};

/// Where each of a schema's columns is in the file.
struct Layout {
  std::vector<std::optional<std::size_t>> at;  ///< by the schema's column; empty when absent
  std::size_t width = 0;                       ///< cells in the header
};

/// Maps the header to the schema: each column at most once, the required ones present, nothing
/// unknown. The problem (row 1, <PREFIX>_HEADER) lists every fault and the headers expected.
std::expected<Layout, Problem> read_header(const Row& header, const Schema& schema);

/// One data row as a kind's check sees it; problems are collected into the parse's list.
class RowView {
 public:
  RowView(const Row& row, const Layout& layout, const Schema& schema,
          std::vector<Problem>& problems);

  /// The row's number (header = 1).
  [[nodiscard]] int number() const { return row_.number; }
  /// The trimmed cell of a schema column; empty when the column is absent or the row short.
  [[nodiscard]] std::string_view cell(std::size_t column) const;
  /// True when the file has the column.
  [[nodiscard]] bool has(std::size_t column) const { return layout_.at[column].has_value(); }
  /// Reports a problem of one field: the reason is prefixed with "第 N 行：".
  void problem(std::size_t column, std::string code, std::string_view reason);
  /// Reports a problem of the whole row.
  void row_problem(std::string code, std::string_view reason);
  /// Reports a warning on one field: shown with the problems, the row stays valid.
  void warning(std::size_t column, std::string code, std::string_view reason);
  /// True when no error was reported for this row (including the width check); warnings allowed.
  [[nodiscard]] bool ok() const { return problems_.size() - warnings_ == before_; }

 private:
  const Row& row_;
  const Layout& layout_;
  const Schema& schema_;
  std::vector<Problem>& problems_;
  std::size_t before_;
  std::size_t warnings_ = 0;
};

/// A parsed file: the valid rows and every problem found.
template <class Entry>
struct Parsed {
  /// False when the file as a whole cannot be read (too large, not UTF-8 or not a spreadsheet,
  /// broken quotes, a bad header, no data, too many rows): nothing of it may be imported.
  bool readable = true;
  std::size_t rows = 0;  ///< data rows read (valid or not)
  std::vector<Entry> entries;
  std::vector<Problem> problems;
};

/// The problem of a file that cannot be read at all.
Problem file_problem(const Error& e);

/// The problem of a file with a header and no data rows (<PREFIX>_EMPTY).
Problem empty_problem(const Schema& schema, bool header_present);

/// Reads a table with the schema: maps the header, then calls `check(RowView&)` on every data
/// row, which returns the row's entry or nullopt (having reported why). Every row is checked.
template <class Entry, class Check>
Parsed<Entry> parse(const Result<Table>& table, const Schema& schema, Check&& check) {
  Parsed<Entry> out;
  const auto refuse = [&out](Problem p) {
    out.readable = false;
    out.problems.push_back(std::move(p));
    return std::move(out);
  };
  if (!table) return refuse(file_problem(table.error()));
  if (table->rows.empty()) return refuse(empty_problem(schema, false));
  auto layout = read_header(table->rows.front(), schema);
  if (!layout) return refuse(std::move(layout.error()));
  // CSV rows must have the header's width (a missing comma shifts every later column); XLSX rows
  // end at their last filled cell, so only extra filled cells are wrong there.
  if (table->format == Format::kXlsx) layout->width = 0;
  out.rows = table->rows.size() - 1;
  if (out.rows == 0) return refuse(empty_problem(schema, true));
  out.entries.reserve(out.rows);
  for (std::size_t i = 1; i < table->rows.size(); ++i) {
    RowView view(table->rows[i], *layout, schema, out.problems);
    auto entry = check(view);
    if (entry && view.ok()) out.entries.push_back(std::move(*entry));
  }
  return out;
}

/// The credit code in a row's column, upper-cased and checked (GB 32100-2015): empty, with the
/// problem reported under `code`, when it is blank or not 18 characters of the code's alphabet; a
/// check character that fails is a warning `code`_CHECK and the code is kept (DOMAIN.md: some
/// early Fujian pilot codes are legal yet fail the check).
std::string check_credit_code(RowView& row, std::size_t column, const std::string& code);

/// "是"/"否", yes/no, true/false, Y/N, 1/0 (any case); nullopt for anything else.
std::optional<bool> parse_yes_no(std::string_view s);

/// A date written YYYY-MM-DD, or an Excel serial day number as a spreadsheet stores a date cell
/// (45658 = 2025-01-01; a fraction is the time of day and ignored), as YYYY-MM-DD. Serials are
/// taken from 1950 to 2099 only, so that a stray year or amount is not read as a date.
std::optional<std::string> parse_date_cell(std::string_view s);

/// A decimal number written plainly (digits, one point, optional sign, thousands commas);
/// nullopt otherwise.
std::optional<double> parse_number(std::string_view s);

}  // namespace tidu::table
