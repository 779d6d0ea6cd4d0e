#include "cli/serve.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace {

using tidu::cli::load_serve_config;

tidu::cli::EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    return it == vars.end() ? std::nullopt : std::optional(it->second);
  };
}

TEST(ServeConfig, DefaultsAreLoopbackAndEmbeddedDatabase) {
  const auto c = load_serve_config({}, env_of({}));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->address, "127.0.0.1");
  EXPECT_EQ(c->port, 8080);
  EXPECT_TRUE(c->database_url.empty());
}

TEST(ServeConfig, FlagsBeatEnvironmentWhichBeatsTheFile) {
  const auto file = std::filesystem::temp_directory_path() / "tidu-serve-config-test.yaml";
  std::ofstream(file) << "port: 9000\naddress: 0.0.0.0\nsession_hours: 12\n";
  const auto c = load_serve_config({{"config", file.string()}, {"port", "9002"}},
                                   env_of({{"TIDU_PORT", "9001"}, {"TIDU_SESSION_HOURS", "2"}}));
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->port, 9002);
  EXPECT_EQ(c->address, "0.0.0.0");
  EXPECT_EQ(c->session_hours, 2);
  std::filesystem::remove(file);
}

TEST(ServeConfig, ABadValueNamesWhereItCameFrom) {
  const auto c = load_serve_config({}, env_of({{"TIDU_PORT", "eighty"}}));
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().code, "CONFIG_INVALID");
  EXPECT_NE(c.error().message.find("TIDU_PORT"), std::string::npos);
  const auto d = load_serve_config({{"database", "mysql://x"}}, env_of({}));
  ASSERT_FALSE(d.has_value());
  EXPECT_NE(d.error().message.find("--database"), std::string::npos);
}

TEST(ServeConfig, AnUnknownKeyInTheFileIsRefusedWithItsLine) {
  const auto file = std::filesystem::temp_directory_path() / "tidu-serve-config-bad.yaml";
  std::ofstream(file) << "port: 9000\nprot: 9001\n";
  const auto c = load_serve_config({{"config", file.string()}}, env_of({}));
  ASSERT_FALSE(c.has_value());
  EXPECT_NE(c.error().message.find(":2:"), std::string::npos) << c.error().message;
  std::filesystem::remove(file);
}

}  // namespace
