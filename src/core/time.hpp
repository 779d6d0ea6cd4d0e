#pragma once
// Dates and instants as the notices give them: Beijing time (UTC+8) unless an offset is written.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace tidu::time {

using Instant = std::chrono::sys_seconds;

/// Parses "YYYY-MM-DD"; nullopt when malformed or not a real calendar date.
std::optional<std::chrono::year_month_day> parse_date(std::string_view s);

/// Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS]" with optional "Z" or "±HH:MM"; without an
/// offset the time is Beijing time. A bare date means the start of that day (00:00 +08:00).
std::optional<Instant> parse_instant(std::string_view s);

/// The last second of a calendar day in Beijing time (23:59:59 +08:00): notices' "截止" dates.
Instant end_of_day(std::chrono::year_month_day day);

/// "2025-04-10T23:59:59+08:00".
std::string format_instant(Instant t);

/// "2025-04-10".
std::string format_date(std::chrono::year_month_day d);

/// "2025年4月10日".
std::string format_date_zh(std::chrono::year_month_day d);

/// The calendar day of an instant in Beijing time.
std::chrono::year_month_day beijing_date(Instant t);

}  // namespace tidu::time
