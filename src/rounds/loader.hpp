#pragma once
// Loading form templates and rounds from data files, cross-checked against the catalogue and
// the declaration's field list; each round is resolved into the Policy the checker uses.
#include <filesystem>

#include "catalogue/catalogue.hpp"
#include "core/error.hpp"
#include "core/yaml_reader.hpp"
#include "rounds/round.hpp"

namespace tidu::rounds {

/// Reads one form template document; faults go to the cursor's sink.
FormTemplate read_form(const data::Cursor& root);

/// Reads one round document; faults go to the cursor's sink.
Round read_round(const data::Cursor& root);

/// Checks a round against the forms and catalogue and resolves its Policy; faults are reported
/// at the round document's top.
std::optional<Policy> resolve(const Round& round, const std::map<std::string, FormTemplate>& forms,
                              const catalogue::Catalogue& catalogue, const data::Cursor& at);

/// Loads `dir/forms/*.yaml` and `dir/rounds/*.yaml`, then the round files of each of
/// `extra_round_dirs` (rounds added beside the shipped policy data, e.g. a data directory's
/// rounds/ folder); they use the same forms and catalogue.
Result<RoundSet> load_rounds(const std::filesystem::path& dir,
                             const catalogue::Catalogue& catalogue,
                             const std::vector<std::filesystem::path>& extra_round_dirs = {});

}  // namespace tidu::rounds
