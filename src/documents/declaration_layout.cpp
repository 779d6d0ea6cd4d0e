#include "documents/declaration_layout.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "declaration/declaration.hpp"
#include "documents/image_info.hpp"
#include "documents/verification.hpp"

namespace tidu::documents {
namespace {

using nlohmann::json;

/// The grid every form table is laid on: 60 divides evenly by 2, 3, 4, 5 and 6 columns.
constexpr int kGrid = 60;
constexpr int kLabelSpan = 16;
constexpr double kCoverTopMm = 28;
constexpr double kCoverGapMm = 36;
constexpr double kCoverFooterGapMm = 40;

/// The value at a dotted path ("enterprise.contact.name"), null when absent.
const json& at_path(const json& root, std::string_view path) {
  static const json null_value;
  const json* node = &root;
  while (!path.empty()) {
    const auto dot = path.find('.');
    const std::string key(path.substr(0, dot));
    if (!node->is_object() || !node->contains(key)) return null_value;
    node = &(*node)[key];
    path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
  }
  return *node;
}

std::string text_of(const json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_number_integer()) return std::to_string(j.get<long long>());
  if (j.is_number()) return format_number(j.get<double>());
  if (j.is_boolean()) return j.get<bool>() ? "是" : "否";
  return {};
}

std::string yes_no(const json& j) {
  const bool known = j.is_boolean();
  const bool yes = known && j.get<bool>();
  return fmt::format("{}是　{}否", check_box(yes), check_box(known && !yes));
}

std::string joined(const json& list, std::string_view separator) {
  std::string out;
  if (!list.is_array()) return out;
  for (const auto& item : list) {
    const auto t = text_of(item);
    if (t.empty()) continue;
    if (!out.empty()) out += separator;
    out += t;
  }
  return out;
}

/// Column spans for `n` cells across the grid, as even as the grid allows.
std::vector<int> even_spans(std::size_t n) {
  std::vector<int> spans(n, kGrid / static_cast<int>(std::max<std::size_t>(n, 1)));
  int left = kGrid;
  for (const int s : spans) left -= s;
  for (std::size_t i = 0; left > 0 && i < spans.size(); ++i, --left) ++spans[i];
  return spans;
}

Row full_row(std::string text, bool bold) {
  return Row{{Cell{.text = std::move(text), .span = kGrid, .bold = bold, .align = Align::kLeft}}};
}

Row header_row(const std::vector<std::string>& labels, const std::vector<int>& spans) {
  Row r;
  for (std::size_t i = 0; i < labels.size(); ++i)
    r.cells.push_back(header_cell(labels[i], spans[i]));
  return r;
}

Row value_row(const std::vector<std::string>& values, const std::vector<int>& spans) {
  Row r;
  for (std::size_t i = 0; i < values.size(); ++i) {
    r.cells.push_back(
        Cell{.text = values[i], .span = spans[i], .bold = false, .align = Align::kCenter});
  }
  return r;
}

std::string optional_number(const json& j) { return j.is_number() ? text_of(j) : std::string{}; }

/// The attachment with this id, nullptr when the declaration has none.
const json* attachment_of(const json& content, const std::string& id) {
  const auto& files = at_path(content, "attachments");
  if (!files.is_array()) return nullptr;  // (a conditional with json::array() would copy)
  for (const auto& a : files) {
    if (text_of(at_path(a, "id")) == id) return &a;
  }
  return nullptr;
}

/// Builds the blocks of one declaration.
class Builder {
 public:
  Builder(const rounds::Policy& policy, const json& content, const ImageFiles& images)
      : policy_(policy),
        form_(*policy.form),
        round_(*policy.round),
        content_(content),
        images_(images) {}

