#pragma once
// A declaration form template (申报书模板) as data: sections in the form's order with their
// numbering and headings, the fields each holds with limits and whether they are required,
// the scenario items, appendix tables, attachments and footnotes.
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace tidu::rounds {

/// A field of the form: a path into the declaration with its label, limit and clause.
struct FieldSpec {
  std::string path;  ///< "enterprise.profile", "scenarios[].description"
  std::string label;
  std::optional<std::size_t> limit;  ///< in 字
  bool required = false;
  bool platform = false;  ///< asked by the platform, not printed on the paper form
  std::string hint;
  std::string choices;  ///< name of a choice list (ownership, size_class, coarse_industries, …)
  std::string clause;
};

/// A group of scenario instances in the form's scenario part (one per domain, or the optional
/// 多环节模式创新 group with no domain).
struct ScenarioGroup {
  std::optional<std::string> domain;
  std::string heading;
  std::string hint;
  bool bonus = false;
};

/// A section of the form, possibly nested.
struct Section {
  std::string id;
  std::string heading;
  std::string hint;
  bool bonus = false;
  bool attachments = false;  ///< lists the attachments here
  std::vector<FieldSpec> fields;
  std::vector<ScenarioGroup> scenario_groups;
  std::vector<std::string> tables;  ///< appendix table ids placed here
  std::vector<Section> sections;
};

/// One of the items every scenario instance has (场景实例描述, 解决的痛点问题描述, …).
struct ScenarioItem {
  std::string key;
  int number = 0;
  std::string label;
  std::optional<std::size_t> limit;
  bool required = false;
  bool images = false;
  std::string hint;
};

struct TableColumn {
  std::string key;
  std::string label;
  std::optional<std::size_t> limit;
  bool required = false;
  std::vector<std::string> choices;
};

/// An appendix table (附表).
struct TableSpec {
  std::string id;
  std::string title;
  bool required = false;
  std::vector<TableColumn> columns;
};

struct AttachmentSpec {
  std::string kind;
  std::string name;  ///< may contain {first_year} and {last_year}
  bool required = false;
};

struct Footnote {
  int number = 0;
  std::string text;
};

struct ChoiceItem {
  std::string id;
  std::string name;
};

/// A complete form template.
struct FormTemplate {
  std::string id;
  std::string title;
  std::string document;  ///< cited with every clause of this form
  std::string issuer;
  std::string edition_year;
  std::string derived_from;
  std::string coarse_industries;  ///< id of the coarse industry list
  std::vector<ChoiceItem> title_kinds;
  std::vector<FieldSpec> cover;
  std::vector<Section> sections;
  std::string scenario_heading;
  std::vector<FieldSpec> scenario_info;
  std::vector<ScenarioItem> scenario_items;
  std::vector<TableSpec> tables;
  std::vector<AttachmentSpec> attachments;
  std::string pledge_text;
  std::vector<Footnote> footnotes;
  std::vector<std::string> financial_columns;

  /// Every field rule by path pattern ("scenarios[].description"), built when loaded.
  std::unordered_map<std::string, FieldSpec> rules;
  /// The same rules by field slot (declaration/field_index.hpp); an empty path means no rule.
  std::vector<FieldSpec> rules_by_slot;

  [[nodiscard]] const TableSpec* table(std::string_view table_id) const;
  /// True when some section or scenario group names this domain (or the no-domain group).
  [[nodiscard]] bool has_scenario_group(const std::optional<std::string>& domain) const;
  /// The sections' scenario groups in form order.
  [[nodiscard]] std::vector<const ScenarioGroup*> scenario_groups() const;
  /// True when the form asks for this path at all (cover, sections or scenario info).
  [[nodiscard]] bool asks_for(std::string_view pattern) const {
    return rules.contains(std::string(pattern));
  }
};

/// Builds `rules` from the cover, sections, scenario info, scenario items and tables, filling in
/// each rule's clause from the form's document and the section heading it stands under.
void compile_rules(FormTemplate& form);

}  // namespace tidu::rounds
