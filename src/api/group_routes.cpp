// Routes of the enterprise groups on direct routes (有关省属企业): registration, members and the
// group's reviewer accounts.
#include <fmt/format.h>

#include "api/app.hpp"
#include "api/errors.hpp"
#include "api/support.hpp"

namespace tidu::api {
namespace {

using nlohmann::json;

json to_json(const service::Group& g) {
  json members = json::array();
  for (const auto& m : g.members) {
    members.push_back({{"enterprise_id", m.enterprise_id},
                       {"name", m.name},
                       {"credit_code", m.credit_code},
                       {"region", m.region}});
  }
  return {{"id", g.id},        {"unit", g.unit},     {"route", g.route},
          {"name", g.name},    {"region", g.region}, {"created_at", g.created_at},
          {"members", members}};
}

}  // namespace

void App::add_group_routes() {
  auto& accounts = services_.accounts;
  auto& groups = services_.groups;

  router_.add(
      "POST", "/api/v1/groups",
      "登记企业集团（有关省属企业等直接推荐单位）：{route, name, region}（省级审核员或管理员）",
      [&](http::Request& req) {
        auto s = signed_in(accounts, req);
        if (!s) return error_response(s.error());
        auto body = json_body(req);
        if (!body) return error_response(body.error());
        auto route = string_member(*body, "route");
        auto name = string_member(*body, "name");
        auto region = string_member(*body, "region");
        if (!route) return error_response(route.error());
        if (!name) return error_response(name.error());
        if (!region) return error_response(region.error());
        auto g = groups.create(s->principal, *route, *name, *region);
        return respond(g, [](const service::Group& group) {
          return http::Response::json(201, to_json(group));
        });
      });
  router_.add("GET", "/api/v1/groups", "可见的企业集团及其成员企业", [&](http::Request& req) {
    auto s = signed_in(accounts, req);
    if (!s) return error_response(s.error());
    auto list = groups.list(s->principal);
    return respond(list, [](const std::vector<service::Group>& items) {
      json out = json::array();
      for (const auto& g : items) out.push_back(to_json(g));
      return http::Response::json(200, {{"items", out}});
    });
  });
  router_.add("GET", "/api/v1/groups/{id}", "一个企业集团及其成员企业", [&](http::Request& req) {
    auto s = signed_in(accounts, req);
    if (!s) return error_response(s.error());
    auto g = groups.get(s->principal, req.params.at("id"));
    return respond(
        g, [](const service::Group& group) { return http::Response::json(200, to_json(group)); });
  });
  router_.add("PUT", "/api/v1/groups/{id}/members",
              "设定集团的成员企业：{credit_codes: [统一社会信用代码]}；有误时全部不改并逐一说明",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto body = json_body(req);
                if (!body) return error_response(body.error());
                std::vector<std::string> codes;
                const json list = body->value("credit_codes", json::array());
                if (!list.is_array() || list.size() > 2000)
                  return error_response(Error{"BAD_REQUEST", "credit_codes 应为字符串数组"});
                for (const auto& c : list) {
                  if (!c.is_string() || c.get_ref<const std::string&>().size() > 64)
                    return error_response(Error{"BAD_REQUEST", "credit_codes 应为字符串数组"});
                  codes.push_back(c.get<std::string>());
                }
                auto g = groups.set_members(s->principal, req.params.at("id"), codes);
                return respond(g, [](const service::Group& group) {
                  return http::Response::json(200, to_json(group));
                });
              });
  router_.add("POST", "/api/v1/groups/{id}/accounts",
              "为企业集团创建审核员账号：{username, password, display_name}（管理员）",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto g = groups.get(s->principal, req.params.at("id"));
                if (!g) return error_response(g.error());
                auto body = json_body(req);
                if (!body) return error_response(body.error());
                service::NewAccount a;
                for (auto [key, target] :
                     {std::pair{"username", &a.username}, std::pair{"password", &a.password},
                      std::pair{"display_name", &a.display_name}}) {
                  auto v = string_member(*body, key, 256);
                  if (!v) return error_response(v.error());
                  *target = *v;
                }
                // The group stands in for the level its route names (e.g. the city).
                std::string level;
                for (const auto& [id, round] : rounds_.rounds) {
                  for (const auto& d : round.direct)
                    if (d.id == g->route) level = d.acts_as;
                }
                a.role = "reviewer";
                a.level = level;
                a.region = g->unit;
                a.authority = g->name;
                auto created = accounts.create(s->principal, a);
                return respond(created, [](const service::Account& account) {
                  return http::Response::json(201, to_json(account));
                });
              });
}

}  // namespace tidu::api
