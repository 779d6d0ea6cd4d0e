#pragma once
// Shared by the rule files: the input, the sink for findings, and helpers that every rule uses.
#include <string>
#include <utility>

#include <fmt/format.h>

#include "rules/checker.hpp"

namespace tidu::rules::detail {

/// Tidu's own format clause, for structural findings.
inline constexpr const char* kFormatClause =
    "Tidu 申报书格式 tidu.declaration/1（docs/declaration.md）";

struct Context {
  const CheckInput& in;
  Report& report;

  [[nodiscard]] const declaration::Declaration& d() const { return in.declaration; }
  [[nodiscard]] const rounds::Policy& p() const { return in.policy; }
  [[nodiscard]] const rounds::Round& round() const { return *in.policy.round; }
  [[nodiscard]] const rounds::FormTemplate& form() const { return *in.policy.form; }

  void add(std::string code, Severity severity, std::string path, std::string message,
           std::string clause) const {
    report.findings.push_back(
        Finding{std::move(code), severity, std::move(path), std::move(message), std::move(clause)});
  }

  /// The clause of the round's first rule of a kind, or `fallback`.
  [[nodiscard]] std::string round_clause(std::string_view kind, std::string fallback) const {
    for (const auto& r : round().eligibility) {
      if (r.rule == kind) return r.clause;
    }
    return fallback;
  }

  /// The latest of the round's financial years, with its record when declared.
  [[nodiscard]] const declaration::FinancialYear* latest_financial_year() const;
};

void enterprise_rules(const Context& c);
void factory_rules(const Context& c);
void scenario_rules(const Context& c);
void kpi_rules(const Context& c);
void form_rules(const Context& c);
void eligibility_rules(const Context& c);
void coverage_and_advice(const Context& c);

/// "12.5" without trailing zeros.
std::string number_text(double v);

}  // namespace tidu::rules::detail
