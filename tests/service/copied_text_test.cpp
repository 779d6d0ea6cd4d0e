// The copied-text check on both backends. The whole-round check, from the fingerprints stored
// with the passages: it finds the same pairs as computing every fingerprint again, computes the
// missing (passages stored before migration 015) and stale ones once and stores them, and moves
// the band rows of a passage whose fingerprint changed. The check of one submission: its band
// rows wait in text_bands_recent, lookups find pairs in both tables, a resubmission removes its
// replaced rows from both, movers (one or two at once, beside submissions) move every row
// exactly once and only after its hold time, and the round's filter spares the probes of keys no
// passage has while never hiding one that moved into text_bands.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <stop_token>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/time.hpp"
#include "declaration/json_io.hpp"
#include "declaration/sample.hpp"
#include "demo/synthetic_text.hpp"
#include "service/copied_text.hpp"
#include "service/enterprises.hpp"
#include "service/file_store.hpp"
#include "similarity/copies.hpp"
#include "storage/migrations.hpp"
#include "storage/pool.hpp"
#include "support/storage.hpp"
#include "support/world.hpp"

namespace {

using tidu::service::Fingerprints;
using tidu::service::rebuild_copied_text;
using tidu::test::describe;

constexpr const char* kRound = "fj-2025-advanced";
/// Rows added at time 0 (the tests' clock) may move before this.
constexpr tidu::time::Instant kLater{std::chrono::seconds(1)};

tidu::time::Instant at(long seconds) { return tidu::time::Instant{std::chrono::seconds(seconds)}; }

/// A declaration with its own profile and two scenario texts; `copied` replaces the second.
tidu::declaration::Declaration declaration(std::uint64_t seed, const std::string& copied = "") {
  tidu::declaration::Declaration d;
  d.enterprise.profile = tidu::demo::synthetic_text(seed * 10 + 1, 200);
  tidu::declaration::ScenarioInstance s;
  s.description = tidu::demo::synthetic_text(seed * 10 + 2, 200);
  s.solution = copied.empty() ? tidu::demo::synthetic_text(seed * 10 + 3, 200) : copied;
  d.scenarios.push_back(s);
  return d;
}

class CopiedTextCheck : public tidu::test::MigratedBackendTest {
 protected:
  void SetUp() override {
    MigratedBackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    const auto origin = declaration(1);
    store("d-1", "e-1", origin);
    store("d-2", "e-2", declaration(2, origin.scenarios.at(0).solution));
    store("d-3", "e-3", declaration(3));
  }

  void store(const std::string& id, const std::string& enterprise,
             const tidu::declaration::Declaration& d) {
    auto stored = tidu::service::store_passages(db(), kRound, id, enterprise, 1, d);
    ASSERT_TRUE(stored) << describe(stored.error());
    EXPECT_EQ(*stored, 3U);
  }

  std::int64_t count(const std::string& sql) {
    auto rows = db().query(sql);
    EXPECT_TRUE(rows) << describe(rows.error());
    return rows ? (*rows)[0].get_int(0) : -1;
  }

  /// Rows of text_bands and text_bands_recent, and rows present twice in either or across both.
  struct BandCounts {
    std::int64_t main = 0;
    std::int64_t recent = 0;
    std::int64_t repeated = 0;
    std::int64_t orphans = 0;  ///< rows whose passage is gone
  };
  BandCounts bands() {
    return {
        .main = count("SELECT COUNT(*) FROM text_bands"),
        .recent = count("SELECT COUNT(*) FROM text_bands_recent"),
        .repeated =
            count("SELECT COUNT(*) FROM (SELECT band_key, passage_id FROM (SELECT band_key, "
                  "passage_id FROM text_bands UNION ALL SELECT band_key, passage_id FROM "
                  "text_bands_recent) u GROUP BY band_key, passage_id HAVING COUNT(*) > 1) r"),
        .orphans = count("SELECT COUNT(*) FROM (SELECT passage_id FROM text_bands UNION ALL SELECT "
                         "passage_id FROM text_bands_recent) u WHERE NOT EXISTS (SELECT 1 FROM "
                         "text_passages p WHERE p.id = u.passage_id)")};
  }

  tidu::service::IndexReport submit(const std::string& id, const std::string& enterprise,
                                    const tidu::declaration::Declaration& d,
                                    tidu::time::Instant now = {},
                                    tidu::service::BandFilters* filters = nullptr) {
    auto r = tidu::service::check_submission(db(), kRound, id, enterprise, 1, d, now, filters);
    EXPECT_TRUE(r) << describe(r.error());
    return r ? *r : tidu::service::IndexReport{};
  }

