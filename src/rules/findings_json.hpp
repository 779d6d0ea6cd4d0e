#pragma once
// The checker's report as JSON: {"ok", "findings": [...], "coverage": {...}, "advice": {...}}.
#include <nlohmann/json.hpp>

#include "rules/checker.hpp"

namespace tidu::rules {

/// "error" or "warning".
const char* severity_name(Severity s);

nlohmann::json to_json(const Report& report, const rounds::Policy& policy);

}  // namespace tidu::rules
