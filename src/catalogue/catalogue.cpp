#include "catalogue/catalogue.hpp"

#include <algorithm>

namespace tidu::catalogue {

const Link* ScenarioGuide::find_link(std::string_view name) const {
  for (const auto& l : links) {
    if (l.name == name) return &l;
  }
  return nullptr;
}

const Scenario* ScenarioGuide::find_scenario(std::string_view name) const {
  for (const auto& s : scenarios) {
    if (s.name == name) return &s;
    if (std::find(s.aliases.begin(), s.aliases.end(), name) != s.aliases.end()) return &s;
  }
  return nullptr;
}

const Scenario* ScenarioGuide::scenario(int number) const {
  for (const auto& s : scenarios) {
    if (s.number == number) return &s;
  }
  return nullptr;
}

const Link* ScenarioGuide::link_of(const Scenario& s) const {
  for (const auto& l : links) {
    if (l.number == s.link_number) return &l;
  }
  return nullptr;
}

const Tier* ElementConditions::tier(std::string_view id) const {
  for (const auto& t : tiers) {
    if (t.id == id || t.name == id) return &t;
  }
  return nullptr;
}

const Domain* ElementConditions::domain(std::string_view name) const {
  for (const auto& d : domains) {
    if (d.name == name || d.id == name) return &d;
    if (std::find(d.aliases.begin(), d.aliases.end(), name) != d.aliases.end()) return &d;
  }
  return nullptr;
}

const BasicRequirement* ElementConditions::basic(std::string_view id) const {
  for (const auto& b : basic_requirements) {
    if (b.id == id) return &b;
  }
  return nullptr;
}

const Kpi* KpiReference::find(int number) const {
  for (const auto& k : indicators) {
    if (k.number == number) return &k;
  }
  return nullptr;
}

const BenchmarkCriterion* KpiReference::benchmark(std::string_view id) const {
  for (const auto& b : benchmarks) {
    if (b.id == id) return &b;
  }
  return nullptr;
}

std::string KpiReference::category_name(int category, std::string_view naming) const {
  for (const auto& c : categories) {
    if (c.number != category) continue;
    if (auto it = c.names.find(std::string(naming)); it != c.names.end()) return it->second;
    return c.names.empty() ? std::string{} : c.names.begin()->second;
  }
  return {};
}

const SizeClass& SizeClasses::classify(long long employees, double revenue) const {
  for (const auto& c : classes) {
    if (employees >= c.min_employees && revenue >= c.min_revenue) return c;
  }
  return classes.back();
}

const SizeClass* SizeClasses::find(std::string_view id) const {
  for (const auto& c : classes) {
    if (c.id == id || c.name == id) return &c;
  }
  return nullptr;
}

const IndustryDivision* Industries::division(std::string_view code) const {
  for (const auto& d : divisions) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

const IndustryGroup* Industries::group(std::string_view code) const {
  if (code.size() < 3) return nullptr;
  const auto* d = division(code.substr(0, 2));
  if (d == nullptr) return nullptr;
  for (const auto& g : d->groups) {
    if (g.code == code) return &g;
  }
  return nullptr;
}

const TitleKind* Catalogue::title_kind(std::string_view id) const {
  for (const auto& t : title_kinds) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

}  // namespace tidu::catalogue
