#include "declaration/sample.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "core/credit_code.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace tidu::declaration {
namespace {

/// Cuts text to at most `limit` 字.
std::string fit(std::string_view s, std::optional<std::size_t> limit) {
  if (!limit) return std::string(s);
  std::size_t n = text::length(s);
  while (n > 0 && text::count_zi(text::prefix(s, n)) > *limit) --n;
  return std::string(text::prefix(s, n));
}

std::optional<std::size_t> limit_of(const rounds::FormTemplate& form, const std::string& pattern) {
  auto it = form.rules.find(pattern);
  return it == form.rules.end() ? std::nullopt : it->second.limit;
}

const catalogue::Region* deepest_region(const catalogue::RegionTree& tree,
                                        const std::string& code) {
  const catalogue::Region* best = tree.find(code);
  for (const auto* child : tree.children(code)) {
    if (child->kind == "zone") continue;
    return deepest_region(tree, child->code);
  }
  return best;
}

/// A scenario for a domain: the first scenario of the first link mapped to it.
const catalogue::Scenario* pick(const catalogue::ScenarioGuide& guide,
                                const std::optional<std::string>& domain, std::uint32_t variant) {
  std::vector<const catalogue::Scenario*> candidates;
  for (const auto& link : guide.links) {
    if (link.domain != domain) continue;
    for (int n : link.scenario_numbers) candidates.push_back(guide.scenario(n));
  }
  if (candidates.empty()) return nullptr;
  return candidates[variant % candidates.size()];
}

std::string repeat_to(std::string_view base, std::size_t min_zi) {
  std::string out(base);
  while (text::count_zi(out) < min_zi) out += base;
  return out;
}

}  // namespace

