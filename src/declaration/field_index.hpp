#pragma once
// The declaration's field tree, derived from fields.hpp: every path pattern ("enterprise.profile",
// "scenarios", "scenarios[].description") as a node with a slot number. A visitor that walks a
// declaration in step with this tree knows each field's slot without building or hashing paths.
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tidu::declaration {

enum class FieldKind { kText, kNumber, kInteger, kFlag, kList, kObject };

/// A node of the field tree. Children are in the order `visit` names the members; a list of
/// objects has its element's members as children.
struct FieldNode {
  std::string pattern;
  FieldKind kind = FieldKind::kObject;
  int slot = -1;  ///< 0-based; the root has -1
  std::vector<FieldNode> children;
};

/// The tree rooted at the declaration.
const FieldNode& field_tree();

/// The number of slots (nodes below the root).
std::size_t field_slot_count();

/// Every path pattern with the kind of value it holds.
const std::map<std::string, FieldKind>& field_patterns();

/// The slot of a pattern, or -1.
int field_slot(std::string_view pattern);

}  // namespace tidu::declaration
