#include "similarity/copies.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <vector>

#include "core/text.hpp"
#include "demo/synthetic_text.hpp"

namespace tidu::similarity {
namespace {

/// `text` with every `every`-th meaningful character replaced (an edited copy).
std::string edited(const std::string& text, std::size_t every) {
  std::u32string cps;
  std::size_t pos = 0;
  while (pos < text.size()) cps.push_back(tidu::text::next_code_point(text, pos));
  std::size_t n = 0;
  for (auto& cp : cps) {
    if (cp >= 0x4E00 && cp <= 0x9FFF && ++n % every == 0) cp = U'改';
  }
  std::string out;
  for (const char32_t cp : cps) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6U));
      out += static_cast<char>(0x80 | (cp & 0x3FU));
    } else {
      out += static_cast<char>(0xE0 | (cp >> 12U));
      out += static_cast<char>(0x80 | ((cp >> 6U) & 0x3FU));
      out += static_cast<char>(0x80 | (cp & 0x3FU));
    }
  }
  return out;
}

TEST(Copies, AnEditedCopyIsVerifiedWithItsSharedPassage) {
  const std::string a = demo::synthetic_text(1, 300);
  const std::string b = edited(a, 100);
  const Fingerprint fa = fingerprint(a);
  const Fingerprint fb = fingerprint(b);
  const Verdict v = compare(a, fa.shingles, b, fb.shingles);
  EXPECT_GT(v.similarity, 0.8);
  EXPECT_LT(v.similarity, 1.0);
  EXPECT_GE(tidu::text::length(v.shared), 60U);
  EXPECT_NE(a.find(v.shared), std::string::npos);
}

TEST(Copies, UnrelatedTextsOnTheSameSubjectAreNotAlike) {
  const std::string a = demo::synthetic_text(1, 300);
  const std::string b = demo::synthetic_text(2, 300);
  const Verdict v = compare(a, fingerprint(a).shingles, b, fingerprint(b).shingles);
  EXPECT_LT(v.similarity, 0.05);
  EXPECT_TRUE(v.shared.empty());
}

// Among 3,000 passages of 1,000 owners, the planted copies (verbatim and edited, across owners)
// are the candidates, a copy within one owner is not, and unrelated passages pair with nothing.
TEST(Copies, TheIndexFindsPlantedCopiesAcrossOwnersOnly) {
  CopyIndex index;
  std::vector<std::string> texts;
  for (std::uint32_t i = 0; i < 3000; ++i) {
    texts.push_back(demo::synthetic_text(1000 + i, 120 + (i % 5) * 60));
    index.add(i / 3, fingerprint(texts.back()).keys);
  }
  // Planted: 3000 copies 10 verbatim (owner 1000), 3001 edits 20 (owner 1001), 3002 copies 1
  // again within the same owner as 1 (owner 0).
  texts.push_back(texts[10]);
  index.add(1000, fingerprint(texts.back()).keys);
  texts.push_back(edited(texts[20], 100));
  index.add(1001, fingerprint(texts.back()).keys);
  texts.push_back(texts[1]);
  index.add(0, fingerprint(texts.back()).keys);

  const auto found = index.candidates();
  std::vector<std::pair<std::uint32_t, std::uint32_t>> verified;
  for (const auto& [a, b] : found.pairs) {
    if (compare(texts[a], fingerprint(texts[a]).shingles, texts[b], fingerprint(texts[b]).shingles)
            .similarity >= kMinSimilarity)
      verified.emplace_back(a, b);
  }
  const std::vector<std::pair<std::uint32_t, std::uint32_t>> expected = {{10, 3000}, {20, 3001}};
  EXPECT_EQ(verified, expected);
  EXPECT_LT(found.pairs.size(), 20U);  // few false candidates to verify
  EXPECT_EQ(found.crowded_buckets, 0U);
}

TEST(Copies, StockTextSharedByManyIsReportedAsCrowdedNotAsPairs) {
  CopyIndex index;
  const std::string stock = demo::synthetic_text(5, 200);
  for (std::uint32_t i = 0; i < 300; ++i) index.add(i, fingerprint(stock).keys);
  const auto found = index.candidates(200);
  EXPECT_TRUE(found.pairs.empty());
  EXPECT_EQ(found.crowded_buckets, kBands);
}

TEST(Copies, BandKeysAreStoredAsHexAndReadBack) {
  const BandKeys keys = fingerprint(demo::synthetic_text(6, 200)).keys;
  const std::string text = encode_band_keys(keys);
  EXPECT_EQ(text.size(), kBands * 8);
  EXPECT_EQ(decode_band_keys(text), keys);
  BandKeys edge{};
  edge[0] = 0xFFFFFFFFU;
  edge[kBands - 1] = 0x0000000AU;
  EXPECT_EQ(encode_band_keys(edge).substr(0, 8), "ffffffff");
  EXPECT_EQ(decode_band_keys(encode_band_keys(edge)), edge);
  EXPECT_FALSE(decode_band_keys(""));
  EXPECT_FALSE(decode_band_keys(text.substr(1)));
  EXPECT_FALSE(decode_band_keys("G" + text.substr(1)));
  EXPECT_FALSE(decode_band_keys("A" + text.substr(1)));  // upper case is not what is written
}

TEST(Copies, KeysSetLaterFindTheSameCandidates) {
  const std::string a = demo::synthetic_text(7, 200);
  CopyIndex direct;
  CopyIndex later;
  for (std::uint32_t owner = 0; owner < 2; ++owner) {
    direct.add(owner, fingerprint(a).keys);
    later.add(owner, BandKeys{});
  }
  later.set_keys(0, fingerprint(a).keys);
  later.set_keys(1, fingerprint(a).keys);
  EXPECT_EQ(later.candidates().pairs, direct.candidates().pairs);
  EXPECT_EQ(direct.candidates().pairs.size(), 1U);
}

TEST(Copies, ParallelWorkVisitsEveryItemOnce) {
  for (const unsigned threads : {0U, 1U, 2U, 7U}) {
    std::vector<std::atomic<int>> seen(1000);
    for_each_parallel(
        seen.size(), [&](std::size_t i) { ++seen[i]; }, threads);
    for (const auto& n : seen) EXPECT_EQ(n.load(), 1);
  }
  for_each_parallel(0, [](std::size_t) { FAIL() << "no items, no calls"; });
}

}  // namespace
}  // namespace tidu::similarity
