#pragma once
// Deadline reminders, computed when asked: for a reviewer, the rounds whose level deadline is near
// (or just passed) while declarations still wait at the reviewer's unit; for an enterprise, the
// rounds closing soon while its declaration is unsubmitted, and returned declarations whose level
// is waiting. Nothing is scheduled: the reminder is what the data says now.
#include <chrono>
#include <string>
#include <vector>

#include "access/principal.hpp"
#include "core/error.hpp"
#include "rounds/round.hpp"
#include "service/common.hpp"
#include "storage/pool.hpp"

namespace tidu::service {

struct Reminder {
  std::string round_id;
  std::string round_name;
  std::string kind;            ///< "deadline" (coming) or "overdue" (passed with work left)
  std::string deadline;        ///< the instant, +08:00
  int days_left = 0;           ///< whole days, rounded up; negative when overdue
  std::string declaration_id;  ///< enterprise reminders: the declaration concerned
  std::string message;         ///< Chinese, what to do by when
};

class Reminders {
 public:
  /// Reminds within `window` before a deadline and for as long after it.
  Reminders(storage::Pool& pool, const rounds::RoundSet& rounds, Clock clock,
            std::chrono::hours window = std::chrono::hours(24 * 7));

  /// The caller's reminders, soonest deadline first.
  Result<std::vector<Reminder>> for_principal(const access::Principal& who);

 private:
  Result<std::vector<Reminder>> for_reviewer(storage::Database& db, const access::Principal& who);
  Result<std::vector<Reminder>> for_enterprise(storage::Database& db, const access::Principal& who);

  storage::Pool& pool_;
  const rounds::RoundSet& rounds_;
  Clock clock_;
  std::chrono::hours window_;
};

}  // namespace tidu::service
