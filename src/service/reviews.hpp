#pragma once
// The officials' side of a round: what a person can do with a declaration now (from the declared
// workflow, review::options), review decisions one at a time or for a selection, credit-blacklist
// checks, and each unit's recommendation list — ranking within the quota, exemptions, joint
// signatures, the formal letter and filing. Every change is one transaction with its event and
// audit record.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "access/principal.hpp"
#include "catalogue/catalogue.hpp"
#include "core/error.hpp"
#include "review/workflow.hpp"
#include "rounds/round.hpp"
#include "service/common.hpp"
#include "service/file_store.hpp"
#include "storage/pool.hpp"

namespace tidu::service {

/// The caller's actions on one declaration now.
struct ActionList {
  std::string declaration_id;
  std::string state;
  std::string level;
  std::string level_name;
  std::string unit_code;
  std::string unit_name;
  std::vector<review::Option> actions;
};

/// Where a declaration stands after a decision.
struct Step {
  std::string declaration_id;
  std::string state;
  std::string level;
};

/// One result of a decision on a selection.
struct DecisionResult {
  std::string declaration_id;
  Result<Step> outcome;
};

struct BlacklistCheck {
  std::string id;
  std::string level;
  std::string source;  ///< gsxt, zxgk
  std::string result;  ///< clear, listed
  std::string note;
  std::string evidence_sha256;
  std::string checked_by;
  std::string checked_at;
};

struct BatchEntry {
  std::string declaration_id;
  std::string enterprise_name;
  std::string credit_code;
  int rank = 0;
  bool exempt = false;
  std::string remark;
};

struct Signature {
  std::string authority;
  std::string account_id;
  std::string signed_at;
};

/// A unit's recommendation list at one level of a round.
struct BatchView {
  std::string id;
  std::string round_id;
  std::string level;
  std::string level_name;
  std::string unit_code;
  std::string unit_name;
  std::string state;  ///< open, filed
  bool ranked = false;
  std::optional<int> quota_limit;
  int quota_used = 0;
  std::string deadline;
  std::vector<BatchEntry> entries;
  std::vector<std::string> joint_required;  ///< departments that must sign (seed 001)
  std::vector<Signature> signatures;
  std::string letter_sha256;
  std::string letter_name;
  std::string filed_at;
};

class Reviews {
 public:
  Reviews(storage::Pool& pool, const catalogue::Catalogue& catalogue,
          const rounds::RoundSet& rounds, FileStore& files, Clock clock);

  /// The caller's actions on the declaration, each allowed or with its reasons.
  Result<ActionList> actions(const access::Principal& who, const std::string& id);
  /// Takes one action with its opinion (required for return, not_recommend and the rejections).
  Result<Step> act(const access::Principal& who, const std::string& id, review::Action action,
                   const std::string& opinion);
  /// The same action for each declaration of a selection, each in its own transaction.
  std::vector<DecisionResult> act_on_each(const access::Principal& who,
                                          const std::vector<std::string>& ids,
                                          review::Action action, const std::string& opinion);
  /// Records a credit-blacklist check at the declaration's current level.
  Result<BlacklistCheck> record_blacklist_check(const access::Principal& who, const std::string& id,
                                                BlacklistCheck check);
  /// The declaration's blacklist checks, newest first.
  Result<std::vector<BlacklistCheck>> blacklist_checks(const access::Principal& who,
                                                       const std::string& id);

  /// The caller's unit's open list at the caller's level of the round (created when missing).
  Result<BatchView> batch(const access::Principal& who, const std::string& round_id);
  /// Orders the open list (exactly its entries, best first); clears the joint signatures.
  Result<BatchView> rank(const access::Principal& who, const std::string& round_id,
                         const std::vector<std::string>& order);
  /// Attaches the formal letter (a PDF) to the open list.
  Result<BatchView> attach_letter(const access::Principal& who, const std::string& round_id,
                                  const std::string& name, const std::string& bytes);
  /// A co-recommending department (or the lead authority) signs the open list.
  Result<BatchView> sign(const access::Principal& who, const std::string& round_id);
  /// Files the open list: every entry moves up the route. Refused with every reason at once.
  Result<BatchView> file(const access::Principal& who, const std::string& round_id);
  /// The filed lists of the units below the caller's unit, entries in rank order.
  Result<std::vector<BatchView>> received(const access::Principal& who,
                                          const std::string& round_id);

  /// Stores a reviewer's file (evidence, letters) in the content-addressed store.
  Result<std::string> store_file(const access::Principal& who, const std::string& name,
                                 const std::string& bytes);

  struct Loaded;
  struct Unit;

 private:
  Result<Loaded> load(storage::Database& db, const std::string& id);
  /// The declaration when the caller may read it, else NOT_FOUND.
  Result<Loaded> load_readable(storage::Database& db, const access::Principal& who,
                               const std::string& id);
  Result<review::Situation> situation(storage::Database& db, const Loaded& l);
  Result<Step> act_in(storage::Database& db, const access::Principal& who, const std::string& id,
                      review::Action action, const std::string& opinion);
  Result<Unit> unit_of(const access::Principal& who, const std::string& round_id);
  Result<std::string> open_batch(storage::Database& db, const Unit& unit);
  Result<BatchView> batch_view(storage::Database& db, const Unit& unit, const std::string& id);
  using BatchChange = std::function<Result<void>(storage::Database&, const BatchView&)>;
  /// Runs `change` on the unit's open list, locked, in one transaction; the list afterwards.
  Result<BatchView> change_open_batch(const Unit& unit, const BatchChange& change);
  std::vector<std::string> filing_refusals(const Unit& unit, const BatchView& b) const;

  storage::Pool& pool_;
  const catalogue::Catalogue& catalogue_;
  const rounds::RoundSet& rounds_;
  FileStore& files_;
  Clock clock_;
};

}  // namespace tidu::service
