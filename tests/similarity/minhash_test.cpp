#include "similarity/minhash.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "similarity/shingles.hpp"

namespace tidu::similarity {
namespace {

std::vector<std::uint64_t> set_of(std::uint64_t first, std::uint64_t count) {
  std::vector<std::uint64_t> s;
  for (std::uint64_t i = 0; i < count; ++i) s.push_back(mix64(first + i));
  std::sort(s.begin(), s.end());
  return s;
}

TEST(MinHash, EqualSetsHaveEqualSignaturesAndKeys) {
  const auto a = set_of(0, 300);
  EXPECT_EQ(signature(a), signature(a));
  EXPECT_EQ(band_keys(signature(a)), band_keys(signature(set_of(0, 300))));
}

TEST(MinHash, EveryBinIsFilledEvenForSmallSets) {
  const Signature s = signature(set_of(7, 5));
  for (const std::uint32_t v : s) EXPECT_NE(v, 0xFFFFFFFFU);
}

// The agreement rate of two signatures estimates the Jaccard similarity: averaged over many set
// pairs of known similarity, it is within a few per cent of it — for large sets and, thanks to the
// densification, for sets smaller than the number of bins.
TEST(MinHash, AgreementEstimatesJaccard) {
  for (const auto& [size, shared] : {std::pair{400, 300}, std::pair{40, 30}, std::pair{12, 6}}) {
    double total = 0;
    double expected = 0;
    const int trials = 300;
    for (int t = 0; t < trials; ++t) {
      const std::uint64_t base = static_cast<std::uint64_t>(t) * 1'000'000;
      auto a = set_of(base, static_cast<std::uint64_t>(size));
      auto b = set_of(base + static_cast<std::uint64_t>(size - shared),
                      static_cast<std::uint64_t>(size));
      expected = jaccard(a, b);
      const Signature sa = signature(a);
      const Signature sb = signature(b);
      int agree = 0;
      for (std::size_t i = 0; i < kHashes; ++i) agree += sa[i] == sb[i] ? 1 : 0;
      total += static_cast<double>(agree) / kHashes;
    }
    EXPECT_NEAR(total / trials, expected, 0.03) << size << " elements, " << shared << " shared";
  }
}

TEST(MinHash, CandidateProbabilityFollowsTheBanding) {
  // p = J⁴; 1 - (1-p)¹⁶ - 16·p·(1-p)¹⁵.
  EXPECT_NEAR(candidate_probability(0.8), 0.99736, 1e-4);
  EXPECT_NEAR(candidate_probability(0.5), 0.2642, 1e-3);
  EXPECT_LT(candidate_probability(0.05), 1e-8);
}

}  // namespace
}  // namespace tidu::similarity
