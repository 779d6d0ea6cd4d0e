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
    try {
      const auto j = tidu::api::json_body(request);
      ASSERT_FALSE(j.has_value()) << body;
      EXPECT_EQ(j.error().code, "BAD_JSON") << body;
    } catch (const std::exception& e) {
      ADD_FAILURE() << body << " threw " << e.what();
    }
  }
}

}  // namespace
