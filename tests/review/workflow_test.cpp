// The declared review workflow: moves along each seed's route, who may act, and every "why not".
#include "review/workflow.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "support/world.hpp"

namespace {

using tidu::access::Principal;
using tidu::access::Role;
using tidu::review::Action;
using tidu::review::BlacklistStatus;
using tidu::review::Situation;
using tidu::review::State;

const tidu::rounds::Round& round(const std::string& id) {
  return tidu::test::rounds().rounds.at(id);
}

tidu::time::Instant at(const char* text) { return *tidu::time::parse_instant(text); }

Principal reviewer(std::string level, std::string region) {
  return Principal{.account_id = "u-r",
                   .role = Role::kReviewer,
                   .level = std::move(level),
                   .region = std::move(region),
                   .authority = "工信"};
}

Principal enterprise(std::string id) {
  return Principal{.account_id = "u-e", .role = Role::kEnterprise, .enterprise_id = std::move(id)};
}

/// A Fujian declaration of an enterprise in 福清市 (350181), 福州市 (350100).
Situation fujian(State state, int level, const char* now = "2025-04-01T10:00:00+08:00") {
  Situation s;
  s.round = &round("fj-2025-advanced");
  s.state = state;
  s.level = level;
  s.first_level = 0;
  s.now = at(now);
  s.enterprise_id = "e-1";
  s.unit_code = level == 0 ? "350181" : level == 1 ? "350100" : "350000";
  s.unit_name = level == 0 ? "福清市" : level == 1 ? "福州市" : "福建省";
  return s;
}

const tidu::review::Option* option(const std::vector<tidu::review::Option>& all, Action a) {
  const auto it = std::ranges::find(all, a, &tidu::review::Option::action);
  return it == all.end() ? nullptr : &*it;
}

TEST(Workflow, StateAndActionIdsRoundTrip) {
  for (const auto* id : {"draft", "submitted", "returned", "recommended", "passed", "filed",
                         "not_recommended", "formal_review", "expert_review", "shortlisted",
                         "onsite_check", "public_notice", "recognised", "rejected", "withdrawn"}) {
    const auto s = tidu::review::parse_state(id);
    ASSERT_TRUE(s) << id;
    EXPECT_EQ(tidu::review::state_id(*s), id);
  }
  EXPECT_FALSE(tidu::review::parse_state("approved"));
  const auto a = tidu::review::parse_action("not_recommend");
  ASSERT_TRUE(a);
  EXPECT_EQ(tidu::review::action_name(*a), "不予推荐");
}

TEST(Workflow, FujianCountyNeedsTheBlacklistCheckThenPassesIntoItsList) {
  auto s = fujian(State::kSubmitted, 0);
  const auto county = reviewer("county", "350181");
  const auto refused = tidu::review::take(Action::kPass, s, county);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "ACTION_NOT_ALLOWED");
  EXPECT_NE(refused.error().message.find("失信黑名单核查"), std::string::npos)
      << refused.error().message;

  s.blacklist = BlacklistStatus::kListed;
  EXPECT_NE(tidu::review::take(Action::kPass, s, county).error().message.find("在失信黑名单中"),
            std::string::npos);

  s.blacklist = BlacklistStatus::kClear;
  const auto moved = tidu::review::take(Action::kPass, s, county);
  ASSERT_TRUE(moved) << moved.error().message;
  // The county fills a summary table, so it keeps a list that it files to the city.
  EXPECT_EQ(moved->to, State::kPassed);
  EXPECT_EQ(moved->level, 0);
  const auto filed = tidu::review::take(Action::kFile, fujian(State::kPassed, 0), county);
  ASSERT_TRUE(filed);
  EXPECT_EQ(filed->to, State::kRecommended);
  EXPECT_EQ(filed->level, 1);
}

TEST(Workflow, FujianCityFilingAfterItsDeadlineIsRefusedNamingIt) {
  const auto city = reviewer("city", "350100");
  const auto in_time = tidu::review::take(
      Action::kFile, fujian(State::kPassed, 1, "2025-04-10T18:00:00+08:00"), city);
  ASSERT_TRUE(in_time);
  // The province starts with its formal review.
  EXPECT_EQ(in_time->to, State::kFormalReview);
  EXPECT_EQ(in_time->level, 2);
  const auto late = tidu::review::take(
      Action::kFile, fujian(State::kPassed, 1, "2025-04-11T09:00:00+08:00"), city);
  ASSERT_FALSE(late);
  EXPECT_NE(late.error().message.find("2025-04-10T23:59:59+08:00 已过"), std::string::npos)
      << late.error().message;
}

