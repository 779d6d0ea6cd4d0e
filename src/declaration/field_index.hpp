#pragma once
// The set of field paths a form template may name, derived from fields.hpp.
#include <map>
#include <string>

namespace tidu::declaration {

enum class FieldKind { kText, kNumber, kInteger, kFlag, kList, kObject };

/// Every path pattern of the declaration ("enterprise.profile", "scenarios",
/// "scenarios[].description") with the kind of value it holds.
const std::map<std::string, FieldKind>& field_patterns();

}  // namespace tidu::declaration
