#include "rounds/loader.hpp"

#include <algorithm>
#include <array>
#include <cmath>
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

// --- Review stages ---------------------------------------------------------------------------

constexpr int kMaxShortlist = 100000;
constexpr int kMaxPublicNoticeDays = 30;
constexpr int kMaxValidityYears = 10;
constexpr double kTotalTolerance = 1e-9;

std::string num(double v) { return fmt::format("{}", v); }

/// Criteria of an inline list or a sheet file: unique ids, positive maxima summing to 100.
std::vector<Criterion> read_criteria(const Cursor& list) {
  std::vector<Criterion> out;
  std::set<std::string> ids;
  const auto items = list.items();
  if (list.present() && list.node().IsSequence() && items.empty()) {
    list.fault("至少需要一项评分细则");
  }
  double sum = 0;
  for (const auto& c : items) {
    c.allow_only({"id", "name", "max", "guidance", "reflects"});
    Criterion k;
    k.id = c.required_string("id");
    k.name = c.required_string("name");
    if (!c.at("max").present()) {
      c.sink().add(c.node().Mark(), c.at("max").path(), "缺少必填字段");
    } else if (auto m = c.optional_number("max")) {
      if (*m <= 0 || *m > kScoreSheetTotal) {
        c.at("max").fault(fmt::format("满分应大于 0 且不超过 {}", num(kScoreSheetTotal)));
      } else {
        k.max = *m;
      }
    }
    k.guidance = c.required_string("guidance");
    k.reflects = c.string_list("reflects");
    if (!k.id.empty() && !ids.insert(k.id).second) {
      c.at("id").fault(fmt::format("评分细则编号“{}”重复", k.id));
    }
    sum += k.max;
    out.push_back(std::move(k));
  }
  if (!items.empty() && std::abs(sum - kScoreSheetTotal) > kTotalTolerance) {
    list.fault(
        fmt::format("各项满分之和应为 {}（百分制），实际为 {}", num(kScoreSheetTotal), num(sum)));
  }
  return out;
}

std::vector<ChecklistItem> read_checklist_items(const Cursor& list) {
  std::vector<ChecklistItem> out;
  std::set<std::string> ids;
  const auto items = list.items();
  if (list.present() && list.node().IsSequence() && items.empty()) {
    list.fault("至少需要一项核查内容");
  }
  for (const auto& c : items) {
    c.allow_only({"id", "text", "reflects"});
    ChecklistItem item{c.required_string("id"), c.required_string("text"),
                       c.string_list("reflects")};
    if (!item.id.empty() && !ids.insert(item.id).second) {
      c.at("id").fault(fmt::format("核查项编号“{}”重复", item.id));
    }
    out.push_back(std::move(item));
  }
  return out;
}

/// Reports a missing key of a mapping at the mapping's position.
void require(const Cursor& c, std::string_view key) {
  if (!c.at(key).present()) c.sink().add(c.node().Mark(), c.at(key).path(), "缺少必填字段");
}

bool has_duty(const Level& level, std::string_view duty) {
  return std::find(level.duties.begin(), level.duties.end(), duty) != level.duties.end();
}

/// The review stages and the route duty that names each.
constexpr std::array<std::string_view, 4> kStageDuties = {"expert_review", "onsite_check",
                                                          "public_notice", "recognition"};

/// The route level that runs a stage: the one it names, or by default the last level of the
/// route. Either way the level must list the stage among its duties.
std::string read_stage_level(const Cursor& stage, std::string_view duty,
                             const std::vector<Level>& levels, ReviewPolicy& out) {
  if (auto named = stage.optional_string("level")) {
    const auto it =
        std::find_if(levels.begin(), levels.end(), [&](const Level& l) { return l.id == *named; });
    if (it == levels.end()) {
      stage.at("level").fault(fmt::format("路线中没有层级“{}”", *named));
    } else if (!has_duty(*it, duty)) {
      stage.at("level").fault(
          fmt::format("层级“{}”的 duties 中没有 {}，请在 route 中补上", *named, duty));
    }
    return *named;
  }
  if (levels.empty()) return {};
  out.defaulted.push_back(stage.path() + ".level");
  const Level& last = levels.back();
  if (!has_duty(last, duty)) {
    stage.fault(fmt::format("未给出 level，默认由路线最后一级“{}”负责，但其 duties 中没有 {}",
                            last.id, duty));
  }
  return last.id;
}