std::string six_digit_ancestor(const catalogue::RegionTree& tree, const std::string& code) {
  for (auto path = tree.path(code); !path.empty(); path.pop_back()) {
    const auto& c = path.back()->code;
    if (c.size() == 6 &&
        std::all_of(c.begin(), c.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
      return c;
  }
  return "110000";
}

std::string make_credit_code(std::string_view region6, std::uint32_t serial) {
  constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  std::string code = "91" + std::string(region6) + "MA";
  std::uint32_t x = serial * 2654435761U + 12345U;
  for (int i = 0; i < 7; ++i) {
    code += kAlphabet[x % 31];
    x /= 31;
    x += static_cast<std::uint32_t>(i) * 7919U;
  }
  code += credit_code::expected_check_character(code);
  return code;
}

Declaration make_sample(const rounds::Policy& p, std::uint32_t variant) {
  const auto& round = *p.round;
  const auto& form = *p.form;
  const auto& guide = *p.guide;
  Declaration d;
  d.round = round.id;
  d.form = form.id;

  const auto* region = deepest_region(*p.regions, round.region);
  const auto path = p.regions->path(region->code);
  const std::string place = path.size() > 1 ? path[1]->name : path.front()->name;
  std::string city = place;
  for (const char* suffix : {"市", "自治州", "地区", "省"}) {
    if (city.ends_with(suffix) && city.size() > std::string_view(suffix).size()) {
      city.resize(city.size() - std::string_view(suffix).size());
      break;
    }
  }
  static constexpr std::array<const char*, 4> kBrands = {"恒信", "远航", "华拓", "启明"};
  const std::string brand = kBrands[variant % kBrands.size()];
  const std::string company = fmt::format("{}{}智能装备股份有限公司", city, brand);
  const std::string factory = fmt::format("{}{}高端电力装备智能工厂", city, brand);

  // The day it is declared: a week before the window closes.
  const auto closes = round.closes.value_or(time::Instant{});
  const auto declared = time::beijing_date(closes - std::chrono::days{7});
  const std::string declared_s = time::format_date(declared);
  const int last_year =
      round.financial_years.empty() ? round.year - 1 : round.financial_years.back();

  d.cover = Cover{company,    factory, "张建国",    fmt::format("{}工业和信息化局", place),
                  declared_s, false,   std::nullopt};

  auto& e = d.enterprise;
  e.name = company;
  e.credit_code = make_credit_code(six_digit_ancestor(*p.regions, region->code), variant);
  e.founded = "2006-05-18";
  e.ownership = "private";
  e.employees = 1260 + variant;
  e.size_class = "large";
  e.industry = Industry{"38", "382"};
  if (p.coarse != nullptr && !p.coarse->items.empty()) {
    const auto& items = p.coarse->items;
    const auto it = std::find(items.begin(), items.end(), "装备制造");
    e.sector = it != items.end() ? *it : items.front();
  }
  e.region = region->code;
  e.address =
      fmt::format("{}工业园区创新大道{}号", p.regions->full_name(region->code), 88 + variant);
  e.legal_representative = Person{"张建国", "0591-87654321", "董事长", "", "", ""};
  e.contact = Person{"李明",        "0591-87654322", "智能制造部部长",
                     "13800138000", "0591-87654323", "liming@example.com"};
  e.credit_rating = "AAA";
  e.financials.reserve(round.financial_years.size());
  for (std::size_t i = 0; i < round.financial_years.size(); ++i) {
    const double k = 1.0 + 0.12 * static_cast<double>(i);
    const double revenue = std::round(52000.0 * k);
    e.financials.push_back(FinancialYear{round.financial_years[i], std::round(86000.0 * k),
                                         48.5 - static_cast<double>(i), revenue,
                                         9.6 + 0.4 * static_cast<double>(i),
                                         std::round(revenue * 0.096), std::round(revenue * 0.045)});
  }
  // Titles and earlier tiers that the round's prerequisites ask for.
  for (const auto& rule : round.eligibility) {
    if (rule.rule != "prerequisite" || rule.any_of.empty()) continue;
    const auto& opt = rule.any_of.front();
    const int year = opt.year_to.value_or(last_year);
    if (!opt.title.empty()) e.titles.push_back(Title{opt.title, year, ""});
    if (!opt.recognition.empty()) {
      const bool self = opt.recognition == "basic";
      e.recognitions.push_back(Recognition{
          opt.recognition, self ? "self_evaluation" : "recognised", year,
          self ? company : fmt::format("{}工业和信息化厅", path.front()->name), factory});
    }
  }
  int floor = p.tier->maturity_floor.level;
  for (const auto& rule : round.eligibility) {
    if (rule.rule == "maturity_floor") floor = std::max(floor, rule.level);
  }
  e.maturity = Maturity{std::max(floor, 3),
                        3.42,
                        fmt::format("{}-06-30", last_year),
                        "www.c3mep.cn",
                        {"att-maturity_report"}};
  e.accident = Accident{false, "", false};
  e.profile = fit(
      fmt::format("{}"
                  "成立于2006年，是国家高新技术企业，主要从事输配电及控制设备的研发、制造和销售，产"
                  "品覆盖智能开关柜、"
                  "箱式变电站和配电自动化终端，销往全国三十余个省份并出口东南亚。公司现有员工一千二"
                  "百余人，其中研发人员"
                  "二百余人，拥有发明专利四十余项，主持和参与制定国家及行业标准六项。近三年主营业务"
                  "收入年均增长百分之十二，"
                  "市场占有率位居全省同行业前列。公司坚持以智能制造引领转型升级，建立了由总经理牵头"
                  "的智能工厂建设领导小组"
                  "和专职的智能制造部，培养了一支覆盖工艺、自动化、软件和数据分析的专业人才队伍。",
                  company),
      limit_of(form, "enterprise.profile"));

  // Scenarios: one per domain of the 要素条件, plus one of 多环节模式创新.
  std::vector<std::optional<std::string>> domains;
  domains.reserve(p.requirements->domains.size() + 1);
  for (const auto& dom : p.requirements->domains) domains.emplace_back(dom.name);
  if (form.has_scenario_group(std::nullopt)) domains.emplace_back(std::nullopt);
  int image = 0;
  for (const auto& dom : domains) {
    const auto* s = pick(guide, dom, variant);
    if (s == nullptr) continue;
    const auto* link = guide.link_of(*s);
    ScenarioInstance inst;
    inst.link = link->name;
    inst.scenario = s->name;
    inst.instance = fmt::format("面向{}的{}应用", dom.value_or("多环节协同"), s->name);
    inst.supplier =
        Supplier{fmt::format("{}{}数字科技有限公司", city, kBrands[(variant + 1) % kBrands.size()]),
                 "王工", "13900139000"};
    inst.start = fmt::format("{}-03-01", last_year - 2);
    inst.end = fmt::format("{}-10-31", last_year);
    inst.investment = 860 + 120 * image;
    auto item = [&](const std::string& key, std::string_view body) {
      return fit(repeat_to(body, 40), limit_of(form, "scenarios[]." + key));
    };
    inst.description = item(
        "description", fmt::format("针对{}环节的实际需求，本场景{}", link->name, s->description));
    inst.pain_points =
        item("pain_points",
             fmt::format("建设前，{}环节依赖人工经验，数据分散在多个系统，响应慢、质量波动大、"
                         "成本偏高，难以满足订单多品种小批量的交付要求。",
                         link->name));
    inst.solution =
        item("solution",
             fmt::format("由{}实施，{}同时与制造执行系统、企业资源计划系统集成，实现数据贯通。",
                         inst.supplier.name, s->description));
    inst.guarantees =
        item("guarantees",
             "成立专项工作组，制定场景运行管理制度和操作规程，开展全员培训，建立考核激励机制。");
    inst.results =
        item("results",
             "建成后相关工序效率提升百分之二十五，产品不良率下降百分之十八，人员减少百分之三十，"
             "年节约成本约三百万元。");
    inst.other =
        item("other", "场景经验已推广到公司另外两个车间，带动上下游三家配套企业开展数字化改造。");
    inst.economics = item(
        "economics",
        "场景投资约八百六十万元，预计三年收回投资；采用通用装备和标准接口，适合在同行业推广应用。");
    inst.key_needs =
        item("key_needs",
             "需要进一步引入工业机理模型、边缘计算设备和国产工业软件，完善数据模型和知识库。");
    inst.images = {fmt::format("att-image-{}", image)};
    d.attachments.push_back(Attachment{fmt::format("att-image-{}", image), "scenario_image",
                                       fmt::format("场景{}配图.png", image + 1),
                                       std::string(64, 'a'), "image/png", 182044});
    ++image;
    d.factory.covered.push_back(ScenarioRef{link->name, s->name});
    d.scenarios.push_back(std::move(inst));
  }

  auto& f = d.factory;
  f.name = factory;
  f.level = "工厂级";
  f.sector = e.sector.empty() ? "装备制造" : e.sector;
  if (p.coarse != nullptr && std::find(p.coarse->items.begin(), p.coarse->items.end(), f.sector) ==
                                 p.coarse->items.end()) {
    f.sector = p.coarse->items.front();
  }
  f.sub_sector = "输配电及控制设备制造";
  f.address = e.address;
  f.integrators = {d.scenarios.empty() ? "" : d.scenarios.front().supplier.name,
                   "国家电工装备系统集成有限公司"};
  f.start = fmt::format("{}-01-01", last_year - 2);
  f.end = fmt::format("{}-12-31", last_year);
  {
    const auto last = time::parse_date(f.end);
    if (last && std::chrono::sys_days{*last} > std::chrono::sys_days{declared}) {
      f.end = time::format_date(
          std::chrono::year_month_day{std::chrono::sys_days{declared} - std::chrono::days{30}});
    }
  }
  f.investment = 12800;
  struct K {
    int number;
    double before;
    double after;
  };
  for (const auto& k : {K{1, 62, 91}, K{3, 10, 35}, K{4, 2, 9}, K{7, 100, 128}, K{9, 1.8, 0.9},
                        K{13, 90, 98.5}, K{16, 0.52, 0.43}}) {
    const auto* kpi = p.kpis->find(k.number);
    if (kpi == nullptr) continue;
    const double change = std::round((k.after - k.before) / k.before * 10000.0) / 100.0;
    f.kpis.push_back(KpiValue{k.number, k.before, k.after, change});
  }
  f.other_kpis.push_back(OtherKpi{"订单交付周期", "天", "reduce", 30, 21, -30});
  f.summary = fit(fmt::format("{}"
                              "围绕输配电装备多品种小批量生产特点，建设覆盖研发设计、生产作业、生产"
                              "管理、运营管理和工厂建设的智能工厂，"
                              "部署五轴加工中心、协作机器人、智能仓储和能源管控系统，建成制造执行、"
                              "产品生命周期管理和供应链协同平台，"
                              "实现设计、生产、经营数据贯通。建成后生产效率提升百分之二十八，产品不"
                              "良率下降百分之五十，单位产品综合能耗"
                              "降低百分之十七，订单准时交付率达到百分之九十八点五。",
                              factory),
                  limit_of(form, "factory.summary"));

  auto& n = d.narrative;
  auto narrative = [&](const std::string& key, std::string_view body) {
    return fit(repeat_to(body, 60), limit_of(form, "narrative." + key));
  };
  n.background = narrative(
      "background",
      "公司产品规格多、批量小、交期短，原有生产方式依赖人工经验，设备联网率低，计划、质量、仓储数据"
      "分散在多个系统，订单交付周期长、质量一致性差、能耗偏高，难以支撑企业高质量发展。");
  n.overall_plan = narrative(
      "overall_plan",
      "项目以“数据驱动、精益运营”为目标，按照统一规划、分步实施的原则，构建设备层、控制层、"
      "执行层、管理层和决策层五层架构，建设工业互联网平台和数据中心，打通研发、生产、经营数据；"
      "成立由总经理任组长的领导小组，配备专职团队，落实网络安全和数据安全分级防护。");
  n.overall = narrative("overall", n.overall_plan + n.background);
  n.system_integration =
      narrative("system_integration",
                "以工业互联网平台为枢纽，实现产品生命周期管理、制造执行、企业资源计划、"
                "仓储管理和能源管理系统的数据集成，多个场景之间共享主数据和实时数据。");
  n.advancement =
      narrative("advancement",
                "项目在多品种小批量离散装配领域形成了柔性生产、在线检测和智能排产的系统解决方案，"
                "关键指标处于省内同行业领先水平，核心工业软件采用国产安全可控产品。");
  n.results = narrative(
      "results",
      "项目投资回报期约三年，生产效率提升百分之二十八，运营成本下降百分之十五，全员劳动生产率提升"
      "百分之三十，突破了柔性装配和在线检测等关键技术。");
  n.goals = Goals{
      narrative("goals.targets", "三年内建成卓越级智能工厂，关键设备数控化率达到百分之九十五。"),
      narrative("goals.plan",
                "下一步建设数字孪生工厂和人工智能质量分析平台，计划投资八千万元，其中申请银行贷款三"
                "千万元。"),
      narrative("goals.growth",
                "随着新型电力系统建设加快，公司订单年均增长百分之十五以上，成长空间广阔。"),
      narrative(
          "goals.promotion",
          "通过行业协会和供应链合作向上下游企业推广解决方案，计划带动十家企业开展智能化改造。")};
  n.supply_chain =
      narrative("supply_chain",
                "建设供应链协同平台，与主要供应商共享需求预测和库存数据，实现采购协同和物流跟踪。");

  // Appendix tables, one row per scenario where the form has them.
  auto cell = [&](const std::string& table, const std::string& col, std::string_view body) {
    return fit(body, limit_of(form, fmt::format("appendix.{}[].{}", table, col)));
  };
  if (form.table("scenario_rows") != nullptr) {
    for (const auto& s : d.scenarios) {
      d.appendix.scenario_rows.push_back(
          ScenarioRow{fmt::format("{}-{}-{}", s.link, s.scenario, s.instance),
                      cell("scenario_rows", "description", s.description),
                      cell("scenario_rows", "pain_points", s.pain_points),
                      cell("scenario_rows", "solution", s.solution),
                      cell("scenario_rows", "guarantees", s.guarantees),
                      cell("scenario_rows", "results", s.results),
                      cell("scenario_rows", "other", s.other), ""});
    }
  }
  if (form.table("equipment") != nullptr) {
    for (const auto& s : d.scenarios) {
      d.appendix.equipment.push_back(EquipmentRow{
          fmt::format("{}-{}-{}", s.link, s.scenario, s.instance), "工业互联网平台及边缘计算网关",
          "华拓", s.supplier.name, "工业人工智能",
          cell("equipment", "application", "用于采集设备和工艺数据，支撑实时分析与优化。"), ""});
    }
  }
  if (form.table("technologies") != nullptr) {
    d.appendix.technologies.push_back(
        ParameterRow{"多品种混线柔性装配技术", "换型时间≤15分钟；装配节拍120秒", ""});
    d.appendix.standards.push_back(
        StandardRow{"智能开关柜数字化车间通用要求", "团标", "已发布", "T/XXXX 001-2024", ""});
    d.appendix.patents.push_back(
        PatentRow{"一种开关柜柔性装配系统", "发明", "已发布", "ZL202310000000.0", ""});
  }

  // Attachments the form asks for, and the maturity report the evidence names.
  for (const auto& spec : form.attachments) {
    if (!spec.required && spec.kind != "other_proof") continue;
    d.attachments.push_back(Attachment{fmt::format("att-{}", spec.kind), spec.kind,
                                       fmt::format("{}.pdf", spec.kind), std::string(64, 'b'),
                                       "application/pdf", 245760});
  }
  if (d.attachment("att-maturity_report") == nullptr) {
    d.attachments.push_back(Attachment{"att-maturity_report", "maturity_report",
                                       "智能制造能力成熟度评估报告.pdf", std::string(64, 'c'),
                                       "application/pdf", 512000});
  }
  d.pledge = Pledge{true, "张建国", declared_s};
  return d;
}

}  // namespace tidu::declaration
