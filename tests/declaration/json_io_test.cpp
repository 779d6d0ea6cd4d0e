// The declaration's JSON form (declaration/json_io.hpp).
#include "declaration/json_io.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "declaration/sample.hpp"
#include "support/world.hpp"

namespace {

using nlohmann::json;
using tidu::declaration::parse_declaration;
using tidu::declaration::ReadLimits;
using tidu::declaration::StructureProblem;
using tidu::declaration::to_json;

const std::vector<std::string>& round_ids() {
  static const std::vector<std::string> ids = {"fj-2025-advanced", "sn-2024-excellent",
                                               "hb-tianmen-2026-basic", "jx-2025-advanced"};
  return ids;
}

json sample_json(const std::string& round = "fj-2025-advanced") {
  return to_json(tidu::declaration::make_sample(tidu::test::policy(round)));
}

std::string describe(const std::vector<StructureProblem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.code + " " + p.path + " " + p.message + "\n";
  return out;
}

const StructureProblem* find(const std::vector<StructureProblem>& problems,
                             const std::string& path) {
  const auto it = std::find_if(problems.begin(), problems.end(),
                               [&](const StructureProblem& p) { return p.path == path; });
  return it == problems.end() ? nullptr : &*it;
}

TEST(DeclarationJson, SamplesRoundTripForEveryRound) {
  for (const auto& id : round_ids()) {
    const auto d = tidu::declaration::make_sample(tidu::test::policy(id));
    EXPECT_EQ(d.round, id);
    const json written = to_json(d);
    const auto read = parse_declaration(written.dump(2));
    ASSERT_TRUE(read.has_value()) << id << ": " << read.error().message;
    EXPECT_TRUE(read->problems.empty()) << id << ":\n" << describe(read->problems);
    EXPECT_EQ(to_json(read->declaration), written) << id;
    EXPECT_EQ(read->declaration.round, id);
    EXPECT_EQ(read->declaration.format, "tidu.declaration/1");
  }
}

TEST(DeclarationJson, SampleVariantsDiffer) {
  const auto& p = tidu::test::policy("fj-2025-advanced");
  EXPECT_NE(to_json(tidu::declaration::make_sample(p, 0)),
            to_json(tidu::declaration::make_sample(p, 1)));
}

TEST(DeclarationJson, WriterWritesEveryFieldWithNullForAbsentNumbers) {
  const json j = to_json(tidu::declaration::Declaration{});
  EXPECT_EQ(j.at("format"), "tidu.declaration/1");
  EXPECT_TRUE(j.at("enterprise").at("employees").is_null());
  EXPECT_EQ(j.at("enterprise").at("profile"), "");
  EXPECT_TRUE(j.at("scenarios").is_array());
  EXPECT_TRUE(j.at("pledge").contains("signed"));
  EXPECT_TRUE(j.at("pledge").at("signed").is_null());
}

TEST(DeclarationJson, UnknownFieldIsReportedWithItsPath) {
  json j = sample_json();
  j["enterprise"]["foo"] = "bar";
  const auto read = parse_declaration(j.dump());
  ASSERT_TRUE(read.has_value());
  ASSERT_EQ(read->problems.size(), 1U) << describe(read->problems);
  EXPECT_EQ(read->problems[0].code, "DOCUMENT_UNKNOWN_FIELD");
  EXPECT_EQ(read->problems[0].path, "$.enterprise.foo");
  // The rest of the document is still read.
  EXPECT_EQ(read->declaration.enterprise.name, j["enterprise"]["name"].get<std::string>());
}

TEST(DeclarationJson, UnknownFieldInArrayElementHasIndexedPath) {
  json j = sample_json();
  ASSERT_GE(j["scenarios"].size(), 2U);
  j["scenarios"][1]["colour"] = "red";
  const auto read = parse_declaration(j.dump());
  ASSERT_TRUE(read.has_value());
  const auto* p = find(read->problems, "$.scenarios[1].colour");
  ASSERT_NE(p, nullptr) << describe(read->problems);
  EXPECT_EQ(p->code, "DOCUMENT_UNKNOWN_FIELD");
}

TEST(DeclarationJson, TextWhereNumberBelongsIsWrongType) {
  json j = sample_json();
  j["enterprise"]["employees"] = "many";
  const auto read = parse_declaration(j.dump());
  ASSERT_TRUE(read.has_value());
  ASSERT_EQ(read->problems.size(), 1U) << describe(read->problems);
  EXPECT_EQ(read->problems[0].code, "DOCUMENT_WRONG_TYPE");
  EXPECT_EQ(read->problems[0].path, "$.enterprise.employees");
  EXPECT_FALSE(read->declaration.enterprise.employees.has_value());
}

TEST(DeclarationJson, OtherWrongTypesAreReported) {
  json j = sample_json();
  j["enterprise"]["name"] = 42;
  j["enterprise"]["financials"][0]["year"] = 2022.5;
  j["pledge"]["signed"] = "yes";
  j["factory"]["investment"] = "1000";
  j["scenarios"] = json::object();
  const auto read = parse_declaration(j.dump());
  ASSERT_TRUE(read.has_value());
  for (const char* path : {"$.enterprise.name", "$.enterprise.financials[0].year",
                           "$.pledge.signed", "$.factory.investment", "$.scenarios"}) {
    const auto* p = find(read->problems, path);
    ASSERT_NE(p, nullptr) << path << "\n" << describe(read->problems);
    EXPECT_EQ(p->code, "DOCUMENT_WRONG_TYPE") << path;
  }
  EXPECT_EQ(read->problems.size(), 5U) << describe(read->problems);
}

TEST(DeclarationJson, WholeNumberWrittenAsFloatIsAnInteger) {
  json j = sample_json();
  j["enterprise"]["employees"] = 1200.0;
  const auto read = parse_declaration(j.dump());
  ASSERT_TRUE(read.has_value());
  EXPECT_TRUE(read->problems.empty()) << describe(read->problems);
  EXPECT_EQ(read->declaration.enterprise.employees, 1200);
}

TEST(DeclarationJson, InvalidJsonNamesLine) {
  const auto read = parse_declaration("{\n  \"a\": ,\n}");
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error().code, "DOCUMENT_INVALID_JSON");
  EXPECT_NE(read.error().message.find("第 2 行"), std::string::npos) << read.error().message;
  EXPECT_NE(read.error().message.find("第 8 列"), std::string::npos) << read.error().message;
}

