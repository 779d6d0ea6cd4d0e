// Reading data files with positions of every fault (core/yaml_reader.hpp).
#include "core/yaml_reader.hpp"

#include <regex>
#include <string>

#include <gtest/gtest.h>

namespace {

using tidu::data::Cursor;
using tidu::data::Document;
using tidu::data::Fault;
using tidu::data::load_yaml_text;

Document load(std::string_view text) {
  auto doc = load_yaml_text(text, "t.yaml");
  EXPECT_TRUE(doc.has_value()) << doc.error().message;
  return std::move(*doc);
}

TEST(Describe, WritesFileLineColumnPathAndMessage) {
  EXPECT_EQ(tidu::data::describe(Fault{"data/rounds/x.yaml", 12, 5, "window.closes", "日期有误"}),
            "data/rounds/x.yaml:12:5: window.closes: 日期有误");
  EXPECT_EQ(tidu::data::describe(Fault{"x.yaml", 3, 1, "", "语法错误"}), "x.yaml:3:1: 语法错误");
  // Unknown position: no line and column.
  EXPECT_EQ(tidu::data::describe(Fault{"x.yaml", 0, 0, "a.b", "缺少"}), "x.yaml: a.b: 缺少");
}

TEST(ToError, JoinsFaultsOnePerLine) {
  const auto e =
      tidu::data::to_error({Fault{"a.yaml", 1, 2, "", "甲"}, Fault{"b.yaml", 3, 4, "p", "乙"}});
  EXPECT_EQ(e.code, "DATA_FILE_INVALID");
  EXPECT_EQ(e.message, "a.yaml:1:2: 甲\nb.yaml:3:4: p: 乙");
}

TEST(LoadYamlText, SyntaxErrorReportsOneBasedLineAndColumn) {
  // The stray ']' is on line 2, column 13.
  const auto doc = load_yaml_text("key: value\nkey2: [a, b]]\n", "broken.yaml");
  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(doc.error().code, "DATA_FILE_INVALID");
  EXPECT_TRUE(doc.error().message.starts_with("broken.yaml:2:13: ")) << doc.error().message;
  EXPECT_NE(doc.error().message.find("YAML 语法错误"), std::string::npos);
}

TEST(LoadYamlText, UnclosedFlowSequenceReportsPosition) {
  const auto doc = load_yaml_text("a: 1\nb: [1, 2\n", "t.yaml");
  ASSERT_FALSE(doc.has_value());
  EXPECT_TRUE(std::regex_search(doc.error().message, std::regex(R"(^t\.yaml:\d+:\d+: )")))
      << doc.error().message;
}

TEST(LoadYamlText, DeeplyNestedFlowSequenceIsRefused) {
  const std::string text = std::string(100, '[') + std::string(100, ']');
  const auto doc = load_yaml_text(text, "deep.yaml");
  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(doc.error().code, "DATA_FILE_INVALID");
  EXPECT_NE(doc.error().message.find("deep.yaml"), std::string::npos);
  EXPECT_NE(doc.error().message.find("64"), std::string::npos) << doc.error().message;
}

TEST(LoadYamlText, VeryDeeplyNestedMappingIsRefused) {
  std::string text;
  for (int i = 0; i < 10000; ++i) text += "{a: ";
  const auto doc = load_yaml_text(text, "deep.yaml");
  ASSERT_FALSE(doc.has_value());
}

TEST(LoadYamlText, ModerateNestingIsAccepted) {
  const std::string text = std::string(10, '[') + "1" + std::string(10, ']');
  auto doc = load_yaml_text(text, "ok.yaml");
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  EXPECT_TRUE(doc->root.IsSequence());
}

TEST(LoadYamlFile, MissingFileIsUnreadable) {
  const auto doc = tidu::data::load_yaml_file("/nonexistent/dir/none.yaml");
  ASSERT_FALSE(doc.has_value());
  EXPECT_EQ(doc.error().code, "DATA_FILE_UNREADABLE");
  EXPECT_NE(doc.error().message.find("none.yaml"), std::string::npos);
}

TEST(Cursor, AllowOnlyReportsUnknownKeyWithItsLine) {
  const auto doc = load("kind: x\nedition: \"1\"\ntitel: typo\n");
  doc.cursor().allow_only({"kind", "edition", "title"});
  const auto& faults = doc.sink->faults();
  ASSERT_EQ(faults.size(), 1U);
  EXPECT_EQ(faults[0].file, "t.yaml");
  EXPECT_EQ(faults[0].line, 3);
  EXPECT_EQ(faults[0].column, 1);
  EXPECT_EQ(faults[0].path, "titel");
  EXPECT_EQ(tidu::data::describe(faults[0]).substr(0, 12), "t.yaml:3:1: ");
}

TEST(Cursor, AllowOnlyAcceptsKnownKeys) {
  const auto doc = load("kind: x\ntitle: y\n");
  doc.cursor().allow_only({"kind", "title"});
  EXPECT_TRUE(doc.sink->ok());
}

TEST(Cursor, AllowOnlyOnNestedMappingUsesDottedPath) {
  const auto doc = load("window:\n  opens: 2025-01-01\n  closes: x\n  clos: y\n");
  doc.cursor().at("window").allow_only({"opens", "closes"});
  const auto& faults = doc.sink->faults();
  ASSERT_EQ(faults.size(), 1U);
  EXPECT_EQ(faults[0].path, "window.clos");
  EXPECT_EQ(faults[0].line, 4);
  EXPECT_EQ(faults[0].column, 3);
}

TEST(Cursor, RequiredStringOnMissingKeyReportsFault) {
  const auto doc = load("kind: x\n");
  EXPECT_EQ(doc.cursor().required_string("title"), "");
  const auto& faults = doc.sink->faults();
  ASSERT_EQ(faults.size(), 1U);
  EXPECT_EQ(faults[0].path, "title");
  EXPECT_EQ(faults[0].message, "缺少必填字段");
}

TEST(Cursor, RequiredStringReadsPresentKey) {
  const auto doc = load("title: 智能工厂\n");
  EXPECT_EQ(doc.cursor().required_string("title"), "智能工厂");
  EXPECT_TRUE(doc.sink->ok());
}

TEST(Cursor, RequiredStringOnListReportsWrongType) {
  const auto doc = load("title: [a, b]\n");
  EXPECT_EQ(doc.cursor().required_string("title"), "");
  ASSERT_EQ(doc.sink->faults().size(), 1U);
  EXPECT_EQ(doc.sink->faults()[0].path, "title");
  EXPECT_EQ(doc.sink->faults()[0].line, 1);
}

TEST(Cursor, AsIntegerOnTextReportsFault) {
  const auto doc = load("limit: abc\n");
  EXPECT_FALSE(doc.cursor().at("limit").as_integer().has_value());
  const auto& faults = doc.sink->faults();
  ASSERT_EQ(faults.size(), 1U);
  EXPECT_EQ(faults[0].path, "limit");
  EXPECT_EQ(faults[0].line, 1);
  EXPECT_EQ(faults[0].column, 8);
  EXPECT_NE(faults[0].message.find("abc"), std::string::npos);
}

TEST(Cursor, AsIntegerReadsNumbers) {
  const auto doc = load("limit: 500\n");
  EXPECT_EQ(doc.cursor().at("limit").as_integer(), 500);
  EXPECT_EQ(doc.cursor().optional_integer("missing"), std::nullopt);
  EXPECT_TRUE(doc.sink->ok());
}

TEST(Cursor, RequiredIntegerOnMissingKeyReportsFault) {
  const auto doc = load("a: 1\n");
  EXPECT_FALSE(doc.cursor().required_integer("number").has_value());
  ASSERT_EQ(doc.sink->faults().size(), 1U);
  EXPECT_EQ(doc.sink->faults()[0].path, "number");
}

TEST(Cursor, ItemsOfScalarReportsFault) {
  const auto doc = load("links: text\n");
  EXPECT_TRUE(doc.cursor().at("links").items().empty());
  ASSERT_EQ(doc.sink->faults().size(), 1U);
  EXPECT_EQ(doc.sink->faults()[0].path, "links");
}

TEST(Cursor, ItemsCarryIndexedPaths) {
  const auto doc = load("links:\n  - {number: 1}\n  - {number: x}\n");
  const auto items = doc.cursor().at("links").items();
  ASSERT_EQ(items.size(), 2U);
  EXPECT_EQ(items[1].path(), "links[1]");
  EXPECT_FALSE(items[1].required_integer("number").has_value());
  ASSERT_EQ(doc.sink->faults().size(), 1U);
  EXPECT_EQ(doc.sink->faults()[0].path, "links[1].number");
  EXPECT_EQ(doc.sink->faults()[0].line, 3);
}

TEST(Cursor, BoolOrRejectsNonBoolean) {
  const auto doc = load("verified: maybe\nok: false\n");
  EXPECT_TRUE(doc.cursor().bool_or("verified", true));
  EXPECT_FALSE(doc.cursor().bool_or("ok", true));
  EXPECT_TRUE(doc.cursor().bool_or("absent", true));
  ASSERT_EQ(doc.sink->faults().size(), 1U);
  EXPECT_EQ(doc.sink->faults()[0].path, "verified");
}

TEST(Cursor, StringListReadsSequence) {
  const auto doc = load("aliases: [甲, 乙]\n");
  EXPECT_EQ(doc.cursor().string_list("aliases"), (std::vector<std::string>{"甲", "乙"}));
  EXPECT_TRUE(doc.cursor().string_list("none").empty());
  EXPECT_TRUE(doc.sink->ok());
}

TEST(Cursor, AtDoesNotInsertMissingKeys) {
  const auto doc = load("a: 1\n");
  EXPECT_FALSE(doc.cursor().at("b").present());
  EXPECT_EQ(doc.root.size(), 1U);
}

// Found by fuzz/round_loader: a round without `notice` threw YAML::InvalidNode, because yaml-cpp
// gives a missing key as an invalid node that throws when asked its type.
TEST(Cursor, MissingChildIsReadAsAbsentWithoutThrowing) {
  const auto doc = load("kind: round\n");
  const Cursor notice = doc.cursor().at("notice");
  EXPECT_FALSE(notice.present());
  try {
    notice.allow_only({"title"});
    EXPECT_EQ(notice.required_string("title"), "");
    EXPECT_EQ(notice.as_string(), "");
    EXPECT_FALSE(notice.as_integer().has_value());
  } catch (const std::exception& e) {
    ADD_FAILURE() << "threw " << e.what();
  }
  EXPECT_FALSE(doc.sink->ok());
  for (const auto& f : doc.sink->faults()) EXPECT_EQ(f.path, "notice");
}

}  // namespace
