#include "service/statistics.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <unordered_map>

#include "core/time.hpp"
#include "service/enterprises.hpp"

namespace tidu::service {
namespace {

/// The newest size-class edition (its 规上 threshold applies to every enterprise).
const catalogue::SizeClasses* newest_sizes(const catalogue::Catalogue& c) {
  return c.sizes.empty() ? nullptr : &c.sizes.rbegin()->second;
}

const catalogue::Industries* newest_industries(const catalogue::Catalogue& c) {
  return c.industries.empty() ? nullptr : &c.industries.rbegin()->second;
}

double above_scale_threshold(const catalogue::Catalogue& c) {
  const auto* sizes = newest_sizes(c);
  return sizes != nullptr ? sizes->above_scale_min_revenue : 2000.0;
}

/// Places region codes below a region node (or the whole country), remembering each code.
class RegionPlacer {
 public:
  RegionPlacer(const catalogue::RegionTree& regions, std::string where)
      : regions_(regions), where_(std::move(where)) {}

  /// The ancestor of `code` just below the node (the node itself when `code` is the node);
  /// nullptr when `code` lies outside it.
  const std::string* part_of(const std::string& code) {
    if (const auto it = seen_.find(code); it != seen_.end())
      return it->second ? &*it->second : nullptr;
    const auto path = regions_.path(code);
    std::optional<std::string> part;
    if (where_ == stats::kNation) {
      if (!path.empty()) part = path.front()->code;
    } else {
      for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i]->code == where_) part = i + 1 < path.size() ? path[i + 1]->code : code;
      }
    }
    const auto& stored = seen_.emplace(code, part).first->second;
    return stored ? &*stored : nullptr;
  }

 private:
  const catalogue::RegionTree& regions_;
  std::string where_;
  std::unordered_map<std::string, std::optional<std::string>> seen_;
};

/// Who may see the statistics of a region node; the whole country is for administrators.
access::Decision may_see(const access::Principal& who, const std::string& region,
                         const catalogue::RegionTree& regions) {
  if (region == stats::kNation) {
    if (who.role == access::Role::kAdmin) return access::Decision{true, ""};
    return access::Decision{false, "全国统计仅供系统管理员查看"};
  }
  return access::may_see_region_statistics(who, region, regions);
}

}  // namespace

Statistics::Statistics(storage::Pool& pool, const catalogue::Catalogue& catalogue,
                       const rounds::RoundSet& rounds, Declarations& declarations, Clock clock)
    : pool_(pool),
      catalogue_(catalogue),
      rounds_(rounds),
      declarations_(declarations),
      clock_(std::move(clock)),
      facts_(clock_, above_scale_threshold(catalogue)) {}

Result<RoundReport> Statistics::round(const access::Principal& who, const std::string& round_id,
                                      const std::string& region) {
  const auto found = rounds_.rounds.find(round_id);
  if (found == rounds_.rounds.end())
    return fail("ROUND_UNKNOWN", fmt::format("批次“{}”不存在", round_id));
  const auto& r = found->second;
  const std::string where =
      region.empty() ? (who.role == access::Role::kAdmin ? r.region : who.region) : region;
  if (auto d = may_see(who, where, catalogue_.regions); !d) return fail("FORBIDDEN", d.reason);
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto lock = facts_.refresh(**lease);
  if (!lock) return std::unexpected(lock.error());
  RegionPlacer placer(catalogue_.regions, where);
  const auto& names = facts_.scenario_names();
  std::vector<stats::DeclarationRecord> records;
  for (const auto& [id, d] : facts_.declarations()) {
    if (d.round_id != round_id) continue;
    const auto e = facts_.enterprises().find(d.enterprise_id);
    if (e == facts_.enterprises().end()) continue;
    const std::string* part = placer.part_of(e->second.region);
    if (part == nullptr) continue;
    stats::DeclarationRecord rec{.state = d.state,
                                 .level = d.level,
                                 .region = *part,
                                 .industry = e->second.industry,
                                 .scenarios = {},
                                 .kpi_changes = {}};
    rec.scenarios.reserve(d.scenarios.size());
    for (const auto s : d.scenarios) rec.scenarios.emplace_back(names[s].first, names[s].second);
    for (const auto& k : d.kpis) {
      if (k.change) rec.kpi_changes.emplace_back(k.number, *k.change);
    }
    records.push_back(std::move(rec));
  }
  RoundReport out{.round_id = round_id,
                  .round_name = r.name,
                  .region = where,
                  .region_name = catalogue_.regions.full_name(where),
                  .figures = stats::round_statistics(records)};
  for (auto& t : out.figures.by_region) {
    const auto* node = catalogue_.regions.find(t.key);
    t.name = node != nullptr ? node->name : t.key;
  }
  const auto* industries = newest_industries(catalogue_);
  for (auto& t : out.figures.by_industry) {
    const auto* d = industries != nullptr && !t.key.empty() ? industries->division(t.key) : nullptr;
    t.name = d != nullptr ? d->name : (t.key.empty() ? "未填行业" : t.key);
  }
  for (auto& t : out.figures.by_level) {
    for (const auto& l : r.levels) {
      if (l.id == t.key) t.name = l.name;
    }
    if (t.name.empty()) t.name = t.key;
  }
  return out;
}

