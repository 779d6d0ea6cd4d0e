// The SQLite checkpointer: connections opened without their own checkpoints let the WAL grow
// past SQLite's 1000-page mark (no request's commit copies it back); the checkpointer copies it
// from its own thread, and when stopped leaves an empty WAL with every row in the file.
#include "storage/sqlite.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <limits>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "support/storage.hpp"

namespace {

namespace fs = std::filesystem;
using tidu::storage::SqliteCheckpointer;
using tidu::storage::SqliteOptions;
using tidu::storage::Synchronous;

class SqliteCheckpoint : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "tidu-wal-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  [[nodiscard]] fs::path file() const { return dir_ / "wal.sqlite"; }
  [[nodiscard]] std::uintmax_t wal_bytes() const {
    std::error_code ec;
    const auto n = fs::file_size(dir_ / "wal.sqlite-wal", ec);
    return ec ? 0 : n;
  }

  fs::path dir_;
};

/// Writes `n` transactions of 100 rows of 1 KB each.
void fill(tidu::storage::Database& db, int first, int n) {
  const std::string kilobyte(1024, 'x');
  for (int t = 0; t < n; ++t) {
    auto tx = tidu::storage::Transaction::begin(db);
    ASSERT_TRUE(tx);
    for (int r = 0; r < 100; ++r) {
      ASSERT_TRUE(db.execute("INSERT INTO t (id, body) VALUES ($1, $2)",
                             {static_cast<std::int64_t>((first + t) * 100 + r), kilobyte}));
    }
    ASSERT_TRUE(tx->commit());
  }
}

