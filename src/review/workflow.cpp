#include "review/workflow.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace tidu::review {
namespace {

struct StateInfo {
  State state;
  std::string_view id;
  std::string_view name;
};

constexpr std::array<StateInfo, 15> kStates = {{
    {State::kDraft, "draft", "草稿"},
    {State::kSubmitted, "submitted", "待初审"},
    {State::kReturned, "returned", "退回修改"},
    {State::kRecommended, "recommended", "待本级审核（下级已推荐）"},
    {State::kPassed, "passed", "本级已通过，待报送"},
    {State::kFiled, "filed", "已报送"},
    {State::kNotRecommended, "not_recommended", "不予推荐"},
    {State::kFormalReview, "formal_review", "形式审查"},
    {State::kExpertReview, "expert_review", "专家评审"},
    {State::kShortlisted, "shortlisted", "入围"},
    {State::kOnsiteCheck, "onsite_check", "现场核查"},
    {State::kPublicNotice, "public_notice", "公示中"},
    {State::kRecognised, "recognised", "已认定"},
    {State::kRejected, "rejected", "未通过"},
    {State::kWithdrawn, "withdrawn", "已撤回"},
}};

struct ActionInfo {
  Action action;
  std::string_view id;
  std::string_view name;
};

constexpr std::array<ActionInfo, 16> kActions = {{
    {Action::kSubmit, "submit", "提交"},
    {Action::kWithdraw, "withdraw", "撤回"},
    {Action::kPass, "pass", "初审通过"},
    {Action::kReturn, "return", "退回修改"},
    {Action::kNotRecommend, "not_recommend", "不予推荐"},
    {Action::kReopen, "reopen", "撤出推荐名单"},
    {Action::kFile, "file", "报送"},
    {Action::kFormalPass, "formal_pass", "形式审查通过"},
    {Action::kFormalReject, "formal_reject", "形式审查不通过"},
    {Action::kShortlist, "shortlist", "入围"},
    {Action::kReject, "reject", "不予认定"},
    {Action::kStartOnsite, "start_onsite", "开始现场核查"},
    {Action::kOnsitePass, "onsite_pass", "现场核查通过"},
    {Action::kStartNotice, "start_notice", "进入公示"},
    {Action::kRecognise, "recognise", "认定"},
    {Action::kRecordBlacklist, "record_blacklist", "记录失信黑名单核查"},
}};

/// Who may fire a transition.
enum class Actor {
  kOwner,     ///< the declaring enterprise
  kReviewer,  ///< a reviewer of the declaration's current level, at the unit acting for it
};

/// A condition a transition needs beyond its state and actor.
enum class Guard {
  kNoDecisionYet,        ///< withdraw only before the first review decision
  kBeforeLevelDeadline,  ///< the current level's deadline has not passed
  kQuotaLeft,            ///< the unit's quota has room (exempt declarations need none)
  kBlacklistClear,       ///< at a level with the blacklist duty: checked and not listed
  kNotFiled,             ///< not yet in a filed batch
  kPreliminaryDuty,      ///< the current level reviews (not only formal/expert stages)
  kExpertDuty,           ///< the current level runs the expert review
  kScoresComplete,       ///< every assigned expert has scored
  kWithinShortlist,      ///< the expert-review rank and score are within the round's shortlist
  kOnsiteDuty,           ///< the current level runs on-site checks
  kOnsiteNotDone,        ///< no on-site result recorded yet
  kOnsiteRecorded,       ///< an on-site result is recorded
  kNoticeDuty,           ///< the current level runs the public notice
  kNoticeOverIfAny,      ///< the notice has ended without open objections (when there is one)
  kReadyForNotice,       ///< on-site check done where the level has one
  kNoUpheldObjection,    ///< no objection on the notice was found to hold
};

/// One row of the workflow table.
struct Transition {
  Action action;
  std::vector<State> from;
  Actor actor;
  std::vector<Guard> guards;
};

// The workflow, declared once. Targets depend on the route and are computed by target().
const std::array<Transition, 16>& table() {
  static const std::array<Transition, 16> rows = {{
      {Action::kSubmit, {State::kDraft, State::kWithdrawn, State::kReturned}, Actor::kOwner, {}},
      {Action::kWithdraw, {State::kSubmitted}, Actor::kOwner, {Guard::kNoDecisionYet}},
      {Action::kPass,
       {State::kSubmitted, State::kRecommended},
       Actor::kReviewer,
       {Guard::kPreliminaryDuty, Guard::kBeforeLevelDeadline, Guard::kBlacklistClear,
        Guard::kQuotaLeft}},
      {Action::kReturn,
       {State::kSubmitted, State::kRecommended, State::kFormalReview},
       Actor::kReviewer,
       {}},
      {Action::kNotRecommend,
       {State::kSubmitted, State::kRecommended, State::kPassed},
       Actor::kReviewer,
       {Guard::kNotFiled}},
      {Action::kReopen, {State::kPassed}, Actor::kReviewer, {Guard::kNotFiled}},
      {Action::kFile, {State::kPassed}, Actor::kReviewer, {Guard::kBeforeLevelDeadline}},
      {Action::kFormalPass, {State::kFormalReview}, Actor::kReviewer, {}},
      {Action::kFormalReject, {State::kFormalReview}, Actor::kReviewer, {}},
      {Action::kShortlist,
       {State::kExpertReview},
       Actor::kReviewer,
       {Guard::kExpertDuty, Guard::kScoresComplete, Guard::kWithinShortlist}},
      {Action::kReject,
       {State::kExpertReview, State::kShortlisted, State::kOnsiteCheck, State::kPublicNotice},
       Actor::kReviewer,
       {}},
      {Action::kStartOnsite,
       {State::kShortlisted},
       Actor::kReviewer,
       {Guard::kOnsiteDuty, Guard::kOnsiteNotDone}},
      {Action::kOnsitePass, {State::kOnsiteCheck}, Actor::kReviewer, {Guard::kOnsiteRecorded}},
      {Action::kStartNotice,
       {State::kShortlisted},
       Actor::kReviewer,
       {Guard::kNoticeDuty, Guard::kReadyForNotice}},
      {Action::kRecognise,
       {State::kPublicNotice, State::kShortlisted},
       Actor::kReviewer,
       {Guard::kNoticeOverIfAny, Guard::kReadyForNotice, Guard::kNoUpheldObjection}},
      {Action::kRecordBlacklist,
       {State::kSubmitted, State::kRecommended, State::kPassed},
       Actor::kReviewer,
       {Guard::kNotFiled}},
  }};
  return rows;
}

const rounds::Level* level_at(const Situation& s) {
  if (s.round == nullptr || s.level < 0 || s.level >= static_cast<int>(s.round->levels.size()))
    return nullptr;
  return &s.round->levels[static_cast<std::size_t>(s.level)];
}

std::string unit_label(const Situation& s, const rounds::Level& level) {
  return s.unit_name.empty() ? level.name : s.unit_name;
}

/// The reason the actor may not act, or empty.
std::string actor_refusal(Actor actor, const Situation& s, const access::Principal& p) {
  if (actor == Actor::kOwner) {
    if (p.role != access::Role::kEnterprise || p.enterprise_id != s.enterprise_id)
      return "只有申报企业本身可以进行此操作";
    return {};
  }
  const auto* level = level_at(s);
  if (p.role != access::Role::kReviewer) return "只有本级审核员可以进行此操作";
  if (level == nullptr) return "申报书尚未进入审核";
  if (p.level != level->region_kind || p.region != s.unit_code) {
    return fmt::format("申报书当前由{}审核，不在本级", unit_label(s, *level));
  }
  return {};
}

std::string deadline_text(const time::Instant& at) { return time::format_instant(at); }

/// The reason the guard fails, or empty.
std::string guard_refusal(Guard g, const Situation& s) {
  const auto* level = level_at(s);
  switch (g) {
    case Guard::kNoDecisionYet:
      return s.decided ? "审核单位已作出审核决定，不能撤回" : "";
    case Guard::kBeforeLevelDeadline:
      if (level != nullptr && level->deadline && s.now > *level->deadline) {
        return fmt::format("{}的报送截止时间 {} 已过（{}）", level->name,
                           deadline_text(*level->deadline), level->clause);
      }
      return {};
    case Guard::kQuotaLeft:
      if (s.exempt || !s.quota_limit) return {};
      if (s.quota_used >= *s.quota_limit) {
        return fmt::format("本级推荐名额已满（{} {}/{}）；{}", s.unit_name, s.quota_used,
                           *s.quota_limit, s.round->quotas.clause);
      }
      return {};
    case Guard::kBlacklistClear:
      if (level == nullptr || !has_duty(*level, "blacklist_check")) return {};
      if (s.blacklist == BlacklistStatus::kNotChecked) {
        return "请先记录失信黑名单核查（国家企业信用信息公示系统、中国执行信息公开网）";
      }
      if (s.blacklist == BlacklistStatus::kListed) {
        return s.blacklist_source.empty()
                   ? std::string("企业在失信黑名单中，不能推荐")
                   : fmt::format("企业在失信黑名单中，不能推荐（{}）", s.blacklist_source);
      }
      return {};
    case Guard::kNotFiled:
      return s.in_filed_batch ? "已随推荐批次报送，不能再更改" : "";
    case Guard::kPreliminaryDuty:
      if (level != nullptr && !level_batches(*level) && !has_duty(*level, "preliminary_review") &&
          !has_duty(*level, "receive")) {
        return fmt::format("{}不承担初审", level->name);
      }
      return {};
    case Guard::kExpertDuty:
      return level != nullptr && has_duty(*level, "expert_review") ? "" : "本级不组织专家评审";
    case Guard::kScoresComplete:
      return s.expert_scores_complete ? "" : "尚有专家未完成评分";
    case Guard::kOnsiteDuty:
      return level != nullptr && has_duty(*level, "onsite_check") ? "" : "本批次没有现场核查环节";
    case Guard::kOnsiteNotDone:
      return s.onsite_recorded ? "现场核查已完成" : "";
    case Guard::kOnsiteRecorded:
      if (!s.onsite_recorded) return "请先记录现场核查结果";
      return s.onsite_passed ? "" : "现场核查结论为不通过，只能不予认定";
    case Guard::kWithinShortlist:
      if (s.shortlist_size && s.expert_unscored > 0) {
        return fmt::format("尚有 {} 份申报书未完成专家评分，排名未定，暂不能确定入围",
                           s.expert_unscored);
      }
      if (!s.expert_score) return {};
      if (s.shortlist_size && s.expert_rank && *s.expert_rank > *s.shortlist_size) {
        return fmt::format("专家评审排名第 {}，超出入围名额（前 {} 名）", *s.expert_rank,
                           *s.shortlist_size);
      }
      if (s.shortlist_min_score && *s.expert_score < *s.shortlist_min_score) {
        return fmt::format("专家评审得分 {:.2f} 低于入围分数线 {:.2f}", *s.expert_score,
                           *s.shortlist_min_score);
      }
      return {};
    case Guard::kNoUpheldObjection:
      return s.objection_upheld ? "公示期间的异议经核实成立，不能认定" : "";
    case Guard::kNoticeDuty:
      return level != nullptr && has_duty(*level, "public_notice") ? "" : "本批次没有公示环节";
    case Guard::kNoticeOverIfAny:
      if (s.state != State::kPublicNotice) {
        return level != nullptr && has_duty(*level, "public_notice") ? "请先公示" : "";
      }
      if (!s.notice_ended) return "公示期尚未结束";
      if (s.objection_open) return "公示期间收到的异议尚未处理完毕";
      return {};
    case Guard::kReadyForNotice:
      if (s.state != State::kShortlisted) return {};
      if (level != nullptr && has_duty(*level, "onsite_check") && !s.onsite_recorded)
        return "请先完成现场核查";
      if (level != nullptr && has_duty(*level, "onsite_check") && !s.onsite_passed)
        return "现场核查结论为不通过";
      return {};
  }
  return {};
}

/// A declaration leaves a stage at `level` for the next one the level runs, or upwards.
Move after_stage(const rounds::Round& round, int index, State done) {
  const auto& level = round.levels[static_cast<std::size_t>(index)];
  if (done == State::kFormalReview) {
    if (has_duty(level, "expert_review")) return {State::kExpertReview, index};
    if (has_duty(level, "recognition") || has_duty(level, "public_notice") ||
        has_duty(level, "onsite_check"))
      return {State::kShortlisted, index};
    return forward_from(round, index);
  }
  return {State::kShortlisted, index};
}

Move target(Action a, const Situation& s, int first_level) {
  const auto& round = *s.round;
  switch (a) {
    case Action::kSubmit:
      return {State::kSubmitted, s.state == State::kReturned ? s.level : first_level};
    case Action::kWithdraw:
      return {State::kWithdrawn, -1};
    case Action::kPass: {
      const auto& level = round.levels[static_cast<std::size_t>(s.level)];
      if (level_batches(level)) return {State::kPassed, s.level};
      return forward_from(round, s.level);
    }
    case Action::kReturn:
      return {State::kReturned, s.level};
    case Action::kNotRecommend:
      return {State::kNotRecommended, s.level};
    case Action::kReopen:
      return {s.level == first_level ? State::kSubmitted : State::kRecommended, s.level};
    case Action::kFile:
      return forward_from(round, s.level);
    case Action::kFormalPass:
      return after_stage(round, s.level, State::kFormalReview);
    case Action::kFormalReject:
    case Action::kReject:
      return {State::kRejected, s.level};
    case Action::kShortlist:
      return {State::kShortlisted, s.level};
    case Action::kStartOnsite:
      return {State::kOnsiteCheck, s.level};
    case Action::kOnsitePass:
      return {State::kShortlisted, s.level};
    case Action::kStartNotice:
      return {State::kPublicNotice, s.level};
    case Action::kRecognise:
      return {State::kRecognised, s.level};
    case Action::kRecordBlacklist:
      return {s.state, s.level};
  }
  return {s.state, s.level};
}

/// The reasons the action is refused (empty: allowed), checking every row of the action.
std::vector<std::string> refusals(Action a, const Situation& s, const access::Principal& p) {
  std::vector<std::string> reasons;
  bool any_row = false;
  for (const auto& row : table()) {
    if (row.action != a) continue;
    any_row = true;
    if (auto who = actor_refusal(row.actor, s, p); !who.empty()) {
      reasons.push_back(std::move(who));
      return reasons;
    }
    if (std::ranges::find(row.from, s.state) == row.from.end()) {
      reasons.push_back(
          fmt::format("申报书当前为“{}”，不能{}", state_name(s.state), action_name(a)));
      return reasons;
    }
    for (const Guard g : row.guards) {
      if (auto why = guard_refusal(g, s); !why.empty()) reasons.push_back(std::move(why));
    }
  }
  if (!any_row) reasons.emplace_back("不支持此操作");
  return reasons;
}

}  // namespace

