#include "catalogue/loader.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "catalogue/regions.hpp"

namespace tidu::catalogue {
namespace {

using data::Cursor;

ScenarioGuide read_guide(const Cursor& c) {
  c.allow_only({"kind", "edition", "title", "source", "introduction", "requirements_edition",
                "domain_mapping_clause", "verified", "links", "note"});
  ScenarioGuide g;
  g.file = c.sink().file();
  g.edition = c.required_string("edition");
  g.title = c.required_string("title");
  g.source = c.string_or("source", "");
  g.introduction = c.string_or("introduction", "");
  g.requirements_edition = c.required_string("requirements_edition");
  g.mapping_clause = c.required_string("domain_mapping_clause");
  g.verified = c.bool_or("verified", true);
  std::set<int> link_numbers;
  std::set<int> scenario_numbers;
  std::set<std::string> names;
  const auto links = c.at("links").items();
  if (links.empty()) c.at("links").fault("至少需要一个环节");
  for (const auto& lc : links) {
    lc.allow_only({"number", "name", "domain", "footnote", "scenarios"});
    Link link;
    link.number = static_cast<int>(lc.required_integer("number").value_or(0));
    link.name = lc.required_string("name");
    link.domain = lc.optional_string("domain");
    link.footnote = lc.string_or("footnote", "");
    const YAML::Node where = lc.at("domain").present() ? lc.at("domain").node() : lc.node();
    link.line = where.Mark().line + 1;
    link.column = where.Mark().column + 1;
    if (!link_numbers.insert(link.number).second) lc.at("number").fault("环节序号重复");
    for (const auto& sc : lc.at("scenarios").items()) {
      sc.allow_only({"number", "name", "aliases", "description"});
      Scenario s;
      s.number = static_cast<int>(sc.required_integer("number").value_or(0));
      s.name = sc.required_string("name");
      s.aliases = sc.string_list("aliases");
      s.description = sc.string_or("description", "");
      s.link_number = link.number;
      if (!scenario_numbers.insert(s.number).second) sc.at("number").fault("场景序号重复");
      if (!names.insert(s.name).second)
        sc.at("name").fault(fmt::format("场景名称“{}”重复", s.name));
      for (const auto& a : s.aliases) {
        if (!names.insert(a).second)
          sc.at("aliases").fault(fmt::format("别名“{}”与其他场景重名", a));
      }
      link.scenario_numbers.push_back(s.number);
      g.scenarios.push_back(std::move(s));
    }
    if (link.scenario_numbers.empty()) lc.fault(fmt::format("环节“{}”没有场景", link.name));
    g.links.push_back(std::move(link));
  }
  std::sort(g.scenarios.begin(), g.scenarios.end(),
            [](const Scenario& a, const Scenario& b) { return a.number < b.number; });
  return g;
}

ElementConditions read_requirements(const Cursor& c) {
  c.allow_only({"kind", "edition", "title", "document", "domains", "basic_requirements", "tiers"});
  ElementConditions e;
  e.edition = c.required_string("edition");
  e.title = c.required_string("title");
  e.document = c.string_or("document", e.title);
  for (const auto& dc : c.at("domains").items()) {
    dc.allow_only({"id", "name", "order", "aliases"});
    e.domains.push_back(Domain{dc.required_string("id"), dc.required_string("name"),
                               static_cast<int>(dc.optional_integer("order").value_or(0)),
                               dc.string_list("aliases")});
  }
  if (e.domains.empty()) c.at("domains").fault("至少需要一个建设领域");
  for (const auto& bc : c.at("basic_requirements").items()) {
    bc.allow_only({"id", "text", "clause"});
    e.basic_requirements.push_back(
        {bc.required_string("id"), bc.required_string("text"), bc.required_string("clause")});
  }
  for (const auto& tc : c.at("tiers").items()) {
    tc.allow_only({"id", "name", "rank", "summary", "content", "coverage", "maturity_floor",
                   "effects", "kpi_benchmark"});
    Tier t;
    t.id = tc.required_string("id");
    t.name = tc.required_string("name");
    t.rank = static_cast<int>(tc.required_integer("rank").value_or(0));
    t.summary = tc.string_or("summary", "");
    for (const auto& [domain, text] : tc.at("content").entries()) {
      if (e.domain(domain) == nullptr) text.fault(fmt::format("“{}”不是本版本的建设领域", domain));
      t.content.emplace_back(domain, text.as_string());
    }
    const Cursor cov = tc.at("coverage");
    cov.allow_only({"required", "strength", "clause"});
    t.coverage.required = cov.string_list("required");
    for (std::size_t i = 0; i < t.coverage.required.size(); ++i) {
      if (e.domain(t.coverage.required[i]) == nullptr) {
        cov.at("required").fault(fmt::format("“{}”不是本版本的建设领域", t.coverage.required[i]));
      }
    }
    const std::string strength = cov.required_string("strength");
    if (strength == "must") {
      t.coverage.strength = CoverageStrength::kMust;
    } else if (strength == "in_principle") {
      t.coverage.strength = CoverageStrength::kInPrinciple;
    } else {
      cov.at("strength").fault("应为 must（须覆盖）或 in_principle（原则上覆盖）");
    }
    t.coverage.clause = cov.required_string("clause");
    const Cursor mf = tc.at("maturity_floor");
    mf.allow_only({"level", "clause"});
    t.maturity_floor.level = static_cast<int>(mf.required_integer("level").value_or(0));
    if (t.maturity_floor.level < 1 || t.maturity_floor.level > 5)
      mf.at("level").fault("成熟度等级应为 1–5");
    t.maturity_floor.clause = mf.required_string("clause");
    t.effects = tc.string_list("effects");
    t.kpi_benchmark = tc.string_or("kpi_benchmark", "");
    e.tiers.push_back(std::move(t));
  }
  std::sort(e.tiers.begin(), e.tiers.end(),
            [](const Tier& a, const Tier& b) { return a.rank < b.rank; });
  return e;
}

KpiReference read_kpis(const Cursor& c) {
  c.allow_only({"kind", "edition", "title", "clause", "change_tolerance", "categories",
                "indicators", "benchmarks"});
  KpiReference k;
  k.edition = c.required_string("edition");
  k.title = c.required_string("title");
  k.clause = c.required_string("clause");
  k.change_tolerance = c.optional_number("change_tolerance").value_or(0.5);
  for (const auto& cc : c.at("categories").items()) {
    cc.allow_only({"number", "names"});
    KpiCategory cat;
    cat.number = static_cast<int>(cc.required_integer("number").value_or(0));
    for (const auto& [edition, name] : cc.at("names").entries())
      cat.names[edition] = name.as_string();
    if (cat.names.empty()) cc.at("names").fault("至少需要一个名称");
    k.categories.push_back(std::move(cat));
  }
  std::set<int> numbers;
  for (const auto& ic : c.at("indicators").items()) {
    ic.allow_only({"number", "category", "name", "unit", "direction", "bounds", "integer"});
    Kpi kpi;
    kpi.number = static_cast<int>(ic.required_integer("number").value_or(0));
    if (!numbers.insert(kpi.number).second) ic.at("number").fault("指标序号重复");
    kpi.category = static_cast<int>(ic.required_integer("category").value_or(0));
    if (std::none_of(k.categories.begin(), k.categories.end(),
                     [&](const KpiCategory& cat) { return cat.number == kpi.category; })) {
      ic.at("category").fault("指标类别不存在");
    }
    kpi.name = ic.required_string("name");
    kpi.unit = ic.required_string("unit");
    const std::string dir = ic.required_string("direction");
    if (dir == "increase") {
      kpi.direction = Direction::kIncrease;
    } else if (dir == "reduce") {
      kpi.direction = Direction::kReduce;
    } else {
      ic.at("direction").fault("应为 increase（提升）或 reduce（降低）");
    }
    const auto bounds = ic.at("bounds").items();
    if (bounds.size() == 2) {
      if (bounds[0].present()) kpi.min = bounds[0].as_number();
      if (bounds[1].present()) kpi.max = bounds[1].as_number();
    } else if (ic.at("bounds").present()) {
      ic.at("bounds").fault("应为 [下限, 上限]，无限制处写 null");
    }
    kpi.integer = ic.bool_or("integer", false);
    k.indicators.push_back(std::move(kpi));
  }
  if (const Cursor b = c.at("benchmarks"); b.present()) {
    b.allow_only({"min_peers", "criteria"});
    k.benchmark_min_peers = static_cast<int>(b.optional_integer("min_peers").value_or(5));
    if (k.benchmark_min_peers < 1) b.at("min_peers").fault("至少为 1");
    for (const auto& [id, cc] : b.at("criteria").entries()) {
      cc.allow_only({"scope", "test", "percentile", "text", "clause", "note"});
      BenchmarkCriterion crit{.id = id,
                              .scope = cc.required_string("scope"),
                              .test = cc.required_string("test"),
                              .percentile = cc.optional_number("percentile").value_or(0),
                              .text = cc.required_string("text"),
                              .clause = cc.required_string("clause"),
                              .note = cc.string_or("note", "")};
      if (crit.scope != "province" && crit.scope != "nation")
        cc.at("scope").fault("应为 province（本省同行业）或 nation（全国同行业）");
      if (crit.test == "percentile") {
        if (crit.percentile <= 0 || crit.percentile >= 100)
          cc.at("percentile").fault("百分位应在 0 和 100 之间");
      } else if (crit.test != "above_mean") {
        cc.at("test").fault("应为 above_mean（高于平均）或 percentile（达到百分位）");
      }
      k.benchmarks.push_back(std::move(crit));
    }
  }
  return k;
}

SizeClasses read_sizes(const Cursor& c) {
  c.allow_only({"kind", "edition", "title", "clause", "classes", "above_scale"});
  SizeClasses s;
  s.edition = c.required_string("edition");
  s.title = c.required_string("title");
  s.clause = c.required_string("clause");
  for (const auto& cc : c.at("classes").items()) {
    cc.allow_only({"id", "name", "min_employees", "min_revenue"});
    s.classes.push_back(SizeClass{cc.required_string("id"), cc.required_string("name"),
                                  cc.required_integer("min_employees").value_or(0),
                                  cc.optional_number("min_revenue").value_or(0)});
  }
  if (s.classes.empty()) c.at("classes").fault("至少需要一个规模类别");
  for (std::size_t i = 1; i < s.classes.size(); ++i) {
    if (s.classes[i].min_employees > s.classes[i - 1].min_employees ||
        s.classes[i].min_revenue > s.classes[i - 1].min_revenue) {
      c.at("classes").fault("规模类别应从大到小排列");
    }
  }
  const Cursor as = c.at("above_scale");
  as.allow_only({"min_main_revenue", "clause"});
  s.above_scale_min_revenue = as.optional_number("min_main_revenue").value_or(0);
  s.above_scale_clause = as.required_string("clause");
  return s;
}

Industries read_industries(const Cursor& c) {
  c.allow_only({"kind", "edition", "title", "clause", "sections"});
  Industries ind;
  ind.edition = c.required_string("edition");
  ind.title = c.required_string("title");
  ind.clause = c.required_string("clause");
  std::set<std::string> codes;
  for (const auto& sc : c.at("sections").items()) {
    sc.allow_only({"code", "name", "divisions"});
    const std::string section = sc.required_string("code");
    ind.sections.emplace_back(section, sc.required_string("name"));
    for (const auto& dc : sc.at("divisions").items()) {
      dc.allow_only({"code", "name", "groups"});
      IndustryDivision d{section, dc.required_string("code"), dc.required_string("name"), {}};
      if (d.code.size() != 2 || !codes.insert(d.code).second)
        dc.at("code").fault("大类代码应为两位且不重复");
      for (const auto& gc : dc.at("groups").items()) {
        gc.allow_only({"code", "name"});
        IndustryGroup g{gc.required_string("code"), gc.required_string("name")};
        if (g.code.size() != 3 || !g.code.starts_with(d.code) || !codes.insert(g.code).second) {
          gc.at("code").fault("中类代码应为所属大类代码加一位且不重复");
        }
        d.groups.push_back(std::move(g));
      }
      ind.divisions.push_back(std::move(d));
    }
  }
  return ind;
}

void read_coarse(const Cursor& c, Catalogue& out) {
  c.allow_only({"kind", "edition", "lists"});
  for (const auto& lc : c.at("lists").items()) {
    lc.allow_only({"id", "title", "clause", "other_allowed", "items"});
    CoarseIndustryList l{lc.required_string("id"), lc.required_string("title"),
                         lc.required_string("clause"), lc.bool_or("other_allowed", true),
                         lc.string_list("items")};
    out.coarse_lists[l.id] = std::move(l);
  }
}

template <class T>
void put_edition(std::map<std::string, T>& editions, T value, const Cursor& c) {
  if (value.edition.empty()) return;
  const std::string key = value.edition;
  if (!editions.emplace(key, std::move(value)).second) {
    c.at("edition").fault(fmt::format("版本“{}”已由另一文件定义", key));
  }
}

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

bool add_document(Catalogue& catalogue, const Cursor& root) {
  const std::string kind = root.required_string("kind");
  if (kind == "scenario_guide") {
    put_edition(catalogue.guides, read_guide(root), root);
  } else if (kind == "element_conditions") {
    put_edition(catalogue.requirements, read_requirements(root), root);
  } else if (kind == "kpi_reference") {
    put_edition(catalogue.kpis, read_kpis(root), root);
  } else if (kind == "size_classes") {
    put_edition(catalogue.sizes, read_sizes(root), root);
  } else if (kind == "industry_classification") {
    put_edition(catalogue.industries, read_industries(root), root);
  } else if (kind == "coarse_industries") {
    read_coarse(root, catalogue);
  } else if (kind == "title_kinds") {
    root.allow_only({"kind", "edition", "kinds"});
    for (const auto& tc : root.at("kinds").items()) {
      tc.allow_only({"id", "name", "source"});
      catalogue.title_kinds.push_back(
          TitleKind{tc.required_string("id"), tc.required_string("name")});
    }
  } else {
    if (!kind.empty()) root.at("kind").fault(fmt::format("未知的目录类型“{}”", kind));
    return false;
  }
  return true;
}

std::vector<data::Fault> cross_check(const Catalogue& catalogue) {
  std::vector<data::Fault> faults;
  for (const auto& [edition, guide] : catalogue.guides) {
    auto req = catalogue.requirements.find(guide.requirements_edition);
    if (req == catalogue.requirements.end()) {
      faults.push_back({guide.file, 0, 0, "requirements_edition",
                        fmt::format("要素条件版本“{}”不存在", guide.requirements_edition)});
      continue;
    }
    for (std::size_t i = 0; i < guide.links.size(); ++i) {
      const auto& link = guide.links[i];
      if (link.domain && req->second.domain(*link.domain) == nullptr) {
        faults.push_back({guide.file, link.line, link.column, fmt::format("links[{}].domain", i),
                          fmt::format("建设领域“{}”不在要素条件 {} 版中", *link.domain,
                                      guide.requirements_edition)});
      }
    }
  }
  return faults;
}

Result<Catalogue> load_catalogue(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return fail("DATA_DIR_MISSING", fmt::format("目录数据文件夹不存在：{}", dir.string()));
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  Catalogue catalogue;
  std::vector<data::Fault> faults;
  for (const auto& file : files) {
    const auto ext = file.extension().string();
    if (ext == ".yaml" || ext == ".yml") {
      auto doc = data::load_yaml_file(file.string());
      if (!doc) return std::unexpected(doc.error());
      add_document(catalogue, doc->cursor());
      faults.insert(faults.end(), doc->sink->faults().begin(), doc->sink->faults().end());
    } else if (ext == ".csv") {
      auto imported = parse_region_csv(read_text(file), catalogue.regions);
      if (!imported) {
        return fail("DATA_FILE_INVALID",
                    fmt::format("{}: {}", file.string(), imported.error().message));
      }
      for (const auto& p : imported->problems) {
        faults.push_back({file.string(), static_cast<int>(p.row), 1, "", p.reason});
      }
      merge(catalogue.regions, imported->regions);
    }
  }
  const auto cross = cross_check(catalogue);
  faults.insert(faults.end(), cross.begin(), cross.end());
  if (!faults.empty()) return std::unexpected(data::to_error(faults));
  return catalogue;
}

Result<ScenarioGuide> load_guide_file(const std::filesystem::path& file) {
  auto doc = data::load_yaml_file(file.string());
  if (!doc) return std::unexpected(doc.error());
  const auto c = doc->cursor();
  if (c.required_string("kind") != "scenario_guide") c.at("kind").fault("应为 scenario_guide");
  ScenarioGuide g = read_guide(c);
  if (!doc->sink->ok()) return std::unexpected(data::to_error(doc->sink->faults()));
  return g;
}

}  // namespace tidu::catalogue
