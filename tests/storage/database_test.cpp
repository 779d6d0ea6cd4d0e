// The database interface on both backends: binding, rows affected, constraint and busy errors,
// transactions. PostgreSQL cases need TIDU_TEST_PG_URL (see tests/support/storage.hpp).
#include "storage/database.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/text.hpp"
#include "storage/postgres.hpp"
#include "storage/sql_log.hpp"
#include "storage/sqlite.hpp"
#include "support/storage.hpp"

namespace {

using ::testing::HasSubstr;
using tidu::storage::Row;
using tidu::storage::Transaction;
using tidu::storage::Value;
using tidu::test::Backend;
using tidu::test::describe;
namespace codes = tidu::storage::codes;

constexpr const char* kCreatePeople =
    "CREATE TABLE people (id TEXT NOT NULL PRIMARY KEY, name TEXT UNIQUE NOT NULL, "
    "age BIGINT, score DOUBLE PRECISION)";
constexpr const char* kInsertPerson =
    "INSERT INTO people (id, name, age, score) VALUES ($1, $2, $3, $4)";

class DatabaseTest : public tidu::test::BackendTest {
 protected:
  void create_people() {
    auto made = db().execute_script(kCreatePeople);
    ASSERT_TRUE(made) << describe(made.error());
  }

  void add_person(const std::string& id, const std::string& name, std::int64_t age) {
    auto added = db().execute(kInsertPerson, {id, name, age, nullptr});
    ASSERT_TRUE(added) << describe(added.error());
  }

