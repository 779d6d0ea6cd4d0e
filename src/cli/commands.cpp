#include "cli/commands.hpp"

#include <array>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "catalogue/loader.hpp"
#include "catalogue/regions.hpp"
#include "cli/admin.hpp"
#include "cli/audit.hpp"
#include "cli/backup.hpp"
#include "cli/demo.hpp"
#include "cli/documents.hpp"
#include "cli/generate.hpp"
#include "cli/serve.hpp"
#include "cli/verify.hpp"
#include "core/time.hpp"
#include "declaration/json_io.hpp"
#include "declaration/sample.hpp"
#include "rounds/loader.hpp"
#include "rules/checker.hpp"
#include "rules/findings_json.hpp"
#include "rules/registry_json.hpp"

namespace tidu::cli {
namespace {

using nlohmann::json;

constexpr const char* kUsage = R"(tidu — 智能工厂梯度培育平台

用法:
  tidu catalogue scenarios --edition 2024 [--json]   场景指引：环节、场景及其建设领域
  tidu catalogue editions [--json]                    已加载的目录版本
  tidu rounds [--json | --ids]                        申报批次
  tidu sample --round ID                              输出该批次一份完整、可通过校验的申报书
  tidu check --round ID FILE [--json] [--at TIME] [--registry FILE]
                                                      校验申报书（FILE 为 - 时读标准输入）
  tidu schema                                         申报书格式的 JSON Schema
  tidu regions import FILE.csv [--out FILE.csv]       校验并合并区划代码表
  tidu serve [--config FILE] [--address A] [--port P] [--data DIR] [--database URL]
             [--max-body-mb N] [--session-hours N] [--workers N] [--secure-cookie true] [--web DIR]
             [--background-nice 0-19]
                                                      启动 HTTP 服务（环境变量 TIDU_ADDRESS、TIDU_PORT 等同名）
  tidu demo [--data DIR] [--database URL]             向空的数据目录（或数据库）装入演示数据
  tidu generate [--enterprises 200000] [--declarations 60000] [--copied-share 0.02] [--seed N]
                [--data DIR] [--database URL]         向空的数据目录生成全国规模的合成数据（含抄袭样本）
  tidu similarity ROUND [--refingerprint] [--data DIR] [--database URL] 重新比对整个批次的相似文本
  tidu admin create --username U --region CODE [--name 名称] [--data DIR] [--database URL]
                                                      新安装时创建首个管理员（密码取自 TIDU_ADMIN_PASSWORD 或标准输入）
  tidu audit verify [--data DIR] [--database URL]     核对审计日志的哈希链，指出第一条被改动或删除的记录
  tidu backup DIR [--data DIR] [--database URL]       在线备份数据库（一致的快照）和附件到新目录
  tidu restore DIR [--data DIR] [--database URL]      把备份恢复到空的数据目录（或空数据库），逐表核对
  tidu verify FILE.pdf [--data DIR] [--database URL]  核验导出的申报书 PDF 是否与平台保存的提交版本一致
  tidu documents declaration ID --as USER [--format pdf|docx] [--out FILE]
                                                      以该账号的权限导出申报书
  tidu documents summary ROUND --as USER [--format xlsx|pdf] [--batch ID] [--out FILE]
                                                      推荐汇总表（默认本单位未报送的名单）
  tidu documents bundle ROUND --as USER [--batch ID] [--out FILE]
                                                      打包推荐名单的全部申报材料（显示进度条）
  tidu documents maturity-summary REGION --as USER [--date YYYY-MM-DD] [--out FILE]
                                                      成熟度自评估和基础级工厂复核工作总结（Word）

通用选项:
  --policy DIR   政策数据目录（默认：环境变量 TIDU_POLICY_DIR，否则为构建时的 data/）

退出码: 0 无错误；1 发现错误；2 输入不可用（文件无法读取、JSON 无效、批次不存在等）
)";

/// Parsed arguments: positionals and --options (flags have the value "true").
struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;

