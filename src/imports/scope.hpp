#pragma once
// Whose rows an import may carry: administrators import for every region; a province- or
// city-level reviewer only for their own region and the regions below it. A row outside is a row
// problem naming the importer's region, so the rest of the file can still be imported.
#include <string>
#include <string_view>

#include "catalogue/catalogue.hpp"
#include "core/table.hpp"

namespace tidu::imports {

/// The region an importer may import rows for; an empty code means everywhere.
struct Scope {
  std::string region;  ///< a region code, or empty
  const catalogue::RegionTree* regions = nullptr;

  /// True when `code` is the scope's region or below it (always, for an empty scope).
  [[nodiscard]] bool covers(std::string_view code) const {
    return region.empty() || (regions != nullptr && regions->within(code, region));
  }
  /// The scope's region as a person reads it: 福建省 / 福州市.
  [[nodiscard]] std::string name() const {
    return regions == nullptr ? region : regions->full_name(region);
  }
};

/// Reports, under `code`, a row whose region lies outside the scope; true when it lies inside.
bool check_scope(table::RowView& row, std::size_t column, std::string_view region,
                 const Scope& scope, const std::string& code);

}  // namespace tidu::imports