ExpertReview read_expert_review(const Cursor& c, const std::vector<Level>& levels,
                                std::string_view edition, const ReviewLibrary& library,
                                ReviewPolicy& out) {
  c.allow_only(
      {"level", "panel_size", "aggregation", "conflicts", "criteria", "shortlist", "clause"});
  ExpertReview e;
  e.level = read_stage_level(c, "expert_review", levels, out);
  const std::string& path = c.path();
  if (c.at("panel_size").present()) {
    if (auto v = c.optional_integer("panel_size")) {
      if (*v < kMinPanelSize || *v > kMaxPanelSize) {
        c.at("panel_size")
            .fault(fmt::format("评审专家组人数应为 {}–{}", kMinPanelSize, kMaxPanelSize));
      } else {
        e.panel_size = static_cast<int>(*v);
      }
    }
  } else {
    out.defaulted.push_back(path + ".panel_size");
  }
  if (auto a = c.optional_string("aggregation")) {
    if (*a == "trimmed_mean") {
      e.aggregation = Aggregation::kTrimmedMean;
      if (e.panel_size < 3) {
        c.at("aggregation")
            .fault(
                fmt::format("去掉最高分和最低分需要至少 3 名专家，专家组为 {} 人", e.panel_size));
      }
    } else if (*a != "mean") {
      c.at("aggregation").fault("应为 mean 或 trimmed_mean");
    }
  } else {
    out.defaulted.push_back(path + ".aggregation");
  }
  if (const Cursor k = c.at("conflicts"); k.present()) {
    k.allow_only({"same_city", "clause"});
    if (!k.at("same_city").present()) out.defaulted.push_back(k.path() + ".same_city");
    e.conflicts.same_city = k.bool_or("same_city", false);
    e.conflicts.clause = k.string_or("clause", "");
  } else {
    out.defaulted.push_back(path + ".conflicts.same_city");
  }
  const Cursor cr = c.at("criteria");
  if (!cr.present()) {
    if (const ScoreSheet* sheet = library.default_sheet(edition)) {
      e.sheet = sheet->id;
      e.criteria = sheet->criteria;
      out.defaulted.push_back(cr.path());
    } else {
      c.fault(
          fmt::format("未给出评分细则 criteria，且没有要素条件 {} 版的默认评分表"
                      "（data/review/ 中 default_for: \"{}\" 的 score_sheet）",
                      edition, edition));
    }
  } else if (cr.node().IsSequence()) {
    e.criteria = read_criteria(cr);
  } else if (cr.node().IsMap()) {
    cr.allow_only({"sheet"});
    e.sheet = cr.required_string("sheet");
    if (auto it = library.sheets.find(e.sheet); it != library.sheets.end()) {
      e.criteria = it->second.criteria;
    } else if (!e.sheet.empty()) {
      cr.at("sheet").fault(
          fmt::format("评分表“{}”不存在（data/review/ 中没有此 id 的 score_sheet）", e.sheet));
    }
  } else {
    cr.fault("应为评分细则列表，或 {sheet: 评分表编号}");
  }
  if (const Cursor s = c.at("shortlist"); s.present()) {
    s.allow_only({"size", "min_score", "clause"});
    Shortlist list;
    if (auto v = s.optional_integer("size")) {
      if (*v < 1 || *v > kMaxShortlist) {
        s.at("size").fault(fmt::format("入围数量应为 1–{}", kMaxShortlist));
      } else {
        list.size = static_cast<int>(*v);
      }
    }
    if (auto v = s.optional_number("min_score")) {
      if (*v < 0 || *v > kScoreSheetTotal) {
        s.at("min_score").fault(fmt::format("入围分数线应为 0–{}", num(kScoreSheetTotal)));
      } else {
        list.min_score = *v;
      }
    }
    if (!s.at("size").present() && !s.at("min_score").present()) {
      s.fault("入围规则至少需要 size 或 min_score 之一");
    }
    list.clause = s.string_or("clause", "");
    e.shortlist = std::move(list);
  }
  e.clause = c.required_string("clause");
  return e;
}

