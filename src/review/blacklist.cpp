#include "review/blacklist.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "core/credit_code.hpp"
#include "core/csv.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace tidu::review {
namespace {

constexpr std::array<BlacklistKind, 4> kKinds = {{
    {"serious_dishonesty", "严重失信主体名单", "国家企业信用信息公示系统（市场监管部门）"},
    {"dishonest_debtor", "失信被执行人", "中国执行信息公开网"},
    {"abnormal_operation", "经营异常名录", "国家企业信用信息公示系统"},
    {"major_tax_violation", "重大税收违法失信主体", "税务部门"},
}};

/// The four columns, each with its Chinese and English header.
enum Column : std::size_t { kCode, kName, kList, kDate, kColumns };

struct ColumnInfo {
  std::string_view field;   ///< as reported in problems (and the English header)
  std::string_view header;  ///< the Chinese header
};

constexpr std::array<ColumnInfo, kColumns> kColumnInfo = {{
    {"credit_code", "统一社会信用代码"},
    {"name", "企业名称"},
    {"list", "名单"},
    {"date", "列入日期"},
}};

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::size_t> column_of(std::string_view header) {
  const std::string key = lower_ascii(text::trim(header));
  for (std::size_t i = 0; i < kColumns; ++i) {
    if (key == kColumnInfo[i].field || key == kColumnInfo[i].header) return i;
  }
  return std::nullopt;
}

const BlacklistKind* kind_of(std::string_view value) {
  const std::string key = lower_ascii(value);
  for (const auto& k : kKinds) {
    if (key == k.id || value == k.name) return &k;
  }
  return nullptr;
}

std::string kind_names() {
  std::string out;
  for (const auto& k : kKinds)
    out += fmt::format("{}{}（{}）", out.empty() ? "" : "、", k.name, k.id);
  return out;
}

/// A file-level problem that makes the whole file unreadable.
BlacklistFile refused(BlacklistFile file, int row, std::string code, std::string reason) {
  file.readable = false;
  file.problems.push_back({row, "", std::move(code), std::move(reason)});
  return file;
}

/// Checks one data row; appends its entry or its problems.
void check_row(const csv::Row& cells, const std::array<std::size_t, kColumns>& at, int row,
               BlacklistFile& out) {
  const auto before = out.problems.size();
  auto problem = [&](Column c, std::string code, std::string reason) {
    out.problems.push_back({row, std::string(kColumnInfo[c].field), std::move(code),
                            fmt::format("第 {} 行：{}", row, reason)});
  };
  const auto cell = [&](Column c) -> std::string_view {
    return at[c] < cells.size() ? text::trim(cells[at[c]]) : std::string_view{};
  };
  if (cells.size() != kColumns) {
    out.problems.push_back({row, "", "BLACKLIST_COLUMNS",
                            fmt::format("第 {} 行：有 {} 列，应为 {} 列（统一社会信用代码、"
                                        "企业名称、名单、列入日期）",
                                        row, cells.size(), std::size_t{kColumns})});
  }

  const std::string code = normalize_credit_code(cell(kCode));
  if (code.empty()) {
    problem(kCode, "BLACKLIST_CREDIT_CODE", "统一社会信用代码为空");
  } else {
    switch (credit_code::check(code)) {
      case credit_code::Verdict::kValid:
        break;
      case credit_code::Verdict::kBadFormat:
        problem(kCode, "BLACKLIST_CREDIT_CODE",
                fmt::format("统一社会信用代码“{}”格式不对：应为 18 位数字和大写字母"
                            "（不含 I、O、Z、S、V）",
                            text::prefix(code, 40)));
        break;
      case credit_code::Verdict::kBadCheckDigit:
        problem(kCode, "BLACKLIST_CREDIT_CODE",
                fmt::format("统一社会信用代码“{}”的校验位不符（按规则应为“{}”），请核对", code,
                            credit_code::expected_check_character(code)));
        break;
    }
  }

  const std::string_view name = cell(kName);
  if (name.empty()) {
    problem(kName, "BLACKLIST_NAME", "企业名称为空");
  } else if (text::length(name) > kMaxBlacklistNameChars) {
    problem(kName, "BLACKLIST_NAME", fmt::format("企业名称超过 {} 个字符", kMaxBlacklistNameChars));
  }

  const std::string_view list = cell(kList);
  const BlacklistKind* kind = kind_of(list);
  if (kind == nullptr) {
    problem(kList, "BLACKLIST_LIST",
            list.empty()
                ? fmt::format("名单为空，应为：{}", kind_names())
                : fmt::format("名单“{}”不认识，应为：{}", text::prefix(list, 40), kind_names()));
  }

  const std::string_view date = cell(kDate);
  if (!time::parse_date(date)) {
    problem(kDate, "BLACKLIST_DATE",
            date.empty() ? std::string("列入日期为空，应为 YYYY-MM-DD（如 2025-03-01）")
                         : fmt::format("列入日期“{}”不是有效日期，应为 YYYY-MM-DD（如 2025-03-01）",
                                       text::prefix(date, 40)));
  }

  if (out.problems.size() != before) return;
  out.entries.push_back({row, code, std::string(name), std::string(kind->name), std::string(date)});
}

}  // namespace