TEST(DeclarationJson, EmptyTextIsInvalidJson) {
  const auto read = parse_declaration("");
  ASSERT_FALSE(read.has_value());
  EXPECT_EQ(read.error().code, "DOCUMENT_INVALID_JSON");
}

// Found by fuzz/declaration_check: a number beyond double's range made nlohmann throw
// out_of_range (not parse_error), which escaped parse_declaration and ended `tidu check`.
TEST(DeclarationJson, NumberOutOfRangeIsInvalidJson) {
  for (const char* text : {R"({"factory": {"investment": -3.5e308}})", "[1e999]"}) {
    try {
      const auto read = parse_declaration(text);
      ASSERT_FALSE(read.has_value()) << text;
      EXPECT_EQ(read.error().code, "DOCUMENT_INVALID_JSON") << text;
    } catch (const std::exception& e) {
      ADD_FAILURE() << text << " threw " << e.what();
    }
  }
}

TEST(DeclarationJson, WrongFormatIsReported) {
  json j = sample_json();
  j["format"] = "tidu.declaration/2";
  const auto read = parse_declaration(j.dump());
  ASSERT_TRUE(read.has_value());
  const auto* p = find(read->problems, "$.format");
  ASSERT_NE(p, nullptr) << describe(read->problems);
  EXPECT_EQ(p->code, "DOCUMENT_WRONG_TYPE");
}

TEST(DeclarationJson, MissingFormatIsReported) {
  json j = sample_json();
  j.erase("format");
  const auto read = parse_declaration(j.dump());
  ASSERT_TRUE(read.has_value());
  EXPECT_NE(find(read->problems, "$.format"), nullptr) << describe(read->problems);
}

TEST(DeclarationJson, TopLevelArrayIsWrongType) {
  const auto read = parse_declaration("[]");
  ASSERT_TRUE(read.has_value());
  ASSERT_EQ(read->problems.size(), 1U) << describe(read->problems);
  EXPECT_EQ(read->problems[0].code, "DOCUMENT_WRONG_TYPE");
  EXPECT_EQ(read->problems[0].path, "$");
}

TEST(DeclarationJson, TooManyArrayItemsIsTooLarge) {
  const json j = {
      {"format", "tidu.declaration/1"},
      {"scenarios", json::array({json::object(), json::object(), json::object(), json::object()})}};
  ReadLimits limits;
  limits.max_array = 3;
  const auto read = parse_declaration(j.dump(), limits);
  ASSERT_TRUE(read.has_value());
  ASSERT_EQ(read->problems.size(), 1U) << describe(read->problems);
  EXPECT_EQ(read->problems[0].code, "DOCUMENT_TOO_LARGE");
  EXPECT_EQ(read->problems[0].path, "$.scenarios");
  EXPECT_TRUE(read->declaration.scenarios.empty());

  json three = j;
  three["scenarios"].erase(3);
  const auto ok = parse_declaration(three.dump(), limits);
  ASSERT_TRUE(ok.has_value());
  EXPECT_TRUE(ok->problems.empty()) << describe(ok->problems);
  EXPECT_EQ(ok->declaration.scenarios.size(), 3U);
}

TEST(DeclarationJson, SampleWithFourScenariosOverArrayLimit) {
  json j = sample_json();
  ASSERT_GE(j["scenarios"].size(), 4U);
  while (j["scenarios"].size() > 4) j["scenarios"].erase(j["scenarios"].size() - 1);
  ReadLimits limits;
  limits.max_array = 3;
  const auto read = parse_declaration(j.dump(), limits);
  ASSERT_TRUE(read.has_value());
  const auto* p = find(read->problems, "$.scenarios");
  ASSERT_NE(p, nullptr) << describe(read->problems);
  EXPECT_EQ(p->code, "DOCUMENT_TOO_LARGE");
}