  [[nodiscard]] bool flag(const std::string& name) const { return options.contains(name); }
  [[nodiscard]] std::optional<std::string> get(const std::string& name) const {
    auto it = options.find(name);
    return it == options.end() ? std::nullopt : std::optional(it->second);
  }
};

Args parse_args(const std::vector<std::string>& raw) {
  constexpr std::array<std::string_view, 4> kFlags = {"json", "help", "ids", "refingerprint"};
  Args a;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const auto& s = raw[i];
    if (s.starts_with("--") && s.size() > 2) {
      std::string name = s.substr(2);
      if (auto eq = name.find('='); eq != std::string::npos) {
        a.options[name.substr(0, eq)] = name.substr(eq + 1);
      } else if (std::find(kFlags.begin(), kFlags.end(), name) != kFlags.end() ||
                 i + 1 >= raw.size()) {
        a.options[name] = "true";
      } else {
        a.options[name] = raw[++i];
      }
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

std::filesystem::path data_dir(const Args& a) {
  if (auto d = a.get("policy")) return *d;
  if (const char* env = std::getenv("TIDU_POLICY_DIR"); env != nullptr && *env != '\0') return env;
  return TIDU_DEFAULT_DATA_DIR;
}

int unusable(const std::string& message) {
  std::cerr << "tidu: " << message << '\n';
  return kUnusable;
}

/// The loaded policy world: catalogue plus rounds.
struct World {
  catalogue::Catalogue catalogue;
  rounds::RoundSet rounds;
};

Result<std::unique_ptr<World>> load_world(const Args& a,
                                          const std::vector<std::filesystem::path>& extra = {},
                                          const std::vector<rounds::RoundText>& revisions = {},
                                          const std::vector<catalogue::Region>& regions = {}) {
  const auto dir = data_dir(a);
  auto world = std::make_unique<World>();
  auto cat = catalogue::load_catalogue(dir / "catalogue");
  if (!cat) return std::unexpected(cat.error());
  world->catalogue = std::move(*cat);
  // Region codes administrators imported join the tree before the rounds name their regions.
  catalogue::merge(world->catalogue.regions, regions);
  auto rs = rounds::load_rounds(dir, world->catalogue, extra);
  if (!rs) return std::unexpected(rs.error());
  if (!revisions.empty()) {
    // A saved definition that no longer loads (the forms or catalogue changed since) is left out
    // with a warning, so the servers still start on the data files.
    std::vector<rounds::RoundText> usable;
    for (const auto& r : revisions) {
      const auto faults = rounds::check_round_text(r.yaml, r.name, *rs, world->catalogue, nullptr);
      if (faults.empty()) {
        usable.push_back(r);
        continue;
      }
      std::cerr << fmt::format("tidu: 警告：{} 无法加载，仍按原定义运行：{}\n", r.name,
                               data::describe(faults.front()));
    }
    if (!usable.empty()) rs = rounds::load_rounds(dir, world->catalogue, extra, usable);
    if (!rs) return std::unexpected(rs.error());
  }
  world->rounds = std::move(*rs);
  return world;
}

Result<std::string> read_input(const std::string& file) {
  std::ostringstream ss;
  if (file == "-") {
    ss << std::cin.rdbuf();
    return ss.str();
  }
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec))
    return fail("FILE_UNREADABLE", fmt::format("“{}”是目录，不是文件", file));
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return fail("FILE_UNREADABLE", fmt::format("无法读取文件“{}”：文件不存在或没有读取权限", file));
  ss << in.rdbuf();
  return ss.str();
}

