// 统一社会信用代码 check (GB 32100-2015): core/credit_code.hpp.
#include "core/credit_code.hpp"

#include <string>

#include <gtest/gtest.h>

#include "declaration/sample.hpp"

namespace {

using tidu::credit_code::check;
using tidu::credit_code::expected_check_character;
using tidu::credit_code::region_part;
using tidu::credit_code::Verdict;

// The next check character in the alphabet, so the result is well formed but wrong.
char other_character(char c) { return c == '0' ? '1' : '0'; }

TEST(CreditCode, LegalPilotCodeHasBadCheckDigit) {
  // A Fujian pilot code: legal, but its 18th character does not follow the check rule.
  EXPECT_EQ(check("91350100M0001TGQXM"), Verdict::kBadCheckDigit);
  EXPECT_EQ(expected_check_character("91350100M0001TGQX"), '1');
}

TEST(CreditCode, HandComputedCodeIsValid) {
  // 91350102MA2Y3K7PC? — values (alphabet index) × weights:
  //   9×1 + 1×3 + 3×9 + 5×27 + 0×19 + 1×26 + 0×16 + 2×17 + M(21)×20 + A(10)×29 + 2×25 + Y(30)×13
  //   + 3×8 + K(19)×24 + 7×10 + P(23)×30 + C(12)×28
  //   = 9 + 3 + 27 + 135 + 0 + 26 + 0 + 34 + 420 + 290 + 50 + 390 + 24 + 456 + 70 + 690 + 336
  //   = 2960;  2960 mod 31 = 15 (31 × 95 = 2945);  (31 − 15) mod 31 = 16 → alphabet[16] = 'G'.
  constexpr int kSum = 9 * 1 + 1 * 3 + 3 * 9 + 5 * 27 + 0 * 19 + 1 * 26 + 0 * 16 + 2 * 17 +
                       21 * 20 + 10 * 29 + 2 * 25 + 30 * 13 + 3 * 8 + 19 * 24 + 7 * 10 + 23 * 30 +
                       12 * 28;
  static_assert(kSum == 2960);
  static_assert((31 - kSum % 31) % 31 == 16);
  EXPECT_EQ(expected_check_character("91350102MA2Y3K7PC"), 'G');
  EXPECT_EQ(check("91350102MA2Y3K7PCG"), Verdict::kValid);
  EXPECT_EQ(region_part("91350102MA2Y3K7PCG"), "350102");
}

TEST(CreditCode, CheckValueZeroMapsToCharacterZero) {
  // Seventeen zeros: sum 0 → (31 − 0) mod 31 = 0 → alphabet[0] = '0'.
  EXPECT_EQ(expected_check_character("00000000000000000"), '0');
  EXPECT_EQ(check("000000000000000000"), Verdict::kValid);
  // One '1' at weight 1: sum 1 → (31 − 1) mod 31 = 30 → 'Y', the last alphabet character.
  EXPECT_EQ(expected_check_character("10000000000000000"), 'Y');
}

TEST(CreditCode, SampleCodeIsValidAndNamesItsRegion) {
  const std::string code = tidu::declaration::make_credit_code("350102", 7);
  ASSERT_EQ(code.size(), 18U);
  EXPECT_EQ(check(code), Verdict::kValid);
  EXPECT_EQ(region_part(code), "350102");
  EXPECT_EQ(code.back(), expected_check_character(code.substr(0, 17)));
}

TEST(CreditCode, SampleCodesDifferBySerial) {
  const std::string a = tidu::declaration::make_credit_code("610403", 0);
  const std::string b = tidu::declaration::make_credit_code("610403", 1);
  EXPECT_NE(a, b);
  EXPECT_EQ(check(a), Verdict::kValid);
  EXPECT_EQ(check(b), Verdict::kValid);
}

TEST(CreditCode, WrongLengthIsBadFormat) {
  EXPECT_EQ(check(""), Verdict::kBadFormat);
  EXPECT_EQ(check("91350102MA2Y3K7PC"), Verdict::kBadFormat);    // 17
  EXPECT_EQ(check("91350102MA2Y3K7PCG0"), Verdict::kBadFormat);  // 19
  EXPECT_EQ(check(" 91350102MA2Y3K7PCG"), Verdict::kBadFormat);  // not trimmed
}

TEST(CreditCode, CharacterOutsideAlphabetIsBadFormat) {
  const std::string valid = "91350102MA2Y3K7PCG";
  ASSERT_EQ(check(valid), Verdict::kValid);
  for (char bad : {'a', 'm', 'I', 'O', 'Z', 'S', 'V', '-', ' '}) {
    std::string code = valid;
    code[10] = bad;
    EXPECT_EQ(check(code), Verdict::kBadFormat) << "character '" << bad << "'";
  }
  std::string lower_check = valid;
  lower_check[17] = 'g';
  EXPECT_EQ(check(lower_check), Verdict::kBadFormat);
}

TEST(CreditCode, ChangedLastCharacterIsBadCheckDigit) {
  std::string code = tidu::declaration::make_credit_code("350102", 7);
  ASSERT_EQ(check(code), Verdict::kValid);
  code[17] = other_character(code[17]);
  EXPECT_EQ(check(code), Verdict::kBadCheckDigit);

  std::string hand = "91350102MA2Y3K7PCH";
  EXPECT_EQ(check(hand), Verdict::kBadCheckDigit);
}

TEST(CreditCode, ExpectedCheckCharacterNeedsSeventeenWellFormedCharacters) {
  EXPECT_EQ(expected_check_character("9135010"), '\0');
  EXPECT_EQ(expected_check_character("91350102MA2Y3K7PI"), '\0');
}

TEST(CreditCode, RegionPartIsCharactersThreeToEight) {
  EXPECT_EQ(region_part("91350100M0001TGQXM"), "350100");
  EXPECT_EQ(region_part("9161"), "");
}

}  // namespace