  std::int64_t count(const std::string& sql) {
    auto rows = db().query(sql);
    EXPECT_TRUE(rows) << describe(rows.error());
    return rows && !rows->empty() ? rows->front().get_int(0) : -1;
  }
};

INSTANTIATE_TEST_SUITE_P(Storage, DatabaseTest, tidu::test::all_backends(),
                         tidu::test::backend_name);

TEST_P(DatabaseTest, NamesItsDialect) {
  EXPECT_EQ(db().dialect(), GetParam() == Backend::kSqlite ? "sqlite" : "postgresql");
}

TEST_P(DatabaseTest, BindsEveryValueKindAndReadsItBack) {
  ASSERT_NO_FATAL_FAILURE(create_people());
  const std::string chinese = "智能工厂（示范）——“梯度培育”✓";
  constexpr std::int64_t kBig = std::numeric_limits<std::int64_t>::max();
  constexpr std::int64_t kSmall = std::numeric_limits<std::int64_t>::min();
  ASSERT_TRUE(db().execute(kInsertPerson, {"a", chinese, kBig, 0.1}));
  ASSERT_TRUE(db().execute(kInsertPerson, {"b", "", kSmall, -2.5e300}));
  ASSERT_TRUE(db().execute(kInsertPerson, {"c", "空值", nullptr, nullptr}));

  auto rows = db().query("SELECT id, name, age, score FROM people ORDER BY id");
  ASSERT_TRUE(rows) << describe(rows.error());
  ASSERT_EQ(rows->size(), 3U);
  const Row& a = (*rows)[0];
  EXPECT_EQ(a.get_text(0), "a");
  EXPECT_EQ(a.get_text(1), chinese);
  EXPECT_EQ(a.get_int(2), kBig);
  EXPECT_EQ(a.get_double(3), 0.1);
  const Row& b = (*rows)[1];
  EXPECT_EQ(b.get_text(1), "");
  EXPECT_FALSE(b.is_null(1));
  EXPECT_EQ(b.get_int(2), kSmall);
  EXPECT_EQ(b.get_double(3), -2.5e300);
  const Row& c = (*rows)[2];
  EXPECT_EQ(c.get_text(1), "空值");
  EXPECT_TRUE(c.is_null(2));
  EXPECT_TRUE(c.is_null(3));
}

TEST_P(DatabaseTest, FindsRowsByChineseTextAndNullParameters) {
  ASSERT_NO_FATAL_FAILURE(create_people());
  ASSERT_NO_FATAL_FAILURE(add_person("p1", "张三", 30));
  ASSERT_NO_FATAL_FAILURE(add_person("p2", "李四", 40));
  auto rows = db().query("SELECT id, age FROM people WHERE name = $1", {"李四"});
  ASSERT_TRUE(rows) << describe(rows.error());
  ASSERT_EQ(rows->size(), 1U);
  EXPECT_EQ((*rows)[0].get_text(0), "p2");
  EXPECT_EQ((*rows)[0].get_int(1), 40);

  // A NULL parameter in a comparison matches nothing, in both dialects.
  auto none = db().query("SELECT id FROM people WHERE name = $1", {nullptr});
  ASSERT_TRUE(none) << describe(none.error());
  EXPECT_TRUE(none->empty());
}

TEST_P(DatabaseTest, ReturnsParameterValuesWithTheirKinds) {
  const std::array<Value, 4> params = {Value{std::int64_t{42}}, Value{1.5}, Value{"文本"},
                                       Value{nullptr}};
  auto rows = db().query("SELECT $1, $2, $3, $4", params);
  ASSERT_TRUE(rows) << describe(rows.error());
  ASSERT_EQ(rows->size(), 1U);
  const Row& r = rows->front();
  ASSERT_EQ(r.size(), 4U);
  EXPECT_TRUE(std::holds_alternative<std::int64_t>(r.values[0]));
  EXPECT_EQ(r.get_int(0), 42);
  EXPECT_TRUE(std::holds_alternative<double>(r.values[1]));
  EXPECT_EQ(r.get_double(1), 1.5);
  EXPECT_EQ(r.get_text(2), "文本");
  EXPECT_TRUE(r.is_null(3));
}

TEST_P(DatabaseTest, ReadsComparisonsAsZeroOrOne) {
  // CAST gives PostgreSQL the type it cannot infer from "$1 IS NULL"; SQLite accepts it too.
  auto rows = db().query("SELECT 1 = 1, 1 = 2, CAST($1 AS TEXT) IS NULL, $2 = 'x'", {nullptr, "x"});
  ASSERT_TRUE(rows) << describe(rows.error());
  const Row& r = rows->front();
  EXPECT_EQ(r.get_int(0), 1);
  EXPECT_EQ(r.get_int(1), 0);
  EXPECT_EQ(r.get_int(2), 1);
  EXPECT_EQ(r.get_int(3), 1);
}

TEST_P(DatabaseTest, BindsParametersByNumberNotByPosition) {
  auto rows = db().query("SELECT $2, $1, '$1', $1 + $2 /* $2 */", {std::int64_t{1}, 20});
  ASSERT_TRUE(rows) << describe(rows.error());
  const Row& r = rows->front();
  EXPECT_EQ(r.get_int(0), 20);
  EXPECT_EQ(r.get_int(1), 1);
  EXPECT_EQ(r.get_text(2), "$1");  // inside a literal it is text, not a parameter
  EXPECT_EQ(r.get_int(3), 21);
}

TEST_P(DatabaseTest, ReusesAStatementWithNewParameters) {
  ASSERT_NO_FATAL_FAILURE(create_people());
  for (std::int64_t i = 0; i < 20; ++i) {
    ASSERT_NO_FATAL_FAILURE(add_person("id" + std::to_string(i), "名" + std::to_string(i), i));
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM people"), 20);
  EXPECT_EQ(count("SELECT SUM(age) FROM people"), 190);  // NUMERIC in PostgreSQL
}

TEST_P(DatabaseTest, CountsRowsAffected) {
  auto made = db().execute(kCreatePeople);
  ASSERT_TRUE(made) << describe(made.error());
  EXPECT_EQ(*made, 0);
  for (const char* id : {"a", "b", "c"}) {
    auto added = db().execute(kInsertPerson, {id, std::string("名") + id, 10, nullptr});
    ASSERT_TRUE(added) << describe(added.error());
    EXPECT_EQ(*added, 1);
  }
  auto updated = db().execute("UPDATE people SET age = age + 1 WHERE id <> $1", {"a"});
  ASSERT_TRUE(updated) << describe(updated.error());
  EXPECT_EQ(*updated, 2);
  auto untouched = db().execute("DELETE FROM people WHERE age > $1", {100});
  ASSERT_TRUE(untouched) << describe(untouched.error());
  EXPECT_EQ(*untouched, 0);
  auto selected = db().execute("SELECT id FROM people");
  ASSERT_TRUE(selected) << describe(selected.error());
  EXPECT_EQ(*selected, 0);
  auto deleted = db().execute("DELETE FROM people");
  ASSERT_TRUE(deleted) << describe(deleted.error());
  EXPECT_EQ(*deleted, 3);
}

TEST_P(DatabaseTest, UniqueViolationIsConstraintErrorAndChangesNothing) {
  ASSERT_NO_FATAL_FAILURE(create_people());
  ASSERT_NO_FATAL_FAILURE(add_person("p1", "张三", 30));

  auto duplicate = db().execute(kInsertPerson, {"p2", "张三", 31, nullptr});
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code, codes::kConstraint);
  EXPECT_THAT(duplicate.error().message, HasSubstr("重复"));
  EXPECT_THAT(duplicate.error().detail, HasSubstr("people"));

  // A statement is all or nothing: the first row of a two-row insert is not kept either.
  auto two = db().execute("INSERT INTO people (id, name) VALUES ($1, $2), ($3, $4)",
                          {"p3", "王五", "p4", "张三"});
  ASSERT_FALSE(two);
  EXPECT_EQ(two.error().code, codes::kConstraint);

  auto renamed = db().execute("UPDATE people SET id = $1 WHERE id = $2", {"p1", "p1"});
  ASSERT_TRUE(renamed) << describe(renamed.error());
  auto clash = db().execute("INSERT INTO people (id, name) VALUES ($1, $2)", {"p1", "赵六"});
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().code, codes::kConstraint);

