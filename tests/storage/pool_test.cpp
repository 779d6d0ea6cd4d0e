#include "storage/pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "support/storage.hpp"

namespace {

using tidu::Result;
using tidu::storage::Database;

class PoolTest : public tidu::test::BackendTest {};

TEST_P(PoolTest, LendsEachConnectionToOneBorrowerAtATimeAndReopensDiscardedOnes) {
  std::atomic<int> opened{0};
  auto pool = tidu::storage::Pool::open(
      [&]() -> Result<std::unique_ptr<Database>> {
        ++opened;
        return open_another(std::chrono::milliseconds(2000));
      },
      2);
  ASSERT_TRUE(pool) << tidu::test::describe(pool.error());
  EXPECT_EQ(opened.load(), 2);
  {
    auto a = (*pool)->acquire();
    auto b = (*pool)->acquire();
    ASSERT_TRUE(a && b);
    EXPECT_NE(&**a, &**b);
    a->discard();
  }
  auto c = (*pool)->acquire();
  auto d = (*pool)->acquire();
  ASSERT_TRUE(c && d);
  EXPECT_EQ(opened.load(), 3) << "the discarded connection is replaced when next needed";
}

TEST_P(PoolTest, ABorrowerWaitsUntilAConnectionComesBack) {
  auto pool = tidu::storage::Pool::open(
      [&]() -> Result<std::unique_ptr<Database>> {
        return open_another(std::chrono::milliseconds(2000));
      },
      1);
  ASSERT_TRUE(pool);
  auto held = (*pool)->acquire();
  ASSERT_TRUE(held);
  std::atomic<bool> got{false};
  std::thread waiter([&] {
    auto l = (*pool)->acquire();
    got = l.has_value();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(got.load());
  { auto release = std::move(*held); }
  waiter.join();
  EXPECT_TRUE(got.load());
}

INSTANTIATE_TEST_SUITE_P(Storage, PoolTest, tidu::test::all_backends(), tidu::test::backend_name);

}  // namespace