  void cover(Document& doc) const {
    const std::string title = round_.form_title.empty() ? form_.title : round_.form_title;
    doc.blocks.emplace_back(Spacer{kCoverTopMm});
    doc.blocks.emplace_back(para(title, Style::kTitle));
    doc.blocks.emplace_back(Spacer{kCoverGapMm});
    for (const auto& f : form_.cover) {
      doc.blocks.emplace_back(
          para(fmt::format("{}：{}", f.label, value(f.path)), Style::kCoverField));
    }
    doc.blocks.emplace_back(Spacer{kCoverFooterGapMm});
    if (!form_.issuer.empty()) doc.blocks.emplace_back(para(form_.issuer, Style::kCoverFooter));
    if (!form_.edition_year.empty())
      doc.blocks.emplace_back(para(form_.edition_year, Style::kCoverFooter));
    doc.blocks.emplace_back(PageBreak{});
  }

  void sections(Document& doc) {
    bool first = true;
    for (const auto& s : form_.sections) {
      section(s, 0);
      if (first) footnotes();
      first = false;
    }
    flush();
    for (auto& b : blocks_) doc.blocks.push_back(std::move(b));
  }

 private:
  // ----- values -----

  [[nodiscard]] std::string value(const std::string& path) const {
    return value_in(content_, path);
  }

  [[nodiscard]] std::string value_in(const json& root, const std::string& path) const {
    const json& v = at_path(root, path);
    if (path == "enterprise.ownership") return ownership_name(text_of(v));
    if (path == "enterprise.size_class") return size_name(text_of(v));
    if (path == "enterprise.region") {
      const auto code = text_of(v);
      const auto name = policy_.regions != nullptr ? policy_.regions->full_name(code) : "";
      return name.empty() ? code : name;
    }
    if (path == "enterprise.industry.division") return division_name(text_of(v));
    if (path == "enterprise.industry.group") return group_name(text_of(v));
    if (path == "enterprise.sector" || path == "factory.sector") {
      const auto other = text_of(at_path(root, path + "_other"));
      return other.empty() ? text_of(v) : fmt::format("{}（{}）", text_of(v), other);
    }
    if (path == "enterprise.maturity.level") return maturity(root);
    if (path == "enterprise.accident.occurred") return accident(root);
    if (path == "factory.covered") {
      std::string out;
      for (const auto& c : v.is_array() ? v : json::array()) {
        if (!out.empty()) out += "；";
        out += fmt::format("{}-{}", text_of(at_path(c, "link")), text_of(at_path(c, "scenario")));
      }
      return out;
    }
    if (path == "enterprise.titles") return titles(v);
    if (path == "cover.benchmark_enterprise") {
      const auto year = at_path(root, "cover.benchmark_year");
      return yes_no(v) + (v.is_boolean() && v.get<bool>() && year.is_number()
                              ? fmt::format("（{}年入选）", text_of(year))
                              : std::string{});
    }
    if (path == "pledge.signed") return pledge(root);
    if (v.is_boolean()) return yes_no(v);
    if (v.is_array()) return joined(v, "、");
    return text_of(v);
  }

  static std::string ownership_name(const std::string& id) {
    if (id == "central_soe") return "中央企业";
    if (id == "local_soe") return "地方国有企业";
    if (id == "private") return "民营企业";
    if (id == "foreign_invested") return "外资企业";
    return id;
  }

  [[nodiscard]] std::string size_name(const std::string& id) const {
    if (policy_.sizes != nullptr) {
      for (const auto& c : policy_.sizes->classes)
        if (c.id == id) return c.name;
    }
    return id;
  }

  [[nodiscard]] std::string division_name(const std::string& code) const {
    const auto* d = policy_.industries != nullptr ? policy_.industries->division(code) : nullptr;
    return d == nullptr ? code : fmt::format("{} {}", code, d->name);
  }

  [[nodiscard]] std::string group_name(const std::string& code) const {
    const auto* g = policy_.industries != nullptr ? policy_.industries->group(code) : nullptr;
    return g == nullptr ? code : fmt::format("{} {}", code, g->name);
  }

  static std::string maturity(const json& root) {
    const auto& m = at_path(root, "enterprise.maturity");
    const auto level = at_path(m, "level");
    if (!level.is_number()) return {};
    std::string out = fmt::format("智能制造能力成熟度{}级", text_of(level));
    std::vector<std::string> parts;
    if (at_path(m, "score").is_number())
      parts.push_back(fmt::format("评估得分 {}", text_of(at_path(m, "score"))));
    if (const auto on = text_of(at_path(m, "assessed_on")); !on.empty())
      parts.push_back(fmt::format("评估日期 {}", on));
    if (const auto src = text_of(at_path(m, "source")); !src.empty())
      parts.push_back(fmt::format("来源 {}", src));
    if (!parts.empty()) {
      out += "（";
      for (std::size_t i = 0; i < parts.size(); ++i) out += (i > 0 ? "，" : "") + parts[i];
      out += "）";
    }
    return out;
  }

