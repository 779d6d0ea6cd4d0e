// The API over real HTTP against the real `tidu serve` binary, on SQLite and on PostgreSQL: who
// may call each route and who may not, and the declaration's life from the first save to a second
// submission. Everything is set up through the API itself, except the staff accounts, which are
// created in the database before the server starts (there is no first-administrator route).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support/api_client.hpp"
#include "support/api_world.hpp"
#include "support/report.hpp"
#include "support/server_process.hpp"
#include "support/storage.hpp"

namespace {

/// When the whole test program ran unfiltered (not one test at a time, as CTest runs them): every
/// route of the OpenAPI document answered at least one call of the API suites (this file and
/// review_chain_test.cpp) with a 2xx status.
class EveryRouteAnswered : public ::testing::Environment {
 public:
  void TearDown() override {
    const auto* unit = ::testing::UnitTest::GetInstance();
    if (unit->test_to_run_count() != unit->total_test_count()) return;
    const auto routes = tidu::test::RouteLog::global().routes();
    if (routes.empty()) return;  // no backend was available
    const auto called = tidu::test::RouteLog::global().called();
    for (const auto& route : routes) {
      const auto it = called.find(route);
      const bool succeeded = it != called.end() && std::ranges::any_of(it->second, [](int status) {
                               return status / 100 == 2;
                             });
      EXPECT_TRUE(succeeded) << "no API test called " << route << " successfully";
    }
  }
};
[[maybe_unused]] auto* const kEveryRouteAnswered = ::testing::AddGlobalTestEnvironment(
    new EveryRouteAnswered);  // NOLINT(cppcoreguidelines-owning-memory)

using nlohmann::json;
using tidu::test::ApiClient;
using tidu::test::ApiReply;
using tidu::test::Backend;
using tidu::test::EnterpriseUser;
using tidu::test::FilledDeclaration;
using tidu::test::RouteLog;
using tidu::test::ServerProcess;
using tidu::test::ServerState;

/// A staff account created in the database before the server starts.
struct Staff {
  const char* username;
  const char* password;
  const char* role;
  const char* level;
  const char* region;
  const char* display_name;
};

constexpr Staff kAdmin{"admin.tm", "Admin-Pass-2026!", "admin", "", "429006", "平台管理员"};
/// The first level of the round's route (township) for the tests' enterprises, registered in
/// 竟陵街道 (429006001): the reviewing unit of that level is the township itself.
constexpr Staff kTownshipReviewer{"rev.jingling", "Review-Pass-2026!", "reviewer",
                                  "township",     "429006001",         "竟陵街道审核员"};
/// A reviewer of the same level in a neighbouring township (多宝镇).
constexpr Staff kOtherReviewer{"rev.duobao", "Review-Pass-2027!", "reviewer",
                               "township",   "429006100",         "多宝镇审核员"};
/// The city-level reviewer of 天门市: the first unit on the route of an enterprise registered
/// directly in 429006, which has no township above it.
constexpr Staff kCityReviewer{"rev.tianmen", "Review-Pass-2028!", "reviewer", "city",
                              "429006",      "天门市经信局审核员"};

/// The servers of one backend, shared by the tests of the process.
struct Deployment {
  std::unique_ptr<ServerState> state;
  std::unique_ptr<ServerProcess> server;       ///< clock inside the round's window
  std::unique_ptr<ServerProcess> late_server;  ///< clock after the window, bodies ≤ 1 MiB
  std::map<std::string, std::unique_ptr<ApiClient>> staff;  ///< signed-in staff by user name
};

std::map<Backend, Deployment>& deployments() {
  static std::map<Backend, Deployment> d;
  return d;
}

/// Routes any caller may use.
const std::set<std::string>& public_routes() {
  static const std::set<std::string> routes = {
      "GET /api/v1/health", "GET /api/v1/openapi.json", "GET /api/v1/rounds",
      "GET /api/v1/rounds/{id}", "GET /api/v1/regions", "POST /api/v1/session",
      "POST /api/v1/enterprises", "GET /api/v1/verify/{code}",
      // The province's stages and the registry: published information and real-name objections.
      "GET /api/v1/rounds/{round}/review", "GET /api/v1/rounds/{round}/notices",
      "GET /api/v1/notices/{id}", "POST /api/v1/notices/{id}/objections", "GET /api/v1/registry",
      "GET /api/v1/registry/{id}", "GET /api/v1/self-evaluation/conditions",
      "GET /api/v1/self-evaluation/editions", "GET /api/v1/regions/{code}",
      // The policy catalogue the notices publish.
      "GET /api/v1/catalogue", "GET /api/v1/catalogue/guides/{edition}"};
  return routes;
}

bool changes_state(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

/// The route's path with its parameters filled in.
std::string fill(std::string pattern, const std::map<std::string, std::string>& values) {
  for (const auto& [name, value] : values) {
    const std::string key = "{" + name + "}";
    for (auto at = pattern.find(key); at != std::string::npos; at = pattern.find(key))
      pattern.replace(at, key.size(), value);
  }
  return pattern;
}

/// A plausible body for a route, so that a refusal cannot come from a missing body.
std::string body_for(const std::string& method, const std::string& pattern) {
  if (!changes_state(method) || method == "DELETE") return "";
  if (pattern.ends_with("/files")) return tidu::test::pdf_bytes("matrix");
  if (pattern.ends_with("/sections/{section}"))
    return json{{"version", 1}, {"content", json::object()}}.dump();
  if (pattern.ends_with("/profile"))
    return json{{"version", 1}, {"profile", json::object()}}.dump();
  if (pattern.ends_with("/maturity"))
    return json{{"level", 3}, {"assessed_on", "2025-06-30"}, {"source", "www.c3mep.cn"}}.dump();
  if (pattern == "/api/v1/declarations") return json{{"round", tidu::test::kOpenRound}}.dump();
  if (pattern == "/api/v1/session/password")
    return json{{"current", "x"}, {"next", "Another-Pass-1!"}}.dump();
  return "{}";
}

class HttpApi : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    TIDU_NEED_BACKEND(GetParam());
    auto& d = deployments()[GetParam()];
    if (d.server) return;
    try {
      d.state = std::make_unique<ServerState>(GetParam());
      std::vector<tidu::service::NewAccount> accounts;
      for (const Staff* s : {&kAdmin, &kTownshipReviewer, &kOtherReviewer, &kCityReviewer}) {
        accounts.push_back({.username = s->username,
                            .password = s->password,
                            .role = s->role,
                            .level = s->level,
                            .region = s->region,
                            .authority = *s->level != '\0' ? "经信" : "",
                            .display_name = s->display_name});
      }
      d.state->create_accounts(accounts);
      d.server = std::make_unique<ServerProcess>(
          d.state->options({{"TIDU_TEST_NOW", tidu::test::kDuringRound}}));
    } catch (const std::exception& e) {
      deployments().erase(GetParam());
      FAIL() << "cannot start tidu serve: " << e.what();
    }
    const auto doc = anonymous().get("/api/v1/openapi.json");
    ASSERT_EQ(doc.status, 200) << doc.describe();
    RouteLog::global().set_routes(doc.json);
  }

  static void TearDownTestSuite() {
    for (auto& [backend, d] : deployments()) {
      d.staff.clear();
      for (auto* s : {&d.server, &d.late_server}) {
        if (!*s) continue;
        const std::string log = (*s)->log();
        EXPECT_EQ((*s)->stop(), 0) << "tidu serve did not stop cleanly on SIGTERM:\n" << log;
        EXPECT_EQ(log.find("error "), std::string::npos) << "the server logged an internal error:\n"
                                                         << log;
      }
      d.server.reset();
      d.late_server.reset();
      d.state.reset();
    }
    deployments().clear();
  }

  Deployment& deployment() { return deployments().at(GetParam()); }
  unsigned short port() { return deployment().server->port(); }
  ServerState& state() { return *deployment().state; }

  /// The server on the same state whose clock is after the round closed and whose body limit is
  /// 1 MiB; started on first use.
  ServerProcess& late_server() {
    auto& d = deployment();
    if (!d.late_server) {
      d.late_server = std::make_unique<ServerProcess>(
          d.state->options({{"TIDU_TEST_NOW", tidu::test::kAfterRound}}, {"--max-body-mb", "1"}));
    }
    return *d.late_server;
  }

