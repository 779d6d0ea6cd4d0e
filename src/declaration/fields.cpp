#include <type_traits>
#include <unordered_map>
#include <vector>

#include "core/traits.hpp"
#include "declaration/field_index.hpp"
#include "declaration/fields.hpp"

namespace tidu::declaration {
namespace {

struct TreeBuilder {
  FieldNode& parent;
  int& next_slot;

  template <class M>
  void operator()(std::string_view key, M& /*member*/, std::string_view /*doc*/) {
    FieldNode node;
    node.pattern =
        parent.pattern.empty() ? std::string(key) : parent.pattern + "." + std::string(key);
    node.slot = next_slot++;
    if constexpr (std::is_same_v<M, std::string>) {
      node.kind = FieldKind::kText;
    } else if constexpr (std::is_same_v<M, int> || std::is_same_v<M, std::optional<int>> ||
                         std::is_same_v<M, std::optional<long long>>) {
      node.kind = FieldKind::kInteger;
    } else if constexpr (std::is_same_v<M, std::optional<double>>) {
      node.kind = FieldKind::kNumber;
    } else if constexpr (std::is_same_v<M, std::optional<bool>>) {
      node.kind = FieldKind::kFlag;
    } else if constexpr (IsVector<M>::value) {
      node.kind = FieldKind::kList;
      using E = typename IsVector<M>::Element;
      if constexpr (!std::is_same_v<E, std::string>) {
        FieldNode element;
        element.pattern = node.pattern + "[]";
        E prototype{};
        TreeBuilder inner{element, next_slot};
        visit(inner, prototype);
        node.children = std::move(element.children);  // their patterns read "x[].m"
      }
    } else {
      node.kind = FieldKind::kObject;
      M prototype{};
      TreeBuilder inner{node, next_slot};
      visit(inner, prototype);
    }
    parent.children.push_back(std::move(node));
  }
};

struct Index {
  FieldNode root;
  std::size_t slots = 0;
  std::map<std::string, FieldKind> patterns;
  std::unordered_map<std::string, int> slot_of;
};

void collect(const FieldNode& n, Index& index) {
  for (const auto& c : n.children) {
    index.patterns[c.pattern] = c.kind;
    index.slot_of[c.pattern] = c.slot;
    collect(c, index);
  }
}

const Index& index() {
  static const Index built = [] {
    Index out;
    int next = 0;
    Declaration prototype;
    TreeBuilder builder{out.root, next};
    visit(builder, prototype);
    out.slots = static_cast<std::size_t>(next);
    collect(out.root, out);
    return out;
  }();
  return built;
}

}  // namespace

const FieldNode& field_tree() { return index().root; }
std::size_t field_slot_count() { return index().slots; }
const std::map<std::string, FieldKind>& field_patterns() { return index().patterns; }

int field_slot(std::string_view pattern) {
  const auto& s = index().slot_of;
  auto it = s.find(std::string(pattern));
  return it == s.end() ? -1 : it->second;
}

}  // namespace tidu::declaration
