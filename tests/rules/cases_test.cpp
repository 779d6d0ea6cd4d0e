// Runs the rule cases of cases.yaml: sample declaration + JSON Patch → expected findings.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include "declaration/json_io.hpp"
#include "declaration/sample.hpp"
#include "rules/checker.hpp"
#include "rules/findings_json.hpp"
#include "rules/registry_json.hpp"
#include "support/world.hpp"

namespace {

using nlohmann::json;

/// YAML → JSON; quoted scalars stay strings, plain scalars become numbers, booleans or null
/// when they read as one.
json to_json(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: {
      json o = json::object();
      for (const auto& kv : n) o[kv.first.as<std::string>()] = to_json(kv.second);
      return o;
    }
    case YAML::NodeType::Sequence: {
      json a = json::array();
      for (const auto& e : n) a.push_back(to_json(e));
      return a;
    }
    case YAML::NodeType::Scalar: {
      const std::string s = n.Scalar();
      if (n.Tag() == "!") return s;
      if (s == "true") return true;
      if (s == "false") return false;
      if (s == "null" || s == "~") return nullptr;
      try {
        std::size_t used = 0;
        const long long i = std::stoll(s, &used);
        if (used == s.size()) return i;
        const double d = std::stod(s, &used);
        if (used == s.size()) return d;
      } catch (...) {  // NOLINT(bugprone-empty-catch): not a number, keep the text
      }
      return s;
    }
    default:
      return nullptr;
  }
}

/// Expands {repeat: X, times: N} values anywhere in a patch.
void expand(json& j) {
  if (j.is_object() && j.size() == 2 && j.contains("repeat") && j.contains("times")) {
    std::string out;
    for (int i = 0; i < j["times"].get<int>(); ++i) out += j["repeat"].get<std::string>();
    j = out;
    return;
  }
  if (j.is_structured()) {
    for (auto& e : j) expand(e);
  }
}

struct Case {
  std::string id;
  json spec;
};

std::vector<Case> load_cases() {
  const YAML::Node root = YAML::LoadFile(std::string(TIDU_TEST_DIR) + "/rules/cases.yaml");
  std::vector<Case> out;
  for (const auto& n : root) {
    json spec = to_json(n);
    out.push_back(Case{spec.at("id").get<std::string>(), spec});
  }
  return out;
}

void PrintTo(const Case& c, std::ostream* os) { *os << c.id; }

class RuleCase : public testing::TestWithParam<Case> {};

TEST_P(RuleCase, GivesTheExpectedFindings) {
  const json& spec = GetParam().spec;
  const auto& policy = tidu::test::policy(spec.at("round").get<std::string>());
  json doc = tidu::declaration::to_json(tidu::declaration::make_sample(policy));
  if (spec.contains("patch")) {
    json patch = spec["patch"];
    expand(patch);
    doc = doc.patch(patch);
  }
  const auto read = tidu::declaration::read_declaration(doc);
  tidu::rules::RegistryFacts registry;
  if (spec.contains("registry")) {
    auto facts = tidu::rules::registry_from_json(spec["registry"]);
    ASSERT_TRUE(facts.has_value()) << facts.error().message;
    registry = std::move(*facts);
  }
  tidu::time::Instant now = tidu::rules::default_check_time(read.declaration, {});
  if (spec.contains("at")) {
    const auto at = tidu::time::parse_instant(spec["at"].get<std::string>());
    ASSERT_TRUE(at.has_value());
    now = *at;
  }
  const auto report = tidu::rules::check({read.declaration, policy, registry, now, &read.problems});
  const std::string dump = tidu::rules::to_json(report, policy)["findings"].dump(2);

  std::vector<bool> matched(report.findings.size(), false);
  for (const auto& want : spec.at("expect")) {
    bool found = false;
    for (std::size_t i = 0; i < report.findings.size(); ++i) {
      const auto& f = report.findings[i];
      if (f.code != want.at("code").get<std::string>()) continue;
      if (want.contains("severity") &&
          tidu::rules::severity_name(f.severity) != want["severity"].get<std::string>())
        continue;
      if (want.contains("path") && f.path != want["path"].get<std::string>()) continue;
      matched[i] = true;
      found = true;
    }
    EXPECT_TRUE(found) << "expected " << want.dump() << "\nfindings: " << dump;
  }
  if (spec.value("only", false)) {
    for (std::size_t i = 0; i < report.findings.size(); ++i) {
      EXPECT_TRUE(matched[i]) << "unexpected finding " << report.findings[i].code << " at "
                              << report.findings[i].path << ": " << report.findings[i].message;
    }
  }
  const bool expect_ok = spec.value("ok", spec.at("expect").empty());
  EXPECT_EQ(report.ok(), expect_ok) << dump;
  for (const auto& f : report.findings) {
    EXPECT_FALSE(f.message.empty()) << f.code;
    EXPECT_FALSE(f.clause.empty()) << f.code << " has no clause";
    EXPECT_TRUE(f.path.starts_with("$")) << f.path;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, RuleCase, testing::ValuesIn(load_cases()),
                         [](const testing::TestParamInfo<Case>& param_info) {
                           return param_info.param.id;
                         });

}  // namespace
