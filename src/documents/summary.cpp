#include "documents/summary.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace tidu::documents {
namespace {

using nlohmann::json;

std::string str(const json& j, const char* a, const char* b = nullptr) {
  const json* n = &j;
  for (const char* key : {a, b}) {
    if (key == nullptr) break;
    if (!n->is_object() || !n->contains(key)) return {};
    n = &(*n)[key];
  }
  return n->is_string() ? n->get<std::string>() : std::string{};
}

/// The region and the county-level or city-level unit it lies in.
const catalogue::Region* up_to(const catalogue::RegionTree* regions, const std::string& code,
                               std::initializer_list<std::string_view> kinds) {
  if (regions == nullptr) return nullptr;
  const auto* r = regions->find(code);
  while (r != nullptr) {
    if (std::find(kinds.begin(), kinds.end(), r->kind) != kinds.end()) return r;
    r = r->parent.empty() ? nullptr : regions->find(r->parent);
  }
  return nullptr;
}

std::string column_value(const rounds::Policy& policy, const std::string& key,
                         const SummaryEntry& e) {
  const json& d = e.content;
  if (key == "rank") return std::to_string(e.rank);
  if (key == "enterprise") return str(d, "enterprise", "name");
  if (key == "project") {
    auto name = str(d, "factory", "name");
    return name.empty() ? str(d, "cover", "project_name") : name;
  }
  if (key == "region") {
    const auto* r = up_to(policy.regions, str(d, "enterprise", "region"), {"county", "city"});
    return r != nullptr ? r->name : str(d, "enterprise", "region");
  }
  if (key == "township") {
    const auto* r = up_to(policy.regions, str(d, "enterprise", "region"), {"township", "zone"});
    return r != nullptr ? r->name : std::string{};
  }
  if (key == "sector") {
    auto s = str(d, "factory", "sector");
    return s.empty() ? str(d, "enterprise", "sector") : s;
  }
  if (key == "level") return str(d, "factory", "level");
  if (key == "scenarios" || key == "instances") {
    std::string out;
    const bool covered = key == "scenarios";
    const json& list = covered ? d.value("factory", json::object()).value("covered", json::array())
                               : d.value("scenarios", json::array());
    int n = 0;
    for (const auto& item : list) {
      const auto text = covered ? fmt::format("{}-{}", str(item, "link"), str(item, "scenario"))
                                : str(item, "instance");
      if (text.empty()) continue;
      if (!out.empty()) out += '\n';
      out += fmt::format("{}. {}", ++n, text);
    }
    return out;
  }
  if (key == "contact") {
    const auto& c = d.value("enterprise", json::object()).value("contact", json::object());
    return c.value("name", std::string{});
  }
  if (key == "mobile") {
    const auto& c = d.value("enterprise", json::object()).value("contact", json::object());
    auto m = c.value("mobile", std::string{});
    return m.empty() ? c.value("phone", std::string{}) : m;
  }
  if (key == "remark") return e.remark;
  return {};
}

double column_width(const std::string& key) {
  if (key == "rank") return 0.6;
  if (key == "scenarios" || key == "instances") return 3.2;
  if (key == "enterprise" || key == "project") return 2.4;
  if (key == "remark" || key == "township" || key == "region" || key == "sector") return 1.5;
  if (key == "mobile") return 1.4;
  return 1.0;
}

}  // namespace

const std::vector<std::string>& summary_column_keys() {
  static const std::vector<std::string> keys = {"rank",     "enterprise", "project",   "region",
                                                "township", "sector",     "scenarios", "instances",
                                                "level",    "contact",    "mobile",    "remark"};
  return keys;
}

Result<SummarySheet> build_summary(const rounds::Policy& policy, const std::string& unit_name,
                                   std::vector<SummaryEntry> entries) {
  const auto& table = policy.round->summary_table;
  SummarySheet s;
  s.attachment = table.attachment;
  s.title = table.title;
  for (const auto& h : table.header) {
    s.header_lines.push_back(fmt::format(
        "{}：{}", h, h.starts_with("推荐单位（盖章）") || h == "推荐单位" ? unit_name : ""));
  }
  for (const auto& c : table.columns) {
    const auto& keys = summary_column_keys();
    if (std::find(keys.begin(), keys.end(), c.key) == keys.end()) {
      return fail(
          "DATA_FILE_INVALID",
          fmt::format("批次“{}”的汇总表列“{}”（{}）不是已知的列", policy.round->id, c.key, c.label),
          policy.round->source_file);
    }
    s.column_keys.push_back(c.key);
    s.columns.push_back(c.label);
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const SummaryEntry& a, const SummaryEntry& b) { return a.rank < b.rank; });
  for (const auto& e : entries) {
    std::vector<std::string> row;
    row.reserve(s.column_keys.size());
    for (const auto& key : s.column_keys) row.push_back(column_value(policy, key, e));
    s.rows.push_back(std::move(row));
  }
  s.notes = table.notes;
  return s;
}

Document layout_summary(const SummarySheet& sheet) {
  Document doc{.title = sheet.title,
               .subject = sheet.header_lines.empty() ? sheet.title : sheet.header_lines.front(),
               .orientation = Orientation::kLandscape,
               .blocks = {},
               .stamp = {},
               .cover = false};
  if (!sheet.attachment.empty())
    doc.blocks.emplace_back(para(sheet.attachment, Style::kAttachmentLabel));
  doc.blocks.emplace_back(para(sheet.title, Style::kTableTitle));
  std::string header;
  for (const auto& h : sheet.header_lines) header += (header.empty() ? "" : "　　　　") + h;
  if (!header.empty()) doc.blocks.emplace_back(para(header, Style::kPlain));
  Table t{.widths = {}, .rows = {}, .header_rows = 1, .small = false};
  Row head;
  for (std::size_t i = 0; i < sheet.columns.size(); ++i) {
    t.widths.push_back(column_width(sheet.column_keys[i]));
    head.cells.push_back(header_cell(sheet.columns[i]));
  }
  t.rows.push_back(std::move(head));
  for (const auto& r : sheet.rows) {
    Row row;
    for (std::size_t i = 0; i < r.size(); ++i) {
      const auto& key = sheet.column_keys[i];
      const bool centred = key == "rank" || key == "contact" || key == "mobile" || key == "level";
      row.cells.push_back(Cell{.text = r[i],
                               .span = 1,
                               .bold = false,
                               .align = centred ? Align::kCenter : Align::kLeft});
    }
    t.rows.push_back(std::move(row));
  }
  if (sheet.rows.empty()) {
    Row empty;
    for (std::size_t i = 0; i < sheet.columns.size(); ++i) empty.cells.push_back(cell(""));
    t.rows.push_back(std::move(empty));
  }
  doc.blocks.emplace_back(std::move(t));
  for (const auto& n : sheet.notes) doc.blocks.emplace_back(para(n, Style::kNote));
  return doc;
}

}  // namespace tidu::documents
