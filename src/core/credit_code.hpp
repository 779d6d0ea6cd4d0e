#pragma once
// 统一社会信用代码 (GB 32100-2015).
#include <string>
#include <string_view>

namespace tidu::credit_code {

enum class Verdict {
  kValid,          ///< right length, alphabet and check character
  kBadFormat,      ///< wrong length or a character outside 0-9A-HJ-NPQRTUWXY
  kBadCheckDigit,  ///< well formed, but the 18th character does not match (legal pilot codes do
                   ///< this)
};

/// Judges a code; the text is taken as written (no case folding, no trimming).
Verdict check(std::string_view code);

/// The check character the first 17 characters call for; '\0' when they are not well formed.
char expected_check_character(std::string_view first17);

/// The GB/T 2260 region code of registration: characters 3–8.
std::string_view region_part(std::string_view code);

}  // namespace tidu::credit_code
