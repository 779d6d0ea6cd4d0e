// Working days from the State Council schedules (core/calendar.hpp), checked against the shipped
// calendar data/review/calendars/cn-mainland.yaml with dates counted by hand.
#include "core/calendar.hpp"

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace {

using namespace std::chrono;
using tidu::calendar::Calendar;
using tidu::calendar::Date;

std::string shipped_path() {
  return std::string(TIDU_DEFAULT_DATA_DIR) + "/review/calendars/cn-mainland.yaml";
}

const Calendar& shipped() {
  static const Calendar calendar = [] {
    std::ifstream in(shipped_path());
    std::ostringstream ss;
    ss << in.rdbuf();
    auto c = tidu::calendar::parse_calendar(ss.str(), shipped_path());
    if (!c) throw std::runtime_error(c.error().message);
    return *c;
  }();
  return calendar;
}

bool working(Date d) {
  auto r = shipped().is_working_day(d);
  EXPECT_TRUE(r.has_value()) << r.error().message;
  return r.value_or(false);
}

Date plus(Date start, int n) {
  auto r = shipped().add_working_days(start, n);
  EXPECT_TRUE(r.has_value()) << r.error().message;
  return r.value_or(Date{});
}

TEST(Calendar, ShippedCalendarCoversThePublishedYears) {
  EXPECT_EQ(shipped().id(), "cn-mainland");
  EXPECT_TRUE(shipped().covers(2024));
  EXPECT_TRUE(shipped().covers(2025));
  EXPECT_TRUE(shipped().covers(2026));
  EXPECT_FALSE(shipped().covers(2023));
  EXPECT_FALSE(shipped().covers(2027));
  EXPECT_EQ(shipped().years().at(2024).notice, "国务院办公厅关于2024年部分节假日安排的通知");
  EXPECT_EQ(shipped().years().at(2025).notice, "国务院办公厅关于2025年部分节假日安排的通知");
  EXPECT_EQ(shipped().years().at(2025).number, "国办发明电〔2024〕12号");
}

TEST(Calendar, HolidaysAreRestDays) {
  EXPECT_FALSE(working(2024y / October / 1d));    // 国庆节, a Tuesday
  EXPECT_FALSE(working(2024y / October / 7d));    // 国庆节, a Monday
  EXPECT_FALSE(working(2024y / February / 16d));  // 春节, a Friday
  EXPECT_FALSE(working(2025y / April / 4d));      // 清明节, a Friday
  EXPECT_FALSE(working(2025y / October / 8d));    // 国庆节、中秋节, a Wednesday
  EXPECT_FALSE(working(2026y / February / 23d));  // 春节, a Monday
}

TEST(Calendar, MakeUpWeekendDaysAreWorkingDays) {
  EXPECT_TRUE(working(2024y / October / 12d));    // Saturday, 调休上班 for 国庆节
  EXPECT_TRUE(working(2024y / September / 29d));  // Sunday
  EXPECT_TRUE(working(2025y / January / 26d));    // Sunday, for 春节
  EXPECT_TRUE(working(2026y / January / 4d));     // Sunday, for 元旦
  EXPECT_FALSE(working(2024y / October / 13d));   // the Sunday after stays a rest day
}

TEST(Calendar, OrdinaryDays) {
  EXPECT_TRUE(working(2024y / February / 9d));  // 除夕 2024: only "encouraged" to rest
  EXPECT_TRUE(working(2025y / March / 3d));     // a Monday
  EXPECT_FALSE(working(2025y / March / 1d));    // a Saturday
  EXPECT_FALSE(working(2025y / March / 2d));    // a Sunday
}

TEST(Calendar, FiveWorkingDaysFromMondayBeforeNationalDay) {
  // 2024-09-30 (Mon) is day 1; 10-01…10-07 rest; 10-08 Tue 2, 10-09 3, 10-10 4, 10-11 Fri 5.
  EXPECT_EQ(plus(2024y / September / 30d, 5), 2024y / October / 11d);
}

TEST(Calendar, StartOnAHolidayCountsFromTheNextWorkingDay) {
  // 10-08 Tue 1, 10-09 2, 10-10 3, 10-11 4, 10-12 Sat (调休上班) 5.
  EXPECT_EQ(plus(2024y / October / 1d, 5), 2024y / October / 12d);
  EXPECT_EQ(plus(2024y / October / 1d, 1), 2024y / October / 8d);
  // A working start day is day 1 itself.
  EXPECT_EQ(plus(2024y / September / 30d, 1), 2024y / September / 30d);
  // A Saturday start counts from Monday: 2025-03-03 … 03-07.
  EXPECT_EQ(plus(2025y / March / 1d, 5), 2025y / March / 7d);
}

TEST(Calendar, MakeUpDaysCountInsideAPeriod) {
  // 2025-09-26 Fri 1; 09-27 Sat rest; 09-28 Sun (调休上班) 2; 09-29 3; 09-30 4; 10-01…10-08 rest;
  // 10-09 Thu 5.
  EXPECT_EQ(plus(2025y / September / 26d, 5), 2025y / October / 9d);
  // 2025-01-24 Fri 1; 01-26 Sun (调休上班) 2; 01-27 3; 01-28…02-04 rest; 02-05 4; 02-06 5.
  EXPECT_EQ(plus(2025y / January / 24d, 5), 2025y / February / 6d);
}

TEST(Calendar, CountsAcrossTheYearEnd) {
  // 2025-12-29 Mon 1, 12-30 2, 12-31 3; 2026-01-01…01-03 rest; 01-04 Sun (调休上班) 4; 01-05 5.
  EXPECT_EQ(plus(2025y / December / 29d, 5), 2026y / January / 5d);
}

TEST(Calendar, MissingYearIsAnErrorNamingTheYear) {
  const auto day = shipped().is_working_day(2027y / March / 1d);
  ASSERT_FALSE(day.has_value());
  EXPECT_EQ(day.error().code, "CALENDAR_YEAR_MISSING");
  EXPECT_NE(day.error().message.find("2027年"), std::string::npos) << day.error().message;
  EXPECT_NE(day.error().details.find("2027"), std::string::npos) << day.error().details;

  // A count that runs into an uncovered year fails rather than guessing weekdays.
  const auto end = shipped().add_working_days(2026y / December / 28d, 10);
  ASSERT_FALSE(end.has_value());
  EXPECT_EQ(end.error().code, "CALENDAR_YEAR_MISSING");
  EXPECT_NE(end.error().message.find("2027年"), std::string::npos) << end.error().message;

  const auto before = shipped().is_working_day(2023y / December / 29d);
  ASSERT_FALSE(before.has_value());
  EXPECT_NE(before.error().message.find("2023年"), std::string::npos);
}

TEST(Calendar, CountMustBePositive) {
  const auto r = shipped().add_working_days(2025y / March / 3d, 0);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "CALENDAR_COUNT_INVALID");
}

