// The whole-round copied-text check on both backends, from the fingerprints stored with the
// passages: it finds the same pairs as computing every fingerprint again, computes the missing
// (passages stored before migration 015) and stale ones once and stores them, and moves the band
// rows of a passage whose fingerprint changed.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "core/time.hpp"
#include "demo/synthetic_text.hpp"
#include "service/copied_text.hpp"
#include "similarity/copies.hpp"
#include "storage/migrations.hpp"
#include "support/storage.hpp"

namespace {

using tidu::service::Fingerprints;
using tidu::service::rebuild_copied_text;
using tidu::test::describe;

constexpr const char* kRound = "fj-2025-advanced";

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

class CopiedTextCheck : public tidu::test::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto m = tidu::storage::migrate(db(), TIDU_MIGRATIONS_DIR);
    ASSERT_TRUE(m) << describe(m.error());
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
  const std::string mine =
      "SELECT COUNT(*) FROM text_bands WHERE passage_id = " + std::to_string(id) +
      " AND band_key = ";
  EXPECT_EQ(count(mine + std::to_string(tidu::service::stored_band_key(kRound, 0, (*keys)[0]))), 1);
  EXPECT_EQ(count(mine + std::to_string(tidu::service::stored_band_key(kRound, 0, old[0]))), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM text_bands"),
            static_cast<std::int64_t>(9 * tidu::similarity::kBands));
}

INSTANTIATE_TEST_SUITE_P(Backends, CopiedTextCheck, tidu::test::all_backends(),
                         tidu::test::backend_name);

}  // namespace
