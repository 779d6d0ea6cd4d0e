#include "declaration/diff.hpp"

#include <fmt/format.h>

namespace tidu::declaration {
namespace {

using nlohmann::json;

void walk(const json& a, const json& b, const std::string& path, std::vector<Change>& out) {
  if (a == b) return;
  if (a.is_object() && b.is_object()) {
    for (const auto& [key, value] : a.items()) {
      const std::string p = fmt::format("{}.{}", path, key);
      if (b.contains(key)) {
        walk(value, b.at(key), p, out);
      } else {
        out.push_back({p, "removed", value, nullptr});
      }
    }
    for (const auto& [key, value] : b.items())
      if (!a.contains(key))
        out.push_back({fmt::format("{}.{}", path, key), "added", nullptr, value});
    return;
  }
  if (a.is_array() && b.is_array()) {
    const std::size_t common = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < common; ++i) walk(a[i], b[i], fmt::format("{}[{}]", path, i), out);
    for (std::size_t i = common; i < a.size(); ++i)
      out.push_back({fmt::format("{}[{}]", path, i), "removed", a[i], nullptr});
    for (std::size_t i = common; i < b.size(); ++i)
      out.push_back({fmt::format("{}[{}]", path, i), "added", nullptr, b[i]});
    return;
  }
  out.push_back({path, "changed", a, b});
}

}  // namespace

std::vector<Change> diff(const json& a, const json& b) {
  std::vector<Change> out;
  walk(a, b, "$", out);
  return out;
}

}  // namespace tidu::declaration