TEST(DeclarationJson, TooLongTextAndTooManyBytes) {
  json j = {{"format", "tidu.declaration/1"}, {"enterprise", {{"profile", std::string(11, 'x')}}}};
  ReadLimits limits;
  limits.max_string_bytes = 10;
  const auto read = parse_declaration(j.dump(), limits);
  ASSERT_TRUE(read.has_value());
  const auto* p = find(read->problems, "$.enterprise.profile");
  ASSERT_NE(p, nullptr) << describe(read->problems);
  EXPECT_EQ(p->code, "DOCUMENT_TOO_LARGE");

  ReadLimits tiny;
  tiny.max_bytes = 8;
  const auto big = parse_declaration(j.dump(), tiny);
  ASSERT_FALSE(big.has_value());
  EXPECT_EQ(big.error().code, "DOCUMENT_TOO_LARGE");
}

TEST(DeclarationJson, InvalidUtf8InTextIsReported) {
  // JSON escapes cannot produce invalid UTF-8 here, so read an already parsed value.
  json j = {{"format", "tidu.declaration/1"}, {"enterprise", {{"name", "\xC3\x28"}}}};
  const auto read = tidu::declaration::read_declaration(j);
  const auto* p = find(read.problems, "$.enterprise.name");
  ASSERT_NE(p, nullptr) << describe(read.problems);
  EXPECT_EQ(p->code, "DOCUMENT_WRONG_TYPE");
  EXPECT_EQ(read.declaration.enterprise.name, "");
}

TEST(LineColumn, CountsLinesAndCodePoints) {
  EXPECT_EQ(tidu::declaration::line_column("abc", 0), (std::pair<std::size_t, std::size_t>{1, 1}));
  EXPECT_EQ(tidu::declaration::line_column("ab\ncd", 4),
            (std::pair<std::size_t, std::size_t>{2, 2}));
  // "智能" is six bytes but two columns.
  EXPECT_EQ(tidu::declaration::line_column("\n智能x", 7),
            (std::pair<std::size_t, std::size_t>{2, 3}));
  EXPECT_EQ(tidu::declaration::line_column("a", 99), (std::pair<std::size_t, std::size_t>{1, 2}));
}

TEST(DeclarationSchema, IsClosedAndTyped) {
  const json s = tidu::declaration::json_schema();
  EXPECT_EQ(s.at("additionalProperties"), false);
  EXPECT_EQ(s.at("type"), "object");
  EXPECT_EQ(s.at("properties").at("format").at("const"), "tidu.declaration/1");
  EXPECT_EQ(s.at("required"), json::array({"format"}));
  const json& profile_type =
      s.at("properties").at("enterprise").at("properties").at("profile").at("type");
  ASSERT_TRUE(profile_type.is_array());
  EXPECT_NE(std::find(profile_type.begin(), profile_type.end(), "string"), profile_type.end());
  EXPECT_EQ(s.at("properties").at("enterprise").at("additionalProperties"), false);
  const json& employees = s.at("properties").at("enterprise").at("properties").at("employees");
  EXPECT_EQ(employees.at("type"), json::array({"integer", "null"}));
  const json& scenarios = s.at("properties").at("scenarios");
  EXPECT_EQ(scenarios.at("items").at("additionalProperties"), false);
  EXPECT_TRUE(scenarios.at("items").at("properties").contains("solution"));
}

TEST(DeclarationSchema, SchemaPropertiesMatchWriterKeys) {
  // Every key the writer emits is a schema property, and vice versa, at the top and one level in.
  const json s = tidu::declaration::json_schema();
  const json d = to_json(tidu::declaration::Declaration{});
  ASSERT_EQ(s.at("properties").size(), d.size());
  for (const auto& [key, value] : d.items()) {
    ASSERT_TRUE(s.at("properties").contains(key)) << key;
    if (value.is_object()) {
      const json& props = s.at("properties").at(key).at("properties");
      EXPECT_EQ(props.size(), value.size()) << key;
      for (const auto& [k2, v2] : value.items())
        EXPECT_TRUE(props.contains(k2)) << key << "." << k2;
    }
  }
}

TEST(DeclarationSchema, ShippedSchemaFileIsCurrent) {
  const std::string path = std::string(TIDU_TEST_DIR) + "/../docs/declaration.schema.json";
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << "missing " << path
                         << ": run `tidu schema > docs/declaration.schema.json`";
  std::stringstream ss;
  ss << in.rdbuf();
  const json file = json::parse(ss.str(), nullptr, false);
  ASSERT_FALSE(file.is_discarded()) << path << " is not valid JSON";
  EXPECT_EQ(file, tidu::declaration::json_schema())
      << path << " is stale: regenerate with `tidu schema > docs/declaration.schema.json`";
}

}  // namespace