  auto rows = db().query("SELECT id, name, age FROM people");
  ASSERT_TRUE(rows) << describe(rows.error());
  ASSERT_EQ(rows->size(), 1U);
  EXPECT_EQ((*rows)[0].get_text(0), "p1");
  EXPECT_EQ((*rows)[0].get_text(1), "张三");
  EXPECT_EQ((*rows)[0].get_int(2), 30);
}

TEST_P(DatabaseTest, ForeignKeyAndNotNullViolationsAreConstraintErrors) {
  ASSERT_TRUE(
      db().execute_script("CREATE TABLE parents (id TEXT NOT NULL PRIMARY KEY);"
                          "CREATE TABLE children (id TEXT NOT NULL PRIMARY KEY, "
                          "  parent_id TEXT NOT NULL REFERENCES parents (id));"
                          "INSERT INTO parents (id) VALUES ('p');"
                          "INSERT INTO children (id, parent_id) VALUES ('c', 'p');"));
  auto orphan = db().execute("INSERT INTO children (id, parent_id) VALUES ($1, $2)", {"x", "?"});
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().code, codes::kConstraint);
  EXPECT_THAT(orphan.error().message, HasSubstr("引用"));

  auto referenced = db().execute("DELETE FROM parents WHERE id = $1", {"p"});
  ASSERT_FALSE(referenced);
  EXPECT_EQ(referenced.error().code, codes::kConstraint);

  auto missing =
      db().execute("INSERT INTO children (id, parent_id) VALUES ($1, $2)", {"y", nullptr});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, codes::kConstraint);
  EXPECT_THAT(missing.error().message, HasSubstr("必填"));
  EXPECT_EQ(count("SELECT COUNT(*) FROM children"), 1);
}

