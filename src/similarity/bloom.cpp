#include "similarity/bloom.hpp"

#include <algorithm>

#include "similarity/shingles.hpp"

namespace tidu::similarity {
namespace {

/// The block and, from a second hash, the seven 9-bit positions within it.
struct Place {
  std::size_t block;
  std::uint64_t bits;  ///< 9 bits a position, kBitsSet of them
};

Place place_of(std::uint64_t key, std::size_t blocks) {
  const std::uint64_t h = mix64(key);
  const std::uint64_t g = mix64(key ^ 0x9e3779b97f4a7c15ULL);
  return {static_cast<std::size_t>(h % blocks), g};
}

}  // namespace

BloomFilter::BloomFilter(std::size_t capacity, unsigned bits_per_key)
    : capacity_(std::max<std::size_t>(capacity, 1)),
      blocks_(std::max<std::size_t>(
          1, (capacity_ * std::max(1U, bits_per_key) + kBlockWords * 64 - 1) / (kBlockWords * 64))),
      words_(std::make_unique<std::atomic<std::uint64_t>[]>(blocks_ * kBlockWords)) {}

void BloomFilter::add(std::uint64_t key) {
  const Place p = place_of(key, blocks_);
  std::atomic<std::uint64_t>* block = &words_[p.block * kBlockWords];
  for (unsigned i = 0; i < kBitsSet; ++i) {
    const auto bit = static_cast<unsigned>((p.bits >> (9U * i)) & 511U);
    block[bit / 64U].fetch_or(std::uint64_t{1} << (bit % 64U), std::memory_order_relaxed);
  }
  added_.fetch_add(1, std::memory_order_relaxed);
}

bool BloomFilter::may_contain(std::uint64_t key) const {
  const Place p = place_of(key, blocks_);
  const std::atomic<std::uint64_t>* block = &words_[p.block * kBlockWords];
  for (unsigned i = 0; i < kBitsSet; ++i) {
    const auto bit = static_cast<unsigned>((p.bits >> (9U * i)) & 511U);
    if ((block[bit / 64U].load(std::memory_order_relaxed) & (std::uint64_t{1} << (bit % 64U))) == 0)
      return false;
  }
  return true;
}

}  // namespace tidu::similarity
