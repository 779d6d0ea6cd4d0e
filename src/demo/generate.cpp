#include "demo/generate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "core/text.hpp"
#include "declaration/sample.hpp"
#include "declaration/text_fields.hpp"
#include "demo/synthetic_text.hpp"

namespace tidu::demo {
namespace {

constexpr double kAboveScaleRevenue = 2000;  // 万元 (国家统计局: 规模以上工业企业)
constexpr std::array<std::string_view, 4> kCopiedKeys = {"description", "solution", "results",
                                                         "economics"};
constexpr std::array<std::string_view, 24> kSyllables = {
    "恒", "瑞", "华", "新", "达", "中", "宏", "鑫", "博", "泰", "正", "远",
    "通", "光", "明", "力", "安", "盛", "兴", "德", "嘉", "信", "科", "创"};
constexpr std::array<std::string_view, 8> kTrades = {
    "智能装备", "精密机械", "新材料", "电子科技", "化工", "食品", "汽车零部件", "纺织"};

/// A hash of the options' seed, a number and a label: independent draws for each purpose.
std::uint64_t draw(std::uint64_t seed, std::uint64_t n, std::string_view label) {
  std::uint64_t h = 0xcbf29ce484222325ULL ^ seed;
  for (const char c : label) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  Random r(h ^ (n * 0x9e3779b97f4a7c15ULL));
  return r.next();
}

double unit_of(std::uint64_t h) { return static_cast<double>(h >> 11U) * 0x1.0p-53; }

std::string date_of(int year, std::uint64_t h) {
  return fmt::format("{}-{:02}-{:02}", year, 1 + h % 12, 1 + (h >> 8U) % 28);
}

double round2(double x) { return std::round(x * 100) / 100; }

}  // namespace

std::string lightly_edited(const std::string& text, std::size_t every, std::uint64_t seed) {
  std::string out;
  std::size_t pos = 0;
  std::size_t n = 0;
  Random r(seed);
  while (pos < text.size()) {
    const std::size_t start = pos;
    const char32_t cp = text::next_code_point(text, pos);
    if (cp >= 0x4E00 && cp <= 0x9FFF && ++n % every == 0) {
      out += kSyllables[r.below(kSyllables.size())];
      continue;
    }
    out.append(text, start, pos - start);
  }
  return out;
}

Result<Generator> Generator::make(const catalogue::Catalogue& catalogue,
                                  const rounds::RoundSet& rounds, GenerateOptions options) {
  if (options.enterprises == 0 || options.enterprises > 10'000'000 ||
      options.declarations > options.enterprises || options.copied_share < 0 ||
      options.copied_share > 0.5)
    return fail("GENERATE_OPTIONS",
                "企业数须在 1 至 1000 万之间，申报书数不多于企业数，抄袭比例在 0 至 0.5 之间");
  Generator g(catalogue, rounds, options);
  if (g.round_ids_.empty()) return fail("GENERATE_NO_ROUND", "政策数据中没有可用的申报批次");
  if (g.divisions_.empty()) return fail("GENERATE_NO_ROUND", "政策数据中没有国民经济行业分类");
  return g;
}

Generator::Generator(const catalogue::Catalogue& catalogue, const rounds::RoundSet& rounds,
                     GenerateOptions options)
    : catalogue_(catalogue), rounds_(rounds), options_(options) {
  const auto& tree = catalogue.regions;
  auto leaf = [&tree](const catalogue::Region& r) { return tree.children(r.code).empty(); };
  for (const auto& r : tree.nodes())
    if (leaf(r)) all_leaves_.push_back(r.code);
  for (const auto& [id, policy] : rounds.policies) {
    if (policy.round == nullptr || policy.form == nullptr || policy.guide == nullptr) continue;
    std::vector<std::string> leaves;
    for (const auto& r : tree.nodes())
      if (leaf(r) && tree.within(r.code, policy.round->region)) leaves.push_back(r.code);
    if (leaves.empty()) continue;
    round_ids_.push_back(id);
    round_leaves_.push_back(std::move(leaves));
    templates_.push_back(declaration::make_sample(policy, 0));
  }
  if (!catalogue.industries.empty()) {
    for (const auto& d : catalogue.industries.rbegin()->second.divisions)
      if (d.section == "C") divisions_.push_back(d.code);
  }
}

std::string Generator::region_of(std::size_t i) const {
  const std::uint64_t h = draw(options_.seed, i, "region");
  if (i < options_.declarations) {
    const auto& leaves = round_leaves_[i % round_ids_.size()];
    return leaves[h % leaves.size()];
  }
  return all_leaves_[h % all_leaves_.size()];
}

GeneratedEnterprise Generator::enterprise(std::size_t i) const {
  const std::uint64_t s = options_.seed;
  GeneratedEnterprise out;
  out.id = fmt::format("gen-e-{:07}", i + 1);
  auto& e = out.profile;
  e.region = region_of(i);
  const auto& tree = catalogue_.regions;
  e.credit_code = declaration::make_credit_code(declaration::six_digit_ancestor(tree, e.region),
                                                static_cast<std::uint32_t>(i + 1));
  const auto* region = tree.find(e.region);
  const std::string place = region != nullptr ? std::string(text::prefix(region->name, 2)) : "";
  const std::uint64_t n = draw(s, i, "name");
  e.name =
      fmt::format("{}{}{}{}有限公司", place, kSyllables[n % kSyllables.size()],
                  kSyllables[(n >> 8U) % kSyllables.size()], kTrades[(n >> 16U) % kTrades.size()]);
  e.founded = date_of(1990 + static_cast<int>(draw(s, i, "founded") % 30), draw(s, i, "day"));
  e.ownership = std::array{"private",   "private",          "private",
                           "local_soe", "foreign_invested", "central_soe"}[draw(s, i, "ownership") %
                                                                           6];
  const auto& division = divisions_[draw(s, i, "industry") % divisions_.size()];
  e.industry.division = division;
  if (const auto* d = catalogue_.industries.rbegin()->second.division(division);
      d != nullptr && !d->groups.empty())
    e.industry.group = d->groups[draw(s, i, "group") % d->groups.size()].code;
  // 主营业务收入: log-normal around 1,800 万元 (about half of the enterprises 规上), growing or
  // shrinking by up to 15 % a year.
  Random r(draw(s, i, "financials"));
  const double u1 = std::max(r.unit(), 1e-12);
  const double normal = std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * r.unit());
  double revenue = std::exp(7.5 + 1.3 * normal);
  // A declaring enterprise is 规上 (seed 000 二、申报条件) and reports its round's years.
  const declaration::Declaration* entrant =
      i < options_.declarations ? &templates_[i % round_ids_.size()] : nullptr;
  std::vector<int> years = {2022, 2023, 2024};
  if (entrant != nullptr) {
    revenue = std::max(revenue, kAboveScaleRevenue * (1.5 + 4 * r.unit()));
    years.clear();
    for (const auto& f : entrant->enterprise.financials) years.push_back(f.year);
  }
  for (const int year : years) {
    declaration::FinancialYear f;
    f.year = year;
    f.main_revenue = round2(revenue);
    f.total_assets = round2(revenue * (0.8 + 1.2 * r.unit()));
    f.debt_ratio = round2(20 + 50 * r.unit());
    f.profit_rate = round2(1 + 14 * r.unit());
    f.profit = round2(revenue * *f.profit_rate / 100);
    f.taxes_paid = round2(revenue * (0.01 + 0.05 * r.unit()));
    e.financials.push_back(f);
    revenue *= entrant != nullptr ? 1 + 0.15 * r.unit() : 0.85 + 0.3 * r.unit();
  }
  const double latest = *e.financials.back().main_revenue;
  out.above_scale = latest >= kAboveScaleRevenue;
  e.employees = std::max<long long>(10, static_cast<long long>(latest / (30 + 50 * r.unit())));
  if (!catalogue_.sizes.empty())
    e.size_class = catalogue_.sizes.rbegin()->second.classify(*e.employees, latest).id;
  // Maturity: 45 % assessed, a fifth of those twice (the later at the same level or above);
  // a declaring enterprise is assessed at least at its round's floor.
  const std::uint64_t m = draw(s, i, "maturity");
  const int floor = entrant != nullptr ? entrant->enterprise.maturity.level.value_or(0) : 0;
  if (floor > 0 || unit_of(m) < 0.45) {
    const double u = unit_of(draw(s, i, "level"));
    int level = std::max(floor, u < 0.35 ? 1 : u < 0.75 ? 2 : u < 0.95 ? 3 : u < 0.99 ? 4 : 5);
    const int year = 2022 + static_cast<int>(m % 3);
    out.assessments.push_back(
        {level, round2(level + 0.99 * unit_of(draw(s, i, "score"))), date_of(year, m >> 8U)});
    if ((m >> 20U) % 5 == 0) {
      level = std::min(5, level + static_cast<int>((m >> 24U) % 2));
      out.assessments.push_back({level, round2(level + 0.99 * unit_of(draw(s, i, "score2"))),
                                 date_of(year + 1, m >> 28U)});
    }
    const auto& last = out.assessments.back();
    e.maturity.level = last.level;
    e.maturity.score = last.score;
    e.maturity.assessed_on = last.assessed_on;
    e.maturity.source = "www.c3mep.cn";
  }
  return out;
}