  ApiClient anonymous() { return ApiClient(port()); }

  /// A staff member signed in once per process and backend.
  ApiClient& staff(const Staff& s) {
    auto& slot = deployment().staff[s.username];
    if (!slot) {
      slot = std::make_unique<ApiClient>(port());
      const auto r = slot->login(s.username, s.password);
      if (r.status != 200) {
        slot.reset();
        throw std::runtime_error("login " + std::string(s.username) + ": " + r.describe());
      }
    }
    return *slot;
  }

  EnterpriseUser new_enterprise() { return tidu::test::register_enterprise(port()); }

  /// The declaration as its reader sees it.
  static json read(const ApiClient& c, const std::string& id) {
    const auto r = c.get("/api/v1/declarations/" + id);
    EXPECT_EQ(r.status, 200) << r.describe();
    return r.json;
  }
};

std::string section_path(const std::string& id, const std::string& section) {
  return fmt::format("/api/v1/declarations/{}/sections/{}", id, section);
}

// ----- public routes -----

TEST_P(HttpApi, PublicRoutesAnswerWithoutSignIn) {
  const auto anon = anonymous();
  const auto health = anon.get("/api/v1/health");
  ASSERT_EQ(health.status, 200) << health.describe();
  EXPECT_EQ(health.json["database"], GetParam() == Backend::kSqlite ? "sqlite" : "postgresql");
  EXPECT_EQ(health.header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(health.header("Cache-Control"), "no-store");

  const auto rounds = anon.get("/api/v1/rounds");
  ASSERT_EQ(rounds.status, 200) << rounds.describe();
  EXPECT_GE(rounds.json["rounds"].size(), 4U);
  const auto round = anon.get(std::string("/api/v1/rounds/") + tidu::test::kOpenRound);
  ASSERT_EQ(round.status, 200) << round.describe();
  EXPECT_EQ(round.json["closes"], "2026-03-15T23:59:59+08:00");
  EXPECT_EQ(round.json["levels"][0]["region_kind"], "township");
  const auto unknown = anon.get("/api/v1/rounds/xx-1999");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.code(), "ROUND_UNKNOWN");

  const auto provinces = anon.get("/api/v1/regions");
  ASSERT_EQ(provinces.status, 200) << provinces.describe();
  EXPECT_FALSE(provinces.json["regions"].empty());
  const auto towns = anon.get("/api/v1/regions?parent=429006");
  ASSERT_EQ(towns.status, 200) << towns.describe();
  EXPECT_NE(towns.body.find("竟陵街道"), std::string::npos);
  EXPECT_EQ(anon.get("/api/v1/regions?parent=999999").code(), "NOT_FOUND");
  // One region with its path from the province, so pages show names instead of codes.
  const auto town = anon.get("/api/v1/regions/" + towns.json["regions"][0].value("code", ""));
  ASSERT_EQ(town.status, 200) << town.describe();
  EXPECT_EQ(town.json["path"].size(), 3U) << town.body;  // 湖北省 / 天门市 / 乡镇
  EXPECT_EQ(town.json["path"][0].value("name", ""), "湖北省") << town.body;
  EXPECT_EQ(town.json["path"].back()["code"], town.json["code"]) << town.body;
  const auto tianmen = anon.get("/api/v1/regions/429006");
  ASSERT_EQ(tianmen.status, 200) << tianmen.describe();
  EXPECT_EQ(tianmen.json.value("name", ""), "天门市") << tianmen.body;
  EXPECT_NE(tianmen.json.value("full_name", "").find("湖北省"), std::string::npos) << tianmen.body;
  EXPECT_EQ(anon.get("/api/v1/regions/999999").code(), "NOT_FOUND");

  const auto doc = anon.get("/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  EXPECT_EQ(doc.json["openapi"], "3.0.3");
  const auto no_route = anon.get("/api/v1/no-such-route");
  EXPECT_EQ(no_route.status, 404);
  EXPECT_EQ(no_route.code(), "NOT_FOUND");

  // Everything outside /api is the web UI; this server was started without one, so its pages say
  // how to build it instead of a bare 404.
  const auto page = anon.get("/declarations/d-1");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("网页界面尚未构建"), std::string::npos) << page.body;
}

// ----- every route: anonymous callers and CSRF -----

TEST_P(HttpApi, EveryRouteRefusesAnonymousCallersAndRequestsWithoutTheCsrfToken) {
  auto owner = new_enterprise();
  const auto created =
      owner.client.post("/api/v1/declarations", {{"round", "hb-tianmen-2026-basic"}});
  ASSERT_EQ(created.status, 201) << created.describe();
  const std::string id = created.json["id"];
  const auto up = owner.client.upload(fmt::format("/api/v1/declarations/{}/files?name=a.pdf", id),
                                      tidu::test::pdf_bytes(id));
  ASSERT_EQ(up.status, 201) << up.describe();

  const auto doc = anonymous().get("/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  const auto routes = RouteLog::global().routes();
  ASSERT_GE(routes.size(), 30U) << "the OpenAPI document lists too few routes";
  for (const auto& p : public_routes())
    EXPECT_TRUE(routes.contains(p)) << "public route " << p << " is not in the OpenAPI document";

  const std::map<std::string, std::string> params = {
      {"section", "narrative"}, {"number", "1"}, {"sha256", up.json["sha256"]}};
  const auto before = read(owner.client, id);
  ApiClient bogus(port());
  int checked = 0;
  for (const auto& route : routes) {
    const auto space = route.find(' ');
    const std::string method = route.substr(0, space);
    const std::string pattern = route.substr(space + 1);
    auto values = params;
    values["id"] = pattern.starts_with("/api/v1/enterprises/") ? owner.id
                   : pattern.starts_with("/api/v1/rounds/")    ? tidu::test::kOpenRound
                                                               : id;
    std::string target = fill(pattern, values);
    if (pattern.ends_with("/diff")) target += "?from=draft&to=draft";
    if (pattern.ends_with("/files") && method == "POST") target += "?name=b.pdf";
    const std::string body = body_for(method, pattern);
    const std::string type = pattern.ends_with("/files") ? "application/pdf" : "application/json";
    SCOPED_TRACE(route + " as " + target);

    const auto anon = anonymous().send(method, target, body, type);
    if (public_routes().contains(route)) {
      EXPECT_NE(anon.code(), "UNAUTHENTICATED") << anon.describe();
      EXPECT_NE(anon.status, 403) << anon.describe();
      continue;
    }
    ++checked;
    EXPECT_EQ(anon.status, 401) << anon.describe();
    EXPECT_EQ(anon.code(), "UNAUTHENTICATED") << anon.describe();
    EXPECT_FALSE(anon.json.value("message", "").empty()) << "a Chinese message for the user";

    // A cookie the server never issued is no session either.
    const auto forged = bogus.send(method, target, body, type, true,
                                   {"Cookie: tidu_session=" + std::string(64, 'f')});
    EXPECT_EQ(forged.status, 401) << forged.describe();

    if (!changes_state(method)) continue;
    const auto without = owner.client.send(method, target, body, type, /*csrf=*/false);
    EXPECT_EQ(without.status, 403) << without.describe();
    EXPECT_EQ(without.code(), "CSRF_FAILED") << without.describe();
    ApiClient wrong(port());
    wrong.adopt(owner.client);
    wrong.set_csrf(std::string(32, '0'));
    const auto mismatch = wrong.send(method, target, body, type);
    EXPECT_EQ(mismatch.status, 403) << mismatch.describe();
    EXPECT_EQ(mismatch.code(), "CSRF_FAILED") << mismatch.describe();
  }
  EXPECT_GE(checked, 20);

  // None of the refused requests changed anything, and the owner's session still works.
  const auto after = read(owner.client, id);
  EXPECT_EQ(after["version"], before["version"]);
  EXPECT_EQ(after["document"], before["document"]);
  EXPECT_EQ(after["state"], "draft");
  const auto session = owner.client.get("/api/v1/session");
  EXPECT_EQ(session.status, 200) << "DELETE /session without the token must not sign out";

  // Every route of the document was called by this test.
  const auto called = RouteLog::global().called();
  for (const auto& route : routes)
    EXPECT_TRUE(called.contains(route)) << route << " was not exercised";
  tidu::test::report(fmt::format(
      "[ authz ] {}: {} routes: {} refused without a session or with a forged one (401), the "
      "state-changing ones also without or with a wrong CSRF token (403); {} public",
      GetParam() == Backend::kSqlite ? "sqlite" : "postgresql", routes.size(), checked,
      public_routes().size()));
}

// ----- enterprises among themselves -----

TEST_P(HttpApi, AnEnterpriseCannotReachAnotherEnterprisesDeclarationOrProfile) {
  auto owner = new_enterprise();
  auto other = new_enterprise();
  const auto created =
      owner.client.post("/api/v1/declarations", {{"round", tidu::test::kOpenRound}});
  ASSERT_EQ(created.status, 201) << created.describe();
  const std::string id = created.json["id"];
  const auto up = owner.client.upload(fmt::format("/api/v1/declarations/{}/files?name=a.pdf", id),
                                      tidu::test::pdf_bytes(id));
  ASSERT_EQ(up.status, 201) << up.describe();
  const std::string sha = up.json["sha256"];
  const auto before = read(owner.client, id);
  const auto profile_before = owner.client.get("/api/v1/enterprises/" + owner.id);
  ASSERT_EQ(profile_before.status, 200);

  // Every route naming the owner's declaration or enterprise answers the other one "not found".
  int checked = 0;
  for (const auto& route : RouteLog::global().routes()) {
    const auto space = route.find(' ');
    const std::string method = route.substr(0, space);
    const std::string pattern = route.substr(space + 1);
    const bool declaration = pattern.starts_with("/api/v1/declarations/{id}");
    const bool enterprise = pattern.starts_with("/api/v1/enterprises/{id}");
    if (!declaration && !enterprise) continue;
    std::string target = fill(pattern, {{"id", declaration ? id : owner.id},
                                        {"section", "narrative"},
                                        {"number", "1"},
                                        {"sha256", sha}});
    if (pattern.ends_with("/diff")) target += "?from=draft&to=draft";
    if (pattern.ends_with("/files") && method == "POST") target += "?name=x.pdf";
    SCOPED_TRACE(route);
    const auto r =
        other.client.send(method, target, body_for(method, pattern),
                          pattern.ends_with("/files") ? "application/pdf" : "application/json");
    EXPECT_EQ(r.status, 404) << r.describe();
    EXPECT_EQ(r.code(), "NOT_FOUND") << r.describe();
    ++checked;
  }
  EXPECT_GE(checked, 15);

  // The same answer as for a declaration that does not exist: existence stays hidden.
  const auto missing = other.client.get("/api/v1/declarations/d_000000000000000000000000");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.code(), "NOT_FOUND");

  const auto list = other.client.get("/api/v1/declarations");
  ASSERT_EQ(list.status, 200) << list.describe();
  EXPECT_EQ(list.json["total"], 0);
  EXPECT_EQ(list.body.find(id), std::string::npos);
  const auto own_list = owner.client.get("/api/v1/declarations?round=hb-tianmen-2026-basic");
  ASSERT_EQ(own_list.status, 200);
  ASSERT_EQ(own_list.json["items"].size(), 1U);
  EXPECT_EQ(own_list.json["items"][0]["id"], id);

  const auto after = read(owner.client, id);
  EXPECT_EQ(after["version"], before["version"]);
  EXPECT_EQ(after["document"], before["document"]);
  const auto profile_after = owner.client.get("/api/v1/enterprises/" + owner.id);
  EXPECT_EQ(profile_after.json, profile_before.json);
  EXPECT_EQ(owner.client.get("/api/v1/enterprises/" + owner.id + "/maturity").json["assessments"],
            json::array());
}

