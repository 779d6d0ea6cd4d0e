#pragma once
// Round definitions revised by administrators: the YAML of a round (as a data file in data/rounds
// holds it) viewed, checked like a data file — every fault with its line and path — and saved as a
// new version in the database. The servers load the newest version of each round when they start,
// in place of the file of the same id or as a new round (stored_round_definitions →
// rounds::load_rounds); a running server keeps the definitions it started with, so a saved
// version is "pending" until the next start.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "access/principal.hpp"
#include "catalogue/catalogue.hpp"
#include "core/error.hpp"
#include "core/yaml_reader.hpp"
#include "rounds/loader.hpp"
#include "rounds/round.hpp"
#include "service/common.hpp"
#include "storage/pool.hpp"

namespace tidu::service {

/// The largest round definition accepted (the shipped ones are under 20 KB).
inline constexpr std::size_t kMaxRoundDefinitionBytes = std::size_t{256} * 1024;

/// A round as the administrator lists it.
struct RoundDefinitionInfo {
  std::string id;
  std::string name;
  std::string tier;
  std::string region;
  std::string origin;                ///< the file or stored version the servers run
  std::int64_t running_version = 0;  ///< 0: a data file; -1: not running (saved since the start)
  std::int64_t stored_version = 0;   ///< the newest saved version, 0 when none
};

/// One round's definition: the newest saved version, or the data file the servers run.
struct RoundDefinition {
  std::string id;
  std::string yaml;
  std::int64_t version = 0;  ///< 0: the data file
  std::string origin;
  std::string note;
  std::string saved_at;
  std::string saved_by;
  std::int64_t running_version = 0;
};

/// What checking a definition found.
struct RoundCheck {
  std::string id;  ///< the round's id as the text gives it
  std::vector<data::Fault> faults;
};

class RoundDefinitions {
 public:
  RoundDefinitions(storage::Pool& pool, const catalogue::Catalogue& catalogue,
                   const rounds::RoundSet& rounds, Clock clock);

  /// Every round the servers run or an administrator saved, by id.
  Result<std::vector<RoundDefinitionInfo>> list(const access::Principal& who);
  /// The round's current definition; NOT_FOUND for an unknown id.
  Result<RoundDefinition> get(const access::Principal& who, const std::string& id);
  /// Checks a definition as the servers would load it, against the forms, review library and
  /// catalogue they run with.
  Result<RoundCheck> check(const access::Principal& who, std::string_view yaml);
  /// Saves `yaml` as the next version of round `id` (a new id adds a round). VALIDATION_FAILED
  /// with the faults in the details when it would not load or names another id;
  /// VERSION_CONFLICT when `base_version` is not the newest saved version (0: none saved).
  Result<RoundDefinition> save(const access::Principal& who, const std::string& id,
                               std::string_view yaml, std::int64_t base_version,
                               const std::string& note);

 private:
  storage::Pool& pool_;
  const catalogue::Catalogue& catalogue_;
  const rounds::RoundSet& rounds_;
  Clock clock_;
};

/// The newest saved version of every round, named for load_rounds
/// ("数据库:round_definitions/ID@vN").
Result<std::vector<rounds::RoundText>> stored_round_definitions(storage::Database& db);

}  // namespace tidu::service
