#pragma once
// The API: routes under /api/v1, assembled from the collaborators `main` hands over.
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "catalogue/catalogue.hpp"
#include "http/router.hpp"
#include "http/static_site.hpp"
#include "rounds/round.hpp"
#include "service/accounts.hpp"
#include "service/blacklists.hpp"
#include "service/copied_text.hpp"
#include "service/declarations.hpp"
#include "service/documents.hpp"
#include "service/enterprises.hpp"
#include "service/groups.hpp"
#include "service/imports.hpp"
#include "service/jobs.hpp"
#include "service/registry.hpp"
#include "service/reminders.hpp"
#include "service/reviews.hpp"
#include "service/round_definitions.hpp"
#include "service/statistics.hpp"

namespace tidu::api {

struct AppInfo {
  std::string version;
  std::string database;  ///< "sqlite" or "postgresql"
  int session_hours = 8;
  bool secure_cookie = false;      ///< set the Secure flag (behind HTTPS)
  std::filesystem::path web_root;  ///< the built web UI (web/dist); empty: a page explains how
  service::Clock clock;            ///< the server's time (TIDU_TEST_NOW in tests); empty: the wall
};

/// The services the routes call.
struct Services {
  service::Accounts& accounts;
  service::Enterprises& enterprises;
  service::Declarations& declarations;
  service::Reviews& reviews;
  service::Blacklists& blacklists;
  service::Reminders& reminders;
  service::Registry& registry;
  service::Groups& groups;
  service::Documents& documents;
  service::Statistics& statistics;
  service::Jobs& jobs;
  service::RoundDefinitions& round_definitions;
  service::Imports& imports;
  service::CopiedText& copied_text;
};

class App {
 public:
  App(const catalogue::Catalogue& catalogue, const rounds::RoundSet& rounds, Services services,
      AppInfo info);

  /// Handles one request (the server's handler): /api/… by the routes, the rest by the web UI.
  http::Response handle(http::Request& request) const;
  [[nodiscard]] const http::Router& router() const { return router_; }
  /// OpenAPI 3 document generated from the route table.
  [[nodiscard]] nlohmann::json openapi() const;

 private:
  void add_public_routes();
  void add_session_routes();
  void add_enterprise_routes();
  void add_declaration_routes();
  void add_review_routes();
  void add_blacklist_routes();
  void add_province_routes();
  void add_registry_routes();
  void add_group_routes();
  void add_document_routes();
  void add_statistics_routes();
  void add_catalogue_routes();
  /// The server's time: AppInfo::clock, else the wall clock.
  [[nodiscard]] time::Instant now() const;
  void add_round_definition_routes();
  void add_import_routes();
  void add_copied_text_routes();

  const catalogue::Catalogue& catalogue_;
  const rounds::RoundSet& rounds_;
  Services services_;
  AppInfo info_;
  http::Router router_;
  http::StaticSite site_;
};

}  // namespace tidu::api
