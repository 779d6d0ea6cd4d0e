#pragma once
// MinHash signatures and locality-sensitive banding for near-duplicate passages.
//
// A signature holds kHashes values; two passages agree on each value with probability equal to the
// Jaccard similarity of their shingle sets. One-permutation hashing (each shingle hashed once,
// into one of kHashes bins) with optimal densification for the empty bins (Shrivastava, ICML 2017)
// keeps that property at one hash per shingle instead of kHashes.
//
// Banding: the signature is cut into kBands bands of kRows values. Two passages become
// candidates when at least kMinBands bands agree entirely; with p = J^kRows the chance of one
// band, that is 1 - (1-p)^kBands - kBands·p·(1-p)^(kBands-1):
// J = 0.9 → 99.9999 %, 0.85 → 99.99 %, 0.8 → 99.7 %, 0.7 → 92.5 %, 0.6 → 63 %, 0.5 → 26 %.
// Two bands, not one: texts on the same subject share stock terms (制造执行系统, 生产效率提升…),
// which gives unrelated passages a Jaccard similarity of one or two per cent; one band of four
// rows then agrees for about one pair in a million — thousands of pairs when a round holds
// millions of passages — while two bands agree for practically none. Candidates are then
// verified on their exact shingle sets.
#include <array>
#include <cstdint>
#include <vector>

namespace tidu::similarity {

inline constexpr std::size_t kBands = 16;
inline constexpr std::size_t kRows = 4;
inline constexpr std::size_t kMinBands = 2;
inline constexpr std::size_t kHashes = kBands * kRows;

using Signature = std::array<std::uint32_t, kHashes>;
using BandKeys = std::array<std::uint32_t, kBands>;

/// The signature of a non-empty shingle set (an empty set gives all-ones, which no real
/// signature has in every band).
Signature signature(const std::vector<std::uint64_t>& shingles);

/// One 32-bit key a band: the band's number and its kRows values hashed.
BandKeys band_keys(const Signature& s);

/// The probability that two passages of Jaccard similarity `j` agree on kMinBands bands or more.
double candidate_probability(double j);

}  // namespace tidu::similarity
