#include "rounds/round.hpp"

#include <algorithm>

namespace tidu::rounds {

std::string_view aggregation_id(Aggregation aggregation) {
  switch (aggregation) {
    case Aggregation::kMean:
      return "mean";
    case Aggregation::kTrimmedMean:
      return "trimmed_mean";
  }
  return "mean";
}

double ScoreSheet::total() const {
  double sum = 0;
  for (const auto& c : criteria) sum += c.max;
  return sum;
}

bool ReviewPolicy::is_default(std::string_view path) const {
  return std::find(defaulted.begin(), defaulted.end(), path) != defaulted.end();
}

namespace {

template <class Map>
const typename Map::mapped_type* default_of(const Map& map, std::string_view edition) {
  for (const auto& [id, item] : map) {
    if (!item.default_for.empty() && item.default_for == edition) return &item;
  }
  return nullptr;
}

}  // namespace

const ScoreSheet* ReviewLibrary::default_sheet(std::string_view edition) const {
  return default_of(sheets, edition);
}

const Checklist* ReviewLibrary::default_checklist(std::string_view edition) const {
  return default_of(checklists, edition);
}

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
