#include "http/static_site.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <utility>

namespace tidu::http {
namespace {

constexpr std::size_t kMaxFileBytes = std::size_t{64} << 20;

// Shown when web/dist has not been built: says what to do instead of a bare 404.
constexpr std::string_view kNotBuiltPage = R"(<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Tidu 智能工厂梯度培育平台</title>
<style>body{font-family:sans-serif;max-width:40em;margin:4em auto;line-height:1.7;color:#303133}
code{background:#f4f4f5;padding:0 .3em}</style></head>
<body><h1>Tidu 智能工厂梯度培育平台</h1>
<p>服务器已启动，但网页界面尚未构建。请在代码目录运行 <code>scripts/run</code>（会构建 web/ 并以
<code>--web web/dist</code> 启动），或自行执行 <code>npm --prefix web ci &amp;&amp; npm --prefix web run build</code>
后用 <code>tidu serve --web web/dist</code> 启动。</p>
<p>接口可直接使用：<a href="/api/v1/health">/api/v1/health</a> ·
<a href="/api/v1/openapi.json">/api/v1/openapi.json</a>（说明见 docs/api.md）。</p>
</body></html>
)";

bool has_extension(std::string_view path) {
  const auto slash = path.rfind('/');
  const auto last = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return last.find('.') != std::string_view::npos;
}

Response text_response(int status, std::string_view type, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.set_header("Content-Type", std::string(type));
  return r;
}

}  // namespace

std::string_view content_type_for(const std::filesystem::path& file) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kTypes = {{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json; charset=utf-8"},
  }};
  const std::string ext = file.extension().string();
  for (const auto& [e, type] : kTypes) {
    if (ext == e) return type;
  }
  return "application/octet-stream";
}

StaticSite::StaticSite(const std::filesystem::path& root) {
  std::error_code ec;
  if (!root.empty()) {
    root_ = std::filesystem::weakly_canonical(root, ec);
    built_ = !ec && std::filesystem::is_regular_file(root_ / "index.html", ec);
  }
}

std::optional<std::filesystem::path> StaticSite::resolve(std::string_view path) const {
  if (path.find('\0') != std::string_view::npos) return std::nullopt;
  std::string relative(path);
  while (!relative.empty() && relative.front() == '/') relative.erase(0, 1);
  if (relative.empty()) relative = "index.html";
  std::error_code ec;
  const auto candidate = std::filesystem::weakly_canonical(root_ / relative, ec);
  if (ec) return std::nullopt;
  // The canonical path must stay under root: "..", absolute parts and symlinks out all fail here.
  const auto [root_end, candidate_at] =
      std::mismatch(root_.begin(), root_.end(), candidate.begin(), candidate.end());
  if (root_end != root_.end()) return std::nullopt;
  if (!std::filesystem::is_regular_file(candidate, ec)) return std::nullopt;
  return candidate;
}

Response StaticSite::file(const std::filesystem::path& file, bool head) const {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec || size > kMaxFileBytes) {
    return text_response(404, "text/plain; charset=utf-8", "文件不存在");
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  Response r = text_response(200, content_type_for(file), head ? std::string{} : body.str());
  // Vite names built assets by content hash, so they never change; index.html always may.
  const bool hashed_asset = file.parent_path().filename() == "assets";
  r.set_header("Cache-Control", hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
  return r;
}

Response StaticSite::serve(const Request& request) const {
  const bool head = request.method == "HEAD";
  if (request.method != "GET" && !head) {
    Response r = text_response(405, "text/plain; charset=utf-8", "该地址只支持 GET");
    r.set_header("Allow", "GET, HEAD");
    return r;
  }
  Response r;
  if (!built_) {
    r = text_response(200, "text/html; charset=utf-8", head ? "" : std::string(kNotBuiltPage));
  } else if (auto found = resolve(request.path)) {
    r = file(*found, head);
  } else if (has_extension(request.path)) {
    r = text_response(404, "text/plain; charset=utf-8", "文件不存在");
  } else {
    r = file(root_ / "index.html", head);  // a route of the single-page app
  }
  r.set_header("X-Content-Type-Options", "nosniff");
  r.set_header("X-Frame-Options", "DENY");
  r.set_header("Referrer-Policy", "same-origin");
  r.set_header("Content-Security-Policy",
               "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
               "object-src 'none'; frame-ancestors 'none'; base-uri 'self'");
  return r;
}

}  // namespace tidu::http