// ----- reviewers -----

TEST_P(HttpApi, ReviewersSeeSubmittedDeclarationsOfTheirRegionOnlyAndTheFirstLevelIsNotified) {
  auto e = new_enterprise();
  const FilledDeclaration filled = tidu::test::fill_complete_declaration(e, 1);
  auto& township = staff(kTownshipReviewer);
  auto& elsewhere = staff(kOtherReviewer);
  const std::string path = "/api/v1/declarations/" + filled.id;

  // A draft is the enterprise's own: no reviewer sees it, not even in lists.
  for (ApiClient* reviewer : {&township, &elsewhere}) {
    const auto r = reviewer->get(path);
    EXPECT_EQ(r.status, 404) << r.describe();
    EXPECT_EQ(r.code(), "NOT_FOUND");
    EXPECT_EQ(reviewer->get("/api/v1/declarations?page_size=100").body.find(filled.id),
              std::string::npos);
  }
  const auto quiet = township.get("/api/v1/notifications");
  ASSERT_EQ(quiet.status, 200) << quiet.describe();
  EXPECT_EQ(quiet.body.find(filled.id), std::string::npos);

  // A draft is checked now; once submitted, as of its submission, and the report says which.
  const auto draft_check = e.client.post(path + "/validate", json::object());
  ASSERT_EQ(draft_check.status, 200) << draft_check.describe();
  EXPECT_EQ(draft_check.json["as_of"]["basis"], "now") << draft_check.body;
  EXPECT_TRUE(draft_check.json["as_of"]["snapshot"].is_null()) << draft_check.body;

  const auto submitted = e.client.post(path + "/submit", json::object());
  ASSERT_EQ(submitted.status, 200) << submitted.describe();
  ASSERT_EQ(submitted.json["number"], 1);
  EXPECT_EQ(submitted.json["level"], "township");
  const auto review_check = township.post(path + "/validate", json::object());
  ASSERT_EQ(review_check.status, 200) << review_check.describe();
  EXPECT_EQ(review_check.json["as_of"]["basis"], "submission") << review_check.body;
  EXPECT_EQ(review_check.json["as_of"]["snapshot"], 1) << review_check.body;
  EXPECT_EQ(review_check.json["as_of"]["at"], submitted.json["submitted_at"]) << review_check.body;

  // The reviewer of the region reads it, its versions, timeline and attachments.
  const auto seen = township.get(path);
  ASSERT_EQ(seen.status, 200) << seen.describe();
  EXPECT_EQ(seen.json["state"], "submitted");
  EXPECT_EQ(seen.json["enterprise"]["credit_code"], e.credit_code);
  const auto listed = township.get("/api/v1/declarations?state=submitted&page_size=100");
  ASSERT_EQ(listed.status, 200);
  EXPECT_NE(listed.body.find(filled.id), std::string::npos);
  const auto found = township.get("/api/v1/declarations?q=" + e.credit_code);
  ASSERT_EQ(found.status, 200);
  EXPECT_EQ(found.json["total"], 1);
  // Narrowed by the enterprise's region (or one above it) and industry (the sample's 大类 38).
  const std::string q = "/api/v1/declarations?q=" + e.credit_code;
  EXPECT_EQ(township.get(q + "&region=429006").json["total"], 1);
  EXPECT_EQ(township.get(q + "&region=429006100").json["total"], 0) << "another township";
  EXPECT_EQ(township.get(q + "&industry=38").json["total"], 1);
  EXPECT_EQ(township.get(q + "&industry=382").json["total"], 1);
  EXPECT_EQ(township.get(q + "&industry=13").json["total"], 0);
  EXPECT_EQ(township.get(path + "/versions").status, 200);
  const auto v1 = township.get(path + "/versions/1");
  ASSERT_EQ(v1.status, 200) << v1.describe();
  EXPECT_EQ(v1.json["sha256"], submitted.json["sha256"]);
  EXPECT_EQ(township.get(path + "/timeline").status, 200);
  const auto download = township.get(path + "/files/" + filled.attachment_hashes.front());
  EXPECT_EQ(download.status, 200) << download.describe();
  EXPECT_EQ(township.get("/api/v1/enterprises/" + e.id).status, 200);

  // …but may not change it.
  const auto edit =
      township.put(section_path(filled.id, "narrative"),
                   {{"version", seen.json["version"]}, {"content", filled.document["narrative"]}});
  EXPECT_EQ(edit.status / 100, 4) << edit.describe();
  EXPECT_EQ(township.post(path + "/withdraw", json::object()).status, 403);
  EXPECT_EQ(township.post(path + "/submit", json::object()).status, 403);
  EXPECT_EQ(township
                .put("/api/v1/enterprises/" + e.id + "/profile",
                     {{"version", 1}, {"profile", json::object()}})
                .status,
            403);

  // The reviewer of another region does not learn it exists.
  for (const std::string& sub :
       {std::string(), std::string("/versions"), std::string("/versions/1"),
        std::string("/timeline"), std::string("/diff?from=1&to=1"),
        "/files/" + filled.attachment_hashes.front()}) {
    const auto r = elsewhere.get(path + sub);
    EXPECT_EQ(r.status, 404) << sub << ": " << r.describe();
    EXPECT_EQ(r.code(), "NOT_FOUND") << sub;
  }
  const auto other_list = elsewhere.get("/api/v1/declarations?page_size=100");
  ASSERT_EQ(other_list.status, 200);
  EXPECT_EQ(other_list.body.find(filled.id), std::string::npos);
  EXPECT_EQ(elsewhere.get("/api/v1/enterprises/" + e.id).code(), "NOT_FOUND");

  // The first level of the route, in the region access::level_region names, is notified.
  const auto notes = township.get("/api/v1/notifications");
  ASSERT_EQ(notes.status, 200) << notes.describe();
  bool notified = false;
  for (const auto& n : notes.json["notifications"]) {
    if (n["declaration_id"] != filled.id) continue;
    notified = true;
    EXPECT_NE(n["message"].get<std::string>().find(e.name), std::string::npos) << n.dump();
  }
  EXPECT_TRUE(notified) << notes.body;
  EXPECT_EQ(elsewhere.get("/api/v1/notifications").body.find(filled.id), std::string::npos);
  const auto mine = e.client.get("/api/v1/notifications");
  ASSERT_EQ(mine.status, 200);
  EXPECT_EQ(mine.json["notifications"], json::array());

  // The administrator sees every declaration.
  EXPECT_EQ(staff(kAdmin).get(path).status, 200);
}

