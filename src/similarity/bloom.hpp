#pragma once
// A Bloom filter of 64-bit keys: "certainly absent" or "perhaps present". The copied-text check
// keeps one per round over the band keys in text_bands (service::BandFilters), so that a new
// submission probes the large on-disk index only for the few keys another passage may share,
// instead of some 1,500 random pages.
//
// Blocked: a key's bits all lie in one 512-bit block (one cache line), chosen by the key; seven
// bits in the block. With 10 bits a key about 1 % of absent keys answer "perhaps". Adding and
// asking may run on several threads at once (the words are atomic); an add is seen by asks that
// start after it returns.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace tidu::similarity {

class BloomFilter {
 public:
  /// Room for `capacity` keys at `bits_per_key` bits each (at least one block).
  explicit BloomFilter(std::size_t capacity, unsigned bits_per_key = 10);

  void add(std::uint64_t key);
  [[nodiscard]] bool may_contain(std::uint64_t key) const;

  /// Keys added so far (each add counts, repeated keys too).
  [[nodiscard]] std::size_t added() const { return added_.load(std::memory_order_relaxed); }
  /// The number of keys it was sized for: beyond it, false "perhaps" answers grow.
  [[nodiscard]] std::size_t capacity() const { return capacity_; }
  [[nodiscard]] std::size_t bytes() const { return blocks_ * kBlockWords * sizeof(std::uint64_t); }

 private:
  static constexpr std::size_t kBlockWords = 8;  // 512 bits
  static constexpr unsigned kBitsSet = 7;

  std::size_t capacity_;
  std::size_t blocks_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> words_;
  std::atomic<std::size_t> added_{0};
};

}  // namespace tidu::similarity
