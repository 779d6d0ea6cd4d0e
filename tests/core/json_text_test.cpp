// JSON text written directly is what nlohmann::json writes for the same strings (so the two can
// be mixed in one answer), and anything it writes parses back, whatever bytes it was given.
#include "core/json_text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

using nlohmann::json;

std::string written(std::string_view s) {
  std::string out;
  tidu::json_text::append_string(out, s);
  return out;
}

TEST(JsonText, StringsAreWrittenAsNlohmannWritesThem) {
  const std::vector<std::string> samples = {
      "",
      "plain",
      "智能工厂梯度培育（先进级）",
      R"(quote " backslash \ slash /)",
      std::string("controls \b\f\n\r\t \x01\x1f end"),
      std::string("nul \0 inside", 12),
      "emoji 🏭 and del \x7f",
  };
  for (const auto& s : samples) EXPECT_EQ(written(s), json(s).dump()) << s;
}

TEST(JsonText, BytesThatAreNotUtf8BecomeReplacementCharactersAndTheTextStillParses) {
  for (const std::string s : {std::string("bad \xff byte"), std::string("cut \xe6\x99"),
                              std::string("\xc0\xaf overlong"), std::string("中\x80文")}) {
    const std::string out = written(s);
    json parsed;
    ASSERT_NO_THROW(parsed = json::parse(out)) << out;
    EXPECT_NE(parsed.get<std::string>().find("\xEF\xBF\xBD"), std::string::npos) << out;
  }
  EXPECT_EQ(json::parse(written("中\x80文")).get<std::string>(), "中\xEF\xBF\xBD文");
}

TEST(JsonText, KeysAndIntegersMakeAnObjectNlohmannReadsBack) {
  std::string out = "{";
  tidu::json_text::append_key(out, "a", true);
  tidu::json_text::append_int(out, -42);
  tidu::json_text::append_key(out, "名称");
  tidu::json_text::append_string(out, "x");
  out += '}';
  EXPECT_EQ(json::parse(out), json({{"a", -42}, {"名称", "x"}}));
}

}  // namespace
