// The README's promise, run as written: `tidu demo` fills a fresh data folder, `tidu serve` starts
// on it, and the README's curl block signs in as the demo enterprise and submits its declaration.
#include <gtest/gtest.h>
#include <stdlib.h>  // mkdtemp

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "support/command.hpp"
#include "support/server_process.hpp"

namespace {

namespace fs = std::filesystem;

/// The shell block that follows `heading` in README.md.
std::string readme_block(const std::string& heading) {
  std::ifstream in(fs::path(TIDU_TEST_DIR).parent_path() / "README.md");
  std::stringstream all;
  all << in.rdbuf();
  const std::string text = all.str();
  const auto at = text.find(heading);
  if (at == std::string::npos) return {};
  const auto open = text.find("```sh\n", at);
  const auto close = text.find("```", open + 6);
  if (open == std::string::npos || close == std::string::npos) return {};
  return text.substr(open + 6, close - open - 6);
}

TEST(ReadmeWorkflow, DemoWorldThenTheCurlBlockSubmitsTheDemoEnterprisesDeclaration) {
  std::string pattern = (fs::temp_directory_path() / "tidu-readme-XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  const fs::path dir = pattern;
  const auto loaded = tidu::test::run_command(
      fmt::format("'{}' demo --data '{}' 2>&1", TIDU_BINARY, (dir / "data").string()));
  ASSERT_EQ(loaded.code, 0) << loaded.out;
  EXPECT_NE(loaded.out.find("演示数据已装入"), std::string::npos) << loaded.out;

  tidu::test::ServerOptions options;
  options.data_dir = dir / "data";
  tidu::test::ServerProcess server(options);
  std::string script = readme_block("### 用 curl 提交一份申报书");
  ASSERT_FALSE(script.empty()) << "README.md has no curl block under its heading";
  const std::regex base_line(R"(B=http://127\.0\.0\.1:8080/api/v1)");
  ASSERT_TRUE(std::regex_search(script, base_line)) << script;
  script = std::regex_replace(script, base_line,
                              fmt::format("B=http://127.0.0.1:{}/api/v1", server.port()));
  std::ofstream(dir / "workflow.sh") << "set -eu\n" << script;

  const auto ran =
      tidu::test::run_command(fmt::format("cd '{}' && bash workflow.sh 2>&1", dir.string()));
  ASSERT_EQ(ran.code, 0) << ran.out << server.log();
  const std::string& out = ran.out;
  // validate: no findings; submit: the first snapshot with its hash; timeline: created, submitted.
  EXPECT_NE(out.find(R"("findings":[])"), std::string::npos) << out;
  EXPECT_TRUE(std::regex_search(out, std::regex(R"re("number":1)re"))) << out;
  EXPECT_TRUE(std::regex_search(out, std::regex(R"re("sha256":"[0-9a-f]{64}")re"))) << out;
  EXPECT_NE(out.find(R"("action":"submit")"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("to_state":"submitted")"), std::string::npos) << out;
  server.stop();
  fs::remove_all(dir);
}

}  // namespace
