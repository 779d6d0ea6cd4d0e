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

TEST(ServeConfig, TheBackgroundThreadsNiceValueIsTenUnlessSetWithinZeroToNineteen) {
  const auto d = load_serve_config({}, env_of({}));
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->background_nice, 10);
  const auto zero = load_serve_config({{"background-nice", "0"}}, env_of({}));
  ASSERT_TRUE(zero.has_value()) << zero.error().message;
  EXPECT_EQ(zero->background_nice, 0);
  const auto env = load_serve_config({}, env_of({{"TIDU_BACKGROUND_NICE", "19"}}));
  ASSERT_TRUE(env.has_value()) << env.error().message;
  EXPECT_EQ(env->background_nice, 19);
  const auto high = load_serve_config({{"background-nice", "20"}}, env_of({}));
  ASSERT_FALSE(high.has_value());
  EXPECT_NE(high.error().message.find("0–19"), std::string::npos) << high.error().message;
  EXPECT_FALSE(load_serve_config({}, env_of({{"TIDU_BACKGROUND_NICE", "-1"}})).has_value());
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

namespace {

TEST(OpenState, CreatesAndMigratesTheEmbeddedDatabase) {
  const auto dir = std::filesystem::temp_directory_path() / "tidu-open-state-test";
  std::filesystem::remove_all(dir);
  tidu::cli::ServeConfig config;
  config.data_dir = (dir / "state").string();
  config.migrations_dir = TIDU_MIGRATIONS_DIR;
  auto state = tidu::cli::open_state(config);
  ASSERT_TRUE(state.has_value()) << state.error().message;
  EXPECT_GE(state->schema_version, 2);
  EXPECT_TRUE(std::filesystem::exists(dir / "state" / "tidu.sqlite"));
  // A second start finds the schema current.
  state->database.reset();
  auto again = tidu::cli::open_state(config);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->schema_version, state->schema_version);
  // A database newer than the binary is refused with a message naming both versions.
  ASSERT_TRUE(
      again->database
          ->execute("INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)",
                    {std::int64_t{99}, std::string("099_future.sql"), std::string("2030-01-01")})
          .has_value());
  again->database.reset();
  auto newer = tidu::cli::open_state(config);
  ASSERT_FALSE(newer.has_value());
  EXPECT_EQ(newer.error().code, "DB_NEWER_THAN_BINARY");
  EXPECT_NE(newer.error().message.find("99"), std::string::npos) << newer.error().message;
  std::filesystem::remove_all(dir);
}

}  // namespace