  static std::string accident(const json& root) {
    const auto& a = at_path(root, "enterprise.accident");
    std::string out = yes_no(at_path(a, "occurred"));
    if (const auto name = text_of(at_path(a, "name")); !name.empty())
      out += fmt::format("（{}）", name);
    return out;
  }

  [[nodiscard]] std::string titles(const json& declared) const {
    std::string out;
    auto year_of = [&](const std::string& kind) -> std::optional<std::string> {
      for (const auto& t : declared.is_array() ? declared : json::array()) {
        if (text_of(at_path(t, "kind")) == kind) return text_of(at_path(t, "year"));
      }
      return std::nullopt;
    };
    for (const auto& k : form_.title_kinds) {
      const auto year = year_of(k.id);
      if (!out.empty()) out += '\n';
      out += fmt::format("{}{}", check_box(year.has_value()), k.name);
      if (year && !year->empty()) out += fmt::format("（{}年）", *year);
    }
    for (const auto& t : declared.is_array() ? declared : json::array()) {
      if (text_of(at_path(t, "kind")) != "other") continue;
      if (!out.empty()) out += '\n';
      out += fmt::format("{}其他：{}", check_box(true), text_of(at_path(t, "name")));
    }
    if (out.empty()) out = joined(declared, "、");
    return out;
  }

  [[nodiscard]] std::string pledge(const json& root) const {
    const auto& p = at_path(root, "pledge");
    const auto& signature = at_path(p, "signed");
    return fmt::format("{}\n{}已签字盖章　签字人：{}　日期：{}", form_.pledge_text,
                       check_box(signature.is_boolean() && signature.get<bool>()),
                       text_of(at_path(p, "signatory")), text_of(at_path(p, "date")));
  }

  // ----- blocks -----

  void add(Block b) {
    flush();
    blocks_.push_back(std::move(b));
  }

  /// Starts or continues the form table the fields of a section are written in.
  Table& table() {
    if (!table_)
      table_ = Table{
          .widths = std::vector<double>(kGrid, 1.0), .rows = {}, .header_rows = 0, .small = false};
    return *table_;
  }

  void flush() {
    if (table_) blocks_.emplace_back(std::move(*table_));
    table_.reset();
  }

  void field_row(const std::string& label, std::string text) {
    table().rows.push_back(
        Row{{Cell{.text = label, .span = kLabelSpan, .bold = false, .align = Align::kCenter},
             Cell{.text = std::move(text),
                  .span = kGrid - kLabelSpan,
                  .bold = false,
                  .align = Align::kLeft}}});
  }

  void field(const rounds::FieldSpec& f, bool only_field) {
    if (f.platform) return;  // asked by the platform, not printed on the paper form
    if (f.path == "enterprise.financials") return financials(f);
    if (f.path == "factory.kpis") return kpis(f);
    if (f.path == "factory.other_kpis") return other_kpis(f);
    if (f.path.starts_with("narrative.")) {
      if (!only_field) add(para(f.label, Style::kHeading3));
      if (!f.hint.empty() && !only_field) add(para(f.hint, Style::kHint));
      body(value(f.path));
      return;
    }
    field_row(f.label, value(f.path));
  }

  void body(const std::string& text) {
    std::size_t at = 0;
    bool any = false;
    while (at <= text.size()) {
      auto end = text.find('\n', at);
      if (end == std::string::npos) end = text.size();
      std::string line = text.substr(at, end - at);
      if (!line.empty()) {
        add(para(std::move(line), Style::kBody));
        any = true;
      }
      at = end + 1;
    }
    if (!any) add(para("（未填写）", Style::kPlain));
  }