Result<MaturityReport> Statistics::maturity(const access::Principal& who, const std::string& region,
                                            const std::string& date) {
  std::string day = date;
  if (day.empty()) {
    day = time::format_date(time::beijing_date(clock_()));
  } else if (!time::parse_date(day)) {
    return fail("VALIDATION_FAILED",
                fmt::format("统计日期“{}”无效：应为 2025-04-15 这样的日期", day.substr(0, 20)));
  }
  if (auto d = may_see(who, region, catalogue_.regions); !d) return fail("FORBIDDEN", d.reason);
  const auto* sizes = newest_sizes(catalogue_);
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto lock = facts_.refresh(**lease);
  if (!lock) return std::unexpected(lock.error());
  MaturityReport out;
  RegionPlacer placer(catalogue_.regions, region);
  for (const auto& [id, se] : facts_.self_evaluations()) {
    const auto e = facts_.enterprises().find(se.enterprise_id);
    if (e == facts_.enterprises().end() || placer.part_of(e->second.region) == nullptr) continue;
    if (se.submitted_on > day) continue;
    ++out.self_evaluations.submitted;
    if (se.decided_on.empty() || se.decided_on > day) continue;
    if (se.state == "confirmed") ++out.self_evaluations.confirmed;
    if (se.state == "returned") ++out.self_evaluations.returned;
  }
  out.self_evaluations.pending = out.self_evaluations.submitted - out.self_evaluations.confirmed -
                                 out.self_evaluations.returned;
  out.summary = stats::summarize(facts_.subjects(), catalogue_.regions, region, day,
                                 newest_industries(catalogue_));
  out.above_scale_min_revenue = above_scale_threshold(catalogue_);
  const auto* node = catalogue_.regions.find(region);
  out.unit_name = region == stats::kNation ? std::string("工业和信息化部")
                                           : fmt::format("{}工业和信息化主管部门",
                                                         node != nullptr ? node->name : region);
  out.sizes_clause = sizes != nullptr ? sizes->above_scale_clause : std::string();
  return out;
}