bool Generator::submitted(std::size_t i) const {
  return unit_of(draw(options_.seed, i, "submitted")) < 0.9;
}

bool Generator::drawn_for_copy(std::size_t i) const {
  return submitted(i) && unit_of(draw(options_.seed, i, "plant")) < options_.copied_share;
}

Generator::Plant Generator::plant_of(std::size_t i) const {
  Plant p;
  if (!drawn_for_copy(i)) return p;
  const std::size_t rounds = round_ids_.size();
  const std::uint64_t h = draw(options_.seed, i, "origin");
  // The origin: an earlier declaration of the same round, submitted and not itself a copy.
  for (std::uint64_t attempt = 0; attempt < 8; ++attempt) {
    const std::size_t back = rounds * (1 + (h >> (attempt * 6U)) % 50);
    if (back > i) continue;
    const std::size_t j = i - back;
    if (!submitted(j) || drawn_for_copy(j)) continue;
    const auto& scenarios = templates_[i % rounds].scenarios;
    if (scenarios.empty()) return p;
    p.planted = true;
    p.origin = j;
    p.scenario = (h >> 48U) % scenarios.size();
    p.key = kCopiedKeys[(h >> 56U) % kCopiedKeys.size()];
    p.edited = ((h >> 62U) & 1U) != 0;
    return p;
  }
  return p;
}

