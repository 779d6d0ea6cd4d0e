// Routes of the documents: the 申报书 as PDF or Word for those who may read the declaration, the
// caller's unit's 推荐汇总表 as Excel or PDF, and the public lookup of a verification code.
#include <fmt/format.h>

#include "api/app.hpp"
#include "api/errors.hpp"
#include "api/support.hpp"
#include "files/names.hpp"
#include "service/documents.hpp"
#include "service/jobs.hpp"

namespace tidu::api {
namespace {

using nlohmann::json;

http::Response file_response(const service::DocumentFile& f) {
  http::Response out;
  out.status = 200;
  out.body = f.bytes;
  out.set_header("Content-Type", f.media_type);
  out.set_header("Content-Disposition", files::content_disposition(f.name, false));
  return out;
}

json to_json(const service::VerifiedSnapshot& v) {
  return {{"code", v.code},
          {"intact", v.intact},
          {"message", v.intact ? "该验证码对应平台保存的申报书提交版本，内容未被改动"
                               : "该提交版本在平台数据库中的内容已被改动，不能据此核验纸质件"},
          {"enterprise", {{"name", v.enterprise_name}, {"credit_code", v.credit_code}}},
          {"round", {{"id", v.round_id}, {"name", v.round_name}}},
          {"declaration_id", v.declaration_id},
          {"version", v.number},
          {"submitted_at", v.submitted_at},
          {"sha256", v.sha256}};
}

json to_json(const service::JobView& j) {
  json out{{"id", j.id},
           {"kind", j.kind},
           {"subject", j.subject},
           {"state", j.state},
           {"done", j.done},
           {"total", j.total},
           {"step", j.step},
           {"created_at", j.created_at},
           {"updated_at", j.updated_at},
           {"finished_at", j.finished_at.empty() ? json(nullptr) : json(j.finished_at)}};
  if (j.state == "failed") out["error"] = {{"code", j.error_code}, {"message", j.error_message}};
  if (j.state == "done") {
    out["file"] = {{"name", j.result_name},
                   {"media_type", j.result_media_type},
                   {"size", j.result_size},
                   {"href", "/api/v1/jobs/" + j.id + "/file"}};
  }
  return out;
}

}  // namespace

void App::add_document_routes() {
  auto& accounts = services_.accounts;
  auto& documents = services_.documents;
  auto declaration = [&](service::DocumentFormat format) {
    return [&accounts, &documents, format](http::Request& req) {
      auto s = signed_in(accounts, req);
      if (!s) return error_response(s.error());
      auto f = documents.declaration(s->principal, req.params.at("id"), format);
      return respond(f, file_response);
    };
  };
  auto summary = [&](service::DocumentFormat format) {
    return [&accounts, &documents, format](http::Request& req) {
      auto s = signed_in(accounts, req);
      if (!s) return error_response(s.error());
      auto f = documents.summary(s->principal, req.params.at("round"), format,
                                 query_value(req, "batch"));
      return respond(f, file_response);
    };
  };
  router_.add("GET", "/api/v1/declarations/{id}/documents/declaration.pdf",
              "申报书 PDF：最新提交版本，每页印验证码和二维码（可读该申报书的账号）",
              declaration(service::DocumentFormat::kPdf));
  router_.add("GET", "/api/v1/declarations/{id}/documents/declaration.docx",
              "申报书 Word（.docx）：最新提交版本（可读该申报书的账号）",
              declaration(service::DocumentFormat::kDocx));
  router_.add("GET", "/api/v1/rounds/{round}/batch/summary.xlsx",
              "本单位推荐名单的推荐汇总表 Excel：按批次规定的列、按推荐顺序",
              summary(service::DocumentFormat::kXlsx));
  router_.add("GET", "/api/v1/rounds/{round}/batch/summary.pdf",
              "本单位推荐名单的推荐汇总表 PDF：按批次规定的列、按推荐顺序",
              summary(service::DocumentFormat::kPdf));
  auto& jobs = services_.jobs;
  router_.add("POST", "/api/v1/rounds/{round}/batch/bundle",
              "打包推荐名单的申报材料（后台任务）：每家企业一个文件夹（申报书 PDF、Word 和附件），"
              "汇总表和 SHA-256 文件清单；?batch= 指定已报送或收到的名单",
              [&accounts, &documents, &jobs](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                const auto round = req.params.at("round");
                auto list = documents.bundle_list(s->principal, round, query_value(req, "batch"));
                if (!list) return error_response(list.error());
                const auto who = s->principal;
                const auto batch = list->id;
                auto job = jobs.start(who, "bundle", fmt::format("{}：{}", list->unit_name, round),
                                      [&documents, who, round, batch](const service::Progress& p) {
                                        return documents.bundle(who, round, batch, p);
                                      });
                return respond(job, [](const service::JobView& j) {
                  auto out = http::Response::json(202, to_json(j));
                  out.set_header("Location", "/api/v1/jobs/" + j.id);
                  return out;
                });
              });
  router_.add("GET", "/api/v1/jobs", "本账号发起的后台任务（最近 50 个）", [&](http::Request& req) {
    auto s = signed_in(accounts, req);
    if (!s) return error_response(s.error());
    auto list = jobs.list(s->principal);
    return respond(list, [](const std::vector<service::JobView>& l) {
      json items = json::array();
      for (const auto& j : l) items.push_back(to_json(j));
      return http::Response::json(200, {{"items", items}});
    });
  });
  router_.add("GET", "/api/v1/jobs/{id}", "后台任务的进度（仅发起人）", [&](http::Request& req) {
    auto s = signed_in(accounts, req);
    if (!s) return error_response(s.error());
    auto job = jobs.get(s->principal, req.params.at("id"));
    return respond(job,
                   [](const service::JobView& j) { return http::Response::json(200, to_json(j)); });
  });
  router_.add("GET", "/api/v1/jobs/{id}/file", "下载已完成任务生成的文件（仅发起人）",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                return respond(jobs.result(s->principal, req.params.at("id")), file_response);
              });
  router_.add("GET", "/api/v1/regions/{code}/maturity-summary.docx",
              "智能制造能力成熟度自评估和基础级工厂复核工作总结（Word，?date= 统计日期）",
              [&](http::Request& req) {
                auto s = signed_in(accounts, req);
                if (!s) return error_response(s.error());
                return respond(documents.regional_summary(s->principal, req.params.at("code"),
                                                          query_value(req, "date")),
                               file_response);
              });
  router_.add("GET", "/api/v1/verify/{code}",
              "核验申报书验证码（公开）：企业、批次、版本、提交时间和 SHA-256",
              [&documents](http::Request& req) {
                auto v = documents.verify(req.params.at("code"));
                return respond(v, [](const service::VerifiedSnapshot& found) {
                  return http::Response::json(200, to_json(found));
                });
              });
}

}  // namespace tidu::api
