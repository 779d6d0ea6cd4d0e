#pragma once
// A cookie-aware JSON client of the Tidu API over real HTTP for tests: it keeps the tidu_session
// cookie and the csrf_token of a login, sends X-CSRF-Token on state-changing requests, and notes
// every route it called ("METHOD pattern") in a log shared by the test process, so a suite can
// check that it exercised every route of the OpenAPI document.
//
// Header-only: tests/CMakeLists.txt compiles only the *_test.cpp files and named helpers.
#include <algorithm>
#include <cctype>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support/http_client.hpp"

namespace tidu::test {

/// A reply with its body parsed as JSON when it is JSON (null otherwise).
struct ApiReply {
  int status = 0;
  std::string headers;
  std::string body;
  nlohmann::json json;

  /// The value of a response header (case-insensitive name), empty when absent.
  std::string header(std::string_view name) const {
    std::size_t at = 0;
    while (at < headers.size()) {
      auto end = headers.find("\r\n", at);
      if (end == std::string::npos) end = headers.size();
      const std::string_view line(headers.data() + at, end - at);
      const auto colon = line.find(':');
      if (colon != std::string_view::npos && colon == name.size() &&
          std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
          })) {
        auto value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        return std::string(value);
      }
      at = end + 2;
    }
    return {};
  }
  /// The error code of an error reply ({code, message, details}), empty otherwise.
  std::string code() const {
    return json.is_object() && json.contains("code") && json["code"].is_string()
               ? json["code"].get<std::string>()
               : std::string{};
  }
  /// A short description for assertion messages.
  std::string describe() const { return fmt::format("HTTP {} {}", status, body.substr(0, 2000)); }
};

/// The routes of the API and which of them were called, shared by every client of the process.
class RouteLog {
 public:
  static RouteLog& global() {
    static RouteLog log;
    return log;
  }

  /// The routes to match paths against, from the OpenAPI document's paths.
  void set_routes(const nlohmann::json& openapi) {
    const std::lock_guard lock(mutex_);
    routes_.clear();
    for (const auto& [pattern, methods] : openapi.at("paths").items()) {
      for (const auto& [method, op] : methods.items()) {
        std::string upper = method;
        for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        routes_.emplace_back(upper, pattern);
      }
    }
  }
  /// Every route as "METHOD pattern".
  std::set<std::string> routes() const {
    const std::lock_guard lock(mutex_);
    std::set<std::string> out;
    for (const auto& [m, p] : routes_) out.insert(m + " " + p);
    return out;
  }
  /// The routes called so far, each with the statuses it answered. Calls are matched against
  /// the routes when asked, so calls made before the route table was known count too.
  std::map<std::string, std::set<int>> called() const {
    const std::lock_guard lock(mutex_);
    std::map<std::string, std::set<int>> out;
    for (const auto& [method, path, status] : calls_) out[route_of(method, path)].insert(status);
    return out;
  }
  /// Notes a call (method, path without the query, status).
  void record(const std::string& method, const std::string& target, int status) {
    const std::lock_guard lock(mutex_);
    calls_.emplace(method, target.substr(0, target.find('?')), status);
  }

 private:
  /// The route whose pattern matches the path with the most literal segments ("METHOD pattern"),
  /// or the call itself when none does.
  std::string route_of(const std::string& method, const std::string& path) const {
    const auto segments = split(path);
    const std::pair<std::string, std::string>* best = nullptr;
    int best_literals = -1;
    for (const auto& route : routes_) {
      if (route.first != method) continue;
      const auto pattern = split(route.second);
      if (pattern.size() != segments.size()) continue;
      int literals = 0;
      bool match = true;
      for (std::size_t i = 0; i < pattern.size() && match; ++i) {
        if (pattern[i].size() > 2 && pattern[i].front() == '{') continue;
        match = pattern[i] == segments[i];
        ++literals;
      }
      if (match && literals > best_literals) {
        best = &route;
        best_literals = literals;
      }
    }
    return best != nullptr ? best->first + " " + best->second : method + " " + path;
  }

