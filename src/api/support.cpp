#include "api/support.hpp"

#include "core/json_text.hpp"

#include <fmt/format.h>

#include "core/text.hpp"
#include "declaration/json_io.hpp"
#include "security/digest.hpp"
#include "service/enterprises.hpp"

namespace tidu::api {

using nlohmann::json;

Result<json> json_body(const http::Request& request) {
  if (request.body.empty()) return fail("BAD_REQUEST", "请求体为空：应为 JSON 对象");
  const std::string type = request.header("content-type");
  if (!http::is_json_media_type(type)) {
    return fail_with(
        "UNSUPPORTED_MEDIA_TYPE",
        type.empty() ? std::string("请求缺少 Content-Type：JSON 请求体须声明 "
                                   "Content-Type: application/json")
                     : fmt::format("请求体类型“{}”不受支持：JSON 请求体须声明 "
                                   "Content-Type: application/json（字符集 UTF-8）",
                                   text::prefix(type, 80)),
        json{{"expected", "application/json"}, {"received", text::prefix(type, 80)}}.dump());
  }
  json j;
  try {
    j = json::parse(request.body);
  } catch (const json::parse_error& e) {
    const auto [line, column] = declaration::line_column(request.body, e.byte > 0 ? e.byte - 1 : 0);
    return fail_with("BAD_JSON",
                     fmt::format("请求体不是有效的 JSON：第 {} 行第 {} 列附近有错误", line, column),
                     json{{"line", line}, {"column", column}, {"offset", e.byte}}.dump());
  } catch (const json::out_of_range&) {  // a number beyond double's range, e.g. 1e999
    return fail("BAD_JSON", "请求体不是有效的 JSON：有数值超出可表示的范围");
  }
  if (!j.is_object()) return fail("BAD_REQUEST", "请求体应为 JSON 对象");
  return j;
}

bool changes_state(const http::Request& request) {
  return request.method == "POST" || request.method == "PUT" || request.method == "PATCH" ||
         request.method == "DELETE";
}

Result<service::Session> signed_in(service::Accounts& accounts, const http::Request& request) {
  const std::string id = request.cookie(kSessionCookie);
  if (id.empty()) return fail("UNAUTHENTICATED", "请先登录");
  auto s = accounts.session(id);
  if (!s) return s;
  if (changes_state(request) &&
      !security::equal_constant_time(request.header("x-csrf-token"), s->csrf)) {
    return fail("CSRF_FAILED",
                "请求缺少有效的 X-CSRF-Token（登录时返回的 csrf_token），为防止跨站请求伪造已拒绝");
  }
  return s;
}

std::string query_value(const http::Request& request, std::string_view key,
                        std::string_view fallback) {
  const auto it = request.query.find(std::string(key));
  if (it == request.query.end() || it->second.empty()) return std::string(fallback);
  return it->second;
}

Result<service::ImportMode> import_mode(const http::Request& request) {
  const std::string id = query_value(request, "mode", "all_or_nothing");
  if (const auto mode = service::parse_import_mode(id)) return *mode;
  return fail("BAD_REQUEST", fmt::format("mode 应为 all_or_nothing 或 valid_rows，而不是“{}”",
                                         text::prefix(id, 40)));
}

Result<std::pair<int, int>> paging(const http::Request& request) {
  auto number = [&](const char* key, int fallback, int max) -> Result<int> {
    const auto it = request.query.find(key);
    if (it == request.query.end() || it->second.empty()) return fallback;
    try {
      std::size_t used = 0;
      const int v = std::stoi(it->second, &used);
      if (used == it->second.size() && v >= 1 && v <= max) return v;
    } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): reported below
    }
    return fail("BAD_REQUEST", fmt::format("参数 {} 应为 1–{} 的整数", key, max));
  };
  auto page = number("page", 1, 100000);
  if (!page) return std::unexpected(page.error());
  auto size = number("page_size", 20, 100);
  if (!size) return std::unexpected(size.error());
  return std::pair{(*page - 1) * *size, *size};
}

Result<std::string> string_member(const json& j, const char* key, std::size_t max_bytes) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::string{};
  if (!it->is_string()) return fail("BAD_REQUEST", fmt::format("字段 {} 应为字符串", key));
  auto s = it->get<std::string>();
  if (s.size() > max_bytes) return fail("BAD_REQUEST", fmt::format("字段 {} 过长", key));
  return s;
}

