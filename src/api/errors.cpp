#include "api/errors.hpp"

#include <iostream>
#include <unordered_map>

namespace tidu::api {

int http_status(std::string_view code) {
  static const std::unordered_map<std::string_view, int> status_of_code = {
      {"BAD_JSON", 400},
      {"BAD_REQUEST", 400},
      {"DOCUMENT_INVALID_JSON", 400},
      {"VALIDATION_FAILED", 422},
      {"IMPORT_INVALID", 422},
      {"PANEL_INVALID", 422},
      {"GROUP_MEMBERS_INVALID", 422},
      {"SCORE_SHEET_INVALID", 422},
      {"ONSITE_INVALID", 422},
      {"SELF_EVALUATION_INVALID", 422},
      {"OBJECTION_NOT_REAL_NAME", 422},
      {"STAGE_ABSENT", 409},
      {"NOTICE_REFUSED", 409},
      {"NOTICE_CLOSED", 409},
      {"NOTICE_NOT_ENDED", 409},
      {"CALENDAR_YEAR_MISSING", 409},
      {"DOCUMENT_INVALID", 400},
      {"SUBMIT_BLOCKED", 422},
      {"FILE_TYPE_REFUSED", 415},
      {"FILE_TOO_LARGE", 413},
      {"LOGIN_FAILED", 401},
      {"ACCOUNT_DISABLED", 403},
      {"PASSWORD_WRONG", 403},
      {"STATE_CONFLICT", 409},
      {"ACTION_NOT_ALLOWED", 409},
      {"FILE_NOT_FOUND", 404},
      {"FILE_HASH_INVALID", 400},
      {"ROUND_NOT_OPEN", 409},
      {"UNAUTHENTICATED", 401},
      {"CSRF_FAILED", 403},
      {"FORBIDDEN", 403},
      {"NOT_FOUND", 404},
      {"ROUND_UNKNOWN", 404},
      {"METHOD_NOT_ALLOWED", 405},
      {"CONFLICT", 409},
      {"VERSION_CONFLICT", 409},
      {"ALREADY_EXISTS", 409},
      {"ROUND_CLOSED", 409},
      {"REQUEST_TOO_LARGE", 413},
      {"DOCUMENT_TOO_LARGE", 413},
      {"UNSUPPORTED_MEDIA_TYPE", 415},
      {"TOO_MANY_ATTEMPTS", 429},
      {"TOO_MANY_JOBS", 429},
      {"JOB_NOT_READY", 409},
      {"BENCHMARK_NOT_SUBMITTED", 409},
      {"JOB_INTERRUPTED", 503},
      {"DB_BUSY", 503},
      {"UNAVAILABLE", 503}};
  auto it = status_of_code.find(code);
  return it == status_of_code.end() ? 500 : it->second;
}

http::Response error_response(const Error& error, const nlohmann::json& details) {
  const int status = http_status(error.code);
  if (status == 500) {
    std::cerr << "error " << error.code << ": " << error.message << " (" << error.detail << ")\n";
    return http::Response::json(500,
                                {{"code", "INTERNAL"},
                                 {"message", "服务器内部错误，请稍后重试；如仍失败请联系管理员"},
                                 {"details", nlohmann::json::object()}});
  }
  nlohmann::json sent = details;
  if (!error.details.empty()) {
    auto parsed = nlohmann::json::parse(error.details, nullptr, false);
    if (parsed.is_object()) sent.update(parsed);
  }
  return http::Response::json(
      status, {{"code", error.code}, {"message", error.message}, {"details", sent}});
}

}  // namespace tidu::api
