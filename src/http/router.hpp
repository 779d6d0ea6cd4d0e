#pragma once
// Routes: method + path pattern with {name} segments → handler. Every route carries the
// description the OpenAPI document is generated from, so an undocumented route cannot exist.
#include <functional>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace tidu::http {

using Handler = std::function<Response(Request&)>;

struct Route {
  std::string method;
  std::string pattern;  ///< "/api/v1/declarations/{id}"
  std::string summary;  ///< one line for the API document
  Handler handler;
};

class Router {
 public:
  void add(std::string method, std::string pattern, std::string summary, Handler handler);
  /// Finds the route, fills `request.params` and runs it; 404 or 405 as JSON errors otherwise.
  [[nodiscard]] Response dispatch(Request& request) const;
  [[nodiscard]] const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

/// Splits a path into its segments ("/a/b/" → {"a", "b"}).
std::vector<std::string> split_path(std::string_view path);

}  // namespace tidu::http
