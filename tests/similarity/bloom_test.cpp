// The Bloom filter of band keys: never "absent" for an added key, about 1 % "perhaps" for keys
// never added at 10 bits a key, sound under adds from several threads.
#include "similarity/bloom.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <thread>
#include <vector>

#include "similarity/shingles.hpp"

namespace {

using tidu::similarity::BloomFilter;
using tidu::similarity::mix64;

TEST(BloomFilter, AnAddedKeyIsNeverAbsent) {
  BloomFilter f(100'000);
  for (std::uint64_t i = 0; i < 100'000; ++i) f.add(mix64(i));
  for (std::uint64_t i = 0; i < 100'000; ++i) ASSERT_TRUE(f.may_contain(mix64(i))) << i;
  EXPECT_EQ(f.added(), 100'000U);
  EXPECT_EQ(f.capacity(), 100'000U);
  EXPECT_GE(f.bytes(), 100'000U * 10 / 8);
}

TEST(BloomFilter, FewKeysNeverAddedAnswerPerhaps) {
  BloomFilter f(100'000);
  for (std::uint64_t i = 0; i < 100'000; ++i) f.add(mix64(i));
  int perhaps = 0;
  for (std::uint64_t i = 1'000'000; i < 1'100'000; ++i) perhaps += f.may_contain(mix64(i)) ? 1 : 0;
  // 10 bits a key, 7 bits set in a 512-bit block: about 1 %.
  EXPECT_LT(perhaps, 2'000);
  EXPECT_GT(perhaps, 100);  // a filter that says "absent" to everything would pass the bound
}

TEST(BloomFilter, AnEmptyFilterHasNothing) {
  const BloomFilter f(0);
  EXPECT_FALSE(f.may_contain(42));
  EXPECT_EQ(f.added(), 0U);
}

TEST(BloomFilter, OverfilledItStillHasEveryKey) {
  BloomFilter f(10);
  for (std::uint64_t i = 0; i < 5'000; ++i) f.add(i);
  for (std::uint64_t i = 0; i < 5'000; ++i) ASSERT_TRUE(f.may_contain(i));
}

TEST(BloomFilter, AddsFromSeveralThreadsAreAllKept) {
  BloomFilter f(200'000);
  std::vector<std::thread> threads;
  for (std::uint64_t t = 0; t < 4; ++t) {
    threads.emplace_back([&f, t] {
      for (std::uint64_t i = t; i < 200'000; i += 4) f.add(mix64(i));
    });
  }
  for (auto& t : threads) t.join();
  for (std::uint64_t i = 0; i < 200'000; ++i) ASSERT_TRUE(f.may_contain(mix64(i))) << i;
  EXPECT_EQ(f.added(), 200'000U);
}

}  // namespace