OnsiteCheck read_onsite_check(const Cursor& c, const std::vector<Level>& levels,
                              std::string_view edition, const ReviewLibrary& library,
                              ReviewPolicy& out) {
  c.allow_only({"level", "checklist", "clause"});
  OnsiteCheck o;
  o.level = read_stage_level(c, "onsite_check", levels, out);
  const Cursor cl = c.at("checklist");
  if (!cl.present()) {
    if (const Checklist* list = library.default_checklist(edition)) {
      o.checklist_id = list->id;
      o.checklist = list->items;
      out.defaulted.push_back(cl.path());
    } else {
      c.fault(
          fmt::format("未给出核查清单 checklist，且没有要素条件 {} 版的默认核查清单"
                      "（data/review/ 中 default_for: \"{}\" 的 onsite_checklist）",
                      edition, edition));
    }
  } else if (cl.node().IsSequence()) {
    o.checklist = read_checklist_items(cl);
  } else if (cl.node().IsMap()) {
    cl.allow_only({"sheet"});
    o.checklist_id = cl.required_string("sheet");
    if (auto it = library.checklists.find(o.checklist_id); it != library.checklists.end()) {
      o.checklist = it->second.items;
    } else if (!o.checklist_id.empty()) {
      cl.at("sheet").fault(fmt::format(
          "核查清单“{}”不存在（data/review/ 中没有此 id 的 onsite_checklist）", o.checklist_id));
    }
  } else {
    cl.fault("应为核查项列表，或 {sheet: 核查清单编号}");
  }
  o.clause = c.required_string("clause");
  return o;
}

PublicNotice read_public_notice(const Cursor& c, const std::vector<Level>& levels,
                                const ReviewLibrary& library, ReviewPolicy& out) {
  c.allow_only({"level", "working_days", "calendar", "where", "objections", "clause"});
  PublicNotice n;
  n.level = read_stage_level(c, "public_notice", levels, out);
  const std::string& path = c.path();
  if (c.at("working_days").present()) {
    if (auto v = c.optional_integer("working_days")) {
      if (*v < 1 || *v > kMaxPublicNoticeDays) {
        c.at("working_days").fault(fmt::format("公示期应为 1–{} 个工作日", kMaxPublicNoticeDays));
      } else {
        n.working_days = static_cast<int>(*v);
      }
    }
  } else {
    out.defaulted.push_back(path + ".working_days");
  }
  if (auto id = c.optional_string("calendar")) {
    n.calendar = *id;
    if (!library.calendars.contains(n.calendar)) {
      c.at("calendar")
          .fault(
              fmt::format("工作日历“{}”不存在（data/review/calendars/ 中没有此 id）", n.calendar));
    }
  } else {
    out.defaulted.push_back(path + ".calendar");
    if (!library.calendars.contains(n.calendar)) {
      c.fault(fmt::format("未给出 calendar，默认工作日历“{}”不存在（data/review/calendars/）",
                          n.calendar));
    }
  }
  n.where = c.string_or("where", "");
  if (const Cursor o = c.at("objections"); o.present()) {
    o.allow_only({"real_name_only", "clause"});
    if (!o.at("real_name_only").present()) out.defaulted.push_back(o.path() + ".real_name_only");
    n.objections.real_name_only = o.bool_or("real_name_only", true);
    n.objections.clause = o.string_or("clause", "");
  } else {
    out.defaulted.push_back(path + ".objections.real_name_only");
  }
  n.clause = c.required_string("clause");
  return n;
}

