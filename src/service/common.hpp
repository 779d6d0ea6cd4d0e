#pragma once
// What every service shares: the server clock (handed in, so tests can fix the time), new
// identifiers and small helpers for SQL values.
#include <chrono>
#include <functional>
#include <string>

#include "core/time.hpp"
#include "storage/database.hpp"

namespace tidu::service {

/// Returns the current time.
using Clock = std::function<time::Instant()>;

/// The system clock.
inline time::Instant system_now() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

/// Reports the progress of long work: `done` of `total` steps and the step under way. Returns
/// false when the work should stop (the server is shutting down).
using Progress = std::function<bool(int done, int total, const std::string& step)>;

/// A new identifier: a prefix and 24 random hex digits ("d_3f…").
std::string new_id(std::string_view prefix);

/// "$1, $2, …, $n": the placeholders of an IN list.
inline std::string sql_placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 1; i <= n; ++i) {
    if (i > 1) out += ", ";
    out += "$" + std::to_string(i);
  }
  return out;
}

/// NULL for an empty string, the text otherwise.
inline storage::Value text_or_null(const std::string& s) {
  if (s.empty()) return nullptr;
  return s;
}

}  // namespace tidu::service
