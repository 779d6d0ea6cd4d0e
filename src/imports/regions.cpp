#include "imports/regions.hpp"

#include <array>
#include <unordered_map>

#include <fmt/format.h>

#include "catalogue/regions.hpp"

namespace tidu::imports {
namespace {

enum Column : std::size_t { kCode, kName, kParent, kKind, kNote, kColumns };

constexpr std::array<table::Column, kColumns> kColumnInfo = {{
    {"code", "代码", true, "区划代码"},
    {"name", "名称", true, "区划名称"},
    {"parent", "上级代码", false, "上级"},
    {"kind", "类型", false},
    {"note", "备注", false},
}};

constexpr table::Schema kSchema{kColumnInfo, "REGION"};

}  // namespace

RegionFile parse_regions(const Result<table::Table>& table, const catalogue::RegionTree& known) {
  catalogue::RegionTree staged = known;
  std::unordered_map<std::string, int> seen;
  const auto check = [&](table::RowView& row) -> std::optional<RegionEntry> {
    RegionEntry e{
        row.number(),
        {std::string(row.cell(kCode)), std::string(row.cell(kName)), std::string(row.cell(kParent)),
         std::string(row.cell(kKind)), std::string(row.cell(kNote))}};
    if (auto why = catalogue::region_problem(e.region, staged); !why.empty()) {
      row.problem(kCode, "REGION_ROW", why);
      return std::nullopt;
    }
    if (const auto [at, fresh] = seen.emplace(e.region.code, row.number()); !fresh) {
      row.problem(kCode, "REGION_DUPLICATE",
                  fmt::format("代码“{}”与第 {} 行重复", e.region.code, at->second));
      return std::nullopt;
    }
    if (!row.ok()) return std::nullopt;
    if (e.region.kind.empty()) e.region.kind = catalogue::kind_from_code(e.region.code);
    staged.put(e.region);
    return e;
  };
  return table::parse<RegionEntry>(table, kSchema, check);
}

}  // namespace tidu::imports
