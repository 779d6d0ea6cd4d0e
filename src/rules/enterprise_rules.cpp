// Rules about the enterprise: identity, region, scale, size class, finances, record and maturity.
#include <algorithm>
#include <array>

#include "core/credit_code.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "rules/context.hpp"

namespace tidu::rules::detail {
namespace {

constexpr const char* kCreditCodeClause = "GB 32100-2015《法人和其他组织统一社会信用代码编码规则》";

const char* size_name(std::string_view id) {
  if (id == "large") return "大型企业";
  if (id == "medium") return "中型企业";
  if (id == "small") return "小型企业";
  if (id == "micro") return "微型企业";
  return "";
}

void credit_code(const Context& c) {
  const auto& code = c.d().enterprise.credit_code;
  if (text::blank(code)) return;  // FIELD_REQUIRED reports it
  switch (credit_code::check(code)) {
    case credit_code::Verdict::kValid:
      break;
    case credit_code::Verdict::kBadFormat:
      c.add(
          "ENTERPRISE_CREDIT_CODE_FORMAT", Severity::kError, "$.enterprise.credit_code",
          fmt::format(
              "统一社会信用代码“{}”格式不对：应为 18 位，只含数字和大写字母（不含 I、O、Z、S、V），"
              "请对照营业执照填写。",
              code),
          kCreditCodeClause);
      break;
    case credit_code::Verdict::kBadCheckDigit:
      c.add("ENTERPRISE_CREDIT_CODE_CHECKSUM", Severity::kWarning, "$.enterprise.credit_code",
            fmt::format("统一社会信用代码“{}”的校验位不符（按规则应为“{}"
                        "”）。部分早期试点代码合法但不符合校验规则，"
                        "请审核人员对照营业执照确认。",
                        code, credit_code::expected_check_character(code)),
            kCreditCodeClause);
      break;
  }
}

void region(const Context& c) {
  const auto& e = c.d().enterprise;
  if (text::blank(e.region)) return;
  const auto& regions = *c.p().regions;
  if (regions.find(e.region) == nullptr) {
    c.add("FIELD_INVALID", Severity::kError, "$.enterprise.region",
          fmt::format("所在地区代码“{}”不在区划目录中：请从区划列表中选择。", e.region),
          "GB/T 2260《中华人民共和国行政区划代码》");
    return;
  }
  if (!regions.within(e.region, c.round().region)) {
    c.add("ENTERPRISE_REGION_OUT_OF_SCOPE", Severity::kError, "$.enterprise.region",
          fmt::format(
              "企业所在地“{}”不在本批次申报范围“{}”内：只有在该区域注册、生产经营的企业可以申报。",
              regions.full_name(e.region), regions.full_name(c.round().region)),
          c.round_clause("legal_person", c.round().notice.number));
  }
}

void scale_and_size(const Context& c) {
  const auto& e = c.d().enterprise;
  const auto& sizes = *c.p().sizes;
  const auto* latest = c.latest_financial_year();
  if (latest != nullptr && latest->main_revenue &&
      *latest->main_revenue < sizes.above_scale_min_revenue) {
    const auto* basic = c.p().requirements->basic("above_scale");
    c.add(
        "ENTERPRISE_NOT_ABOVE_SCALE", Severity::kError,
        fmt::format("$.enterprise.financials[{}].main_revenue", latest - e.financials.data()),
        fmt::format("{}年主营业务收入 {} 万元，低于规模以上工业企业标准 {} "
                    "万元：申报主体应为规模以上工业企业。",
                    latest->year, number_text(*latest->main_revenue),
                    number_text(sizes.above_scale_min_revenue)),
        c.round_clause("above_scale", basic != nullptr ? basic->clause : sizes.above_scale_clause));
  }
  if (!text::blank(e.size_class) && sizes.find(e.size_class) == nullptr) {
    c.add(
        "FIELD_INVALID", Severity::kError, "$.enterprise.size_class",
        fmt::format(
            "企业类型“{}”无效：应为 large（大型）、medium（中型）、small（小型）或 micro（微型）。",
            e.size_class),
        sizes.clause);
    return;
  }
  if (text::blank(e.size_class) || !e.employees || latest == nullptr || !latest->main_revenue)
    return;
  const auto& computed = sizes.classify(*e.employees, *latest->main_revenue);
  const auto* declared = sizes.find(e.size_class);
  if (declared != nullptr && declared->id != computed.id) {
    c.add("ENTERPRISE_SIZE_MISMATCH", Severity::kError, "$.enterprise.size_class",
          fmt::format("企业类型填为{}，但从业人员 {} 人、{}年营业收入 {} "
                      "万元按划分标准属于{}：请更正企业类型，"
                      "或核对从业人员和收入数据。",
                      size_name(declared->id), *e.employees, latest->year,
                      number_text(*latest->main_revenue), computed.name),
          sizes.clause);
  }
}

void financials(const Context& c) {
  const auto& e = c.d().enterprise;
  const auto& columns = c.form().financial_columns;
  constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kNames = {
      {{"total_assets", "资产总额"},
       {"debt_ratio", "负债率"},
       {"main_revenue", "主营业务收入"},
       {"profit_rate", "利润率"},
       {"profit", "利润"},
       {"taxes_paid", "实缴税金"}}};
  auto value = [](const declaration::FinancialYear& f,
                  std::string_view col) -> const std::optional<double>& {
    if (col == "total_assets") return f.total_assets;
    if (col == "debt_ratio") return f.debt_ratio;
    if (col == "main_revenue") return f.main_revenue;
    if (col == "profit_rate") return f.profit_rate;
    if (col == "profit") return f.profit;
    return f.taxes_paid;
  };
  std::vector<std::string> gaps;
  for (int year : c.round().financial_years) {
    const auto it =
        std::find_if(e.financials.begin(), e.financials.end(),
                     [&](const declaration::FinancialYear& f) { return f.year == year; });
    if (it == e.financials.end()) {
      gaps.push_back(fmt::format("{}年（整年缺失）", year));
      continue;
    }
    std::string missing;
    for (const auto& col : columns) {
      if (value(*it, col)) continue;
      const auto n = std::find_if(kNames.begin(), kNames.end(),
                                  [&](const auto& kv) { return kv.first == col; });
      if (!missing.empty()) missing += "、";
      missing += n != kNames.end() ? std::string(n->second) : col;
    }
    if (!missing.empty()) gaps.push_back(fmt::format("{}年的{}", year, missing));
  }
  if (!gaps.empty()) {
    std::string list;
    for (const auto& g : gaps) list += (list.empty() ? "" : "；") + g;
    c.add("ENTERPRISE_FINANCIALS_INCOMPLETE", Severity::kError, "$.enterprise.financials",
          fmt::format("近三年发展情况不完整，缺少：{}。请补齐{}—{}年的数据。", list,
                      c.round().financial_years.front(), c.round().financial_years.back()),
          fmt::format("{} 近三年发展情况；{}", c.form().document,
                      c.p().requirements->basic("sound_record") != nullptr
                          ? c.p().requirements->basic("sound_record")->clause
                          : ""));
  }
}

void record(const Context& c) {
  const auto& e = c.d().enterprise;
  const auto* sound = c.p().requirements->basic("sound_record");
  const std::string basic_clause = sound != nullptr ? sound->clause : "";
  if (e.accident.occurred.value_or(false)) {
    c.add("ENTERPRISE_ACCIDENT", Severity::kError, "$.enterprise.accident.occurred",
          e.accident.name.empty()
              ? std::string("申报主体近三年发生过较大及以上安全、环保等事故，不符合申报条件。")
              : fmt::format("申报主体近三年发生过事故（{}"
                            "），不符合“无较大及以上安全、环保等事故”的申报条件。",
                            e.accident.name),
          c.round_clause("no_accidents", basic_clause));
  }
  for (const auto* r : c.round().rules_of("no_accidents")) {
    if (r->include_fatal && e.accident.fatal.value_or(false) &&
        !e.accident.occurred.value_or(false)) {
      c.add("ENTERPRISE_ACCIDENT", Severity::kError, "$.enterprise.accident.fatal",
            "申报主体近三年发生过亡人事故，本批次要求“无亡人或较大及以上安全，环保等事故”。",
            r->clause);
    }
  }
  if (c.in.registry.blacklisted) {
    c.add("ENTERPRISE_BAD_CREDIT", Severity::kError, "$.enterprise.credit_code",
          fmt::format("申报主体在失信名单中（来源：{}），不符合“无不良信用记录”的要求。",
                      c.in.registry.blacklist_source.empty() ? "导入的失信名单"
                                                             : c.in.registry.blacklist_source),
          basic_clause);
  }
}

void maturity(const Context& c) {
  const auto& m = c.d().enterprise.maturity;
  int floor = c.p().tier->maturity_floor.level;
  std::string clause = c.p().tier->maturity_floor.clause;
  for (const auto* r : c.round().rules_of("maturity_floor")) {
    if (r->level >= floor) {
      floor = r->level;
      clause = r->clause;
    }
  }
  if (m.level && (*m.level < 1 || *m.level > 5)) {
    c.add("FIELD_INVALID", Severity::kError, "$.enterprise.maturity.level",
          fmt::format("成熟度等级 {} 无效：应为 1–5 级（GB/T 39116-2020）。", *m.level), clause);
    return;
  }
  if (m.level && *m.level < floor) {
    c.add("MATURITY_BELOW_FLOOR", Severity::kError, "$.enterprise.maturity.level",
          fmt::format("智能制造能力成熟度为{}级，本批次（{}）要求达到{}级及以上。", *m.level,
                      c.p().tier->name, floor),
          clause);
  }
  if (!m.level) return;
  bool has_evidence = false;
  for (std::size_t i = 0; i < m.evidence.size(); ++i) {
    if (c.d().attachment(m.evidence[i]) != nullptr) {
      has_evidence = true;
    } else {
      c.add(
          "MATURITY_EVIDENCE_MISSING", Severity::kError,
          fmt::format("$.enterprise.maturity.evidence[{}]", i),
          fmt::format("成熟度证明材料引用了不存在的附件“{}”：请重新上传评估报告。", m.evidence[i]),
          fmt::format("{} 智能制造能力成熟度评估结果（材料需后附）", c.form().document));
    }
  }
  if (!has_evidence && m.evidence.empty() && !c.d().has_attachment_of_kind("maturity_report")) {
    c.add(
        "MATURITY_EVIDENCE_MISSING", Severity::kError, "$.enterprise.maturity.evidence",
        "填报了成熟度等级，但没有后附智能制造能力成熟度评估报告或其他能力证明材料：请上传并关联。",
        fmt::format("{} 智能制造能力成熟度评估结果或其他能力证明材料（需后附）",
                    c.form().document));
  }
}

void codes_and_choices(const Context& c) {
  const auto& e = c.d().enterprise;
  constexpr std::array<std::string_view, 4> kOwnership = {"central_soe", "local_soe", "private",
                                                          "foreign_invested"};
  if (!text::blank(e.ownership) &&
      std::find(kOwnership.begin(), kOwnership.end(), e.ownership) == kOwnership.end()) {
    c.add("FIELD_INVALID", Severity::kError, "$.enterprise.ownership",
          fmt::format("企业性质“{}”无效：应为 "
                      "central_soe（中央企业）、local_soe（地方国企）、private（民营）或 "
                      "foreign_invested（三资）。",
                      e.ownership),
          fmt::format("{} 企业性质", c.form().document));
  }
  const auto& ind = *c.p().industries;
  if (!text::blank(e.industry.division) && ind.division(e.industry.division) == nullptr) {
    c.add(
        "FIELD_INVALID", Severity::kError, "$.enterprise.industry.division",
        fmt::format("行业大类代码“{}”不在 GB/T 4754-2017 的采矿业、制造业、电力燃气水三个门类中。",
                    e.industry.division),
        ind.clause);
  }
  if (!text::blank(e.industry.group) && (ind.group(e.industry.group) == nullptr ||
                                         !e.industry.group.starts_with(e.industry.division))) {
    c.add("FIELD_INVALID", Severity::kError, "$.enterprise.industry.group",
          fmt::format("行业中类代码“{}”不存在或不属于大类“{}”：请按 GB/T 4754-2017 选择。",
                      e.industry.group, e.industry.division),
          ind.clause);
  }
  if (!text::blank(e.founded) && !time::parse_date(e.founded)) {
    c.add("FIELD_INVALID", Severity::kError, "$.enterprise.founded",
          fmt::format("成立时间“{}”不是有效日期：格式为 YYYY-MM-DD。", e.founded),
          fmt::format("{} 成立时间", c.form().document));
  }
  if (c.p().coarse != nullptr) {
    auto check_sector = [&](const std::string& sector, const std::string& other, const char* path) {
      if (text::blank(sector)) return;
      const auto& items = c.p().coarse->items;
      const bool listed = std::find(items.begin(), items.end(), sector) != items.end();
      const bool other_ok =
          c.p().coarse->other_allowed && (sector == "其他") && !text::blank(other);
      if (!listed && !other_ok) {
        std::string list;
        for (const auto& i : items) list += (list.empty() ? "" : "、") + i;
        c.add("FIELD_INVALID", Severity::kError, path,
              fmt::format("所属行业“{}”不在本表的选项中：应为{}{}。", sector, list,
                          c.p().coarse->other_allowed ? "，或选“其他”并填写具体行业" : ""),
              c.p().coarse->clause);
      }
    };
    check_sector(e.sector, e.sector_other, "$.enterprise.sector");
    check_sector(c.d().factory.sector, c.d().factory.sector_other, "$.factory.sector");
  }
  // Titles the enterprise declares must be kinds the catalogue knows.
  for (std::size_t i = 0; i < e.titles.size(); ++i) {
    const auto& t = e.titles[i];
    const auto& kinds = *c.p().title_kinds;
    if (std::none_of(kinds.begin(), kinds.end(),
                     [&](const catalogue::TitleKind& k) { return k.id == t.kind; })) {
      c.add("FIELD_INVALID", Severity::kError, fmt::format("$.enterprise.titles[{}].kind", i),
            fmt::format("称号类型“{}”无效：请从称号列表中选择，或选 other 并填写名称。", t.kind),
            fmt::format("{} 是否入选国家级、省级智能制造相关项目", c.form().document));
    }
  }
}

}  // namespace

void enterprise_rules(const Context& c) {
  credit_code(c);
  region(c);
  scale_and_size(c);
  financials(c);
  record(c);
  maturity(c);
  codes_and_choices(c);
}

}  // namespace tidu::rules::detail
