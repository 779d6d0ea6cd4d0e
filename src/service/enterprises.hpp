#pragma once
// The enterprise profile: the enterprise fields of the forms, financial years, earlier titles and
// recognitions (kept in the profile document), and maturity assessments with their history.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "access/principal.hpp"
#include "catalogue/catalogue.hpp"
#include "core/error.hpp"
#include "declaration/declaration.hpp"
#include "service/common.hpp"
#include "storage/pool.hpp"

namespace tidu::service {

/// An enterprise and its profile document (the declaration's enterprise part).
struct EnterpriseRecord {
  std::string id;
  std::string credit_code;
  std::string name;
  std::string region;
  std::int64_t version = 0;
  std::string updated_at;
  declaration::Enterprise profile;
};

/// One maturity assessment (GB/T 39116).
struct MaturityAssessment {
  std::string id;
  int level = 0;
  std::optional<double> score;
  std::string assessed_on;
  std::string source;
  std::string report_sha256;
  std::string report_name;
  std::string recorded_at;
};

class Enterprises {
 public:
  Enterprises(storage::Pool& pool, const catalogue::Catalogue& catalogue, Clock clock);

  /// The enterprise's record; enterprises see their own, administrators all, reviewers those in
  /// their region. Others get NOT_FOUND.
  Result<EnterpriseRecord> get(const access::Principal& who, const std::string& id);
  /// Replaces the profile when `expected_version` is current (VERSION_CONFLICT otherwise, with
  /// the current version). The credit code cannot change; the name and region follow the profile.
  Result<EnterpriseRecord> save_profile(const access::Principal& who, const std::string& id,
                                        std::int64_t expected_version,
                                        const nlohmann::json& profile);
  /// Records a maturity assessment; the newest by date is the one declarations use.
  Result<MaturityAssessment> add_maturity(const access::Principal& who, const std::string& id,
                                          const MaturityAssessment& m);
  /// Every assessment, newest first.
  Result<std::vector<MaturityAssessment>> maturity_history(const access::Principal& who,
                                                           const std::string& id);
  /// The profile as declarations use it: the stored profile with the newest assessment filled
  /// into its maturity part. No access check: for the declaration service.
  Result<EnterpriseRecord> load_for_declaration(storage::Database& db, const std::string& id);

 private:
  Result<EnterpriseRecord> load(storage::Database& db, const std::string& id);
  access::Decision may_read(const access::Principal& who, const EnterpriseRecord& e) const;

  storage::Pool& pool_;
  const catalogue::Catalogue& catalogue_;
  Clock clock_;
};

/// Reads an enterprise profile document (the declaration's enterprise part); structural problems
/// (unknown fields, wrong types, limits) are returned with paths under "$.enterprise".
struct ProfileOutcome {
  declaration::Enterprise profile;
  std::vector<std::string> problems;  ///< "path: message"
};
ProfileOutcome read_profile(const nlohmann::json& j);

/// The profile as JSON.
nlohmann::json profile_json(const declaration::Enterprise& e);

}  // namespace tidu::service
