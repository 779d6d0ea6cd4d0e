#include "stats/maturity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <unordered_map>

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

/// Figures being counted, with the score sum for the mean.
struct Tally {
  Figures figures;
  double score_sum = 0;
  int scored = 0;

  /// Counts one enterprise whose latest assessment on the date is `a` (may be null).
  void add(const Subject& s, const Assessment* a, const std::string& date) {
    auto& f = figures;
    ++f.enterprises;
    if (s.above_scale) ++f.above_scale;
    if (!s.basic_confirmed_on.empty() && s.basic_confirmed_on <= date) ++f.basic_confirmed;
    if (a == nullptr) return;
    ++f.assessed;
    ++f.levels[static_cast<std::size_t>(a->level - 1)];
    if (a->score) {
      score_sum += *a->score;
      ++scored;
    }
    if (s.above_scale) {
      ++f.assessed_above_scale;
      if (a->level >= 2) ++f.penetrated;
    }
  }

  [[nodiscard]] Figures done() const {
    Figures f = figures;
    if (scored > 0) f.mean_score = score_sum / scored;
    return f;
  }
};

}  // namespace

std::optional<double> Figures::coverage_percent() const {
  return percent(assessed_above_scale, above_scale);
}

std::optional<double> Figures::penetration_percent() const {
  return percent(penetrated, above_scale);
}

Figures figures_of(const std::vector<const Subject*>& subjects, const std::string& date) {
  Tally t;
  for (const Subject* s : subjects) t.add(*s, latest(*s, date), date);
  return t.done();
}

RegionalSummary summarize(const std::vector<Subject>& subjects,
                          const catalogue::RegionTree& regions, const std::string& region,
                          const std::string& date, const catalogue::Industries* industry_names,
                          int years_back) {
  const bool nation = region == kNation;
  RegionalSummary out;
  out.region = region;
  out.region_name = nation ? std::string(kNationName) : regions.full_name(region);
  out.date = date;

  // One pass: each enterprise region is placed once (a few thousand distinct codes), each
  // enterprise counted into the total, its sub-region, its industry and every earlier date.
  const auto children = regions.children(nation ? "" : region);
  std::unordered_map<std::string, std::size_t> child_index;
  for (std::size_t i = 0; i < children.size(); ++i) child_index.emplace(children[i]->code, i);
  // Where an enterprise region falls: inside the asked region or not, and below which child
  // (npos: the region itself).
  std::unordered_map<std::string, std::pair<bool, std::size_t>> placed;
  const auto place = [&](const std::string& code) -> std::pair<bool, std::size_t> {
    if (const auto it = placed.find(code); it != placed.end()) return it->second;
    std::pair<bool, std::size_t> p{false, std::string::npos};
    const auto path = regions.path(code);  // from the province down to the node
    for (std::size_t i = 0; i < path.size(); ++i) {
      if (const auto c = child_index.find(path[i]->code); c != child_index.end())
        p.second = c->second;
      if (path[i]->code == region) p.first = true;
    }
    if (nation) p.first = !path.empty();
    if (!p.first) p.second = std::string::npos;
    placed.emplace(code, p);
    return p;
  };

  const auto earlier = year_ends_before(date, years_back);
  Tally total;
  std::vector<Tally> by_child(children.size());
  // Industries by division: two-digit codes straight into an array, anything else by name.
  std::array<Tally, 100> by_division{};
  std::array<bool, 100> seen_division{};
  std::map<std::string, Tally> by_other_industry;
  const auto industry_tally = [&](const std::string& code) -> Tally& {
    if (code.size() == 2 && code[0] >= '0' && code[0] <= '9' && code[1] >= '0' && code[1] <= '9') {
      const std::size_t i =
          (static_cast<std::size_t>(code[0] - '0') * 10) + static_cast<std::size_t>(code[1] - '0');
      seen_division[i] = true;
      return by_division[i];
    }
    return by_other_industry[code];
  };
  std::vector<Tally> over_time(earlier.size());
  for (const auto& s : subjects) {
    const auto [inside, child] = place(s.region);
    if (!inside) continue;
    const Assessment* a = latest(s, date);
    total.add(s, a, date);
    if (child != std::string::npos) by_child[child].add(s, a, date);
    industry_tally(s.industry).add(s, a, date);
    for (std::size_t d = 0; d < earlier.size(); ++d)
      over_time[d].add(s, latest(s, earlier[d]), earlier[d]);
  }
  out.total = total.done();
  for (std::size_t i = 0; i < children.size(); ++i) {
    out.by_subregion.push_back(Breakdown{
        .key = children[i]->code, .name = children[i]->name, .figures = by_child[i].done()});
  }
  std::sort(out.by_subregion.begin(), out.by_subregion.end(),
            [](const Breakdown& a, const Breakdown& b) { return a.key < b.key; });
  std::map<std::string, const Tally*> by_industry;
  for (std::size_t i = 0; i < by_division.size(); ++i) {
    if (seen_division[i]) by_industry.emplace(fmt::format("{:02}", i), &by_division[i]);
  }
  for (const auto& [code, tally] : by_other_industry) by_industry.emplace(code, &tally);
  for (const auto& [division, tally] : by_industry) {
    std::string name = division.empty() ? "未填行业" : division;
    if (industry_names != nullptr && !division.empty()) {
      if (const auto* d = industry_names->division(division); d != nullptr) name = d->name;
    }
    out.by_industry.push_back(Breakdown{.key = division, .name = name, .figures = tally->done()});
  }
  std::stable_sort(out.by_industry.begin(), out.by_industry.end(),
                   [](const Breakdown& a, const Breakdown& b) {
                     return a.figures.enterprises > b.figures.enterprises;
                   });
  for (std::size_t d = 0; d < earlier.size(); ++d)
    out.over_time.push_back(DatedFigures{.date = earlier[d], .figures = over_time[d].done()});
  out.over_time.push_back(DatedFigures{.date = date, .figures = out.total});
  return out;
}

}  // namespace tidu::stats
