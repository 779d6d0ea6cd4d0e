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

// A queue page writes its rows directly; each must be what the tree writes for the same view.
TEST(DeclarationJson, WrittenDirectlyItIsWhatTheTreeWrites) {
  tidu::service::DeclarationView v;
  v.id = "d_0123";
  v.enterprise_id = "e_9";
  v.enterprise_name = "福州“智造”科技有限公司\\分厂\n";
  v.credit_code = "91350102MA2XYZ1234";
  v.enterprise_region = "350102";
  v.round_id = "fj-2025-advanced";
  v.state = "submitted";
  v.level = "county";
  v.version = 17;
  v.snapshot_number = 2;
  v.created_at = "2025-03-01T09:00:00+08:00";
  v.updated_at = "2025-04-10T22:59:59+08:00";
  v.submitted_at = "2025-04-10T22:59:59+08:00";
  std::string out;
  tidu::api::append_json(out, v);
  EXPECT_EQ(out, tidu::api::to_json(v, false).dump());
  v = {};
  out.clear();
  tidu::api::append_json(out, v);
  EXPECT_EQ(out, tidu::api::to_json(v, false).dump()) << "an empty view";
}

}  // namespace
