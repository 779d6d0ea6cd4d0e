#pragma once
// Working days as data: Saturdays and Sundays are rest days, except the weekend days a year's
// schedule turns into working days (调休上班); the public holidays of the schedule (放假) are rest
// days. Each year's schedule is the State Council General Office's notice
// (国务院办公厅关于…年部分节假日安排的通知), added by an administrator when it is published. A
// question about a year the calendar does not hold is an error (CALENDAR_YEAR_MISSING), never a
// silent weekdays-only answer. Pure: the caller reads the file.
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace tidu::data {
class Cursor;
}

namespace tidu::calendar {

using Date = std::chrono::year_month_day;

/// One holiday period of a year's schedule, both ends included (放假调休 … 共N天).
struct Holiday {
  std::string name;
  Date from;
  Date to;
};

/// A weekend day on which people work to make up for a holiday (调休上班).
struct AdjustedWorkday {
  Date date;
  std::string holiday;  ///< the holiday it makes up for
};

/// One year's schedule as its notice publishes it.
struct YearSchedule {
  int year = 0;
  std::string notice;     ///< the notice's title
  std::string number;     ///< its document number, when known
  std::string published;  ///< YYYY-MM-DD, when known
  std::vector<Holiday> holidays;
  std::vector<AdjustedWorkday> workdays;
};

/// A working-day calendar covering the years it has schedules for.
class Calendar {
 public:
  Calendar() = default;
  /// Builds the calendar; the schedules are taken as valid (read_calendar checks them).
  Calendar(std::string id, std::string name, std::vector<YearSchedule> years);

  [[nodiscard]] const std::string& id() const { return id_; }
  [[nodiscard]] const std::string& name() const { return name_; }
  /// The schedules by year.
  [[nodiscard]] const std::map<int, YearSchedule>& years() const { return years_; }
  /// Whether the calendar holds the schedule of `year`.
  [[nodiscard]] bool covers(int year) const { return years_.contains(year); }

  /// Whether `day` is a working day; CALENDAR_YEAR_MISSING when its year is not covered.
  [[nodiscard]] Result<bool> is_working_day(Date day) const;

  /// The last day of a period of `n` working days that starts on `start`: the first working day
  /// on or after `start` is day 1 (so a 公示 published on a Sunday starts counting on Monday),
  /// and the result is day n. CALENDAR_COUNT_INVALID when n < 1; CALENDAR_YEAR_MISSING when
  /// the count reaches a year the calendar does not cover.
  [[nodiscard]] Result<Date> add_working_days(Date start, int n) const;

 private:
  [[nodiscard]] Error year_missing(int year) const;

  std::string id_;
  std::string name_;
  std::map<int, YearSchedule> years_;
  std::set<std::chrono::sys_days> rest_days_;   ///< holidays
  std::set<std::chrono::sys_days> extra_days_;  ///< weekend days worked
};

/// Reads a calendar document (`kind: working_day_calendar`); every fault goes to the cursor's
/// sink with its position: unknown keys, malformed or impossible dates, a period ending before
/// it starts, a make-up working day that is not a Saturday or Sunday, a day both rest and work,
/// a date outside its year (the December before is allowed for 元旦 arrangements), a year twice.
Calendar read_calendar(const data::Cursor& root);

/// Parses calendar YAML text, naming it `name` in faults; DATA_FILE_INVALID lists every fault
/// as `name:line:column: path: message`.
Result<Calendar> parse_calendar(std::string_view text, const std::string& name);

}  // namespace tidu::calendar
