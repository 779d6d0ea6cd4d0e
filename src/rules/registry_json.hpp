#pragma once
// Registry facts in JSON: {"recognitions": [...], "titles": [...], "blacklisted": bool,
// "blacklist_source": "…"}, with recognitions and titles shaped as in the declaration format.
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "rules/checker.hpp"

namespace tidu::rules {

/// Reads registry facts; an unknown key or a wrong type is REGISTRY_INVALID naming its path.
Result<RegistryFacts> registry_from_json(const nlohmann::json& j);

}  // namespace tidu::rules
