#include "rounds/round.hpp"

namespace tidu::rounds {

std::optional<int> Quotas::limit_for(std::string_view region) const {
  for (const auto& l : limits) {
    if (l.region == region) return l.limit;
  }
  return default_limit;
}

std::vector<const EligibilityRule*> Round::rules_of(std::string_view kind) const {
  std::vector<const EligibilityRule*> out;
  for (const auto& r : eligibility) {
    if (r.rule == kind) out.push_back(&r);
  }
  return out;
}

}  // namespace tidu::rounds
