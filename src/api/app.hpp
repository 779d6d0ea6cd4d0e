#pragma once
// The API: routes under /api/v1, assembled from the collaborators `main` hands over.
#include <string>

#include <nlohmann/json.hpp>

#include "catalogue/catalogue.hpp"
#include "http/router.hpp"
#include "rounds/round.hpp"

namespace tidu::api {

struct AppInfo {
  std::string version;
  std::string database;  ///< "sqlite" or "postgresql"
};

class App {
 public:
  App(const catalogue::Catalogue& catalogue, const rounds::RoundSet& rounds, AppInfo info);

  /// Handles one request (the server's handler).
  http::Response handle(http::Request& request) const;
  [[nodiscard]] const http::Router& router() const { return router_; }
  /// OpenAPI 3 document generated from the route table.
  [[nodiscard]] nlohmann::json openapi() const;

 private:
  const catalogue::Catalogue& catalogue_;
  const rounds::RoundSet& rounds_;
  AppInfo info_;
  http::Router router_;
};

}  // namespace tidu::api