// --- Malformed calendars --------------------------------------------------------------------

std::string faults_of(const std::string& yaml) {
  auto c = tidu::calendar::parse_calendar(yaml, "cal.yaml");
  if (c) return {};
  EXPECT_EQ(c.error().code, "DATA_FILE_INVALID");
  return c.error().message;
}

const char* const kHead =
    "kind: working_day_calendar\n"  // line 1
    "id: test\n"                    // 2
    "name: 测试\n"                  // 3
    "years:\n"                      // 4
    "  - year: 2024\n"              // 5
    "    notice: 通知\n";           // 6

TEST(CalendarFile, MinimalCalendarParses) {
  const auto c = tidu::calendar::parse_calendar(kHead, "cal.yaml");
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_TRUE(c->covers(2024));
  EXPECT_EQ(c->is_working_day(2024y / October / 1d).value_or(false), true);  // no holidays given
}

TEST(CalendarFile, MakeUpDayOnAWeekdayIsRefusedWithPosition) {
  const std::string m = faults_of(std::string(kHead) +
                                  "    workdays:\n"                              // 7
                                  "      - {date: 2024-10-09, for: 国庆节}\n");  // 8
  EXPECT_NE(m.find("cal.yaml:8:16: years[0].workdays[0].date: 调休上班日应为周六或周日"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("周三"), std::string::npos) << m;
}

TEST(CalendarFile, BadDatesAndRangesAreRefused) {
  const std::string m = faults_of(std::string(kHead) +
                                  "    holidays:\n"                                             // 7
                                  "      - {name: 春节, from: 2024-02-30}\n"                    // 8
                                  "      - {name: 国庆节, from: 2024-10-07, to: 2024-10-01}\n"  // 9
                                  "      - {name: 元旦, from: 2025-01-01}\n");  // 10
  EXPECT_TRUE(
      std::regex_search(m, std::regex(R"(cal\.yaml:8:\d+: years\[0\]\.holidays\[0\]\.from: )")))
      << m;
  EXPECT_TRUE(std::regex_search(
      m, std::regex(R"(cal\.yaml:9:\d+: years\[0\]\.holidays\[1\]\.to: 结束日期早于开始日期)")))
      << m;
  EXPECT_TRUE(std::regex_search(
      m, std::regex(R"(cal\.yaml:10:\d+: years\[0\]\.holidays\[2\]\.from: 日期不在2024年)")))
      << m;
}

TEST(CalendarFile, DayBothRestAndWorkIsRefused) {
  const std::string m = faults_of(std::string(kHead) +
                                  "    holidays:\n"                                             // 7
                                  "      - {name: 国庆节, from: 2024-10-01, to: 2024-10-07}\n"  // 8
                                  "    workdays:\n"                                             // 9
                                  "      - {date: 2024-10-05, for: 国庆节}\n");  // 10
  EXPECT_TRUE(std::regex_search(
      m,
      std::regex(
          R"(cal\.yaml:10:\d+: years\[0\]\.workdays\[0\]: 2024-10-05 已在 years\[0\]\.holidays\[0\] 中列出)")))
      << m;
}

TEST(CalendarFile, UnknownKeysAndDuplicateYearsAreRefused) {
  const std::string m = faults_of(std::string(kHead) +
                                  "    holidayz: []\n"      // 7
                                  "  - year: 2024\n"        // 8
                                  "    notice: 又一个\n");  // 9
  EXPECT_NE(m.find("cal.yaml:7:5: years[0].holidayz: 未知字段"), std::string::npos) << m;
  EXPECT_NE(m.find("cal.yaml:8:11: years[1].year: 2024年重复"), std::string::npos) << m;
}

TEST(CalendarFile, WrongKindAndMissingFieldsAreRefused) {
  const std::string m = faults_of("kind: calendar\nid: x\nyears: []\n");
  EXPECT_NE(m.find("cal.yaml:1:7: kind: 应为 working_day_calendar"), std::string::npos) << m;
  EXPECT_NE(m.find("name: 缺少必填字段"), std::string::npos) << m;
  EXPECT_NE(m.find("years: 至少需要一年的节假日安排"), std::string::npos) << m;
}

}  // namespace
