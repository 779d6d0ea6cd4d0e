#include <type_traits>
#include <vector>

#include "declaration/field_index.hpp"
#include "declaration/fields.hpp"

namespace tidu::declaration {
namespace {

template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {
  using element = T;
};

struct PatternCollector {
  std::map<std::string, FieldKind>& out;
  std::string prefix;

  template <class M>
  void operator()(std::string_view key, M& /*member*/, std::string_view /*doc*/) {
    const std::string path = prefix.empty() ? std::string(key) : prefix + "." + std::string(key);
    if constexpr (std::is_same_v<M, std::string>) {
      out[path] = FieldKind::kText;
    } else if constexpr (std::is_same_v<M, int> || std::is_same_v<M, std::optional<int>> ||
                         std::is_same_v<M, std::optional<long long>>) {
      out[path] = FieldKind::kInteger;
    } else if constexpr (std::is_same_v<M, std::optional<double>>) {
      out[path] = FieldKind::kNumber;
    } else if constexpr (std::is_same_v<M, std::optional<bool>>) {
      out[path] = FieldKind::kFlag;
    } else if constexpr (is_vector<M>::value) {
      out[path] = FieldKind::kList;
      using E = typename is_vector<M>::element;
      if constexpr (!std::is_same_v<E, std::string>) {
        E prototype{};
        PatternCollector inner{out, path + "[]"};
        visit(inner, prototype);
      }
    } else {
      out[path] = FieldKind::kObject;
      M prototype{};
      PatternCollector inner{out, path};
      visit(inner, prototype);
    }
  }
};

}  // namespace

const std::map<std::string, FieldKind>& field_patterns() {
  static const std::map<std::string, FieldKind> patterns = [] {
    std::map<std::string, FieldKind> out;
    Declaration prototype;
    PatternCollector collector{out, ""};
    visit(collector, prototype);
    return out;
  }();
  return patterns;
}

}  // namespace tidu::declaration
