#pragma once
// What every imported table goes through after it is read: each kind's row checks, as the
// import service runs them on a preview or an import.
#include "core/error.hpp"
#include "core/table.hpp"

namespace tidu::fuzz {

/// Loads the shipped catalogue (region tree, industries) the row checks use.
void load_import_world();

/// Checks `table` as a blacklist, an enterprise directory, maturity results and region codes,
/// each for an administrator and for a province-level reviewer (福建省), and writes the problems
/// as the API sends them.
void check_as_every_kind(const Result<table::Table>& table);

}  // namespace tidu::fuzz
