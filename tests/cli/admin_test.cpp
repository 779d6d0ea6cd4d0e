// `tidu admin create`: the first administrator of a fresh installation signs in over HTTP; a weak
// password or a missing option is refused with a message and leaves no account behind.
#include <gtest/gtest.h>
#include <stdlib.h>  // mkdtemp
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include <fmt/format.h>

#include "support/api_client.hpp"
#include "support/command.hpp"
#include "support/server_process.hpp"

namespace {

namespace fs = std::filesystem;

tidu::test::CommandOutcome admin(const fs::path& data, const std::string& args,
                                 const std::string& password) {
  return tidu::test::run_command(
      fmt::format("TIDU_ADMIN_PASSWORD='{}' '{}' admin create --data '{}' {} 2>&1 </dev/null",
                  password, TIDU_BINARY, data.string(), args));
}

class AdminCreate : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "tidu-admin-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(AdminCreate, FirstAdministratorSignsInAndMayCreateAccounts) {
  const auto made =
      admin(dir_, "--username root-admin --region 420000 --name 省平台管理员", "Ab3$kq9Lmz2!");
  ASSERT_EQ(made.code, 0) << made.out;
  EXPECT_NE(made.out.find("已创建管理员“root-admin”"), std::string::npos) << made.out;

  tidu::test::ServerOptions options;
  options.data_dir = dir_;
  tidu::test::ServerProcess server(options);
  tidu::test::ApiClient client(server.port());
  const auto login = client.login("root-admin", "Ab3$kq9Lmz2!");
  ASSERT_EQ(login.status, 200) << login.describe();
  EXPECT_EQ(login.json["account"]["role"], "admin");
  EXPECT_EQ(login.json["account"]["region"], "420000");
  const auto reviewer = client.post("/api/v1/accounts", {{"username", "hb-city-reviewer"},
                                                         {"password", "Xy7#pr4Wnb8@"},
                                                         {"role", "reviewer"},
                                                         {"level", "city"},
                                                         {"region", "429006"},
                                                         {"authority", "经信"},
                                                         {"display_name", "天门市经信局"}});
  EXPECT_EQ(reviewer.status, 201) << reviewer.describe();
}

TEST_F(AdminCreate, WeakPasswordIsRefusedAndNothingIsCreated) {
  const auto weak = admin(dir_, "--username root-admin --region 420000", "password");
  EXPECT_EQ(weak.code, 2) << weak.out;
  EXPECT_NE(weak.out.find("密码不符合要求"), std::string::npos) << weak.out;
  // The same name is still free: the refused attempt left no account.
  const auto good = admin(dir_, "--username root-admin --region 420000", "Ab3$kq9Lmz2!");
  EXPECT_EQ(good.code, 0) << good.out;
  const auto again = admin(dir_, "--username root-admin --region 420000", "Ab3$kq9Lmz2!");
  EXPECT_EQ(again.code, 2) << again.out;
}

TEST_F(AdminCreate, MissingOptionsPrintUsage) {
  const auto r = admin(dir_, "--username root-admin", "Ab3$kq9Lmz2!");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("用法：tidu admin create"), std::string::npos) << r.out;
  const auto bad_region = admin(dir_, "--username root-admin --region 999999", "Ab3$kq9Lmz2!");
  EXPECT_EQ(bad_region.code, 2);
  EXPECT_NE(bad_region.out.find("地区代码“999999”不存在"), std::string::npos) << bad_region.out;
}

}  // namespace
