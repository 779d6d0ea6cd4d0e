// Fuzz target: raw bytes as they arrive on a connection to `tidu serve`. Each request is parsed
// by Beast's request parser configured as http/server.cpp configures it (body and header limits,
// keep-alive: several requests may follow each other) and fed as http::async_read feeds it, the
// bytes arriving in segments; it is turned into an http::Request the way
// Server's on_read does (percent-decoded path, http::parse_query, lower-cased and joined
// headers), and dispatched by an http::Router holding the API's route patterns. The handlers
// read what the real ones read before reaching a service: the session cookie and CSRF header
// (Request::cookie, Request::header), the upload body (files::sniff, files::sanitize_file_name,
// files::content_disposition), a JSON body with the position of its error
// (declaration::line_column, as api::json_body), a declaration (declaration::parse_declaration)
// and an objection's base64 file (files::base64_decode).
//
// There is no multipart route: uploads are the raw request body with ?name= for the file name.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "declaration/json_io.hpp"
#include "files/base64.hpp"
#include "files/names.hpp"
#include "files/sniff.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace {

namespace bhttp = boost::beast::http;
using nlohmann::json;
using tidu::http::Request;
using tidu::http::Response;

/// At most this many pipelined requests are read from one input.
constexpr int kMaxRequests = 4;

/// The request as Server::Impl::Session::on_read builds it from Beast's message.
Request to_request(bhttp::request<bhttp::string_body>& msg) {
  Request request;
  request.method = std::string(msg.method_string());
  request.target = std::string(msg.target());
  const auto q = request.target.find('?');
  request.path = tidu::http::percent_decode(std::string_view(request.target).substr(0, q), false);
  if (q != std::string::npos)
    request.query = tidu::http::parse_query(std::string_view(request.target).substr(q + 1));
  for (const auto& field : msg) {
    auto name = tidu::text::ascii_lower(field.name_string());
    auto& slot = request.headers[name];
    if (!slot.empty()) slot += ", ";
    slot.append(field.value().data(), field.value().size());
  }
  request.body = std::move(msg.body());
  request.remote = "127.0.0.1";
  return request;
}

/// What every signed-in route reads first.
void read_session(const Request& req) {
  (void)req.cookie("tidu_session");
  (void)req.header("x-csrf-token");
}

Response upload(Request& req) {
  read_session(req);
  const auto it = req.query.find("name");
  const std::string name =
      tidu::files::sanitize_file_name(it == req.query.end() ? "" : std::string_view(it->second));
  (void)tidu::files::content_disposition(name, false);
  (void)tidu::files::content_disposition(name, true);
  auto type = tidu::files::sniff(req.body);
  if (!type) return Response::json(415, {{"code", type.error().code}});
  return Response::json(201, {{"name", name}, {"media_type", type->mime}});
}

/// api::json_body (api/support.cpp, which links the services and so is not linked here): the body
/// as JSON, its error with line and column. Keep the two in step.
Response json_route(Request& req) {
  read_session(req);
  if (!tidu::http::is_json_media_type(req.header("content-type")))
    return Response::json(415, {{"code", "UNSUPPORTED_MEDIA_TYPE"}});
  try {
    const json j = json::parse(req.body);
    if (!j.is_object()) return Response::json(400, {{"code", "BAD_REQUEST"}});
    if (j.contains("file_base64") && j["file_base64"].is_string()) {
      (void)tidu::files::base64_decode(j["file_base64"].get_ref<const std::string&>());
    }
    return Response::json(200, j);
  } catch (const json::parse_error& e) {
    const auto [line, column] =
        tidu::declaration::line_column(req.body, e.byte > 0 ? e.byte - 1 : 0);
    return Response::json(400, {{"line", line}, {"column", column}, {"offset", e.byte}});
  } catch (const json::out_of_range&) {  // a number beyond double's range
    return Response::json(400, {{"code", "BAD_JSON"}});
  }
}

Response declaration_route(Request& req) {
  read_session(req);
  auto parsed = tidu::declaration::parse_declaration(req.body);
  if (!parsed) return Response::json(400, {{"code", parsed.error().code}});
  return Response::json(200, {{"problems", parsed->problems.size()}});
}

Response read_route(Request& req) {
  read_session(req);
  json out = json::object();
  for (const auto& [k, v] : req.params) out[k] = v;
  for (const auto& [k, v] : req.query) out["?" + k] = v;
  return Response::json(200, out);
}

struct RouteSpec {
  const char* method;
  const char* pattern;
  Response (*handler)(Request&);
};