int catalogue_command(const Args& a, const World& w) {
  const std::string sub = a.positional.size() > 1 ? a.positional[1] : "";
  if (sub == "editions") {
    json out = {{"guides", json::array()},     {"requirements", json::array()},
                {"kpis", json::array()},       {"sizes", json::array()},
                {"industries", json::array()}, {"regions", w.catalogue.regions.size()}};
    for (const auto& [k, v] : w.catalogue.guides)
      out["guides"].push_back({{"edition", k}, {"title", v.title}, {"verified", v.verified}});
    for (const auto& [k, v] : w.catalogue.requirements)
      out["requirements"].push_back({{"edition", k}, {"title", v.title}});
    for (const auto& [k, v] : w.catalogue.kpis)
      out["kpis"].push_back({{"edition", k}, {"title", v.title}});
    for (const auto& [k, v] : w.catalogue.sizes)
      out["sizes"].push_back({{"edition", k}, {"title", v.title}});
    for (const auto& [k, v] : w.catalogue.industries)
      out["industries"].push_back({{"edition", k}, {"title", v.title}});
    if (a.flag("json")) {
      std::cout << out.dump(2) << '\n';
    } else {
      for (const auto& [k, v] : w.catalogue.guides)
        std::cout << fmt::format("场景指引  {}  {}\n", k, v.title);
      for (const auto& [k, v] : w.catalogue.requirements)
        std::cout << fmt::format("要素条件  {}  {}\n", k, v.title);
      for (const auto& [k, v] : w.catalogue.kpis)
        std::cout << fmt::format("绩效指标  {}  {}\n", k, v.title);
      for (const auto& [k, v] : w.catalogue.sizes)
        std::cout << fmt::format("规模划分  {}  {}\n", k, v.title);
      for (const auto& [k, v] : w.catalogue.industries)
        std::cout << fmt::format("行业分类  {}  {}\n", k, v.title);
      std::cout << fmt::format("区划      {} 个节点\n", w.catalogue.regions.size());
    }
    return kOk;
  }
  if (sub != "scenarios")
    return unusable(
        "用法：tidu catalogue scenarios --edition 2024 [--json] | tidu catalogue editions");
  const std::string edition = a.get("edition").value_or("2024");
  const auto it = w.catalogue.guides.find(edition);
  if (it == w.catalogue.guides.end()) {
    std::string known;
    for (const auto& [k, v] : w.catalogue.guides) known += (known.empty() ? "" : "、") + k;
    return unusable(fmt::format("场景指引版本“{}”不存在；已有版本：{}", edition, known));
  }
  const auto& g = it->second;
  if (a.flag("json")) {
    json links = json::array();
    for (const auto& l : g.links) {
      json scenarios = json::array();
      for (int n : l.scenario_numbers) {
        const auto* s = g.scenario(n);
        scenarios.push_back({{"number", s->number},
                             {"name", s->name},
                             {"aliases", s->aliases},
                             {"description", s->description},
                             {"domain", l.domain ? json(*l.domain) : json(nullptr)}});
      }
      links.push_back({{"number", l.number},
                       {"name", l.name},
                       {"domain", l.domain ? json(*l.domain) : json(nullptr)},
                       {"scenarios", scenarios}});
    }
    json out = {{"edition", g.edition},
                {"title", g.title},
                {"verified", g.verified},
                {"link_count", g.links.size()},
                {"scenario_count", g.scenarios.size()},
                {"links", links}};
    std::cout << out.dump(2) << '\n';
    return kOk;
  }
  std::cout << fmt::format("{}：{} 个环节，{} 个场景\n", g.title, g.links.size(),
                           g.scenarios.size());
  for (const auto& l : g.links) {
    std::cout << fmt::format("\n{}. {}  →  {}\n", l.number, l.name,
                             l.domain ? *l.domain : "（不对应建设领域，选填）");
    for (int n : l.scenario_numbers) {
      const auto* s = g.scenario(n);
      std::string aliases;
      for (const auto& x : s->aliases) aliases += fmt::format("（又称“{}”）", x);
      std::cout << fmt::format("   {:>2}. {}{}\n", s->number, s->name, aliases);
    }
  }
  return kOk;
}

