#include "service/reminders.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace tidu::service {
namespace {

/// Whole days from `now` to `deadline`, rounded up (negative once it has passed).
int days_until(time::Instant now, time::Instant deadline) {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(deadline - now).count();
  constexpr std::int64_t kDay = std::int64_t{24} * 3600;
  return static_cast<int>(seconds >= 0 ? (seconds + kDay - 1) / kDay : -((-seconds) / kDay));
}

std::string when(int days_left) {
  if (days_left > 0) return fmt::format("还剩 {} 天", days_left);
  if (days_left == 0) return "今天截止";
  return fmt::format("已过 {} 天", -days_left);
}

}  // namespace

Reminders::Reminders(storage::Pool& pool, const rounds::RoundSet& rounds, Clock clock,
                     std::chrono::hours window)
    : pool_(pool), rounds_(rounds), clock_(std::move(clock)), window_(window) {}

Result<std::vector<Reminder>> Reminders::for_principal(const access::Principal& who) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Result<std::vector<Reminder>> out = std::vector<Reminder>{};
  if (who.role == access::Role::kReviewer || who.role == access::Role::kCoDepartment) {
    out = for_reviewer(**lease, who);
  } else if (who.role == access::Role::kEnterprise) {
    out = for_enterprise(**lease, who);
  }
  if (out) {
    std::ranges::stable_sort(*out, {}, &Reminder::deadline);
  }
  return out;
}

Result<std::vector<Reminder>> Reminders::for_reviewer(storage::Database& db,
                                                      const access::Principal& who) {
  std::vector<Reminder> out;
  const auto now = clock_();
  for (const auto& [id, round] : rounds_.rounds) {
    for (const auto& level : round.levels) {
      if (level.region_kind != who.level || !level.deadline) continue;
      if (*level.deadline - now > window_ || now - *level.deadline > window_) continue;
      auto rows = db.query(
          "SELECT state, COUNT(*) FROM declarations WHERE round_id = $1 AND level = $2 AND "
          "unit_code = $3 AND state IN ('submitted', 'recommended', 'passed') GROUP BY state",
          {id, level.id, who.region});
      if (!rows) return std::unexpected(rows.error());
      int waiting = 0;
      int to_file = 0;
      for (const auto& r : *rows) {
        (r.get_text(0) == "passed" ? to_file : waiting) += static_cast<int>(r.get_int(1));
      }
      if (waiting + to_file == 0) continue;
      const int days = days_until(now, *level.deadline);
      const std::string deadline = time::format_instant(*level.deadline);
      out.push_back(Reminder{
          .round_id = id,
          .round_name = round.name,
          .kind = days < 0 ? "overdue" : "deadline",
          .deadline = deadline,
          .days_left = days,
          .declaration_id = {},
          .message = fmt::format("《{}》{}报送截止 {}（{}）：本单位待审核 {} 份，待报送 {} 份",
                                 round.name, level.name, deadline, when(days), waiting, to_file)});
    }
  }
  return out;
}

Result<std::vector<Reminder>> Reminders::for_enterprise(storage::Database& db,
                                                        const access::Principal& who) {
  std::vector<Reminder> out;
  const auto now = clock_();
  auto rows = db.query(
      "SELECT id, round_id, state, COALESCE(level, '') FROM declarations WHERE enterprise_id = $1 "
      "AND state IN ('draft', 'withdrawn', 'returned') ORDER BY round_id",
      {who.enterprise_id});
  if (!rows) return std::unexpected(rows.error());
  for (const auto& r : *rows) {
    const auto it = rounds_.rounds.find(r.get_text(1));
    if (it == rounds_.rounds.end()) continue;
    const auto& round = it->second;
    const bool returned = r.get_text(2) == "returned";
    std::optional<time::Instant> deadline = round.closes;
    std::string whose = "申报";
    if (returned) {
      const auto level = std::ranges::find(round.levels, r.get_text(3), &rounds::Level::id);
      deadline = level != round.levels.end() ? level->deadline : std::nullopt;
      if (level != round.levels.end()) whose = level->name + "报送";
    }
    if (!deadline || *deadline < now || *deadline - now > window_) continue;
    const int days = days_until(now, *deadline);
    const std::string at = time::format_instant(*deadline);
    out.push_back(Reminder{
        .round_id = round.id,
        .round_name = round.name,
        .kind = "deadline",
        .deadline = at,
        .days_left = days,
        .declaration_id = r.get_text(0),
        .message =
            returned ? fmt::format("《{}》申报书已退回修改，{}截止 {}（{}），请尽快修改后重新提交",
                                   round.name, whose, at, when(days))
                     : fmt::format("《{}》{}截止 {}（{}），贵企业的申报书尚未提交", round.name,
                                   whose, at, when(days))});
  }
  return out;
}

}  // namespace tidu::service
