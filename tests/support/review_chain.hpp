#pragma once
// The review-chain tests' world over real HTTP (tests/api/review_chain_test.cpp and
// tests/api/province_stages_test.cpp): the rounds' dates and regions, small helpers reading
// replies, and the ReviewChain fixture — one server state per test (a data folder, or a fresh
// PostgreSQL schema), staff accounts created in the database, and servers started on demand with
// their own clocks (TIDU_TEST_NOW fixes the start instant; the clock then runs forward).
//
// Header-only, included by one test file each; everything is in an unnamed namespace.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support/api_client.hpp"
#include "support/api_world.hpp"
#include "support/review_world.hpp"
#include "support/server_process.hpp"
#include "support/storage.hpp"

namespace {

using nlohmann::json;
using tidu::test::ApiClient;
using tidu::test::ApiReply;
using tidu::test::Backend;
using tidu::test::EnterpriseUser;
using tidu::test::ServerProcess;
using tidu::test::ServerState;
using tidu::test::StaffAccount;

constexpr const char* kFujian = "fj-2025-advanced";
constexpr const char* kShaanxi = "sn-2024-excellent";
constexpr const char* kJiangxi = "jx-2025-advanced";
constexpr const char* kTianmenRound = "hb-tianmen-2026-basic";

// Fujian: window 2025-03-21 … 2025-04-10T23:59:59+08:00; the city (福州市) files by the same
// instant; the county (福清市) has no deadline of its own.
constexpr const char* kFjDuring = "2025-04-01T10:00:00+08:00";
constexpr const char* kFjLastDay = "2025-04-10T18:00:00+08:00";
constexpr const char* kFjLate = "2025-04-11T09:00:00+08:00";
constexpr const char* kFjCityDeadline = "2025-04-10T23:59:59+08:00";
constexpr const char* kFuqing = "350181";  // 福清市 (county)
constexpr const char* kMinhou = "350121";  // 闽侯县 (another county of 福州市)
constexpr const char* kFuzhou = "350100";  // 福州市 (city)
constexpr const char* kFujianProvince = "350000";

// Shaanxi: window 2024-11-08 … 2024-11-22; the city's list is recommended jointly.
constexpr const char* kSnDuring = "2024-11-20T10:00:00+08:00";
constexpr const char* kXian = "610100";  // 西安市, quota 15

// Jiangxi: window 2025-02-25 … 2025-05-06.
constexpr const char* kJxDuring = "2025-04-20T10:00:00+08:00";
constexpr const char* kYingtan = "360600";   // 鹰潭市, quota 4
constexpr const char* kNanchang = "360100";  // 南昌市, the default quota 7

// Tianmen: townships file their nomination lists by 03-01, the city by 03-15.
constexpr const char* kTmMarch1 = "2026-03-01T10:00:00+08:00";
constexpr const char* kTmMarch2 = "2026-03-02T09:00:00+08:00";
constexpr const char* kTmMarch14 = "2026-03-14T10:00:00+08:00";
constexpr const char* kTmTownshipDeadline = "2026-03-01T23:59:59+08:00";
constexpr const char* kDuobao = "429006100";  // 多宝镇 (township of 天门市)
constexpr const char* kTianmenCity = "429006";

inline std::string decl_path(const std::string& id) { return "/api/v1/declarations/" + id; }
inline std::string batch_path(const std::string& round, const std::string& rest = "") {
  return fmt::format("/api/v1/rounds/{}/batch{}", round, rest);
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// The error message of a reply, empty when there is none.
inline std::string message_of(const ApiReply& r) {
  return r.json.is_object() && r.json.contains("message") && r.json["message"].is_string()
             ? r.json["message"].get<std::string>()
             : std::string{};
}

/// The declaration is in `state` at route level `level`, as `c` reads it.
inline ::testing::AssertionResult is_at(const ApiClient& c, const std::string& id,
                                        const std::string& state, const std::string& level) {
  auto r = c.get(decl_path(id));
  if (r.status != 200) return ::testing::AssertionFailure() << "GET " << id << ": " << r.describe();
  if (r.json.value("state", "") != state || r.json.value("level", "") != level) {
    return ::testing::AssertionFailure()
           << id << " is " << r.json.value("state", "?") << "@" << r.json.value("level", "?")
           << ", expected " << state << "@" << level;
  }
  return ::testing::AssertionSuccess();
}

/// A review action on one declaration with its opinion.
inline ApiReply act(const ApiClient& c, const std::string& id, const std::string& action,
                    const std::string& opinion = "") {
  return c.post(decl_path(id) + "/actions/" + action, {{"opinion", opinion}});
}

/// The actions the caller is offered for a declaration now.
inline ApiReply actions_of(const ApiClient& c, const std::string& id) {
  return c.get(decl_path(id) + "/actions");
}

/// The offer of one action in an actions reply, null when it is not offered.
inline json offer(const ApiReply& actions, const std::string& action) {
  if (!actions.json.is_object() || !actions.json.contains("actions")) return nullptr;
  for (const auto& a : actions.json["actions"]) {
    if (a.value("action", "") == action) return a;
  }
  return nullptr;
}

/// The offer is there and allowed.
inline bool allowed(const json& offered) {
  return offered.is_object() && offered.contains("allowed") && offered["allowed"] == true;
}

/// The offer is there and not allowed.
inline bool refused(const json& offered) {
  return offered.is_object() && offered.contains("allowed") && offered["allowed"] == false;
}

/// The reasons of an offer joined, for substring checks.
inline std::string reasons_text(const json& offered) {
  std::string out;
  if (!offered.is_object() || !offered.contains("reasons")) return out;
  for (const auto& r : offered["reasons"]) out += r.get<std::string>() + "\n";
  return out;
}

/// The reasons in a refusal's details joined.
inline std::string refusal_reasons(const ApiReply& r) {
  std::string out;
  if (!r.json.is_object() || !r.json.contains("details") || !r.json["details"].is_object() ||
      !r.json["details"].contains("reasons"))
    return out;
  for (const auto& x : r.json["details"]["reasons"]) out += x.get<std::string>() + "\n";
  return out;
}

/// The entry of a declaration in a list (batch), null when absent.
inline json entry_of(const json& batch, const std::string& id) {
  if (!batch.is_object() || !batch.contains("entries")) return nullptr;
  for (const auto& e : batch["entries"]) {
    if (e.value("declaration_id", "") == id) return e;
  }
  return nullptr;
}

/// The declaration ids of a list in the order given.
inline std::vector<std::string> entry_ids(const json& batch) {
  std::vector<std::string> out;
  if (!batch.is_object() || !batch.contains("entries")) return out;
  for (const auto& e : batch["entries"]) out.push_back(e.value("declaration_id", ""));
  return out;
}

/// The declaration ids of a list, in any order.
inline std::set<std::string> id_set(const json& batch) {
  const auto ids = entry_ids(batch);
  return {ids.begin(), ids.end()};
}

/// The ids of a list's entries in rank order (rank 1 first).
inline std::vector<std::string> ids_by_rank(const json& batch) {
  std::vector<std::pair<std::int64_t, std::string>> ranked;
  if (batch.is_object() && batch.contains("entries")) {
    for (const auto& e : batch["entries"]) {
      ranked.emplace_back(
          e.contains("rank") && e["rank"].is_number() ? e["rank"].get<std::int64_t>() : 1'000'000,
          e.value("declaration_id", ""));
    }
  }
  std::ranges::stable_sort(ranked, {}, &std::pair<std::int64_t, std::string>::first);
  std::vector<std::string> out;
  for (auto& [rank, id] : ranked) out.push_back(id);
  return out;
}

/// The filed lists of GET /rounds/{round}/batches: the array itself or its `batches` member.
inline json filed_lists(const ApiReply& r) {
  if (r.json.is_array()) return r.json;
  for (const auto* key : {"batches", "items"}) {
    if (r.json.is_object() && r.json.contains(key)) return r.json[key];
  }
  return json::array();
}

/// The filed list of a unit among filed lists, null when absent.
inline json list_of_unit(const json& lists, const std::string& unit_code) {
  for (const auto& b : lists) {
    if (b.contains("unit") && b["unit"].value("code", "") == unit_code) return b;
  }
  return nullptr;
}

/// The authorities that signed a list.
inline std::set<std::string> signed_by(const json& batch) {
  std::set<std::string> out;
  if (!batch.is_object() || !batch.contains("joint") || !batch["joint"].contains("signed"))
    return out;
  for (const auto& s : batch["joint"]["signed"]) out.insert(s.value("authority", ""));
  return out;
}

class ReviewChain : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    TIDU_NEED_BACKEND(GetParam());
    try {
      state_ = std::make_unique<ServerState>(GetParam());
    } catch (const std::exception& e) {
      FAIL() << "cannot prepare the server state: " << e.what();
    }
  }