json round_json(const rounds::Round& r, const rounds::Policy& p) {
  json levels = json::array();
  for (const auto& l : r.levels) {
    levels.push_back(
        {{"id", l.id},
         {"name", l.name},
         {"region_kind", l.region_kind},
         {"joint", l.joint},
         {"duties", l.duties},
         {"deadline", l.deadline ? json(time::format_instant(*l.deadline)) : json(nullptr)},
         {"clause", l.clause}});
  }
  json quotas = json::array();
  for (const auto& q : r.quotas.limits) {
    const auto* reg = p.regions->find(q.region);
    quotas.push_back(
        {{"region", q.region}, {"name", reg != nullptr ? reg->name : ""}, {"limit", q.limit}});
  }
  json exemptions = json::array();
  for (const auto& e : r.exemptions) {
    exemptions.push_back(
        {{"id", e.id}, {"name", e.name}, {"uses_quota", e.uses_quota}, {"clause", e.clause}});
  }
  json eligibility = json::array();
  for (const auto& e : r.eligibility) {
    eligibility.push_back(
        {{"rule", e.rule},
         {"severity", e.severity == rounds::Severity::kError ? "error" : "warning"},
         {"text", e.text},
         {"clause", e.clause}});
  }
  json attachments = json::array();
  for (const auto& a : p.form->attachments) {
    attachments.push_back({{"kind", a.kind}, {"name", a.name}, {"required", a.required}});
  }
  json columns = json::array();
  for (const auto& c : r.summary_table.columns) columns.push_back(c.label);
  const auto* region = p.regions->find(r.region);
  auto instant = [](const std::optional<time::Instant>& t) {
    return t ? json(time::format_instant(*t)) : json(nullptr);
  };
  json out = json::object();
  out["id"] = r.id;
  out["name"] = r.name;
  out["year"] = r.year;
  out["tier"] = {{"id", p.tier->id}, {"name", p.tier->name}};
  out["region"] = {{"code", r.region}, {"name", region != nullptr ? region->name : ""}};
  out["notice"] = {{"number", r.notice.number},
                   {"title", r.notice.title},
                   {"issuer", r.notice.issuer},
                   {"date", r.notice.date}};
  json relays = json::array();
  for (const auto& n : r.relays) {
    relays.push_back({{"number", n.number}, {"issuer", n.issuer}, {"date", n.date}});
  }
  out["relayed_by"] = relays;
  out["catalogue"] = {{"guide", r.catalogue.guide},
                      {"requirements", r.catalogue.requirements},
                      {"kpis", r.catalogue.kpis}};
  out["form"] = {{"id", p.form->id}, {"title", p.form->title}};
  out["window"] = {
      {"opens", instant(r.opens)}, {"closes", instant(r.closes)}, {"clause", r.window_clause}};
  out["route"] = levels;
  json quota = json::object();
  quota["ranked"] = r.quotas.ranked;
  quota["limits"] = quotas;
  quota["default_limit"] = r.quotas.default_limit ? json(*r.quotas.default_limit) : json(nullptr);
  quota["clause"] = r.quotas.clause;
  out["quotas"] = quota;
  out["exemptions"] = exemptions;
  out["eligibility"] = eligibility;
  out["attachments"] = attachments;
  out["summary_table"] = {
      {"title", r.summary_table.title}, {"columns", columns}, {"derived", r.summary_table.derived}};
  out["paper"] = {{"copies", r.paper.copies}, {"note", r.paper.note}};
  return out;
}

