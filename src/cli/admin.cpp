#include "cli/admin.hpp"

#include <iostream>

#include <fmt/format.h>

#include "security/password.hpp"
#include "service/accounts.hpp"

namespace tidu::cli {
namespace {

int refuse(const std::string& message) {
  std::cerr << "tidu admin: " << message << '\n';
  return 2;
}

}  // namespace

int admin_create(const std::map<std::string, std::string>& options, const ServeConfig& config,
                 const catalogue::Catalogue& catalogue, const EnvLookup& env,
                 std::istream& password_in) {
  const auto option = [&options](const std::string& name) {
    auto it = options.find(name);
    return it == options.end() ? std::string{} : it->second;
  };
  const std::string username = option("username");
  const std::string region = option("region");
  if (username.empty() || region.empty()) {
    return refuse(
        "用法：tidu admin create --username 用户名 --region 地区代码 [--name 显示名称] "
        "[--data DIR | --database URL]；密码取自环境变量 TIDU_ADMIN_PASSWORD，或从标准输入读一行");
  }
  std::string password = env("TIDU_ADMIN_PASSWORD").value_or("");
  if (password.empty()) {
    std::cerr << "请输入新管理员的密码（至少 10 位，含大小写字母、数字、符号中的三类）：";
    std::getline(password_in, password);
    std::cerr << '\n';
  }
  if (password.empty()) return refuse("未提供密码");

  auto state = open_state(config);
  if (!state) return refuse(state.error().message);
  state->database.reset();
  auto pool = open_pool(config, 1);
  if (!pool) return refuse(pool.error().message);
  security::PasswordHasher hasher(1);
  service::Accounts accounts(**pool, hasher, catalogue, service::system_now, {});
  const std::string name = option("name").empty() ? "平台管理员" : option("name");
  auto created = accounts.create_unchecked(service::NewAccount{.username = username,
                                                               .password = password,
                                                               .role = "admin",
                                                               .level = {},
                                                               .region = region,
                                                               .authority = {},
                                                               .display_name = name},
                                           "");
  if (!created) return refuse(created.error().message);
  auto lease = (*pool)->acquire();
  if (!lease) return refuse(lease.error().message);
  if (auto r = service::audit(
          **lease, service::system_now(), "", "account_create", "account:" + created->id,
          {{"role", "admin"}, {"region", region}, {"via", "tidu admin create"}});
      !r) {
    return refuse(r.error().message);
  }
  std::cout << fmt::format(
      "已创建管理员“{}”（{}，地区 {}）。请用该账号登录后创建审核员和专家账号。\n", username, name,
      region);
  return 0;
}

}  // namespace tidu::cli
