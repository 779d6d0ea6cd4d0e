// The administrator's round definitions over real HTTP, on SQLite and on PostgreSQL: the running
// definition is shown with its origin, a definition with faults is refused with each fault's line
// and path, a save from an outdated version is refused, a saved version is pending on the running
// server and in force on a server started after it; others may not see or change definitions.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "support/review_chain.hpp"

namespace {

using nlohmann::json;

const StaffAccount kRoundAdmin{"rounds.admin", "Rounds-Admin-2026!", "admin", "", "350000", "",
                               "平台管理员"};

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

class RoundDefinitionApi : public ReviewChain {};

TEST_P(RoundDefinitionApi, AdministratorsCheckAndSaveDefinitionsThatTakeEffectOnTheNextStart) {
  const auto city =
      tidu::test::reviewer_account("rd.fuzhou", "city", kFuzhou, "工信", "福州市审核员");
  create_staff({kRoundAdmin, city});
  auto admin = sign_in(kRoundAdmin, kFjDuring);
  auto reviewer = sign_in(city, kFjDuring);
  const std::string path = std::string("/api/v1/admin/rounds/") + kFujian;

  // The running definition: the shipped file.
  const auto current = admin.get(path);
  ASSERT_EQ(current.status, 200) << current.describe();
  EXPECT_EQ(current.json["version"], 0);
  EXPECT_NE(current.json["origin"].get<std::string>().find("fj-2025-advanced.yaml"),
            std::string::npos);
  const std::string yaml = current.json["yaml"];
  EXPECT_NE(yaml.find("closes: 2025-04-10T23:59:59+08:00"), std::string::npos);

  // Others see nothing of it.
  for (const auto& target : {std::string("/api/v1/admin/rounds"), path}) {
    const auto r = reviewer.get(target);
    EXPECT_EQ(r.status, 403) << r.describe();
  }
  EXPECT_EQ(reviewer.put(path, {{"yaml", yaml}, {"base_version", 0}}).status, 403);

  // Checking finds each fault with its line; saving refuses the definition and stores nothing.
  const auto broken =
      replaced(yaml, "closes: 2025-04-10T23:59:59+08:00", "closes: 2025-04-31T23:59:59+08:00");
  const auto check = admin.post("/api/v1/admin/rounds/check", {{"yaml", broken}});
  ASSERT_EQ(check.status, 200) << check.describe();
  EXPECT_FALSE(check.json["ok"].get<bool>());
  ASSERT_EQ(check.json["faults"].size(), 1U) << check.body;
  EXPECT_EQ(check.json["faults"][0]["line"], 26);
  EXPECT_EQ(check.json["faults"][0]["path"], "window.closes");
  const auto refused = admin.put(path, {{"yaml", broken}, {"base_version", 0}});
  EXPECT_EQ(refused.status, 422) << refused.describe();
  EXPECT_EQ(refused.code(), "VALIDATION_FAILED");
  EXPECT_EQ(admin.get(path).json["version"], 0) << "nothing stored";
  const auto other_id = admin.put(std::string("/api/v1/admin/rounds/") + kJiangxi,
                                  {{"yaml", yaml}, {"base_version", 0}});
  EXPECT_EQ(other_id.status, 422) << "the text names fj-2025-advanced";

  // The deadline moved by a week, saved as version 1: pending on the running server.
  const auto extended =
      replaced(yaml, "closes: 2025-04-10T23:59:59+08:00", "closes: 2025-04-17T23:59:59+08:00");
  const auto saved =
      admin.put(path, {{"yaml", extended}, {"base_version", 0}, {"note", "截止时间延后一周"}});
  ASSERT_EQ(saved.status, 201) << saved.describe();
  EXPECT_EQ(saved.json["version"], 1);
  EXPECT_TRUE(saved.json["pending"].get<bool>());
  const auto stale = admin.put(path, {{"yaml", extended}, {"base_version", 0}});
  EXPECT_EQ(stale.status, 409) << stale.describe();
  EXPECT_EQ(stale.code(), "VERSION_CONFLICT");
  const auto list = admin.get("/api/v1/admin/rounds");
  ASSERT_EQ(list.status, 200) << list.describe();
  bool listed = false;
  for (const auto& r : list.json["rounds"]) {
    if (r["id"] != kFujian) continue;
    listed = true;
    EXPECT_EQ(r["stored_version"], 1);
    EXPECT_EQ(r["running_version"], 0);
    EXPECT_TRUE(r["pending"].get<bool>());
  }
  EXPECT_TRUE(listed) << list.body;
  ApiClient running(port_at(kFjDuring));
  EXPECT_EQ(running.get(std::string("/api/v1/rounds/") + kFujian).json["closes"],
            "2025-04-10T23:59:59+08:00");

  // A server started afterwards runs version 1: the window is still open on 04-11.
  ApiClient later(port_at(kFjLate));
  const auto round = later.get(std::string("/api/v1/rounds/") + kFujian);
  ASSERT_EQ(round.status, 200) << round.describe();
  EXPECT_EQ(round.json["closes"], "2025-04-17T23:59:59+08:00");
  auto admin_later = sign_in(kRoundAdmin, kFjLate);
  const auto now_running = admin_later.get(path);
  EXPECT_EQ(now_running.json["running_version"], 1);
  EXPECT_FALSE(now_running.json["pending"].get<bool>());
}

INSTANTIATE_TEST_SUITE_P(Backends, RoundDefinitionApi, tidu::test::all_backends(),
                         tidu::test::backend_name);

}  // namespace
