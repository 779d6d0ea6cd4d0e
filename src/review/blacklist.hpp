#pragma once
// An imported credit blacklist: a CSV or XLSX file a province-level reviewer or an administrator
// uploads (统一社会信用代码,企业名称,名单,列入日期 — or credit_code,name,list,date), read and
// checked here, row by row, every problem reported with its row number and a reason in Chinese
// (STYLE.md 6). Pure: the service stores what this returns and matches declarations against it.
//
// Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row is 2
// (blank lines are skipped and not counted). Row 0 is a problem of the file as a whole.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/table.hpp"

namespace tidu::review {

/// At most this many data rows in one file (split larger lists).
inline constexpr std::size_t kMaxBlacklistRows = table::kMaxDataRows;
/// At most this many bytes in one file.
inline constexpr std::size_t kMaxBlacklistBytes = table::kMaxFileBytes;
/// At most this many characters in an enterprise name.
inline constexpr std::size_t kMaxBlacklistNameChars = 200;

/// A list an imported entry can be on. Matching treats them alike (any entry blocks a pass);
/// the name is shown in the refusal so the reviewer knows where to look.
struct BlacklistKind {
  std::string_view id;      ///< accepted in English files: serious_dishonesty, …
  std::string_view name;    ///< stored and shown: 严重失信主体名单, …
  std::string_view source;  ///< the register that publishes it
};

/// The lists a file may name, by id or by name: 严重失信主体名单 (市场监管), 失信被执行人
/// (中国执行信息公开网), 经营异常名录 (国家企业信用信息公示系统), 重大税收违法失信主体 (税务).
std::span<const BlacklistKind> blacklist_kinds();

/// One valid row of the file.
struct BlacklistEntry {
  int row = 0;              ///< the row it came from (header = 1)
  std::string credit_code;  ///< 18 characters, check character verified
  std::string name;         ///< 企业名称 as listed (shown, never matched)
  std::string list;         ///< the list's Chinese name (BlacklistKind::name)
  std::string listed_on;    ///< YYYY-MM-DD
};

/// One thing wrong with the file or a row (codes BLACKLIST_CREDIT_CODE, BLACKLIST_DATE, …; a file
/// that cannot be read at all has the table reader's IMPORT_* code).
using BlacklistProblem = table::Problem;

/// What a file holds: the valid rows and every problem found.
using BlacklistFile = table::Parsed<BlacklistEntry>;

/// Checks the rows of a blacklist file (CSV or XLSX, read by imports::read_table; columns in any
/// order, each of the four exactly once, Chinese or English headers). Every row is checked and
/// every problem of every row reported. A date may be an Excel serial day (a date cell).
BlacklistFile parse_blacklist(const Result<table::Table>& table);

/// Reads and checks a CSV blacklist file (UTF-8, with or without BOM).
BlacklistFile parse_blacklist(std::string_view text);

/// The credit code as stored and compared: surrounding white space removed, letters upper-case.
std::string normalize_credit_code(std::string_view code);

/// Whether the entry names the enterprise with this 统一社会信用代码. Only the credit code
/// matches: enterprise names are not unique (the same name is registered in different regions,
/// names change, lists abbreviate them), so a name alone would flag the wrong enterprise.
bool matches(const BlacklistEntry& entry, std::string_view credit_code);

}  // namespace tidu::review
