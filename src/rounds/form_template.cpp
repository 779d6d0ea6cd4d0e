#include "rounds/form_template.hpp"

#include <fmt/format.h>

#include "declaration/field_index.hpp"

namespace tidu::rounds {
namespace {

void add_rule(FormTemplate& form, FieldSpec spec, const std::string& where) {
  if (spec.clause.empty()) spec.clause = fmt::format("{} {} {}", form.document, where, spec.label);
  std::string key = spec.path;
  form.rules.insert_or_assign(std::move(key), std::move(spec));
}

void walk(FormTemplate& form, const std::vector<Section>& sections, const std::string& parent) {
  for (const auto& s : sections) {
    const std::string where = parent.empty() ? s.heading : parent + s.heading;
    for (const auto& f : s.fields) add_rule(form, f, where);
    walk(form, s.sections, where);
  }
}

bool groups_have(const std::vector<Section>& sections, const std::optional<std::string>& domain) {
  for (const auto& s : sections) {
    for (const auto& g : s.scenario_groups) {
      if (g.domain == domain) return true;
    }
    if (groups_have(s.sections, domain)) return true;
  }
  return false;
}

void collect_groups(const std::vector<Section>& sections, std::vector<const ScenarioGroup*>& out) {
  for (const auto& s : sections) {
    for (const auto& g : s.scenario_groups) out.push_back(&g);
    collect_groups(s.sections, out);
  }
}

std::string scenario_section_heading(const std::vector<Section>& sections) {
  for (const auto& s : sections) {
    if (!s.scenario_groups.empty()) return s.heading;
  }
  return {};
}

}  // namespace

const TableSpec* FormTemplate::table(std::string_view table_id) const {
  for (const auto& t : tables) {
    if (t.id == table_id) return &t;
  }
  return nullptr;
}

bool FormTemplate::has_scenario_group(const std::optional<std::string>& domain) const {
  return groups_have(sections, domain);
}

std::vector<const ScenarioGroup*> FormTemplate::scenario_groups() const {
  std::vector<const ScenarioGroup*> out;
  collect_groups(sections, out);
  return out;
}

void compile_rules(FormTemplate& form) {
  form.rules.clear();
  form.rules_by_slot.assign(declaration::field_slot_count(), FieldSpec{});
  for (const auto& f : form.cover) add_rule(form, f, "封面");
  walk(form, form.sections, "");
  const std::string scen = scenario_section_heading(form.sections);
  for (const auto& f : form.scenario_info) add_rule(form, f, scen + " 场景基本信息");
  for (const auto& item : form.scenario_items) {
    FieldSpec spec;
    spec.path = "scenarios[]." + item.key;
    spec.label = item.label;
    spec.limit = item.limit;
    spec.required = item.required;
    spec.hint = item.hint;
    add_rule(form, std::move(spec), fmt::format("{} 场景实例 {}.", scen, item.number));
  }
  for (const auto& t : form.tables) {
    if (t.required) {
      FieldSpec spec;
      spec.path = "appendix." + t.id;
      spec.label = t.title;
      spec.required = true;
      add_rule(form, std::move(spec), "八、相关附表");
    }
    for (const auto& c : t.columns) {
      FieldSpec spec;
      spec.path = fmt::format("appendix.{}[].{}", t.id, c.key);
      spec.label = fmt::format("{}「{}」", t.title, c.label);
      spec.limit = c.limit;
      spec.required = c.required;
      spec.clause = fmt::format("{} {}「{}」", form.document, t.title, c.label);
      add_rule(form, std::move(spec), t.title);
    }
  }
  for (const auto& [pattern, spec] : form.rules) {
    const int slot = declaration::field_slot(pattern);
    if (slot >= 0) form.rules_by_slot[static_cast<std::size_t>(slot)] = spec;
  }
}

}  // namespace tidu::rounds
