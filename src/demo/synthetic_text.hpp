#pragma once
// Chinese text for synthetic declarations: sentences on smart manufacturing made of words drawn
// from a fixed vocabulary by a seeded generator, so that the same seed always gives the same text
// and two seeds give texts on the same subject that share no passage. The national-scale dataset
// (tidu generate) and the copied-text tests use it.
#include <cstdint>
#include <string>

namespace tidu::demo {

/// About `chars` meaningful characters (±10 %), sentences ending in 。, commas within.
std::string synthetic_text(std::uint64_t seed, std::size_t chars);

/// A small deterministic generator (SplitMix64).
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  /// Uniform in [0, n).
  std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : next() % n; }
  /// Uniform in [0, 1).
  double unit() { return static_cast<double>(next() >> 11U) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

}  // namespace tidu::demo
