#include "rounds/loader.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "declaration/field_index.hpp"

namespace tidu::rounds {
namespace {

using data::Cursor;

std::optional<std::size_t> read_limit(const Cursor& c) {
  auto v = c.optional_integer("limit");
  if (!v) return std::nullopt;
  if (*v <= 0 || *v > 100000) {
    c.at("limit").fault("字数上限应为 1–100000");
    return std::nullopt;
  }
  return static_cast<std::size_t>(*v);
}

FieldSpec read_field(const Cursor& c) {
  c.allow_only({"path", "label", "limit", "required", "platform", "hint", "choices", "clause",
                "footnote", "table", "checkboxes", "pledge"});
  FieldSpec f;
  f.path = c.required_string("path");
  f.label = c.required_string("label");
  f.limit = read_limit(c);
  f.required = c.bool_or("required", false);
  f.platform = c.bool_or("platform", false);
  f.hint = c.string_or("hint", "");
  f.choices = c.string_or("choices", "");
  f.clause = c.string_or("clause", "");
  const auto& patterns = declaration::field_patterns();
  if (!f.path.empty() && !patterns.contains(f.path)) {
    c.at("path").fault(fmt::format("申报书格式中没有字段“{}”（见 docs/declaration.md）", f.path));
  }
  return f;
}

Section read_section(const Cursor& c) {
  c.allow_only({"id", "heading", "hint", "bonus", "attachments", "fields", "scenario_groups",
                "tables", "sections"});
  Section s;
  s.id = c.required_string("id");
  s.heading = c.required_string("heading");
  s.hint = c.string_or("hint", "");
  s.bonus = c.bool_or("bonus", false);
  s.attachments = c.bool_or("attachments", false);
  for (const auto& f : c.at("fields").items()) s.fields.push_back(read_field(f));
  for (const auto& g : c.at("scenario_groups").items()) {
    g.allow_only({"domain", "heading", "hint", "bonus"});
    s.scenario_groups.push_back(ScenarioGroup{g.optional_string("domain"),
                                              g.required_string("heading"), g.string_or("hint", ""),
                                              g.bool_or("bonus", false)});
  }
  s.tables = c.string_list("tables");
  for (const auto& sub : c.at("sections").items()) s.sections.push_back(read_section(sub));
  return s;
}

std::optional<time::Instant> read_instant(const Cursor& c, std::string_view key, bool end_of_day) {
  auto s = c.optional_string(key);
  if (!s) return std::nullopt;
  if (end_of_day && s->size() == 10) {
    if (auto d = time::parse_date(*s)) return time::end_of_day(*d);
  }
  auto t = time::parse_instant(*s);
  if (!t) c.at(key).fault("时间格式应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM:SS+08:00");
  return t;
}

Notice read_notice(const Cursor& c) {
  c.allow_only({"number", "title", "issuer", "date", "basis", "region", "contact"});
  Notice n;
  n.number = c.string_or("number", "");
  n.title = c.required_string("title");
  n.issuer = c.required_string("issuer");
  n.date = c.string_or("date", "");
  if (!n.date.empty() && !time::parse_date(n.date)) c.at("date").fault("日期格式应为 YYYY-MM-DD");
  n.basis = c.string_or("basis", "");
  n.region = c.string_or("region", "");
  n.contact = c.string_or("contact", "");
  return n;
}

Severity read_severity(const Cursor& c) {
  const std::string s = c.string_or("severity", "error");
  if (s == "warning") return Severity::kWarning;
  if (s != "error") c.at("severity").fault("应为 error 或 warning");
  return Severity::kError;
}

const std::set<std::string>& rule_kinds() {
  static const std::set<std::string> kinds = {"legal_person",        "prerequisite",
                                              "maturity_floor",      "coverage",
                                              "factory_name_suffix", "not_already_recognised",
                                              "above_scale",         "no_accidents",
                                              "factory_level",       "pledge"};
  return kinds;
}

EligibilityRule read_rule(const Cursor& c) {
  c.allow_only({"rule", "severity", "text", "clause", "level", "any_of", "required", "strength",
                "suffix", "forbidden", "min_tier", "scope", "allowed", "include_fatal"});
  EligibilityRule r;
  r.rule = c.required_string("rule");
  if (!r.rule.empty() && !rule_kinds().contains(r.rule)) {
    c.at("rule").fault(fmt::format("未知的资格规则“{}”", r.rule));
  }
  r.severity = read_severity(c);
  r.text = c.string_or("text", "");
  r.clause = c.required_string("clause");
  r.level = static_cast<int>(c.optional_integer("level").value_or(0));
  for (const auto& o : c.at("any_of").items()) {
    o.allow_only({"title", "recognition", "years"});
    PrerequisiteOption opt{o.string_or("title", ""), o.string_or("recognition", ""), {}, {}};
    const auto years = o.at("years").items();
    if (years.size() == 2) {
      opt.year_from =
          years[0].as_integer().transform([](long long v) { return static_cast<int>(v); });
      opt.year_to =
          years[1].as_integer().transform([](long long v) { return static_cast<int>(v); });
    } else if (o.at("years").present()) {
      o.at("years").fault("应为 [起始年, 截止年]");
    }
    if (opt.title.empty() == opt.recognition.empty())
      o.fault("每项须且只须给出 title 或 recognition 之一");
    r.any_of.push_back(std::move(opt));
  }
  r.required = c.string_list("required");
  if (c.string_or("strength", "must") == "in_principle")
    r.strength = catalogue::CoverageStrength::kInPrinciple;
  r.suffix = c.string_or("suffix", "");
  r.forbidden = c.string_list("forbidden");
  r.min_tier = c.string_or("min_tier", "");
  r.scope = c.string_or("scope", "factory");
  if (r.scope != "factory" && r.scope != "enterprise")
    c.at("scope").fault("应为 factory 或 enterprise");
  r.allowed = c.string_list("allowed");
  r.include_fatal = c.bool_or("include_fatal", false);
  if (r.rule == "maturity_floor" && (r.level < 1 || r.level > 5))
    c.at("level").fault("成熟度等级应为 1–5");
  if (r.rule == "prerequisite" && r.any_of.empty()) c.at("any_of").fault("前置条件至少需要一项");
  return r;
}

}  // namespace

FormTemplate read_form(const Cursor& c) {
  c.allow_only({"kind", "id", "title", "document", "issuer", "edition_year", "derived_from",
                "coarse_industries", "title_kinds", "cover", "sections", "scenario_heading",
                "scenario_info", "scenario_items", "tables", "attachments", "pledge_text",
                "footnotes", "financial_columns"});
  FormTemplate f;
  f.id = c.required_string("id");
  f.title = c.required_string("title");
  f.document = c.required_string("document");
  f.issuer = c.string_or("issuer", "");
  f.edition_year = c.string_or("edition_year", "");
  f.derived_from = c.string_or("derived_from", "");
  f.coarse_industries = c.string_or("coarse_industries", "");
  for (const auto& t : c.at("title_kinds").items()) {
    t.allow_only({"id", "name"});
    f.title_kinds.push_back(ChoiceItem{t.required_string("id"), t.required_string("name")});
  }
  for (const auto& x : c.at("cover").items()) f.cover.push_back(read_field(x));
  for (const auto& x : c.at("sections").items()) f.sections.push_back(read_section(x));
  if (f.sections.empty()) c.at("sections").fault("申报书至少需要一个部分");
  f.scenario_heading = c.string_or("scenario_heading", "");
  for (const auto& x : c.at("scenario_info").items()) f.scenario_info.push_back(read_field(x));
  const auto& patterns = declaration::field_patterns();
  for (const auto& x : c.at("scenario_items").items()) {
    x.allow_only({"key", "number", "label", "limit", "required", "images", "hint"});
    ScenarioItem item{
        x.required_string("key"),     static_cast<int>(x.optional_integer("number").value_or(0)),
        x.required_string("label"),   read_limit(x),
        x.bool_or("required", false), x.bool_or("images", false),
        x.string_or("hint", "")};
    if (!patterns.contains("scenarios[]." + item.key)) {
      x.at("key").fault(fmt::format("场景实例没有字段“{}”", item.key));
    }
    f.scenario_items.push_back(std::move(item));
  }
  for (const auto& t : c.at("tables").items()) {
    t.allow_only({"id", "title", "required", "columns"});
    TableSpec spec{
        t.required_string("id"), t.required_string("title"), t.bool_or("required", false), {}};
    if (!patterns.contains("appendix." + spec.id))
      t.at("id").fault(fmt::format("附表“{}”不存在", spec.id));
    for (const auto& col : t.at("columns").items()) {
      col.allow_only({"key", "label", "limit", "required", "choices"});
      TableColumn tc{col.required_string("key"), col.required_string("label"), read_limit(col),
                     col.bool_or("required", false), col.string_list("choices")};
      if (!patterns.contains(fmt::format("appendix.{}[].{}", spec.id, tc.key))) {
        col.at("key").fault(fmt::format("附表“{}”没有列“{}”", spec.id, tc.key));
      }
      spec.columns.push_back(std::move(tc));
    }
    f.tables.push_back(std::move(spec));
  }
  for (const auto& a : c.at("attachments").items()) {
    a.allow_only({"kind", "name", "required"});
    f.attachments.push_back(AttachmentSpec{a.required_string("kind"), a.required_string("name"),
                                           a.bool_or("required", false)});
  }
  f.pledge_text = c.string_or("pledge_text", "");
  for (const auto& n : c.at("footnotes").items()) {
    n.allow_only({"number", "text"});
    f.footnotes.push_back(Footnote{static_cast<int>(n.required_integer("number").value_or(0)),
                                   n.required_string("text")});
  }
  f.financial_columns = c.string_list("financial_columns");
  for (const auto& col : f.financial_columns) {
    if (!patterns.contains("enterprise.financials[]." + col)) {
      c.at("financial_columns").fault(fmt::format("财务数据没有列“{}”", col));
    }
  }
  compile_rules(f);
  return f;
}

Round read_round(const Cursor& c) {
  c.allow_only({"kind",          "id",
                "name",          "year",
                "tier",          "region",
                "notice",        "relays",
                "catalogue",     "catalogue_note",
                "form",          "form_title",
                "form_document", "financial_years",
                "window",        "route",
                "quotas",        "exemptions",
                "eligibility",   "summary_table",
                "paper",         "reports",
                "uploads"});
  Round r;
  r.id = c.required_string("id");
  r.name = c.required_string("name");
  r.year = static_cast<int>(c.required_integer("year").value_or(0));
  r.tier = c.required_string("tier");
  r.region = c.required_string("region");
  r.notice = read_notice(c.at("notice"));
  for (const auto& n : c.at("relays").items()) r.relays.push_back(read_notice(n));
  const Cursor cat = c.at("catalogue");
  cat.allow_only({"guide", "requirements", "kpis", "kpi_naming", "sizes", "industries"});
  r.catalogue = CatalogueRefs{cat.required_string("guide"), cat.required_string("requirements"),
                              cat.required_string("kpis"),  cat.string_or("kpi_naming", ""),
                              cat.required_string("sizes"), cat.required_string("industries")};
  r.catalogue_note = c.string_or("catalogue_note", "");
  r.form = c.required_string("form");
  r.form_title = c.string_or("form_title", "");
  r.form_document = c.string_or("form_document", "");
  for (const auto& y : c.at("financial_years").items()) {
    if (auto v = y.as_integer()) r.financial_years.push_back(static_cast<int>(*v));
  }
  if (r.financial_years.empty()) c.at("financial_years").fault("至少需要一个财务年度");
  const Cursor w = c.at("window");
  w.allow_only({"opens", "closes", "clause"});
  r.opens = read_instant(w, "opens", false);
  r.closes = read_instant(w, "closes", true);
  if (!w.at("closes").present()) w.fault("缺少截止时间 closes");
  if (r.opens && r.closes && *r.opens >= *r.closes) w.at("closes").fault("截止时间应晚于开始时间");
  r.window_clause = w.required_string("clause");
  const Cursor route = c.at("route");
  route.allow_only({"levels", "direct"});
  static const std::set<std::string> region_kinds = {"township", "county", "city", "province",
                                                     "nation"};
  for (const auto& l : route.at("levels").items()) {
    l.allow_only(
        {"id", "name", "region_kind", "authority", "joint", "duties", "deadline", "clause"});
    Level level{l.required_string("id"),
                l.required_string("name"),
                l.required_string("region_kind"),
                l.string_or("authority", ""),
                l.string_list("joint"),
                l.string_list("duties"),
                read_instant(l, "deadline", true),
                l.required_string("clause")};
    if (!region_kinds.contains(level.region_kind)) {
      l.at("region_kind").fault("应为 township/county/city/province/nation");
    }
    r.levels.push_back(std::move(level));
  }
  if (r.levels.empty()) route.at("levels").fault("路线至少需要一个审核层级");
  for (const auto& d : route.at("direct").items()) {
    d.allow_only({"id", "name", "acts_as", "description", "clause"});
    r.direct.push_back(DirectRoute{d.required_string("id"), d.required_string("name"),
                                   d.required_string("acts_as"), d.string_or("description", ""),
                                   d.required_string("clause")});
  }
  const Cursor q = c.at("quotas");
  q.allow_only({"ranked", "level", "limits", "default_limit", "clause"});
  r.quotas.ranked = q.bool_or("ranked", false);
  r.quotas.level = q.string_or("level", "");
  for (const auto& l : q.at("limits").items()) {
    l.allow_only({"region", "limit"});
    r.quotas.limits.push_back(QuotaLimit{
        l.required_string("region"), static_cast<int>(l.required_integer("limit").value_or(0))});
  }
  if (auto d = q.optional_integer("default_limit")) r.quotas.default_limit = static_cast<int>(*d);
  r.quotas.clause = q.required_string("clause");
  for (const auto& e : c.at("exemptions").items()) {
    e.allow_only(
        {"id", "name", "uses_quota", "must_apply", "remark", "declaration_flag", "clause"});
    r.exemptions.push_back(Exemption{e.required_string("id"), e.required_string("name"),
                                     e.bool_or("uses_quota", false), e.bool_or("must_apply", false),
                                     e.string_or("remark", ""), e.string_or("declaration_flag", ""),
                                     e.required_string("clause")});
  }
  for (const auto& e : c.at("eligibility").items()) r.eligibility.push_back(read_rule(e));
  const Cursor st = c.at("summary_table");
  st.allow_only(
      {"title", "attachment", "header", "derived", "derivation", "columns", "notes", "formats"});
  r.summary_table.title = st.required_string("title");
  r.summary_table.attachment = st.string_or("attachment", "");
  r.summary_table.header = st.string_list("header");
  r.summary_table.derived = st.bool_or("derived", false);
  r.summary_table.derivation = st.string_or("derivation", "");
  for (const auto& col : st.at("columns").items()) {
    col.allow_only({"key", "label"});
    r.summary_table.columns.push_back(
        SummaryColumn{col.required_string("key"), col.required_string("label")});
  }
  if (r.summary_table.columns.empty()) st.at("columns").fault("汇总表至少需要一列");
  r.summary_table.notes = st.string_list("notes");
  r.summary_table.formats = st.string_list("formats");
  if (const Cursor up = c.at("uploads"); up.present()) {
    up.allow_only({"max_file_mb", "max_total_mb", "clause"});
    if (auto v = up.optional_integer("max_file_mb")) {
      if (*v < 1 || *v > 1024) up.fault("max_file_mb 应为 1–1024");
      r.uploads.max_file_bytes = static_cast<std::size_t>(*v) << 20;
    }
    if (auto v = up.optional_integer("max_total_mb")) {
      if (*v < 1 || *v > 16384) up.fault("max_total_mb 应为 1–16384");
      r.uploads.max_total_bytes = static_cast<std::size_t>(*v) << 20;
    }
    r.uploads.clause = up.string_or("clause", "");
  }
  const Cursor p = c.at("paper");
  p.allow_only({"copies", "note", "clause"});
  r.paper = Paper{static_cast<int>(p.optional_integer("copies").value_or(0)),
                  p.string_or("note", ""), p.string_or("clause", "")};
  for (const auto& x : c.at("reports").items()) {
    x.allow_only({"id", "title", "attachment", "due", "clause"});
    r.reports.push_back(Report{x.required_string("id"), x.required_string("title"),
                               x.string_or("attachment", ""), x.string_or("due", ""),
                               x.string_or("clause", "")});
  }
  return r;
}

std::optional<Policy> resolve(const Round& r, const std::map<std::string, FormTemplate>& forms,
                              const catalogue::Catalogue& cat, const Cursor& at) {
  Policy p;
  bool ok = true;
  auto need = [&](const void* ptr, std::string_view key, std::string message) {
    if (ptr == nullptr) {
      at.at(key).fault(std::move(message));
      ok = false;
    }
  };
  auto find = [](const auto& map, const std::string& key) -> decltype(&map.begin()->second) {
    auto it = map.find(key);
    return it == map.end() ? nullptr : &it->second;
  };
  p.round = &r;
  p.form = find(forms, r.form);
  need(p.form, "form", fmt::format("申报书模板“{}”不存在", r.form));
  p.guide = find(cat.guides, r.catalogue.guide);
  need(p.guide, "catalogue", fmt::format("场景指引版本“{}”不存在", r.catalogue.guide));
  p.requirements = find(cat.requirements, r.catalogue.requirements);
  need(p.requirements, "catalogue",
       fmt::format("要素条件版本“{}”不存在", r.catalogue.requirements));
  p.kpis = find(cat.kpis, r.catalogue.kpis);
  need(p.kpis, "catalogue", fmt::format("关键绩效指标参考版本“{}”不存在", r.catalogue.kpis));
  p.sizes = find(cat.sizes, r.catalogue.sizes);
  need(p.sizes, "catalogue", fmt::format("企业规模划分版本“{}”不存在", r.catalogue.sizes));
  p.industries = find(cat.industries, r.catalogue.industries);
  need(p.industries, "catalogue", fmt::format("行业分类版本“{}”不存在", r.catalogue.industries));
  p.regions = &cat.regions;
  p.title_kinds = &cat.title_kinds;
  need(cat.regions.find(r.region), "region", fmt::format("区划“{}”不存在", r.region));
  if (p.requirements != nullptr) {
    p.tier = p.requirements->tier(r.tier);
    need(p.tier, "tier", fmt::format("层级“{}”不在要素条件中", r.tier));
    for (const auto& rule : r.eligibility) {
      for (const auto& d : rule.required) {
        if (p.requirements->domain(d) == nullptr) {
          at.at("eligibility").fault(fmt::format("建设领域“{}”不存在", d));
          ok = false;
        }
      }
      if (!rule.min_tier.empty() && p.requirements->tier(rule.min_tier) == nullptr) {
        at.at("eligibility").fault(fmt::format("层级“{}”不存在", rule.min_tier));
        ok = false;
      }
      for (const auto& opt : rule.any_of) {
        if (!opt.title.empty() && cat.title_kind(opt.title) == nullptr) {
          at.at("eligibility").fault(fmt::format("称号类型“{}”不在 titles 目录中", opt.title));
          ok = false;
        }
        if (!opt.recognition.empty() && p.requirements->tier(opt.recognition) == nullptr) {
          at.at("eligibility").fault(fmt::format("层级“{}”不存在", opt.recognition));
          ok = false;
        }
      }
    }
  }
  if (p.guide != nullptr && p.guide->requirements_edition != r.catalogue.requirements) {
    at.at("catalogue")
        .fault(fmt::format("场景指引 {} 版的领域映射对应要素条件 {} 版，与本批次的 {} 版不一致",
                           p.guide->edition, p.guide->requirements_edition,
                           r.catalogue.requirements));
    ok = false;
  }
  for (const auto& q : r.quotas.limits) {
    if (cat.regions.find(q.region) == nullptr || !cat.regions.within(q.region, r.region)) {
      at.at("quotas").fault(fmt::format("名额所属区划“{}”不存在或不在本批次区域内", q.region));
      ok = false;
    }
  }
  if (p.form != nullptr && !p.form->coarse_industries.empty()) {
    p.coarse = find(cat.coarse_lists, p.form->coarse_industries);
    need(p.coarse, "form", fmt::format("行业列表“{}”不存在", p.form->coarse_industries));
  }
  if (!ok) return std::nullopt;
  return p;
}

Result<RoundSet> load_rounds(const std::filesystem::path& dir,
                             const catalogue::Catalogue& catalogue,
                             const std::vector<std::filesystem::path>& extra_round_dirs) {
  RoundSet set;
  std::vector<data::Fault> faults;
  std::vector<data::Document> round_docs;
  std::vector<std::pair<std::string, std::filesystem::path>> folders = {{"forms", dir / "forms"},
                                                                        {"rounds", dir / "rounds"}};
  for (const auto& extra : extra_round_dirs) folders.emplace_back("rounds", extra);
  for (const auto& [sub, folder] : folders) {
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) {
      return fail("DATA_DIR_MISSING", fmt::format("数据文件夹不存在：{}", folder.string()));
    }
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(folder)) {
      if (e.path().extension() == ".yaml") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      auto doc = data::load_yaml_file(file.string());
      if (!doc) return std::unexpected(doc.error());
      const auto c = doc->cursor();
      const std::string kind = c.required_string("kind");
      if (sub == "forms") {
        if (kind != "form_template") c.at("kind").fault("应为 form_template");
        FormTemplate f = read_form(c);
        if (!set.forms.emplace(f.id, f).second)
          c.at("id").fault(fmt::format("模板编号“{}”重复", f.id));
        faults.insert(faults.end(), doc->sink->faults().begin(), doc->sink->faults().end());
      } else {
        if (kind != "round") c.at("kind").fault("应为 round");
        Round r = read_round(c);
        r.source_file = file.string();
        if (!set.rounds.emplace(r.id, r).second)
          c.at("id").fault(fmt::format("批次编号“{}”重复", r.id));
        round_docs.push_back(std::move(*doc));
      }
    }
  }
  for (auto& doc : round_docs) {
    const auto c = doc.cursor();
    const std::string id = c.string_or("id", "");
    auto it = set.rounds.find(id);
    if (it != set.rounds.end()) {
      if (auto p = resolve(it->second, set.forms, catalogue, c)) set.policies.emplace(id, *p);
    }
    faults.insert(faults.end(), doc.sink->faults().begin(), doc.sink->faults().end());
  }
  if (!faults.empty()) return std::unexpected(data::to_error(faults));
  // A round that restates its form's title or citation gets its own copy of the form.
  for (const auto& [id, r] : set.rounds) {
    if (r.form_title.empty() && r.form_document.empty()) continue;
    FormTemplate copy = set.forms.at(r.form);
    if (!r.form_title.empty()) copy.title = r.form_title;
    if (!r.form_document.empty()) copy.document = r.form_document;
    compile_rules(copy);
    set.round_forms.emplace(r.form + "@" + id, std::move(copy));
  }
  // Policies point into the maps: resolve them once the maps are final.
  set.policies.clear();
  for (auto& doc : round_docs) {
    const auto c = doc.cursor();
    const auto& r = set.rounds.at(c.string_or("id", ""));
    auto p = *resolve(r, set.forms, catalogue, c);
    if (auto it = set.round_forms.find(r.form + "@" + r.id); it != set.round_forms.end()) {
      p.form = &it->second;
    }
    set.policies.emplace(r.id, p);
  }
  return set;
}

}  // namespace tidu::rounds
