#pragma once
// What the review-chain tests over real HTTP set up beyond tests/support/api_world.hpp: staff
// accounts of any level and region, enterprises registered in any region (a valid 统一社会信用代码
// of that region), and declarations of any round filled through the API from the round's sample
// (declaration::make_sample), which passes every eligibility rule of the round: its enterprise
// part carries the titles and earlier tiers the round's prerequisites name (Fujian's basic-level
// self-evaluation, Shaanxi's demonstration titles) and the maturity level the round asks for, and
// the server's checker takes those registry facts from the declaration's enterprise part.
//
// Header-only: tests/CMakeLists.txt compiles only the *_test.cpp files and named helpers.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "declaration/json_io.hpp"
#include "declaration/sample.hpp"
#include "service/accounts.hpp"
#include "support/api_client.hpp"
#include "support/api_world.hpp"
#include "support/world.hpp"

namespace tidu::test {

/// A staff account (reviewer, co-recommending department or administrator).
struct StaffAccount {
  std::string username;
  std::string password;
  std::string role;   ///< reviewer, co_department, admin
  std::string level;  ///< township, county, city, province; empty for an administrator
  std::string region;
  std::string authority;  ///< 工信, 发改, …; empty for an administrator
  std::string display_name;

  service::NewAccount new_account() const {
    return service::NewAccount{.username = username,
                               .password = password,
                               .role = role,
                               .level = level,
                               .region = region,
                               .authority = authority,
                               .display_name = display_name};
  }
  nlohmann::json to_json() const {
    return {{"username", username},
            {"password", password},
            {"role", role},
            {"level", level},
            {"region", region},
            {"authority", authority},
            {"display_name", display_name},
            {"extra", nlohmann::json::object()}};
  }
};

/// A reviewer of `level` and `region` for `authority`.
inline StaffAccount reviewer_account(std::string username, std::string level, std::string region,
                                     std::string authority, std::string display_name) {
  return StaffAccount{.username = std::move(username),
                      .password = "Review-Chain-2025!",
                      .role = "reviewer",
                      .level = std::move(level),
                      .region = std::move(region),
                      .authority = std::move(authority),
                      .display_name = std::move(display_name)};
}

/// A platform administrator (sitting at `region`).
inline StaffAccount admin_account(std::string username, std::string region) {
  return StaffAccount{.username = std::move(username),
                      .password = "Admin-Platform-2025!",
                      .role = "admin",
                      .level = "",
                      .region = std::move(region),
                      .authority = "",
                      .display_name = "平台管理员"};
}

/// Registers an enterprise of `region` (any region of the catalogue) with POST
/// /api/v1/enterprises and signs in. The credit code is valid and registered in the region's
/// six-digit ancestor.
inline EnterpriseUser register_enterprise_in(unsigned short port, const std::string& region,
                                             const std::string& name_prefix) {
  const std::uint32_t serial = next_serial();
  EnterpriseUser e{.id = {},
                   .username = fmt::format("rc.qiye{}", serial),
                   .password = fmt::format("Rc-Secret-{}x!", serial * 7919),
                   .credit_code = declaration::make_credit_code(region.substr(0, 6), 7000 + serial),
                   .name = fmt::format("{}智能装备有限公司{}", name_prefix, serial),
                   .region = region,
                   .client = ApiClient(port)};
  const auto r = e.client.post("/api/v1/enterprises", {{"credit_code", e.credit_code},
                                                       {"name", e.name},
                                                       {"region", e.region},
                                                       {"contact_name", "李明"},
                                                       {"contact_mobile", "13800138000"},
                                                       {"username", e.username},
                                                       {"password", e.password}});
  expect_status(r, 201, "register enterprise in " + region);
  e.id = r.json.at("enterprise_id").get<std::string>();
  expect_status(e.client.login(e.username, e.password), 200, "login " + e.username);
  return e;
}

/// Submits the declaration; throws unless the answer is 200. The snapshot.
inline nlohmann::json submit_declaration(const EnterpriseUser& e, const std::string& id) {
  const auto r = e.client.post("/api/v1/declarations/" + id + "/submit", nlohmann::json::object());
  if (r.status != 200) {
    const auto report = e.client.post("/api/v1/declarations/" + id + "/validate", {});
    throw std::runtime_error(
        fmt::format("submit {}: {}\nchecker: {}", id, r.describe(), report.body.substr(0, 3000)));
  }
  return r.json;
}

}  // namespace tidu::test
