#include "stats/maturity.hpp"

#include <algorithm>
#include <map>

namespace tidu::stats {
namespace {

/// The newest assessment on or before `date` (ties: the higher level, then the later in the list).
const Assessment* latest(const Subject& s, const std::string& date) {
  const Assessment* best = nullptr;
  for (const auto& a : s.assessments) {
    if (a.assessed_on > date || a.level < 1 || a.level > 5) continue;
    if (best == nullptr || a.assessed_on > best->assessed_on ||
        (a.assessed_on == best->assessed_on && a.level >= best->level)) {
      best = &a;
    }
  }
  return best;
}

std::optional<double> percent(int part, int whole) {
  if (whole <= 0) return std::nullopt;
  return 100.0 * part / whole;
}

/// Year ends (YYYY-12-31) before `date`, oldest first.
std::vector<std::string> year_ends_before(const std::string& date, int years_back) {
  std::vector<std::string> out;
  if (date.size() < 4 || years_back <= 0) return out;
  const int year = std::stoi(date.substr(0, 4));
  for (int y = year - years_back; y < year; ++y) out.push_back(std::to_string(y) + "-12-31");
  return out;
}

}  // namespace

std::optional<double> Figures::coverage_percent() const {
  return percent(assessed_above_scale, above_scale);
}

std::optional<double> Figures::penetration_percent() const {
  return percent(penetrated, above_scale);
}

Figures figures_of(const std::vector<const Subject*>& subjects, const std::string& date) {
  Figures f;
  double score_sum = 0;
  int scored = 0;
  for (const Subject* s : subjects) {
    ++f.enterprises;
    if (s->above_scale) ++f.above_scale;
    if (!s->basic_confirmed_on.empty() && s->basic_confirmed_on <= date) ++f.basic_confirmed;
    const Assessment* a = latest(*s, date);
    if (a == nullptr) continue;
    ++f.assessed;
    ++f.levels[static_cast<std::size_t>(a->level - 1)];
    if (a->score) {
      score_sum += *a->score;
      ++scored;
    }
    if (s->above_scale) {
      ++f.assessed_above_scale;
      if (a->level >= 2) ++f.penetrated;
    }
  }
  if (scored > 0) f.mean_score = score_sum / scored;
  return f;
}

RegionalSummary summarize(const std::vector<Subject>& subjects,
                          const catalogue::RegionTree& regions, const std::string& region,
                          const std::string& date, const catalogue::Industries* industry_names,
                          int years_back) {
  RegionalSummary out;
  out.region = region;
  out.region_name = regions.full_name(region);
  out.date = date;

  std::vector<const Subject*> inside;
  for (const auto& s : subjects) {
    if (regions.within(s.region, region)) inside.push_back(&s);
  }
  out.total = figures_of(inside, date);

  for (const auto* child : regions.children(region)) {
    std::vector<const Subject*> part;
    for (const Subject* s : inside) {
      if (regions.within(s->region, child->code)) part.push_back(s);
    }
    out.by_subregion.push_back(
        Breakdown{.key = child->code, .name = child->name, .figures = figures_of(part, date)});
  }
  std::sort(out.by_subregion.begin(), out.by_subregion.end(),
            [](const Breakdown& a, const Breakdown& b) { return a.key < b.key; });

  std::map<std::string, std::vector<const Subject*>> by_industry;
  for (const Subject* s : inside) by_industry[s->industry].push_back(s);
  for (const auto& [division, part] : by_industry) {
    std::string name = division.empty() ? "未填行业" : division;
    if (industry_names != nullptr && !division.empty()) {
      if (const auto* d = industry_names->division(division); d != nullptr) name = d->name;
    }
    out.by_industry.push_back(
        Breakdown{.key = division, .name = name, .figures = figures_of(part, date)});
  }
  std::stable_sort(out.by_industry.begin(), out.by_industry.end(),
                   [](const Breakdown& a, const Breakdown& b) {
                     return a.figures.enterprises > b.figures.enterprises;
                   });

  for (const auto& d : year_ends_before(date, years_back)) {
    out.over_time.push_back(DatedFigures{.date = d, .figures = figures_of(inside, d)});
  }
  out.over_time.push_back(DatedFigures{.date = date, .figures = out.total});
  return out;
}

}  // namespace tidu::stats
