#pragma once
// An imported credit blacklist: a CSV file a province-level reviewer or an administrator uploads
// (统一社会信用代码,企业名称,名单,列入日期 — or credit_code,name,list,date), read and checked
// here, row by row, every problem reported with its row number and a reason in Chinese
// (STYLE.md 6). Pure: the service stores what this returns and matches declarations against it.
//
// Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row is 2
// (blank lines are skipped and not counted). Row 0 is a problem of the file as a whole.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tidu::review {

/// At most this many data rows in one file (split larger lists).
inline constexpr std::size_t kMaxBlacklistRows = 100'000;
/// At most this many bytes in one file.
inline constexpr std::size_t kMaxBlacklistBytes = std::size_t{20} << 20;
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

/// One thing wrong with the file or a row.
struct BlacklistProblem {
  int row = 0;         ///< 0: the whole file; 1: the header; 2…: a data row
  std::string field;   ///< credit_code, name, list, date; empty for the file or the row
  std::string code;    ///< stable: BLACKLIST_CREDIT_CODE, BLACKLIST_DATE, …
  std::string reason;  ///< Chinese, naming the row and what to fix
};

/// What a file holds: the valid rows and every problem found.
struct BlacklistFile {
  /// False when the file as a whole cannot be read (too large, not UTF-8, broken quotes, a bad
  /// header, too many rows): nothing of it may be imported, whatever the mode.
  bool readable = true;
  std::size_t rows = 0;  ///< data rows read (valid or not)
  std::vector<BlacklistEntry> entries;
  std::vector<BlacklistProblem> problems;
};

/// Reads and checks a blacklist file (UTF-8, with or without BOM; columns in any order, each of
/// the four exactly once). Every row is checked and every problem of every row reported.
BlacklistFile parse_blacklist(std::string_view text);

/// The credit code as stored and compared: surrounding white space removed, letters upper-case.
std::string normalize_credit_code(std::string_view code);

/// Whether the entry names the enterprise with this 统一社会信用代码. Only the credit code
/// matches: enterprise names are not unique (the same name is registered in different regions,
/// names change, lists abbreviate them), so a name alone would flag the wrong enterprise.
bool matches(const BlacklistEntry& entry, std::string_view credit_code);

}  // namespace tidu::review