  void financials(const rounds::FieldSpec& f) {
    const auto& years = at_path(content_, f.path);
    std::vector<std::string> labels = {"年度"};
    for (const auto& c : form_.financial_columns) labels.push_back(financial_label(c));
    const auto spans = even_spans(labels.size());
    auto& t = table();
    t.rows.push_back(full_row(f.label, true));
    t.rows.push_back(header_row(labels, spans));
    for (const auto& y : years.is_array() ? years : json::array()) {
      std::vector<std::string> values = {text_of(at_path(y, "year"))};
      for (const auto& c : form_.financial_columns)
        values.push_back(optional_number(y.value(c, json())));
      t.rows.push_back(value_row(values, spans));
    }
  }

  static std::string financial_label(const std::string& key) {
    if (key == "total_assets") return "资产总额（万元）";
    if (key == "debt_ratio") return "资产负债率（%）";
    if (key == "main_revenue") return "主营业务收入（万元）";
    if (key == "profit_rate") return "利润率（%）";
    if (key == "profit") return "利润总额（万元）";
    if (key == "taxes_paid") return "实缴税金（万元）";
    return key;
  }

  void kpis(const rounds::FieldSpec& f) {
    const auto& rows = at_path(content_, f.path);
    const std::vector<int> spans = {6, 21, 6, 9, 9, 9};
    auto& t = table();
    t.rows.push_back(full_row(f.hint.empty() ? f.label : f.label + f.hint, true));
    t.rows.push_back(
        header_row({"序号", "指标名称", "单位", "建设前", "建成后", "变化率（%）"}, spans));
    for (const auto& k : rows.is_array() ? rows : json::array()) {
      const int number = at_path(k, "number").is_number_integer() ? k["number"].get<int>() : 0;
      const auto* kpi = policy_.kpis != nullptr ? policy_.kpis->find(number) : nullptr;
      t.rows.push_back(value_row(
          {std::to_string(number), kpi != nullptr ? kpi->name : "", kpi != nullptr ? kpi->unit : "",
           optional_number(k["before"]), optional_number(k["after"]), optional_number(k["change"])},
          spans));
    }
    if (!rows.is_array() || rows.empty()) t.rows.push_back(full_row("（未填写）", false));
  }

  void other_kpis(const rounds::FieldSpec& f) {
    const auto& rows = at_path(content_, f.path);
    const std::vector<int> spans = {21, 6, 6, 9, 9, 9};
    auto& t = table();
    t.rows.push_back(full_row(f.label, true));
    t.rows.push_back(
        header_row({"指标名称", "单位", "方向", "建设前", "建成后", "变化率（%）"}, spans));
    for (const auto& k : rows.is_array() ? rows : json::array()) {
      const auto direction = text_of(at_path(k, "direction"));
      t.rows.push_back(
          value_row({text_of(at_path(k, "name")), text_of(at_path(k, "unit")),
                     direction == "reduce" ? "降低" : "提升", optional_number(k["before"]),
                     optional_number(k["after"]), optional_number(k["change"])},
                    spans));
    }
    if (!rows.is_array() || rows.empty()) t.rows.push_back(full_row("（未填写）", false));
  }

  void section(const rounds::Section& s, int depth) {
    add(para(s.heading, depth == 0   ? Style::kHeading1
                        : depth == 1 ? Style::kHeading2
                                     : Style::kHeading3));
    if (!s.hint.empty()) add(para(s.hint, Style::kHint));
    for (const auto& f : s.fields) field(f, s.fields.size() == 1);
    flush();
    if (!s.scenario_groups.empty()) scenario_groups(s);
    for (const auto& id : s.tables) appendix_table(id);
    if (s.attachments) attachments();
    for (const auto& sub : s.sections) section(sub, depth + 1);
    flush();
  }

  // ----- scenarios -----

  /// The construction domain of a scenario instance's link, nullopt for 多环节模式创新.
  [[nodiscard]] std::optional<std::string> domain_of(const json& instance) const {
    if (policy_.guide == nullptr) return std::nullopt;
    const auto* link = policy_.guide->find_link(text_of(at_path(instance, "link")));
    if (link == nullptr || !link->domain) return std::nullopt;
    const auto* d =
        policy_.requirements != nullptr ? policy_.requirements->domain(*link->domain) : nullptr;
    return d != nullptr ? d->name : *link->domain;
  }

