#pragma once
// Loading catalogue editions from data files. Each file names its `kind` and `edition`;
// a fault anywhere stops loading with the file, line, column and path of every fault.
#include <filesystem>
#include <string>

#include "catalogue/catalogue.hpp"
#include "core/error.hpp"
#include "core/yaml_reader.hpp"

namespace tidu::catalogue {

/// Loads every catalogue file below `dir` (YAML by `kind`, region CSV files) and cross-checks
/// them: every guide's mapping must name domains of the 要素条件 edition it refers to.
Result<Catalogue> load_catalogue(const std::filesystem::path& dir);

/// Adds one YAML catalogue document to `catalogue` (dispatching on its `kind`).
/// Faults go to the document's sink; returns false when the kind is unknown.
bool add_document(Catalogue& catalogue, const data::Cursor& root);

/// Cross-checks editions against each other; each fault names the file and position it concerns.
std::vector<data::Fault> cross_check(const Catalogue& catalogue);

/// Loads one guide edition file (used by tests and by administrators loading a new edition).
Result<ScenarioGuide> load_guide_file(const std::filesystem::path& file);

}  // namespace tidu::catalogue
