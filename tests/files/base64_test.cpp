// Base64 for file bytes in text columns: RFC 4648 vectors, every byte value, strict decoding.
#include "files/base64.hpp"

#include <string>

#include <gtest/gtest.h>

namespace {

using tidu::files::base64_decode;
using tidu::files::base64_encode;

TEST(Base64Test, EncodesTheRfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode("\xFB\xFF\xBF"), "+/+/");
}

TEST(Base64Test, DecodesTheRfc4648Vectors) {
  for (const std::string plain : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    auto decoded = base64_decode(base64_encode(plain));
    ASSERT_TRUE(decoded) << decoded.error().detail;
    EXPECT_EQ(*decoded, plain);
  }
  EXPECT_EQ(*base64_decode("5pm66IO95bel5Y6C"), "智能工厂");
}

TEST(Base64Test, RoundTripsEveryByteValueAtEveryLength) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t n = 0; n <= all.size(); ++n) {
    const std::string bytes = all.substr(256 - n) + all.substr(0, n % 7);
    auto decoded = base64_decode(base64_encode(bytes));
    ASSERT_TRUE(decoded) << n << ": " << decoded.error().detail;
    ASSERT_EQ(*decoded, bytes) << n;
  }
}

TEST(Base64Test, RefusesAnythingButCanonicalPaddedText) {
  for (const char* bad : {"Zg", "Zg=", "Zm9", "Z===", "====", "Zm=v", "Zm9v\n", " Zm9v",
                          "Zm9v===", "Zh==", "Zm9=", "Zm-v", "Zm_v", "\xE6\x99\xBA="}) {
    auto decoded = base64_decode(bad);
    ASSERT_FALSE(decoded) << bad;
    EXPECT_EQ(decoded.error().code, "BASE64_INVALID") << bad;
    EXPECT_FALSE(decoded.error().message.empty());
  }
}

}  // namespace
