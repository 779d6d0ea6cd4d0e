// The round's own conditions: its window, which round and form the document is for,
// prerequisites (earlier titles or tiers) and factories already recognised.
#include <algorithm>

#include "core/time.hpp"
#include "rules/context.hpp"

namespace tidu::rules::detail {
namespace {

bool satisfies(const rounds::PrerequisiteOption& opt, const Context& c) {
  auto in_years = [&](const std::optional<int>& year) {
    if (!opt.year_from && !opt.year_to) return true;
    if (!year) return false;
    return (!opt.year_from || *year >= *opt.year_from) && (!opt.year_to || *year <= *opt.year_to);
  };
  auto titles_match = [&](const std::vector<declaration::Title>& titles) {
    return std::any_of(titles.begin(), titles.end(), [&](const declaration::Title& t) {
      return t.kind == opt.title && in_years(t.year);
    });
  };
  auto recognitions_match = [&](const std::vector<declaration::Recognition>& recs) {
    const auto* wanted = c.p().requirements->tier(opt.recognition);
    return std::any_of(recs.begin(), recs.end(), [&](const declaration::Recognition& r) {
      const auto* tier = c.p().requirements->tier(r.tier);
      return tier != nullptr && wanted != nullptr && tier->rank >= wanted->rank && in_years(r.year);
    });
  };
  if (!opt.title.empty())
    return titles_match(c.d().enterprise.titles) || titles_match(c.in.registry.titles);
  return recognitions_match(c.d().enterprise.recognitions) ||
         recognitions_match(c.in.registry.recognitions);
}

void window(const Context& c) {
  const auto& r = c.round();
  if (r.opens && c.in.now < *r.opens) {
    c.add("ROUND_CLOSED", Severity::kError, "$",
          fmt::format("本批次申报尚未开始：{}起开始受理。",
                      time::format_date_zh(time::beijing_date(*r.opens))),
          r.window_clause);
  } else if (r.closes && c.in.now > *r.closes) {
    c.add("ROUND_CLOSED", Severity::kError, "$",
          fmt::format("本批次申报已于{}截止（北京时间 {}），逾期不予接收。",
                      time::format_date_zh(time::beijing_date(*r.closes)),
                      time::format_instant(*r.closes)),
          r.window_clause);
  }
}

void identity(const Context& c) {
  const auto& d = c.d();
  if (!d.round.empty() && d.round != c.round().id) {
    c.add("ROUND_MISMATCH", Severity::kError, "$.round",
          fmt::format("申报书属于批次“{}”，不能按批次“{}”提交：请在正确的批次中申报。", d.round,
                      c.round().id),
          kFormatClause);
  }
  if (!d.form.empty() && d.form != c.form().id) {
    c.add("ROUND_MISMATCH", Severity::kError, "$.form",
          fmt::format("申报书使用模板“{}”，本批次使用“{}”：请按本批次的申报书模板填写。", d.form,
                      c.form().id),
          kFormatClause);
  }
}

void prerequisites(const Context& c) {
  for (const auto* rule : c.round().rules_of("prerequisite")) {
    if (std::any_of(rule->any_of.begin(), rule->any_of.end(),
                    [&](const auto& o) { return satisfies(o, c); })) {
      continue;
    }
    const bool error = rule->severity == rounds::Severity::kError;
    c.add("PREREQUISITE_MISSING", error ? Severity::kError : Severity::kWarning,
          "$.enterprise.titles",
          error ? fmt::format("不满足申报前提：{}。请在“入选项目/"
                              "已完成的自建自评或认定”中填写相应记录（含年份），"
                              "并后附证明材料。",
                              rule->text)
                : fmt::format("本批次要求“{}”，申报书中没有相应记录：请补充，或由审核人员判断。",
                              rule->text),
          rule->clause);
  }
}

void already_recognised(const Context& c) {
  const auto& req = *c.p().requirements;
  auto factory_name = c.d().factory.name;
  for (const auto* rule : c.round().rules_of("not_already_recognised")) {
    const auto* min = req.tier(rule->min_tier);
    if (min == nullptr) continue;
    auto hit = [&](const declaration::Recognition& r) {
      const auto* tier = req.tier(r.tier);
      if (r.kind != "recognised" || tier == nullptr || tier->rank < min->rank) return false;
      return rule->scope == "enterprise" || r.factory.empty() || r.factory == factory_name;
    };
    const declaration::Recognition* found = nullptr;
    for (const auto* list : {&c.d().enterprise.recognitions, &c.in.registry.recognitions}) {
      for (const auto& r : *list) {
        if (found == nullptr && hit(r)) found = &r;
      }
    }
    if (found != nullptr) {
      const auto* tier = req.tier(found->tier);
      c.add(
          "ALREADY_RECOGNISED", Severity::kError, "$.enterprise.recognitions",
          fmt::format("{}{}已被认定为{}智能工厂{}，无需申报本批次{}。",
                      rule->scope == "enterprise" ? "本企业" : "该工厂",
                      found->year ? fmt::format("于{}年", *found->year) : std::string{}, tier->name,
                      found->issuer.empty() ? "" : fmt::format("（{}）", found->issuer),
                      c.p().tier->name),
          rule->clause);
    }
  }
}

}  // namespace

void eligibility_rules(const Context& c) {
  window(c);
  identity(c);
  prerequisites(c);
  already_recognised(c);
}

}  // namespace tidu::rules::detail
