#include "rules/findings_json.hpp"

namespace tidu::rules {

const char* severity_name(Severity s) { return s == Severity::kError ? "error" : "warning"; }

nlohmann::json to_json(const Report& report, const rounds::Policy& policy) {
  using nlohmann::json;
  json findings = json::array();
  for (const auto& f : report.findings) {
    findings.push_back({{"code", f.code},
                        {"severity", severity_name(f.severity)},
                        {"path", f.path},
                        {"message", f.message},
                        {"clause", f.clause}});
  }
  auto scenario_list = [&](const std::vector<int>& numbers) {
    json a = json::array();
    for (int n : numbers) {
      const auto* s = policy.guide->scenario(n);
      a.push_back({{"number", n}, {"name", s != nullptr ? s->name : ""}});
    }
    return a;
  };
  json domains = json::array();
  for (const auto& d : report.coverage.domains) {
    domains.push_back({{"domain", d.domain},
                       {"requirement", d.requirement},
                       {"covered", d.covered},
                       {"instances", d.instances},
                       {"scenarios", scenario_list(d.scenarios)}});
  }
  json advice = {
      {"highest", report.advice.highest.empty()
                      ? json(nullptr)
                      : json{{"id", report.advice.highest}, {"name", report.advice.highest_name}}},
      {"next", report.advice.next.empty()
                   ? json(nullptr)
                   : json{{"id", report.advice.next}, {"name", report.advice.next_name}}},
      {"missing", report.advice.missing}};
  return {{"ok", report.ok()},
          {"round", policy.round->id},
          {"errors", report.count(Severity::kError)},
          {"warnings", report.count(Severity::kWarning)},
          {"findings", findings},
          {"coverage",
           {{"domains", domains},
            {"innovation",
             {{"instances", report.coverage.innovation_instances},
              {"scenarios", scenario_list(report.coverage.innovation_scenarios)}}}}},
          {"advice", advice}};
}

}  // namespace tidu::rules
