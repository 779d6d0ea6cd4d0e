// Routes of the documents: the 申报书 as PDF or Word for those who may read the declaration, the
// caller's unit's 推荐汇总表 as Excel or PDF, and the public lookup of a verification code.
#include "api/app.hpp"
#include "api/errors.hpp"
#include "api/support.hpp"
#include "files/names.hpp"
#include "service/documents.hpp"

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
      auto f = documents.summary(s->principal, req.params.at("round"), format);
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
