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
  return http::Response::json(
      status, {{"code", error.code}, {"message", error.message}, {"details", details}});
}

}  // namespace tidu::api
