#include "http/router.hpp"

#include <gtest/gtest.h>

namespace {

using tidu::http::Request;
using tidu::http::Response;
using tidu::http::Router;

Router make_router() {
  Router r;
  r.add("GET", "/api/v1/declarations/{id}", "one", [](Request& q) {
    return Response::json(200, {{"id", q.params.at("id")}});
  });
  r.add("POST", "/api/v1/declarations", "create", [](Request&) {
    return Response::json(201, {{"created", true}});
  });
  return r;
}

TEST(Router, FillsPathParameters) {
  const auto r = make_router();
  Request q;
  q.method = "GET";
  q.path = "/api/v1/declarations/d-42";
  const auto res = r.dispatch(q);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, R"({"id":"d-42"})");
}

TEST(Router, UnknownPathIs404AndWrongMethodIs405) {
  const auto r = make_router();
  Request q;
  q.method = "GET";
  q.path = "/api/v1/nothing";
  EXPECT_EQ(r.dispatch(q).status, 404);
  q.method = "DELETE";
  q.path = "/api/v1/declarations";
  const auto res = r.dispatch(q);
  EXPECT_EQ(res.status, 405);
  EXPECT_NE(res.body.find("METHOD_NOT_ALLOWED"), std::string::npos);
}

TEST(Router, TrailingSlashAndRepeatedSlashesMatchTheSameRoute) {
  const auto r = make_router();
  Request q;
  q.method = "POST";
  q.path = "//api/v1/declarations/";
  EXPECT_EQ(r.dispatch(q).status, 201);
}

TEST(Query, DecodesChineseAndPlus) {
  const auto q = tidu::http::parse_query("name=%E6%81%92%E4%BF%A1+%E5%85%AC%E5%8F%B8&page=2&flag");
  EXPECT_EQ(q.at("name"), "恒信 公司");
  EXPECT_EQ(q.at("page"), "2");
  EXPECT_EQ(q.at("flag"), "");
}

TEST(Cookies, FindsTheNamedCookie) {
  Request q;
  q.headers["cookie"] = "a=1; tidu_session=abc123; b=2";
  EXPECT_EQ(q.cookie("tidu_session"), "abc123");
  EXPECT_EQ(q.cookie("missing"), "");
}

}  // namespace
