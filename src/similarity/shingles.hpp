#pragma once
// Text as the copied-text check compares it: the characters that carry meaning (CJK ideographs,
// letters and digits; white space and punctuation dropped, full-width forms folded to ASCII,
// Latin letters lower-cased), cut into overlapping runs of kShingleChars characters, each run
// hashed to 64 bits. Two passages are as alike as the Jaccard similarity of their runs' sets.
//
// Six characters: short enough that one changed character in a hundred leaves nine in ten runs
// intact, long enough that two unrelated passages on the same subject (智能制造, 生产效率提升…)
// rarely share a run.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tidu::similarity {

inline constexpr std::size_t kShingleChars = 6;

/// Whether the character is compared (not white space or punctuation).
bool meaningful(char32_t cp);

/// The text's meaningful characters, in order (see above).
std::u32string normalize(std::string_view utf8);

/// The sorted, distinct 64-bit hashes of every kShingleChars-character run of `normalized`. A text
/// shorter than one run has none.
std::vector<std::uint64_t> shingles(std::u32string_view normalized);

/// |a ∩ b| / |a ∪ b| of two sorted, distinct hash lists; 0 when both are empty.
double jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b);

/// The longest run of characters the two texts share, as UTF-8 of `a`'s original characters
/// (white space and punctuation inside the run kept as `a` has them). Compared as normalized
/// text, so a copy that changed only punctuation or spacing still shows whole.
std::string longest_shared_passage(std::string_view a, std::string_view b);

/// A 64-bit mix (SplitMix64's finaliser): spreads nearby inputs over all bits.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 30U;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27U;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31U;
  return x;
}

}  // namespace tidu::similarity
