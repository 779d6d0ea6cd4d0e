// Rules about the factory: its name, level and dates; the scenarios it claims; the KPI table.
#include <algorithm>
#include <cmath>
#include <set>

#include "core/text.hpp"
#include "core/time.hpp"
#include "rules/context.hpp"

namespace tidu::rules::detail {
namespace {

/// Checks a start–end pair: both real dates, start not after end, end not after `now`
/// (the notices require a finished factory: "申报主体已完成智能工厂建设").
void date_pair(const Context& c, const std::string& start, const std::string& end,
               const std::string& path, const std::string& what) {
  if (text::blank(start) || text::blank(end)) return;  // FIELD_REQUIRED reports blanks
  const auto s = time::parse_date(start);
  const auto e = time::parse_date(end);
  const std::string clause =
      fmt::format("{} {}起止日期；{}", c.form().document, what,
                  c.round().notice.number.empty() ? c.round().name : c.round().notice.number);
  if (!s || !e) {
    c.add("FACTORY_DATES_INVALID", Severity::kError, path,
          fmt::format("{}起止日期“{}—{}”不是有效日期：格式为 YYYY-MM-DD，如 2022-01-01。", what,
                      start, end),
          clause);
    return;
  }
  if (std::chrono::sys_days{*s} > std::chrono::sys_days{*e}) {
    c.add("FACTORY_DATES_INVALID", Severity::kError, path,
          fmt::format("{}开始日期 {} 晚于结束日期 {}：请更正起止日期。", what, start, end), clause);
    return;
  }
  const auto today = time::beijing_date(c.in.now);
  if (std::chrono::sys_days{*e} > std::chrono::sys_days{today}) {
    c.add("FACTORY_DATES_INVALID", Severity::kError, path,
          fmt::format(
              "{}结束日期 {} 晚于今天（{}）：申报主体应已完成智能工厂建设，请填写实际完成日期。",
              what, end, time::format_date(today)),
          clause);
  }
}

}  // namespace

void factory_rules(const Context& c) {
  const auto& f = c.d().factory;
  for (const auto* r : c.round().rules_of("factory_name_suffix")) {
    const std::string_view name = text::trim(f.name);
    if (name.empty()) continue;
    bool bad_end = false;
    for (const auto& forbidden : r->forbidden) bad_end = bad_end || name.ends_with(forbidden);
    if (!name.ends_with(r->suffix) || bad_end) {
      std::string forbidden;
      for (const auto& x : r->forbidden) forbidden += (forbidden.empty() ? "" : "、") + x;
      c.add("FACTORY_NAME_SUFFIX", Severity::kError, "$.factory.name",
            fmt::format("项目名称“{}”应以“{}”结尾，不能以{}"
                        "等结尾：请填写具体智能工厂名称，如“××公司××智能工厂”。",
                        name, r->suffix, forbidden),
            r->clause);
    }
  }
  for (const auto* r : c.round().rules_of("factory_level")) {
    if (text::blank(f.level)) continue;
    if (std::find(r->allowed.begin(), r->allowed.end(), f.level) == r->allowed.end()) {
      std::string list;
      for (const auto& x : r->allowed) list += (list.empty() ? "" : "、") + x;
      c.add("FIELD_INVALID", Severity::kError, "$.factory.level",
            fmt::format("建设层级“{}”无效：应为{}。", f.level, list), r->clause);
    }
  }
  date_pair(c, f.start, f.end, "$.factory.start", "智能工厂建设");
  for (std::size_t i = 0; i < c.d().scenarios.size(); ++i) {
    const auto& s = c.d().scenarios[i];
    date_pair(c, s.start, s.end, fmt::format("$.scenarios[{}].start", i),
              fmt::format("场景“{}”建设", s.instance));
  }
}

void scenario_rules(const Context& c) {
  const auto& guide = *c.p().guide;
  const auto& d = c.d();
  const std::string clause = fmt::format("{}；{}", guide.title, c.form().document);
  // Every instance must name a link and a scenario of the guide, the scenario under that link.
  std::set<int> described;
  for (std::size_t i = 0; i < d.scenarios.size(); ++i) {
    const auto& s = d.scenarios[i];
    const std::string path = fmt::format("$.scenarios[{}]", i);
    const auto* link = guide.find_link(s.link);
    const auto* scen = guide.find_scenario(s.scenario);
    if (link == nullptr) {
      c.add("SCENARIO_UNKNOWN", Severity::kError, path + ".link",
            fmt::format("环节“{}”不在{}中：请按指引中的环节名称填写（共 {} 个环节）。", s.link,
                        guide.title, guide.links.size()),
            clause);
      continue;
    }
    if (scen == nullptr) {
      c.add("SCENARIO_UNKNOWN", Severity::kError, path + ".scenario",
            fmt::format("场景“{}”不在{}中：请从“{}”环节的场景中选择。", s.scenario, guide.title,
                        link->name),
            clause);
      continue;
    }
    if (scen->link_number != link->number) {
      const auto* right = guide.link_of(*scen);
      c.add("SCENARIO_UNKNOWN", Severity::kError, path + ".link",
            fmt::format("场景“{}”属于“{}”环节，不属于“{}”环节：请更正环节名称。", scen->name,
                        right != nullptr ? right->name : "", link->name),
            clause);
      continue;
    }
    described.insert(scen->number);
  }
  if (d.scenarios.empty()) {
    c.add("SCENARIO_INSTANCE_MISSING", Severity::kError, "$.scenarios",
          "没有填写任何场景实例：请按“环节名称-场景名称-场景实例名称”逐一描述已建成的场景。",
          fmt::format("{} 项目场景建设情况", c.form().document));
  }
  // The covered list (覆盖的环节和具体场景) and the described instances must agree.
  if (!c.form().asks_for("factory.covered")) return;
  std::set<int> listed;
  for (std::size_t i = 0; i < d.factory.covered.size(); ++i) {
    const auto& ref = d.factory.covered[i];
    const auto* link = guide.find_link(ref.link);
    const auto* scen = guide.find_scenario(ref.scenario);
    const std::string path = fmt::format("$.factory.covered[{}]", i);
    if (link == nullptr || scen == nullptr || scen->link_number != link->number) {
      c.add("SCENARIO_UNKNOWN", Severity::kError, path,
            fmt::format(
                "覆盖场景“{}-{}”与{}中的环节和场景名称不符：格式为“环节-场景”，名称须与指引一致。",
                ref.link, ref.scenario, guide.title),
            clause);
      continue;
    }
    listed.insert(scen->number);
    if (!described.contains(scen->number)) {
      c.add(
          "SCENARIO_INSTANCE_MISSING", Severity::kError, path,
          fmt::format("覆盖场景“{}-{}"
                      "”在第三部分没有对应的场景实例：请补充该场景的建设情况，或从覆盖清单中删除。",
                      link->name, scen->name),
          fmt::format("{} 三、项目场景建设情况", c.form().document));
    }
  }
  for (std::size_t i = 0; i < d.scenarios.size(); ++i) {
    const auto* scen = guide.find_scenario(d.scenarios[i].scenario);
    if (scen != nullptr && described.contains(scen->number) && !listed.contains(scen->number)) {
      c.add("SCENARIO_NOT_LISTED", Severity::kWarning, fmt::format("$.scenarios[{}].scenario", i),
            fmt::format("场景实例所属场景“{}”没有列入“覆盖的环节和具体场景”：请补充到覆盖清单。",
                        scen->name),
            fmt::format("{} 覆盖的环节和具体场景", c.form().document));
    }
  }
}

void kpi_rules(const Context& c) {
  const auto& ref = *c.p().kpis;
  const auto& f = c.d().factory;
  auto check_change = [&](std::optional<double> before, std::optional<double> after,
                          std::optional<double> change, bool reduce, const std::string& path,
                          const std::string& name) {
    if (!before || !after || !change || *before == 0) return;
    const double expected = (*after - *before) / *before * 100.0;
    const double tol = ref.change_tolerance;
    const bool matches =
        std::fabs(*change - expected) <= tol || (reduce && std::fabs(*change + expected) <= tol);
    if (!matches) {
      c.add("KPI_CHANGE_MISMATCH", Severity::kError, path + ".change",
            fmt::format("“{}”的变化率填为 {}%，按建设前 {}、建成后 {} 计算应为 "
                        "{}%（(建成后−建设前)÷建设前×100%）：请更正。",
                        name, number_text(*change), number_text(*before), number_text(*after),
                        number_text(std::round(expected * 100) / 100)),
            ref.clause);
    }
  };
  std::set<int> seen;
  for (std::size_t i = 0; i < f.kpis.size(); ++i) {
    const auto& v = f.kpis[i];
    const std::string path = fmt::format("$.factory.kpis[{}]", i);
    const auto* kpi = ref.find(v.number);
    if (kpi == nullptr) {
      c.add("FIELD_INVALID", Severity::kError, path + ".number",
            fmt::format("指标序号 {} 不在《{}》中（1–{}）：其他指标请填入“其他个性化指标”。",
                        v.number, ref.title, ref.indicators.size()),
            ref.clause);
      continue;
    }
    if (!seen.insert(v.number).second) {
      c.add("FIELD_INVALID", Severity::kError, path + ".number",
            fmt::format("指标“{}”重复填写。", kpi->name), ref.clause);
      continue;
    }
    for (const auto& [value, label] :
         {std::pair{v.before, "before"}, std::pair{v.after, "after"}}) {
      if (!value) continue;
      const bool below = kpi->min && *value < *kpi->min;
      const bool above = kpi->max && *value > *kpi->max;
      const bool fraction = kpi->integer && *value != std::floor(*value);
      if (below || above || fraction) {
        const std::string range =
            kpi->max
                ? fmt::format("{}–{}", number_text(kpi->min.value_or(0)), number_text(*kpi->max))
                : fmt::format("不小于 {}", number_text(kpi->min.value_or(0)));
        c.add("KPI_OUT_OF_RANGE", Severity::kError, fmt::format("{}.{}", path, label),
              fmt::format("“{}”的{}值 {}{} 超出合理范围：应为{}{}{}。", kpi->name,
                          std::string_view(label) == "before" ? "建设前" : "建成后",
                          number_text(*value), kpi->unit, range, kpi->unit,
                          kpi->integer ? "的整数" : ""),
              ref.clause);
      }
    }
    check_change(v.before, v.after, v.change, kpi->direction == catalogue::Direction::kReduce, path,
                 kpi->name);
  }
  for (std::size_t i = 0; i < f.other_kpis.size(); ++i) {
    const auto& o = f.other_kpis[i];
    check_change(o.before, o.after, o.change, o.direction == "reduce",
                 fmt::format("$.factory.other_kpis[{}]", i), o.name);
  }
}

}  // namespace tidu::rules::detail
