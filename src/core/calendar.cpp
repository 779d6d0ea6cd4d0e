#include "core/calendar.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "core/yaml_reader.hpp"

namespace tidu::calendar {
namespace {

using std::chrono::sys_days;

// The longest holiday period a schedule has had is 9 days (春节 2026); anything much longer is a
// typing error in a date.
constexpr int kMaxHolidayDays = 15;
constexpr int kFirstYear = 1949;
constexpr int kLastYear = 2200;

bool is_weekend(sys_days day) {
  const std::chrono::weekday wd{day};
  return wd == std::chrono::Saturday || wd == std::chrono::Sunday;
}

std::string_view weekday_zh(sys_days day) {
  static constexpr std::string_view kNames[] = {"周日", "周一", "周二", "周三",
                                                "周四", "周五", "周六"};
  return kNames[std::chrono::weekday{day}.c_encoding()];
}

std::optional<Date> read_date(const data::Cursor& c, std::string_view key, bool required) {
  const data::Cursor at = c.at(key);
  if (!at.present()) {
    if (required) c.sink().add(c.node().Mark(), at.path(), "缺少必填字段");
    return std::nullopt;
  }
  const std::string s = at.as_string();
  auto d = time::parse_date(s);
  if (!d && !s.empty()) at.fault(fmt::format("“{}”不是有效日期（格式 YYYY-MM-DD）", s));
  return d;
}

// A schedule may list the last days of the December before its year (元旦 arrangements).
bool belongs_to(Date d, int year) {
  const int y = static_cast<int>(d.year());
  return y == year || (y == year - 1 && d.month() == std::chrono::December);
}

}  // namespace

Calendar::Calendar(std::string id, std::string name, std::vector<YearSchedule> years)
    : id_(std::move(id)), name_(std::move(name)) {
  for (auto& y : years) {
    for (const auto& h : y.holidays) {
      for (sys_days d{h.from}; d <= sys_days{h.to}; d += std::chrono::days{1}) rest_days_.insert(d);
    }
    for (const auto& w : y.workdays) extra_days_.insert(sys_days{w.date});
    const int key = y.year;
    years_.insert_or_assign(key, std::move(y));
  }
}

Error Calendar::year_missing(int year) const {
  nlohmann::json details = {{"calendar", id_}, {"year", year}};
  return Error{"CALENDAR_YEAR_MISSING",
               fmt::format("工作日历“{}”未收录{}年的节假日安排，无法计算工作日；请管理员在"
                           "《国务院办公厅关于{}年部分节假日安排的通知》公布后补充该年安排",
                           id_, year, year),
               {},
               details.dump()};
}

Result<bool> Calendar::is_working_day(Date day) const {
  const int year = static_cast<int>(day.year());
  if (!covers(year)) return std::unexpected(year_missing(year));
  const sys_days d{day};
  if (rest_days_.contains(d)) return false;
  if (extra_days_.contains(d)) return true;
  return !is_weekend(d);
}

Result<Date> Calendar::add_working_days(Date start, int n) const {
  if (n < 1) {
    return fail("CALENDAR_COUNT_INVALID", fmt::format("工作日数应为正整数，实际为 {}", n));
  }
  if (!start.ok()) return fail("CALENDAR_DATE_INVALID", "起始日期无效");
  int counted = 0;
  for (sys_days d{start};; d += std::chrono::days{1}) {
    auto working = is_working_day(Date{d});
    if (!working) return std::unexpected(working.error());
    if (*working && ++counted == n) return Date{d};
  }
}

Calendar read_calendar(const data::Cursor& root) {
  root.allow_only({"kind", "id", "name", "weekend", "note", "years"});
  const std::string id = root.required_string("id");
  const std::string name = root.required_string("name");
  // Only the Saturday–Sunday weekend exists in this calendar; the key states it for readers.
  for (const auto& w : root.at("weekend").items()) {
    const std::string day = w.as_string();
    if (day != "saturday" && day != "sunday") w.fault("周末只能是 saturday、sunday");
  }
  std::vector<YearSchedule> years;
  std::map<sys_days, std::string> seen;  // each date once, with the path that listed it
  auto claim = [&](sys_days d, const data::Cursor& at) {
    auto [it, fresh] = seen.emplace(d, at.path());
    if (!fresh) {
      at.fault(fmt::format("{} 已在 {} 中列出（同一天不能既放假又上班，也不能重复）",
                           time::format_date(Date{d}), it->second));
    }
  };
  const auto items = root.at("years").items();
  if (items.empty()) root.at("years").fault("至少需要一年的节假日安排");
  for (const auto& y : items) {
    y.allow_only({"year", "notice", "number", "published", "holidays", "workdays", "note"});
    YearSchedule s;
    s.year = static_cast<int>(y.required_integer("year").value_or(0));
    if (y.at("year").present() && (s.year < kFirstYear || s.year > kLastYear)) {
      y.at("year").fault(fmt::format("年份应为 {}–{}", kFirstYear, kLastYear));
    }
    for (const auto& other : years) {
      if (other.year == s.year && s.year != 0) y.at("year").fault(fmt::format("{}年重复", s.year));
    }
    s.notice = y.required_string("notice");
    s.number = y.string_or("number", "");
    if (auto p = read_date(y, "published", false)) s.published = time::format_date(*p);
    for (const auto& h : y.at("holidays").items()) {
      h.allow_only({"name", "from", "to"});
      const std::string hname = h.required_string("name");
      const auto from = read_date(h, "from", true);
      const auto to = h.at("to").present() ? read_date(h, "to", true) : from;
      if (!from || !to) continue;
      if (!belongs_to(*from, s.year)) h.at("from").fault(fmt::format("日期不在{}年", s.year));
      if (sys_days{*to} < sys_days{*from}) {
        h.at("to").fault("结束日期早于开始日期");
        continue;
      }
      if ((sys_days{*to} - sys_days{*from}).count() >= kMaxHolidayDays) {
        h.at("to").fault(fmt::format("假期超过 {} 天，请核对日期", kMaxHolidayDays));
        continue;
      }
      for (sys_days d{*from}; d <= sys_days{*to}; d += std::chrono::days{1}) claim(d, h);
      s.holidays.push_back(Holiday{hname, *from, *to});
    }
    for (const auto& w : y.at("workdays").items()) {
      w.allow_only({"date", "for"});
      const auto date = read_date(w, "date", true);
      const std::string holiday = w.required_string("for");
      if (!date) continue;
      if (!belongs_to(*date, s.year)) w.at("date").fault(fmt::format("日期不在{}年", s.year));
      if (!is_weekend(sys_days{*date})) {
        w.at("date").fault(fmt::format("调休上班日应为周六或周日，{} 是{}",
                                       time::format_date(*date), weekday_zh(sys_days{*date})));
      }
      claim(sys_days{*date}, w);
      s.workdays.push_back(AdjustedWorkday{*date, holiday});
    }
    years.push_back(std::move(s));
  }
  return Calendar(id, name, std::move(years));
}

Result<Calendar> parse_calendar(std::string_view text, const std::string& name) {
  auto doc = data::load_yaml_text(text, name);
  if (!doc) return std::unexpected(doc.error());
  const auto c = doc->cursor();
  const std::string kind = c.required_string("kind");
  if (!kind.empty() && kind != "working_day_calendar") {
    c.at("kind").fault("应为 working_day_calendar");
  }
  Calendar calendar = read_calendar(c);
  if (!doc->sink->ok()) return std::unexpected(data::to_error(doc->sink->faults()));
  return calendar;
}

}  // namespace tidu::calendar