std::string Generator::original_text(std::size_t i, const std::string& path,
                                     std::optional<std::size_t> limit) const {
  const std::uint64_t h = draw(options_.seed, i, path);
  // Well inside the form's 字 limit: punctuation and numbers count too.
  const std::size_t cap = limit.value_or(300);
  const auto chars = static_cast<std::size_t>(static_cast<double>(cap) * (0.5 + 0.3 * unit_of(h)));
  return synthetic_text(h, std::max<std::size_t>(chars, 20));
}

GeneratedDeclaration Generator::declaration(std::size_t i) const {
  GeneratedDeclaration out;
  out.id = fmt::format("gen-d-{:07}", i + 1);
  out.enterprise = i;
  const std::size_t r = i % round_ids_.size();
  out.round_id = round_ids_[r];
  out.submitted = submitted(i);
  out.content = templates_[r];
  auto& d = out.content;
  // The enterprise: the template's contacts, titles and answers, with this enterprise's identity,
  // place, industry, size, financials and maturity.
  const GeneratedEnterprise e = enterprise(i);
  auto& ent = d.enterprise;
  ent.name = e.profile.name;
  ent.credit_code = e.profile.credit_code;
  ent.region = e.profile.region;
  ent.industry = e.profile.industry;
  ent.founded = e.profile.founded;
  ent.ownership = e.profile.ownership;
  ent.employees = e.profile.employees;
  ent.size_class = e.profile.size_class;
  ent.financials = e.profile.financials;
  ent.maturity.level = e.profile.maturity.level;
  ent.maturity.score = e.profile.maturity.score;
  ent.maturity.assessed_on = e.profile.maturity.assessed_on;
  d.cover.applicant = e.profile.name;
  d.cover.project_name = e.profile.name + "智能工厂建设项目";
  // The KPI table: counts stay whole, ratios within their range, and the change column keeps
  // the template's way of computing it (relative change or percentage points).
  Random k(draw(options_.seed, i, "kpis"));
  for (auto& kpi : d.factory.kpis) {
    if (!kpi.before || !kpi.after || *kpi.before == 0) continue;
    const double b = *kpi.before;
    const double a = *kpi.after;
    const bool relative = kpi.change && std::abs(*kpi.change - (a / b - 1) * 100) < 0.01;
    const bool points = kpi.change && std::abs(*kpi.change - (a - b)) < 0.01;
    if (b == std::floor(b) && a == std::floor(a)) {
      kpi.before = b + static_cast<double>(k.below(3));
      kpi.after = std::max(*kpi.before, a + static_cast<double>(k.below(4)));
    } else {
      const double f = 0.9 + 0.2 * k.unit();
      kpi.before = round2(b * f);
      kpi.after = round2(a * f);
      if (a <= 100 && *kpi.after > 100) kpi.after = 99.9;
    }
    if (relative) {
      kpi.change = round2((*kpi.after / *kpi.before - 1) * 100);
    } else if (points) {
      kpi.change = round2(*kpi.after - *kpi.before);
    }
  }
  // The text: every field the template writes at length gets its own; the planted field gets
  // the origin's.
  const Plant plant = plant_of(i);
  const std::string planted_path =
      plant.planted ? fmt::format("$.scenarios[{}].{}", plant.scenario, plant.key) : "";
  const auto& form = *rounds_.policies.at(out.round_id).form;
  declaration::for_each_text(d, [&](const declaration::TextField& f, std::string& value) {
    // Free Chinese text gets its own; choices, codes and the names of links, scenarios and
    // instances stay as the template has them.
    if (text::length(value) < 20) return;
    const auto rule = form.rules.find(f.pattern);
    const bool chinese = std::any_of(value.begin(), value.end(), [](char c) {
      return (static_cast<unsigned char>(c) & 0x80U) != 0;
    });
    const bool named = f.pattern.ends_with(".link") || f.pattern.ends_with(".scenario") ||
                       f.pattern.ends_with(".instance") || f.pattern.ends_with(".name");
    if (!chinese || named || (rule != form.rules.end() && !rule->second.choices.empty())) return;
    const std::optional<std::size_t> limit =
        rule == form.rules.end() ? std::nullopt : rule->second.limit;
    if (f.path == planted_path) {
      value = original_text(plant.origin, f.path, limit);
      if (plant.edited) value = lightly_edited(value, 150, draw(options_.seed, i, "edit"));
    } else {
      value = original_text(i, f.path, limit);
    }
  });
  return out;
}

std::vector<PlantedCopy> Generator::planted() const {
  std::vector<PlantedCopy> out;
  for (std::size_t i = 0; i < options_.declarations; ++i) {
    const Plant p = plant_of(i);
    if (p.planted)
      out.push_back({p.origin, i, fmt::format("$.scenarios[{}].{}", p.scenario, p.key), p.edited});
  }
  return out;
}

}  // namespace tidu::demo
