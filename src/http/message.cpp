#include "http/message.hpp"

#include <algorithm>
#include <cctype>

#include "core/text.hpp"

namespace tidu::http {

std::string Request::header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string{} : it->second;
}

std::string Request::cookie(std::string_view name) const {
  const std::string all = header("cookie");
  std::string_view rest = all;
  while (!rest.empty()) {
    const auto semi = rest.find(';');
    std::string_view part = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    const auto eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name)
      return std::string(part.substr(eq + 1));
  }
  return {};
}

Response Response::json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  r.set_header("Content-Type", "application/json; charset=utf-8");
  return r;
}

std::string Response::text() const {
  if (!shared) return body;
  const std::size_t at = std::min(shared_at, body.size());
  std::string out;
  out.reserve(size());
  out.append(body, 0, at);
  out += *shared;
  out.append(body, at);
  return out;
}

void Response::set_header(std::string name, std::string value) {
  for (auto& [k, v] : headers) {
    if (k == name) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

std::string percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else if (plus_is_space && s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

std::map<std::string, std::string> parse_query(std::string_view query) {
  std::map<std::string, std::string> out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (part.empty()) continue;
    const auto eq = part.find('=');
    out[percent_decode(part.substr(0, eq), true)] =
        eq == std::string_view::npos ? std::string{} : percent_decode(part.substr(eq + 1), true);
  }
  return out;
}

bool is_json_media_type(std::string_view content_type) {
  // type/subtype, then optional parameters; only UTF-8 is JSON's encoding (RFC 8259 §8.1).
  const auto semicolon = content_type.find(';');
  const std::string media = text::ascii_lower(text::trim(content_type.substr(0, semicolon)));
  if (media != "application/json" &&
      !(media.starts_with("application/") && media.ends_with("+json")))
    return false;
  if (semicolon == std::string_view::npos) return true;
  std::string_view rest = content_type.substr(semicolon + 1);
  while (!rest.empty()) {
    const auto next = rest.find(';');
    const std::string parameter = text::ascii_lower(text::trim(rest.substr(0, next)));
    if (parameter.starts_with("charset=")) {
      std::string value = parameter.substr(8);
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
        value = value.substr(1, value.size() - 2);
      if (value != "utf-8" && value != "utf8") return false;
    }
    if (next == std::string_view::npos) break;
    rest = rest.substr(next + 1);
  }
  return true;
}

}  // namespace tidu::http
