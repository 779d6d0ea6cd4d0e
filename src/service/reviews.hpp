#pragma once
// The officials' side of a round: what a person can do with a declaration now (from the declared
// workflow, review::options), review decisions one at a time or for a selection, credit-blacklist
// checks, and each unit's recommendation list — ranking within the quota, exemptions, joint
// signatures, the formal letter and filing. Every change is one transaction with its event and
// audit record.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "access/principal.hpp"
#include "catalogue/catalogue.hpp"
#include "core/error.hpp"
#include "review/scoring.hpp"
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
  std::string checked_by_name;  ///< the account's display name
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

// ---- The province's stages: expert review, on-site check, public notice ----

/// An expert of the round's pool (an expert account in the round's region).
struct PoolExpert {
  std::string id;
  std::string name;
  std::string employer;
  std::vector<std::string> specialities;
  std::string region;
  std::string contact;
  int capacity = 0;  ///< 0: no cap
  int load = 0;      ///< declarations the expert is on the panel of in this round
};

struct PanelMember {
  std::string expert_id;
  std::string name;
  std::string employer;
  std::string source;  ///< auto, manual, replacement
  bool scored = false;
};

/// A declaration's expert panel.
struct Panel {
  std::string declaration_id;
  std::string enterprise_name;
  std::string state;
  int required = 0;
  std::vector<PanelMember> members;
  bool complete = false;  ///< a full panel and every member has scored
};

struct AssignOutcome {
  std::vector<Panel> assigned;
  std::vector<Panel> unfilled;  ///< declarations no full conflict-free panel could be found for
};

/// A declaration on an expert's list.
struct ExpertTask {
  std::string declaration_id;
  std::string round_id;
  std::string round_name;
  std::string enterprise_name;
  std::string factory_name;
  std::string state;
  bool scored = false;
};

/// The score sheet an expert fills for one declaration.
struct SheetView {
  std::string declaration_id;
  std::vector<rounds::Criterion> criteria;
  double total_max = 0;
  std::optional<review::ScoreSheet> sheet;
  std::string submitted_at;
  bool editable = false;
};

struct ConflictOutcome {
  std::string replacement_id;  ///< empty when no conflict-free expert was left
  std::string message;
};

struct ExpertResult {
  std::string declaration_id;
  std::string enterprise_name;
  std::string state;
  int panel = 0;
  int sheets = 0;
  bool complete = false;
  std::optional<double> score;
  int rank = 0;           ///< 0 until scored
  bool proposed = false;  ///< within the round's shortlist bounds
  std::string note;
};

struct ExpertResults {
  std::string aggregation;
  std::optional<int> shortlist_size;
  std::optional<double> shortlist_min_score;
  int unscored = 0;
  std::vector<ExpertResult> items;  ///< best first, unscored last
};

struct OnsiteFinding {
  std::string item;
  bool conforms = false;
  std::string note;
};

struct FileRef {
  std::string sha256;
  std::string name;
};

struct OnsiteRecord {
  std::string id;
  std::string level;
  std::string checked_on;
  std::vector<std::string> inspectors;
  std::vector<OnsiteFinding> findings;
  std::string result;  ///< pass, fail
  std::string note;
  std::vector<FileRef> files;
  std::string recorded_by;
  std::string recorded_at;
};

struct NoticeEntry {
  std::string declaration_id;
  std::string enterprise_name;
  std::string factory_name;
  std::string region_name;
  std::string outcome;  ///< after publication: recognised or rejected
};

/// A public notice (公示) and its period.
struct Notice {
  std::string id;
  std::string round_id;
  std::string round_name;
  std::string title;
  std::string where;
  std::string starts_on;
  std::string ends_on;
  int working_days = 0;
  std::string calendar;
  std::string status;  ///< scheduled, open, ended, published
  std::string published_at;
  std::vector<NoticeEntry> entries;
};

/// A real-name objection. The objector's name and contact are empty for anyone but the notice's
/// unit (identity_visible false).
struct Objection {
  std::string id;
  std::string notice_id;
  std::string declaration_id;
  std::string enterprise_name;
  std::string objector_kind;  ///< person, unit
  std::string objector_name;
  std::string objector_contact;
  std::string content;
  std::string file_sha256;
  std::string file_name;
  std::string received_at;
  std::string state;    ///< open, resolved
  std::string outcome;  ///< upheld, dismissed
  std::string resolution;
  std::string resolved_at;
  bool identity_visible = false;
};

