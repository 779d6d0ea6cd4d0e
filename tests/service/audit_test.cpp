// The chained audit log on both backends: writers on two connections, in turns and at once, with
// and without a transaction, keep one gap-free chain; records from before the chain are chained
// by the next write; edits, removals and truncation made directly in the database are named.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "service/accounts.hpp"
#include "service/audit_log.hpp"
#include "storage/migrations.hpp"
#include "support/storage.hpp"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using tidu::audit::BreakKind;
using tidu::service::check_audit_log;
using tidu::storage::Database;
using tidu::test::describe;

constexpr auto kWait = std::chrono::seconds(20);

tidu::time::Instant at_minute(int minute) {
  return *tidu::time::parse_instant("2026-03-01T12:00:00+08:00") + std::chrono::minutes(minute);
}

/// One audit record on `db` in its own transaction, as the services write them.
void audit_in_transaction(Database& db, int n) {
  auto tx = tidu::storage::Transaction::begin(db);
  ASSERT_TRUE(tx) << describe(tx.error());
  auto r = tidu::service::audit(db, at_minute(n), "u_reviewer", "review_approve",
                                fmt::format("declaration:d_{}", n),
                                {{"before", "county_review"}, {"after", "city_review"}});
  ASSERT_TRUE(r) << describe(r.error());
  auto done = tx->commit();
  ASSERT_TRUE(done) << describe(done.error());
}

/// One audit record on `db` without a transaction (as Accounts::create writes it).
void audit_alone(Database& db, int n) {
  auto r = tidu::service::audit(db, at_minute(n), "", "account_create",
                                fmt::format("account:u_{}", n), {{"role", "expert"}});
  ASSERT_TRUE(r) << describe(r.error());
}

class AuditLogTest : public tidu::test::MigratedBackendTest {
 protected:
  tidu::service::AuditCheck check(std::size_t page = 7) {
    auto c = check_audit_log(db(), page);
    EXPECT_TRUE(c) << describe(c.error());
    return c ? *c : tidu::service::AuditCheck{};
  }

  void run(const std::string& sql) {
    auto r = db().execute(sql);
    ASSERT_TRUE(r) << describe(r.error());
  }

  std::string id_of(std::int64_t seq) {
    auto rows = db().query("SELECT id FROM audit_log WHERE seq = $1", {seq});
    EXPECT_TRUE(rows && rows->size() == 1);
    return rows && rows->size() == 1 ? rows->front().get_text(0) : std::string{};
  }
};

INSTANTIATE_TEST_SUITE_P(Service, AuditLogTest, tidu::test::all_backends(),
                         tidu::test::backend_name);

TEST_P(AuditLogTest, AnEmptyLogIsWhole) {
  const auto c = check();
  EXPECT_FALSE(c.broken);
  EXPECT_EQ(c.checked, 0);
  EXPECT_EQ(c.head.seq, 0);
  EXPECT_EQ(c.head.hash, tidu::audit::kGenesisHash);
}

TEST_P(AuditLogTest, TwoConnectionsWritingInTurnsKeepOneChain) {
  auto other = open_another(kWait);
  ASSERT_NE(other, nullptr);
  for (int n = 1; n <= 24; ++n) {
    Database& db_n = n % 2 == 0 ? db() : *other;
    if (n % 3 == 0) {
      audit_alone(db_n, n);
    } else {
      audit_in_transaction(db_n, n);
    }
  }
  const auto c = check();
  EXPECT_FALSE(c.broken) << c.broken->reason;
  EXPECT_EQ(c.checked, 24);
  EXPECT_EQ(c.head.seq, 24);
  auto rows = db().query(
      "SELECT seq, object, prev_hash, hash, detail_json FROM audit_log ORDER BY seq LIMIT 2");
  ASSERT_TRUE(rows) << describe(rows.error());
  ASSERT_EQ(rows->size(), 2U);
  EXPECT_EQ((*rows)[0].get_text(1), "declaration:d_1");
  EXPECT_EQ((*rows)[0].get_text(2), tidu::audit::kGenesisHash);
  EXPECT_EQ((*rows)[1].get_text(2), (*rows)[0].get_text(3)) << "each links to the one before";
  EXPECT_EQ(nlohmann::json::parse((*rows)[0].get_text(4))["after"], "city_review");
}

TEST_P(AuditLogTest, WritersAtTheSameTimeAreSerialisedWithoutGaps) {
  constexpr int kEach = 15;
  auto a = open_another(kWait);
  auto b = open_another(kWait);
  auto c = open_another(kWait);
  ASSERT_TRUE(a && b && c);
  // Two writers inside transactions (locked by the head row) and one outside (compare-and-set).
  std::thread ta([&] {
    for (int i = 0; i < kEach; ++i) audit_in_transaction(*a, i);
  });
  std::thread tb([&] {
    for (int i = 0; i < kEach; ++i) audit_in_transaction(*b, 100 + i);
  });
  std::thread tc([&] {
    for (int i = 0; i < kEach; ++i) audit_alone(*c, 200 + i);
  });
  ta.join();
  tb.join();
  tc.join();
  const auto checked = check(10);
  EXPECT_FALSE(checked.broken) << checked.broken->reason;
  EXPECT_EQ(checked.checked, 3 * kEach);
  EXPECT_EQ(checked.head.seq, 3 * kEach);
}

TEST_P(AuditLogTest, AHeadLeftBehindByAnInterruptedWriterIsCaughtUp) {
  for (int n = 1; n <= 3; ++n) audit_in_transaction(db(), n);
  // A writer outside a transaction inserted record 3 and stopped before moving the head.
  auto second = db().query("SELECT hash FROM audit_log WHERE seq = 2");
  ASSERT_TRUE(second && second->size() == 1);
  auto moved = db().execute("UPDATE audit_head SET seq = 2, hash = $1 WHERE id = 1",
                            {second->front().get_text(0)});
  ASSERT_TRUE(moved) << describe(moved.error());
  audit_alone(db(), 4);
  const auto c = check();
  EXPECT_FALSE(c.broken) << c.broken->reason;
  EXPECT_EQ(c.checked, 4);
}

