#pragma once
// The rule checker: a pure function from a declaration, the round's policy, registry facts and
// the current time to every finding, the coverage by domain and a tier advice. It never stops
// at the first problem. Enterprise facts are the declaration's enterprise part (the server fills
// it from the enterprise's profile).
#include <string>
#include <vector>

#include "core/time.hpp"
#include "declaration/declaration.hpp"
#include "declaration/json_io.hpp"
#include "rounds/round.hpp"

namespace tidu::rules {

enum class Severity {
  kError,   ///< blocks submission
  kWarning  ///< needs an official's attention
};

/// One finding: a stable code, a severity, the JSON path it concerns, a Chinese message a person
/// can act on, and the clause (document and section) it enforces.
struct Finding {
  std::string code;
  Severity severity = Severity::kError;
  std::string path;
  std::string message;
  std::string clause;
};

/// Facts the platform holds about an enterprise beyond what it declares.
struct RegistryFacts {
  std::vector<declaration::Recognition>
      recognitions;                        ///< earlier recognitions and self-evaluations
  std::vector<declaration::Title> titles;  ///< demo-list memberships and titles
  bool blacklisted = false;                ///< on an imported 失信 list
  std::string blacklist_source;
};

/// How one construction domain is covered.
struct DomainCoverage {
  std::string domain;
  std::string requirement;  ///< must, in_principle or optional
  bool covered = false;
  std::vector<int> scenarios;  ///< scenario numbers claimed in this domain
  int instances = 0;
};

struct Coverage {
  std::vector<DomainCoverage> domains;
  std::vector<int> innovation_scenarios;  ///< 多环节模式创新 (no domain)
  int innovation_instances = 0;
};

/// The highest tier the declaration satisfies and what the next one still needs.
struct TierAdvice {
  std::string highest;  ///< tier id, empty when none
  std::string highest_name;
  std::string next;
  std::string next_name;
  std::vector<std::string> missing;  ///< in Chinese
};

struct Report {
  std::vector<Finding> findings;
  Coverage coverage;
  TierAdvice advice;

  /// True when no finding is an error.
  [[nodiscard]] bool ok() const;
  [[nodiscard]] std::size_t count(Severity s) const;
  [[nodiscard]] bool has(std::string_view code) const;
};

/// Everything the checker reads.
struct CheckInput {
  const declaration::Declaration& declaration;
  const rounds::Policy& policy;
  const RegistryFacts& registry;
  time::Instant now;
  /// Problems found while reading the JSON; reported as findings.
  const std::vector<declaration::StructureProblem>* structure = nullptr;
};

/// Runs every rule.
Report check(const CheckInput& input);

/// The time a declaration is judged at when no time is given: its cover date (申报日期, the day
/// it states it was declared, at noon Beijing time), else `fallback`.
time::Instant default_check_time(const declaration::Declaration& d, time::Instant fallback);

}  // namespace tidu::rules
