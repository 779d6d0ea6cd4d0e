#include "catalogue/regions.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/csv.hpp"
#include "core/text.hpp"

namespace tidu::catalogue {
namespace {

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool valid_code(std::string_view code) {
  if (code.size() == 6 && all_digits(code)) return code.substr(0, 2) != "00";
  if (code.size() == 9 && all_digits(code)) return true;  // township (统计用区划代码)
  // Functional zones: Tidu codes with 'Z', digits otherwise, at most 12 characters.
  return code.size() >= 4 && code.size() <= 12 && code.find('Z') != std::string_view::npos &&
         std::all_of(code.begin(), code.end(),
                     [](char c) { return (c >= '0' && c <= '9') || c == 'Z'; });
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string kind_from_code(std::string_view code) {
  if (code.find('Z') != std::string_view::npos) return "zone";
  if (code.size() == 9) return "township";
  if (code.size() != 6) return "zone";
  if (code.substr(2) == "0000") return "province";
  if (code.substr(4) == "00") return "city";
  return "county";
}

std::string RegionTree::derive_parent(std::string_view code) const {
  if (code.size() == 9) return std::string(code.substr(0, 6));
  if (code.size() != 6) return {};
  std::string province = std::string(code.substr(0, 2)) + "0000";
  if (code.substr(2) == "0000") return {};
  if (code.substr(4) == "00") return province;
  const std::string city = std::string(code.substr(0, 4)) + "00";
  return find(city) != nullptr ? city : province;
}

void RegionTree::put(Region region) {
  if (region.parent.empty()) region.parent = derive_parent(region.code);
  if (region.kind.empty()) region.kind = kind_from_code(region.code);
  std::size_t at = nodes_.size();
  if (auto it = index_.find(region.code); it != index_.end()) {
    at = it->second;
    if (nodes_[at].parent != region.parent) {
      auto& siblings = children_[nodes_[at].parent];
      std::erase(siblings, at);
    } else {
      nodes_[at] = std::move(region);
      return;
    }
    nodes_[at] = std::move(region);
  } else {
    index_.emplace(region.code, at);
    nodes_.push_back(std::move(region));
  }
  auto& siblings = children_[nodes_[at].parent];
  siblings.insert(std::lower_bound(siblings.begin(), siblings.end(), at), at);
}

const Region* RegionTree::find(std::string_view code) const {
  auto it = index_.find(code);
  return it == index_.end() ? nullptr : &nodes_[it->second];
}

bool RegionTree::within(std::string_view code, std::string_view ancestor) const {
  const Region* r = find(code);
  for (int guard = 0; r != nullptr && guard < 16; ++guard) {
    if (r->code == ancestor) return true;
    r = r->parent.empty() ? nullptr : find(r->parent);
  }
  return false;
}

std::vector<const Region*> RegionTree::path(std::string_view code) const {
  std::vector<const Region*> out;
  const Region* r = find(code);
  for (int guard = 0; r != nullptr && guard < 16; ++guard) {
    out.push_back(r);
    r = r->parent.empty() ? nullptr : find(r->parent);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

const Region* RegionTree::ancestor_of_kind(std::string_view code, std::string_view kind) const {
  for (const Region* r : path(code)) {
    if (r->kind == kind) return r;
  }
  return nullptr;
}

std::vector<const Region*> RegionTree::children(std::string_view code) const {
  std::vector<const Region*> out;
  if (auto it = children_.find(code); it != children_.end()) {
    out.reserve(it->second.size());
    for (const std::size_t i : it->second) out.push_back(&nodes_[i]);
  }
  return out;
}

std::optional<std::vector<std::string>> RegionTree::within_codes(std::string_view code,
                                                                 std::size_t most) const {
  std::vector<std::string> out;
  if (find(code) == nullptr) return out;
  out.emplace_back(code);
  // Breadth first: out[next] is the next node whose children are added. (A cycle, a node put
  // again under its own descendant, ends at `most`.)
  for (std::size_t next = 0; next < out.size(); ++next) {
    const auto it = children_.find(out[next]);
    if (it == children_.end()) continue;
    for (const std::size_t i : it->second) {
      if (out.size() == most) return std::nullopt;
      out.push_back(nodes_[i].code);
    }
  }
  return out;
}

std::string RegionTree::full_name(std::string_view code) const {
  std::string out;
  for (const Region* r : path(code)) {
    if (!out.empty()) out += " / ";
    out += r->name;
  }
  return out;
}

std::string region_problem(Region& r, const RegionTree& staged) {
  if (!valid_code(r.code))
    return fmt::format("代码“{}”不是 6 位区划代码、9 位乡镇代码或功能区代码",
                       text::prefix(r.code, 20));
  if (r.name.empty() || !text::valid_utf8(r.name) || text::length(r.name) > 64)
    return "名称为空、过长（超过 64 字）或不是 UTF-8 文本";
  if (!r.kind.empty() && r.kind != "province" && r.kind != "city" && r.kind != "county" &&
      r.kind != "township" && r.kind != "zone")
    return fmt::format("类型“{}”应为 province/city/county/township/zone", text::prefix(r.kind, 20));
  if (r.parent.empty()) r.parent = staged.derive_parent(r.code);
  if (!r.parent.empty() && staged.find(r.parent) == nullptr)
    return fmt::format("上级代码“{}”不存在：请先导入上级区划", text::prefix(r.parent, 20));
  return {};
}

Result<RegionImport> parse_region_csv(std::string_view text, const RegionTree& known) {
  auto rows = csv::parse(text, 2'000'000, 16);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return fail("REGION_CSV_EMPTY", "区划代码文件为空：第一行应为表头 code,name");
  const auto& header = rows->front();
  const std::vector<std::string> expected = {"code", "name", "parent", "kind", "note"};
  if (header.size() < 2 || header.size() > expected.size() ||
      !std::equal(header.begin(), header.end(), expected.begin())) {
    return fail("REGION_CSV_HEADER",
                "表头应为 code,name 或 code,name,parent,kind,note（依次，英文逗号分隔）");
  }
  RegionImport out;
  RegionTree staged = known;
  for (std::size_t i = 1; i < rows->size(); ++i) {
    const auto& row = (*rows)[i];
    const std::size_t n = i + 1;
    if (row.size() != header.size()) {
      out.problems.push_back({n, fmt::format("应有 {} 列，实际 {} 列", header.size(), row.size())});
      continue;
    }
    Region r;
    r.code = std::string(text::trim(row[0]));
    r.name = std::string(text::trim(row[1]));
    if (header.size() > 2) r.parent = std::string(text::trim(row[2]));
    if (header.size() > 3) r.kind = std::string(text::trim(row[3]));
    if (header.size() > 4) r.note = std::string(text::trim(row[4]));
    if (auto why = region_problem(r, staged); !why.empty()) {
      out.problems.push_back({n, std::move(why)});
      continue;
    }
    staged.put(r);
    out.regions.push_back(std::move(r));
  }
  return out;
}

void merge(RegionTree& tree, const std::vector<Region>& regions) {
  for (const auto& r : regions) tree.put(r);
}

std::string to_csv(const RegionTree& tree) {
  std::string out = "code,name,parent,kind,note\n";
  for (const auto& r : tree.nodes()) {
    out += fmt::format("{},{},{},{},{}\n", csv_field(r.code), csv_field(r.name),
                       csv_field(r.parent), csv_field(r.kind), csv_field(r.note));
  }
  return out;
}

}  // namespace tidu::catalogue
