#include "similarity/minhash.hpp"

#include <cmath>
#include <limits>

#include "similarity/shingles.hpp"

namespace tidu::similarity {

Signature signature(const std::vector<std::uint64_t>& shingles) {
  constexpr std::uint32_t kEmpty = std::numeric_limits<std::uint32_t>::max();
  Signature bins;
  bins.fill(kEmpty);
  std::array<bool, kHashes> filled{};
  for (const std::uint64_t h : shingles) {
    // The high half picks the bin (multiply-high: uniform over kHashes), the low half is the value.
    const auto bin = static_cast<std::size_t>(((h >> 32U) * kHashes) >> 32U);
    const auto value = static_cast<std::uint32_t>(h);
    if (value <= bins[bin]) bins[bin] = value;
    filled[bin] = true;
  }
  if (shingles.empty()) return bins;
  // Optimal densification: an empty bin borrows from the first filled bin of its own probe
  // sequence, which depends only on the bin's number, so two sets agree on a borrowed value with
  // the same probability as on a bin of their own.
  Signature out = bins;
  for (std::size_t i = 0; i < kHashes; ++i) {
    if (filled[i]) continue;
    for (std::uint64_t attempt = 1;; ++attempt) {
      const std::uint64_t probe = mix64((static_cast<std::uint64_t>(i) << 32U) ^ attempt);
      const auto j = static_cast<std::size_t>(((probe >> 32U) * kHashes) >> 32U);
      if (filled[j]) {
        out[i] = bins[j];
        break;
      }
    }
  }
  return out;
}

BandKeys band_keys(const Signature& s) {
  BandKeys keys{};
  for (std::size_t b = 0; b < kBands; ++b) {
    std::uint64_t h = mix64(b + 1);
    for (std::size_t r = 0; r < kRows; ++r) h = mix64(h ^ s[b * kRows + r]);
    keys[b] = static_cast<std::uint32_t>(h >> 32U);
  }
  return keys;
}

double candidate_probability(double j) {
  // 1 - P(fewer than kMinBands bands agree), each band agreeing independently with p.
  const double p = std::pow(j, static_cast<double>(kRows));
  const auto n = static_cast<int>(kBands);
  double fewer = 0;
  double choose = 1;  // C(n, k)
  for (int k = 0; k < static_cast<int>(kMinBands); ++k) {
    fewer += choose * std::pow(p, k) * std::pow(1.0 - p, n - k);
    choose = choose * (n - k) / (k + 1);
  }
  return 1.0 - fewer;
}

}  // namespace tidu::similarity