TEST_P(HttpApi, TheReviewerNotifiedOfASubmissionCanReadIt) {
  // An enterprise registered in 天门市 itself, not in one of its townships: no township unit covers
  // it, so the submission goes to the route's next level, the city, whose reviewer reads it.
  auto e = tidu::test::register_enterprise(port(), tidu::test::kTianmen);
  const FilledDeclaration filled = tidu::test::fill_complete_declaration(e, 9);
  const std::string path = "/api/v1/declarations/" + filled.id;
  const auto submitted = e.client.post(path + "/submit", json::object());
  ASSERT_EQ(submitted.status, 200) << submitted.describe();
  EXPECT_EQ(submitted.json["level"], "city");

  auto& reviewer = staff(kCityReviewer);
  const auto notes = reviewer.get("/api/v1/notifications");
  ASSERT_EQ(notes.status, 200) << notes.describe();
  ASSERT_NE(notes.body.find(filled.id), std::string::npos)
      << "the notification for an enterprise of 429006 goes to (city, 429006)";
  const auto r = reviewer.get(path);
  EXPECT_EQ(r.status, 200) << "the reviewer told to review the declaration cannot open it: "
                           << r.describe();
  EXPECT_NE(reviewer.get("/api/v1/declarations?page_size=100").body.find(filled.id),
            std::string::npos)
      << "nor find it in the list";
}

// ----- accounts -----

TEST_P(HttpApi, OnlyAdministratorsListAndCreateAccounts) {
  auto e = new_enterprise();
  auto& admin = staff(kAdmin);
  auto& reviewer = staff(kTownshipReviewer);

  const auto list = admin.get("/api/v1/accounts?page_size=100");
  ASSERT_EQ(list.status, 200) << list.describe();
  EXPECT_NE(list.body.find(kTownshipReviewer.username), std::string::npos);
  EXPECT_EQ(list.body.find("password"), std::string::npos) << "no password hashes in lists";

  for (const ApiClient* c : {&e.client, &reviewer}) {
    const auto r = c->get("/api/v1/accounts");
    EXPECT_EQ(r.status, 403) << r.describe();
    EXPECT_EQ(r.code(), "FORBIDDEN");
  }
  const json expert = {{"username", "expert.one"},
                       {"password", "Expert-Pass-2026!"},
                       {"role", "expert"},
                       {"region", "420000"},
                       {"display_name", "专家甲"}};
  for (const ApiClient* c : {&e.client, &reviewer}) {
    const auto r = c->post("/api/v1/accounts", expert);
    EXPECT_EQ(r.status, 403) << r.describe();
    EXPECT_EQ(r.code(), "FORBIDDEN");
  }
  EXPECT_EQ(admin.get("/api/v1/accounts?page_size=100").body.find("expert.one"), std::string::npos);

  const auto made = admin.post("/api/v1/accounts", expert);
  ASSERT_EQ(made.status, 201) << made.describe();
  EXPECT_EQ(made.json["role"], "expert");
  EXPECT_EQ(admin.post("/api/v1/accounts", expert).code(), "ALREADY_EXISTS");
  auto enterprise_account = expert;
  enterprise_account["username"] = "not.an.enterprise";
  enterprise_account["role"] = "enterprise";
  const auto refused = admin.post("/api/v1/accounts", enterprise_account);
  EXPECT_EQ(refused.status, 422) << refused.describe();
  EXPECT_EQ(refused.code(), "VALIDATION_FAILED");

  ApiClient expert_client(port());
  const auto login = expert_client.login("expert.one", "Expert-Pass-2026!");
  ASSERT_EQ(login.status, 200) << login.describe();
  EXPECT_EQ(login.json["account"]["role"], "expert");
  EXPECT_EQ(expert_client.get("/api/v1/declarations").json["total"], 0);
}

TEST_P(HttpApi, AdministratorsFindChangeDisableAndResetAccounts) {
  auto& admin = staff(kAdmin);
  auto& reviewer = staff(kTownshipReviewer);
  const json expert = {{"username", "expert.admin.test"},
                       {"password", "Expert-Pass-2031!"},
                       {"role", "expert"},
                       {"region", "420000"},
                       {"display_name", "专家乙"}};
  const auto made = admin.post("/api/v1/accounts", expert);
  ASSERT_EQ(made.status, 201) << made.describe();
  const std::string id = made.json["id"];
  const std::string path = "/api/v1/accounts/" + id;

  // Found by role and text; the region filter takes the region and everything below it.
  const auto found = admin.get("/api/v1/accounts?role=expert&q=admin.test");
  ASSERT_EQ(found.status, 200) << found.describe();
  EXPECT_EQ(found.json["total"], 1);
  ASSERT_EQ(found.json["accounts"].size(), 1U);
  EXPECT_EQ(found.json["accounts"][0]["id"], id);
  const auto tianmen = admin.get("/api/v1/accounts?region=429006&page_size=100");
  ASSERT_EQ(tianmen.status, 200) << tianmen.describe();
  EXPECT_GE(tianmen.json["total"].get<int>(), 3) << "the city and two townships";
  for (const auto& a : tianmen.json["accounts"])
    EXPECT_TRUE(a["region"].get<std::string>().starts_with("429006")) << a.dump();
  const auto paged = admin.get("/api/v1/accounts?region=429006&page_size=1&page=2");
  EXPECT_EQ(paged.json["accounts"].size(), 1U);
  EXPECT_EQ(paged.json["total"], tianmen.json["total"]);
  EXPECT_EQ(admin.get("/api/v1/accounts?role=nobody").status, 422);

  // Only administrators change accounts; an administrator cannot disable itself.
  EXPECT_EQ(reviewer.put(path, {{"disabled", true}}).status, 403);
  EXPECT_EQ(reviewer.post(path + "/password", {{"password", "Another-Pass-2031!"}}).status, 403);
  const auto self = admin.put(
      "/api/v1/accounts/" + admin.get("/api/v1/session").json["account"].value("id", std::string()),
      {{"disabled", true}});
  EXPECT_EQ(self.status, 409) << self.describe();

  ApiClient expert_client(port());
  ASSERT_EQ(expert_client.login("expert.admin.test", "Expert-Pass-2031!").status, 200);
  const auto renamed = admin.put(path, {{"display_name", "专家乙（福州大学）"}});
  ASSERT_EQ(renamed.status, 200) << renamed.describe();
  EXPECT_EQ(renamed.json["display_name"], "专家乙（福州大学）");

  // Disabled: the open session ends and sign-in is refused; enabled again, sign-in works.
  const auto disabled = admin.put(path, {{"disabled", true}});
  ASSERT_EQ(disabled.status, 200) << disabled.describe();
  EXPECT_TRUE(disabled.json["disabled"].get<bool>());
  EXPECT_EQ(expert_client.get("/api/v1/session").status, 401);
  ApiClient again(port());
  EXPECT_EQ(again.login("expert.admin.test", "Expert-Pass-2031!").code(), "ACCOUNT_DISABLED");
  ASSERT_EQ(admin.put(path, {{"disabled", false}}).status, 200);
  ASSERT_EQ(again.login("expert.admin.test", "Expert-Pass-2031!").status, 200);

  // A new password: weak ones refused; the old password and its sessions stop working.
  const auto weak = admin.post(path + "/password", {{"password", "123456"}});
  EXPECT_EQ(weak.status, 422) << weak.describe();
  const auto reset = admin.post(path + "/password", {{"password", "Renewed-Pass-2031!"}});
  ASSERT_EQ(reset.status, 200) << reset.describe();
  EXPECT_EQ(again.get("/api/v1/session").status, 401);
  ApiClient fresh(port());
  EXPECT_EQ(fresh.login("expert.admin.test", "Expert-Pass-2031!").status, 401);
  EXPECT_EQ(fresh.login("expert.admin.test", "Renewed-Pass-2031!").status, 200);
  EXPECT_EQ(admin.put("/api/v1/accounts/u_nobody", {{"disabled", true}}).status, 404);
}