/// A database that starts at version 4, before the chain.
class AuditUpgradeTest : public tidu::test::BackendTest {};

INSTANTIATE_TEST_SUITE_P(Service, AuditUpgradeTest, tidu::test::all_backends(),
                         tidu::test::backend_name);

TEST_P(AuditUpgradeTest, RecordsFromBeforeTheChainAreChainedByTheNextWrite) {
  const fs::path version_4 = dir() / "migrations-4";
  fs::create_directories(version_4);
  for (const auto& entry : fs::directory_iterator(TIDU_MIGRATIONS_DIR)) {
    const std::string name = entry.path().filename().string();
    if (name.ends_with(".sql") && name < "005") fs::copy_file(entry.path(), version_4 / name);
  }
  auto old = tidu::storage::migrate(db(), version_4);
  ASSERT_TRUE(old) << describe(old.error());
  ASSERT_EQ(*old, 4);
  // Two in the same second: the id breaks the tie.
  auto written = db().execute(
      "INSERT INTO audit_log (id, at, account_id, action, object, detail_json) VALUES "
      "('a_b', '2025-05-01T09:00:00+08:00', 'u_1', 'login', 'account:u_1', '{}'), "
      "('a_a', '2025-05-01T09:00:00+08:00', NULL, 'account_create', 'account:u_1', "
      "'{\"role\":\"admin\"}'), "
      "('a_c', '2025-04-01T08:00:00+08:00', NULL, 'account_create', 'account:u_0', '{}')");
  ASSERT_TRUE(written) << describe(written.error());

  auto upgraded = tidu::storage::migrate(db(), TIDU_MIGRATIONS_DIR);
  ASSERT_TRUE(upgraded) << describe(upgraded.error());
  auto numbered = db().query("SELECT id, seq FROM audit_log ORDER BY seq");
  ASSERT_TRUE(numbered) << describe(numbered.error());
  ASSERT_EQ(numbered->size(), 3U);
  EXPECT_EQ((*numbered)[0].get_text(0), "a_c");
  EXPECT_EQ((*numbered)[1].get_text(0), "a_a");
  EXPECT_EQ((*numbered)[2].get_text(0), "a_b");
  EXPECT_EQ((*numbered)[2].get_int(1), 3);

  auto waiting = check_audit_log(db(), 2);
  ASSERT_TRUE(waiting) << describe(waiting.error());
  EXPECT_FALSE(waiting->broken) << waiting->broken->reason;
  EXPECT_EQ(waiting->checked, 0);
  EXPECT_EQ(waiting->unchained, 3);

  auto other = open_another(kWait);
  ASSERT_NE(other, nullptr);
  audit_in_transaction(*other, 1);
  auto chained = check_audit_log(db(), 2);
  ASSERT_TRUE(chained) << describe(chained.error());
  EXPECT_FALSE(chained->broken) << chained->broken->reason;
  EXPECT_EQ(chained->checked, 4);
  EXPECT_EQ(chained->unchained, 0);
  auto newest = db().query("SELECT object FROM audit_log WHERE seq = 4");
  ASSERT_TRUE(newest && newest->size() == 1);
  EXPECT_EQ(newest->front().get_text(0), "declaration:d_1");
}

TEST_P(AuditLogTest, DirectEditsAreNamed) {
  for (int n = 1; n <= 9; ++n) audit_in_transaction(db(), n);
  ASSERT_FALSE(check().broken);

  const std::string fifth = id_of(5);
  run("UPDATE audit_log SET detail_json = '{\"before\":\"draft\",\"after\":\"approved\"}' "
      "WHERE seq = 5");
  auto edited = check(4);
  ASSERT_TRUE(edited.broken);
  EXPECT_EQ(edited.broken->kind, BreakKind::kAltered);
  EXPECT_EQ(edited.broken->seq, 5);
  EXPECT_EQ(edited.broken->id, fifth);
  EXPECT_EQ(edited.checked, 4);

  run("DELETE FROM audit_log WHERE seq = 5");
  auto removed = check(4);
  ASSERT_TRUE(removed.broken);
  EXPECT_EQ(removed.broken->kind, BreakKind::kMissing);
  EXPECT_EQ(removed.broken->seq, 6);
  EXPECT_EQ(removed.broken->reason, "记录缺失（序号 4 之后应为 5，实为 6）");

  run("DELETE FROM audit_log WHERE seq >= 5");
  auto truncated = check(4);
  ASSERT_TRUE(truncated.broken);
  EXPECT_EQ(truncated.broken->kind, BreakKind::kTruncated);
  EXPECT_EQ(truncated.broken->seq, 5);
  EXPECT_THAT(truncated.broken->reason, HasSubstr("链头为序号 9，日志只到序号 4"));
}

TEST_P(AuditLogTest, ARecordWrittenAroundTheChainIsNamed) {
  for (int n = 1; n <= 2; ++n) audit_in_transaction(db(), n);
  run("INSERT INTO audit_log (id, at, account_id, action, object, detail_json) VALUES "
      "('a_forged', '2026-03-01T12:30:00+08:00', NULL, 'review_approve', 'declaration:d_9', "
      "'{}')");
  const auto c = check();
  ASSERT_TRUE(c.broken);
  EXPECT_EQ(c.broken->kind, BreakKind::kUnnumbered);
  EXPECT_EQ(c.broken->id, "a_forged");
}

}  // namespace