// The API's patterns (src/api/*_routes.cpp), with the body each kind of route reads.
constexpr std::array kRoutes = {
    RouteSpec{"POST", "/api/v1/declarations/{id}/files", upload},
    RouteSpec{"POST", "/api/v1/enterprises/{id}/files", upload},
    RouteSpec{"POST", "/api/v1/reviews/files", upload},
    RouteSpec{"POST", "/api/v1/declarations/{id}/validate", declaration_route},
    RouteSpec{"PUT", "/api/v1/declarations/{id}/sections/{section}", json_route},
    RouteSpec{"POST", "/api/v1/declarations", json_route},
    RouteSpec{"POST", "/api/v1/session", json_route},
    RouteSpec{"POST", "/api/v1/notices/{id}/objections", json_route},
    RouteSpec{"POST", "/api/v1/declarations/{id}/actions/{action}", json_route},
    RouteSpec{"POST", "/api/v1/self-evaluations/{id}/{decision}", json_route},
    RouteSpec{"PUT", "/api/v1/admin/rounds/{id}", json_route},
    RouteSpec{"DELETE", "/api/v1/session", read_route},
    RouteSpec{"GET", "/api/v1/declarations", read_route},
    RouteSpec{"GET", "/api/v1/declarations/{id}", read_route},
    RouteSpec{"GET", "/api/v1/declarations/{id}/files/{sha256}", read_route},
    RouteSpec{"GET", "/api/v1/declarations/{id}/versions/{number}", read_route},
    RouteSpec{"GET", "/api/v1/regions/{code}/maturity-summary.docx", read_route},
    RouteSpec{"GET", "/api/v1/rounds/{round}/batch/summary.xlsx", read_route},
    RouteSpec{"GET", "/api/v1/verify/{code}", read_route},
    RouteSpec{"GET", "/api/v1/health", read_route},
};

const tidu::http::Router& router() {
  static const tidu::http::Router r = [] {
    tidu::http::Router out;
    for (const auto& spec : kRoutes) out.add(spec.method, spec.pattern, "fuzz", spec.handler);
    return out;
  }();
  return r;
}

}  // namespace

// Boost's assertions stay on in this build (no NDEBUG) and abort, except those of one function
// that are wrong in Boost 1.81: the final-chunk branch of parse_chunk_header asserts five bytes
// where a final chunk split as "0\r\n", "\r" leaves four (boostorg/beast#2861, fixed in later
// Boost), and the checks after that assertion (BOOST_VERIFY of the CRLF and size it re-parses,
// `! ec`, `n >= 3`) rest on it. Release builds, which users run, compile them all out; the code
// around them still runs here under AddressSanitizer.
namespace boost {

void assertion_failed_msg(char const* expr, char const* msg, char const* function, char const* file,
                          long line) {
  if (std::string_view(function).find("parse_chunk_header") != std::string_view::npos &&
      std::string_view(file).ends_with("beast/http/impl/basic_parser.ipp")) {
    return;
  }
  std::fprintf(stderr, "%s:%ld: %s: Boost assertion '%s' failed%s%s\n", file, line, function, expr,
               msg != nullptr ? ": " : "", msg != nullptr ? msg : "");
  std::abort();
}

void assertion_failed(char const* expr, char const* function, char const* file, long line) {
  assertion_failed_msg(expr, nullptr, function, file, line);
}

}  // namespace boost

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const tidu::http::ServerOptions options;
  // The bytes arrive in segments, as a slow client or the network splits them; the segment size
  // follows from the input's length so that mutations try them all.
  constexpr std::array<std::size_t, 8> kSegments = {1, 2, 3, 7, 64, 512, 4096, SIZE_MAX};
  const std::size_t segment = kSegments[size % kSegments.size()];
  std::string_view unread(reinterpret_cast<const char*>(data), size);
  std::string buffer;  // received, not yet consumed: Beast's flat_buffer
  for (int n = 0; n < kMaxRequests; ++n) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(options.max_body_bytes);
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    parser.eager(true);  // as http::async_read sets it
    // As http::async_read: put what is buffered; on need_more, read more and put again; at the
    // end of the stream, put_eof (or end_of_stream when nothing of this request came).
    while (!parser.is_done()) {
      boost::beast::error_code ec;
      if (!buffer.empty()) {
        const std::size_t used = parser.put(boost::asio::buffer(buffer), ec);
        buffer.erase(0, used);
        if (ec && ec != bhttp::error::need_more) return 0;  // 413, or the connection is closed
        if (parser.is_done()) break;
      }
      if (unread.empty()) {
        if (!parser.got_some()) return 0;
        parser.put_eof(ec);
        if (ec) return 0;
        break;
      }
      const std::size_t take = std::min(segment, unread.size());
      buffer.append(unread.substr(0, take));
      unread.remove_prefix(take);
    }
    const bool keep_alive = parser.get().keep_alive();
    Request request = to_request(parser.get());
    Response response = router().dispatch(request);
    response.set_header("Content-Type", "application/json; charset=utf-8");
    if (!keep_alive || (buffer.empty() && unread.empty())) break;
  }
  return 0;
}