TEST_F(SqliteCheckpoint, TheWalGrowsWithoutAutoCheckpointsAndTheCheckpointerEmptiesIt) {
  auto db =
      tidu::storage::open_sqlite(file(), SqliteOptions{.synchronous = Synchronous::kNormal,
                                                       .busy_timeout = std::chrono::seconds(5),
                                                       .auto_checkpoint = false});
  ASSERT_TRUE(db) << tidu::test::describe(db.error());
  ASSERT_TRUE((*db)->execute("CREATE TABLE t (id BIGINT PRIMARY KEY, body TEXT NOT NULL)", {}));
  fill(**db, 0, 80);  // about 8 MB: twice what SQLite's automatic checkpoint would let stand
  EXPECT_GT(wal_bytes(), 2 * 1000 * 4096U) << "no commit copied the WAL back";

  {
    auto checkpointer =
        SqliteCheckpointer::start(file(), {.interval = std::chrono::milliseconds(20)});
    ASSERT_TRUE(checkpointer) << tidu::test::describe(checkpointer.error());
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while ((*checkpointer)->runs() < 3 && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_GE((*checkpointer)->runs(), 3U);
    fill(**db, 80, 5);  // writers go on while it runs
  }
  EXPECT_EQ(wal_bytes(), 0U) << "stopping leaves an empty WAL";
  auto n = (*db)->query("SELECT COUNT(*) FROM t", {});
  ASSERT_TRUE(n);
  EXPECT_EQ((*n)[0].get_int(0), 8500);
  db->reset();
  // Every row is in the database file itself.
  auto again = tidu::storage::open_sqlite(file());
  ASSERT_TRUE(again);
  auto m = (*again)->query("SELECT COUNT(*) FROM t", {});
  ASSERT_TRUE(m);
  EXPECT_EQ((*m)[0].get_int(0), 8500);
}

TEST_F(SqliteCheckpoint, UnderWritesWithoutPauseAndReadersTheWalIsStartedAgainPastItsLimit) {
  // A reader always at work (a request's short queries, one after the other) and a writer
  // committing 20 MB in small transactions: with a limit of 1 MiB the checkpointer holds the
  // writers and starts the WAL again whenever it has grown past it, and it stays a few MiB.
  const auto peak_wal = [this](std::size_t limit, std::size_t& restarts) {
    std::error_code ec;
    std::filesystem::remove(file(), ec);
    std::filesystem::remove(file().string() + "-wal", ec);
    std::filesystem::remove(file().string() + "-shm", ec);
    auto gate = std::make_shared<tidu::storage::SqliteWriterGate>();
    const auto connect = [&] {
      return tidu::storage::open_sqlite(file(),
                                        SqliteOptions{.busy_timeout = std::chrono::seconds(5),
                                                      .auto_checkpoint = false,
                                                      .writer_gate = gate});
    };
    auto writer = connect();
    EXPECT_TRUE(writer) << tidu::test::describe(writer.error());
    if (!writer) return std::uintmax_t{0};
    EXPECT_TRUE(
        (*writer)->execute("CREATE TABLE t (id BIGINT PRIMARY KEY, body TEXT NOT NULL)", {}));
    auto checkpointer = SqliteCheckpointer::start(
        file(),
        {.interval = std::chrono::milliseconds(10), .wal_limit_bytes = limit, .writer_gate = gate});
    EXPECT_TRUE(checkpointer) << tidu::test::describe(checkpointer.error());
    if (!checkpointer) return std::uintmax_t{0};
    std::atomic<bool> done{false};
    std::thread reader([&] {
      auto db = connect();
      if (!db) return;
      for (std::int64_t k = 0; !done; ++k)
        (void)(*db)->query("SELECT body FROM t WHERE id = $1", {k % 10'007});
    });
    std::uintmax_t peak = 0;
    const std::string body(2000, 'x');
    for (int i = 0; i < 10'000; ++i) {
      auto tx = tidu::storage::Transaction::begin(**writer);
      EXPECT_TRUE(tx) << tidu::test::describe(tx.error());
      if (!tx) break;
      EXPECT_TRUE((*writer)->execute("INSERT INTO t (id, body) VALUES ($1, $2)",
                                     {std::int64_t{(i * 7919) % 10'007}, body}));
      EXPECT_TRUE(tx->commit());
      if (i % 50 == 0) peak = std::max(peak, wal_bytes());
    }
    done = true;
    reader.join();
    restarts = (*checkpointer)->truncations();
    return peak;
  };
  std::size_t restarts = 0;
  const auto limited = peak_wal(std::size_t{1} << 20U, restarts);
  EXPECT_GT(restarts, 3U) << "the checkpointer never caught up with the writers held";
  EXPECT_LT(limited, std::uintmax_t{16} << 20U) << "the WAL reached " << limited << " bytes";
  // Without a limit nothing holds the writers (whether the WAL then starts again depends on
  // gaps between the readers; the server's rush showed it growing past 60 GB).
  std::size_t unlimited_restarts = 0;
  (void)peak_wal(std::numeric_limits<std::size_t>::max(), unlimited_restarts);
  EXPECT_EQ(unlimited_restarts, 0U);
}

TEST_F(SqliteCheckpoint, ConnectionsCheckpointThemselvesByDefault) {
  auto db = tidu::storage::open_sqlite(file());
  ASSERT_TRUE(db);
  ASSERT_TRUE((*db)->execute("CREATE TABLE t (id BIGINT PRIMARY KEY, body TEXT NOT NULL)", {}));
  fill(**db, 0, 80);
  EXPECT_LT(wal_bytes(), 2 * 1000 * 4096U) << "SQLite's automatic checkpoint reuses the WAL";
}

}  // namespace

// The writer gate: transactions of connections sharing one queue in the process instead of in
// SQLite's busy handler; a transaction that cannot have it within the busy timeout is DB_BUSY,
// and one on a thread already in a transaction is refused at once rather than waiting for itself.
class SqliteWriterGateTest : public SqliteCheckpoint {
 protected:
  std::unique_ptr<tidu::storage::Database> open(std::chrono::milliseconds timeout) {
    auto db = tidu::storage::open_sqlite(
        file(), SqliteOptions{.busy_timeout = timeout, .writer_gate = gate_});
    EXPECT_TRUE(db) << tidu::test::describe(db.error());
    return db ? std::move(*db) : nullptr;
  }
  std::shared_ptr<tidu::storage::SqliteWriterGate> gate_ =
      std::make_shared<tidu::storage::SqliteWriterGate>();
};

TEST_F(SqliteWriterGateTest, WritersOfManyThreadsAllCommitWithoutBusy) {
  auto setup = open(std::chrono::milliseconds(5000));
  ASSERT_TRUE(setup->execute("CREATE TABLE counter (n BIGINT NOT NULL)"));
  ASSERT_TRUE(setup->execute("INSERT INTO counter (n) VALUES (0)"));
  constexpr int kThreads = 6;
  constexpr int kEach = 150;
  std::atomic<int> failures{0};
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        auto db = open(std::chrono::milliseconds(5000));
        for (int i = 0; i < kEach; ++i) {
          auto tx = tidu::storage::Transaction::begin(*db);
          if (!tx || !db->execute("UPDATE counter SET n = n + 1") || !tx->commit()) ++failures;
        }
      });
    }
  }
  EXPECT_EQ(failures.load(), 0);
  auto n = setup->query("SELECT n FROM counter");
  ASSERT_TRUE(n);
  EXPECT_EQ((*n)[0].get_int(0), kThreads * kEach);
}

TEST_F(SqliteWriterGateTest, AHeldGateIsBusyAfterTheTimeoutAndFreeAfterCommitOrRollback) {
  auto a = open(std::chrono::milliseconds(5000));
  ASSERT_TRUE(a->execute("CREATE TABLE t (x BIGINT)"));
  ASSERT_TRUE(a->begin());
  ASSERT_TRUE(a->execute("INSERT INTO t (x) VALUES (1)"));
  std::string code;
  std::jthread([&] {
    auto b = open(std::chrono::milliseconds(50));
    auto begun = b->begin();
    code = begun ? "begun" : begun.error().code;
  }).join();
  EXPECT_EQ(code, tidu::storage::codes::kBusy);
  ASSERT_TRUE(a->commit());

  const auto begin_elsewhere = [&] {
    std::string out;
    std::jthread([&] {
      auto b = open(std::chrono::milliseconds(50));
      auto begun = b->begin();
      out = begun ? "begun" : begun.error().code;
      if (begun) (void)b->rollback();
    }).join();
    return out;
  };
  EXPECT_EQ(begin_elsewhere(), "begun") << "free after commit";
  ASSERT_TRUE(a->begin());
  ASSERT_TRUE(a->rollback());
  EXPECT_EQ(begin_elsewhere(), "begun") << "free after rollback";
}

TEST_F(SqliteWriterGateTest, ASecondTransactionOnTheSameThreadIsRefusedAtOnce) {
  auto a = open(std::chrono::milliseconds(5000));
  auto b = open(std::chrono::milliseconds(5000));
  ASSERT_TRUE(a->begin());
  const auto started = std::chrono::steady_clock::now();
  auto nested = b->begin();
  ASSERT_FALSE(nested);
  EXPECT_EQ(nested.error().code, tidu::storage::codes::kBusy);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
  ASSERT_TRUE(a->rollback());
  ASSERT_TRUE(b->begin()) << "the same thread, once the first is over";
  ASSERT_TRUE(b->rollback());
}

// A background writer waits for a pause in the foreground's transactions; its own transactions
// do not count, and a stop ends the wait.
TEST_F(SqliteWriterGateTest, ABackgroundWriterWaitsUntilTheForegroundsTransactionsPause) {
  using std::chrono::milliseconds;
  using Clock = std::chrono::steady_clock;
  auto setup = open(milliseconds(5000));
  ASSERT_TRUE(setup->execute("CREATE TABLE t (x BIGINT)"));
  std::atomic<bool> writing{true};
  std::atomic<int> written{0};
  Clock::time_point stopped_writing;
  std::jthread foreground([&] {
    auto db = open(milliseconds(5000));
    const auto until = Clock::now() + milliseconds(400);
    while (Clock::now() < until) {
      auto tx = tidu::storage::Transaction::begin(*db);
      if (tx && db->execute("INSERT INTO t (x) VALUES (1)") && tx->commit()) ++written;
      std::this_thread::sleep_for(milliseconds(5));
    }
    stopped_writing = Clock::now();
    writing = false;
  });
  while (written.load() == 0) std::this_thread::sleep_for(milliseconds(1));
  // On a thread of its own: the thread that waits is a background writer from then on.
  std::jthread([&] {
    std::stop_source never;
    EXPECT_TRUE(gate_->wait_for_quiet(milliseconds(60), never.get_token()));
    const auto returned = Clock::now();
    EXPECT_FALSE(writing.load()) << "returned while the foreground still wrote";
    foreground.join();
    // 60 ms after the last transaction began, which was a commit and a 5 ms pause before the
    // foreground stopped.
    EXPECT_GE(returned - stopped_writing, milliseconds(40));

    // Its own transactions leave the quiet undisturbed.
    auto mine = open(milliseconds(5000));
    const auto last = gate_->foreground_begun_at.load();
    ASSERT_TRUE(mine->begin());
    ASSERT_TRUE(mine->execute("INSERT INTO t (x) VALUES (2)"));
    ASSERT_TRUE(mine->commit());
    EXPECT_EQ(gate_->foreground_begun_at.load(), last);

    // The quiet has lasted long enough already: at once.
    std::this_thread::sleep_for(milliseconds(60));
    const auto asked = Clock::now();
    EXPECT_TRUE(gate_->wait_for_quiet(milliseconds(60), never.get_token()));
    EXPECT_LT(Clock::now() - asked, milliseconds(10)) << "waited although all was quiet";
  }).join();
  EXPECT_GT(written.load(), 10) << "the foreground wrote all along";

  // Stopped while the foreground writes: false, within a step.
  std::stop_source stop;
  std::atomic<bool> more{true};
  std::atomic<int> begun{0};
  std::jthread busy([&] {
    auto db = open(milliseconds(5000));
    while (more) {
      auto tx = tidu::storage::Transaction::begin(*db);
      if (tx) {
        ++begun;
        (void)tx->commit();
      }
      std::this_thread::sleep_for(milliseconds(2));
    }
  });
  // Once the foreground writes again (before, the quiet since the first part would do).
  while (begun.load() == 0) std::this_thread::sleep_for(milliseconds(1));
  std::jthread stopper([&] {
    std::this_thread::sleep_for(milliseconds(100));
    stop.request_stop();
  });
  std::jthread([&] {
    const auto asked = Clock::now();
    EXPECT_FALSE(gate_->wait_for_quiet(milliseconds(60), stop.get_token()));
    EXPECT_LT(Clock::now() - asked, milliseconds(1000));
  }).join();
  more = false;
}