std::string_view state_id(State s) {
  for (const auto& i : kStates) {
    if (i.state == s) return i.id;
  }
  return "draft";
}

std::optional<State> parse_state(std::string_view id) {
  for (const auto& i : kStates) {
    if (i.id == id) return i.state;
  }
  return std::nullopt;
}

std::string_view state_name(State s) {
  for (const auto& i : kStates) {
    if (i.state == s) return i.name;
  }
  return "未知";
}

std::string_view action_id(Action a) {
  for (const auto& i : kActions) {
    if (i.action == a) return i.id;
  }
  return "unknown";
}

std::optional<Action> parse_action(std::string_view id) {
  for (const auto& i : kActions) {
    if (i.id == id) return i.action;
  }
  return std::nullopt;
}

std::string_view action_name(Action a) {
  for (const auto& i : kActions) {
    if (i.action == a) return i.name;
  }
  return "未知操作";
}

bool has_duty(const rounds::Level& level, std::string_view duty) {
  return std::ranges::find(level.duties, duty) != level.duties.end();
}

bool level_batches(const rounds::Level& level) {
  return has_duty(level, "ranking") || has_duty(level, "summary_table") ||
         has_duty(level, "nomination_list");
}

bool level_ranks(const rounds::Level& level) { return has_duty(level, "ranking"); }