int rounds_command(const Args& a, const World& w) {
  if (a.flag("ids")) {
    for (const auto& [id, r] : w.rounds.rounds) std::cout << id << '\n';
    return kOk;
  }
  if (a.flag("json")) {
    json out = json::array();
    for (const auto& [id, r] : w.rounds.rounds)
      out.push_back(round_json(r, w.rounds.policies.at(id)));
    std::cout << out.dump(2) << '\n';
    return kOk;
  }
  for (const auto& [id, r] : w.rounds.rounds) {
    const auto& p = w.rounds.policies.at(id);
    std::cout << fmt::format(
        "{}\n  {}（{}）  {}  截止 {}\n  通知：{} {}\n", id, r.name, p.tier->name,
        p.regions->full_name(r.region), r.closes ? time::format_instant(*r.closes) : "—",
        r.notice.number.empty() ? "（无文号）" : r.notice.number, r.notice.issuer);
    std::string route;
    for (const auto& l : r.levels) route += (route.empty() ? "企业 → " : " → ") + l.name;
    std::cout << fmt::format("  路线：{}\n", route);
    if (!r.quotas.limits.empty() || r.quotas.default_limit) {
      std::string q;
      for (const auto& l : r.quotas.limits)
        q += fmt::format("{} ≤{}；", p.regions->find(l.region)->name, l.limit);
      if (r.quotas.default_limit) q += fmt::format("其他 ≤{}", *r.quotas.default_limit);
      std::cout << fmt::format("  名额：{}\n", q);
    }
    std::cout << '\n';
  }
  return kOk;
}

const rounds::Policy* find_policy(const World& w, const std::string& id) {
  auto it = w.rounds.policies.find(id);
  return it == w.rounds.policies.end() ? nullptr : &it->second;
}

std::string round_list(const World& w) {
  std::string s;
  for (const auto& [id, r] : w.rounds.rounds) s += (s.empty() ? "" : "、") + id;
  return s;
}

/// The policy of the round named by --round, or an error listing the rounds there are.
Result<const rounds::Policy*> round_policy(const Args& a, const World& w) {
  const auto id = a.get("round");
  if (!id) return fail("ROUND_MISSING", fmt::format("请用 --round 指定批次：{}", round_list(w)));
  const auto* p = find_policy(w, *id);
  if (p == nullptr) {
    return fail("ROUND_UNKNOWN", fmt::format("批次“{}”不存在；已有批次：{}", *id, round_list(w)));
  }
  return p;
}

int sample_command(const Args& a, const World& w) {
  const auto policy = round_policy(a, w);
  if (!policy) return unusable(policy.error().message);
  const auto* p = *policy;
  std::cout << declaration::to_json(declaration::make_sample(*p)).dump(2) << '\n';
  return kOk;
}

Result<rules::RegistryFacts> read_registry(const std::string& file) {
  auto text = read_input(file);
  if (!text) return std::unexpected(text.error());
  json j;
  try {
    j = json::parse(*text);
  } catch (const json::parse_error& e) {
    const auto [line, col] = declaration::line_column(*text, e.byte > 0 ? e.byte - 1 : 0);
    return fail(
        "REGISTRY_INVALID",
        fmt::format("登记信息文件“{}”不是有效的 JSON：第 {} 行第 {} 列附近", file, line, col));
  }
  auto facts = rules::registry_from_json(j);
  if (!facts) {
    return fail("REGISTRY_INVALID",
                fmt::format("登记信息文件“{}”：{}", file, facts.error().message));
  }
  return facts;
}