  void scenario_groups(const rounds::Section& s) {
    const auto& instances = at_path(content_, "scenarios");
    for (const auto& g : s.scenario_groups) {
      add(para(g.heading, Style::kHeading2));
      if (!g.hint.empty()) add(para(g.hint, Style::kHint));
      int n = 0;
      for (const auto& inst : instances.is_array() ? instances : json::array()) {
        if (domain_of(inst) != g.domain) continue;
        scenario(inst, ++n);
      }
      if (n == 0) add(para("（未填写）", Style::kPlain));
    }
  }

  void scenario(const json& inst, int n) {
    add(para(fmt::format("{}. 场景名称：{}-{}-{}", n, text_of(at_path(inst, "link")),
                         text_of(at_path(inst, "scenario")), text_of(at_path(inst, "instance"))),
             Style::kHeading3));
    constexpr std::string_view kPrefix = "scenarios[].";
    for (const auto& f : form_.scenario_info) {
      if (!f.path.starts_with(kPrefix) || f.path == "scenarios[].instance") continue;
      field_row(f.label, value_in(inst, f.path.substr(kPrefix.size())));
    }
    flush();
    bool placed = false;  // the instance's pictures follow the first item that may have them
    for (const auto& item : form_.scenario_items) {
      add(para(fmt::format("{}. {}", item.number, item.label), Style::kHeading3));
      body(text_of(at_path(inst, item.key)));
      if (item.images && !placed) {
        images(inst);
        placed = true;
      }
    }
  }

  void images(const json& inst) {
    for (const auto& id : at_path(inst, "images").is_array() ? inst["images"] : json::array()) {
      add(image(text_of(id)));
    }
  }

  /// Picture N of the document, or its placeholder when it cannot be shown.
  Image image(const std::string& id) {
    const std::string name = attachment_name(id);
    const auto dot = name.rfind('.');
    const std::string stem = dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
    Image out{.bytes = {},
              .media_type = {},
              .width = 0,
              .height = 0,
              .caption = fmt::format("图{} {}", ++figures_, stem),
              .placeholder = fmt::format("（图片无法显示：{}）", name)};
    const auto file = images_.find(id);
    if (figures_ > declaration::kMaxImages || file == images_.end() ||
        !declaration::is_image_type(file->second.media_type) ||
        std::cmp_greater(file->second.bytes.size(), declaration::kMaxImageBytes))
      return out;
    const auto size = image_pixel_size(file->second.bytes, file->second.media_type);
    if (!size) return out;
    out.bytes = file->second.bytes;
    out.media_type = file->second.media_type;
    out.width = size->width;
    out.height = size->height;
    return out;
  }

  [[nodiscard]] std::string attachment_name(const std::string& id) const {
    const auto* a = attachment_of(content_, id);
    return a != nullptr ? text_of(at_path(*a, "name")) : id;
  }

  // ----- appendix tables and attachments -----

  void appendix_table(const std::string& id) {
    const auto* spec = form_.table(id);
    if (spec == nullptr) return;
    add(para(spec->title, Style::kHeading3));
    Table t{.widths = {}, .rows = {}, .header_rows = 1, .small = true};
    Row header;
    for (const auto& c : spec->columns) {
      t.widths.push_back(c.limit.value_or(0) >= 150 ? 2.0 : 1.0);
      header.cells.push_back(header_cell(c.label));
    }
    t.rows.push_back(std::move(header));
    const auto& rows = at_path(content_, "appendix." + id);
    for (const auto& r : rows.is_array() ? rows : json::array()) {
      Row row;
      for (const auto& c : spec->columns) row.cells.push_back(cell(text_of(at_path(r, c.key))));
      t.rows.push_back(std::move(row));
    }
    if (t.rows.size() == 1) {
      Row empty;
      for (std::size_t i = 0; i < spec->columns.size(); ++i) empty.cells.push_back(cell(""));
      t.rows.push_back(std::move(empty));
    }
    add(std::move(t));
  }

