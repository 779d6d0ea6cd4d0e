#pragma once
// Helpers every route uses: reading JSON bodies with positions, the signed-in session with its
// CSRF check, paging parameters and the JSON shapes of service records.
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "http/message.hpp"
#include "service/accounts.hpp"
#include "service/blacklists.hpp"
#include "service/declarations.hpp"
#include "service/enterprises.hpp"

namespace tidu::api {

/// The session cookie's name.
inline constexpr const char* kSessionCookie = "tidu_session";

/// The body as a JSON object: UNSUPPORTED_MEDIA_TYPE (415) unless Content-Type says JSON,
/// BAD_JSON with line and column when it is not JSON, BAD_REQUEST when it is not an object.
Result<nlohmann::json> json_body(const http::Request& request);

/// The signed-in session (UNAUTHENTICATED without one); for state-changing methods the
/// X-CSRF-Token header must match the session's token (CSRF_FAILED).
Result<service::Session> signed_in(service::Accounts& accounts, const http::Request& request);

/// True for POST, PUT, PATCH and DELETE.
bool changes_state(const http::Request& request);

/// page (from 1) and page_size (1–100, default 20) as offset and limit.
Result<std::pair<int, int>> paging(const http::Request& request);

/// The query parameter `key`, or `fallback` when it is absent or empty.
std::string query_value(const http::Request& request, std::string_view key,
                        std::string_view fallback = {});

/// The ?mode= of an import (default all_or_nothing); BAD_REQUEST naming both modes otherwise.
Result<service::ImportMode> import_mode(const http::Request& request);

/// A string member, empty when absent; BAD_REQUEST when present but not a string.
Result<std::string> string_member(const nlohmann::json& j, const char* key,
                                  std::size_t max_bytes = 4096);

nlohmann::json to_json(const service::Account& a);
nlohmann::json to_json(const service::DeclarationView& d, bool with_document);
/// Appends to_json(d, false) as nlohmann writes it, without building the tree (a queue page
/// writes 50 of them).
void append_json(std::string& out, const service::DeclarationView& d);
nlohmann::json to_json(const service::SnapshotView& s);
nlohmann::json to_json(const service::EventView& e);
nlohmann::json to_json(const service::FileView& f);
nlohmann::json to_json(const service::EnterpriseRecord& e);
nlohmann::json to_json(const service::MaturityAssessment& m);

/// The response for a service result: `ok(value)` on success, the error's response otherwise.
template <class T, class F>
http::Response respond(const Result<T>& r, F&& ok);

}  // namespace tidu::api

#include "api/errors.hpp"

namespace tidu::api {

template <class T, class F>
http::Response respond(const Result<T>& r, F&& ok) {
  if (!r) return error_response(r.error());
  return ok(*r);
}

}  // namespace tidu::api