TEST_P(DatabaseTest, TransactionNotCommittedRollsBack) {
  ASSERT_NO_FATAL_FAILURE(create_people());
  {
    auto tx = Transaction::begin(db());
    ASSERT_TRUE(tx) << describe(tx.error());
    ASSERT_NO_FATAL_FAILURE(add_person("p1", "张三", 30));
    EXPECT_EQ(count("SELECT COUNT(*) FROM people"), 1);  // visible inside
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM people"), 0);

  {
    auto tx = Transaction::begin(db());
    ASSERT_TRUE(tx) << describe(tx.error());
    ASSERT_NO_FATAL_FAILURE(add_person("p2", "李四", 40));
    auto committed = tx->commit();
    ASSERT_TRUE(committed) << describe(committed.error());
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM people"), 1);

  auto tx = Transaction::begin(db());
  ASSERT_TRUE(tx) << describe(tx.error());
  ASSERT_NO_FATAL_FAILURE(add_person("p3", "王五", 50));
  ASSERT_TRUE(tx->rollback());
  EXPECT_EQ(count("SELECT COUNT(*) FROM people"), 1);
  EXPECT_THROW((void)tx->commit(), std::logic_error);
}

TEST_P(DatabaseTest, FailedStatementInTransactionIsUndoneWithTheRest) {
  ASSERT_NO_FATAL_FAILURE(create_people());
  ASSERT_NO_FATAL_FAILURE(add_person("p1", "张三", 30));
  {
    auto tx = Transaction::begin(db());
    ASSERT_TRUE(tx) << describe(tx.error());
    ASSERT_NO_FATAL_FAILURE(add_person("p2", "李四", 40));
    auto duplicate = db().execute(kInsertPerson, {"p3", "张三", 50, nullptr});
    ASSERT_FALSE(duplicate);
    EXPECT_EQ(duplicate.error().code, codes::kConstraint);
  }  // the caller returns on the error; the transaction rolls back
  EXPECT_EQ(count("SELECT COUNT(*) FROM people"), 1);
  ASSERT_NO_FATAL_FAILURE(add_person("p4", "赵六", 60));  // the connection is usable again
}

TEST_P(DatabaseTest, RefusesANestedTransaction) {
  auto outer = Transaction::begin(db());
  ASSERT_TRUE(outer) << describe(outer.error());
  auto inner = Transaction::begin(db());
  ASSERT_FALSE(inner);
  EXPECT_EQ(inner.error().code, codes::kQuery);
}

TEST_P(DatabaseTest, WriterBlockedByAnotherGetsBusy) {
  ASSERT_NO_FATAL_FAILURE(create_people());
  ASSERT_NO_FATAL_FAILURE(add_person("p1", "张三", 30));
  auto other = open_another(std::chrono::milliseconds(100));
  ASSERT_NE(other, nullptr);

  auto tx = Transaction::begin(db());
  ASSERT_TRUE(tx) << describe(tx.error());
  ASSERT_TRUE(db().execute("UPDATE people SET age = 31 WHERE id = $1", {"p1"}));
  const auto start = std::chrono::steady_clock::now();
  auto blocked = other->execute("UPDATE people SET age = 32 WHERE id = $1", {"p1"});
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code, codes::kBusy) << describe(blocked.error());
  EXPECT_GE(waited, std::chrono::milliseconds(90));
  ASSERT_TRUE(tx->commit());

  auto later = other->execute("UPDATE people SET age = 32 WHERE id = $1", {"p1"});
  ASSERT_TRUE(later) << describe(later.error());
  EXPECT_EQ(count("SELECT age FROM people"), 32);
}

TEST_P(DatabaseTest, RunsAScriptOfSeveralStatements) {
  auto ran = db().execute_script(
      "-- comments are fine\n"
      "CREATE TABLE notes (id TEXT NOT NULL PRIMARY KEY, body TEXT NOT NULL);\n"
      "INSERT INTO notes (id, body) VALUES ('1', '第一条；含分号');\n"
      "INSERT INTO notes (id, body) VALUES ('2', 'it''s $1');\n");
  ASSERT_TRUE(ran) << describe(ran.error());
  auto rows = db().query("SELECT body FROM notes ORDER BY id");
  ASSERT_TRUE(rows) << describe(rows.error());
  ASSERT_EQ(rows->size(), 2U);
  EXPECT_EQ((*rows)[0].get_text(0), "第一条；含分号");
  EXPECT_EQ((*rows)[1].get_text(0), "it's $1");
  EXPECT_TRUE(db().execute_script("-- nothing but a comment\n"));
}

TEST_P(DatabaseTest, ReportsBadStatementsAsQueryErrors) {
  auto syntax = db().query("SELEC 1");
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().code, codes::kQuery);
  EXPECT_FALSE(syntax.error().message.empty());
  EXPECT_THAT(syntax.error().detail, HasSubstr("SELEC 1"));

  auto missing_table = db().query("SELECT * FROM no_such_table");
  ASSERT_FALSE(missing_table);
  EXPECT_EQ(missing_table.error().code, codes::kQuery);

  auto too_few = db().query("SELECT $1, $2", {std::int64_t{1}});
  ASSERT_FALSE(too_few);
  EXPECT_EQ(too_few.error().code, codes::kQuery);

  auto two_statements = db().query("SELECT 1; SELECT 2");
  ASSERT_FALSE(two_statements);
  EXPECT_EQ(two_statements.error().code, codes::kQuery);

  auto still_usable = db().query("SELECT 1");
  ASSERT_TRUE(still_usable) << describe(still_usable.error());
}

// Backend-specific behaviour and the value accessors, without a parameterised database.

