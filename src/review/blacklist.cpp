#include "review/blacklist.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "core/text.hpp"

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

constexpr std::array<table::Column, kColumns> kColumnInfo = {{
    {"credit_code", "统一社会信用代码"},
    {"name", "企业名称"},
    {"list", "名单"},
    {"date", "列入日期"},
}};

constexpr table::Schema kSchema{kColumnInfo, "BLACKLIST"};

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
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

/// Checks one data row: its entry, or nullopt with its problems reported.
std::optional<BlacklistEntry> check_row(table::RowView& row) {
  const std::string code = table::check_credit_code(row, kCode, "BLACKLIST_CREDIT_CODE");

  const std::string_view name = row.cell(kName);
  if (name.empty()) {
    row.problem(kName, "BLACKLIST_NAME", "企业名称为空");
  } else if (text::length(name) > kMaxBlacklistNameChars) {
    row.problem(kName, "BLACKLIST_NAME",
                fmt::format("企业名称超过 {} 个字符", kMaxBlacklistNameChars));
  }

  const std::string_view list = row.cell(kList);
  const BlacklistKind* kind = kind_of(list);
  if (kind == nullptr) {
    row.problem(kList, "BLACKLIST_LIST",
                list.empty() ? fmt::format("名单为空，应为：{}", kind_names())
                             : fmt::format("名单“{}”不认识，应为：{}", text::prefix(list, 40),
                                           kind_names()));
  }

  const std::string_view date = row.cell(kDate);
  const auto listed_on = table::parse_date_cell(date);
  if (!listed_on) {
    row.problem(kDate, "BLACKLIST_DATE",
                date.empty()
                    ? std::string("列入日期为空，应为 YYYY-MM-DD（如 2025-03-01）")
                    : fmt::format("列入日期“{}”不是有效日期，应为 YYYY-MM-DD（如 2025-03-01）",
                                  text::prefix(date, 40)));
  }
  if (!row.ok()) return std::nullopt;
  return BlacklistEntry{row.number(), code, std::string(name), std::string(kind->name), *listed_on};
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

BlacklistFile parse_blacklist(const Result<table::Table>& table) {
  return table::parse<BlacklistEntry>(table, kSchema, check_row);
}

BlacklistFile parse_blacklist(std::string_view text) {
  return parse_blacklist(table::read_csv(text, kMaxBlacklistRows));
}

}  // namespace tidu::review
