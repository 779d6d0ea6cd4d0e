#pragma once
// Differences between two versions of a declaration's JSON, field by field, for the version
// history: what a reviewer sees changed after a return for revision.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tidu::declaration {

/// One changed value: its JSON path ("$.narrative.results"), and the values before and after
/// (null when added or removed).
struct Change {
  std::string path;
  std::string kind;  ///< "added", "removed", "changed"
  nlohmann::json before;
  nlohmann::json after;
};

/// Every leaf that differs between `a` and `b`; objects by key, arrays by position.
std::vector<Change> diff(const nlohmann::json& a, const nlohmann::json& b);

}  // namespace tidu::declaration