  std::size_t move_all(tidu::storage::Database& on) {
    std::size_t total = 0;
    for (;;) {
      auto moved = tidu::service::move_recent_bands(on, 1000, kLater);
      EXPECT_TRUE(moved) << describe(moved.error());
      if (!moved || *moved == 0) return total;
      total += *moved;
    }
  }

  tidu::service::RebuildReport check(Fingerprints fingerprints) {
    auto r = rebuild_copied_text(db(), kRound, tidu::time::Instant{}, fingerprints);
    EXPECT_TRUE(r) << describe(r.error());
    return r ? *r : tidu::service::RebuildReport{};
  }
};

TEST_P(CopiedTextCheck, StoredFingerprintsFindWhatRecomputingFinds) {
  const auto stored = check(Fingerprints::kStored);
  EXPECT_EQ(stored.passages, 9U);
  EXPECT_EQ(stored.fingerprinted, 0U);
  EXPECT_EQ(stored.matches, 1U);
  const auto recomputed = check(Fingerprints::kRecompute);
  EXPECT_EQ(recomputed.fingerprinted, 9U);
  EXPECT_EQ(recomputed.matches, 1U);
  EXPECT_EQ(count("SELECT COUNT(*) FROM text_matches WHERE declaration_a IN ('d-1', 'd-2') AND "
                  "declaration_b IN ('d-1', 'd-2')"),
            1);
  // Unchanged fingerprints leave the band rows as they were.
  EXPECT_EQ(count("SELECT COUNT(*) FROM text_bands"),
            static_cast<std::int64_t>(9 * tidu::similarity::kBands));
}

TEST_P(CopiedTextCheck, PassagesStoredWithoutFingerprintsAreFingerprintedOnce) {
  // As migration 015 leaves the passages stored before it.
  ASSERT_TRUE(db().execute("UPDATE text_passages SET fingerprint_version = 0, band_keys = ''"));
  const auto first = check(Fingerprints::kStored);
  EXPECT_EQ(first.fingerprinted, 9U);
  EXPECT_EQ(first.matches, 1U);
  EXPECT_EQ(count("SELECT COUNT(*) FROM text_passages WHERE fingerprint_version = 1"), 9);
  EXPECT_EQ(count("SELECT COUNT(*) FROM text_bands"),
            static_cast<std::int64_t>(9 * tidu::similarity::kBands));
  const auto second = check(Fingerprints::kStored);
  EXPECT_EQ(second.fingerprinted, 0U);
  EXPECT_EQ(second.matches, 1U);
}

TEST_P(CopiedTextCheck, AStaleFingerprintIsComputedAgainWithItsBandRows) {
  // One passage as an older algorithm would have left it: other keys, their band rows.
  auto rows = db().query("SELECT id, band_keys FROM text_passages WHERE declaration_id = 'd-2'");
  ASSERT_TRUE(rows && !rows->empty());
  const std::int64_t id = (*rows)[0].get_int(0);
  const auto keys = tidu::similarity::decode_band_keys((*rows)[0].get_text(1));
  ASSERT_TRUE(keys);
  tidu::similarity::BandKeys old{};
  for (std::size_t b = 0; b < tidu::similarity::kBands; ++b) {
    old[b] = static_cast<std::uint32_t>(b + 1);
    ASSERT_TRUE(
        db().execute("UPDATE text_bands SET band_key = $1 WHERE band_key = $2 AND passage_id = $3",
                     {tidu::service::stored_band_key(kRound, b, old[b]),
                      tidu::service::stored_band_key(kRound, b, (*keys)[b]), id}));
  }
  ASSERT_TRUE(db().execute(
      "UPDATE text_passages SET fingerprint_version = 99, band_keys = $1 WHERE id = $2",
      {tidu::similarity::encode_band_keys(old), id}));

  const auto report = check(Fingerprints::kStored);
  EXPECT_EQ(report.fingerprinted, 1U);
  EXPECT_EQ(report.matches, 1U);
  // The new rows go through text_bands_recent, so that running servers' filters learn them.
  const std::string mine =
      "SELECT COUNT(*) FROM text_bands_recent WHERE passage_id = " + std::to_string(id) +
      " AND band_key = ";
  EXPECT_EQ(count(mine + std::to_string(tidu::service::stored_band_key(kRound, 0, (*keys)[0]))), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM text_bands WHERE passage_id = " + std::to_string(id)), 0);
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM text_bands") + count("SELECT COUNT(*) FROM text_bands_recent"),
      static_cast<std::int64_t>(9 * tidu::similarity::kBands));
}

constexpr auto kBands = static_cast<std::int64_t>(tidu::similarity::kBands);

TEST_P(CopiedTextCheck, ASubmissionFindsPairsWhereverTheBandRowsWait) {
  const auto origin = declaration(1);
  // d-1 and d-2 hold the text, their band rows in text_bands (stored by a loader).
  const auto first = submit("d-4", "e-4", declaration(4, origin.scenarios.at(0).solution));
  EXPECT_EQ(first.passages, 3U);
  EXPECT_EQ(first.matches, 2U);
  auto b = bands();
  EXPECT_EQ(b.main, 9 * kBands);
  EXPECT_EQ(b.recent, 3 * kBands);
  // d-4's own profile, its band rows still in text_bands_recent, copied by d-5.
  const auto own = declaration(4).enterprise.profile;
  EXPECT_EQ(submit("d-5", "e-5", declaration(5, own)).matches, 1U);
  EXPECT_EQ(count("SELECT COUNT(*) FROM text_matches WHERE declaration_a IN ('d-4', 'd-5') AND "
                  "declaration_b IN ('d-4', 'd-5')"),
            1);
  // Moved into text_bands, the rows are found there: d-6 copies the same profile.
  EXPECT_EQ(move_all(db()), static_cast<std::size_t>(6 * kBands));
  b = bands();
  EXPECT_EQ(b.main, 15 * kBands);
  EXPECT_EQ(b.recent, 0);
  EXPECT_EQ(submit("d-6", "e-6", declaration(6, own)).matches, 2U);
  // The same enterprise's other declaration is not its copy.
  EXPECT_EQ(submit("d-7", "e-4", declaration(7, own)).matches, 2U);  // d-5 and d-6 only
  b = bands();
  EXPECT_EQ(b.repeated, 0);
  EXPECT_EQ(b.orphans, 0);
}

TEST_P(CopiedTextCheck, AResubmissionRemovesItsReplacedRowsFromBothTables) {
  const auto origin = declaration(1);
  EXPECT_EQ(submit("d-4", "e-4", declaration(4, origin.scenarios.at(0).solution)).matches, 2U);
  // A declaration's passages lie together: consecutive ids.
  const std::string span =
      "SELECT MAX(id) - MIN(id) FROM text_passages WHERE declaration_id = 'd-4'";
  EXPECT_EQ(count(span), 2);
  // Half of them moved: the lowest keys.
  auto moved = tidu::service::move_recent_bands(db(), static_cast<std::size_t>(kBands), kLater);
  ASSERT_TRUE(moved) << describe(moved.error());
  EXPECT_EQ(*moved, static_cast<std::size_t>(kBands));
  EXPECT_EQ(count("SELECT COUNT(*) FROM text_bands_recent WHERE band_key <= (SELECT MAX(band_key) "
                  "FROM text_bands t JOIN text_passages p ON p.id = t.passage_id WHERE "
                  "p.declaration_id = 'd-4')"),
            0);
  // Resubmitted with its own text: the pairs go, the description and profile stay.
  const auto again = submit("d-4", "e-4", declaration(4));
  EXPECT_EQ(again.matches, 0U);
  EXPECT_EQ(count("SELECT COUNT(*) FROM text_matches WHERE declaration_a = 'd-4' OR "
                  "declaration_b = 'd-4'"),
            0);
  EXPECT_EQ(count(span), 3);  // the new passage after the highest, the kept ones as they were
  const auto b = bands();
  EXPECT_EQ(b.main + b.recent, 12 * kBands);
  EXPECT_EQ(b.orphans, 0);
  EXPECT_EQ(b.repeated, 0);
}

TEST_P(CopiedTextCheck, AKeyMoreThanTwoHundredPassagesShareIsStockTextAndLeftOut) {
  // Stock text: the same description in 201 other declarations (and d-1 … d-3's own texts).
  const auto stock = declaration(50);
  for (int k = 0; k < 201; ++k) {
    auto d = declaration(static_cast<std::uint64_t>(100 + k));
    d.scenarios.at(0).description = stock.scenarios.at(0).description;
    store(fmt::format("s-{}", k), fmt::format("se-{}", k), d);
  }
  auto mine = declaration(4);
  mine.scenarios.at(0).description = stock.scenarios.at(0).description;
  const auto report = submit("d-4", "e-4", mine);
  EXPECT_GT(report.crowded, 0U);
  EXPECT_EQ(report.matches, 0U) << "no pair for the stock text";
  // Text shared with a few others is still found beside it.
  const auto origin = declaration(1);
  auto copy = declaration(5, origin.scenarios.at(0).solution);
  copy.scenarios.at(0).description = stock.scenarios.at(0).description;
  EXPECT_EQ(submit("d-5", "e-5", copy).matches, 2U);  // d-1's and d-2's solution
}

TEST_P(CopiedTextCheck, TwoMoversBesideSubmissionsMoveEveryRowOnce) {
  auto pool = pool_of_others(4, std::chrono::milliseconds(10000));
  ASSERT_TRUE(pool) << describe(pool.error());
  std::atomic<bool> stop{false};
  std::atomic<std::size_t> moved{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> movers;
  for (int m = 0; m < 2; ++m) {
    movers.emplace_back([&] {
      auto lease = (*pool)->acquire();
      if (!lease) {
        ++failures;
        return;
      }
      while (!stop.load()) {
        auto n = tidu::service::move_recent_bands(**lease, 40, kLater);
        if (!n) {
          ++failures;
          continue;
        }
        moved += *n;
        if (*n == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    });
  }
  constexpr int kSubmissions = 12;
  for (int i = 0; i < kSubmissions; ++i) {
    auto stored = tidu::service::store_passages(
        db(), kRound, "s-" + std::to_string(i), "es-" + std::to_string(i), 1,
        declaration(100 + static_cast<std::uint64_t>(i)),
        {tidu::service::BandTable::kRecent, tidu::time::Instant{}});
    ASSERT_TRUE(stored) << describe(stored.error());
  }
  // Until every row has moved, then stop the movers.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (count("SELECT COUNT(*) FROM text_bands_recent") > 0 &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  stop = true;
  for (auto& t : movers) t.join();
  // A mover may fail on a busy database and try again; no row may be lost or moved twice.
  const auto b = bands();
  EXPECT_EQ(b.recent, 0);
  EXPECT_EQ(b.main, (9 + 3 * kSubmissions) * kBands);
  EXPECT_EQ(moved.load(), static_cast<std::size_t>(3 * kSubmissions * kBands));
  EXPECT_EQ(b.repeated, 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM text_bands t JOIN text_passages p ON p.id = t.passage_id "
                  "WHERE p.declaration_id LIKE 's-%'"),
            3 * kSubmissions * kBands);
  RecordProperty("mover_failures", failures.load());
}

TEST_P(CopiedTextCheck, RowsMoveOnlyOnceTheirHoldTimeHasPassed) {
  EXPECT_EQ(submit("d-4", "e-4", declaration(4), at(100)).passages, 3U);
  auto moved = tidu::service::move_recent_bands(db(), 1000, at(100));
  ASSERT_TRUE(moved) << describe(moved.error());
  EXPECT_EQ(*moved, 0U);
  moved = tidu::service::move_recent_bands(db(), 1000, at(101));
  ASSERT_TRUE(moved) << describe(moved.error());
  EXPECT_EQ(*moved, static_cast<std::size_t>(3 * kBands));
}

TEST_P(CopiedTextCheck, TheFilterSparesProbesOfKeysNoPassageHas) {
  tidu::service::BandFilters filters;
  EXPECT_EQ(filters.usable(kRound, at(100)), nullptr);
  EXPECT_EQ(filters.wanted(), std::vector<std::string>{kRound});
  auto loaded = filters.load(db(), kRound, at(100));
  ASSERT_TRUE(loaded) << describe(loaded.error());
  EXPECT_EQ(loaded->passages, 9U);
  EXPECT_TRUE(loaded->complete);
  EXPECT_TRUE(filters.wanted().empty());
  ASSERT_NE(filters.usable(kRound, at(100)), nullptr);

  const auto origin = declaration(1);
  const auto unfiltered = submit("d-4", "e-4", declaration(4, origin.scenarios.at(0).solution));
  EXPECT_EQ(unfiltered.probed, static_cast<std::size_t>(3 * kBands));
  // The same declaration from another enterprise, with the filter: the copied passage's keys are
  // probed (d-1 and d-2 have them), few others.
  const auto filtered =
      submit("d-5", "e-5", declaration(4, origin.scenarios.at(0).solution), at(110), &filters);
  // The copied solution with d-1, d-2 and d-4, and d-4's profile and description (the last three
  // found in text_bands_recent: not in the filter, never needed there).
  EXPECT_EQ(filtered.matches, 5U);
  EXPECT_GE(filtered.probed, static_cast<std::size_t>(kBands));
  EXPECT_LT(filtered.probed, static_cast<std::size_t>(kBands + 8));
}

TEST_P(CopiedTextCheck, KeysMovedIntoTextBandsReachTheFilterThroughTheRecentTable) {
  tidu::service::BandFilters filters;
  ASSERT_TRUE(filters.load(db(), kRound, at(100)));
  const auto profile = declaration(4).enterprise.profile;
  EXPECT_EQ(submit("d-4", "e-4", declaration(4), at(110), &filters).matches, 0U);
  // Another server's filter would learn d-4's keys by the refresh, then the rows move.
  auto refreshed = filters.refresh(db(), at(120));
  ASSERT_TRUE(refreshed) << describe(refreshed.error());
  EXPECT_EQ(*refreshed, static_cast<std::size_t>(3 * kBands));
  auto moved = tidu::service::move_recent_bands(db(), 1000, at(110 + 300));
  ASSERT_TRUE(moved) << describe(moved.error());
  EXPECT_EQ(*moved, static_cast<std::size_t>(3 * kBands));
  // Found in text_bands through the filter.
  const auto copy = submit("d-5", "e-5", declaration(5, profile), at(411), &filters);
  EXPECT_EQ(copy.matches, 1U);
  EXPECT_GE(copy.probed, static_cast<std::size_t>(kBands));
}

// The recent rows are read a few seconds of stamps at a time (a rush's backlog leaves millions),
// each window starting at the next stamp there is: across gaps, none is missed or read twice.
TEST_P(CopiedTextCheck, RecentRowsAreReadWindowByWindowAcrossGaps) {
  ASSERT_TRUE(db().execute("DELETE FROM text_bands_recent"));
  tidu::service::BandFilters filters;
  ASSERT_TRUE(filters.load(db(), kRound, at(100)));
  const auto stamp = [](int s) {
    return static_cast<std::int64_t>(at(s).time_since_epoch().count());
  };
  // Before the refresh's lookback (60 s before at(100)); then in and across windows, one a day
  // later (another server's clock); one of another round.
  const std::vector<std::pair<int, std::string>> rows = {
      {10, kRound},  {95, kRound},    {103, kRound},       {104, kRound},
      {111, kRound}, {86500, kRound}, {105, "other-round"}};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ASSERT_TRUE(db().execute(
        "INSERT INTO text_bands_recent (band_key, passage_id, round_id, added_at) VALUES ($1, $2, "
        "$3, $4)",
        {static_cast<std::int64_t>(9000 + i), std::int64_t{1}, rows[i].second,
         stamp(rows[i].first)}));
  }
  auto refreshed = filters.refresh(db(), at(130));
  ASSERT_TRUE(refreshed) << describe(refreshed.error());
  EXPECT_EQ(*refreshed, 5U);  // not the one before the lookback, nor the other round's
  auto loaded = filters.load(db(), kRound, at(200));
  ASSERT_TRUE(loaded) << describe(loaded.error());
  EXPECT_EQ(loaded->recent, 6U);  // every row of the round
}

TEST_P(CopiedTextCheck, AFilterNotRefreshedInTimeOrIncompleteIsNotUsed) {
  tidu::service::BandFilters filters;
  ASSERT_TRUE(filters.load(db(), kRound, at(100)));
  const auto& o = filters.options();
  const auto limit = at(100) + (o.hold - o.lookback);
  EXPECT_NE(filters.usable(kRound, limit), nullptr);
  EXPECT_EQ(filters.usable(kRound, limit + std::chrono::seconds(1)), nullptr);
  EXPECT_EQ(filters.wanted(), std::vector<std::string>{kRound});
  // A refresh makes it usable again.
  ASSERT_TRUE(filters.refresh(db(), limit));
  EXPECT_NE(filters.usable(kRound, limit + std::chrono::seconds(1)), nullptr);
  // A passage whose band rows another algorithm version wrote: its keys are unknown here.
  ASSERT_TRUE(db().execute(
      "UPDATE text_passages SET fingerprint_version = 0 WHERE declaration_id = 'd-3'"));
  auto loaded = filters.load(db(), kRound, at(200));
  ASSERT_TRUE(loaded) << describe(loaded.error());
  EXPECT_FALSE(loaded->complete);
  EXPECT_EQ(filters.usable(kRound, at(200)), nullptr);
}

TEST_P(CopiedTextCheck, TheServersKeeperLoadsRefreshesAndMoves) {
  auto pool = pool_of_others(2, std::chrono::milliseconds(5000));
  ASSERT_TRUE(pool) << describe(pool.error());
  tidu::service::BandFilters filters;
  EXPECT_EQ(filters.usable(kRound, at(1000)), nullptr);  // asks for the round
  EXPECT_EQ(submit("d-4", "e-4", declaration(4), at(100)).passages, 3U);
  // The keeper's clock stands past the hold time of d-4's rows.
  auto keeper = tidu::service::BandKeeper::start(
      **pool, filters, [] { return at(1000); },
      {.batch = 20, .idle = std::chrono::milliseconds(20), .busy = std::chrono::milliseconds(1)});
  ASSERT_TRUE(keeper) << describe(keeper.error());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (((*keeper)->moved() < static_cast<std::size_t>(3 * kBands) || (*keeper)->loads() == 0) &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  keeper->reset();  // stops and joins the thread
  const auto b = bands();
  EXPECT_EQ(b.recent, 0);
  EXPECT_EQ(b.main, 12 * kBands);
  const auto filter = filters.usable(kRound, at(1000));
  ASSERT_NE(filter, nullptr);
  EXPECT_GE(filter->added(), static_cast<std::size_t>(12 * kBands));
}

INSTANTIATE_TEST_SUITE_P(Backends, CopiedTextCheck, tidu::test::all_backends(),
                         tidu::test::backend_name);

/// The backlog of checks (migration 021): submissions as their transaction leaves them (the
/// declaration submitted, its snapshot, the backlog row), checked by CopiedText::check_next or by
/// the server's TextChecker thread, with the clock in the test's hands.
class CopiedTextBacklog : public tidu::test::MigratedBackendTest {
 protected:
  void SetUp() override {
    MigratedBackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto pool = pool_of_others(3, std::chrono::seconds(5));
    ASSERT_TRUE(pool) << describe(pool.error());
    pool_ = std::move(*pool);
    const tidu::service::Clock clock = [this] { return at(now_.load()); };
    files_ = std::make_unique<tidu::service::LocalFileStore>(dir() / "files");
    enterprises_ =
        std::make_unique<tidu::service::Enterprises>(*pool_, tidu::test::catalogue(), clock);
    declarations_ = std::make_unique<tidu::service::Declarations>(
        *pool_, tidu::test::catalogue(), tidu::test::rounds(), *enterprises_, *files_, clock);
    copied_ = std::make_unique<tidu::service::CopiedText>(*pool_, tidu::test::catalogue(),
                                                          *declarations_, clock);
    admin_.account_id = "a1";
    admin_.username = "admin";
    admin_.role = tidu::access::Role::kAdmin;
  }

  void TearDown() override {
    copied_.reset();
    declarations_.reset();
    enterprises_.reset();
    files_.reset();
    pool_.reset();
    MigratedBackendTest::TearDown();
  }

  /// Declaration d-N of enterprise e-N submitted at `when` with `content` (JSON text), its check
  /// queued as the submission's transaction queues it.
  void submitted(int n, const std::string& content, long when) {
    const std::string e = fmt::format("e-{}", n);
    const std::string d = fmt::format("d-{}", n);
    const std::string stamp = tidu::time::format_instant(at(when));
    ASSERT_TRUE(db().execute(
        "INSERT INTO enterprises (id, credit_code, name, region, profile_json, updated_at, "
        "version) VALUES ($1, $2, $3, '350102', '{}', $4, 1)",
        {e, tidu::declaration::make_credit_code("350102", 6000 + n), fmt::format("企业{}", n),
         stamp}));
    ASSERT_TRUE(db().execute(
        "INSERT INTO declarations (id, enterprise_id, round_id, state, level, version, "
        "updated_at, created_at, snapshot_number, enterprise_region) VALUES ($1, $2, $3, "
        "'submitted', 'county', 1, $4, $4, 1, '350102')",
        {d, e, kRound, stamp}));
    ASSERT_TRUE(
        db().execute("INSERT INTO snapshots (declaration_id, number, sha256, "
                     "content_json, submitted_at) VALUES ($1, 1, 'x', $2, $3)",
                     {d, content, stamp}));
    ASSERT_TRUE(db().execute(
        "INSERT INTO text_check_backlog (declaration_id, snapshot, queued_at) VALUES ($1, 1, $2)",
        {d, std::int64_t{when}}));
  }
  void submitted(int n, const tidu::declaration::Declaration& d, long when) {
    submitted(n, tidu::declaration::to_json(d).dump(), when);
  }

  std::size_t waiting() {
    auto n = copied_->waiting();
    EXPECT_TRUE(n) << describe(n.error());
    return n ? *n : 999;
  }
  std::optional<std::string> next() {
    auto r = copied_->check_next();
    EXPECT_TRUE(r) << describe(r.error());
    return r ? *r : std::optional<std::string>("(failed)");
  }
  tidu::service::MatchPage pairs_of(const std::string& id) {
    auto page = copied_->for_declaration(admin_, id);
    EXPECT_TRUE(page) << describe(page.error());
    return page ? *page : tidu::service::MatchPage{};
  }
  std::string backlog_row(const std::string& id) {
    auto rows = db().query(
        "SELECT attempts, claimed_at, last_error FROM text_check_backlog WHERE declaration_id = $1",
        {id});
    EXPECT_TRUE(rows) << describe(rows.error());
    if (!rows || rows->empty()) return "(none)";
    const auto& r = rows->front();
    return fmt::format("attempts {} claimed {} error {}", r.get_int(0),
                       r.is_null(1) ? std::string("-") : std::to_string(r.get_int(1)),
                       r.is_null(2) ? std::string("-") : r.get_text(2).substr(0, 16));
  }

  std::atomic<long> now_{100};
  std::unique_ptr<tidu::storage::Pool> pool_;
  std::unique_ptr<tidu::service::FileStore> files_;
  std::unique_ptr<tidu::service::Enterprises> enterprises_;
  std::unique_ptr<tidu::service::Declarations> declarations_;
  std::unique_ptr<tidu::service::CopiedText> copied_;
  tidu::access::Principal admin_;
};

TEST_P(CopiedTextBacklog, ChecksWaitUntilWorkedOffOldestFirstAndThePairsAppearThen) {
  const auto origin = declaration(11);
  submitted(2, declaration(12, origin.scenarios.at(0).solution), 101);
  submitted(1, origin, 100);
  EXPECT_EQ(waiting(), 2U);
  auto before = pairs_of("d-2");
  EXPECT_EQ(before.total, 0U);
  EXPECT_EQ(before.pending, 1U);
  auto round = copied_->for_round(admin_, kRound, "", 0, 50);
  ASSERT_TRUE(round) << describe(round.error());
  EXPECT_EQ(round->pending, 2U);
  auto elsewhere = copied_->for_round(admin_, kRound, "350200", 0, 50);  // 厦门: none of them
  ASSERT_TRUE(elsewhere) << describe(elsewhere.error());
  EXPECT_EQ(elsewhere->pending, 0U);

  EXPECT_EQ(next(), std::optional<std::string>("d-1"));  // queued first
  EXPECT_EQ(next(), std::optional<std::string>("d-2"));
  EXPECT_EQ(next(), std::nullopt);
  EXPECT_EQ(waiting(), 0U);
  EXPECT_EQ(backlog_row("d-2"), "(none)");
  auto after = pairs_of("d-2");
  EXPECT_EQ(after.pending, 0U);
  EXPECT_EQ(after.total, 1U);
  EXPECT_EQ(pairs_of("d-1").total, 1U);
}

TEST_P(CopiedTextBacklog, AFailedCheckKeepsItsRowAndIsTriedAgainOnlyOnceItsClaimIsStale) {
  submitted(1, "{ not a declaration", 100);
  submitted(2, declaration(12), 101);
  auto failed = copied_->check_next();
  ASSERT_FALSE(failed);
  EXPECT_EQ(backlog_row("d-1").substr(0, 24), "attempts 1 claimed 100 e") << backlog_row("d-1");
  // The failed row is claimed: the next one is checked meanwhile, and then none waits.
  EXPECT_EQ(next(), std::optional<std::string>("d-2"));
  EXPECT_EQ(next(), std::nullopt);
  EXPECT_EQ(pairs_of("d-1").pending, 1U);
  now_ += tidu::service::CopiedText::kBacklogClaimSeconds - 1;
  EXPECT_EQ(next(), std::nullopt) << "a claim younger than the limit is left alone";
  // Stale: tried again, up to the limit of attempts; then it waits for `tidu similarity`.
  for (int attempt = 2; attempt <= tidu::service::CopiedText::kBacklogAttempts; ++attempt) {
    now_ += tidu::service::CopiedText::kBacklogClaimSeconds + 1;
    EXPECT_FALSE(copied_->check_next()) << "attempt " << attempt;
  }
  now_ += tidu::service::CopiedText::kBacklogClaimSeconds + 1;
  EXPECT_EQ(next(), std::nullopt);
  EXPECT_EQ(waiting(), 0U);
  EXPECT_EQ(backlog_row("d-1").substr(0, 10),
            fmt::format("attempts {}", tidu::service::CopiedText::kBacklogAttempts));
}

TEST_P(CopiedTextBacklog,
       AClaimIsLeftAloneUntilStaleOrReleasedByItsServerAndAGoneSubmissionLeaves) {
  submitted(1, declaration(11), 100);
  // Another server claimed it just now.
  ASSERT_TRUE(
      db().execute("UPDATE text_check_backlog SET claimed_at = 100, claimed_by = 'host-a:8080', "
                   "attempts = 1 WHERE declaration_id = 'd-1'"));
  EXPECT_EQ(next(), std::nullopt);
  EXPECT_EQ(waiting(), 1U);
  now_ += tidu::service::CopiedText::kBacklogClaimSeconds + 1;  // that server is gone
  EXPECT_EQ(next(), std::optional<std::string>("d-1"));
  EXPECT_EQ(waiting(), 0U);
  // A server restarted under the same name releases its predecessor's claims at once; another
  // name leaves them alone.
  submitted(3, declaration(13), 200);
  ASSERT_TRUE(
      db().execute("UPDATE text_check_backlog SET claimed_at = $1, claimed_by = 'host-a:8080', "
                   "attempts = 1 WHERE declaration_id = 'd-3'",
                   {std::int64_t{now_.load()}}));
  auto other = copied_->release_claims("host-b:8080");
  ASSERT_TRUE(other) << describe(other.error());
  EXPECT_EQ(*other, 0U);
  EXPECT_EQ(next(), std::nullopt);
  auto released = copied_->release_claims("host-a:8080");
  ASSERT_TRUE(released) << describe(released.error());
  EXPECT_EQ(*released, 1U);
  auto claimed = copied_->check_next("host-a:8080");
  ASSERT_TRUE(claimed) << describe(claimed.error());
  EXPECT_EQ(*claimed, std::optional<std::string>("d-3"));
  // A declaration without a submitted version any more: its row leaves without a check.
  submitted(2, declaration(12), 500);
  ASSERT_TRUE(db().execute("UPDATE declarations SET snapshot_number = 7 WHERE id = 'd-2'"));
  EXPECT_EQ(next(), std::optional<std::string>("d-2"));
  EXPECT_EQ(backlog_row("d-2"), "(none)");
}

TEST_P(CopiedTextBacklog, TheCheckThreadWorksOffWhatWaitedAtItsStartAndWhatComesLater) {
  const auto origin = declaration(11);
  submitted(1, origin, 100);
  submitted(2, declaration(12, origin.scenarios.at(0).solution), 101);
  const auto settle = [](const tidu::service::TextChecker& checker, std::size_t checked) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (checker.checked() < checked && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return checker.checked();
  };
  {
    // A long idle time: what came later is checked because the thread was woken.
    auto checker = tidu::service::TextChecker::start(
        *copied_, {.idle = std::chrono::milliseconds(60'000), .nice = 0});
    EXPECT_EQ(settle(*checker, 2), 2U);
    submitted(3, declaration(13, origin.scenarios.at(0).solution), 102);
    checker->wake();
    EXPECT_EQ(settle(*checker, 3), 3U);
    EXPECT_EQ(checker->failures(), 0U);
  }  // stopped and joined
  EXPECT_EQ(waiting(), 0U);
  EXPECT_EQ(pairs_of("d-1").total, 2U);
  EXPECT_EQ(pairs_of("d-3").total, 2U);
}

TEST_P(CopiedTextBacklog, TheCheckThreadWaitsForQuietBeforeEachCheck) {
  const auto origin = declaration(11);
  submitted(1, origin, 100);
  submitted(2, declaration(12, origin.scenarios.at(0).solution), 101);
  std::atomic<bool> quiet{false};
  std::atomic<int> asked{0};
  auto checker = tidu::service::TextChecker::start(
      *copied_, {.idle = std::chrono::milliseconds(20),
                 .nice = 0,
                 .wait_for_quiet = [&](const std::stop_token& stop) {
                   ++asked;
                   while (!quiet && !stop.stop_requested())
                     std::this_thread::sleep_for(std::chrono::milliseconds(5));
                   return !stop.stop_requested();
                 }});
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(checker->checked(), 0U) << "checked while the requests were writing";
  EXPECT_EQ(waiting(), 2U);
  EXPECT_GE(asked.load(), 1);
  quiet = true;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (checker->checked() < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(checker->checked(), 2U);
  EXPECT_GE(asked.load(), 3) << "asked before each check";
  checker.reset();  // stops while it may be waiting
  EXPECT_EQ(waiting(), 0U);
}

INSTANTIATE_TEST_SUITE_P(Backends, CopiedTextBacklog, tidu::test::all_backends(),
                         tidu::test::backend_name);

}  // namespace
