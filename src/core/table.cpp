#include "core/table.hpp"

#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/credit_code.hpp"
#include "core/csv.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace tidu::table {
namespace {

/// The headers a schema expects, as a message shows them: 统一社会信用代码,企业名称,…
std::string expected_headers(const Schema& schema, bool english) {
  std::string out;
  for (const auto& c : schema.columns) {
    if (!out.empty()) out += ',';
    out += english ? c.field : c.header;
    if (!c.required) out += english ? "(optional)" : "（可选）";
  }
  return out;
}

/// Serial days 18264 (1950-01-01) … 73050 (2099-12-31) of the 1900 date system.
constexpr double kFirstSerial = 18264;
constexpr double kLastSerial = 73050;

}  // namespace

Result<Table> read_csv(std::string_view text, std::size_t max_data_rows) {
  if (text.size() > kMaxFileBytes) {
    return fail("IMPORT_FILE_TOO_LARGE",
                fmt::format("文件超过 {} MB：请拆分后分批导入", kMaxFileBytes >> 20));
  }
  if (!text::valid_utf8(text)) {
    return fail("IMPORT_NOT_UTF8",
                "文件不是 UTF-8 编码：请在表格软件中另存为“CSV UTF-8（逗号分隔）”或 Excel "
                "工作簿（.xlsx）后再导入");
  }
  // One row more than the limit is the header.
  auto rows = csv::parse(text, max_data_rows + 1, kMaxColumns, kMaxCells);
  if (!rows) {
    if (rows.error().code == "CSV_TOO_MANY_ROWS") {
      return fail("IMPORT_TOO_MANY_ROWS",
                  fmt::format("数据超过 {} 行：请拆分后分批导入", max_data_rows));
    }
    return fail("IMPORT_CSV", rows.error().message);
  }
  Table out;
  out.format = Format::kCsv;
  out.rows.reserve(rows->size());
  int number = 0;
  for (auto& cells : *rows) out.rows.push_back({++number, std::move(cells)});
  return out;
}

std::expected<Layout, Problem> read_header(const Row& header, const Schema& schema) {
  Layout layout;
  layout.at.assign(schema.columns.size(), std::nullopt);
  layout.width = header.cells.size();
  std::vector<std::string> faults;
  for (std::size_t i = 0; i < header.cells.size(); ++i) {
    const std::string_view written = text::trim(header.cells[i]);
    if (written.empty() && i + 1 == header.cells.size()) break;  // a comma at the line's end
    const std::string key = text::ascii_lower(written);
    std::optional<std::size_t> found;
    for (std::size_t c = 0; c < schema.columns.size(); ++c) {
      const auto& col = schema.columns[c];
      if (key == col.field || written == col.header || (!col.alias.empty() && written == col.alias))
        found = c;
    }
    if (!found) {
      faults.push_back(
          fmt::format("第 {} 列“{}”不是可识别的表头", i + 1, text::prefix(written, 40)));
    } else if (layout.at[*found]) {
      faults.push_back(fmt::format("“{}”列重复", schema.columns[*found].header));
    } else {
      layout.at[*found] = i;
    }
  }
  for (std::size_t c = 0; c < schema.columns.size(); ++c) {
    const auto& col = schema.columns[c];
    if (col.required && !layout.at[c])
      faults.push_back(fmt::format("缺少“{}”（{}）列", col.header, col.field));
  }
  if (faults.empty()) return layout;
  std::string reason = "第 1 行（表头）：";
  for (std::size_t i = 0; i < faults.size(); ++i) reason += (i == 0 ? "" : "；") + faults[i];
  reason += fmt::format("。表头应为 {}（或 {}），列的顺序不限", expected_headers(schema, false),
                        expected_headers(schema, true));
  return std::unexpected(
      Problem{1, "", fmt::format("{}_HEADER", schema.code_prefix), std::move(reason)});
}

RowView::RowView(const Row& row, const Layout& layout, const Schema& schema,
                 std::vector<Problem>& problems)
    : row_(row), layout_(layout), schema_(schema), problems_(problems), before_(problems.size()) {
  const auto n = row.cells.size();
  if (layout.width != 0 && n != layout.width) {
    row_problem(fmt::format("{}_COLUMNS", schema.code_prefix),
                fmt::format("有 {} 列，应为 {} 列（与表头相同）", n, layout.width));
    return;
  }
  for (std::size_t i = layout.width == 0 ? 0 : n; i < n; ++i) {
    bool mapped = false;
    for (const auto& at : layout.at) mapped = mapped || (at && *at == i);
    if (!mapped && !text::blank(row.cells[i])) {
      row_problem(fmt::format("{}_COLUMNS", schema.code_prefix),
                  fmt::format("第 {} 列有内容，但该列没有可识别的表头", i + 1));
    }
  }
}

