// Routes of the policy catalogue (public, read-only): the editions the platform holds — scenario
// guides (智能制造典型场景参考指引), 要素条件, KPI references, size classes, industry
// classifications — with the rounds that use each, and one guide edition's links and scenarios with
// their descriptions, for the scenario picker and the administrator's catalogue view.
#include <fmt/format.h>

#include "api/app.hpp"
#include "api/errors.hpp"
#include "api/support.hpp"

namespace tidu::api {
namespace {

using nlohmann::json;

/// The ids of the rounds whose policy uses `edition` through `member`.
template <class Edition>
json rounds_using(const rounds::RoundSet& rounds, const Edition* rounds::Policy::*member,
                  const std::string& edition) {
  json out = json::array();
  for (const auto& [id, policy] : rounds.policies) {
    const Edition* e = policy.*member;
    if (e != nullptr && e->edition == edition) out.push_back(id);
  }
  return out;
}

json guide_json(const catalogue::ScenarioGuide& g) {
  json links = json::array();
  for (const auto& l : g.links) {
    json scenarios = json::array();
    for (const int n : l.scenario_numbers) {
      const auto* s = g.scenario(n);
      if (s == nullptr) continue;
      scenarios.push_back({{"number", s->number},
                           {"name", s->name},
                           {"aliases", s->aliases},
                           {"description", s->description}});
    }
    links.push_back({{"number", l.number},
                     {"name", l.name},
                     {"domain", l.domain ? json(*l.domain) : json(nullptr)},
                     {"footnote", l.footnote},
                     {"scenarios", scenarios}});
  }
  return {{"edition", g.edition},
          {"title", g.title},
          {"source", g.source},
          {"introduction", g.introduction},
          {"requirements_edition", g.requirements_edition},
          {"mapping_clause", g.mapping_clause},
          {"verified", g.verified},
          {"links", links}};
}

}  // namespace

void App::add_catalogue_routes() {
  router_.add(
      "GET", "/api/v1/catalogue",
      "政策目录（公开）：场景指引、要素条件、指标参考、企业规模、行业分类各版本及使用它们的批次",
      [this](http::Request&) {
        json guides = json::array();
        for (const auto& [edition, g] : catalogue_.guides)
          guides.push_back({{"edition", edition},
                            {"title", g.title},
                            {"source", g.source},
                            {"verified", g.verified},
                            {"requirements_edition", g.requirements_edition},
                            {"links", g.links.size()},
                            {"scenarios", g.scenarios.size()},
                            {"rounds", rounds_using(rounds_, &rounds::Policy::guide, edition)}});
        json requirements = json::array();
        for (const auto& [edition, r] : catalogue_.requirements)
          requirements.push_back(
              {{"edition", edition},
               {"title", r.title},
               {"document", r.document},
               {"rounds", rounds_using(rounds_, &rounds::Policy::requirements, edition)}});
        json kpis = json::array();
        for (const auto& [edition, k] : catalogue_.kpis)
          kpis.push_back({{"edition", edition},
                          {"title", k.title},
                          {"clause", k.clause},
                          {"rounds", rounds_using(rounds_, &rounds::Policy::kpis, edition)}});
        json sizes = json::array();
        for (const auto& [edition, s] : catalogue_.sizes)
          sizes.push_back({{"edition", edition},
                           {"title", s.title},
                           {"clause", s.clause},
                           {"classes", s.classes.size()},
                           {"rounds", rounds_using(rounds_, &rounds::Policy::sizes, edition)}});
        json industries = json::array();
        for (const auto& [edition, i] : catalogue_.industries)
          industries.push_back(
              {{"edition", edition},
               {"title", i.title},
               {"clause", i.clause},
               {"sections", i.sections.size()},
               {"rounds", rounds_using(rounds_, &rounds::Policy::industries, edition)}});
        return http::Response::json(200, {{"guides", guides},
                                          {"requirements", requirements},
                                          {"kpis", kpis},
                                          {"sizes", sizes},
                                          {"industries", industries},
                                          {"regions", catalogue_.regions.size()}});
      });
  router_.add("GET", "/api/v1/catalogue/guides/{edition}",
              "一版场景指引（公开）：各环节及其典型场景和场景描述", [this](http::Request& req) {
                const auto it = catalogue_.guides.find(req.params.at("edition"));
                if (it == catalogue_.guides.end()) {
                  return error_response(
                      Error{"NOT_FOUND",
                            fmt::format("场景指引版本“{}”不存在", req.params.at("edition")),
                            {},
                            {}});
                }
                return http::Response::json(200, guide_json(it->second));
              });
}

}  // namespace tidu::api