TEST_P(HttpApi, TheCatalogueListsItsEditionsAndAGuideWithItsScenarios) {
  const auto anon = anonymous();
  const auto catalogue = anon.get("/api/v1/catalogue");
  ASSERT_EQ(catalogue.status, 200) << catalogue.describe();
  ASSERT_FALSE(catalogue.json["guides"].empty());
  const auto& guide = catalogue.json["guides"][0];
  EXPECT_GT(guide["scenarios"].get<int>(), 10);
  EXPECT_FALSE(guide["rounds"].empty()) << "the rounds using the edition";
  EXPECT_FALSE(catalogue.json["requirements"].empty());
  EXPECT_GT(catalogue.json["regions"].get<int>(), 100);

  const std::string edition = guide["edition"];
  const auto one = anon.get("/api/v1/catalogue/guides/" + tidu::test::url_encode(edition));
  ASSERT_EQ(one.status, 200) << one.describe();
  int scenarios = 0;
  for (const auto& link : one.json["links"]) {
    for (const auto& s : link["scenarios"]) {
      ++scenarios;
      EXPECT_FALSE(s["name"].get<std::string>().empty());
    }
  }
  EXPECT_EQ(scenarios, guide["scenarios"].get<int>());
  EXPECT_EQ(anon.get("/api/v1/catalogue/guides/no-such-edition").status, 404);
}

TEST_P(HttpApi, RegistrationChecksTheCreditCodeAndRefusesASecondRegistration) {
  auto e = new_enterprise();
  const auto anon = anonymous();
  json again = {{"credit_code", e.credit_code},
                {"name", "另一家公司"},
                {"region", "429006"},
                {"contact_name", "王五"},
                {"contact_mobile", "13900000000"},
                {"username", "another.user"},
                {"password", "Another-Pass-2026!"}};
  const auto dup = anon.post("/api/v1/enterprises", again);
  EXPECT_EQ(dup.status, 409) << dup.describe();
  EXPECT_EQ(dup.code(), "ALREADY_EXISTS");
  std::string bad = e.credit_code;
  bad.back() = bad.back() == '0' ? '1' : '0';
  again["credit_code"] = bad;
  const auto wrong = anon.post("/api/v1/enterprises", again);
  EXPECT_EQ(wrong.status, 422) << wrong.describe();
  EXPECT_EQ(wrong.code(), "VALIDATION_FAILED");
  ApiClient nobody(port());
  EXPECT_EQ(nobody.login("another.user", "Another-Pass-2026!").status, 401)
      << "a refused registration creates no account";
}

// ----- declarations -----

TEST_P(HttpApi, ASecondDeclarationForTheSameRoundNamesTheFirst) {
  auto e = new_enterprise();
  const auto first = e.client.post("/api/v1/declarations", {{"round", tidu::test::kOpenRound}});
  ASSERT_EQ(first.status, 201) << first.describe();
  EXPECT_EQ(first.json["state"], "draft");
  EXPECT_EQ(first.json["enterprise"]["id"], e.id);
  const auto second = e.client.post("/api/v1/declarations", {{"round", tidu::test::kOpenRound}});
  EXPECT_EQ(second.status, 409) << second.describe();
  EXPECT_EQ(second.code(), "ALREADY_EXISTS");
  EXPECT_EQ(second.json["details"]["declaration_id"], first.json["id"]);
  EXPECT_EQ(e.client.get("/api/v1/declarations").json["total"], 1);

  // A round in another province is not open to a 天门 enterprise; an unknown one does not exist.
  const auto foreign = e.client.post("/api/v1/declarations", {{"round", "sn-2024-excellent"}});
  EXPECT_EQ(foreign.status, 403) << foreign.describe();
  EXPECT_EQ(e.client.post("/api/v1/declarations", {{"round", "xx-1999"}}).code(), "ROUND_UNKNOWN");
  // Reviewers do not create declarations.
  EXPECT_EQ(staff(kTownshipReviewer)
                .post("/api/v1/declarations", {{"round", tidu::test::kOpenRound}})
                .status,
            403);
}

TEST_P(HttpApi, AStaleVersionIsRefusedWithTheCurrentOneAndOverwritesNothing) {
  auto e = new_enterprise();
  const auto created = e.client.post("/api/v1/declarations", {{"round", tidu::test::kOpenRound}});
  ASSERT_EQ(created.status, 201) << created.describe();
  const std::string id = created.json["id"];
  const std::int64_t v1 = created.json["version"];
  const auto sample = tidu::declaration::to_json(
      tidu::declaration::make_sample(tidu::test::policy(tidu::test::kOpenRound), 2));

  const auto saved = e.client.put(section_path(id, "narrative"),
                                  {{"version", v1}, {"content", sample["narrative"]}});
  ASSERT_EQ(saved.status, 200) << saved.describe();
  const std::int64_t v2 = saved.json["version"];
  EXPECT_EQ(v2, v1 + 1);
  // The answer is the short view and the section as stored, not the whole document.
  EXPECT_EQ(saved.json["section"], "narrative");
  EXPECT_EQ(saved.json["id"], id);
  EXPECT_FALSE(saved.json.contains("document"));

  // A second tab still holding version 1 saves another text: refused, nothing overwritten.
  auto other = sample["narrative"];
  other["background"] = "另一个窗口里写的背景，不应覆盖已保存的内容。";
  const auto stale =
      e.client.put(section_path(id, "narrative"), {{"version", v1}, {"content", other}});
  EXPECT_EQ(stale.status, 409) << stale.describe();
  EXPECT_EQ(stale.code(), "VERSION_CONFLICT");
  EXPECT_EQ(stale.json["details"]["current_version"], v2);
  const auto now = read(e.client, id);
  EXPECT_EQ(now["version"], v2);
  EXPECT_EQ(now["document"]["narrative"], saved.json["content"]);
  EXPECT_EQ(now["document"]["narrative"]["background"], sample["narrative"]["background"]);

  // The same for the enterprise profile.
  const auto profile = e.client.get("/api/v1/enterprises/" + e.id);
  ASSERT_EQ(profile.status, 200);
  const std::int64_t p1 = profile.json["version"];
  auto changed = profile.json["profile"];
  changed["employees"] = 321;
  const auto p_saved = e.client.put("/api/v1/enterprises/" + e.id + "/profile",
                                    {{"version", p1}, {"profile", changed}});
  ASSERT_EQ(p_saved.status, 200) << p_saved.describe();
  changed["employees"] = 999;
  const auto p_stale = e.client.put("/api/v1/enterprises/" + e.id + "/profile",
                                    {{"version", p1}, {"profile", changed}});
  EXPECT_EQ(p_stale.status, 409) << p_stale.describe();
  EXPECT_EQ(p_stale.code(), "VERSION_CONFLICT");
  EXPECT_EQ(p_stale.json["details"]["current_version"], p1 + 1);
  const auto p_now = e.client.get("/api/v1/enterprises/" + e.id);
  EXPECT_EQ(p_now.json["version"], p1 + 1);
  EXPECT_EQ(p_now.json["profile"]["employees"], 321);
}

