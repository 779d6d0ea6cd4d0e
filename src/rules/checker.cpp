#include "rules/checker.hpp"

#include <algorithm>
#include <cmath>

#include "rules/context.hpp"

namespace tidu::rules {

bool Report::ok() const { return count(Severity::kError) == 0; }

std::size_t Report::count(Severity s) const {
  return static_cast<std::size_t>(std::count_if(findings.begin(), findings.end(),
                                                [&](const Finding& f) { return f.severity == s; }));
}

bool Report::has(std::string_view code) const {
  return std::any_of(findings.begin(), findings.end(),
                     [&](const Finding& f) { return f.code == code; });
}

time::Instant default_check_time(const declaration::Declaration& d, time::Instant fallback) {
  if (auto day = time::parse_date(d.cover.date)) {
    return time::Instant{std::chrono::sys_days{*day}} +
           std::chrono::hours{4};  // 12:00 Beijing time
  }
  return fallback;
}

Report check(const CheckInput& input) {
  Report report;
  const detail::Context c{input, report};
  if (input.structure != nullptr) {
    for (const auto& p : *input.structure) {
      c.add(p.code, Severity::kError, p.path, p.message, detail::kFormatClause);
    }
  }
  detail::eligibility_rules(c);
  detail::form_rules(c);
  detail::enterprise_rules(c);
  detail::factory_rules(c);
  detail::scenario_rules(c);
  detail::kpi_rules(c);
  detail::coverage_and_advice(c);
  return report;
}

namespace detail {

std::string number_text(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15)
    return fmt::format("{}", static_cast<long long>(v));
  std::string s = fmt::format("{:.2f}", v);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

const declaration::FinancialYear* Context::latest_financial_year() const {
  const auto& years = round().financial_years;
  if (years.empty()) return nullptr;
  const int latest = *std::max_element(years.begin(), years.end());
  for (const auto& f : d().enterprise.financials) {
    if (f.year == latest) return &f;
  }
  return nullptr;
}

void coverage_and_advice(const Context& c) {
  const auto& req = *c.p().requirements;
  const auto& guide = *c.p().guide;
  // The round's own coverage rule overrides the tier's, with its clause.
  catalogue::CoverageRule rule = c.p().tier->coverage;
  for (const auto* r : c.round().rules_of("coverage")) {
    rule = catalogue::CoverageRule{r->required, r->strength, r->clause};
  }
  Coverage cov;
  for (const auto& dom : req.domains) {
    DomainCoverage dc;
    dc.domain = dom.name;
    const bool required =
        std::find(rule.required.begin(), rule.required.end(), dom.name) != rule.required.end();
    dc.requirement = !required                                             ? "optional"
                     : rule.strength == catalogue::CoverageStrength::kMust ? "must"
                                                                           : "in_principle";
    cov.domains.push_back(std::move(dc));
  }
  for (const auto& inst : c.d().scenarios) {
    const auto* link = guide.find_link(inst.link);
    const auto* scen = guide.find_scenario(inst.scenario);
    if (link == nullptr || scen == nullptr || scen->link_number != link->number) continue;
    if (!link->domain) {
      ++cov.innovation_instances;
      if (std::find(cov.innovation_scenarios.begin(), cov.innovation_scenarios.end(),
                    scen->number) == cov.innovation_scenarios.end()) {
        cov.innovation_scenarios.push_back(scen->number);
      }
      continue;
    }
    const auto* dom = req.domain(*link->domain);
    for (auto& dc : cov.domains) {
      if (dom == nullptr || dc.domain != dom->name) continue;
      dc.covered = true;
      ++dc.instances;
      if (std::find(dc.scenarios.begin(), dc.scenarios.end(), scen->number) == dc.scenarios.end()) {
        dc.scenarios.push_back(scen->number);
      }
    }
  }
  for (const auto& dc : cov.domains) {
    if (dc.covered || dc.requirement == "optional") continue;
    const bool must = dc.requirement == "must";
    c.add(
        "COVERAGE_DOMAIN_MISSING", must ? Severity::kError : Severity::kWarning, "$.scenarios",
        must
            ? fmt::format("{}须覆盖“{}”领域，但没有该领域的场景实例：请补充{}领域（{}）的场景。",
                          c.p().tier->name, dc.domain, dc.domain, dc.domain)
            : fmt::format(
                  "{}原则上应覆盖“{}"
                  "”领域，但没有该领域的场景实例：请补充，或在申报材料中说明原因，由审核人员判断。",
                  c.p().tier->name, dc.domain),
        rule.clause);
  }
  // Tier advice: the highest tier whose coverage and maturity floor the declaration meets.
  const auto level = c.d().enterprise.maturity.level;
  TierAdvice advice;
  const catalogue::Tier* next = nullptr;
  for (const auto& tier : req.tiers) {
    std::vector<std::string> missing;
    for (const auto& dom : tier.coverage.required) {
      const auto it = std::find_if(cov.domains.begin(), cov.domains.end(),
                                   [&](const DomainCoverage& x) { return x.domain == dom; });
      if (it == cov.domains.end() || !it->covered)
        missing.push_back(fmt::format("覆盖“{}”领域", dom));
    }
    if (!level || *level < tier.maturity_floor.level) {
      missing.push_back(fmt::format("智能制造能力成熟度达到{}级及以上", tier.maturity_floor.level));
    }
    if (missing.empty()) {
      advice.highest = tier.id;
      advice.highest_name = tier.name;
      continue;
    }
    if (next == nullptr) {
      next = &tier;
      advice.next = tier.id;
      advice.next_name = tier.name;
      advice.missing = std::move(missing);
    }
  }
  c.report.coverage = std::move(cov);
  c.report.advice = std::move(advice);
}

}  // namespace detail
}  // namespace tidu::rules