/// Whether the caller may read the declaration: an expert exactly those on their active panels,
/// everyone else as access::may_read decides.
Result<bool> may_read_declaration(storage::Database& db, const access::Principal& who,
                                  const access::DeclarationFacts& facts,
                                  const catalogue::RegionTree& regions, const std::string& id);

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
  /// One list the caller's unit made (open or filed) or received from a unit below; NOT_FOUND
  /// for any other.
  Result<BatchView> list_by_id(const access::Principal& who, const std::string& round_id,
                               const std::string& batch_id);
  /// The filed lists of the units below the caller's unit, entries in rank order.
  Result<std::vector<BatchView>> received(const access::Principal& who,
                                          const std::string& round_id);

  /// Stores a reviewer's file (evidence, letters) in the content-addressed store.
  Result<std::string> store_file(const access::Principal& who, const std::string& name,
                                 const std::string& bytes);

  // ---- Expert review, at the level whose duties include expert_review ----
  /// The round's expert pool with each expert's load.
  Result<std::vector<PoolExpert>> expert_pool(const access::Principal& who,
                                              const std::string& round_id);
  /// Assigns a conflict-free, load-balanced panel to every declaration in expert review at the
  /// caller's unit that has none.
  Result<AssignOutcome> assign_panels(const access::Principal& who, const std::string& round_id);
  /// The panels of the caller's unit's declarations in the round's expert review.
  Result<std::vector<Panel>> panels(const access::Principal& who, const std::string& round_id);
  /// Replaces a declaration's panel by hand; PANEL_INVALID with every reason when it conflicts.
  Result<Panel> set_panel(const access::Principal& who, const std::string& id,
                          const std::vector<std::string>& expert_ids);
  /// An expert declares a conflict with an assigned declaration and is replaced.
  Result<ConflictOutcome> declare_conflict(const access::Principal& who, const std::string& id,
                                           const std::string& reason);
  /// The declarations on the calling expert's panels.
  Result<std::vector<ExpertTask>> expert_tasks(const access::Principal& who);
  /// The calling expert's score sheet for a declaration.
  Result<SheetView> score_sheet(const access::Principal& who, const std::string& id);
  /// Stores the calling expert's scores; SCORE_SHEET_INVALID with every problem.
  Result<SheetView> submit_score_sheet(const access::Principal& who, const std::string& id,
                                       review::ScoreSheet sheet);
  /// Aggregated scores, ranking and the proposed shortlist of the caller's unit.
  Result<ExpertResults> expert_results(const access::Principal& who, const std::string& round_id);

  // ---- On-site check ----
  /// Records an on-site check of a declaration in on-site check at the caller's level.
  Result<OnsiteRecord> record_onsite(const access::Principal& who, const std::string& id,
                                     OnsiteRecord record);
  /// The declaration's on-site checks, newest first.
  Result<std::vector<OnsiteRecord>> onsite_records(const access::Principal& who,
                                                   const std::string& id);

  // ---- Public notice ----
  /// Puts the selected shortlisted declarations on a notice starting on `starts_on` for the
  /// round's number of working days. All or none: any refusal is NOTICE_REFUSED with reasons.
  Result<Notice> start_notice(const access::Principal& who, const std::string& round_id,
                              const std::string& title, const std::string& starts_on,
                              const std::vector<std::string>& ids);
  /// A notice as the public sees it.
  Result<Notice> notice(const std::string& id);
  /// The notices of a round.
  Result<std::vector<Notice>> notices(const std::string& round_id);
  /// Files a real-name objection during the notice period (no sign-in needed).
  Result<Objection> object(const std::string& notice_id, Objection in, const std::string& bytes);
  /// The objections to a declaration; the objector's identity only for the notice's unit.
  Result<std::vector<Objection>> objections(const access::Principal& who, const std::string& id);
  /// Records how an objection was resolved: upheld or dismissed.
  Result<Objection> resolve_objection(const access::Principal& who, const std::string& id,
                                      const std::string& outcome, const std::string& resolution);
  /// After the period: recognises every entry still on the notice and publishes the outcome.
  Result<Notice> publish_notice(const access::Principal& who, const std::string& id);

  struct Loaded;
  struct Unit;

 private:
  Result<Loaded> load(storage::Database& db, const std::string& id);
  /// The declaration when the caller may read it, else NOT_FOUND.
  Result<Loaded> load_readable(storage::Database& db, const access::Principal& who,
                               const std::string& id);
  /// The declaration when the caller is an expert on its panel, else NOT_FOUND.
  Result<Loaded> load_on_panel(storage::Database& db, const access::Principal& who,
                               const std::string& id);
  Result<review::Situation> situation(storage::Database& db, const Loaded& l);
  /// The index of the level the declaration's enterprise group stands in for, or -1.
  int group_level_of(const Loaded& l) const;
  Result<Step> act_in(storage::Database& db, const access::Principal& who, const std::string& id,
                      review::Action action, const std::string& opinion);
  Result<Unit> unit_of(const access::Principal& who, const std::string& round_id);
  Result<std::string> open_batch(storage::Database& db, const Unit& unit);
  Result<BatchView> batch_view(storage::Database& db, const Unit& unit, const std::string& id);
  using BatchChange = std::function<Result<void>(storage::Database&, const BatchView&)>;
  /// Runs `change` on the unit's open list, locked, in one transaction; the list afterwards.
  Result<BatchView> change_open_batch(const Unit& unit, const BatchChange& change);
  std::vector<std::string> filing_refusals(const Unit& unit, const BatchView& b) const;
  /// The caller's unit at the round's level running `stage` (expert_review, public_notice …).
  Result<Unit> stage_unit(const access::Principal& who, const std::string& round_id,
                          std::string_view stage);
  Result<std::vector<PoolExpert>> pool_in(storage::Database& db, const Unit& unit);
  Result<std::vector<Panel>> panels_in(storage::Database& db, const Unit& unit);
  Result<ExpertResults> results_in(storage::Database& db, const rounds::Round& round,
                                   const std::string& level_id, const std::string& unit_code);
  Result<Notice> notice_in(storage::Database& db, const std::string& id);
  /// Fills the province stages' facts of the situation.
  Result<void> stage_facts(storage::Database& db, const Loaded& l, review::Situation& s);

  storage::Pool& pool_;
  const catalogue::Catalogue& catalogue_;
  const rounds::RoundSet& rounds_;
  FileStore& files_;
  Clock clock_;
};

}  // namespace tidu::service
