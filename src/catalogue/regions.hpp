#pragma once
// Importing region codes (GB/T 2260, plus township codes and functional zones) from CSV.
#include <string>
#include <string_view>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "core/error.hpp"

namespace tidu::catalogue {

/// One rejected CSV row.
struct RowProblem {
  std::size_t row = 0;  ///< 1-based, the header is row 1
  std::string reason;
};

/// What an import found.
struct RegionImport {
  std::vector<Region> regions;
  std::vector<RowProblem> problems;
};

/// Reads `code,name[,parent,kind,note]` rows (a header row is required; extra columns are
/// refused). Every row is checked; problems are listed with their row number and reason.
/// `known` supplies parents that the file itself does not contain.
Result<RegionImport> parse_region_csv(std::string_view text, const RegionTree& known);

/// Checks one region read from a file against the regions known so far (`staged`): its code, name,
/// kind and parent, the parent derived from the code when not given (it is filled in). Empty
/// when the region can be added; otherwise the reason in Chinese.
std::string region_problem(Region& region, const RegionTree& staged);

/// Adds the imported regions to the tree, parents first.
void merge(RegionTree& tree, const std::vector<Region>& regions);

/// Writes the tree as CSV in the same columns.
std::string to_csv(const RegionTree& tree);

/// The kind a GB/T 2260 or township code implies: province, city, county or township.
std::string kind_from_code(std::string_view code);

}  // namespace tidu::catalogue
