#include "api/app.hpp"

#include <fmt/format.h>

#include "api/errors.hpp"
#include "api/support.hpp"
#include "core/time.hpp"

namespace tidu::api {
namespace {

using nlohmann::json;

/// Where the round's window stands at `now`: not_open, open or closed.
std::string window_state(const rounds::Round& r, time::Instant now) {
  if (r.opens && now < *r.opens) return "not_open";
  if (r.closes && now > *r.closes) return "closed";
  return "open";
}

json round_summary(const rounds::Round& r, const rounds::Policy& p, time::Instant now) {
  const auto* region = p.regions->find(r.region);
  return {{"id", r.id},
          {"window_state", window_state(r, now)},
          {"name", r.name},
          {"year", r.year},
          {"tier", {{"id", p.tier->id}, {"name", p.tier->name}}},
          {"region", {{"code", r.region}, {"name", region != nullptr ? region->name : ""}}},
          {"notice",
           {{"number", r.notice.number}, {"issuer", r.notice.issuer}, {"date", r.notice.date}}},
          {"opens", r.opens ? json(time::format_instant(*r.opens)) : json(nullptr)},
          {"closes", r.closes ? json(time::format_instant(*r.closes)) : json(nullptr)},
          {"window_clause", r.window_clause},
          {"levels",
           [&] {
             json out = json::array();
             for (const auto& l : r.levels)
               out.push_back({{"id", l.id}, {"name", l.name}, {"region_kind", l.region_kind}});
             return out;
           }()},
          {"uploads",
           {{"max_file_mb", r.uploads.max_file_bytes >> 20},
            {"max_total_mb", r.uploads.max_total_bytes >> 20}}},
          {"form", {{"id", p.form->id}, {"title", p.form->title}}}};
}

}  // namespace

App::App(const catalogue::Catalogue& catalogue, const rounds::RoundSet& rounds, Services services,
         AppInfo info)
    : catalogue_(catalogue),
      rounds_(rounds),
      services_(services),
      info_(std::move(info)),
      site_(info_.web_root) {
  add_public_routes();
  add_session_routes();
  add_enterprise_routes();
  add_declaration_routes();
  add_review_routes();
  add_blacklist_routes();
  add_document_routes();
  add_statistics_routes();
  add_catalogue_routes();
  add_round_definition_routes();
  add_province_routes();
  add_registry_routes();
  add_group_routes();
  add_import_routes();
  add_copied_text_routes();
}

time::Instant App::now() const { return info_.clock ? info_.clock() : service::system_now(); }

void App::add_public_routes() {
  router_.add("GET", "/api/v1/health", "服务状态：版本、数据库类型、已加载的批次数",
              [this](http::Request&) {
                return http::Response::json(200, {{"status", "ok"},
                                                  {"now", time::format_instant(now())},
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
      out.push_back(round_summary(r, rounds_.policies.at(id), now()));
    return http::Response::json(200, {{"rounds", out}, {"now", time::format_instant(now())}});
  });
  router_.add("GET", "/api/v1/rounds/{id}", "一个申报批次（公开）", [this](http::Request& req) {
    const auto it = rounds_.rounds.find(req.params.at("id"));
    if (it == rounds_.rounds.end()) {
      return error_response(
          Error{"ROUND_UNKNOWN", fmt::format("批次“{}”不存在", req.params.at("id")), {}, {}});
    }
    return http::Response::json(200,
                                round_summary(it->second, rounds_.policies.at(it->first), now()));
  });
  router_.add("GET", "/api/v1/regions", "地区：?parent=代码 列出下级，省级不带参数（公开）",
              [this](http::Request& req) {
                const auto it = req.query.find("parent");
                json out = json::array();
                if (it == req.query.end() || it->second.empty()) {
                  for (const auto& r : catalogue_.regions.nodes())
                    if (r.parent.empty())
                      out.push_back({{"code", r.code}, {"name", r.name}, {"kind", r.kind}});
                } else {
                  if (catalogue_.regions.find(it->second) == nullptr) {
                    return error_response(
                        Error{"NOT_FOUND", fmt::format("地区“{}”不存在", it->second), {}, {}});
                  }
                  for (const auto* r : catalogue_.regions.children(it->second))
                    out.push_back({{"code", r->code}, {"name", r->name}, {"kind", r->kind}});
                }
                return http::Response::json(200, {{"regions", out}});
              });
  router_.add(
      "GET", "/api/v1/regions/{code}",
      "一个地区及其从省级起的路径（公开）：{code, name, kind, full_name, path}",
      [this](http::Request& req) {
        const auto& code = req.params.at("code");
        if (catalogue_.regions.find(code) == nullptr) {
          return error_response(Error{"NOT_FOUND", fmt::format("地区“{}”不存在", code), {}, {}});
        }
        json path = json::array();
        for (const auto* r : catalogue_.regions.path(code))
          path.push_back({{"code", r->code}, {"name", r->name}, {"kind", r->kind}});
        const auto* self = catalogue_.regions.find(code);
        return http::Response::json(200, {{"code", code},
                                          {"name", self->name},
                                          {"kind", self->kind},
                                          {"full_name", catalogue_.regions.full_name(code)},
                                          {"path", path}});
      });
}

void App::add_session_routes() {
  router_.add(
      "POST", "/api/v1/session", "登录：{username, password}；返回 csrf_token 并设置会话 Cookie",
      [this](http::Request& req) {
        auto body = json_body(req);
        if (!body) return error_response(body.error());
        auto username = string_member(*body, "username", 64);
        auto password = string_member(*body, "password", 256);
        if (!username || !password || username->empty() || password->empty())
          return error_response(Error{"BAD_REQUEST", "请填写用户名和密码", {}, {}});
        auto s = services_.accounts.login(*username, *password, req.remote);
        if (!s) return error_response(s.error());
        auto r = http::Response::json(200, {{"csrf_token", s->csrf},
                                            {"expires_at", s->expires_at},
                                            {"account",
                                             {{"id", s->principal.account_id},
                                              {"username", s->principal.username},
                                              {"role", access::role_id(s->principal.role)},
                                              {"level", s->principal.level},
                                              {"region", s->principal.region},
                                              {"authority", s->principal.authority},
                                              {"enterprise_id", s->principal.enterprise_id}}}});
        r.set_header(
            "Set-Cookie",
            fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}", kSessionCookie,
                        s->id, info_.session_hours * 3600, info_.secure_cookie ? "; Secure" : ""));
        return r;
      });
  router_.add("GET", "/api/v1/session", "当前登录的账号和 csrf_token", [this](http::Request& req) {
    auto s = signed_in(services_.accounts, req);
    if (!s) return error_response(s.error());
    auto a = services_.accounts.get(s->principal.account_id);
    return respond(a, [&](const service::Account& account) {
      return http::Response::json(
          200,
          {{"csrf_token", s->csrf}, {"expires_at", s->expires_at}, {"account", to_json(account)}});
    });
  });
  router_.add("DELETE", "/api/v1/session", "退出登录", [this](http::Request& req) {
    auto s = signed_in(services_.accounts, req);
    if (!s) return error_response(s.error());
    auto r = services_.accounts.logout(s->id);
    if (!r) return error_response(r.error());
    http::Response out;
    out.status = 204;
    out.set_header("Set-Cookie", fmt::format("{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0",
                                             kSessionCookie));
    return out;
  });
  router_.add("POST", "/api/v1/session/password", "修改密码：{current, next}；其他会话随之失效",
              [this](http::Request& req) {
                auto s = signed_in(services_.accounts, req);
                if (!s) return error_response(s.error());
                auto body = json_body(req);
                if (!body) return error_response(body.error());
                auto current = string_member(*body, "current", 256);
                auto next = string_member(*body, "next", 256);
                if (!current || !next)
                  return error_response(Error{"BAD_REQUEST", "请填写当前密码和新密码", {}, {}});
                auto r = services_.accounts.change_password(s->principal, s->id, *current, *next);
                if (!r) return error_response(r.error());
                return http::Response::json(200, {{"changed", true}});
              });
  router_.add(
      "GET", "/api/v1/accounts",
      "账号列表（管理员）：?role= &region=（含下级） &q=（用户名或显示名称） &page= &page_size=",
      [this](http::Request& req) {
        auto s = signed_in(services_.accounts, req);
        if (!s) return error_response(s.error());
        auto page = paging(req);
        if (!page) return error_response(page.error());
        const service::AccountQuery query{.role = query_value(req, "role"),
                                          .region = query_value(req, "region"),
                                          .q = query_value(req, "q"),
                                          .offset = page->first,
                                          .limit = page->second};
        auto list = services_.accounts.list(s->principal, query);
        return respond(list, [](const service::AccountPage& p) {
          json out = json::array();
          for (const auto& a : p.items) out.push_back(to_json(a));
          return http::Response::json(200, {{"accounts", out}, {"total", p.total}});
        });
      });
  router_.add("PUT", "/api/v1/accounts/{id}",
              "修改账号（管理员）：{display_name?, disabled?, extra?}；停用即结束其登录",
              [this](http::Request& req) {
                auto s = signed_in(services_.accounts, req);
                if (!s) return error_response(s.error());
                auto body = json_body(req);
                if (!body) return error_response(body.error());
                service::AccountChange change;
                if (body->contains("display_name")) {
                  auto v = string_member(*body, "display_name", 400);
                  if (!v) return error_response(v.error());
                  change.display_name = *v;
                }
                if (body->contains("disabled")) {
                  if (!body->at("disabled").is_boolean())
                    return error_response(
                        Error{"VALIDATION_FAILED", "disabled 应为 true 或 false", {}, {}});
                  change.disabled = body->at("disabled").get<bool>();
                }
                if (body->contains("extra")) change.extra = body->at("extra");
                auto updated = services_.accounts.update(s->principal, req.params.at("id"), change);
                return respond(updated, [](const service::Account& a) {
                  return http::Response::json(200, to_json(a));
                });
              });
  router_.add("POST", "/api/v1/accounts/{id}/password",
              "重置账号密码（管理员）：{password}；该账号须重新登录", [this](http::Request& req) {
                auto s = signed_in(services_.accounts, req);
                if (!s) return error_response(s.error());
                auto body = json_body(req);
                if (!body) return error_response(body.error());
                auto password = string_member(*body, "password", 400);
                if (!password) return error_response(password.error());
                auto reset =
                    services_.accounts.reset_password(s->principal, req.params.at("id"), *password);
                if (!reset) return error_response(reset.error());
                return http::Response::json(200, {{"reset", true}});
              });
  router_.add(
      "POST", "/api/v1/accounts",
      "创建审核员、联合推荐部门、专家或管理员账号（管理员）：{username, password, role, level, "
      "region, authority, display_name, extra}",
      [this](http::Request& req) {
        auto s = signed_in(services_.accounts, req);
        if (!s) return error_response(s.error());
        auto body = json_body(req);
        if (!body) return error_response(body.error());
        service::NewAccount a;
        for (auto [key, field] : {std::pair{"username", &a.username},
                                  {"password", &a.password},
                                  {"role", &a.role},
                                  {"level", &a.level},
                                  {"region", &a.region},
                                  {"authority", &a.authority},
                                  {"display_name", &a.display_name}}) {
          auto v = string_member(*body, key, 400);
          if (!v) return error_response(v.error());
          *field = *v;
        }
        if (body->contains("extra")) a.extra = body->at("extra");
        auto created = services_.accounts.create(s->principal, a);
        return respond(created, [](const service::Account& account) {
          return http::Response::json(201, to_json(account));
        });
      });
  router_.add("POST", "/api/v1/enterprises",
              "企业自助注册：{credit_code, name, region, contact_name, contact_mobile, username, "
              "password}",
              [this](http::Request& req) {
                auto body = json_body(req);
                if (!body) return error_response(body.error());
                service::Registration r;
                for (auto [key, field] : {std::pair{"credit_code", &r.credit_code},
                                          {"name", &r.name},
                                          {"region", &r.region},
                                          {"contact_name", &r.contact_name},
                                          {"contact_mobile", &r.contact_mobile},
                                          {"username", &r.username},
                                          {"password", &r.password}}) {
                  auto v = string_member(*body, key, 400);
                  if (!v) return error_response(v.error());
                  *field = *v;
                }
                auto created = services_.accounts.register_enterprise(r);
                return respond(created, [](const service::Account& account) {
                  return http::Response::json(201, to_json(account));
                });
              });
}

void App::add_enterprise_routes() {
  router_.add("GET", "/api/v1/enterprises/{id}", "企业信息（本企业、辖区审核员、管理员）",
              [this](http::Request& req) {
                auto s = signed_in(services_.accounts, req);
                if (!s) return error_response(s.error());
                auto e = services_.enterprises.get(s->principal, req.params.at("id"));
                return respond(e, [](const service::EnterpriseRecord& record) {
                  return http::Response::json(200, to_json(record));
                });
              });
  router_.add("PUT", "/api/v1/enterprises/{id}/profile",
              "保存企业信息：{version, profile}；版本过期返回 409 和当前版本",
              [this](http::Request& req) {
                auto s = signed_in(services_.accounts, req);
                if (!s) return error_response(s.error());
                auto body = json_body(req);
                if (!body) return error_response(body.error());
                if (!body->contains("version") || !body->at("version").is_number_integer() ||
                    !body->contains("profile"))
                  return error_response(
                      Error{"BAD_REQUEST", "请求体应为 {version: 整数, profile: 对象}", {}, {}});
                auto e = services_.enterprises.save_profile(s->principal, req.params.at("id"),
                                                            body->at("version").get<std::int64_t>(),
                                                            body->at("profile"));
                return respond(e, [](const service::EnterpriseRecord& record) {
                  return http::Response::json(200, to_json(record));
                });
              });
  router_.add("GET", "/api/v1/enterprises/{id}/maturity", "智能制造能力成熟度评估记录（新的在前）",
              [this](http::Request& req) {
                auto s = signed_in(services_.accounts, req);
                if (!s) return error_response(s.error());
                auto list =
                    services_.enterprises.maturity_history(s->principal, req.params.at("id"));
                return respond(list, [](const std::vector<service::MaturityAssessment>& items) {
                  json out = json::array();
                  for (const auto& m : items) out.push_back(to_json(m));
                  return http::Response::json(200, {{"assessments", out}});
                });
              });
  router_.add("POST", "/api/v1/enterprises/{id}/maturity",
              "登记一次成熟度评估：{level, score, assessed_on, source, report_sha256}",
              [this](http::Request& req) {
                auto s = signed_in(services_.accounts, req);
                if (!s) return error_response(s.error());
                auto body = json_body(req);
                if (!body) return error_response(body.error());
                service::MaturityAssessment m;
                if (!body->contains("level") || !body->at("level").is_number_integer())
                  return error_response(Error{"BAD_REQUEST", "level 应为 1–5 的整数", {}, {}});
                m.level = body->at("level").get<int>();
                if (body->contains("score") && body->at("score").is_number())
                  m.score = body->at("score").get<double>();
                auto on = string_member(*body, "assessed_on", 20);
                auto source = string_member(*body, "source", 400);
                auto report = string_member(*body, "report_sha256", 64);
                if (!on || !source || !report)
                  return error_response(Error{
                      "BAD_REQUEST", "assessed_on、source、report_sha256 应为字符串", {}, {}});
                m.assessed_on = *on;
                m.source = *source;
                m.report_sha256 = *report;
                auto added =
                    services_.enterprises.add_maturity(s->principal, req.params.at("id"), m);
                return respond(added, [](const service::MaturityAssessment& a) {
                  return http::Response::json(201, to_json(a));
                });
              });
  router_.add("POST", "/api/v1/enterprises/{id}/files",
              "上传企业文件（如成熟度评估报告）：请求体为文件内容，?name=原文件名",
              [this](http::Request& req) {
                auto s = signed_in(services_.accounts, req);
                if (!s) return error_response(s.error());
                const auto name = req.query.contains("name") ? req.query.at("name") : "";
                auto f = services_.declarations.upload_for_enterprise(
                    s->principal, req.params.at("id"), name, req.body);
                return respond(f, [](const service::FileView& file) {
                  return http::Response::json(201, to_json(file));
                });
              });
}

}  // namespace tidu::api

namespace tidu::api {

http::Response App::handle(http::Request& request) const {
  if (request.path != "/api" && !request.path.starts_with("/api/")) return site_.serve(request);
  http::Response r = router_.dispatch(request);
  r.set_header("Cache-Control", "no-store");
  r.set_header("X-Content-Type-Options", "nosniff");
  r.set_header("X-Frame-Options", "DENY");
  r.set_header("Referrer-Policy", "same-origin");
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
          {"components",
           {{"securitySchemes",
             {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", kSessionCookie}}},
              {"csrf", {{"type", "apiKey"}, {"in", "header"}, {"name", "X-CSRF-Token"}}}}}}},
          {"paths", paths}};
}

}  // namespace tidu::api