void print_report(const rules::Report& report, const rounds::Policy& p) {
  for (const auto& f : report.findings) {
    std::cout << fmt::format("{} {}  {}\n    {}\n    依据：{}\n",
                             f.severity == rules::Severity::kError ? "✗ 错误" : "! 警告", f.code,
                             f.path, f.message, f.clause);
  }
  std::cout << fmt::format("\n建设领域覆盖（{}）：\n", p.tier->name);
  for (const auto& d : report.coverage.domains) {
    const char* req = d.requirement == "must"           ? "须覆盖"
                      : d.requirement == "in_principle" ? "原则上覆盖"
                                                        : "鼓励";
    std::string names;
    for (int n : d.scenarios) names += (names.empty() ? "" : "、") + p.guide->scenario(n)->name;
    std::cout << fmt::format("  {} {}（{}）{}\n", d.covered ? "☑" : "☐", d.domain, req,
                             names.empty() ? "" : "：" + names);
  }
  if (report.coverage.innovation_instances > 0) {
    std::cout << fmt::format("  ☑ 多环节模式创新（选填）：{} 个场景实例\n",
                             report.coverage.innovation_instances);
  }
  const auto& adv = report.advice;
  std::cout << fmt::format("\n层级建议：{}",
                           adv.highest.empty() ? "尚未满足任何层级的覆盖和成熟度要求"
                                               : "满足" + adv.highest_name + "的覆盖和成熟度要求");
  if (!adv.next.empty()) {
    std::string missing;
    for (const auto& m : adv.missing) missing += (missing.empty() ? "" : "；") + m;
    std::cout << fmt::format("；申报{}还需：{}", adv.next_name, missing);
  }
  std::cout << fmt::format(
      "\n\n结果：{} 个错误，{} 个警告 —— {}\n", report.count(rules::Severity::kError),
      report.count(rules::Severity::kWarning), report.ok() ? "可以提交" : "请修改后再提交");
}

int check_command(const Args& a, const World& w) {
  const auto policy = round_policy(a, w);
  if (!policy) return unusable(policy.error().message);
  const auto* p = *policy;
  if (a.positional.size() < 2)
    return unusable("请给出要校验的申报书文件（JSON），或用 - 读标准输入");
  auto text = read_input(a.positional[1]);
  if (!text) return unusable(text.error().message);
  auto parsed = declaration::parse_declaration(*text);
  if (!parsed) return unusable(fmt::format("{}：{}", a.positional[1], parsed.error().message));
  rules::RegistryFacts registry;
  if (auto file = a.get("registry")) {
    auto facts = read_registry(*file);
    if (!facts) return unusable(facts.error().message);
    registry = std::move(*facts);
  }
  const auto wall =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  time::Instant now = rules::default_check_time(parsed->declaration, wall);
  if (auto at = a.get("at")) {
    auto t = time::parse_instant(*at);
    if (!t)
      return unusable(fmt::format(
          "--at “{}”不是有效时间：格式为 2025-04-11 或 2025-04-11T09:30:00+08:00", *at));
    now = *t;
  }
  const auto report = rules::check({parsed->declaration, *p, registry, now, &parsed->problems});
  if (a.flag("json")) {
    json out = rules::to_json(report, *p);
    out["checked_at"] = time::format_instant(now);
    std::cout << out.dump(2) << '\n';
  } else {
    std::cout << fmt::format("校验 {}（批次 {}，时间 {}）\n\n", a.positional[1], p->round->id,
                             time::format_instant(now));
    print_report(report, *p);
  }
  return report.ok() ? kOk : kFindings;
}

int regions_command(const Args& a, const World& w) {
  if (a.positional.size() < 3 || a.positional[1] != "import") {
    return unusable("用法：tidu regions import FILE.csv [--out FILE.csv]");
  }
  auto text = read_input(a.positional[2]);
  if (!text) return unusable(text.error().message);
  auto imported = catalogue::parse_region_csv(*text, w.catalogue.regions);
  if (!imported) return unusable(imported.error().message);
  for (const auto& p : imported->problems)
    std::cerr << fmt::format("第 {} 行：{}\n", p.row, p.reason);
  if (!imported->problems.empty()) {
    std::cerr << fmt::format("{} 行有误，未导入任何区划：请更正后重试。\n",
                             imported->problems.size());
    return kFindings;
  }
  catalogue::RegionTree merged = w.catalogue.regions;
  catalogue::merge(merged, imported->regions);
  if (auto out = a.get("out")) {
    std::ofstream f(*out, std::ios::binary);
    if (!f) return unusable(fmt::format("无法写入“{}”", *out));
    f << catalogue::to_csv(merged);
  }
  std::cout << fmt::format("已校验 {} 个区划，合并后共 {} 个节点。\n", imported->regions.size(),
                           merged.size());
  return kOk;
}

}  // namespace