TEST_P(HttpApi, MalformedJsonIsRefusedWithItsLineAndColumn) {
  auto e = new_enterprise();
  const auto created = e.client.post("/api/v1/declarations", {{"round", tidu::test::kOpenRound}});
  ASSERT_EQ(created.status, 201) << created.describe();
  const std::string id = created.json["id"];
  const std::string broken = "{\n  \"version\": 1,\n  \"content\": {\"background\": ,}\n}";
  const auto r = e.client.send("PUT", section_path(id, "narrative"), broken);
  EXPECT_EQ(r.status, 400) << r.describe();
  EXPECT_EQ(r.code(), "BAD_JSON");
  EXPECT_EQ(r.json["details"]["line"], 3) << r.describe();
  EXPECT_TRUE(r.json["details"]["column"].is_number_integer()) << r.describe();
  EXPECT_GT(r.json["details"]["column"].get<int>(), 10) << r.describe();
  EXPECT_EQ(read(e.client, id)["version"], created.json["version"]);

  const auto login = anonymous().send("POST", "/api/v1/session", "{\"username\": \"x\"");
  EXPECT_EQ(login.status, 400) << login.describe();
  EXPECT_EQ(login.code(), "BAD_JSON");
  EXPECT_EQ(login.json["details"]["line"], 1);
  const auto array = e.client.send("POST", "/api/v1/declarations", "[1, 2]");
  EXPECT_EQ(array.status, 400);
  EXPECT_EQ(array.code(), "BAD_REQUEST");
  const auto empty = e.client.send("PUT", section_path(id, "narrative"), "");
  EXPECT_EQ(empty.status, 400) << empty.describe();
}

TEST_P(HttpApi, AnOversizeBodyIs413AndStoresNothing) {
  auto e = new_enterprise();
  const auto created = e.client.post("/api/v1/declarations", {{"round", tidu::test::kOpenRound}});
  ASSERT_EQ(created.status, 201) << created.describe();
  const std::string id = created.json["id"];
  const std::string files = "/api/v1/declarations/" + id + "/files";

  // Over the server's body limit (a server on the same state started with --max-body-mb 1).
  ServerProcess* small = nullptr;
  ASSERT_NO_THROW(small = &late_server());
  ApiClient limited(small->port());
  limited.adopt(e.client);
  std::string big = tidu::test::pdf_bytes("big");
  big.resize((std::size_t{3} << 19), ' ');  // 1.5 MiB
  const auto over = limited.upload(files + "?name=big.pdf", big);
  EXPECT_EQ(over.status, 413) << over.describe();
  EXPECT_EQ(over.code(), "REQUEST_TOO_LARGE") << over.describe();
  const std::string text(std::size_t{3} << 19, 'x');
  const auto over_json = limited.put(section_path(id, "narrative"),
                                     {{"version", 1}, {"content", {{"background", text}}}});
  EXPECT_EQ(over_json.status, 413) << over_json.describe();

  // Over the round's limit of 20 MB per file, under the server's 32 MiB.
  std::string huge = tidu::test::pdf_bytes("huge");
  huge.resize(std::size_t{21} << 20, ' ');
  const auto too_large = e.client.upload(files + "?name=huge.pdf", huge);
  EXPECT_EQ(too_large.status, 413) << too_large.describe();
  EXPECT_EQ(too_large.code(), "FILE_TOO_LARGE") << too_large.describe();

  const auto listed = e.client.get(files);
  ASSERT_EQ(listed.status, 200) << listed.describe();
  EXPECT_EQ(listed.json["files"], json::array());
  EXPECT_EQ(read(e.client, id)["version"], created.json["version"]);
}

TEST_P(HttpApi, SubmittingWithErrorsIsBlockedWithEveryFinding) {
  auto e = new_enterprise();
  const auto created = e.client.post("/api/v1/declarations", {{"round", tidu::test::kOpenRound}});
  ASSERT_EQ(created.status, 201) << created.describe();
  const std::string path = "/api/v1/declarations/" + std::string(created.json["id"]);

  const auto check = e.client.post(path + "/validate", json::object());
  ASSERT_EQ(check.status, 200) << check.describe();
  EXPECT_EQ(check.json["ok"], false);
  ASSERT_GT(check.json["findings"].size(), 5U) << "every finding, not the first";

  const auto r = e.client.post(path + "/submit", json::object());
  EXPECT_EQ(r.status, 422) << r.describe();
  EXPECT_EQ(r.code(), "SUBMIT_BLOCKED");
  const auto& findings = r.json["details"]["findings"];
  ASSERT_TRUE(findings.is_array()) << r.describe();
  EXPECT_EQ(findings.size(), check.json["findings"].size());
  for (const auto& f : findings) {
    EXPECT_TRUE(f.contains("code") && f.contains("path") && f.contains("message")) << f.dump();
  }
  const auto now = e.client.get(path);
  EXPECT_EQ(now.json["state"], "draft");
  EXPECT_EQ(e.client.get(path + "/versions").json["versions"], json::array());
  const auto none = e.client.get(path + "/versions/1");
  EXPECT_EQ(none.status, 404);
  EXPECT_EQ(e.client.get(path + "/versions/abc").status, 404);
}

TEST_P(HttpApi, SubmittingAfterTheDeadlineIsRefusedAsRoundClosed) {
  auto e = new_enterprise();
  const auto filled = tidu::test::fill_complete_declaration(e, 3);
  const std::string path = "/api/v1/declarations/" + filled.id;
  const auto check = e.client.post(path + "/validate", json::object());
  ASSERT_EQ(check.status, 200);
  ASSERT_EQ(check.json["ok"], true) << check.describe();

  ServerProcess* late = nullptr;
  ASSERT_NO_THROW(late = &late_server());
  ApiClient after(late->port());
  // The session of 1 March expired by the 20th on the late server's clock: sign in again there.
  ASSERT_EQ(after.login(e.username, e.password).status, 200);
  const auto r = after.post(path + "/submit", json::object());
  EXPECT_EQ(r.status, 409) << r.describe();
  EXPECT_EQ(r.code(), "ROUND_CLOSED");
  EXPECT_NE(r.json["message"].get<std::string>().find("截止"), std::string::npos);
  EXPECT_EQ(e.client.get(path).json["state"], "draft");
  EXPECT_EQ(e.client.get(path + "/versions").json["versions"], json::array());
}

TEST_P(HttpApi, SubmittingTwiceReturnsTheSameSnapshot) {
  auto e = new_enterprise();
  const auto filled = tidu::test::fill_complete_declaration(e, 4);
  const std::string path = "/api/v1/declarations/" + filled.id;
  const auto first = e.client.post(path + "/submit", json::object());
  ASSERT_EQ(first.status, 200) << first.describe();
  EXPECT_EQ(first.json["number"], 1);
  EXPECT_EQ(first.json["sha256"].get<std::string>().size(), 64U);
  EXPECT_EQ(first.json["draft_version"], filled.version);
  const auto second = e.client.post(path + "/submit", json::object());
  ASSERT_EQ(second.status, 200) << second.describe();
  EXPECT_EQ(second.json["number"], first.json["number"]);
  EXPECT_EQ(second.json["sha256"], first.json["sha256"]);

  const auto versions = e.client.get(path + "/versions");
  ASSERT_EQ(versions.status, 200);
  EXPECT_EQ(versions.json["versions"].size(), 1U);
  const auto timeline = e.client.get(path + "/timeline");
  ASSERT_EQ(timeline.status, 200);
  int submits = 0;
  std::string submitter;
  for (const auto& ev : timeline.json["events"]) {
    if (ev["action"] != "submit") continue;
    ++submits;
    submitter = ev.value("actor", "");
  }
  EXPECT_EQ(submits, 1) << timeline.body;
  // Versions and the timeline name the submitting account by its display name, not its id.
  EXPECT_FALSE(submitter.empty()) << timeline.body;
  EXPECT_EQ(versions.json["versions"][0].value("submitted_by", ""), submitter) << versions.body;
  EXPECT_EQ(first.json.value("submitted_by", ""), submitter) << first.body;

  // Submitted means frozen: no section saves or uploads until withdrawn.
  const auto d = e.client.get(path);
  const auto edit =
      e.client.put(section_path(filled.id, "narrative"),
                   {{"version", d.json["version"]}, {"content", filled.document["narrative"]}});
  EXPECT_EQ(edit.status, 409) << edit.describe();
  EXPECT_EQ(edit.code(), "STATE_CONFLICT");
}

