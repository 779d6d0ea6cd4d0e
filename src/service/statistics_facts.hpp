#pragma once
// The facts the statistics read, kept in memory and brought up to date at each read (issue 7:
// the regional summary and the round dashboard within 50 ms on a national dataset).
//
// Each server holds its own copy, loaded at its first statistics read. A read first fetches the
// rows stamped since its last look (enterprises.updated_at, declarations.updated_at,
// maturity_assessments.recorded_at, the self-evaluations' submitted_at and decided_at, the
// imports' imported_at) less a margin of kCatchUpMargin, so another server's writes are seen at
// the next read. A row stamped before its transaction's start and committed more than the margin
// later (a long import) is caught by the sweep: every kSweep a read goes back two sweep periods.
// Rows are never deleted from these tables, so reading a row again is harmless. What an
// enterprise's profile and a declaration's submitted version contribute is derived once and kept in
// enterprise_facts and declaration_facts (migration 016), so a starting server reads small rows
// instead of parsing every document.
//
// Enterprises are keyed by 统一社会信用代码: the platform's own enterprises, the imported directory
// (src/imports/directory) for the rest — the platform's profile wins where both know a code — and
// imported maturity results (src/imports/assessments) beside the platform's own.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "declaration/declaration.hpp"
#include "service/common.hpp"
#include "stats/maturity.hpp"
#include "storage/database.hpp"

namespace tidu::service {

/// A platform enterprise as the statistics see it.
struct EnterpriseFacts {
  std::string credit_code;
  std::string region;
  std::string industry;           ///< GB/T 4754 大类; empty when the profile gives none
  std::optional<double> revenue;  ///< the latest year's 主营业务收入, 万元
  std::int64_t version = 0;
};

/// A basic-tier self-evaluation (附件5 三).
struct SelfEvaluationFacts {
  std::string enterprise_id;
  std::string state;
  std::string submitted_on;  ///< YYYY-MM-DD
  std::string decided_on;    ///< YYYY-MM-DD; empty while undecided
};

/// A declaration with what its newest submitted version claims.
struct DeclarationFacts {
  std::string round_id;
  std::string enterprise_id;
  std::string state;
  std::string level;
  std::string submitted_at;
  std::int64_t snapshot = 0;             ///< 0: never submitted
  std::vector<std::uint32_t> scenarios;  ///< indexes into StatisticsFacts::scenario_names()
  std::vector<declaration::KpiValue> kpis;
};

class StatisticsFacts {
 public:
  static constexpr std::chrono::seconds kCatchUpMargin{30};
  static constexpr std::chrono::minutes kSweep{10};

  /// `above_scale_min_revenue`: the 规上 threshold (万元) applied to platform enterprises.
  StatisticsFacts(Clock clock, double above_scale_min_revenue);

  /// Brings the facts up to date and returns the lock under which the caller reads them.
  Result<std::unique_lock<std::mutex>> refresh(storage::Database& db);

  /// Every enterprise known, platform and imported, with its assessments.
  [[nodiscard]] const std::vector<stats::Subject>& subjects() const { return subjects_; }
  [[nodiscard]] const std::unordered_map<std::string, EnterpriseFacts>& enterprises() const {
    return enterprises_;
  }
  [[nodiscard]] const std::unordered_map<std::string, SelfEvaluationFacts>& self_evaluations()
      const {
    return self_evaluations_;
  }
  [[nodiscard]] const std::unordered_map<std::string, DeclarationFacts>& declarations() const {
    return declarations_;
  }
  [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& scenario_names() const {
    return scenario_names_;
  }
  /// The subject of a platform enterprise (nullptr when unknown).
  [[nodiscard]] const stats::Subject* subject_of(const std::string& enterprise_id) const;

 private:
  void clear();
  std::size_t subject_index(const std::string& credit_code);
  void recount_confirmation(const std::string& enterprise_id);
  std::uint32_t scenario_id(const std::string& link, const std::string& scenario);
  Result<void> load_enterprises(storage::Database& db, const std::string& since);
  Result<void> load_declarations(storage::Database& db, const std::string& since);
  Result<void> load_assessments(storage::Database& db, const std::string& since);
  Result<void> load_self_evaluations(storage::Database& db, const std::string& since);
  Result<void> load_directory(storage::Database& db, const std::string& since);

  Clock clock_;
  double threshold_;
  std::mutex mutex_;
  bool loaded_ = false;
  std::string watermark_;  ///< rows stamped from here on are read again
  std::chrono::steady_clock::time_point swept_at_;

  std::vector<stats::Subject> subjects_;
  std::vector<bool> from_platform_;  ///< per subject: described by a platform enterprise
  std::unordered_map<std::string, std::size_t> subject_by_code_;
  std::unordered_map<std::string, EnterpriseFacts> enterprises_;
  /// An assessment's key (platform id, or "credit code|date" imported) → subject and position.
  std::unordered_map<std::string, std::pair<std::size_t, std::size_t>> assessment_at_;
  std::unordered_map<std::string, SelfEvaluationFacts> self_evaluations_;
  std::unordered_map<std::string, std::vector<std::string>> self_evaluations_of_;
  std::unordered_map<std::string, DeclarationFacts> declarations_;
  std::vector<std::pair<std::string, std::string>> scenario_names_;
  std::unordered_map<std::string, std::uint32_t> scenario_ids_;
};

/// Derives the facts of every enterprise and submitted declaration not yet derived, so that the
/// first statistics read of a freshly written dataset (`tidu generate`) parses no document.
Result<void> derive_statistics_facts(storage::Database& db, double above_scale_min_revenue);

}  // namespace tidu::service