State arrival_state(const rounds::Round& round, int index) {
  const auto& level = round.levels[static_cast<std::size_t>(index)];
  if (has_duty(level, "formal_review")) return State::kFormalReview;
  if (has_duty(level, "expert_review") && !has_duty(level, "preliminary_review"))
    return State::kExpertReview;
  return State::kRecommended;
}

Move forward_from(const rounds::Round& round, int index) {
  const int next = index + 1;
  if (next >= static_cast<int>(round.levels.size())) return {State::kFiled, index};
  return {arrival_state(round, next), next};
}

namespace {

/// The province's stages, after the preliminary review (初审) and the recommendation lists.
bool is_stage_state(State st) {
  switch (st) {
    case State::kFormalReview:
    case State::kExpertReview:
    case State::kShortlisted:
    case State::kOnsiteCheck:
    case State::kPublicNotice:
    case State::kRecognised:
    case State::kRejected:
      return true;
    default:
      return false;
  }
}

/// Whether offering the action (allowed or with its reasons) means something in this state: it
/// starts from the state, or belongs to the same part of the route. A township reviewer is not
/// told why they cannot shortlist; a reviewer of a passed declaration is told why it cannot be
/// passed again.
bool relevant(Action a, const Situation& s) {
  bool any_stage_row = false;
  for (const auto& row : table()) {
    if (row.action != a) continue;
    if (std::ranges::find(row.from, s.state) != row.from.end()) return true;
    any_stage_row = any_stage_row || std::ranges::any_of(row.from, is_stage_state);
  }
  return any_stage_row == is_stage_state(s.state);
}

}  // namespace

