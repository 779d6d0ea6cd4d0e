#include "http/router.hpp"

#include <nlohmann/json.hpp>

namespace tidu::http {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    const auto slash = path.find('/');
    out.emplace_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
  }
  return out;
}

void Router::add(std::string method, std::string pattern, std::string summary, Handler handler) {
  routes_.push_back(
      Route{std::move(method), std::move(pattern), std::move(summary), std::move(handler)});
}

Response Router::dispatch(Request& request) const {
  const auto segments = split_path(request.path);
  bool path_matched = false;
  for (const auto& route : routes_) {
    const auto pattern = split_path(route.pattern);
    if (pattern.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool match = true;
    for (std::size_t i = 0; i < pattern.size() && match; ++i) {
      if (pattern[i].size() > 2 && pattern[i].front() == '{' && pattern[i].back() == '}') {
        params[pattern[i].substr(1, pattern[i].size() - 2)] = segments[i];
      } else {
        match = pattern[i] == segments[i];
      }
    }
    if (!match) continue;
    path_matched = true;
    if (route.method != request.method) continue;
    request.params = std::move(params);
    return route.handler(request);
  }
  if (path_matched) {
    return Response::json(405, {{"code", "METHOD_NOT_ALLOWED"},
                                {"message", "该地址不支持此请求方法"},
                                {"details", {{"method", request.method}}}});
  }
  return Response::json(404, {{"code", "NOT_FOUND"},
                              {"message", "请求的地址不存在"},
                              {"details", nlohmann::json::object()}});
}

}  // namespace tidu::http