  static std::vector<std::string> split(const std::string& path) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at < path.size()) {
      auto next = path.find('/', at);
      if (next == std::string::npos) next = path.size();
      if (next > at) out.push_back(path.substr(at, next - at));
      at = next + 1;
    }
    return out;
  }

  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, std::string>> routes_;
  std::set<std::tuple<std::string, std::string, int>> calls_;
};

/// Percent-encodes text for a query parameter or path segment (UTF-8 bytes as %XX).
inline std::string url_encode(std::string_view text) {
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += ch;
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

/// One signed-in (or anonymous) user of one server.
class ApiClient {
 public:
  explicit ApiClient(unsigned short port) : port_(port) {}

  /// Sends to another server from now on (the session stays: sessions live in the database).
  void set_port(unsigned short port) { port_ = port; }
  unsigned short port() const { return port_; }

  /// A request with a raw body; the session cookie when signed in, X-CSRF-Token on POST, PUT,
  /// PATCH and DELETE unless `csrf` is false.
  ApiReply send(const std::string& method, const std::string& target, const std::string& body,
                const std::string& content_type = "application/json", bool csrf = true,
                std::vector<std::string> headers = {}) const {
    if (!session_.empty()) headers.push_back("Cookie: tidu_session=" + session_);
    const bool changes =
        method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
    if (csrf && changes && !csrf_.empty()) headers.push_back("X-CSRF-Token: " + csrf_);
    if (!body.empty() && !content_type.empty()) headers.push_back("Content-Type: " + content_type);
    const HttpReply raw = request(port_, method, target, body, headers);
    ApiReply r{raw.status, raw.headers, raw.body, nlohmann::json::parse(raw.body, nullptr, false)};
    if (r.json.is_discarded()) r.json = nullptr;
    RouteLog::global().record(method, target, r.status);
    return r;
  }
  ApiReply get(const std::string& target) const { return send("GET", target, ""); }
  ApiReply post(const std::string& target, const nlohmann::json& body) const {
    return send("POST", target, body.dump());
  }
  ApiReply put(const std::string& target, const nlohmann::json& body) const {
    return send("PUT", target, body.dump());
  }
  ApiReply del(const std::string& target) const { return send("DELETE", target, ""); }
  /// Uploads bytes as the raw body.
  ApiReply upload(const std::string& target, const std::string& bytes) const {
    return send("POST", target, bytes, "application/octet-stream");
  }

  /// Signs in; on 200 keeps the session cookie and the csrf_token.
  ApiReply login(const std::string& username, const std::string& password) {
    ApiReply r = send("POST", "/api/v1/session",
                      nlohmann::json{{"username", username}, {"password", password}}.dump());
    if (r.status == 200) {
      const std::string cookie = r.header("Set-Cookie");
      const std::string prefix = "tidu_session=";
      if (cookie.starts_with(prefix))
        session_ = cookie.substr(prefix.size(), cookie.find(';') - prefix.size());
      csrf_ = r.json.value("csrf_token", "");
      account_ = r.json.value("account", nlohmann::json::object());
    }
    return r;
  }
  /// Forgets the session without telling the server.
  void forget() {
    session_.clear();
    csrf_.clear();
  }
  /// Uses the session and token of another client.
  void adopt(const ApiClient& other) {
    session_ = other.session_;
    csrf_ = other.csrf_;
    account_ = other.account_;
  }
  /// Replaces the csrf token sent (to test a wrong one).
  void set_csrf(std::string token) { csrf_ = std::move(token); }

  const std::string& session() const { return session_; }
  const std::string& csrf() const { return csrf_; }
  /// The account the login returned.
  const nlohmann::json& account() const { return account_; }

 private:
  unsigned short port_;
  std::string session_;
  std::string csrf_;
  nlohmann::json account_ = nlohmann::json::object();
};

}  // namespace tidu::test
