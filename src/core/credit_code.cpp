#include "core/credit_code.hpp"

#include <array>

namespace tidu::credit_code {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::array<int, 17> kWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                          29, 25, 13, 8,  24, 10, 30, 28};

int value_of(char c) {
  const auto pos = kAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

}  // namespace

char expected_check_character(std::string_view first17) {
  if (first17.size() < 17) return '\0';
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    const int v = value_of(first17[i]);
    if (v < 0) return '\0';
    sum += v * kWeights[i];
  }
  return kAlphabet[static_cast<std::size_t>((31 - sum % 31) % 31)];
}

Verdict check(std::string_view code) {
  if (code.size() != 18) return Verdict::kBadFormat;
  for (char c : code) {
    if (value_of(c) < 0) return Verdict::kBadFormat;
  }
  return expected_check_character(code) == code[17] ? Verdict::kValid : Verdict::kBadCheckDigit;
}

std::string_view region_part(std::string_view code) {
  return code.size() >= 8 ? code.substr(2, 6) : std::string_view{};
}

}  // namespace tidu::credit_code
