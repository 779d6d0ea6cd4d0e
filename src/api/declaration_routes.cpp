// Routes of declarations: create, read, save sections, validate, submit, withdraw, versions,
// diff, timeline, files; and the reviewers' notifications.
#include <fmt/format.h>

#include "api/app.hpp"
#include "api/errors.hpp"
#include "api/support.hpp"
#include "core/json_text.hpp"
#include "declaration/diff.hpp"
#include "files/names.hpp"

namespace tidu::api {
namespace {

using nlohmann::json;

http::Response declaration_response(int status, const service::DeclarationView& d) {
  return http::Response::json(status, to_json(d, true));
}

}  // namespace

void App::add_declaration_routes() {
  auto& accounts = services_.accounts;
  auto& declarations = services_.declarations;

  router_.add("GET", "/api/v1/declarations",
              "可见的申报书列表：?round=&state=&q=企业名称或信用代码&page=&page_size=",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto page = paging(req);
                if (!page) return error_response(page.error());
                service::DeclarationFilter f;
                f.offset = page->first;
                f.limit = page->second;
                if (auto it = req.query.find("round"); it != req.query.end()) f.round = it->second;
                if (auto it = req.query.find("state"); it != req.query.end()) f.state = it->second;
                if (auto it = req.query.find("q"); it != req.query.end()) f.query = it->second;
                f.region = query_value(req, "region");
                f.industry = query_value(req, "industry");
                auto list = declarations.list(s->principal, f);
                return respond(list, [](const service::DeclarationPage& p) {
                  // {"items":[…],"total":n}, written directly (a tree of 50 views was a tenth
                  // of a queue page).
                  http::Response out;
                  out.set_header("Content-Type", "application/json; charset=utf-8");
                  out.body.reserve(64 + 420 * p.items.size());
                  out.body += R"({"items":[)";
                  for (std::size_t i = 0; i < p.items.size(); ++i) {
                    if (i > 0) out.body += ',';
                    append_json(out.body, p.items[i]);
                  }
                  out.body += R"(],"total":)";
                  json_text::append_int(out.body, p.total);
                  out.body += '}';
                  return out;
                });
              });
  router_.add(
      "POST", "/api/v1/declarations",
      "为一个批次创建申报书：{round}；已存在时 409 并给出已有申报书的 id", [&](http::Request& req) {
        auto s = signed_in(accounts, req);
        if (!s) return error_response(s.error());
        auto body = json_body(req);
        if (!body) return error_response(body.error());
        auto round = string_member(*body, "round", 100);
        if (!round || round->empty())
          return error_response(Error{"BAD_REQUEST", "请指定批次 round", {}, {}});
        auto d = declarations.create(s->principal, *round);
        return respond(
            d, [](const service::DeclarationView& v) { return declaration_response(201, v); });
      });
  router_.add("GET", "/api/v1/declarations/{id}", "一份申报书：状态、版本和当前内容",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto d = declarations.read(s->principal, req.params.at("id"));
                return respond(d, [](const service::DeclarationReading& r) {
                  // The view's JSON with the document's text, kept serialized and sent from the
                  // cache without a copy, as its last member.
                  http::Response out = http::Response::json(200, to_json(r.view, false));
                  out.body.pop_back();
                  out.body += ",\"document\":";
                  out.shared_at = out.body.size();
                  out.shared = r.document;
                  out.body += '}';
                  return out;
                });
              });
  router_.add("PUT", "/api/v1/declarations/{id}/sections/{section}",
              "保存草稿的一个部分：{version, content}；版本过期返回 409 和当前版本，什么也不覆盖",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto body = json_body(req);
                if (!body) return error_response(body.error());
                if (!body->contains("version") || !body->at("version").is_number_integer() ||
                    !body->contains("content")) {
                  return error_response(Error{
                      "BAD_REQUEST", "请求体应为 {version: 整数, content: 该部分的内容}", {}, {}});
                }
                auto d = declarations.save_section(
                    s->principal, req.params.at("id"), req.params.at("section"),
                    body->at("version").get<std::int64_t>(), body->at("content"));
                return respond(d, [](const service::SavedSection& saved) {
                  // The short view and the section as stored, not the whole document: an editor
                  // needs the new version, and a save must not cost a read of the document.
                  json j = to_json(saved.view, false);
                  j["section"] = saved.section;
                  http::Response out = http::Response::json(200, j);
                  out.body.pop_back();  // the section's stored text as the last member
                  out.body += ",\"content\":";
                  out.body += saved.content_json;
                  out.body += '}';
                  return out;
                });
              });
  router_.add("POST", "/api/v1/declarations/{id}/validate", "按批次规则检查当前草稿，返回全部问题",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto r = declarations.validate(s->principal, req.params.at("id"));
                return respond(
                    r, [](const json& report) { return http::Response::json(200, report); });
              });
  router_.add(
      "POST", "/api/v1/declarations/{id}/submit",
      "提交：有错误或已过截止时间时拒绝；重复提交同一草稿返回同一快照（含 SHA-256 和版本号）",
      [&](http::Request& req) {
        auto s = signed_in(accounts, req);
        if (!s) return error_response(s.error());
        auto r = declarations.submit(s->principal, req.params.at("id"));
        return respond(r, [](const service::SnapshotView& v) {
          return http::Response::json(200, to_json(v));
        });
      });
  router_.add("POST", "/api/v1/declarations/{id}/withdraw", "在初审前撤回已提交的申报书：{reason}",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                std::string reason;
                if (!req.body.empty()) {
                  auto body = json_body(req);
                  if (!body) return error_response(body.error());
                  auto r = string_member(*body, "reason", 2000);
                  if (!r) return error_response(r.error());
                  reason = *r;
                }
                auto d = declarations.withdraw(s->principal, req.params.at("id"), reason);
                return respond(d, [](const service::DeclarationView& v) {
                  return declaration_response(200, v);
                });
              });
  router_.add("GET", "/api/v1/declarations/{id}/versions", "已提交的各版本（新的在前）",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto r = declarations.versions(s->principal, req.params.at("id"));
                return respond(r, [](const std::vector<service::SnapshotView>& list) {
                  json out = json::array();
                  for (const auto& v : list) out.push_back(to_json(v));
                  return http::Response::json(200, {{"versions", out}});
                });
              });
  router_.add(
      "GET", "/api/v1/declarations/{id}/versions/{number}", "某一提交版本的完整内容",
      [&](http::Request& req) {
        auto s = signed_in(accounts, req);
        if (!s) return error_response(s.error());
        const std::string& n = req.params.at("number");
        if (n.empty() || n.size() > 9 || n.find_first_not_of("0123456789") != std::string::npos)
          return error_response(Error{"NOT_FOUND", "版本号应为正整数", {}, {}});
        auto r = declarations.version(s->principal, req.params.at("id"), std::stoll(n));
        return respond(r, [](const service::SnapshotView& v) {
          return http::Response::json(200, to_json(v));
        });
      });
  router_.add(
      "GET", "/api/v1/declarations/{id}/diff",
      "两个版本的差异：?from=版本号&to=版本号或 draft（当前草稿）", [&](http::Request& req) {
        auto s = signed_in(accounts, req);
        if (!s) return error_response(s.error());
        auto content = [&](const std::string& which) -> Result<json> {
          if (which == "draft") {
            auto d = declarations.get(s->principal, req.params.at("id"));
            if (!d) return std::unexpected(d.error());
            return d->document;
          }
          if (which.empty() || which.size() > 9 ||
              which.find_first_not_of("0123456789") != std::string::npos)
            return fail("BAD_REQUEST", "from 和 to 应为版本号或 draft");
          auto v = declarations.version(s->principal, req.params.at("id"), std::stoll(which));
          if (!v) return std::unexpected(v.error());
          return v->content;
        };
        const auto from = req.query.contains("from") ? req.query.at("from") : "";
        const auto to = req.query.contains("to") ? req.query.at("to") : "draft";
        auto a = content(from);
        if (!a) return error_response(a.error());
        auto b = content(to);
        if (!b) return error_response(b.error());
        json changes = json::array();
        for (const auto& c : declaration::diff(*a, *b))
          changes.push_back(
              {{"path", c.path}, {"kind", c.kind}, {"before", c.before}, {"after", c.after}});
        return http::Response::json(200, {{"from", from}, {"to", to}, {"changes", changes}});
      });
  router_.add("GET", "/api/v1/declarations/{id}/timeline", "申报书的全部经过：提交、撤回、审核意见",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto r = declarations.timeline(s->principal, req.params.at("id"));
                return respond(r, [](const std::vector<service::EventView>& list) {
                  json out = json::array();
                  for (const auto& e : list) out.push_back(to_json(e));
                  return http::Response::json(200, {{"events", out}});
                });
              });
  router_.add(
      "POST", "/api/v1/declarations/{id}/files",
      "上传附件：请求体为文件内容，?name=原文件名；按内容判断类型（PDF、JPEG、PNG、DOCX、XLSX）",
      [&](http::Request& req) {
        auto s = signed_in(accounts, req);
        if (!s) return error_response(s.error());
        const auto name = req.query.contains("name") ? req.query.at("name") : "";
        auto f = declarations.upload(s->principal, req.params.at("id"), name, req.body);
        return respond(f, [](const service::FileView& file) {
          return http::Response::json(201, to_json(file));
        });
      });
  router_.add("GET", "/api/v1/declarations/{id}/files", "本企业上传过的文件",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto r = declarations.files(s->principal, req.params.at("id"));
                return respond(r, [](const std::vector<service::FileView>& list) {
                  json out = json::array();
                  for (const auto& f : list) out.push_back(to_json(f));
                  return http::Response::json(200, {{"files", out}});
                });
              });
  router_.add(
      "GET", "/api/v1/declarations/{id}/files/{sha256}", "下载附件（保留原中文文件名）",
      [&](http::Request& req) {
        auto s = signed_in(accounts, req);
        if (!s) return error_response(s.error());
        auto r = declarations.download(s->principal, req.params.at("id"), req.params.at("sha256"));
        if (!r) return error_response(r.error());
        http::Response out;
        out.status = 200;
        out.body = std::move(r->second);
        out.set_header("Content-Type", r->first.media_type);
        out.set_header("Content-Disposition", files::content_disposition(r->first.name, false));
        return out;
      });
  router_.add("GET", "/api/v1/notifications", "发给本级本地区审核员的通知（新的在前）",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto page = paging(req);
                if (!page) return error_response(page.error());
                auto r = declarations.notifications(s->principal, page->first, page->second);
                return respond(r, [](const std::vector<service::NotificationView>& list) {
                  json out = json::array();
                  for (const auto& n : list)
                    out.push_back({{"id", n.id},
                                   {"declaration_id", n.declaration_id},
                                   {"message", n.message},
                                   {"created_at", n.created_at}});
                  return http::Response::json(200, {{"notifications", out}});
                });
              });
}

}  // namespace tidu::api
