// The rounds' review stages (rounds/round.hpp ReviewPolicy): what each shipped round says, the
// platform's default score sheet and checklist, and the positioned faults of bad review blocks.
#include <algorithm>
#include <cmath>
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "core/yaml_reader.hpp"
#include "rounds/loader.hpp"
#include "support/world.hpp"

namespace {

using tidu::rounds::Aggregation;
using tidu::rounds::Level;
using tidu::rounds::ReviewPolicy;

const ReviewPolicy& review_of(const std::string& id) {
  return tidu::test::rounds().rounds.at(id).review;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// --- The shipped rounds ---------------------------------------------------------------------

TEST(RoundReview, FujianProvinceRunsEveryStageWithPlatformDefaults) {
  const auto& r = review_of("fj-2025-advanced");
  ASSERT_TRUE(r.expert_review.has_value());
  const auto& e = *r.expert_review;
  EXPECT_EQ(e.level, "province");
  EXPECT_FALSE(r.is_default("review.expert_review.level"));
  EXPECT_EQ(e.panel_size, 5);
  EXPECT_EQ(e.aggregation, Aggregation::kMean);
  EXPECT_FALSE(e.conflicts.same_city);
  EXPECT_EQ(e.sheet, "default-2024");
  EXPECT_EQ(e.criteria.size(), 9U);
  EXPECT_FALSE(e.shortlist.has_value());
  EXPECT_TRUE(contains(e.clause, "闽工信函装备〔2025〕123号 二、组织实施 3")) << e.clause;
  for (const char* path :
       {"review.expert_review.panel_size", "review.expert_review.aggregation",
        "review.expert_review.conflicts.same_city", "review.expert_review.criteria",
        "review.onsite_check.checklist", "review.public_notice.working_days",
        "review.public_notice.calendar", "review.public_notice.objections.real_name_only"}) {
    EXPECT_TRUE(r.is_default(path)) << path;
  }

  ASSERT_TRUE(r.onsite_check.has_value());
  EXPECT_EQ(r.onsite_check->level, "province");
  EXPECT_EQ(r.onsite_check->checklist_id, "onsite-default-2024");
  EXPECT_EQ(r.onsite_check->checklist.size(), 6U);
  EXPECT_TRUE(contains(r.onsite_check->clause, "一、申报条件 4")) << r.onsite_check->clause;

  ASSERT_TRUE(r.public_notice.has_value());
  EXPECT_EQ(r.public_notice->level, "province");
  EXPECT_EQ(r.public_notice->working_days, 5);
  EXPECT_EQ(r.public_notice->calendar, "cn-mainland");
  EXPECT_EQ(r.public_notice->where, "福建省工业和信息化厅网站");
  EXPECT_TRUE(r.public_notice->objections.real_name_only);
  EXPECT_TRUE(contains(r.public_notice->clause, "二、组织实施 4：对通过现场核查的企业名单"));

  ASSERT_TRUE(r.recognition.has_value());
  EXPECT_EQ(r.recognition->level, "province");
  EXPECT_FALSE(r.recognition->validity_years.has_value());

  const auto& p = tidu::test::policy("fj-2025-advanced");
  ASSERT_NE(p.calendar, nullptr);
  EXPECT_EQ(p.calendar->id(), "cn-mainland");
}

TEST(RoundReview, FujianPublicNoticeEndsOnTheFifthWorkingDay) {
  using namespace std::chrono;
  const auto& p = tidu::test::policy("fj-2025-advanced");
  ASSERT_NE(p.calendar, nullptr);
  // 2025-09-30 Tue 1; 10-01…10-08 rest; 10-09 2; 10-10 3; 10-11 Sat (调休上班) 4; 10-13 Mon 5.
  const auto end = p.calendar->add_working_days(2025y / September / 30d,
                                                p.round->review.public_notice->working_days);
  ASSERT_TRUE(end.has_value()) << end.error().message;
  EXPECT_EQ(*end, 2025y / October / 13d);
}

TEST(RoundReview, ShaanxiReviewIsTheMinistrys) {
  const auto& r = review_of("sn-2024-excellent");
  ASSERT_TRUE(r.expert_review.has_value());
  EXPECT_EQ(r.expert_review->level, "ministry");
  EXPECT_TRUE(contains(r.expert_review->clause, "陕工信发〔2024〕262号 二（五）"));
  EXPECT_EQ(r.expert_review->sheet, "default-2024");
  ASSERT_TRUE(r.onsite_check.has_value());
  EXPECT_EQ(r.onsite_check->level, "ministry");
  EXPECT_TRUE(r.is_default("review.onsite_check.level"));
  EXPECT_TRUE(contains(r.onsite_check->clause, "一、申报条件（四）"));
  EXPECT_FALSE(r.public_notice.has_value());  // the notice mentions no 公示
  ASSERT_TRUE(r.recognition.has_value());
  EXPECT_EQ(r.recognition->level, "ministry");
  EXPECT_TRUE(contains(r.recognition->clause, "附件1《智能工厂梯度培育行动实施方案》三（三）"));
  EXPECT_EQ(tidu::test::policy("sn-2024-excellent").calendar, nullptr);
}

TEST(RoundReview, JiangxiNoticeOnlyRecommends) {
  const auto& r = review_of("jx-2025-advanced");
  EXPECT_FALSE(r.expert_review.has_value());
  EXPECT_FALSE(r.onsite_check.has_value());
  EXPECT_FALSE(r.public_notice.has_value());
  ASSERT_TRUE(r.recognition.has_value());
  EXPECT_EQ(r.recognition->level, "province");
  EXPECT_TRUE(contains(r.recognition->clause, "三（二）"));
  EXPECT_FALSE(r.note.empty());
}

TEST(RoundReview, TianmenHasNoExpertReviewStage) {
  const auto& r = review_of("hb-tianmen-2026-basic");
  EXPECT_FALSE(r.expert_review.has_value());
  EXPECT_FALSE(r.public_notice.has_value());
  EXPECT_FALSE(r.recognition.has_value());
  ASSERT_TRUE(r.onsite_check.has_value());
  EXPECT_EQ(r.onsite_check->level, "city");
  EXPECT_TRUE(r.is_default("review.onsite_check.level"));
  EXPECT_TRUE(r.is_default("review.onsite_check.checklist"));
  EXPECT_TRUE(contains(r.onsite_check->clause, "一、申报条件 8"));
}

TEST(RoundReview, DemoRoundLoadsWithTianmensReview) {
  const auto rs = tidu::rounds::load_rounds(TIDU_DEFAULT_DATA_DIR, tidu::test::catalogue(),
                                            {std::string(TIDU_DEFAULT_DATA_DIR) + "/demo/rounds"});
  ASSERT_TRUE(rs.has_value()) << rs.error().message;
  const auto& r = rs->rounds.at("demo-tianmen-basic").review;
  EXPECT_FALSE(r.expert_review.has_value());
  ASSERT_TRUE(r.onsite_check.has_value());
  EXPECT_EQ(r.onsite_check->level, "city");
}

// --- The platform's default sheet and checklist ---------------------------------------------

TEST(ReviewDefaults, DefaultScoreSheetIsOutOf100AndMarkedAsThePlatforms) {
  const auto& sheets = tidu::test::rounds().review.sheets;
  ASSERT_TRUE(sheets.contains("default-2024"));
  const auto& s = sheets.at("default-2024");
  EXPECT_TRUE(s.platform_default);
  EXPECT_EQ(s.default_for, "2024");
  EXPECT_EQ(tidu::test::rounds().review.default_sheet("2024"), &s);
  double sum = 0;
  for (const auto& c : s.criteria) {
    sum += c.max;
    EXPECT_GT(c.max, 0) << c.id;
    EXPECT_FALSE(c.guidance.empty()) << c.id;
    EXPECT_FALSE(c.reflects.empty()) << c.id;
  }
  EXPECT_DOUBLE_EQ(sum, 100);
  EXPECT_DOUBLE_EQ(s.total(), 100);
  auto named = [&](const std::string& name) {
    return std::any_of(s.criteria.begin(), s.criteria.end(),
                       [&](const auto& c) { return contains(c.name, name); });
  };
  for (const char* name : {"基础要求符合性", "场景覆盖与建设水平——生产作业", "关键绩效指标提升",
                           "数智技术应用与创新", "示范推广价值"}) {
    EXPECT_TRUE(named(name)) << name;
  }
}

TEST(ReviewDefaults, DefaultOnsiteChecklist) {
  const auto* list = tidu::test::rounds().review.default_checklist("2024");
  ASSERT_NE(list, nullptr);
  EXPECT_EQ(list->id, "onsite-default-2024");
  EXPECT_TRUE(list->platform_default);
  std::vector<std::string> ids;
  for (const auto& i : list->items) ids.push_back(i.id);
  for (const char* id : {"factory_in_production", "scenarios_running", "kpi_evidence",
                         "pledge_signatory", "safety_environment_records"}) {
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
  }
  EXPECT_EQ(tidu::test::rounds().review.default_checklist("2025"), nullptr);
}

// --- Review blocks read against a two-level route -------------------------------------------

std::vector<Level> route() {
  Level city;
  city.id = "city";
  city.duties = {"preliminary_review"};
  Level province;
  province.id = "province";
  province.duties = {"expert_review", "onsite_check", "public_notice", "recognition"};
  return {city, province};
}

struct Read {
  ReviewPolicy review;
  std::string faults;  ///< one describe() line per fault
};

Read read(const std::string& yaml) {
  auto doc = tidu::data::load_yaml_text(yaml, "r.yaml");
  EXPECT_TRUE(doc.has_value());
  if (!doc) return {};
  Read out;
  out.review = tidu::rounds::read_review(doc->cursor().at("review"), route(), "2024",
                                         tidu::test::rounds().review);
  for (const auto& f : doc->sink->faults()) out.faults += tidu::data::describe(f) + "\n";
  return out;
}

bool has_fault(const Read& r, const std::string& pattern) {
  return std::regex_search(r.faults, std::regex(pattern));
}

TEST(ReviewBlock, AbsentBlockMeansNoStages) {
  const auto r = read("id: x\n");
  EXPECT_TRUE(r.faults.empty()) << r.faults;
  EXPECT_FALSE(r.review.expert_review.has_value());
  EXPECT_FALSE(r.review.onsite_check.has_value());
  EXPECT_FALSE(r.review.public_notice.has_value());
  EXPECT_FALSE(r.review.recognition.has_value());
}

TEST(ReviewBlock, ExplicitValuesAreNotDefaults) {
  const auto r = read(
      "review:\n"
      "  expert_review:\n"
      "    level: province\n"
      "    panel_size: 7\n"
      "    aggregation: trimmed_mean\n"
      "    conflicts: {same_city: true, clause: 通知第3条}\n"
      "    criteria:\n"
      "      - {id: a, name: 甲, max: 60, guidance: 说明甲}\n"
      "      - {id: b, name: 乙, max: 40, guidance: 说明乙}\n"
      "    shortlist: {size: 10, min_score: 60.5, clause: 通知第4条}\n"
      "    clause: 通知第3条\n"
      "  public_notice:\n"
      "    working_days: 7\n"
      "    calendar: cn-mainland\n"
      "    objections: {real_name_only: true, clause: 通知第5条}\n"
      "    clause: 通知第5条\n"
      "  recognition: {validity_years: 3, clause: 通知第6条}\n");
  EXPECT_TRUE(r.faults.empty()) << r.faults;
  ASSERT_TRUE(r.review.expert_review.has_value());
  const auto& e = *r.review.expert_review;
  EXPECT_EQ(e.panel_size, 7);
  EXPECT_EQ(e.aggregation, Aggregation::kTrimmedMean);
  EXPECT_TRUE(e.conflicts.same_city);
  EXPECT_TRUE(e.sheet.empty());
  ASSERT_EQ(e.criteria.size(), 2U);
  EXPECT_EQ(e.criteria[1].name, "乙");
  ASSERT_TRUE(e.shortlist.has_value());
  EXPECT_EQ(e.shortlist->size, 10);
  EXPECT_DOUBLE_EQ(e.shortlist->min_score.value_or(0), 60.5);
  EXPECT_EQ(r.review.public_notice->working_days, 7);
  EXPECT_EQ(r.review.public_notice->level, "province");
  EXPECT_TRUE(r.review.is_default("review.public_notice.level"));
  EXPECT_EQ(r.review.recognition->validity_years, 3);
  EXPECT_EQ(r.review.defaulted,
            (std::vector<std::string>{"review.public_notice.level", "review.recognition.level"}));
}

TEST(ReviewBlock, NamedSheetIsUsed) {
  const auto r = read(
      "review:\n"
      "  expert_review:\n"
      "    criteria: {sheet: default-2024}\n"
      "    clause: 通知\n");
  EXPECT_TRUE(r.faults.empty()) << r.faults;
  EXPECT_EQ(r.review.expert_review->sheet, "default-2024");
  EXPECT_EQ(r.review.expert_review->criteria.size(), 9U);
  EXPECT_FALSE(r.review.is_default("review.expert_review.criteria"));
}

TEST(ReviewBlock, UnknownKeysAreRefusedWithPosition) {
  const auto r = read(
      "review:\n"
      "  expert_review:\n"
      "    panel_sise: 5\n"
      "    clause: 通知\n"
      "  appeal: {}\n");
  EXPECT_TRUE(contains(r.faults, "r.yaml:3:5: review.expert_review.panel_sise: 未知字段"))
      << r.faults;
  EXPECT_TRUE(contains(r.faults, "r.yaml:5:3: review.appeal: 未知字段")) << r.faults;
}

TEST(ReviewBlock, PanelSizeOutOfRangeOrWrongType) {
  const auto big = read("review:\n  expert_review:\n    panel_size: 16\n    clause: 通知\n");
  EXPECT_TRUE(
      contains(big.faults, "r.yaml:3:17: review.expert_review.panel_size: 评审专家组人数应为 1–15"))
      << big.faults;
  const auto zero = read("review:\n  expert_review:\n    panel_size: 0\n    clause: 通知\n");
  EXPECT_TRUE(has_fault(zero, R"(r\.yaml:3:17: review\.expert_review\.panel_size: )"))
      << zero.faults;
  const auto word = read("review:\n  expert_review:\n    panel_size: five\n    clause: 通知\n");
  EXPECT_TRUE(contains(word.faults, "r.yaml:3:17: review.expert_review.panel_size: 应为整数"))
      << word.faults;
}

TEST(ReviewBlock, AggregationMustBeKnownAndTrimmingNeedsThreeExperts) {
  const auto median =
      read("review:\n  expert_review:\n    aggregation: median\n    clause: 通知\n");
  EXPECT_TRUE(contains(median.faults,
                       "r.yaml:3:18: review.expert_review.aggregation: 应为 mean 或 trimmed_mean"))
      << median.faults;
  const auto small = read(
      "review:\n  expert_review:\n    panel_size: 2\n    aggregation: trimmed_mean\n"
      "    clause: 通知\n");
  EXPECT_TRUE(has_fault(
      small,
      R"(r\.yaml:4:18: review\.expert_review\.aggregation: 去掉最高分和最低分需要至少 3 名专家)"))
      << small.faults;
}

TEST(ReviewBlock, InlineCriteriaMustSumTo100WithUniqueIds) {
  const auto r = read(
      "review:\n"
      "  expert_review:\n"
      "    criteria:\n"                                       // 3
      "      - {id: a, name: 甲, max: 50, guidance: 说明}\n"  // 4
      "      - {id: a, name: 乙, max: 40, guidance: 说明}\n"  // 5
      "      - {id: c, name: 丙, max: 0, guidance: 说明}\n"   // 6
      "      - {id: d, name: 丁, max: 10}\n"                  // 7
      "    clause: 通知\n");
  // 50 + 40 + (refused 0) + 10: the maxima that were read sum to 100.
  EXPECT_FALSE(contains(r.faults, "各项满分之和")) << r.faults;
  EXPECT_TRUE(has_fault(
      r, R"(r\.yaml:5:\d+: review\.expert_review\.criteria\[1\]\.id: 评分细则编号“a”重复)"))
      << r.faults;
  EXPECT_TRUE(
      has_fault(r, R"(r\.yaml:6:\d+: review\.expert_review\.criteria\[2\]\.max: 满分应大于 0)"))
      << r.faults;
  EXPECT_TRUE(has_fault(
      r, R"(r\.yaml:7:\d+: review\.expert_review\.criteria\[3\]\.guidance: 缺少必填字段)"))
      << r.faults;
  const auto short_sum = read(
      "review:\n  expert_review:\n    criteria:\n"
      "      - {id: a, name: 甲, max: 60, guidance: 说明}\n"
      "      - {id: b, name: 乙, max: 30, guidance: 说明}\n"
      "    clause: 通知\n");
  EXPECT_TRUE(contains(
      short_sum.faults,
      "r.yaml:4:7: review.expert_review.criteria: 各项满分之和应为 100（百分制），实际为 90"))
      << short_sum.faults;
}

TEST(ReviewBlock, CriteriaReferencesMustExist) {
  const auto r = read("review:\n  expert_review:\n    criteria: {sheet: nope}\n    clause: 通知\n");
  EXPECT_TRUE(
      contains(r.faults, "r.yaml:3:23: review.expert_review.criteria.sheet: 评分表“nope”不存在"))
      << r.faults;
  const auto scalar = read("review:\n  expert_review:\n    criteria: 5\n    clause: 通知\n");
  EXPECT_TRUE(
      has_fault(scalar, R"(r\.yaml:3:15: review\.expert_review\.criteria: 应为评分细则列表)"))
      << scalar.faults;
  const auto checklist =
      read("review:\n  onsite_check:\n    checklist: {sheet: nope}\n    clause: 通知\n");
  EXPECT_TRUE(has_fault(
      checklist, R"(r\.yaml:3:\d+: review\.onsite_check\.checklist\.sheet: 核查清单“nope”不存在)"))
      << checklist.faults;
}

TEST(ReviewBlock, StageLevelMustBeARouteLevelWithThatDuty) {
  const auto unknown = read("review:\n  expert_review:\n    level: county\n    clause: 通知\n");
  EXPECT_TRUE(
      contains(unknown.faults, "r.yaml:3:12: review.expert_review.level: 路线中没有层级“county”"))
      << unknown.faults;
  const auto no_duty = read("review:\n  expert_review:\n    level: city\n    clause: 通知\n");
  EXPECT_TRUE(has_fault(
      no_duty,
      R"(r\.yaml:3:12: review\.expert_review\.level: 层级“city”的 duties 中没有 expert_review)"))
      << no_duty.faults;
}

TEST(ReviewBlock, ShortlistBounds) {
  const auto empty = read("review:\n  expert_review:\n    shortlist: {}\n    clause: 通知\n");
  EXPECT_TRUE(has_fault(
      empty,
      R"(r\.yaml:3:16: review\.expert_review\.shortlist: 入围规则至少需要 size 或 min_score 之一)"))
      << empty.faults;
  const auto high =
      read("review:\n  expert_review:\n    shortlist: {min_score: 120}\n    clause: 通知\n");
  EXPECT_TRUE(has_fault(
      high, R"(r\.yaml:3:\d+: review\.expert_review\.shortlist\.min_score: 入围分数线应为 0–100)"))
      << high.faults;
}

TEST(ReviewBlock, PublicNoticeValues) {
  const auto r = read(
      "review:\n"
      "  public_notice:\n"
      "    working_days: 0\n"                      // 3
      "    calendar: mars\n"                       // 4
      "    objections: {real_name_only: maybe}\n"  // 5
      "    clause: 通知\n");
  EXPECT_TRUE(contains(r.faults,
                       "r.yaml:3:19: review.public_notice.working_days: 公示期应为 1–30 个工作日"))
      << r.faults;
  EXPECT_TRUE(
      contains(r.faults, "r.yaml:4:15: review.public_notice.calendar: 工作日历“mars”不存在"))
      << r.faults;
  EXPECT_TRUE(has_fault(
      r, R"(r\.yaml:5:\d+: review\.public_notice\.objections\.real_name_only: 应为 true 或 false)"))
      << r.faults;
}

TEST(ReviewBlock, RecognitionValidityAndMissingClause) {
  const auto r = read("review:\n  recognition:\n    validity_years: 0\n");
  EXPECT_TRUE(
      contains(r.faults, "r.yaml:3:21: review.recognition.validity_years: 有效期应为 1–10 年"))
      << r.faults;
  EXPECT_TRUE(contains(r.faults, "review.recognition.clause: 缺少必填字段")) << r.faults;
}

TEST(ReviewBlock, WrongTypeOfBlock) {
  const auto r = read("review: [expert_review]\n");
  EXPECT_TRUE(has_fault(r, R"(r\.yaml:1:9: review: 应为映射)")) << r.faults;
}

// --- A bad review block in a round file, through load_rounds --------------------------------

TEST(LoadRounds, BadReviewBlockIsRefusedWithPositions) {
  const auto rs =
      tidu::rounds::load_rounds(TIDU_DEFAULT_DATA_DIR, tidu::test::catalogue(),
                                {std::string(TIDU_TEST_FIXTURES) + "/review-rounds/bad-review"});
  ASSERT_FALSE(rs.has_value()) << "accepted";
  const std::string& m = rs.error().message;
  EXPECT_EQ(rs.error().code, "DATA_FILE_INVALID");
  EXPECT_TRUE(contains(m, "fj-bad-review.yaml:118:17: review.expert_review.panel_size")) << m;
  EXPECT_TRUE(contains(m,
                       "fj-bad-review.yaml:119:23: review.expert_review.criteria.sheet: "
                       "评分表“no-such-sheet”不存在"))
      << m;
  EXPECT_TRUE(contains(m, "fj-bad-review.yaml:123:15: review.public_notice.calendar")) << m;
  // The route says the province checks on site; the review block has no such stage.
  EXPECT_TRUE(std::regex_search(
      m,
      std::regex(
          R"(fj-bad-review\.yaml:48:\d+: route\.levels\[2\]\.duties: 层级“province”的职责含 onsite_check，但 review 中没有 onsite_check 阶段)")))
      << m;
}

}  // namespace