  [[nodiscard]] std::string attachment_title(const rounds::AttachmentSpec& a) const {
    std::string name = a.name;
    const auto& years = round_.financial_years;
    auto put = [&](std::string_view key, int year) {
      for (auto at = name.find(key); at != std::string::npos; at = name.find(key))
        name.replace(at, key.size(), std::to_string(year));
    };
    if (!years.empty()) {
      put("{first_year}", *std::min_element(years.begin(), years.end()));
      put("{last_year}", *std::max_element(years.begin(), years.end()));
    }
    return name;
  }

  void attachments() {
    const auto& files = at_path(content_, "attachments");
    int n = 0;
    for (const auto& spec : form_.attachments) {
      std::vector<std::string> names;
      for (const auto& a : files.is_array() ? files : json::array()) {
        if (text_of(at_path(a, "kind")) == spec.kind) names.push_back(text_of(at_path(a, "name")));
      }
      std::string line =
          fmt::format("{}{}. {}", check_box(!names.empty()), ++n, attachment_title(spec));
      if (!spec.required) line += "（选填）";
      if (!names.empty()) {
        line += "：";
        for (std::size_t i = 0; i < names.size(); ++i) line += (i > 0 ? "、" : "") + names[i];
      }
      add(para(line, Style::kPlain));
    }
  }

  void footnotes() {
    flush();
    for (const auto& f : form_.footnotes) {
      add(para(fmt::format("注{}：{}", f.number, f.text), Style::kNote));
    }
  }

  const rounds::Policy& policy_;
  const rounds::FormTemplate& form_;
  const rounds::Round& round_;
  const json& content_;
  const ImageFiles& images_;
  std::vector<Block> blocks_;
  std::optional<Table> table_;
  int figures_ = 0;
};

}  // namespace

std::string check_box(bool checked) { return checked ? "☑" : "☐"; }

std::string format_number(double value) {
  if (std::isnan(value) || std::isinf(value)) return {};
  if (std::abs(value - std::round(value)) < 1e-9) return fmt::format("{:.0f}", value);
  auto s = fmt::format("{:.2f}", value);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::vector<ImageRef> placed_images(const rounds::Policy& policy, const json& content) {
  std::vector<ImageRef> out;
  if (std::ranges::none_of(policy.form->scenario_items,
                           [](const rounds::ScenarioItem& i) { return i.images; }))
    return out;
  const auto& instances = at_path(content, "scenarios");
  for (const auto& inst : instances.is_array() ? instances : json::array()) {
    const auto& ids = at_path(inst, "images");
    for (const auto& id : ids.is_array() ? ids : json::array()) {
      if (std::cmp_greater_equal(out.size(), declaration::kMaxImages)) return out;
      const auto* a = attachment_of(content, text_of(id));
      if (a == nullptr) continue;
      const auto type = text_of(at_path(*a, "media_type"));
      const auto& size = at_path(*a, "size");
      if (!declaration::is_image_type(type) ||
          (size.is_number() && size.get<double>() > declaration::kMaxImageBytes))
        continue;
      if (std::ranges::any_of(out, [&](const ImageRef& r) { return r.id == text_of(id); }))
        continue;
      out.push_back(ImageRef{
          .id = text_of(id), .sha256 = text_of(at_path(*a, "sha256")), .media_type = type});
    }
  }
  return out;
}

Document layout_declaration(const rounds::Policy& policy, const json& content,
                            const SnapshotRef& snapshot, const ImageFiles& images) {
  const auto code = verification_code(snapshot.sha256);
  Document doc{
      .title = policy.round->form_title.empty() ? policy.form->title : policy.round->form_title,
      .subject = fmt::format("{} {} 第{}版", text_of(at_path(content, "enterprise.name")),
                             policy.round->name, snapshot.number),
      .orientation = Orientation::kPortrait,
      .blocks = {},
      .stamp = Stamp{.verification_code = code,
                     .sha256 = snapshot.sha256,
                     .qr_text = qr_text(code, snapshot.sha256)},
      .cover = true};
  Builder b(policy, content, images);
  b.cover(doc);
  b.sections(doc);
  return doc;
}

}  // namespace tidu::documents
