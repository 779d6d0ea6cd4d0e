// `tidu serve` as processes: two servers on one PostgreSQL schema share drafts, sessions and
// files; a submission acknowledged with 200 survives the server being killed with SIGKILL, also
// when the kill falls in the middle of a rush of simultaneous submissions (issue 8 item 2:
// TIDU_CRASH_ROUNDS rounds, 3 unless set; `scripts/crash-test` runs 20), after which the database
// passes its integrity check, and each acknowledged submission's copied-text check is done or
// queued, and the restarted server works the queued ones off.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "support/api_client.hpp"
#include "support/api_world.hpp"
#include "support/report.hpp"
#include "support/server_process.hpp"
#include "support/storage.hpp"

namespace {

using nlohmann::json;
using tidu::test::ApiClient;
using tidu::test::Backend;
using tidu::test::ServerProcess;
using tidu::test::ServerState;

std::map<std::string, std::string> during_round() {
  return {{"TIDU_TEST_NOW", tidu::test::kDuringRound}};
}

TEST(ProcessPostgres, TwoServersOnOneSchemaShareDraftsSessionsAndFiles) {
  TIDU_NEED_BACKEND(Backend::kPostgres);
  ServerState state(Backend::kPostgres);
  // Both start on an empty schema: the second finds the migrations applied by the first.
  ServerProcess a(state.options(during_round()));
  ServerProcess b(state.options(during_round()));
  ASSERT_NE(a.port(), b.port());

  auto e = tidu::test::register_enterprise(a.port());
  const auto created = e.client.post("/api/v1/declarations", {{"round", tidu::test::kOpenRound}});
  ASSERT_EQ(created.status, 201) << created.describe();
  const std::string id = created.json["id"];
  const std::string path = "/api/v1/declarations/" + id;
  const auto sample = tidu::declaration::to_json(
      tidu::declaration::make_sample(tidu::test::policy(tidu::test::kOpenRound), 7));
  const auto saved =
      e.client.put(path + "/sections/narrative",
                   {{"version", created.json["version"]}, {"content", sample["narrative"]}});
  ASSERT_EQ(saved.status, 200) << saved.describe();
  const std::string name = "营业执照.pdf";
  const std::string bytes = tidu::test::pdf_bytes("shared " + id);
  const auto up = e.client.upload(path + "/files?name=" + tidu::test::url_encode(name), bytes);
  ASSERT_EQ(up.status, 201) << up.describe();

  // The session opened on A is valid on B: sessions live in the database.
  ApiClient on_b(b.port());
  on_b.adopt(e.client);
  const auto read = on_b.get(path);
  ASSERT_EQ(read.status, 200) << read.describe();
  EXPECT_EQ(read.json["version"], saved.json["version"]);
  EXPECT_EQ(read.json["document"]["narrative"], saved.json["content"]);
  // Files written through A are read through B (the database file store).
  const auto down = on_b.get(path + "/files/" + std::string(up.json["sha256"]));
  ASSERT_EQ(down.status, 200) << down.describe();
  EXPECT_EQ(down.body, bytes);

  // A save through B with the version A returned succeeds; A then sees it and refuses the stale.
  auto narrative = sample["narrative"];
  narrative["background"] = "在第二个服务进程中修改的项目背景。";
  const auto via_b = on_b.put(path + "/sections/narrative",
                              {{"version", saved.json["version"]}, {"content", narrative}});
  ASSERT_EQ(via_b.status, 200) << via_b.describe();
  const auto stale = e.client.put(path + "/sections/narrative", {{"version", saved.json["version"]},
                                                                 {"content", sample["narrative"]}});
  EXPECT_EQ(stale.status, 409) << stale.describe();
  EXPECT_EQ(stale.json["details"]["current_version"], via_b.json["version"]);
  const auto on_a = e.client.get(path);
  EXPECT_EQ(on_a.json["document"]["narrative"]["background"], narrative["background"]);

  // Signing out through B ends the session on A too.
  EXPECT_EQ(on_b.del("/api/v1/session").status, 204);
  EXPECT_EQ(e.client.get("/api/v1/session").status, 401);

  EXPECT_EQ(a.stop(), 0) << a.log();
  EXPECT_EQ(b.stop(), 0) << b.log();
}

class ProcessCrash : public ::testing::TestWithParam<Backend> {};

TEST_P(ProcessCrash, AnAcknowledgedSubmissionSurvivesSigkill) {
  TIDU_NEED_BACKEND(GetParam());
  ServerState state(GetParam());
  ServerProcess server(state.options(during_round()));
  auto e = tidu::test::register_enterprise(server.port());
  const auto filled = tidu::test::fill_complete_declaration(e, 8);
  const std::string path = "/api/v1/declarations/" + filled.id;

  const auto submitted = e.client.post(path + "/submit", json::object());
  ASSERT_EQ(submitted.status, 200) << submitted.describe();
  EXPECT_EQ(server.kill(), 128 + SIGKILL);

  ASSERT_NO_THROW(server.restart()) << server.log();
  e.client.set_port(server.port());
  const auto versions = e.client.get(path + "/versions");
  ASSERT_EQ(versions.status, 200) << "the session survives too: " << versions.describe();
  ASSERT_EQ(versions.json["versions"].size(), 1U) << versions.body;
  EXPECT_EQ(versions.json["versions"][0]["number"], 1);
  EXPECT_EQ(versions.json["versions"][0]["sha256"], submitted.json["sha256"]);
  const auto d = e.client.get(path);
  EXPECT_EQ(d.json["state"], "submitted");
  EXPECT_EQ(d.json["snapshot_number"], 1);
  // Submitting again after the restart is the same snapshot, not a new one.
  const auto again = e.client.post(path + "/submit", json::object());
  ASSERT_EQ(again.status, 200) << again.describe();
  EXPECT_EQ(again.json["sha256"], submitted.json["sha256"]);
  EXPECT_EQ(again.json["number"], 1);
  // The attachments are there as well.
  const auto down = e.client.get(path + "/files/" + filled.attachment_hashes.back());
  EXPECT_EQ(down.status, 200) << down.describe();
  EXPECT_EQ(server.stop(), 0) << server.log();
}

TEST_P(ProcessCrash, EveryAcknowledgedSubmissionOfARushSurvivesSigkill) {
  TIDU_NEED_BACKEND(GetParam());
  const char* wanted = std::getenv("TIDU_CRASH_ROUNDS");
  const int rounds = wanted != nullptr ? std::max(1, std::atoi(wanted)) : 3;
  constexpr int kRush = 6;  // enterprises submitting at once
  ServerState state(GetParam());
  ServerProcess server(state.options(during_round()));
  std::mt19937 random(std::random_device{}());
  int acknowledged_total = 0;
  int sent_total = 0;
  for (int round = 0; round < rounds; ++round) {
    // Drafts ready to submit, on the running server.
    struct Rush {
      tidu::test::EnterpriseUser e;
      std::string id;
    };
    std::vector<Rush> rush;
    for (int i = 0; i < kRush; ++i) {
      auto e = tidu::test::register_enterprise(server.port());
      const auto filled =
          tidu::test::fill_complete_declaration(e, static_cast<std::uint32_t>(round * kRush + i));
      rush.push_back({std::move(e), filled.id});
    }
    // All at once; the server is killed a few milliseconds in.
    struct Ack {
      std::string id;
      std::int64_t number;
      std::string sha256;
    };
    std::vector<Ack> acks;
    std::mutex acks_mutex;
    std::vector<std::thread> senders;
    for (auto& r : rush) {
      senders.emplace_back([&r, &acks, &acks_mutex] {
        try {
          const auto reply =
              r.e.client.post("/api/v1/declarations/" + r.id + "/submit", json::object());
          if (reply.status != 200) return;
          const std::lock_guard lock(acks_mutex);
          acks.push_back(
              {r.id, reply.json.value("number", std::int64_t{0}), reply.json.value("sha256", "")});
        } catch (const std::exception&) {
          // the connection died with the server: not acknowledged
        }
      });
    }
    // Killed once the first acknowledgement is in (or after 3 s), a little later still, while the
    // others are being written.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    for (;;) {
      {
        const std::lock_guard lock(acks_mutex);
        if (!acks.empty()) break;
      }
      if (std::chrono::steady_clock::now() > give_up) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(random() % 300));
    EXPECT_EQ(server.kill(), 128 + SIGKILL);
    for (auto& t : senders) t.join();
    ASSERT_NO_THROW(server.restart()) << server.log();

    auto db = state.connect();
    ASSERT_TRUE(db) << tidu::test::describe(db.error());
    for (const auto& a : acks) {
      auto rows = (*db)->query(
          "SELECT d.state, d.snapshot_number, s.sha256 FROM declarations d JOIN snapshots s ON "
          "s.declaration_id = d.id AND s.number = $2 WHERE d.id = $1",
          {a.id, a.number});
      ASSERT_TRUE(rows) << tidu::test::describe(rows.error());
      ASSERT_EQ(rows->size(), 1U) << "acknowledged submission " << a.id << " is lost";
      EXPECT_EQ((*rows)[0].get_text(0), "submitted") << a.id;
      EXPECT_EQ((*rows)[0].get_int(1), a.number) << a.id;
      EXPECT_EQ((*rows)[0].get_text(2), a.sha256) << a.id;
      // Its copied-text check is done, or waits in the backlog queued by the same transaction.
      auto check = (*db)->query(
          "SELECT (SELECT COUNT(*) FROM text_check_backlog WHERE declaration_id = $1 AND "
          "snapshot = $2) + (SELECT COUNT(*) FROM text_passages WHERE declaration_id = $1 AND "
          "snapshot_number = $2)",
          {a.id, a.number});
      ASSERT_TRUE(check) << tidu::test::describe(check.error());
      EXPECT_GT((*check)[0].get_int(0), 0) << "the check of " << a.id << " is lost";
    }
    // Whatever was not acknowledged is either a draft or whole: no declaration names a version
    // that is missing.
    auto dangling = (*db)->query(
        "SELECT COUNT(*) FROM declarations d WHERE d.snapshot_number > 0 AND NOT EXISTS (SELECT 1 "
        "FROM snapshots s WHERE s.declaration_id = d.id AND s.number = d.snapshot_number)");
    ASSERT_TRUE(dangling) << tidu::test::describe(dangling.error());
    EXPECT_EQ((*dangling)[0].get_int(0), 0);
    if (GetParam() == Backend::kSqlite) {
      auto integrity = (*db)->query("PRAGMA integrity_check");
      ASSERT_TRUE(integrity) << tidu::test::describe(integrity.error());
      EXPECT_EQ((*integrity)[0].get_text(0), "ok");
    }
    sent_total += kRush;
    acknowledged_total += static_cast<int>(acks.size());
  }
  // The checks the kills left waiting are worked off by the restarted server.
  const auto checks_from = std::chrono::steady_clock::now();
  std::int64_t left = -1;
  for (;;) {
    auto db = state.connect();
    ASSERT_TRUE(db) << tidu::test::describe(db.error());
    auto rows = (*db)->query("SELECT COUNT(*) FROM text_check_backlog");
    ASSERT_TRUE(rows) << tidu::test::describe(rows.error());
    left = (*rows)[0].get_int(0);
    if (left == 0 || std::chrono::steady_clock::now() - checks_from > std::chrono::seconds(120))
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(left, 0) << "copied-text checks still waiting two minutes after the last restart";
  const double checks_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - checks_from).count();
  const bool sqlite = GetParam() == Backend::kSqlite;
  tidu::test::report(fmt::format(
      "[ crash ] {}: {} rounds killed with SIGKILL mid-rush: {} submissions sent, {} "
      "acknowledged, all {} present with their hashes and their copied-text checks done or "
      "queued, no declaration names a missing version{}; the last server worked the backlog off "
      "in {:.1f} s",
      sqlite ? "sqlite" : "postgresql", rounds, sent_total, acknowledged_total, acknowledged_total,
      sqlite ? ", PRAGMA integrity_check ok" : "", checks_s));
  EXPECT_EQ(server.stop(), 0) << server.log();
}

INSTANTIATE_TEST_SUITE_P(Backends, ProcessCrash, tidu::test::all_backends(),
                         tidu::test::backend_name);

}  // namespace
