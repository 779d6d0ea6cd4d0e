#include "service/document_cache.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using tidu::service::DocumentCache;

std::shared_ptr<const std::string> text(std::size_t bytes, char c) {
  return std::make_shared<const std::string>(bytes, c);
}

TEST(DocumentCache, KeepsTextsUntilTheBudgetAndDropsTheLeastRecentlyUsedFirst) {
  DocumentCache cache(1000);  // keys count too: "a" … "d" are one byte each
  cache.put("a", text(300, 'a'));
  cache.put("b", text(300, 'b'));
  cache.put("c", text(300, 'c'));
  ASSERT_NE(cache.find("a"), nullptr);  // a is now the most recently used
  cache.put("d", text(300, 'd'));       // over the budget: b goes, not a
  EXPECT_EQ(cache.find("b"), nullptr);
  ASSERT_NE(cache.find("a"), nullptr);
  EXPECT_EQ(*cache.find("a"), std::string(300, 'a'));
  EXPECT_NE(cache.find("c"), nullptr);
  EXPECT_NE(cache.find("d"), nullptr);
  EXPECT_EQ(cache.entries(), 3U);
  EXPECT_EQ(cache.bytes(), 903U);
}

TEST(DocumentCache, ReplacingAKeyCountsItsBytesOnce) {
  DocumentCache cache(1000);
  cache.put("k", text(400, 'x'));
  cache.put("k", text(500, 'y'));
  EXPECT_EQ(cache.entries(), 1U);
  EXPECT_EQ(cache.bytes(), 501U);
  EXPECT_EQ(*cache.find("k"), std::string(500, 'y'));
}

TEST(DocumentCache, ATextLargerThanTheBudgetIsNotKept) {
  DocumentCache cache(100);
  cache.put("small", text(10, 's'));
  cache.put("big", text(200, 'b'));
  EXPECT_EQ(cache.find("big"), nullptr);
  EXPECT_NE(cache.find("small"), nullptr) << "nothing was evicted for it";
}

TEST(DocumentCache, ATextHandedOutOutlivesItsEviction) {
  DocumentCache cache(100);
  cache.put("a", text(60, 'a'));
  const auto held = cache.find("a");
  cache.put("b", text(60, 'b'));
  EXPECT_EQ(cache.find("a"), nullptr);
  ASSERT_NE(held, nullptr);
  EXPECT_EQ(*held, std::string(60, 'a'));
}

TEST(DocumentCache, StaysWithinItsBudgetUnderConcurrentUse) {
  DocumentCache cache(10'000);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 2000; ++i) {
        const auto key = std::to_string((i * 7 + t) % 300);
        if (auto found = cache.find(key)) {
          ASSERT_EQ(found->size(), 100U);
        } else {
          cache.put(key, text(100, 'x'));
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_LE(cache.bytes(), 10'000U);
  EXPECT_GT(cache.entries(), 0U);
}

}  // namespace
