// Routes of imported tables (service::Imports): preview a CSV or XLSX file of a kind without
// storing it, import it (all or nothing, or only the valid rows), and the imports made so far.
// The file's bytes are the request body (the server's body limit applies; the readers refuse
// files above 20 MB).
#include <fmt/format.h>

#include "api/app.hpp"
#include "api/errors.hpp"
#include "api/support.hpp"
#include "core/table.hpp"

namespace tidu::api {
namespace {

using nlohmann::json;

json to_json(const service::ImportRecord& i) {
  return {{"id", i.id},
          {"kind", i.kind},
          {"name", i.name},
          {"mode", i.mode},
          {"format", i.format},
          {"region", i.region},
          {"rows", i.rows_total},
          {"imported", i.rows_imported},
          {"sha256", i.sha256},
          {"imported_by", i.imported_by},
          {"imported_at", i.imported_at},
          {"pending", i.pending}};
}

json to_json(const service::TableReport& r) {
  const json problems = json::parse(table::problems_json(r.problems));
  json out = {{"kind", r.kind},     {"format", r.format},   {"readable", r.readable},
              {"rows", r.rows},     {"valid", r.valid},     {"columns", r.columns},
              {"sample", r.sample}, {"problems", problems}, {"problem_count", r.problem_count}};
  if (r.import) out["import"] = to_json(*r.import);
  return out;
}

/// The kind named in the path, or BAD_REQUEST naming the kinds.
Result<service::ImportKind> kind_of(const http::Request& req) {
  const std::string& id = req.params.at("kind");
  if (auto k = service::parse_import_kind(id)) return *k;
  return fail("NOT_FOUND", fmt::format("没有“{}”这种导入：应为 directory（企业名录）、"
                                       "assessments（成熟度自评估结果）、regions（区划代码）"
                                       "或 blacklist（失信黑名单）",
                                       id));
}

}  // namespace

void App::add_import_routes() {
  auto& accounts = services_.accounts;
  auto& imports = services_.imports;

  router_.add("POST", "/api/v1/imports/{kind}/preview",
              "检查导入文件而不保存：kind 为 directory、assessments、regions 或 blacklist，"
              "请求体为 CSV（UTF-8）或 XLSX；返回行数、有效行样例和每一处问题（行号、字段、原因）",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto kind = kind_of(req);
                if (!kind) return error_response(kind.error());
                auto report = imports.preview(s->principal, *kind, req.body);
                return respond(report, [](const service::TableReport& r) {
                  return http::Response::json(200, to_json(r));
                });
              });
  router_.add("POST", "/api/v1/imports/{kind}",
              "导入文件：?name=文件名&mode=all_or_nothing|valid_rows，请求体为 CSV 或 XLSX；"
              "有问题时 all_or_nothing 不导入任何行（IMPORT_INVALID），valid_rows 只导入有效行",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                auto kind = kind_of(req);
                if (!kind) return error_response(kind.error());
                const auto mode = import_mode(req);
                if (!mode) return error_response(mode.error());
                auto report =
                    imports.import(s->principal, *kind, query_value(req, "name"), req.body, *mode);
                return respond(report, [](const service::TableReport& r) {
                  return http::Response::json(201, to_json(r));
                });
              });
  router_.add(
      "GET", "/api/v1/imports",
      "导入记录（新的在前）：?kind= 只看一种；区划代码的导入在服务器重启前为待生效（pending）",
      [&](http::Request& req) {
        auto s = signed_in(accounts, req);
        if (!s) return error_response(s.error());
        std::optional<service::ImportKind> kind;
        if (const std::string id = query_value(req, "kind"); !id.empty()) {
          kind = service::parse_import_kind(id);
          if (!kind) {
            return error_response(
                Error{"BAD_REQUEST", fmt::format("没有“{}”这种导入", id), {}, {}});
          }
        }
        auto list = imports.history(s->principal, kind);
        return respond(list, [](const std::vector<service::ImportRecord>& l) {
          json items = json::array();
          for (const auto& i : l) items.push_back(to_json(i));
          return http::Response::json(200, {{"items", items}});
        });
      });
}

}  // namespace tidu::api
