#include "security/password.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "security/digest.hpp"

namespace {

TEST(PasswordHasher, HashesWithArgon2idAndVerifiesOnlyTheSamePassword) {
  tidu::security::PasswordHasher hasher(1);
  auto h = hasher.hash("Correct-Horse-9");
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->starts_with("$argon2id$"));
  EXPECT_TRUE(hasher.verify(*h, "Correct-Horse-9"));
  EXPECT_FALSE(hasher.verify(*h, "Correct-Horse-8"));
  EXPECT_FALSE(hasher.verify("$2y$10$not-argon", "Correct-Horse-9"));
  auto again = hasher.hash("Correct-Horse-9");
  ASSERT_TRUE(again);
  EXPECT_NE(*h, *again) << "each hash has its own salt";
}

TEST(PasswordHasher, NeverRunsMoreHashesAtOnceThanItsCap) {
  tidu::security::PasswordHasher hasher(2);
  std::atomic<int> running{0};
  std::atomic<int> peak{0};
  // verify() holds a slot while hashing; several threads must still finish, two at a time.
  auto h = hasher.hash("Pass-word-123");
  ASSERT_TRUE(h);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 5; ++i) {
    threads.emplace_back([&] {
      ++running;
      peak = std::max(peak.load(), running.load());
      if (hasher.verify(*h, "Pass-word-123")) ++ok;
      --running;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 5);
}

TEST(PasswordWeakness, ExplainsWhatIsMissing) {
  using tidu::security::password_weakness;
  EXPECT_EQ(password_weakness("short1A!", "u"), "密码至少 10 个字符");
  EXPECT_EQ(password_weakness("alllowercaseletters", "u"),
            "密码须包含大写字母、小写字母、数字、符号中的至少三类");
  EXPECT_EQ(password_weakness("Zhang-San-2026", "Zhang-San"), "密码不能包含用户名");
  EXPECT_EQ(password_weakness("Tidu@2026demo", "ent-hb-06"), "");
}

TEST(Digest, Sha256MatchesTheStandardVectorsAndIncrementalEqualsOneShot) {
  EXPECT_EQ(tidu::security::sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(tidu::security::sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  tidu::security::Sha256 h;
  h.update("a");
  h.update("bc");
  EXPECT_EQ(h.finish_hex(), tidu::security::sha256_hex("abc"));
}

TEST(Digest, RandomTokensDifferAndHaveTheAskedLength) {
  const auto a = tidu::security::random_hex(16);
  EXPECT_EQ(a.size(), 32U);
  EXPECT_NE(a, tidu::security::random_hex(16));
  EXPECT_TRUE(tidu::security::equal_constant_time(a, a));
  EXPECT_FALSE(tidu::security::equal_constant_time(a, a.substr(1)));
}

}  // namespace