std::span<const BlacklistKind> blacklist_kinds() { return kKinds; }

std::string normalize_credit_code(std::string_view code) {
  std::string out(text::trim(code));
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool matches(const BlacklistEntry& entry, std::string_view credit_code) {
  return !entry.credit_code.empty() && entry.credit_code == normalize_credit_code(credit_code);
}

BlacklistFile parse_blacklist(std::string_view text) {
  BlacklistFile file;
  if (text.size() > kMaxBlacklistBytes) {
    return refused(std::move(file), 0, "BLACKLIST_FILE_TOO_LARGE",
                   fmt::format("文件超过 {} MB：请拆分后分批导入", kMaxBlacklistBytes >> 20));
  }
  if (!text::valid_utf8(text)) {
    return refused(std::move(file), 0, "BLACKLIST_NOT_UTF8",
                   "文件不是 UTF-8 编码：请在表格软件中另存为“CSV UTF-8（逗号分隔）”后再导入");
  }
  // One row more than the limit is the header.
  auto rows = csv::parse(text, kMaxBlacklistRows + 1, kColumns * 4);
  if (!rows) {
    if (rows.error().code == "CSV_TOO_MANY_ROWS") {
      return refused(std::move(file), 0, "BLACKLIST_TOO_MANY_ROWS",
                     fmt::format("数据超过 {} 行：请拆分后分批导入", kMaxBlacklistRows));
    }
    return refused(std::move(file), 0, "BLACKLIST_CSV", rows.error().message);
  }
  if (rows->empty()) {
    return refused(std::move(file), 0, "BLACKLIST_EMPTY",
                   "文件为空：第 1 行应为表头 统一社会信用代码,企业名称,名单,列入日期");
  }

  // The header: each of the four columns exactly once, nothing else.
  std::array<std::size_t, kColumns> at{};
  std::array<bool, kColumns> seen{};
  std::vector<std::string> header_faults;
  const auto& header = (*rows)[0];
  for (std::size_t i = 0; i < header.size(); ++i) {
    const auto c = column_of(header[i]);
    if (!c) {
      header_faults.push_back(fmt::format("第 {} 列“{}”不是可识别的表头", i + 1,
                                          text::prefix(text::trim(header[i]), 40)));
    } else if (seen[*c]) {
      header_faults.push_back(fmt::format("“{}”列重复", kColumnInfo[*c].header));
    } else {
      seen[*c] = true;
      at[*c] = i;
    }
  }
  for (std::size_t c = 0; c < kColumns; ++c) {
    if (!seen[c]) {
      header_faults.push_back(
          fmt::format("缺少“{}”（{}）列", kColumnInfo[c].header, kColumnInfo[c].field));
    }
  }
  if (!header_faults.empty()) {
    std::string reason = "第 1 行（表头）：";
    for (std::size_t i = 0; i < header_faults.size(); ++i)
      reason += (i == 0 ? "" : "；") + header_faults[i];
    reason += "。表头应为 统一社会信用代码,企业名称,名单,列入日期（或 credit_code,name,list,date）";
    return refused(std::move(file), 1, "BLACKLIST_HEADER", std::move(reason));
  }

  file.rows = rows->size() - 1;
  if (file.rows == 0) {
    return refused(std::move(file), 0, "BLACKLIST_EMPTY", "文件只有表头，没有数据行");
  }
  file.entries.reserve(file.rows);
  for (std::size_t i = 1; i < rows->size(); ++i)
    check_row((*rows)[i], at, static_cast<int>(i + 1), file);
  return file;
}

}  // namespace tidu::review
