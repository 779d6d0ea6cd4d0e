// Routes of the registry of recognised factories (public list, history, re-review, revocation)
// and of the basic-tier self-evaluations an enterprise files and its county confirms.
#include <fmt/format.h>

#include "api/app.hpp"
#include "api/errors.hpp"
#include "api/support.hpp"

namespace tidu::api {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxText = 16384;

json to_json(const service::RegistryEntry& e, bool with_history) {
  json out = {{"id", e.id},
              {"enterprise_id", e.enterprise_id},
              {"credit_code", e.credit_code},
              {"enterprise_name", e.enterprise_name},
              {"factory_name", e.factory_name},
              {"region", e.region},
              {"region_name", e.region_name},
              {"tier", e.tier},
              {"source", e.source},
              {"round", e.round_id},
              {"round_name", e.round_name},
              {"declaration_id", e.declaration_id},
              {"recognised_on", e.recognised_on},
              {"valid_until", e.valid_until},
              {"status", e.status},
              {"status_reason", e.status_reason},
              {"version", e.version}};
  if (with_history) {
    json history = json::array();
    for (const auto& h : e.history) {
      history.push_back({{"at", h.at},
                         {"account", h.account_id},
                         {"account_name", h.account_name},
                         {"action", h.action},
                         {"from", h.from_status},
                         {"to", h.to_status},
                         {"note", h.note}});
    }
    out["history"] = history;
  }
  return out;
}

json to_json(const service::SelfEvaluation& s) {
  json answers = json::array();
  for (const auto& a : s.answers)
    answers.push_back({{"id", a.id}, {"met", a.met}, {"evidence", a.evidence}});
  return {{"id", s.id},
          {"enterprise_id", s.enterprise_id},
          {"enterprise_name", s.enterprise_name},
          {"region", s.region},
          {"factory_name", s.factory_name},
          {"edition", s.edition},
          {"answers", answers},
          {"state", s.state},
          {"submitted_at", s.submitted_at},
          {"decided_at", s.decided_at},
          {"opinion", s.opinion}};
}

}  // namespace