int run(const std::vector<std::string>& raw) {
  const Args a = parse_args(raw);
  if (a.positional.empty() || a.flag("help") || a.positional[0] == "help") {
    std::cout << kUsage;
    return a.positional.empty() && !a.flag("help") ? kUnusable : kOk;
  }
  const std::string& cmd = a.positional[0];
  if (cmd == "schema") {
    std::cout << declaration::json_schema().dump(2) << '\n';
    return kOk;
  }
  const EnvLookup env = [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    return v != nullptr && *v != '\0' ? std::optional<std::string>(v) : std::nullopt;
  };
  if (cmd == "demo") {
    auto config = load_serve_config(a.options, env);
    if (!config) return unusable(config.error().message);
    return demo(*config, data_dir(a), env);
  }
  if (cmd == "backup" || cmd == "restore") {  // the database only, not the policy data
    auto config = load_serve_config(a.options, env);
    if (!config) return unusable(config.error().message);
    const std::vector<std::string> rest(a.positional.begin() + 1, a.positional.end());
    return cmd == "backup" ? backup_command(rest, *config) : restore_command(rest, *config);
  }
  if (cmd == "audit") {  // needs the database only, not the policy data
    auto config = load_serve_config(a.options, env);
    if (!config) return unusable(config.error().message);
    return audit_command({a.positional.begin() + 1, a.positional.end()}, *config);
  }
  std::vector<std::filesystem::path> extra_rounds;
  std::vector<rounds::RoundText> revisions;
  std::vector<catalogue::Region> imported_regions;
  Result<ServeConfig> config = ServeConfig{};
  if (cmd == "serve" || cmd == "admin" || cmd == "verify" || cmd == "documents" ||
      cmd == "generate" || cmd == "similarity") {
    config = load_serve_config(a.options, env);
    if (!config) return unusable(config.error().message);
    // Rounds added in the data directory (the demo's open round) are served beside the policy's.
    const auto added = std::filesystem::path(config->data_dir) / "rounds";
    std::error_code ec;
    if (std::filesystem::is_directory(added, ec)) extra_rounds.push_back(added);
    // Round definitions administrators saved take the place of the files' (or add rounds).
    auto stored = stored_rounds(*config);
    if (!stored) return unusable(stored.error().message);
    revisions = std::move(*stored);
    auto regions = stored_regions(*config);
    if (!regions) return unusable(regions.error().message);
    imported_regions = std::move(*regions);
  }
  auto world = load_world(a, extra_rounds, revisions, imported_regions);
  if (!world) return unusable(fmt::format("政策数据有误，无法启动：\n{}", world.error().message));
  if (cmd == "catalogue") return catalogue_command(a, **world);
  if (cmd == "rounds") return rounds_command(a, **world);
  if (cmd == "sample") return sample_command(a, **world);
  if (cmd == "check") return check_command(a, **world);
  if (cmd == "regions") return regions_command(a, **world);
  if (cmd == "verify") {
    return verify_command({a.positional.begin() + 1, a.positional.end()}, *config,
                          (*world)->rounds);
  }
  if (cmd == "documents") {
    return documents_command({a.positional.begin() + 1, a.positional.end()}, a.options, *config,
                             (*world)->catalogue, (*world)->rounds, env);
  }
  if (cmd == "generate") {
    return generate_command(a.options, *config, (*world)->catalogue, (*world)->rounds);
  }
  if (cmd == "similarity") {
    return similarity_command({a.positional.begin() + 1, a.positional.end()}, a.options, *config,
                              (*world)->rounds);
  }
  if (cmd == "serve") {
    return serve(*config, (*world)->catalogue, (*world)->rounds, env);
  }
  if (cmd == "admin" && a.positional.size() == 2 && a.positional[1] == "create") {
    return admin_create(a.options, *config, (*world)->catalogue, env, std::cin);
  }
  return unusable(fmt::format("未知命令“{}”。\n{}", cmd, kUsage));
}

}  // namespace tidu::cli