  void TearDown() override {
    const bool failed = HasFailure();
    for (auto& [clock, server] : servers_) {
      const std::string log = server->log();
      EXPECT_EQ(server->stop(), 0) << "tidu serve (" << clock << ") did not stop cleanly:\n" << log;
      EXPECT_EQ(log.find("error "), std::string::npos)
          << "the server (" << clock << ") logged an internal error:\n"
          << log;
      if (failed) {
        const std::size_t keep = 6000;
        std::cerr << "---- tidu serve log (clock " << clock << "), last " << keep << " bytes ----\n"
                  << (log.size() > keep ? log.substr(log.size() - keep) : log) << "\n----\n";
      }
    }
    servers_.clear();
    state_.reset();
  }

  /// Creates the staff accounts in the database (before or while servers run).
  void create_staff(const std::vector<StaffAccount>& staff) {
    std::vector<tidu::service::NewAccount> accounts;
    for (const auto& s : staff) accounts.push_back(s.new_account());
    state_->create_accounts(accounts);
  }

  /// The port of the server whose clock started at `clock`; started on first use.
  unsigned short port_at(const std::string& clock) {
    auto& slot = servers_[clock];
    if (!slot) slot = std::make_unique<ServerProcess>(state_->options({{"TIDU_TEST_NOW", clock}}));
    return slot->port();
  }

