#pragma once
// HTTP request and response as the application sees them; Beast stays inside server.cpp.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace tidu::http {

/// A request after parsing. Header names are stored lower-case.
struct Request {
  std::string method;  ///< "GET", "POST", …
  std::string target;  ///< as received, with the query
  std::string path;    ///< percent-decoded path without the query
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;
  std::map<std::string, std::string> params;  ///< filled by the router from {name} segments
  std::string body;
  std::string remote;  ///< client address

  /// The header's value, or empty.
  [[nodiscard]] std::string header(std::string_view name) const;
  /// The named cookie's value, or empty.
  [[nodiscard]] std::string cookie(std::string_view name) const;
};

/// A response to send.
struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  /// A text shared with a cache, sent inside the body at byte `shared_at` without being copied
  /// (the body is body[0, shared_at), *shared, body[shared_at, end)). Null: the body alone.
  std::shared_ptr<const std::string> shared;
  std::size_t shared_at = 0;

  /// A JSON body with Content-Type application/json; charset=utf-8.
  static Response json(int status, const nlohmann::json& body);
  void set_header(std::string name, std::string value);
  /// The body as sent, with the shared text in its place.
  [[nodiscard]] std::string text() const;
  /// Bytes of the body as sent.
  [[nodiscard]] std::size_t size() const { return body.size() + (shared ? shared->size() : 0); }
};

/// Decodes %XX and, when `plus_is_space`, '+'; malformed escapes are kept as written.
std::string percent_decode(std::string_view s, bool plus_is_space);

/// True for a Content-Type of application/json or application/*+json, with no charset or UTF-8
/// (RFC 8259 §8.1); parameters and case as RFC 9110 allows.
bool is_json_media_type(std::string_view content_type);

/// Splits "a=1&b=%E4%B8%AD" into decoded pairs.
std::map<std::string, std::string> parse_query(std::string_view query);

}  // namespace tidu::http
