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

/// Reads one round document; faults go to the cursor's sink. Its review block takes score
/// sheets, checklists and calendars from `library`.
Round read_round(const data::Cursor& root, const ReviewLibrary& library);

/// Reads a round's `review` block (absent: the round has no review stages) against its route
/// `levels` and the `library`; values the block leaves out take the platform defaults and are
/// listed in ReviewPolicy::defaulted; the criteria and checklist of a stage that gives none are
/// the library's defaults for `requirements_edition`. Faults go to the cursor's sink.
ReviewPolicy read_review(const data::Cursor& review, const std::vector<Level>& levels,
                         std::string_view requirements_edition, const ReviewLibrary& library);

/// Reads one score sheet document (`kind: score_sheet`); faults go to the cursor's sink.
ScoreSheet read_score_sheet(const data::Cursor& root);

/// Reads one on-site checklist document (`kind: onsite_checklist`); faults go to the cursor's sink.
Checklist read_checklist(const data::Cursor& root);

/// Loads the score sheets, on-site checklists and working-day calendars of `dir/review/*.yaml`
/// and `dir/review/calendars/*.yaml` (each file by its `kind`); a missing folder adds nothing.
/// A default sheet or checklist must name a 要素条件 edition of the catalogue.
Result<ReviewLibrary> load_review_library(const std::filesystem::path& dir,
                                          const catalogue::Catalogue& catalogue);

/// Checks a round against the forms and catalogue and resolves its Policy; faults are reported
/// at the round document's top.
std::optional<Policy> resolve(const Round& round, const std::map<std::string, FormTemplate>& forms,
                              const catalogue::Catalogue& catalogue, const data::Cursor& at);

/// A round definition kept elsewhere than in a file: an administrator's revision stored in the
/// database. `name` stands for the file in faults and in Round::source_file.
struct RoundText {
  std::string name;
  std::string yaml;
};

/// Loads the review library (load_review_library), `dir/forms/*.yaml` and `dir/rounds/*.yaml`, then
/// the round files of each of `extra_round_dirs` (rounds added beside the shipped policy data, e.g.
/// a data directory's rounds/ folder), then `revisions`: a revision replaces the round of the
/// same id, or adds one. They all use the same forms and catalogue.
Result<RoundSet> load_rounds(const std::filesystem::path& dir,
                             const catalogue::Catalogue& catalogue,
                             const std::vector<std::filesystem::path>& extra_round_dirs = {},
                             const std::vector<RoundText>& revisions = {});

/// Checks one round definition as load_rounds would, against the forms, review library and
/// catalogue `set` was loaded with: its faults, none when it would load. `id` receives the round's
/// id when the text names one.
std::vector<data::Fault> check_round_text(std::string_view yaml, const std::string& name,
                                          const RoundSet& set,
                                          const catalogue::Catalogue& catalogue, std::string* id);

}  // namespace tidu::rounds
