#include "core/time.hpp"

#include <charconv>

#include <fmt/format.h>

namespace tidu::time {
namespace {

constexpr std::chrono::seconds kBeijing{8 * 3600};

bool read_int(std::string_view s, std::size_t pos, std::size_t len, int& out) {
  if (pos + len > s.size()) return false;
  for (std::size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  std::from_chars(s.data() + pos, s.data() + pos + len, out);
  return true;
}

}  // namespace

std::optional<std::chrono::year_month_day> parse_date(std::string_view s) {
  int y = 0;
  int m = 0;
  int d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !read_int(s, 0, 4, y) ||
      !read_int(s, 5, 2, m) || !read_int(s, 8, 2, d)) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year{y},
                                        std::chrono::month{static_cast<unsigned>(m)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

std::optional<Instant> parse_instant(std::string_view s) {
  const auto date = parse_date(s.substr(0, std::min<std::size_t>(10, s.size())));
  if (!date) return std::nullopt;
  Instant t = std::chrono::sys_days{*date};
  if (s.size() == 10) return t - kBeijing;
  if (s[10] != 'T' && s[10] != ' ') return std::nullopt;
  int hh = 0;
  int mm = 0;
  int ss = 0;
  std::size_t pos = 11;
  if (!read_int(s, pos, 2, hh) || s.size() < pos + 5 || s[pos + 2] != ':' ||
      !read_int(s, pos + 3, 2, mm)) {
    return std::nullopt;
  }
  pos += 5;
  if (pos < s.size() && s[pos] == ':') {
    if (!read_int(s, pos + 1, 2, ss)) return std::nullopt;
    pos += 3;
  }
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  t += std::chrono::hours{hh} + std::chrono::minutes{mm} + std::chrono::seconds{ss};
  if (pos == s.size()) return t - kBeijing;
  if (s[pos] == 'Z' && pos + 1 == s.size()) return t;
  if ((s[pos] == '+' || s[pos] == '-') && s.size() == pos + 6 && s[pos + 3] == ':') {
    int oh = 0;
    int om = 0;
    if (!read_int(s, pos + 1, 2, oh) || !read_int(s, pos + 4, 2, om)) return std::nullopt;
    if (oh > 14 || om > 59) return std::nullopt;  // real offsets lie within ±14:00
    const std::chrono::seconds offset{(oh * 60 + om) * 60};
    return s[pos] == '+' ? t - offset : t + offset;
  }
  return std::nullopt;
}

Instant end_of_day(std::chrono::year_month_day day) {
  return Instant{std::chrono::sys_days{day}} + std::chrono::hours{24} - std::chrono::seconds{1} -
         kBeijing;
}

std::chrono::year_month_day beijing_date(Instant t) {
  return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(t + kBeijing)};
}

std::string format_date(std::chrono::year_month_day d) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()),
                     static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

std::string format_date_zh(std::chrono::year_month_day d) {
  return fmt::format("{}年{}月{}日", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                     static_cast<unsigned>(d.day()));
}

std::string format_instant(Instant t) {
  const auto local = t + kBeijing;
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::hh_mm_ss hms{local - day};
  return fmt::format("{}T{:02}:{:02}:{:02}+08:00", format_date(std::chrono::year_month_day{day}),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

}  // namespace tidu::time
