#include "api/app.hpp"

#include <fmt/format.h>

#include "api/errors.hpp"
#include "core/time.hpp"

namespace tidu::api {
namespace {

using nlohmann::json;

json round_summary(const rounds::Round& r, const rounds::Policy& p) {
  const auto* region = p.regions->find(r.region);
  return {{"id", r.id},
          {"name", r.name},
          {"year", r.year},
          {"tier", {{"id", p.tier->id}, {"name", p.tier->name}}},
          {"region", {{"code", r.region}, {"name", region != nullptr ? region->name : ""}}},
          {"notice",
           {{"number", r.notice.number}, {"issuer", r.notice.issuer}, {"date", r.notice.date}}},
          {"opens", r.opens ? json(time::format_instant(*r.opens)) : json(nullptr)},
          {"closes", r.closes ? json(time::format_instant(*r.closes)) : json(nullptr)},
          {"form", {{"id", p.form->id}, {"title", p.form->title}}}};
}

}  // namespace

App::App(const catalogue::Catalogue& catalogue, const rounds::RoundSet& rounds, AppInfo info)
    : catalogue_(catalogue), rounds_(rounds), info_(std::move(info)) {
  router_.add("GET", "/api/v1/health", "服务状态：版本、数据库类型、已加载的批次数",
              [this](http::Request&) {
                return http::Response::json(200, {{"status", "ok"},
                                                  {"version", info_.version},
                                                  {"database", info_.database},
                                                  {"rounds", rounds_.rounds.size()},
                                                  {"regions", catalogue_.regions.size()}});
              });
  router_.add("GET", "/api/v1/openapi.json", "本接口的 OpenAPI 3 描述",
              [this](http::Request&) { return http::Response::json(200, openapi()); });
  router_.add("GET", "/api/v1/rounds", "申报批次列表（公开）", [this](http::Request&) {
    json out = json::array();
    for (const auto& [id, r] : rounds_.rounds)
      out.push_back(round_summary(r, rounds_.policies.at(id)));
    return http::Response::json(200, {{"rounds", out}});
  });
  router_.add("GET", "/api/v1/rounds/{id}", "一个申报批次（公开）", [this](http::Request& req) {
    const auto it = rounds_.rounds.find(req.params.at("id"));
    if (it == rounds_.rounds.end()) {
      return error_response(
          Error{"ROUND_UNKNOWN", fmt::format("批次“{}”不存在", req.params.at("id")), {}});
    }
    return http::Response::json(200, round_summary(it->second, rounds_.policies.at(it->first)));
  });
}

http::Response App::handle(http::Request& request) const {
  http::Response r = router_.dispatch(request);
  r.set_header("Cache-Control", "no-store");
  r.set_header("X-Content-Type-Options", "nosniff");
  return r;
}

json App::openapi() const {
  json paths = json::object();
  for (const auto& route : router_.routes()) {
    json op = {
        {"summary", route.summary},
        {"responses", {{"default", {{"description", "JSON；错误时为 {code, message, details}"}}}}}};
    json params = json::array();
    for (const auto& seg : http::split_path(route.pattern)) {
      if (seg.size() > 2 && seg.front() == '{') {
        params.push_back({{"name", seg.substr(1, seg.size() - 2)},
                          {"in", "path"},
                          {"required", true},
                          {"schema", {{"type", "string"}}}});
      }
    }
    if (!params.empty()) op["parameters"] = params;
    std::string method = route.method;
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    paths[route.pattern][method] = op;
  }
  return {{"openapi", "3.0.3"},
          {"info", {{"title", "Tidu 智能工厂梯度培育平台 API"}, {"version", info_.version}}},
          {"paths", paths}};
}

}  // namespace tidu::api
