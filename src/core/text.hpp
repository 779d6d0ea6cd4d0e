#pragma once
// Text measures used by the rules: 字 counted as office suites count 字数 (DOMAIN.md §5).
#include <cstddef>
#include <string>
#include <string_view>

namespace tidu::text {

/// Counts 字 the way office suites count 字数: each CJK character or full-width punctuation mark
/// is 1, each run of other non-space characters (a Latin word, a number) is 1, white space is 0.
std::size_t count_zi(std::string_view utf8);

/// True when the code point is counted one by one (CJK ideographs, kana, hangul, CJK and
/// full-width punctuation, Chinese quotation marks, ellipsis and dashes).
bool is_wide(char32_t cp);

/// Decodes one code point at `pos`, advancing it; invalid bytes decode as U+FFFD, one byte each.
char32_t next_code_point(std::string_view s, std::size_t& pos);

/// Removes ASCII and ideographic white space at both ends.
std::string_view trim(std::string_view s);

/// True when the text is empty or only white space.
bool blank(std::string_view s);

/// True when `s` is valid UTF-8.
bool valid_utf8(std::string_view s);

/// Number of code points.
std::size_t length(std::string_view utf8);

/// The first `n` code points.
std::string_view prefix(std::string_view utf8, std::size_t n);

/// A copy with ASCII letters in lower case (other bytes unchanged).
std::string ascii_lower(std::string_view s);

}  // namespace tidu::text