std::vector<Option> options(const Situation& s, const access::Principal& p) {
  std::vector<Option> out;
  std::vector<Action> seen;
  for (const auto& row : table()) {
    if (row.action == Action::kFile) continue;  // fired for a whole batch, not offered alone
    const bool for_role = row.actor == Actor::kOwner ? p.role == access::Role::kEnterprise
                                                     : p.role == access::Role::kReviewer;
    if (!for_role || std::ranges::find(seen, row.action) != seen.end()) continue;
    seen.push_back(row.action);
    if (p.role == access::Role::kReviewer && !relevant(row.action, s)) continue;
    auto reasons = refusals(row.action, s, p);
    out.push_back(Option{row.action, reasons.empty(), std::move(reasons)});
  }
  return out;
}

Result<Move> take(Action a, const Situation& s, const access::Principal& p) {
  if (s.round == nullptr) return fail("ROUND_UNKNOWN", "申报批次不存在");
  auto reasons = refusals(a, s, p);
  if (!reasons.empty()) {
    std::string message = fmt::format("不能{}：", action_name(a));
    for (std::size_t i = 0; i < reasons.size(); ++i) {
      if (i > 0) message += "；";
      message += reasons[i];
    }
    nlohmann::json details = {{"action", action_id(a)}, {"reasons", reasons}};
    return fail_with("ACTION_NOT_ALLOWED", message, details.dump());
  }
  return target(a, s, s.first_level);
}

}  // namespace tidu::review
