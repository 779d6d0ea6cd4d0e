// Helpers every route uses (api/support.hpp).
#include "api/support.hpp"

#include <gtest/gtest.h>

namespace {

// Found by fuzz/http_request (and fuzz/declaration_check): a number beyond double's range made
// nlohmann throw out_of_range, which escaped json_body; the server answered 500 INTERNAL.
TEST(JsonBody, NumberOutOfRangeIsBadJson) {
  for (const char* body : {R"({"version": 1e999})", R"({"a": [-3.5e308]})"}) {
    tidu::http::Request request;
    request.method = "PUT";
    request.body = body;
    request.headers["content-type"] = "application/json";
    try {
      const auto j = tidu::api::json_body(request);
      ASSERT_FALSE(j.has_value()) << body;
      EXPECT_EQ(j.error().code, "BAD_JSON") << body;
    } catch (const std::exception& e) {
      ADD_FAILURE() << body << " threw " << e.what();
    }
  }
}

TEST(JsonBody, AWrongOrMissingContentTypeIs415WithTheTypeReceived) {
  tidu::http::Request request;
  request.method = "POST";
  request.body = R"({"username": "a", "password": "b"})";
  auto missing = tidu::api::json_body(request);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, "UNSUPPORTED_MEDIA_TYPE");
  EXPECT_NE(missing.error().message.find("Content-Type"), std::string::npos);
  request.headers["content-type"] = "application/x-www-form-urlencoded";
  auto form = tidu::api::json_body(request);
  ASSERT_FALSE(form.has_value());
  EXPECT_EQ(form.error().code, "UNSUPPORTED_MEDIA_TYPE");
  EXPECT_NE(form.error().message.find("application/x-www-form-urlencoded"), std::string::npos);
  request.headers["content-type"] = "application/json; charset=utf-8";
  EXPECT_TRUE(tidu::api::json_body(request).has_value());
}

}  // namespace
