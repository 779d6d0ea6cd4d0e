#pragma once
// The enterprise directory of a region (企业名录): the enterprises a province or city knows of —
// 统一社会信用代码, 企业名称, 所在地区, 行业 (GB/T 4754 大类), 是否规上, 营业收入(万元), 从业人员,
// optionally 年份 — imported so that regional statistics count enterprises that never
// registered on the platform (the share of 规上 enterprises assessed, DOMAIN.md §6). Pure.
#include <cstdint>
#include <optional>
#include <string>

#include "catalogue/catalogue.hpp"
#include "core/table.hpp"
#include "imports/scope.hpp"

namespace tidu::imports {

/// One valid row of a directory file.
struct DirectoryEntry {
  int row = 0;
  std::string credit_code;
  std::string name;
  std::string region;    ///< a code of the region tree
  std::string industry;  ///< GB/T 4754 大类, two digits ("13")
  bool above_scale = false;
  double revenue = 0;          ///< 营业收入, 万元
  std::int64_t employees = 0;  ///< 从业人员
  std::optional<int> year;     ///< the year the figures are for
};

using DirectoryFile = table::Parsed<DirectoryEntry>;

/// At most this many characters in an enterprise name.
inline constexpr std::size_t kMaxEnterpriseNameChars = 200;

/// Checks every row of a directory file: the credit code (check character verified, once per
/// file), the name, the region (known to the tree and inside the scope), the industry (a 大类 of
/// one of the catalogue's GB/T 4754 editions), 是/否, revenue and employees (non-negative), the
/// year (2000–2100). Codes DIRECTORY_*.
DirectoryFile parse_directory(const Result<table::Table>& table,
                              const catalogue::Catalogue& catalogue, const Scope& scope);

/// The two-digit GB/T 4754 大类 a cell names ("13", "C13", "6" → "06"), if it is one the catalogue
/// knows; nullopt otherwise.
std::optional<std::string> industry_division(std::string_view cell,
                                             const catalogue::Catalogue& catalogue);

}  // namespace tidu::imports