Recognition read_recognition(const Cursor& c, const std::vector<Level>& levels, ReviewPolicy& out) {
  c.allow_only({"level", "validity_years", "clause"});
  Recognition r;
  r.level = read_stage_level(c, "recognition", levels, out);
  if (auto v = c.optional_integer("validity_years")) {
    if (*v < 1 || *v > kMaxValidityYears) {
      c.at("validity_years").fault(fmt::format("有效期应为 1–{} 年", kMaxValidityYears));
    } else {
      r.validity_years = static_cast<int>(*v);
    }
  }
  r.clause = c.required_string("clause");
  return r;
}

/// The stage a route duty names, and the level that runs it (nullptr when absent).
const std::string* stage_level(const ReviewPolicy& r, std::string_view duty) {
  if (duty == "expert_review") return r.expert_review ? &r.expert_review->level : nullptr;
  if (duty == "onsite_check") return r.onsite_check ? &r.onsite_check->level : nullptr;
  if (duty == "public_notice") return r.public_notice ? &r.public_notice->level : nullptr;
  return r.recognition ? &r.recognition->level : nullptr;
}

/// Files of `folder` ending in .yaml, sorted; none when the folder does not exist.
std::vector<std::filesystem::path> yaml_files(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) return files;
  for (const auto& e : std::filesystem::directory_iterator(folder, ec)) {
    if (e.is_regular_file() && e.path().extension() == ".yaml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

/// Adds the review folders' files to `library`; faults are appended. A load error (unreadable
/// file, YAML syntax) is returned as is.
std::optional<Error> collect_review_library(const std::filesystem::path& dir,
                                            const catalogue::Catalogue& catalogue,
                                            ReviewLibrary& library,
                                            std::vector<data::Fault>& faults) {
  std::vector<std::filesystem::path> files = yaml_files(dir / "review");
  const auto calendars = yaml_files(dir / "review" / "calendars");
  files.insert(files.end(), calendars.begin(), calendars.end());
  for (const auto& file : files) {
    auto doc = data::load_yaml_file(file.string());
    if (!doc) return doc.error();
    const auto c = doc->cursor();
    const std::string kind = c.required_string("kind");
    auto check_default = [&](const std::string& edition) {
      if (!edition.empty() && !catalogue.requirements.contains(edition)) {
        c.at("default_for").fault(fmt::format("要素条件版本“{}”不存在", edition));
      }
    };
    if (kind == "score_sheet") {
      ScoreSheet sheet = read_score_sheet(c);
      sheet.source_file = file.string();
      check_default(sheet.default_for);
      if (!sheet.default_for.empty() && library.default_sheet(sheet.default_for) != nullptr) {
        c.at("default_for")
            .fault(fmt::format("要素条件 {} 版已有默认评分表“{}”", sheet.default_for,
                               library.default_sheet(sheet.default_for)->id));
      }
      const std::string id = sheet.id;
      if (!library.sheets.emplace(id, std::move(sheet)).second) {
        c.at("id").fault(fmt::format("评分表编号“{}”重复", id));
      }
    } else if (kind == "onsite_checklist") {
      Checklist list = read_checklist(c);
      list.source_file = file.string();
      check_default(list.default_for);
      if (!list.default_for.empty() && library.default_checklist(list.default_for) != nullptr) {
        c.at("default_for")
            .fault(fmt::format("要素条件 {} 版已有默认核查清单“{}”", list.default_for,
                               library.default_checklist(list.default_for)->id));
      }
      const std::string id = list.id;
      if (!library.checklists.emplace(id, std::move(list)).second) {
        c.at("id").fault(fmt::format("核查清单编号“{}”重复", id));
      }
    } else if (kind == "working_day_calendar") {
      calendar::Calendar cal = calendar::read_calendar(c);
      const std::string id = cal.id();
      if (!library.calendars.emplace(id, std::move(cal)).second) {
        c.at("id").fault(fmt::format("工作日历编号“{}”重复", id));
      }
    } else if (!kind.empty()) {
      c.at("kind").fault("应为 score_sheet、onsite_checklist 或 working_day_calendar");
    }
    faults.insert(faults.end(), doc->sink->faults().begin(), doc->sink->faults().end());
  }
  return std::nullopt;
}

}  // namespace

ReviewPolicy read_review(const Cursor& c, const std::vector<Level>& levels,
                         std::string_view requirements_edition, const ReviewLibrary& library) {
  ReviewPolicy out;
  if (!c.present()) return out;
  c.allow_only({"expert_review", "onsite_check", "public_notice", "recognition", "note"});
  out.note = c.string_or("note", "");
  if (const Cursor s = c.at("expert_review"); s.present()) {
    out.expert_review = read_expert_review(s, levels, requirements_edition, library, out);
  }
  if (const Cursor s = c.at("onsite_check"); s.present()) {
    out.onsite_check = read_onsite_check(s, levels, requirements_edition, library, out);
  }
  if (const Cursor s = c.at("public_notice"); s.present()) {
    out.public_notice = read_public_notice(s, levels, library, out);
  }
  if (const Cursor s = c.at("recognition"); s.present()) {
    out.recognition = read_recognition(s, levels, out);
  }
  return out;
}

ScoreSheet read_score_sheet(const Cursor& c) {
  c.allow_only({"kind", "id", "title", "basis", "platform_default", "default_for", "criteria"});
  ScoreSheet s;
  s.id = c.required_string("id");
  s.title = c.required_string("title");
  s.basis = c.string_or("basis", "");
  s.platform_default = c.bool_or("platform_default", false);
  s.default_for = c.string_or("default_for", "");
  require(c, "criteria");
  s.criteria = read_criteria(c.at("criteria"));
  return s;
}

Checklist read_checklist(const Cursor& c) {
  c.allow_only({"kind", "id", "title", "basis", "platform_default", "default_for", "items"});
  Checklist l;
  l.id = c.required_string("id");
  l.title = c.required_string("title");
  l.basis = c.string_or("basis", "");
  l.platform_default = c.bool_or("platform_default", false);
  l.default_for = c.string_or("default_for", "");
  require(c, "items");
  l.items = read_checklist_items(c.at("items"));
  return l;
}

Result<ReviewLibrary> load_review_library(const std::filesystem::path& dir,
                                          const catalogue::Catalogue& catalogue) {
  ReviewLibrary library;
  std::vector<data::Fault> faults;
  if (auto e = collect_review_library(dir, catalogue, library, faults)) return std::unexpected(*e);
  if (!faults.empty()) return std::unexpected(data::to_error(faults));
  return library;
}

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

Round read_round(const Cursor& c, const ReviewLibrary& library) {
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
                "uploads",       "review"});
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
    d.allow_only({"id", "name", "acts_as", "description", "clause", "quota"});
    DirectRoute direct{d.required_string("id"),      d.required_string("name"),
                       d.required_string("acts_as"), d.string_or("description", ""),
                       d.required_string("clause"),  std::nullopt};
    if (const auto quota = d.optional_integer("quota")) {
      if (*quota < 1 || *quota > 10000) {
        d.at("quota").fault("集团推荐名额应为 1–10000 的整数");
      } else {
        direct.quota = static_cast<int>(*quota);
      }
    }
    if (std::ranges::none_of(r.levels,
                             [&](const Level& l) { return l.region_kind == direct.acts_as; }))
      d.at("acts_as").fault("直接推荐路线代替的层级应为本路线中的一个层级（region_kind）");
    r.direct.push_back(std::move(direct));
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
  r.review = read_review(c.at("review"), r.levels, r.catalogue.requirements, library);
  // A level's review duties and the review stages must say the same thing.
  const auto level_cursors = route.at("levels").items();
  for (std::size_t i = 0; i < r.levels.size() && i < level_cursors.size(); ++i) {
    for (const auto duty : kStageDuties) {
      if (!has_duty(r.levels[i], duty)) continue;
      const std::string* runs = stage_level(r.review, duty);
      if (runs == nullptr) {
        level_cursors[i].at("duties").fault(fmt::format(
            "层级“{}”的职责含 {}，但 review 中没有 {} 阶段", r.levels[i].id, duty, duty));
      } else if (*runs != r.levels[i].id) {
        level_cursors[i].at("duties").fault(fmt::format(
            "层级“{}”的职责含 {}，但 review.{} 由“{}”负责", r.levels[i].id, duty, duty, *runs));
      }
    }
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
    // The industry benchmark judges by the tier's kpi_benchmark as the KPI reference reads it.
    if (p.tier != nullptr && p.kpis != nullptr && !p.tier->kpi_benchmark.empty()) {
      need(p.kpis->benchmark(p.tier->kpi_benchmark), "catalogue",
           fmt::format("关键绩效指标参考版本“{}”没有层级“{}”的行业对标要求“{}”（benchmarks）",
                       r.catalogue.kpis, r.tier, p.tier->kpi_benchmark));
    }
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
                             const std::vector<std::filesystem::path>& extra_round_dirs,
                             const std::vector<RoundText>& revisions) {
  RoundSet set;
  std::vector<data::Fault> faults;
  std::vector<data::Document> round_docs;
  if (auto e = collect_review_library(dir, catalogue, set.review, faults)) {
    return std::unexpected(*e);
  }
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
        Round r = read_round(c, set.review);
        r.source_file = file.string();
        if (!set.rounds.emplace(r.id, r).second)
          c.at("id").fault(fmt::format("批次编号“{}”重复", r.id));
        round_docs.push_back(std::move(*doc));
      }
    }
  }
  for (const auto& revision : revisions) {
    auto doc = data::load_yaml_text(revision.yaml, revision.name);
    if (!doc) return std::unexpected(doc.error());
    const auto c = doc->cursor();
    if (c.required_string("kind") != "round") c.at("kind").fault("应为 round");
    Round r = read_round(c, set.review);
    r.source_file = revision.name;
    // The revision takes the place of the file (or earlier revision) of the same round.
    std::erase_if(round_docs,
                  [&](const data::Document& d) { return d.cursor().string_or("id", "") == r.id; });
    set.rounds.insert_or_assign(r.id, r);
    round_docs.push_back(std::move(*doc));
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
    if (r.review.public_notice) {
      auto cal = set.review.calendars.find(r.review.public_notice->calendar);
      if (cal != set.review.calendars.end()) p.calendar = &cal->second;
    }
    set.policies.emplace(r.id, p);
  }
  return set;
}

std::vector<data::Fault> check_round_text(std::string_view yaml, const std::string& name,
                                          const RoundSet& set,
                                          const catalogue::Catalogue& catalogue, std::string* id) {
  auto doc = data::load_yaml_text(yaml, name);
  if (!doc) {  // a YAML syntax error: the message carries its line and column
    return {data::Fault{
        .file = name, .line = 0, .column = 0, .path = "", .message = doc.error().message}};
  }
  const auto c = doc->cursor();
  if (c.required_string("kind") != "round") c.at("kind").fault("应为 round");
  const Round r = read_round(c, set.review);
  if (id != nullptr) *id = r.id;
  if (doc->sink->ok()) resolve(r, set.forms, catalogue, c);
  return doc->sink->faults();
}

}  // namespace tidu::rounds