TEST_P(HttpApi, WithdrawEditAndResubmitMakesVersionTwoAndTheDiffNamesTheChange) {
  auto e = new_enterprise();
  const auto filled = tidu::test::fill_complete_declaration(e, 5);
  const std::string path = "/api/v1/declarations/" + filled.id;
  const auto first = e.client.post(path + "/submit", json::object());
  ASSERT_EQ(first.status, 200) << first.describe();

  const auto withdrawn = e.client.post(path + "/withdraw", {{"reason", "补充场景说明"}});
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.describe();
  EXPECT_EQ(withdrawn.json["state"], "withdrawn");
  EXPECT_EQ(e.client.post(path + "/withdraw", json::object()).code(), "STATE_CONFLICT");
  // Withdrawn declarations are the enterprise's again: the reviewer no longer sees it.
  EXPECT_EQ(staff(kTownshipReviewer).get(path).status, 404);

  auto narrative = filled.document["narrative"];
  const std::string background =
      "修改后的项目背景：公司产品规格多、批量小、交期短，原有生产方式依赖人工经验，设备联网率低。";
  narrative["background"] = background;
  const auto saved = e.client.put(section_path(filled.id, "narrative"),
                                  {{"version", withdrawn.json["version"]}, {"content", narrative}});
  ASSERT_EQ(saved.status, 200) << saved.describe();

  const auto to_draft = e.client.get(path + "/diff?from=1");
  ASSERT_EQ(to_draft.status, 200) << to_draft.describe();
  EXPECT_NE(to_draft.body.find("narrative.background"), std::string::npos) << to_draft.body;

  const auto second = e.client.post(path + "/submit", json::object());
  ASSERT_EQ(second.status, 200) << second.describe();
  EXPECT_EQ(second.json["number"], 2);
  EXPECT_NE(second.json["sha256"], first.json["sha256"]);

  const auto versions = e.client.get(path + "/versions");
  ASSERT_EQ(versions.status, 200);
  ASSERT_EQ(versions.json["versions"].size(), 2U);
  EXPECT_EQ(versions.json["versions"][0]["number"], 2) << "newest first";
  EXPECT_EQ(versions.json["versions"][1]["sha256"], first.json["sha256"]);
  const auto v1 = e.client.get(path + "/versions/1");
  ASSERT_EQ(v1.status, 200);
  EXPECT_EQ(v1.json["content"]["narrative"]["background"],
            filled.document["narrative"]["background"]);

  const auto diff = e.client.get(path + "/diff?from=1&to=2");
  ASSERT_EQ(diff.status, 200) << diff.describe();
  ASSERT_FALSE(diff.json["changes"].empty());
  bool named = false;
  for (const auto& c : diff.json["changes"]) {
    const std::string p = c["path"];
    EXPECT_NE(p.find("narrative"), std::string::npos) << "only the narrative changed: " << p;
    if (p.find("background") != std::string::npos) {
      named = true;
      EXPECT_EQ(c["after"], background);
    }
  }
  EXPECT_TRUE(named) << diff.body;
  EXPECT_EQ(e.client.get(path + "/diff?from=2&to=draft").json["changes"], json::array());
  EXPECT_EQ(e.client.get(path + "/diff?from=x").code(), "BAD_REQUEST");

  const auto timeline = e.client.get(path + "/timeline");
  std::vector<std::string> actions;
  for (const auto& ev : timeline.json["events"]) actions.push_back(ev["action"]);
  // Oldest first, in the order things happened, also when they happened within one second.
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "submit", "withdraw", "submit"}))
      << timeline.body;
}

TEST_P(HttpApi, FailedRequestsChangeNothing) {
  auto e = new_enterprise();
  const auto created = e.client.post("/api/v1/declarations", {{"round", tidu::test::kOpenRound}});
  ASSERT_EQ(created.status, 201) << created.describe();
  const std::string id = created.json["id"];
  const auto sample = tidu::declaration::to_json(
      tidu::declaration::make_sample(tidu::test::policy(tidu::test::kOpenRound), 6));
  const auto saved = e.client.put(section_path(id, "cover"), {{"version", created.json["version"]},
                                                              {"content", sample["cover"]}});
  ASSERT_EQ(saved.status, 200) << saved.describe();
  const auto before = read(e.client, id);

  auto bad_cover = sample["cover"];
  bad_cover["project_name"] = 42;
  bad_cover["no_such_field"] = "x";
  const auto invalid = e.client.put(section_path(id, "cover"),
                                    {{"version", before["version"]}, {"content", bad_cover}});
  EXPECT_EQ(invalid.status, 400) << invalid.describe();
  EXPECT_EQ(invalid.code(), "DOCUMENT_INVALID");
  EXPECT_GE(invalid.json["details"]["problems"].size(), 1U) << invalid.describe();

  // An attachment whose file was never uploaded.
  const auto unuploaded =
      e.client.put(section_path(id, "attachments"),
                   {{"version", before["version"]}, {"content", sample["attachments"]}});
  EXPECT_EQ(unuploaded.status, 400) << unuploaded.describe();
  EXPECT_EQ(unuploaded.code(), "DOCUMENT_INVALID");
  // The enterprise part lives in the profile; unknown sections do not exist.
  EXPECT_EQ(e.client
                .put(section_path(id, "enterprise"),
                     {{"version", before["version"]}, {"content", sample["enterprise"]}})
                .code(),
            "DOCUMENT_INVALID");
  EXPECT_EQ(e.client
                .put(section_path(id, "nonsense"),
                     {{"version", before["version"]}, {"content", json::object()}})
                .status,
            404);
  EXPECT_EQ(e.client.put(section_path(id, "cover"), {{"content", sample["cover"]}}).code(),
            "BAD_REQUEST");

  const auto after = read(e.client, id);
  EXPECT_EQ(after["version"], before["version"]);
  EXPECT_EQ(after["document"], before["document"]);

  // A profile that changes the credit code is refused and leaves the profile as it was.
  const auto profile = e.client.get("/api/v1/enterprises/" + e.id);
  auto changed = profile.json["profile"];
  changed["credit_code"] = tidu::declaration::make_credit_code("429006", 999999);
  const auto refused = e.client.put("/api/v1/enterprises/" + e.id + "/profile",
                                    {{"version", profile.json["version"]}, {"profile", changed}});
  EXPECT_EQ(refused.status, 422) << refused.describe();
  EXPECT_EQ(e.client.get("/api/v1/enterprises/" + e.id).json, profile.json);
}

// ----- files -----

TEST_P(HttpApi, ARenamedExecutableIsRefusedNamingTheAcceptedTypes) {
  auto e = new_enterprise();
  const auto created = e.client.post("/api/v1/declarations", {{"round", tidu::test::kOpenRound}});
  ASSERT_EQ(created.status, 201) << created.describe();
  const std::string files = "/api/v1/declarations/" + std::string(created.json["id"]) + "/files";
  std::ifstream in("/bin/true", std::ios::binary);
  const std::string executable{std::istreambuf_iterator<char>(in), {}};
  ASSERT_GT(executable.size(), 1000U);

  const auto r = e.client.upload(files + "?name=x.pdf", executable);
  EXPECT_EQ(r.status, 415) << r.describe();
  EXPECT_EQ(r.code(), "FILE_TYPE_REFUSED");
  const std::string message = r.json.value("message", "");
  for (const char* type : {"PDF", "JPEG", "PNG", "DOCX", "XLSX"})
    EXPECT_NE(message.find(type), std::string::npos) << type << " missing from: " << message;
  const auto also =
      e.client.upload("/api/v1/enterprises/" + e.id + "/files?name=report.pdf", executable);
  EXPECT_EQ(also.status, 415) << also.describe();
  EXPECT_EQ(e.client.get(files).json["files"], json::array());
}