TEST(Workflow, OnlyTheUnitActingForTheCurrentLevelMayDecide) {
  const auto s = fujian(State::kSubmitted, 0);
  const auto other_county = tidu::review::take(Action::kReturn, s, reviewer("county", "350182"));
  ASSERT_FALSE(other_county);
  EXPECT_NE(other_county.error().message.find("由福清市审核"), std::string::npos);
  EXPECT_FALSE(tidu::review::take(Action::kReturn, s, reviewer("city", "350100")));
  EXPECT_FALSE(tidu::review::take(Action::kReturn, s, enterprise("e-1")));
  const auto returned = tidu::review::take(Action::kReturn, s, reviewer("county", "350181"));
  ASSERT_TRUE(returned);
  EXPECT_EQ(returned->to, State::kReturned);
  EXPECT_EQ(returned->level, 0);
}

TEST(Workflow, AResubmissionGoesBackToTheLevelThatReturnedIt) {
  auto s = fujian(State::kReturned, 1);
  const auto moved = tidu::review::take(Action::kSubmit, s, enterprise("e-1"));
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->to, State::kSubmitted);
  EXPECT_EQ(moved->level, 1);
  s.state = State::kDraft;
  s.level = -1;
  EXPECT_EQ(tidu::review::take(Action::kSubmit, s, enterprise("e-1"))->level, 0);
  EXPECT_FALSE(tidu::review::take(Action::kSubmit, s, enterprise("e-2")));
}

TEST(Workflow, WithdrawOnlyBeforeTheFirstDecision) {
  auto s = fujian(State::kSubmitted, 0);
  EXPECT_TRUE(tidu::review::take(Action::kWithdraw, s, enterprise("e-1")));
  s.decided = true;
  const auto late = tidu::review::take(Action::kWithdraw, s, enterprise("e-1"));
  ASSERT_FALSE(late);
  EXPECT_NE(late.error().message.find("已作出审核决定"), std::string::npos);
}

TEST(Workflow, ShaanxiQuotaIsEnforcedWithTheNumbersInTheMessage) {
  Situation s;
  s.round = &round("sn-2024-excellent");
  s.state = State::kSubmitted;
  s.level = 0;
  s.now = at("2024-11-20T10:00:00+08:00");
  s.enterprise_id = "e-1";
  s.unit_code = "610100";
  s.unit_name = "西安市";
  s.quota_limit = 15;
  s.quota_used = 15;
  const auto city = reviewer("city", "610100");
  const auto full = tidu::review::take(Action::kPass, s, city);
  ASSERT_FALSE(full);
  EXPECT_NE(full.error().message.find("本级推荐名额已满（西安市 15/15）"), std::string::npos)
      << full.error().message;
  s.quota_used = 14;
  EXPECT_TRUE(tidu::review::take(Action::kPass, s, city));
  s.quota_used = 15;
  s.exempt = true;  // an exemption category outside the quota
  EXPECT_TRUE(tidu::review::take(Action::kPass, s, city));
}

TEST(Workflow, OptionsListEveryActionOfTheRoleWithItsReasons) {
  auto s = fujian(State::kSubmitted, 0);
  const auto offered = tidu::review::options(s, reviewer("county", "350181"));
  const auto* pass = option(offered, Action::kPass);
  ASSERT_NE(pass, nullptr);
  EXPECT_FALSE(pass->allowed);
  ASSERT_EQ(pass->reasons.size(), 1U);
  EXPECT_NE(pass->reasons[0].find("失信黑名单"), std::string::npos);
  const auto* back = option(offered, Action::kReturn);
  ASSERT_NE(back, nullptr);
  EXPECT_TRUE(back->allowed);
  EXPECT_EQ(option(offered, Action::kSubmit), nullptr);  // an enterprise's action
  EXPECT_EQ(option(offered, Action::kFile), nullptr);    // taken for a whole batch

  const auto own = tidu::review::options(s, enterprise("e-1"));
  const auto* withdraw = option(own, Action::kWithdraw);
  ASSERT_NE(withdraw, nullptr);
  EXPECT_TRUE(withdraw->allowed);
  const auto* submit = option(own, Action::kSubmit);
  ASSERT_NE(submit, nullptr);
  EXPECT_FALSE(submit->allowed);
  EXPECT_NE(submit->reasons[0].find("当前为“待初审”"), std::string::npos);
}

