// Routes of imported credit blacklists: import a list file (CSV or XLSX bytes as the body), preview
// one without storing it, and the imports made so far. Matches show in a declaration's
// blacklist-checks (review_routes.cpp) and refuse its pass (review/workflow.cpp).
#include <fmt/format.h>

#include "api/app.hpp"
#include "api/errors.hpp"
#include "api/support.hpp"
#include "core/table.hpp"

namespace tidu::api {
namespace {

using nlohmann::json;

json to_json(const service::BlacklistImport& i) {
  return {{"id", i.id},
          {"name", i.name},
          {"mode", i.mode},
          {"rows", i.rows_total},
          {"imported", i.rows_imported},
          {"sha256", i.sha256},
          {"imported_by", i.imported_by},
          {"imported_at", i.imported_at}};
}

json to_json(const review::BlacklistEntry& e) {
  return {{"row", e.row},
          {"credit_code", e.credit_code},
          {"name", e.name},
          {"list", e.list},
          {"listed_on", e.listed_on}};
}

json problems_json(const service::ImportReport& r) {
  return json::parse(table::problems_json(r.problems));
}

}  // namespace

void App::add_blacklist_routes() {
  auto& accounts = services_.accounts;
  auto& blacklists = services_.blacklists;

  router_.add("POST", "/api/v1/blacklists/import",
              "导入失信黑名单（省级审核员、管理员）：?name=文件名&mode=all_or_nothing|valid_rows，"
              "请求体为 CSV 或 XLSX（统一社会信用代码,企业名称,名单,列入日期）",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                const auto mode = import_mode(req);
                if (!mode) return error_response(mode.error());
                auto report =
                    blacklists.import(s->principal, query_value(req, "name"), req.body, *mode);
                return respond(report, [](const service::ImportReport& r) {
                  return http::Response::json(201, {{"import", to_json(*r.import)},
                                                    {"imported", r.imported},
                                                    {"rows", r.rows},
                                                    {"problems", problems_json(r)},
                                                    {"problem_count", r.problem_count}});
                });
              });
  router_.add("POST", "/api/v1/blacklists/preview",
              "检查失信黑名单文件而不导入：请求体为 CSV 或 XLSX；返回行数、有效行样例和全部问题",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto report = blacklists.preview(s->principal, req.body);
                return respond(report, [](const service::ImportReport& r) {
                  json sample = json::array();
                  for (const auto& e : r.sample) sample.push_back(to_json(e));
                  return http::Response::json(200, {{"rows", r.rows},
                                                    {"valid", r.imported},
                                                    {"sample", sample},
                                                    {"problems", problems_json(r)},
                                                    {"problem_count", r.problem_count}});
                });
              });
  router_.add("GET", "/api/v1/blacklists/imports", "失信黑名单导入记录（新的在前）",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto list = blacklists.imports(s->principal);
                return respond(list, [](const std::vector<service::BlacklistImport>& l) {
                  json items = json::array();
                  for (const auto& i : l) items.push_back(to_json(i));
                  return http::Response::json(200, {{"items", items}});
                });
              });
}

}  // namespace tidu::api