std::string_view RowView::cell(std::size_t column) const {
  const auto& at = layout_.at[column];
  if (!at || *at >= row_.cells.size()) return {};
  return text::trim(row_.cells[*at]);
}

void RowView::problem(std::size_t column, std::string code, std::string_view reason) {
  problems_.push_back({row_.number, std::string(schema_.columns[column].field), std::move(code),
                       fmt::format("第 {} 行：{}", row_.number, reason)});
}

void RowView::warning(std::size_t column, std::string code, std::string_view reason) {
  problems_.push_back({row_.number, std::string(schema_.columns[column].field), std::move(code),
                       fmt::format("第 {} 行：{}", row_.number, reason), true});
  ++warnings_;
}

void RowView::row_problem(std::string code, std::string_view reason) {
  problems_.push_back(
      {row_.number, "", std::move(code), fmt::format("第 {} 行：{}", row_.number, reason)});
}

Problem file_problem(const Error& e) { return {0, "", e.code, e.message}; }

Problem empty_problem(const Schema& schema, bool header_present) {
  return {0, "", fmt::format("{}_EMPTY", schema.code_prefix),
          header_present
              ? std::string("文件只有表头，没有数据行")
              : fmt::format("文件为空：第 1 行应为表头 {}", expected_headers(schema, false))};
}

std::string check_credit_code(RowView& row, std::size_t column, const std::string& code) {
  std::string value(row.cell(column));
  for (auto& c : value) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (value.empty()) {
    row.problem(column, code, "统一社会信用代码为空");
    return {};
  }
  switch (credit_code::check(value)) {
    case credit_code::Verdict::kValid:
      return value;
    case credit_code::Verdict::kBadFormat:
      row.problem(column, code,
                  fmt::format("统一社会信用代码“{}”格式不对：应为 18 位数字和大写字母"
                              "（不含 I、O、Z、S、V）",
                              text::prefix(value, 40)));
      return {};
    case credit_code::Verdict::kBadCheckDigit:
      row.warning(column, code + "_CHECK",
                  fmt::format("统一社会信用代码“{}”的校验位不符（按规则应为“{}”）：早期试点赋码"
                              "可能如此，请核对无误后导入",
                              value, credit_code::expected_check_character(value)));
      return value;
  }
  return {};
}

std::optional<bool> parse_yes_no(std::string_view s) {
  const std::string key = text::ascii_lower(text::trim(s));
  if (key == "是" || key == "yes" || key == "y" || key == "true" || key == "1") return true;
  if (key == "否" || key == "no" || key == "n" || key == "false" || key == "0") return false;
  return std::nullopt;
}

std::optional<std::string> parse_date_cell(std::string_view s) {
  s = text::trim(s);
  if (const auto d = time::parse_date(s); d && s.size() == 10) return time::format_date(*d);
  const auto serial = parse_number(s);
  if (!serial || *serial < kFirstSerial || *serial > kLastSerial + 1 || s.find(',') != s.npos)
    return std::nullopt;
  // Day 0 of the 1900 date system is 1899-12-30 once past its phantom 1900-02-29.
  const auto day = std::chrono::sys_days{std::chrono::year{1899} / 12 / 30} +
                   std::chrono::days{static_cast<long>(std::floor(*serial))};
  return time::format_date(std::chrono::year_month_day{day});
}

std::optional<double> parse_number(std::string_view s) {
  s = text::trim(s);
  std::string plain;
  plain.reserve(s.size());
  for (const char c : s) {
    if (c != ',') plain += c;
  }
  if (plain.empty() || plain.front() == '+') return std::nullopt;
  double value = 0;
  const auto* end = plain.data() + plain.size();
  const auto [ptr, ec] = std::from_chars(plain.data(), end, value);
  if (ec != std::errc{} || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string problems_json(std::span<const Problem> problems) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : problems) {
    out.push_back({{"row", p.row},
                   {"field", p.field},
                   {"code", p.code},
                   {"reason", p.reason},
                   {"severity", p.warning ? "warning" : "error"}});
  }
  return out.dump();
}

std::unexpected<Error> import_invalid(std::string_view lead, std::span<const Problem> problems,
                                      std::size_t problem_count, std::size_t rows) {
  constexpr std::size_t kInMessage = 3;
  std::string message(lead);
  for (std::size_t i = 0; i < problems.size() && i < kInMessage; ++i)
    message += (i == 0 ? "：" : "；") + problems[i].reason;
  if (problem_count > kInMessage) message += fmt::format("；共 {} 处", problem_count);
  const nlohmann::json details = {{"problems", nlohmann::json::parse(problems_json(problems))},
                                  {"problem_count", problem_count},
                                  {"rows", rows}};
  return fail_with("IMPORT_INVALID", message, details.dump());
}

}  // namespace tidu::table