TEST(Workflow, TianmenTownshipPassesIntoItsNominationListByMarchFirst) {
  Situation s;
  s.round = &round("hb-tianmen-2026-basic");
  s.state = State::kSubmitted;
  s.level = 0;
  s.now = at("2026-03-01T20:00:00+08:00");
  s.enterprise_id = "e-1";
  s.unit_code = "429006104";
  s.unit_name = "多宝镇";
  const auto township = reviewer("township", "429006104");
  const auto passed = tidu::review::take(Action::kPass, s, township);
  ASSERT_TRUE(passed) << passed.error().message;
  EXPECT_EQ(passed->to, State::kPassed);
  s.state = State::kPassed;
  s.now = at("2026-03-02T08:00:00+08:00");
  const auto late = tidu::review::take(Action::kFile, s, township);
  ASSERT_FALSE(late);
  EXPECT_NE(late.error().message.find("2026-03-01T23:59:59+08:00 已过"), std::string::npos);
}

TEST(Workflow, ProvinceStagesFollowTheRoundsDuties) {
  auto s = fujian(State::kFormalReview, 2);
  const auto province = reviewer("province", "350000");
  const auto formal = tidu::review::take(Action::kFormalPass, s, province);
  ASSERT_TRUE(formal);
  EXPECT_EQ(formal->to, State::kExpertReview);
  s.state = State::kExpertReview;
  EXPECT_FALSE(tidu::review::take(Action::kShortlist, s, province));  // scores missing
  s.expert_scores_complete = true;
  s.expert_score = 71.5;
  s.expert_rank = 4;
  s.shortlist_size = 3;
  const auto outside = tidu::review::take(Action::kShortlist, s, province);
  ASSERT_FALSE(outside);
  EXPECT_NE(outside.error().message.find("专家评审排名第 4，超出入围名额（前 3 名）"),
            std::string::npos);
  s.shortlist_size.reset();
  s.shortlist_min_score = 75;
  const auto below = tidu::review::take(Action::kShortlist, s, province);
  ASSERT_FALSE(below);
  EXPECT_NE(below.error().message.find("得分 71.50 低于入围分数线 75.00"), std::string::npos);
  s.shortlist_min_score = 70;
  EXPECT_EQ(tidu::review::take(Action::kShortlist, s, province)->to, State::kShortlisted);
  s.state = State::kShortlisted;
  const auto early_notice = tidu::review::take(Action::kStartNotice, s, province);
  ASSERT_FALSE(early_notice);
  EXPECT_NE(early_notice.error().message.find("现场核查"), std::string::npos);
  EXPECT_EQ(tidu::review::take(Action::kStartOnsite, s, province)->to, State::kOnsiteCheck);
  s.state = State::kOnsiteCheck;
  EXPECT_FALSE(tidu::review::take(Action::kOnsitePass, s, province));
  s.onsite_recorded = true;
  const auto failed = tidu::review::take(Action::kOnsitePass, s, province);
  ASSERT_FALSE(failed);  // the recorded result is "fail"
  EXPECT_NE(failed.error().message.find("现场核查结论为不通过"), std::string::npos);
  s.onsite_passed = true;
  EXPECT_EQ(tidu::review::take(Action::kOnsitePass, s, province)->to, State::kShortlisted);
  s.state = State::kShortlisted;
  EXPECT_EQ(tidu::review::take(Action::kStartNotice, s, province)->to, State::kPublicNotice);
  s.state = State::kPublicNotice;
  EXPECT_FALSE(tidu::review::take(Action::kRecognise, s, province));  // notice still running
  s.notice_ended = true;
  s.objection_open = true;
  EXPECT_FALSE(tidu::review::take(Action::kRecognise, s, province));
  s.objection_open = false;
  s.objection_upheld = true;
  const auto upheld = tidu::review::take(Action::kRecognise, s, province);
  ASSERT_FALSE(upheld);
  EXPECT_NE(upheld.error().message.find("异议经核实成立"), std::string::npos);
  s.objection_upheld = false;
  EXPECT_EQ(tidu::review::take(Action::kRecognise, s, province)->to, State::kRecognised);
}

TEST(Workflow, TheLastLevelFilesOutOfThePlatform) {
  const auto& jx = round("jx-2025-advanced");
  const auto move = tidu::review::forward_from(jx, 1);
  EXPECT_EQ(move.to, State::kFiled);
  EXPECT_EQ(move.level, 1);
  EXPECT_EQ(tidu::review::arrival_state(jx, 1), State::kFormalReview);
}

}  // namespace
