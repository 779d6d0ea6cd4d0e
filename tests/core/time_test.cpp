// Dates and instants in Beijing time (core/time.hpp).
#include "core/time.hpp"

#include <chrono>

#include <gtest/gtest.h>

namespace {

using namespace std::chrono;
using tidu::time::Instant;

Instant utc(year_month_day d, int h, int m = 0, int s = 0) {
  return Instant{sys_days{d}} + hours{h} + minutes{m} + seconds{s};
}

TEST(ParseDate, AcceptsRealCalendarDates) {
  const auto d = tidu::time::parse_date("2025-04-10");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(*d, 2025y / April / 10d);
  const auto leap = tidu::time::parse_date("2024-02-29");
  ASSERT_TRUE(leap.has_value());
  EXPECT_EQ(*leap, 2024y / February / 29d);
}

TEST(ParseDate, RejectsImpossibleDates) {
  EXPECT_FALSE(tidu::time::parse_date("2025-02-30"));
  EXPECT_FALSE(tidu::time::parse_date("2025-02-29"));  // 2025 is not a leap year
  EXPECT_FALSE(tidu::time::parse_date("2025-13-01"));
  EXPECT_FALSE(tidu::time::parse_date("2025-00-10"));
}

TEST(ParseDate, RejectsMalformedText) {
  EXPECT_FALSE(tidu::time::parse_date("2025-4-1"));
  EXPECT_FALSE(tidu::time::parse_date("2025/04/10"));
  EXPECT_FALSE(tidu::time::parse_date("2025-04-1x"));
  EXPECT_FALSE(tidu::time::parse_date(""));
  EXPECT_FALSE(tidu::time::parse_date("2025-04-10T00:00"));
}

TEST(ParseInstant, BareDateIsMidnightBeijing) {
  const auto t = tidu::time::parse_instant("2025-04-10");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(*t, utc(2025y / April / 9d, 16));
}

TEST(ParseInstant, TimeWithoutOffsetIsBeijing) {
  const auto t = tidu::time::parse_instant("2025-04-10T09:30");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(*t, utc(2025y / April / 10d, 1, 30));
  const auto s = tidu::time::parse_instant("2025-04-10T09:30:15");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(*s, utc(2025y / April / 10d, 1, 30, 15));
}

TEST(ParseInstant, HonoursWrittenOffsets) {
  const auto z = tidu::time::parse_instant("2025-04-10T08:00:00Z");
  ASSERT_TRUE(z.has_value());
  EXPECT_EQ(*z, utc(2025y / April / 10d, 8));

  const auto bj = tidu::time::parse_instant("2025-04-10T23:59:59+08:00");
  ASSERT_TRUE(bj.has_value());
  EXPECT_EQ(*bj, utc(2025y / April / 10d, 15, 59, 59));

  const auto ny = tidu::time::parse_instant("2025-04-10T08:00:00-05:00");
  ASSERT_TRUE(ny.has_value());
  EXPECT_EQ(*ny, utc(2025y / April / 10d, 13));
}

TEST(ParseInstant, RejectsMalformedText) {
  EXPECT_FALSE(tidu::time::parse_instant("2025-04-10T24:00:00+08:00"));
  EXPECT_FALSE(tidu::time::parse_instant("2025-04-10T09:60"));
  EXPECT_FALSE(tidu::time::parse_instant("2025-04-10X09:00"));
  EXPECT_FALSE(tidu::time::parse_instant("2025-04-10T09:00+8"));
  EXPECT_FALSE(tidu::time::parse_instant("2025-04-10T09:00:00ZZ"));
  EXPECT_FALSE(tidu::time::parse_instant("2025-02-30"));
  EXPECT_FALSE(tidu::time::parse_instant(""));
}

TEST(EndOfDay, IsLastSecondBeijing) {
  const Instant t = tidu::time::end_of_day(2025y / April / 10d);
  EXPECT_EQ(tidu::time::format_instant(t), "2025-04-10T23:59:59+08:00");
  EXPECT_EQ(t, utc(2025y / April / 10d, 15, 59, 59));
}

TEST(FormatInstant, WritesBeijingTimeWithOffset) {
  EXPECT_EQ(tidu::time::format_instant(utc(2025y / April / 10d, 17)), "2025-04-11T01:00:00+08:00");
  EXPECT_EQ(tidu::time::format_instant(utc(2024y / December / 31d, 16)),
            "2025-01-01T00:00:00+08:00");
}

TEST(FormatDate, PadsMonthAndDay) {
  EXPECT_EQ(tidu::time::format_date(2025y / April / 1d), "2025-04-01");
}

TEST(FormatDateZh, WritesChineseDateWithoutPadding) {
  EXPECT_EQ(tidu::time::format_date_zh(2025y / April / 10d), "2025年4月10日");
  EXPECT_EQ(tidu::time::format_date_zh(2026y / March / 1d), "2026年3月1日");
}

TEST(BeijingDate, CrossesMidnightEightHoursBeforeUtc) {
  EXPECT_EQ(tidu::time::beijing_date(utc(2025y / April / 10d, 17)), 2025y / April / 11d);
  EXPECT_EQ(tidu::time::beijing_date(utc(2025y / April / 10d, 15, 59, 59)), 2025y / April / 10d);
  EXPECT_EQ(tidu::time::beijing_date(utc(2025y / April / 10d, 16)), 2025y / April / 11d);
}

TEST(ParseInstant, RoundTripsThroughFormatInstant) {
  const auto t = tidu::time::parse_instant("2025-04-10T23:59:59+08:00");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(tidu::time::format_instant(*t), "2025-04-10T23:59:59+08:00");
}

}  // namespace

namespace {

TEST(ParseInstant, RejectsOutOfRangeOffsets) {
  EXPECT_FALSE(tidu::time::parse_instant("2025-04-10T00:00+08:99"));
  EXPECT_FALSE(tidu::time::parse_instant("2025-04-10T00:00+99:00"));
}

}  // namespace
