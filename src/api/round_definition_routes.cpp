// Routes of the administrator's round definitions: list, view, check and save a round's YAML
// (service::RoundDefinitions). A saved version takes effect when the servers next start.
#include "api/app.hpp"
#include "api/errors.hpp"
#include "api/support.hpp"

namespace tidu::api {
namespace {

using nlohmann::json;

json to_json(const service::RoundDefinition& d) {
  return {{"id", d.id},
          {"yaml", d.yaml},
          {"version", d.version},
          {"origin", d.origin},
          {"note", d.note},
          {"saved_at", d.saved_at},
          {"saved_by", d.saved_by},
          {"running_version", d.running_version},
          {"pending", d.version > 0 && d.running_version != d.version}};
}

json to_json(const service::RoundCheck& c) {
  json faults = json::array();
  for (const auto& f : c.faults)
    faults.push_back(
        {{"line", f.line}, {"column", f.column}, {"path", f.path}, {"message", f.message}});
  return {{"id", c.id}, {"ok", c.faults.empty()}, {"faults", faults}};
}

/// The `yaml` member of the body, with its size checked.
Result<std::string> yaml_member(const json& body) {
  if (!body.contains("yaml") || !body.at("yaml").is_string())
    return fail("VALIDATION_FAILED", "请提供批次定义（yaml，文本）");
  return body.at("yaml").get<std::string>();
}

}  // namespace

void App::add_round_definition_routes() {
  router_.add("GET", "/api/v1/admin/rounds", "批次定义列表（管理员）：运行的版本、已保存的最新版本",
              [this](http::Request& req) {
                auto s = signed_in(services_.accounts, req);
                if (!s) return error_response(s.error());
                auto list = services_.round_definitions.list(s->principal);
                return respond(list, [](const std::vector<service::RoundDefinitionInfo>& rows) {
                  json out = json::array();
                  for (const auto& r : rows)
                    out.push_back({{"id", r.id},
                                   {"name", r.name},
                                   {"tier", r.tier},
                                   {"region", r.region},
                                   {"origin", r.origin},
                                   {"running_version", r.running_version},
                                   {"stored_version", r.stored_version},
                                   {"pending", r.stored_version > 0 &&
                                                   r.running_version != r.stored_version}});
                  return http::Response::json(200, {{"rounds", out}});
                });
              });
  router_.add("GET", "/api/v1/admin/rounds/{id}", "一个批次的定义（管理员）：YAML 文本、版本、来源",
              [this](http::Request& req) {
                auto s = signed_in(services_.accounts, req);
                if (!s) return error_response(s.error());
                auto d = services_.round_definitions.get(s->principal, req.params.at("id"));
                return respond(d, [](const service::RoundDefinition& def) {
                  return http::Response::json(200, to_json(def));
                });
              });
  router_.add("POST", "/api/v1/admin/rounds/check",
              "检查批次定义（管理员）：{yaml}，返回各处问题的行号和位置，不保存",
              [this](http::Request& req) {
                auto s = signed_in(services_.accounts, req);
                if (!s) return error_response(s.error());
                auto body = json_body(req);
                if (!body) return error_response(body.error());
                auto yaml = yaml_member(*body);
                if (!yaml) return error_response(yaml.error());
                auto c = services_.round_definitions.check(s->principal, *yaml);
                return respond(c, [](const service::RoundCheck& check) {
                  return http::Response::json(200, to_json(check));
                });
              });
  router_.add(
      "PUT", "/api/v1/admin/rounds/{id}",
      "保存批次定义为新版本（管理员）：{yaml, base_version, note}；重启服务后生效",
      [this](http::Request& req) {
        auto s = signed_in(services_.accounts, req);
        if (!s) return error_response(s.error());
        auto body = json_body(req);
        if (!body) return error_response(body.error());
        auto yaml = yaml_member(*body);
        if (!yaml) return error_response(yaml.error());
        if (!body->contains("base_version") || !body->at("base_version").is_number_integer())
          return error_response(Error{
              "VALIDATION_FAILED", "请提供 base_version（所改的版本号，未保存过为 0）", {}, {}});
        const std::string note =
            body->contains("note") && body->at("note").is_string() ? body->at("note") : "";
        auto saved =
            services_.round_definitions.save(s->principal, req.params.at("id"), *yaml,
                                             body->at("base_version").get<std::int64_t>(), note);
        return respond(saved, [](const service::RoundDefinition& def) {
          return http::Response::json(201, to_json(def));
        });
      });
}

}  // namespace tidu::api
