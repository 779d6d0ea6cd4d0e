#pragma once
// The review workflow of a declaration, declared once as a table: states, the actions that move
// a declaration between them, who may take each action and the guards that must hold. The
// actions a person can take now — and, for each one they cannot, why not — are derived from the
// table (STYLE.md 5 and 7). Pure: the service gathers the facts (Situation) and stores the moves.
//
// Where a declaration sits is a state plus a route level (an index into Round::levels):
//   submitted@L     sent by the enterprise, waiting for L's preliminary review (初审)
//   recommended@L   passed up by the level below, waiting for L's decision
//   passed@L        L passed it; it waits in L's list (batch) to be filed upwards
//   filed@L         L filed it and the route has no higher level (the list left the platform)
//   returned@L      L returned it for revision; the enterprise resubmits to L
//   not_recommended@L, formal_review@L, expert_review@L, shortlisted@L, onsite_check@L,
//   public_notice@L, recognised@L, rejected@L, withdrawn
// A level batches (keeps passed declarations in a list it files with a letter) when its duties
// include ranking, summary_table or nomination_list; other levels pass straight upwards. Arriving
// at a level whose duties include formal_review (or expert_review) starts that stage.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/principal.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "rounds/round.hpp"

namespace tidu::review {

enum class State {
  kDraft,
  kSubmitted,
  kReturned,
  kRecommended,
  kPassed,
  kFiled,
  kNotRecommended,
  kFormalReview,
  kExpertReview,
  kShortlisted,
  kOnsiteCheck,
  kPublicNotice,
  kRecognised,
  kRejected,
  kWithdrawn
};

/// The stored id: "draft", "submitted", "returned", …
std::string_view state_id(State s);
/// The state of a stored id; nullopt for an unknown id.
std::optional<State> parse_state(std::string_view id);
/// 草稿, 待初审, 退回修改, …
std::string_view state_name(State s);

enum class Action {
  kSubmit,           ///< the enterprise submits (or resubmits after a return)
  kWithdraw,         ///< the enterprise withdraws before the first review decision
  kPass,             ///< 初审通过: into the level's list, or straight up
  kReturn,           ///< 退回修改
  kNotRecommend,     ///< 不予推荐
  kReopen,           ///< take a passed declaration out of the list before it is filed
  kFile,             ///< the level's list is filed upwards (fired for each member of a batch)
  kFormalPass,       ///< 形式审查通过
  kFormalReject,     ///< 形式审查不通过
  kShortlist,        ///< after expert review: 入围
  kReject,           ///< after expert review, on-site check or public notice: 不予认定
  kStartOnsite,      ///< 现场核查 begins
  kOnsitePass,       ///< 现场核查通过
  kStartNotice,      ///< 公示 begins
  kRecognise,        ///< 认定
  kRecordBlacklist,  ///< record a credit-blacklist check (no state change)
};

/// "submit", "withdraw", "pass", …
std::string_view action_id(Action a);
/// The action of an id; nullopt for an unknown id.
std::optional<Action> parse_action(std::string_view id);
/// 提交, 撤回, 初审通过, …
std::string_view action_name(Action a);

/// The blacklist status of a declaration at its current level.
enum class BlacklistStatus { kNotChecked, kClear, kListed };

/// Everything the guards need to know about one declaration now. The service fills it.
struct Situation {
  const rounds::Round* round = nullptr;
  State state = State::kDraft;
  int level = -1;  ///< index into round->levels; -1 before the first submission
  /// The first route level whose unit covers the enterprise: where a first submission goes.
  int first_level = 0;
  time::Instant now{};
  std::string enterprise_id;
  /// The region unit that acts for the current level (e.g. 咸阳市), from access::reviewing_unit.
  std::string unit_code;
  std::string unit_name;
  bool decided = false;  ///< a review decision has ever been taken on it
  BlacklistStatus blacklist = BlacklistStatus::kNotChecked;
  /// Where a listing comes from when it is not a recorded check ("导入名单：失信被执行人，
  /// 2025-03-01"); shown in the refusal.
  std::string blacklist_source;
  /// The current level's quota for this unit, when the level holds one; and how much is used by
  /// declarations passed or filed at this unit (exempt ones excluded).
  std::optional<int> quota_limit;
  int quota_used = 0;
  bool exempt = false;  ///< in an exemption category outside the quota (Jiangxi's benchmarks)
  bool in_filed_batch = false;  ///< passed and already in a filed batch
  /// Expert review: every panel member has scored; the aggregated score and its competition rank
  /// among the unit's declarations in expert review; the round's shortlist bounds.
  bool expert_scores_complete = false;
  std::optional<double> expert_score;
  std::optional<int> expert_rank;
  std::optional<int> shortlist_size;
  std::optional<double> shortlist_min_score;
  int expert_unscored = 0;        ///< the unit's declarations in expert review not yet fully scored
  bool onsite_recorded = false;   ///< an on-site check is recorded at the current level
  bool onsite_passed = false;     ///< and its result is "pass"
  bool notice_ended = false;      ///< the public notice it is on has ended
  bool objection_open = false;    ///< an objection to it awaits resolution
  bool objection_upheld = false;  ///< an objection to it was found to hold
};

/// One action as offered to a person: allowed, or the reasons it is not.
struct Option {
  Action action{};
  bool allowed = false;
  std::vector<std::string> reasons;  ///< Chinese, each one actionable
};

/// Where a declaration goes when an action is taken.
struct Move {
  State to{};
  int level = -1;
};

/// The actions the principal's role takes on declarations in this round, each with whether it
/// is allowed now and why not. Actions of other roles are not listed.
std::vector<Option> options(const Situation& s, const access::Principal& p);

/// Takes the action: the move, or ACTION_NOT_ALLOWED whose message joins the reasons and whose
/// details list them. kRecordBlacklist leaves the state as it is.
Result<Move> take(Action a, const Situation& s, const access::Principal& p);

/// Whether a level keeps a list of passed declarations that it files as a batch.
bool level_batches(const rounds::Level& level);
/// Whether a level ranks its list (duty `ranking`).
bool level_ranks(const rounds::Level& level);
/// Whether a level has the duty.
bool has_duty(const rounds::Level& level, std::string_view duty);
/// The state in which a declaration arrives at level `index` (formal review, expert review, or
/// waiting for the level's decision).
State arrival_state(const rounds::Round& round, int index);
/// Where a declaration goes when level `index` sends it upwards: arrival at the next level, or
/// filed when there is none.
Move forward_from(const rounds::Round& round, int index);

}  // namespace tidu::review
