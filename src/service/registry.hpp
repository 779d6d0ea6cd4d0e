#pragma once
// The registry of recognised factories across rounds, with each entry's history (recognition,
// re-review 复核, revocation), and the basic-tier self-evaluations (自建自评) that a county
// confirms. The registry feeds the checker: a later round's prerequisite and already-recognised
// rules see the platform's own records beside what the enterprise declares.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "access/principal.hpp"
#include "catalogue/catalogue.hpp"
#include "core/error.hpp"
#include "declaration/declaration.hpp"
#include "rounds/round.hpp"
#include "service/common.hpp"
#include "storage/pool.hpp"

namespace tidu::service {

struct RegistryEvent {
  std::string at;
  std::string account_id;
  std::string account_name;  ///< the account's display name; empty if the account is gone
  std::string action;        ///< recognise, confirm, review_confirmed, review_revoked, revoke
  std::string from_status;
  std::string to_status;
  std::string note;
};

/// A recognised factory (or a confirmed basic-tier self-evaluation).
struct RegistryEntry {
  std::string id;
  std::string enterprise_id;
  std::string credit_code;
  std::string enterprise_name;
  std::string factory_name;
  std::string region;
  std::string region_name;
  std::string tier;
  std::string source;  ///< round, self_evaluation
  std::string round_id;
  std::string round_name;
  std::string declaration_id;
  std::string self_evaluation_id;
  std::string recognised_on;
  std::string valid_until;  ///< empty: no validity period
  std::string status;       ///< active, expired (validity passed), revoked
  std::string status_reason;
  std::int64_t version = 1;
  std::vector<RegistryEvent> history;
};

struct RegistryQuery {
  std::string region;
  std::string tier;
  std::string status;
  std::string q;
  int page = 1;
  int page_size = 20;
};

struct RegistryPage {
  std::vector<RegistryEntry> items;
  std::int64_t total = 0;
};

/// What a recognising decision enters into the registry.
struct Recognised {
  std::string enterprise_id;
  std::string credit_code;
  std::string enterprise_name;
  std::string factory_name;
  std::string region;
  std::string tier;
  std::string round_id;
  std::string declaration_id;
  std::string recognised_on;  ///< YYYY-MM-DD
  std::optional<int> validity_years;
};

/// Enters a recognition, inside the caller's transaction; the new entry's id.
Result<std::string> enter_recognition(storage::Database& db, const Recognised& r,
                                      const std::string& account_id, const std::string& at);

/// One condition of the basic-tier self-evaluation, from the 要素条件 edition.
struct SelfCondition {
  std::string id;  ///< requirement:<id> or content:<domain>
  std::string text;
  bool required = false;
  std::string clause;
};

/// A 要素条件 edition that defines the basic tier, so a self-evaluation can be filed against it.
struct SelfEdition {
  std::string edition;
  std::string title;
  std::string document;
};

struct SelfConditionAnswer {
  std::string id;
  bool met = false;
  std::string evidence;
};

struct SelfEvaluation {
  std::string id;
  std::string enterprise_id;
  std::string enterprise_name;
  std::string region;
  std::string factory_name;
  std::string edition;
  std::vector<SelfConditionAnswer> answers;
  std::string state;  ///< submitted, confirmed, returned
  std::string submitted_at;
  std::string decided_at;
  std::string opinion;
};

class Registry {
 public:
  Registry(storage::Pool& pool, const catalogue::Catalogue& catalogue,
           const rounds::RoundSet& rounds, Clock clock);

  /// Public callers (nullptr) see recognitions from rounds; officials see every entry of their
  /// region; an enterprise sees its own.
  Result<RegistryPage> list(const access::Principal* who, const RegistryQuery& query);
  Result<RegistryEntry> get(const access::Principal* who, const std::string& id);
  /// Re-review (复核): confirmed keeps the entry, revoked ends it; with the reviewer's note.
  Result<RegistryEntry> review(const access::Principal& who, const std::string& id,
                               const std::string& outcome, const std::string& note);
  /// Revokes an entry with its reason.
  Result<RegistryEntry> revoke(const access::Principal& who, const std::string& id,
                               const std::string& reason);

  /// The editions a self-evaluation can be filed against, newest first (the first is the default).
  std::vector<SelfEdition> self_editions() const;
  /// The basic-tier conditions of a 要素条件 edition; an empty edition means the newest.
  Result<std::vector<SelfCondition>> self_conditions(const std::string& edition) const;
  /// An enterprise files its basic-tier self-evaluation.
  Result<SelfEvaluation> file_self_evaluation(const access::Principal& who,
                                              const std::string& enterprise_id,
                                              const std::string& factory_name,
                                              const std::string& edition,
                                              const std::vector<SelfConditionAnswer>& answers);
  /// The enterprise's own, or those waiting at the caller's county (state filter optional).
  Result<std::vector<SelfEvaluation>> self_evaluations(const access::Principal& who,
                                                       const std::string& enterprise_id,
                                                       const std::string& state);
  /// The county confirms (复核通过, entered into the registry as basic) or returns it.
  Result<SelfEvaluation> decide_self_evaluation(const access::Principal& who, const std::string& id,
                                                bool confirm, const std::string& opinion);

  /// The platform's recognitions and confirmed self-evaluations of an enterprise that are in
  /// force on `today`, as the checker reads them.
  static Result<std::vector<declaration::Recognition>> recognitions_of(
      storage::Database& db, const std::string& enterprise_id, const std::string& today);

 private:
  Result<RegistryEntry> load(storage::Database& db, const std::string& id);
  bool may_see(const access::Principal* who, const RegistryEntry& e) const;
  Result<RegistryEntry> change_status(const access::Principal& who, const std::string& id,
                                      const std::string& action, const std::string& to_status,
                                      const std::string& note);
  Result<SelfEvaluation> load_self(storage::Database& db, const std::string& id);

  storage::Pool& pool_;
  const catalogue::Catalogue& catalogue_;
  const rounds::RoundSet& rounds_;
  Clock clock_;
};

}  // namespace tidu::service
