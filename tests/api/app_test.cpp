#include "api/app.hpp"

#include <gtest/gtest.h>

#include "api/errors.hpp"
#include "support/stack.hpp"

namespace {

using nlohmann::json;

/// The in-process application over a fresh SQLite database.
tidu::test::Stack& stack() {
  static tidu::test::Stack s;
  return s;
}

const tidu::api::App& make_app() { return stack().app(); }

tidu::http::Response get(const tidu::api::App& app, const std::string& path) {
  tidu::http::Request r;
  r.method = "GET";
  r.path = path;
  return app.handle(r);
}

TEST(Api, HealthReportsVersionDatabaseAndRounds) {
  const auto& app = make_app();
  const auto res = get(app, "/api/v1/health");
  ASSERT_EQ(res.status, 200);
  const auto body = json::parse(res.body);
  EXPECT_EQ(body["status"], "ok");
  EXPECT_EQ(body["database"], "sqlite");
  EXPECT_EQ(body["rounds"], 4);
}

TEST(Api, ListsTheFourRoundsPublicly) {
  const auto& app = make_app();
  const auto body = json::parse(get(app, "/api/v1/rounds").body);
  ASSERT_EQ(body["rounds"].size(), 4U);
  const auto one = json::parse(get(app, "/api/v1/rounds/sn-2024-excellent").body);
  EXPECT_EQ(one["tier"]["name"], "卓越级");
  EXPECT_EQ(one["closes"], "2024-11-22T23:59:59+08:00");
  // The window's state by the server's clock (the wall clock here: the 2024 round has closed).
  EXPECT_EQ(one["window_state"], "closed");
  EXPECT_FALSE(body["now"].get<std::string>().empty());
}

TEST(Api, TheWindowStateFollowsTheServersClock) {
  const auto at = [](const char* instant) {
    tidu::test::Stack s([t = *tidu::time::parse_instant(instant)] { return t; });
    const auto round = json::parse(get(s.app(), "/api/v1/rounds/fj-2025-advanced").body);
    const auto health = json::parse(get(s.app(), "/api/v1/health").body);
    EXPECT_EQ(health["now"], instant);
    return round["window_state"].get<std::string>();
  };
  EXPECT_EQ(at("2025-03-01T09:00:00+08:00"), "not_open");
  EXPECT_EQ(at("2025-04-10T23:59:59+08:00"), "open");
  EXPECT_EQ(at("2025-04-11T00:00:00+08:00"), "closed");
}

TEST(Api, UnknownRoundIs404WithCodeAndChineseMessage) {
  const auto& app = make_app();
  const auto res = get(app, "/api/v1/rounds/xx-1999");
  EXPECT_EQ(res.status, 404);
  const auto body = json::parse(res.body);
  EXPECT_EQ(body["code"], "ROUND_UNKNOWN");
  EXPECT_NE(body["message"].get<std::string>().find("批次"), std::string::npos);
  EXPECT_TRUE(body.contains("details"));
}

TEST(Api, EveryRouteIsDocumentedInTheOpenApiDocument) {
  const auto& app = make_app();
  const auto doc = json::parse(get(app, "/api/v1/openapi.json").body);
  EXPECT_EQ(doc["openapi"], "3.0.3");
  ASSERT_FALSE(app.router().routes().empty());
  for (const auto& route : app.router().routes()) {
    std::string method = route.method;
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_FALSE(route.summary.empty()) << route.pattern;
    ASSERT_TRUE(doc["paths"].contains(route.pattern)) << route.pattern;
    EXPECT_TRUE(doc["paths"][route.pattern].contains(method))
        << route.method << ' ' << route.pattern;
  }
}

TEST(Api, SecurityHeadersOnEveryResponse) {
  const auto& app = make_app();
  const auto res = get(app, "/api/v1/health");
  bool nosniff = false;
  for (const auto& [k, v] : res.headers)
    nosniff = nosniff || (k == "X-Content-Type-Options" && v == "nosniff");
  EXPECT_TRUE(nosniff);
}

TEST(ApiErrors, EachCodeHasOneStatusAndUnknownCodesHideTheirDetail) {
  EXPECT_EQ(tidu::api::http_status("UNAUTHENTICATED"), 401);
  EXPECT_EQ(tidu::api::http_status("FORBIDDEN"), 403);
  EXPECT_EQ(tidu::api::http_status("VERSION_CONFLICT"), 409);
  EXPECT_EQ(tidu::api::http_status("REQUEST_TOO_LARGE"), 413);
  const auto res =
      tidu::api::error_response(tidu::Error{"SOMETHING_UNMAPPED", "内部", "stack trace here"});
  EXPECT_EQ(res.status, 500);
  EXPECT_EQ(res.body.find("stack trace"), std::string::npos);
}

}  // namespace