Result<BenchmarkReport> Statistics::benchmark(const access::Principal& who, const std::string& id) {
  // Whether it exists is known only to those who may read it (others: NOT_FOUND).
  auto view = declarations_.get(who, id);
  if (!view) return std::unexpected(view.error());
  if (who.role == access::Role::kEnterprise) return fail("FORBIDDEN", "行业对标仅供审核人员查看");
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto lock = facts_.refresh(**lease);
  if (!lock) return std::unexpected(lock.error());
  const auto found = facts_.declarations().find(id);
  if (found == facts_.declarations().end() || found->second.snapshot == 0)
    return fail("BENCHMARK_NOT_SUBMITTED", "申报书尚未提交，提交后才能与同行业对标");
  const auto& mine = found->second;
  const auto enterprise = facts_.enterprises().find(mine.enterprise_id);
  if (enterprise == facts_.enterprises().end())
    return fail("NOT_FOUND", fmt::format("申报书“{}”的企业不存在", id));
  const auto& industry = enterprise->second.industry;
  const auto path = catalogue_.regions.path(enterprise->second.region);
  const std::string province = path.empty() ? std::string() : path.front()->code;

  BenchmarkReport out;
  out.declaration_id = id;
  out.industry = industry;
  const auto* industries = newest_industries(catalogue_);
  const auto* division =
      industries != nullptr && !industry.empty() ? industries->division(industry) : nullptr;
  out.industry_name = division != nullptr ? division->name : industry;
  out.province = province;
  out.province_name = path.empty() ? std::string() : path.front()->name;
  const auto policy = rounds_.policies.find(mine.round_id);
  const catalogue::KpiReference* reference = nullptr;
  if (policy != rounds_.policies.end()) {
    reference = policy->second.kpis;
    if (const auto* tier = policy->second.tier; tier != nullptr) {
      out.tier = tier->id;
      out.tier_name = tier->name;
      if (reference != nullptr) {
        if (const auto* c = reference->benchmark(tier->kpi_benchmark); c != nullptr)
          out.criterion = *c;
      }
    }
  }
  // The round loader refuses a round whose tier has no criterion, so this is a broken data file.
  if (!out.criterion || reference == nullptr)
    return fail("BENCHMARK_NO_CRITERION",
                fmt::format("批次“{}”的层级没有行业对标要求，请检查数据文件", mine.round_id));
  out.min_peers = reference->benchmark_min_peers;

  // The peers: every other enterprise of the industry, by its newest submitted declaration.
  std::unordered_map<std::string, const DeclarationFacts*> newest;
  if (!industry.empty()) {
    for (const auto& [other_id, d] : facts_.declarations()) {
      if (d.snapshot == 0 || d.state == "withdrawn" || d.enterprise_id == mine.enterprise_id)
        continue;
      const auto e = facts_.enterprises().find(d.enterprise_id);
      if (e == facts_.enterprises().end() || e->second.industry != industry) continue;
      auto& slot = newest[d.enterprise_id];
      if (slot == nullptr || d.submitted_at > slot->submitted_at) slot = &d;
    }
  }
  RegionPlacer in_province(catalogue_.regions, province);
  for (const auto& k : mine.kpis) {
    const auto* kpi = reference->find(k.number);
    if (kpi == nullptr) continue;
    KpiBenchmark b{.number = k.number,
                   .name = kpi->name,
                   .unit = kpi->unit,
                   .direction = kpi->direction,
                   .before = k.before,
                   .after = k.after,
                   .change = k.change,
                   .improvement = std::nullopt,
                   .province = {},
                   .nation = {},
                   .meets = std::nullopt};
    std::vector<double> nation;
    std::vector<double> in_home;
    for (const auto& [enterprise_id, d] : newest) {
      for (const auto& pk : d->kpis) {
        if (pk.number != k.number || !pk.change) continue;
        const double v = stats::improvement_of(kpi->direction, *pk.change);
        nation.push_back(v);
        const auto& region = facts_.enterprises().at(enterprise_id).region;
        if (!province.empty() && in_province.part_of(region) != nullptr) in_home.push_back(v);
      }
    }
    const double mine_value =
        k.change ? stats::improvement_of(kpi->direction, *k.change) : std::nan("");
    if (k.change) b.improvement = mine_value;
    b.province = stats::compare(mine_value, std::move(in_home), out.min_peers);
    b.nation = stats::compare(mine_value, std::move(nation), out.min_peers);
    if (k.change)
      b.meets =
          stats::meets(*out.criterion, out.criterion->scope == "nation" ? b.nation : b.province);
    out.kpis.push_back(std::move(b));
  }
  return out;
}

}  // namespace tidu::service
