// Routes of the statistics: the regional maturity summary (seed 000 附件5 一、三) for the
// reviewers of a region and the units above it.
#include "api/app.hpp"
#include "api/errors.hpp"
#include "api/support.hpp"

namespace tidu::api {
namespace {

using nlohmann::json;

json optional_number(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json to_json(const stats::Figures& f) {
  return {{"enterprises", f.enterprises},
          {"above_scale", f.above_scale},
          {"assessed", f.assessed},
          {"assessed_above_scale", f.assessed_above_scale},
          {"penetrated", f.penetrated},
          {"levels", f.levels},
          {"basic_confirmed", f.basic_confirmed},
          {"mean_score", optional_number(f.mean_score)},
          {"coverage_percent", optional_number(f.coverage_percent())},
          {"penetration_percent", optional_number(f.penetration_percent())}};
}

json to_json(const std::vector<stats::Breakdown>& rows) {
  json out = json::array();
  for (const auto& r : rows)
    out.push_back({{"key", r.key}, {"name", r.name}, {"figures", to_json(r.figures)}});
  return out;
}

json to_json(const service::MaturityReport& r) {
  const auto& s = r.summary;
  json over_time = json::array();
  for (const auto& d : s.over_time)
    over_time.push_back({{"date", d.date}, {"figures", to_json(d.figures)}});
  const auto& se = r.self_evaluations;
  return {{"region", {{"code", s.region}, {"name", s.region_name}}},
          {"date", s.date},
          {"total", to_json(s.total)},
          {"by_subregion", to_json(s.by_subregion)},
          {"by_industry", to_json(s.by_industry)},
          {"over_time", over_time},
          {"self_evaluations",
           {{"submitted", se.submitted},
            {"confirmed", se.confirmed},
            {"returned", se.returned},
            {"pending", se.pending}}},
          {"above_scale_min_revenue", r.above_scale_min_revenue},
          {"above_scale_clause", r.sizes_clause},
          {"document", "/api/v1/regions/" + s.region + "/maturity-summary.docx?date=" + s.date}};
}

json to_json(const std::vector<stats::Tally>& tallies) {
  json out = json::array();
  for (const auto& t : tallies)
    out.push_back({{"key", t.key}, {"name", t.name.empty() ? t.key : t.name}, {"count", t.count}});
  return out;
}

json to_json(const service::RoundReport& r) {
  const auto& f = r.figures;
  json scenarios = json::array();
  for (const auto& s : f.scenarios)
    scenarios.push_back({{"link", s.link}, {"scenario", s.scenario}, {"count", s.count}});
  json cells = json::array();
  for (const auto& s : f.scenarios_by_region) {
    cells.push_back(
        {{"region", s.region}, {"link", s.link}, {"scenario", s.scenario}, {"count", s.count}});
  }
  json kpis = json::array();
  for (const auto& k : f.kpis) {
    kpis.push_back({{"number", k.number},
                    {"industry", k.industry},
                    {"n", k.n},
                    {"mean", k.mean},
                    {"stddev", k.stddev},
                    {"min", k.min},
                    {"max", k.max}});
  }
  return {{"round", {{"id", r.round_id}, {"name", r.round_name}}},
          {"region", {{"code", r.region}, {"name", r.region_name}}},
          {"total", f.total},
          {"by_state", to_json(f.by_state)},
          {"by_level", to_json(f.by_level)},
          {"by_region", to_json(f.by_region)},
          {"by_industry", to_json(f.by_industry)},
          {"scenarios", scenarios},
          {"scenarios_by_region", cells},
          {"kpis", kpis}};
}

json to_json(const stats::PeerFigures& f) {
  json out = {{"n", f.n},
              {"mean", optional_number(f.mean)},
              {"median", optional_number(f.median)},
              {"percentile", optional_number(f.percentile)},
              {"above_mean", nullptr}};
  if (f.above_mean) out["above_mean"] = *f.above_mean;
  return out;
}

json to_json(const service::BenchmarkReport& r) {
  json criterion = nullptr;
  if (r.criterion) {
    const auto& c = *r.criterion;
    criterion = {{"id", c.id},
                 {"scope", c.scope},
                 {"test", c.test},
                 {"percentile", c.test == "percentile" ? json(c.percentile) : json(nullptr)},
                 {"text", c.text},
                 {"clause", c.clause},
                 {"note", c.note}};
  }
  json kpis = json::array();
  for (const auto& k : r.kpis) {
    json meets = nullptr;
    if (k.meets) meets = *k.meets;
    kpis.push_back(
        {{"number", k.number},
         {"name", k.name},
         {"unit", k.unit},
         {"direction", k.direction == catalogue::Direction::kReduce ? "reduce" : "increase"},
         {"before", optional_number(k.before)},
         {"after", optional_number(k.after)},
         {"change", optional_number(k.change)},
         {"improvement", optional_number(k.improvement)},
         {"province", to_json(k.province)},
         {"nation", to_json(k.nation)},
         {"meets", meets}});
  }
  return {{"declaration", r.declaration_id},
          {"basis", "submission"},
          {"industry", {{"code", r.industry}, {"name", r.industry_name}}},
          {"province", {{"code", r.province}, {"name", r.province_name}}},
          {"tier", {{"id", r.tier}, {"name", r.tier_name}}},
          {"criterion", criterion},
          {"min_peers", r.min_peers},
          {"population",
           "同行业（国民经济行业大类）其他企业最近一次提交的申报书（含已认定的智能工厂），"
           "不含本企业；改善幅度为按指标方向折算的变化率（降低类指标取其降幅）"},
          {"kpis", kpis}};
}

}  // namespace

void App::add_statistics_routes() {
  auto& accounts = services_.accounts;
  auto& statistics = services_.statistics;
  router_.add("GET", "/api/v1/regions/{code}/maturity",
              "地区智能制造能力成熟度汇总（?date= 统计日期）：参评企业、规上覆盖度、等级分布、"
              "智能工厂普及率，分地区、分行业和历年情况（本地区及上级工信部门）",
              [&accounts, &statistics](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                const auto date = req.query.find("date");
                auto report = statistics.maturity(s->principal, req.params.at("code"),
                                                  date == req.query.end() ? "" : date->second);
                return respond(report, [](const service::MaturityReport& r) {
                  return http::Response::json(200, to_json(r));
                });
              });
  router_.add("GET", "/api/v1/rounds/{round}/statistics",
              "批次统计（?region= 默认本单位地区）：按状态、审核层级、下级地区、行业统计申报书，"
              "场景覆盖和各关键绩效指标变化的均值与离散度",
              [&accounts, &statistics](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                const auto region = req.query.find("region");
                auto report = statistics.round(s->principal, req.params.at("round"),
                                               region == req.query.end() ? "" : region->second);
                return respond(report, [](const service::RoundReport& r) {
                  return http::Response::json(200, to_json(r));
                });
              });
  router_.add("GET", "/api/v1/declarations/{id}/benchmark",
              "申报书行业对标：各关键绩效指标的改善幅度在本省和全国同行业中的百分位，"
              "按所申报层级的要素条件判断（审核人员）",
              [&accounts, &statistics](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto report = statistics.benchmark(s->principal, req.params.at("id"));
                return respond(report, [](const service::BenchmarkReport& r) {
                  return http::Response::json(200, to_json(r));
                });
              });
}

}  // namespace tidu::api