void App::add_registry_routes() {
  auto& accounts = services_.accounts;
  auto& registry = services_.registry;

  router_.add("GET", "/api/v1/registry",
              "智能工厂认定名录：?region=&tier=&status=active|expired|revoked&q=&page=&page_size="
              "（公开部分为各批次认定结果；登录的审核单位另见辖区内的基础级自评确认）",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                const access::Principal* who = s ? &s->principal : nullptr;
                auto page = paging(req);
                if (!page) return error_response(page.error());
                const service::RegistryQuery q{.region = query_value(req, "region"),
                                               .tier = query_value(req, "tier"),
                                               .status = query_value(req, "status"),
                                               .q = query_value(req, "q"),
                                               .page = page->first / page->second + 1,
                                               .page_size = page->second};
                auto list = registry.list(who, q);
                return respond(list, [](const service::RegistryPage& p) {
                  json items = json::array();
                  for (const auto& e : p.items) items.push_back(to_json(e, false));
                  return http::Response::json(200, {{"items", items}, {"total", p.total}});
                });
              });
  router_.add("GET", "/api/v1/registry/{id}", "一条认定记录及其历史（认定、复核、撤销）",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                const access::Principal* who = s ? &s->principal : nullptr;
                auto e = registry.get(who, req.params.at("id"));
                return respond(e, [](const service::RegistryEntry& entry) {
                  return http::Response::json(200, to_json(entry, true));
                });
              });
  router_.add("POST", "/api/v1/registry/{id}/review",
              "复核：{outcome: confirmed|revoked, note}（认定单位）", [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto body = json_body(req);
                if (!body) return error_response(body.error());
                auto outcome = string_member(*body, "outcome");
                auto note = string_member(*body, "note", kMaxText);
                if (!outcome) return error_response(outcome.error());
                if (!note) return error_response(note.error());
                auto e = registry.review(s->principal, req.params.at("id"), *outcome, *note);
                return respond(e, [](const service::RegistryEntry& entry) {
                  return http::Response::json(200, to_json(entry, true));
                });
              });
  router_.add("POST", "/api/v1/registry/{id}/revoke", "撤销认定：{reason}（认定单位）",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto body = json_body(req);
                if (!body) return error_response(body.error());
                auto reason = string_member(*body, "reason", kMaxText);
                if (!reason) return error_response(reason.error());
                auto e = registry.revoke(s->principal, req.params.at("id"), *reason);
                return respond(e, [](const service::RegistryEntry& entry) {
                  return http::Response::json(200, to_json(entry, true));
                });
              });

  router_.add(
      "GET", "/api/v1/self-evaluation/editions",
      "基础级自评可依据的要素条件版本（公开，新的在前；第一个为默认）", [&](http::Request&) {
        json items = json::array();
        for (const auto& e : registry.self_editions()) {
          items.push_back({{"edition", e.edition}, {"title", e.title}, {"document", e.document}});
        }
        return http::Response::json(200, {{"items", items}});
      });
  router_.add(
      "GET", "/api/v1/self-evaluation/conditions",
      "基础级智能工厂自建自评的条件：?edition=2024（要素条件版本，公开；缺省为最新版本）",
      [&](http::Request& req) {
        auto list = registry.self_conditions(query_value(req, "edition"));
        return respond(list, [](const std::vector<service::SelfCondition>& conditions) {
          json items = json::array();
          for (const auto& c : conditions) {
            items.push_back(
                {{"id", c.id}, {"text", c.text}, {"required", c.required}, {"clause", c.clause}});
          }
          return http::Response::json(200, {{"items", items}});
        });
      });
  router_.add("POST", "/api/v1/enterprises/{id}/self-evaluations",
              "企业提交基础级自评：{factory_name, edition, answers: [{id, met, evidence}]}",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto body = json_body(req);
                if (!body) return error_response(body.error());
                auto factory = string_member(*body, "factory_name");
                auto edition = string_member(*body, "edition");
                if (!factory) return error_response(factory.error());
                if (!edition) return error_response(edition.error());
                const json answers = body->value("answers", json::array());
                if (!answers.is_array() || answers.size() > 100)
                  return error_response(Error{"BAD_REQUEST", "answers 应为条件数组"});
                std::vector<service::SelfConditionAnswer> list;
                for (const auto& a : answers) {
                  if (!a.is_object())
                    return error_response(Error{"BAD_REQUEST", "answers 的每一项应为对象"});
                  auto id = string_member(a, "id");
                  auto evidence = string_member(a, "evidence", kMaxText);
                  if (!id) return error_response(id.error());
                  if (!evidence) return error_response(evidence.error());
                  const bool met =
                      a.contains("met") && a.at("met").is_boolean() && a.at("met").get<bool>();
                  list.push_back({*id, met, *evidence});
                }
                auto out = registry.file_self_evaluation(s->principal, req.params.at("id"),
                                                         *factory, *edition, list);
                return respond(out, [](const service::SelfEvaluation& e) {
                  return http::Response::json(201, to_json(e));
                });
              });
  router_.add("GET", "/api/v1/self-evaluations",
              "基础级自评：企业看自己的，县级审核员看辖区的；?state=submitted|confirmed|returned",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                const std::string enterprise = s->principal.role == access::Role::kEnterprise
                                                   ? s->principal.enterprise_id
                                                   : query_value(req, "enterprise");
                auto list =
                    registry.self_evaluations(s->principal, enterprise, query_value(req, "state"));
                return respond(list, [](const std::vector<service::SelfEvaluation>& items) {
                  json out = json::array();
                  for (const auto& e : items) out.push_back(to_json(e));
                  return http::Response::json(200, {{"items", out}});
                });
              });
  router_.add(
      "POST", "/api/v1/self-evaluations/{id}/{decision}",
      "县级复核基础级自评：decision = confirm（确认，进入名录）或 return（退回，须写 opinion）",
      [&](http::Request& req) {
        auto s = signed_in(accounts, req);
        if (!s) return error_response(s.error());
        const auto& decision = req.params.at("decision");
        if (decision != "confirm" && decision != "return")
          return error_response(Error{"NOT_FOUND", "复核操作应为 confirm 或 return"});
        auto body = json_body(req);
        if (!body) return error_response(body.error());
        auto opinion = string_member(*body, "opinion", kMaxText);
        if (!opinion) return error_response(opinion.error());
        auto out = registry.decide_self_evaluation(s->principal, req.params.at("id"),
                                                   decision == "confirm", *opinion);
        return respond(out, [](const service::SelfEvaluation& e) {
          return http::Response::json(200, to_json(e));
        });
      });
}

}  // namespace tidu::api
