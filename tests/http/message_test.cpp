// Pure parts of HTTP messages (http/message.hpp).
#include "http/message.hpp"

#include <gtest/gtest.h>

namespace {

TEST(HttpMessage, OnlyJsonMediaTypesInUtf8AreJson) {
  using tidu::http::is_json_media_type;
  for (const char* type : {"application/json", "Application/JSON",
                           "application/json; charset=utf-8", "application/json;charset=\"UTF-8\"",
                           "application/merge-patch+json", " application/json ; q=1"}) {
    EXPECT_TRUE(is_json_media_type(type)) << type;
  }
  for (const char* type :
       {"", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/json; charset=gbk", "application/jsonp", "text/json",
        "application/octet-stream", "application/+jsonx"}) {
    EXPECT_FALSE(is_json_media_type(type)) << type;
  }
}

TEST(HttpMessage, QueryAndCookiesAreDecoded) {
  const auto q = tidu::http::parse_query("a=1&b=%E4%B8%AD&c=x+y");
  EXPECT_EQ(q.at("a"), "1");
  EXPECT_EQ(q.at("b"), "中");
  EXPECT_EQ(q.at("c"), "x y");
  tidu::http::Request r;
  r.headers["cookie"] = "x=1; tidu_session=abc; y=2";
  EXPECT_EQ(r.cookie("tidu_session"), "abc");
  EXPECT_EQ(r.cookie("z"), "");
}

}  // namespace