TEST(StorageRow, ReadsValuesAndRefusesTheWrongKind) {
  const Row row{{Value{nullptr}, Value{std::int64_t{7}}, Value{3.0}, Value{"三"}, Value{2.5}}};
  EXPECT_TRUE(row.is_null(0));
  EXPECT_FALSE(row.is_null(1));
  EXPECT_EQ(row.get_int(1), 7);
  EXPECT_EQ(row.get_double(1), 7.0);
  EXPECT_EQ(row.get_int(2), 3);  // a whole double, as PostgreSQL's NUMERIC sums arrive
  EXPECT_EQ(row.get_text(3), "三");
  EXPECT_THROW((void)row.get_int(4), std::logic_error);
  EXPECT_THROW((void)row.get_int(0), std::logic_error);
  EXPECT_THROW((void)row.get_text(1), std::logic_error);
  EXPECT_THROW((void)row.get_double(3), std::logic_error);
  EXPECT_THROW((void)row.is_null(5), std::logic_error);
}

TEST(StorageSqlLog, QuotesStatementsOnOneLineCutAtACharacter) {
  using tidu::storage::detail::sql_for_log;
  EXPECT_EQ(sql_for_log("SELECT a,\n       b\n  FROM t\n"), "SELECT a, b FROM t");
  // 248 bytes, then 3-byte characters: byte 300 falls inside the 18th of them.
  std::string statement = "SELECT '" + std::string(239, 'x') + "\n\n ";
  for (int i = 0; i < 10; ++i) statement += "智能工厂";
  const std::string quoted = sql_for_log(statement);
  EXPECT_TRUE(tidu::text::valid_utf8(quoted));
  EXPECT_EQ(quoted.size(), 248U + 17 * 3 + std::string("…").size());
  EXPECT_TRUE(quoted.ends_with("厂智…"));
}

class StorageSqlite : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "tidu-store-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string pragma(tidu::storage::Database& db, const std::string& name) {
    auto rows = db.query("PRAGMA " + name);
    EXPECT_TRUE(rows) << describe(rows.error());
    if (!rows || rows->empty()) return {};
    const Value& v = rows->front().values.at(0);
    return std::holds_alternative<std::string>(v) ? std::get<std::string>(v)
                                                  : std::to_string(std::get<std::int64_t>(v));
  }
  std::filesystem::path dir_;
};

TEST_F(StorageSqlite, OpensInWalModeWithForeignKeysAndNormalSync) {
  auto db = tidu::storage::open_sqlite(dir_ / "a.sqlite");
  ASSERT_TRUE(db) << describe(db.error());
  EXPECT_EQ(pragma(**db, "journal_mode"), "wal");
  EXPECT_EQ(pragma(**db, "foreign_keys"), "1");
  EXPECT_EQ(pragma(**db, "synchronous"), "1");  // NORMAL
  EXPECT_EQ(pragma(**db, "busy_timeout"), "5000");
}

TEST_F(StorageSqlite, CanSyncFully) {
  auto db = tidu::storage::open_sqlite(dir_ / "a.sqlite",
                                       {.synchronous = tidu::storage::Synchronous::kFull});
  ASSERT_TRUE(db) << describe(db.error());
  EXPECT_EQ(pragma(**db, "synchronous"), "2");  // FULL
}

TEST_F(StorageSqlite, KeepsDataInTheFileAcrossConnections) {
  {
    auto db = tidu::storage::open_sqlite(dir_ / "a.sqlite");
    ASSERT_TRUE(db) << describe(db.error());
    ASSERT_TRUE((*db)->execute_script("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('留存');"));
  }
  auto db = tidu::storage::open_sqlite(dir_ / "a.sqlite");
  ASSERT_TRUE(db) << describe(db.error());
  auto rows = (*db)->query("SELECT v FROM t");
  ASSERT_TRUE(rows) << describe(rows.error());
  ASSERT_EQ(rows->size(), 1U);
  EXPECT_EQ(rows->front().get_text(0), "留存");
}

TEST_F(StorageSqlite, OpeningInAMissingFolderIsAConnectError) {
  auto db = tidu::storage::open_sqlite(dir_ / "missing" / "a.sqlite");
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, codes::kConnect);
  EXPECT_THAT(db.error().message, HasSubstr("missing"));
  EXPECT_FALSE(db.error().detail.empty());
}

TEST(StoragePostgres, UnreachableServerIsAConnectError) {
  // Port 1 on loopback: nothing listens there, so the refusal is immediate.
  auto db = tidu::storage::open_postgres("postgresql://tidu@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, codes::kConnect);
  EXPECT_THAT(db.error().message, HasSubstr("无法连接数据库"));
  EXPECT_THAT(db.error().detail, HasSubstr("127.0.0.1"));
}

}  // namespace
