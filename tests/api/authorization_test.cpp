// The authorization matrix, first row (issue 8 item 6): every route of the route table (read from
// GET /api/v1/openapi.json, so a new route is in it the day it is added) called without a session,
// on SQLite and PostgreSQL. The routes meant for the public are listed here by name; a route not
// listed must answer 401 UNAUTHENTICATED, whatever its parameters, and nothing stored may change.
// A listed route that no longer exists fails the test too, so the list stays exact.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "service/backup.hpp"
#include "storage/migrations.hpp"
#include "support/api_client.hpp"
#include "support/api_world.hpp"
#include "support/report.hpp"
#include "support/server_process.hpp"
#include "support/storage.hpp"

namespace {

using nlohmann::json;
using tidu::test::ApiClient;
using tidu::test::Backend;
using tidu::test::ServerProcess;
using tidu::test::ServerState;

/// Routes anyone may call: the service's description; the rounds, catalogue and review policy
/// the notices publish; the self-evaluation against the 要素条件; signing in and registering; the
/// 公示, objections to it (real-name, without an account: seed notices' 公示 clauses) and the
/// public registry; checking an exported document's verification code.
const std::set<std::string>& public_routes() {
  static const std::set<std::string> routes = {
      "GET /api/v1/health",
      "GET /api/v1/openapi.json",
      "GET /api/v1/rounds",
      "GET /api/v1/rounds/{id}",
      "GET /api/v1/rounds/{round}/review",
      "GET /api/v1/rounds/{round}/notices",
      "GET /api/v1/regions",
      "GET /api/v1/regions/{code}",
      "GET /api/v1/catalogue",
      "GET /api/v1/catalogue/guides/{edition}",
      "GET /api/v1/self-evaluation/conditions",
      "GET /api/v1/self-evaluation/editions",
      "POST /api/v1/session",
      "POST /api/v1/enterprises",
      "GET /api/v1/notices/{id}",
      "POST /api/v1/notices/{id}/objections",
      "GET /api/v1/registry",
      "GET /api/v1/registry/{id}",
      "GET /api/v1/verify/{code}",
  };
  return routes;
}

/// Every table's row digest, to show that nothing changed.
std::map<std::string, std::string> digests(const ServerState& state) {
  std::map<std::string, std::string> out;
  auto db = state.connect();
  if (!db) return out;
  auto rows = (*db)->query((*db)->dialect() == "sqlite"
                               ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name "
                                 "NOT LIKE 'sqlite_%'"
                               : "SELECT table_name FROM information_schema.tables WHERE "
                                 "table_schema = current_schema()");
  if (!rows) return out;
  for (const auto& r : *rows) {
    if (auto d = tidu::service::table_digest(**db, r.get_text(0))) out[r.get_text(0)] = *d;
  }
  return out;
}

class Authorization : public ::testing::TestWithParam<Backend> {};

TEST_P(Authorization, EveryRouteButThePublicOnesRefusesACallerWithoutASession) {
  TIDU_NEED_BACKEND(GetParam());
  const ServerState state(GetParam());
  ServerProcess server(state.options());
  const ApiClient anonymous(server.port());
  const auto spec = anonymous.get("/api/v1/openapi.json");
  ASSERT_EQ(spec.status, 200) << spec.describe();
  const auto before = digests(state);
  ASSERT_GT(before.size(), 40U);

  std::set<std::string> seen;
  int refused = 0;
  int open = 0;
  static const std::regex parameter(R"(\{[^}]+\})");
  for (const auto& [path, operations] : spec.json.at("paths").items()) {
    for (const auto& [method_lower, operation] : operations.items()) {
      std::string method = method_lower;
      for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const std::string route = method + " " + path;
      seen.insert(route);
      const std::string target = std::regex_replace(path, parameter, "x-1");
      const bool body = method == "POST" || method == "PUT" || method == "PATCH";
      const auto reply = anonymous.send(method, target, body ? "{}" : "");
      if (public_routes().contains(route)) {
        EXPECT_NE(reply.status, 401) << route << " is public: " << reply.describe();
        ++open;
        continue;
      }
      EXPECT_EQ(reply.status, 401) << route << ": " << reply.describe();
      if (reply.status == 401) {
        EXPECT_EQ(reply.json.value("code", ""), "UNAUTHENTICATED") << route;
        ++refused;
      }
    }
  }
  for (const auto& r : public_routes()) EXPECT_TRUE(seen.contains(r)) << r << " is gone";
  EXPECT_GT(seen.size(), 100U);
  EXPECT_EQ(digests(state), before) << "a call without a session changed stored data";
  tidu::test::report(fmt::format(
      "[ authz ] {}: {} routes called without a session: {} refused with 401, {} public, no data "
      "changed",
      GetParam() == Backend::kSqlite ? "sqlite" : "postgresql", seen.size(), refused, open));
  EXPECT_EQ(server.stop(), 0) << server.log();
}

INSTANTIATE_TEST_SUITE_P(Backends, Authorization, tidu::test::all_backends(),
                         tidu::test::backend_name);

}  // namespace