json to_json(const service::Account& a) {
  return {{"id", a.id},
          {"username", a.username},
          {"role", a.role},
          {"level", a.level},
          {"region", a.region},
          {"authority", a.authority},
          {"display_name", a.display_name},
          {"enterprise_id", a.enterprise_id},
          {"disabled", a.disabled},
          {"extra", a.extra}};
}

json to_json(const service::DeclarationView& d, bool with_document) {
  // Member by member: an initializer list copies every value twice, and a queue page builds 50
  // of these (perf showed to_json at a fifth of a page's time).
  json enterprise = json::object();
  enterprise["id"] = d.enterprise_id;
  enterprise["name"] = d.enterprise_name;
  enterprise["credit_code"] = d.credit_code;
  enterprise["region"] = d.enterprise_region;
  json j = json::object();
  j["id"] = d.id;
  j["enterprise"] = std::move(enterprise);
  j["round"] = d.round_id;
  j["state"] = d.state;
  j["level"] = d.level;
  j["version"] = d.version;
  j["snapshot_number"] = d.snapshot_number;
  j["created_at"] = d.created_at;
  j["updated_at"] = d.updated_at;
  j["submitted_at"] = d.submitted_at;
  if (with_document) j["document"] = d.document;
  return j;
}

void append_json(std::string& out, const service::DeclarationView& d) {
  // The members in nlohmann's order (sorted by name), as to_json(d, false) has them.
  using json_text::append_int;
  using json_text::append_key;
  using json_text::append_string;
  out += '{';
  append_key(out, "created_at", true);
  append_string(out, d.created_at);
  append_key(out, "enterprise");
  out += '{';
  append_key(out, "credit_code", true);
  append_string(out, d.credit_code);
  append_key(out, "id");
  append_string(out, d.enterprise_id);
  append_key(out, "name");
  append_string(out, d.enterprise_name);
  append_key(out, "region");
  append_string(out, d.enterprise_region);
  out += '}';
  append_key(out, "id");
  append_string(out, d.id);
  append_key(out, "level");
  append_string(out, d.level);
  append_key(out, "round");
  append_string(out, d.round_id);
  append_key(out, "snapshot_number");
  append_int(out, d.snapshot_number);
  append_key(out, "state");
  append_string(out, d.state);
  append_key(out, "submitted_at");
  append_string(out, d.submitted_at);
  append_key(out, "updated_at");
  append_string(out, d.updated_at);
  append_key(out, "version");
  append_int(out, d.version);
  out += '}';
}

json to_json(const service::SnapshotView& s) {
  json j = {{"number", s.number},
            {"sha256", s.sha256},
            {"submitted_at", s.submitted_at},
            {"level", s.level},
            {"draft_version", s.draft_version},
            {"submitted_by", s.submitted_by}};
  if (!s.content.empty()) j["content"] = s.content;
  return j;
}

json to_json(const service::EventView& e) {
  return {{"at", e.at},
          {"action", e.action},
          {"from_state", e.from_state},
          {"to_state", e.to_state},
          {"level", e.level},
          {"opinion", e.opinion},
          {"actor", e.actor},
          {"snapshot", e.snapshot ? json(*e.snapshot) : json(nullptr)}};
}

json to_json(const service::FileView& f) {
  return {{"sha256", f.sha256},
          {"name", f.name},
          {"media_type", f.media_type},
          {"size", f.size},
          {"uploaded_at", f.uploaded_at}};
}

json to_json(const service::EnterpriseRecord& e) {
  return {{"id", e.id},
          {"credit_code", e.credit_code},
          {"name", e.name},
          {"region", e.region},
          {"version", e.version},
          {"updated_at", e.updated_at},
          {"profile", service::profile_json(e.profile)}};
}

json to_json(const service::MaturityAssessment& m) {
  return {{"id", m.id},
          {"level", m.level},
          {"score", m.score ? json(*m.score) : json(nullptr)},
          {"assessed_on", m.assessed_on},
          {"source", m.source},
          {"report_sha256", m.report_sha256},
          {"report_name", m.report_name},
          {"recorded_at", m.recorded_at}};
}

}  // namespace tidu::api