  /// A staff member signed in on the server of `clock`. (A session opened on one server is valid
  /// on the others, but it expires by their clocks: a session of 04-01 is over on 04-10.)
  ApiClient sign_in(const StaffAccount& s, const std::string& clock) {
    ApiClient c(port_at(clock));
    auto r = c.login(s.username, s.password);
    if (r.status != 200) throw std::runtime_error("login " + s.username + ": " + r.describe());
    return c;
  }

  /// An enterprise registered in `region` whose complete declaration of `round` was submitted on
  /// the server of `clock` (the sample `variant`, changed by `tweak` when given).
  struct Submitted {
    EnterpriseUser enterprise;
    std::string id;
    json document;
    json snapshot;
  };
  Submitted submitted(const std::string& round, const std::string& region, const std::string& clock,
                      const std::string& name_prefix, std::uint32_t variant,
                      const std::function<void(tidu::declaration::Declaration&)>& tweak = {}) {
    auto e = tidu::test::register_enterprise_in(port_at(clock), region, name_prefix);
    auto filled = tidu::test::fill_round_declaration(e, round, variant, tweak);
    auto snapshot = tidu::test::submit_declaration(e, filled.id);
    return Submitted{std::move(e), filled.id, std::move(filled.document), std::move(snapshot)};
  }

  /// Records both blacklist checks (国家企业信用信息公示系统, 中国执行信息公开网) as `reviewer`,
  /// each with an evidence file uploaded with POST /reviews/files.
  void record_blacklist(const ApiClient& reviewer, const std::string& id,
                        const std::string& gsxt = "clear", const std::string& zxgk = "clear") {
    for (const auto& [source, result] :
         {std::pair{std::string("gsxt"), gsxt}, std::pair{std::string("zxgk"), zxgk}}) {
      auto evidence = reviewer.upload(
          "/api/v1/reviews/files?name=" + tidu::test::url_encode(source + "查询结果.pdf"),
          tidu::test::pdf_bytes("evidence " + id + " " + source));
      ASSERT_EQ(evidence.status / 100, 2) << evidence.describe();
      auto r = reviewer.post(decl_path(id) + "/blacklist-checks",
                             {{"source", source},
                              {"result", result},
                              {"note", "查询日期当日未发现失信记录"},
                              {"evidence", evidence.json.value("sha256", "")}});
      ASSERT_EQ(r.status, 201) << source << ": " << r.describe();
    }
  }

  /// Uploads the list's letter (a PDF) as `reviewer`; the list with its letter.
  ApiReply upload_letter(const ApiClient& reviewer, const std::string& round,
                         const std::string& name, const std::string& tag) {
    return reviewer.upload(batch_path(round, "/letter?name=" + tidu::test::url_encode(name)),
                           tidu::test::pdf_bytes(tag));
  }

  std::unique_ptr<ServerState> state_;
  std::map<std::string, std::unique_ptr<ServerProcess>> servers_;
};

}  // namespace