TEST_P(HttpApi, ADownloadKeepsTheChineseFileName) {
  auto e = new_enterprise();
  const auto created = e.client.post("/api/v1/declarations", {{"round", tidu::test::kOpenRound}});
  ASSERT_EQ(created.status, 201) << created.describe();
  const std::string files = "/api/v1/declarations/" + std::string(created.json["id"]) + "/files";
  const std::string name = "场景1配图.png";
  const std::string bytes = tidu::test::png_bytes("download");
  const auto up = e.client.upload(files + "?name=" + tidu::test::url_encode(name), bytes);
  ASSERT_EQ(up.status, 201) << up.describe();
  EXPECT_EQ(up.json["name"], name);
  EXPECT_EQ(up.json["media_type"], "image/png");
  EXPECT_EQ(up.json["size"], bytes.size());

  const auto listed = e.client.get(files);
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.json["files"].size(), 1U);
  EXPECT_EQ(listed.json["files"][0]["name"], name);

  const auto down = e.client.get(files + "/" + std::string(up.json["sha256"]));
  ASSERT_EQ(down.status, 200) << down.describe();
  EXPECT_EQ(down.body, bytes);
  EXPECT_EQ(down.header("Content-Type"), "image/png");
  const std::string disposition = down.header("Content-Disposition");
  EXPECT_NE(disposition.find("filename*=UTF-8''" + tidu::test::url_encode(name)), std::string::npos)
      << disposition;
  EXPECT_TRUE(disposition.starts_with("attachment")) << disposition;

  const auto missing = e.client.get(files + "/" + std::string(64, '0'));
  EXPECT_EQ(missing.status, 404) << missing.describe();
}

// ----- enterprise profile -----

TEST_P(HttpApi, TheProfileAndItsMaturityAssessmentsAreTheEnterprises) {
  auto e = new_enterprise();
  const auto profile = e.client.get("/api/v1/enterprises/" + e.id);
  ASSERT_EQ(profile.status, 200) << profile.describe();
  EXPECT_EQ(profile.json["credit_code"], e.credit_code);
  EXPECT_EQ(profile.json["region"], e.region);

  const auto report = e.client.upload(
      "/api/v1/enterprises/" + e.id + "/files?name=" + tidu::test::url_encode("成熟度评估报告.pdf"),
      tidu::test::pdf_bytes(e.id + " maturity"));
  ASSERT_EQ(report.status, 201) << report.describe();
  const auto added = e.client.post("/api/v1/enterprises/" + e.id + "/maturity",
                                   {{"level", 3},
                                    {"score", 3.2},
                                    {"assessed_on", "2025-11-30"},
                                    {"source", "www.c3mep.cn"},
                                    {"report_sha256", report.json["sha256"]}});
  ASSERT_EQ(added.status, 201) << added.describe();
  EXPECT_EQ(added.json["report_name"], "成熟度评估报告.pdf");
  const auto bad = e.client.post("/api/v1/enterprises/" + e.id + "/maturity",
                                 {{"level", 9}, {"assessed_on", "2025-11-30"}, {"source", "x"}});
  EXPECT_EQ(bad.status, 422) << bad.describe();
  const auto history = e.client.get("/api/v1/enterprises/" + e.id + "/maturity");
  ASSERT_EQ(history.status, 200);
  ASSERT_EQ(history.json["assessments"].size(), 1U);
  EXPECT_EQ(history.json["assessments"][0]["level"], 3);
  // The newest assessment is what declarations use.
  EXPECT_EQ(e.client.get("/api/v1/enterprises/" + e.id).json["profile"]["maturity"]["level"], 3);
  // The administrator reads it; reviewers of another region do not.
  EXPECT_EQ(staff(kAdmin).get("/api/v1/enterprises/" + e.id + "/maturity").status, 200);
  EXPECT_EQ(staff(kOtherReviewer).get("/api/v1/enterprises/" + e.id + "/maturity").status, 404);
}

// ----- sessions -----

TEST_P(HttpApi, FiveWrongPasswordsLockTheAccountEvenForTheRightOne) {
  auto e = new_enterprise();
  ApiClient c(port());
  for (int i = 0; i < 5; ++i) {
    const auto r = c.login(e.username, "Wrong-Password-1!");
    EXPECT_EQ(r.status, 401) << r.describe();
    EXPECT_EQ(r.code(), "LOGIN_FAILED");
  }
  const auto locked = c.login(e.username, e.password);
  EXPECT_EQ(locked.status, 429) << locked.describe();
  EXPECT_EQ(locked.code(), "TOO_MANY_ATTEMPTS");
  EXPECT_TRUE(c.session().empty());
  // Sessions opened before stay valid; other accounts are not locked.
  EXPECT_EQ(e.client.get("/api/v1/session").status, 200);
  auto other = new_enterprise();
  EXPECT_EQ(other.client.get("/api/v1/session").status, 200);
}

TEST_P(HttpApi, PasswordChangeEndsOtherSessionsAndTheOldPasswordFails) {
  auto e = new_enterprise();
  ApiClient second(port());
  ASSERT_EQ(second.login(e.username, e.password).status, 200);
  const auto me = e.client.get("/api/v1/session");
  ASSERT_EQ(me.status, 200) << me.describe();
  EXPECT_EQ(me.json["account"]["username"], e.username);
  EXPECT_EQ(me.json["csrf_token"], e.client.csrf());

  const std::string next = "Changed-Secret-2026!";
  const auto wrong = e.client.post("/api/v1/session/password",
                                   {{"current", "Not-The-Password-1!"}, {"next", next}});
  EXPECT_EQ(wrong.status, 403) << wrong.describe();
  EXPECT_EQ(wrong.code(), "PASSWORD_WRONG");
  const auto weak =
      e.client.post("/api/v1/session/password", {{"current", e.password}, {"next", "short"}});
  EXPECT_EQ(weak.status, 422) << weak.describe();
  const auto changed =
      e.client.post("/api/v1/session/password", {{"current", e.password}, {"next", next}});
  ASSERT_EQ(changed.status, 200) << changed.describe();

  EXPECT_EQ(e.client.get("/api/v1/session").status, 200) << "the changing session stays";
  EXPECT_EQ(second.get("/api/v1/session").status, 401) << "other sessions end";
  ApiClient fresh(port());
  const auto old_login = fresh.login(e.username, e.password);
  EXPECT_EQ(old_login.status, 401) << old_login.describe();
  EXPECT_EQ(old_login.code(), "LOGIN_FAILED");
  ASSERT_EQ(fresh.login(e.username, next).status, 200);

  // Signing out ends the session on the server, not only in the browser.
  const auto out = fresh.del("/api/v1/session");
  EXPECT_EQ(out.status, 204) << out.describe();
  EXPECT_NE(out.header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  const auto gone = fresh.get("/api/v1/session");
  EXPECT_EQ(gone.status, 401);
  EXPECT_EQ(gone.code(), "UNAUTHENTICATED");
}

TEST_P(HttpApi, TheSessionCookieIsHttpOnlyAndStrict) {
  auto e = new_enterprise();
  ApiClient c(port());
  const auto r = c.login(e.username, e.password);
  ASSERT_EQ(r.status, 200) << r.describe();
  const std::string cookie = r.header("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_EQ(r.json["account"]["enterprise_id"], e.id);
  EXPECT_EQ(r.json["csrf_token"].get<std::string>().size(), 32U);
  const auto bad = anonymous().post("/api/v1/session", {{"username", ""}, {"password", ""}});
  EXPECT_EQ(bad.status, 400) << bad.describe();
}

INSTANTIATE_TEST_SUITE_P(Backends, HttpApi, tidu::test::all_backends(), tidu::test::backend_name);

}  // namespace
