// `tidu generate` and `tidu similarity` as a person runs them: a small national dataset written
// into an empty data directory, the copied-text check of each round finding exactly the planted
// copies (a copy with its origin, two copies of one origin with each other), a non-empty
// directory and bad options refused with a reason.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "support/command.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string tidu_cmd(const std::string& args) {
  return std::string("'") + TIDU_BINARY + "' --policy '" + TIDU_DEFAULT_DATA_DIR + "' " + args +
         " 2>&1 </dev/null";
}

TEST(GenerateCommand, WritesTheDatasetAndFindsExactlyThePlantedCopies) {
  std::string pattern = (fs::temp_directory_path() / "tidu-generate-XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  const fs::path dir = pattern;
  const std::string data = " --data '" + (dir / "data").string() + "'";
  const auto made = tidu::test::run_command(
      tidu_cmd("generate --enterprises 400 --declarations 160 --copied-share 0.1 --seed 7" + data));
  ASSERT_EQ(made.code, 0) << made.out;

  std::ifstream in(dir / "data" / "generated.json");
  const json manifest = json::parse(in, nullptr, false);
  ASSERT_FALSE(manifest.is_discarded());
  EXPECT_EQ(manifest.value("enterprises", 0), 400);
  EXPECT_EQ(manifest.value("declarations", 0), 160);
  // The pairs the planted copies make: within each origin's group, every two members.
  std::map<std::string, int> groups;
  for (const auto& p : manifest["planted"])
    ++groups[p.value("origin", "") + " " + p.value("field", "")];
  ASSERT_FALSE(groups.empty());
  std::size_t expected = 0;
  for (const auto& [origin, copies] : groups) expected += (copies + 1) * copies / 2;
  std::size_t found = 0;
  for (const auto& [round, check] : manifest["copied_text"].items())
    found += check.value("matches", std::size_t{0});
  EXPECT_EQ(found, expected) << manifest["copied_text"].dump();

  // The check of one round again from its stored passages finds the same pairs.
  const auto again = tidu::test::run_command(tidu_cmd("similarity jx-2025-advanced" + data));
  ASSERT_EQ(again.code, 0) << again.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(again.out, m, std::regex("(\\d+) 对相似文本"))) << again.out;
  EXPECT_EQ(std::stoul(m[1]),
            manifest["copied_text"]["jx-2025-advanced"].value("matches", std::size_t{0}));

  // A directory with data is refused; so are options out of range.
  const auto twice =
      tidu::test::run_command(tidu_cmd("generate --enterprises 10 --declarations 5" + data));
  EXPECT_EQ(twice.code, 2);
  EXPECT_NE(twice.out.find("已有企业"), std::string::npos) << twice.out;
  const auto bad = tidu::test::run_command(tidu_cmd(
      "generate --enterprises 10 --declarations 50 --data '" + (dir / "other").string() + "'"));
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.out.find("申报书数不多于企业数"), std::string::npos) << bad.out;
  const auto word = tidu::test::run_command(tidu_cmd("generate --enterprises many" + data));
  EXPECT_EQ(word.code, 2);
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
