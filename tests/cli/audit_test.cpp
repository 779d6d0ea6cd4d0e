// `tidu audit verify` on the real binary: an installation used through `tidu admin create` and
// the API verifies; a record edited, removed from the middle or removed from the end directly in
// the database is named, and the log verifies again once it is put back. SQLite always,
// PostgreSQL when TIDU_TEST_PG_URL is set.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "storage/database.hpp"
#include "support/api_client.hpp"
#include "support/api_world.hpp"
#include "support/command.hpp"
#include "support/server_process.hpp"
#include "support/storage.hpp"

namespace {

using tidu::storage::Value;
using tidu::test::Backend;
using tidu::test::describe;
using tidu::test::ServerState;

constexpr const char* kPassword = "Ab3$kq9Lmz2!";

using Outcome = tidu::test::CommandOutcome;

Outcome run_tidu(const ServerState& state, const std::string& args) {
  const std::string database =
      state.database_url().empty() ? "" : fmt::format(" --database '{}'", state.database_url());
  return tidu::test::run_command(
      fmt::format("TIDU_ADMIN_PASSWORD='{}' '{}' {} --data '{}'{} 2>&1 </dev/null", kPassword,
                  TIDU_BINARY, args, state.dir().string(), database));
}

Outcome verify(const ServerState& state) { return run_tidu(state, "audit verify"); }

class AuditVerify : public ::testing::TestWithParam<Backend> {
 protected:
  /// A direct connection to the installation's database, as someone tampering would use.
  std::unique_ptr<tidu::storage::Database> connect(const ServerState& state) {
    auto db = state.connect();
    EXPECT_TRUE(db) << describe(db.error());
    return db ? std::move(*db) : nullptr;
  }

  /// Every column of the record numbered `seq`, to put it back later.
  static std::vector<Value> take_row(tidu::storage::Database& db, std::int64_t seq) {
    auto rows = db.query(
        "SELECT id, at, account_id, action, object, detail_json, seq, prev_hash, hash "
        "FROM audit_log WHERE seq = $1",
        {seq});
    EXPECT_TRUE(rows && rows->size() == 1);
    return rows && rows->size() == 1 ? rows->front().values : std::vector<Value>{};
  }

  static void put_back(tidu::storage::Database& db, const std::vector<Value>& row) {
    auto r = db.execute(
        "INSERT INTO audit_log (id, at, account_id, action, object, detail_json, seq, prev_hash, "
        "hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        std::span<const Value>(row));
    ASSERT_TRUE(r) << describe(r.error());
  }

  static void execute(tidu::storage::Database& db, const std::string& sql,
                      std::initializer_list<Value> params) {
    auto r = db.execute(sql, params);
    ASSERT_TRUE(r) << describe(r.error());
  }
};

INSTANTIATE_TEST_SUITE_P(Cli, AuditVerify, tidu::test::all_backends(), tidu::test::backend_name);

TEST_P(AuditVerify, PassesWhenUntouchedAndNamesTheRecordEditedInTheDatabase) {
  TIDU_NEED_BACKEND(GetParam());
  ServerState state(GetParam());

  // An empty installation verifies too.
  const auto empty = verify(state);
  EXPECT_EQ(empty.code, 0) << empty.out;
  EXPECT_NE(empty.out.find("审计日志完整：共 0 条记录"), std::string::npos) << empty.out;

  const auto made = run_tidu(state, "admin create --username root-admin --region 420000");
  ASSERT_EQ(made.code, 0) << made.out;
  {
    tidu::test::ServerProcess server(state.options());
    tidu::test::ApiClient client(server.port());
    const auto login = client.login("root-admin", kPassword);
    ASSERT_EQ(login.status, 200) << login.describe();
    for (int i = 1; i <= 3; ++i) {
      const auto created =
          client.post("/api/v1/accounts", {{"username", fmt::format("expert-{}", i)},
                                           {"password", "Xy7#pr4Wnb8@"},
                                           {"role", "expert"},
                                           {"region", "420000"},
                                           {"display_name", "评审专家"}});
      ASSERT_EQ(created.status, 201) << created.describe();
    }
    EXPECT_EQ(server.stop(), 0) << server.log();
  }

  auto db = connect(state);
  ASSERT_NE(db, nullptr);
  auto counted = db->query("SELECT COUNT(*) FROM audit_log");
  ASSERT_TRUE(counted) << describe(counted.error());
  const std::int64_t total = counted->front().get_int(0);
  ASSERT_GE(total, 5) << "admin create, a sign-in and three accounts";

  const auto untouched = verify(state);
  EXPECT_EQ(untouched.code, 0) << untouched.out;
  EXPECT_NE(untouched.out.find(fmt::format("审计日志完整：共 {} 条记录，链头 ", total)),
            std::string::npos)
      << untouched.out;

  // An edited record is named by its number and id.
  const std::vector<Value> third = take_row(*db, 3);
  ASSERT_EQ(third.size(), 9U);
  const std::string third_id = std::get<std::string>(third[0]);
  execute(*db, "UPDATE audit_log SET detail_json = $1 WHERE seq = 3", {R"({"role":"admin"})"});
  const auto edited = verify(state);
  EXPECT_EQ(edited.code, 1) << edited.out;
  EXPECT_NE(edited.out.find("序号：3\n"), std::string::npos) << edited.out;
  EXPECT_NE(edited.out.find("编号：" + third_id), std::string::npos) << edited.out;
  EXPECT_NE(edited.out.find("记录被修改"), std::string::npos) << edited.out;

  // Put back as it was, the log verifies again: the check is of content, not of touching.
  execute(*db, "UPDATE audit_log SET detail_json = $1 WHERE seq = 3", {third[5]});
  const auto restored = verify(state);
  EXPECT_EQ(restored.code, 0) << restored.out;

  // A record removed from the middle: the gap is named at the record after it.
  const std::string fourth_id = std::get<std::string>(take_row(*db, 4)[0]);
  execute(*db, "DELETE FROM audit_log WHERE seq = 3", {});
  const auto gap = verify(state);
  EXPECT_EQ(gap.code, 1) << gap.out;
  EXPECT_NE(gap.out.find("记录缺失（序号 2 之后应为 3，实为 4）"), std::string::npos) << gap.out;
  EXPECT_NE(gap.out.find("编号：" + fourth_id), std::string::npos) << gap.out;
  put_back(*db, third);
  EXPECT_EQ(verify(state).code, 0);

  // The last record removed: only the head still knows it was there.
  execute(*db, "DELETE FROM audit_log WHERE seq = $1", {total});
  const auto truncated = verify(state);
  EXPECT_EQ(truncated.code, 1) << truncated.out;
  EXPECT_NE(truncated.out.find(fmt::format("序号：{}\n", total)), std::string::npos)
      << truncated.out;
  EXPECT_NE(truncated.out.find(fmt::format("链头不符（最后一条记录之后被删除：链头为序号 {}，"
                                           "日志只到序号 {}）",
                                           total, total - 1)),
            std::string::npos)
      << truncated.out;
}

TEST(AuditVerifyUsage, AnUnknownSubcommandPrintsUsage) {
  ServerState state(Backend::kSqlite);
  const auto r = run_tidu(state, "audit show");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("用法：tidu audit verify"), std::string::npos) << r.out;
}

}  // namespace
