#include "similarity/shingles.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace tidu::similarity {
namespace {

/// The character as compared, or 0 when it is dropped (white space, punctuation, symbols of
/// layout).
char32_t fold(char32_t cp) {
  if (cp < 0x80) {
    if (cp >= 'A' && cp <= 'Z') return cp - 'A' + 'a';
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) return cp;
    return 0;  // ASCII white space, punctuation and controls
  }
  if (cp >= 0xFF10 && cp <= 0xFF19) return cp - 0xFF10 + '0';  // full-width digits
  if (cp >= 0xFF21 && cp <= 0xFF3A) return cp - 0xFF21 + 'a';  // full-width capitals
  if (cp >= 0xFF41 && cp <= 0xFF5A) return cp - 0xFF41 + 'a';  // full-width small letters
  if (cp >= 0xFF00 && cp <= 0xFF65) return 0;                  // full-width punctuation
  if (cp >= 0x3000 && cp <= 0x303F) return 0;                  // CJK punctuation, ideographic space
  if (cp >= 0x2000 && cp <= 0x206F) return 0;                  // general punctuation, spaces
  if (cp == 0x00A0 || cp == 0x00B7 || cp == 0xFEFF || cp == 0xFFFD) return 0;
  return cp;
}

struct Located {
  std::u32string text;
  std::vector<std::size_t> begin;  ///< byte offset of each kept character in the original
  std::vector<std::size_t> end;    ///< byte offset just after it
};

Located normalize_located(std::string_view utf8) {
  Located out;
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const std::size_t start = pos;
    const char32_t cp = fold(text::next_code_point(utf8, pos));
    if (cp == 0) continue;
    out.text.push_back(cp);
    out.begin.push_back(start);
    out.end.push_back(pos);
  }
  return out;
}

}  // namespace

bool meaningful(char32_t cp) { return fold(cp) != 0; }

std::u32string normalize(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size() / 3 + 1);
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const char32_t cp = fold(text::next_code_point(utf8, pos));
    if (cp != 0) out.push_back(cp);
  }
  return out;
}

std::vector<std::uint64_t> shingles(std::u32string_view normalized) {
  std::vector<std::uint64_t> out;
  if (normalized.size() < kShingleChars) return out;
  out.reserve(normalized.size() - kShingleChars + 1);
  for (std::size_t i = 0; i + kShingleChars <= normalized.size(); ++i) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (std::size_t j = 0; j < kShingleChars; ++j) h = (h ^ normalized[i + j]) * 0x100000001b3ULL;
    out.push_back(mix64(h));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double jaccard(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  if (a.empty() && b.empty()) return 0;
  std::size_t common = 0;
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++common;
      ++i;
      ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

std::string longest_shared_passage(std::string_view a, std::string_view b) {
  const Located la = normalize_located(a);
  const std::u32string nb = normalize(b);
  if (la.text.empty() || nb.empty()) return {};
  // Longest common substring by dynamic programming over two rows: run[j] is the length of the
  // common run ending at a[i] and b[j].
  std::vector<std::uint32_t> previous(nb.size() + 1, 0);
  std::vector<std::uint32_t> current(nb.size() + 1, 0);
  std::uint32_t best = 0;
  std::size_t best_end = 0;  // in a, one past the run's last character
  for (std::size_t i = 0; i < la.text.size(); ++i) {
    for (std::size_t j = 0; j < nb.size(); ++j) {
      current[j + 1] = la.text[i] == nb[j] ? previous[j] + 1 : 0;
      if (current[j + 1] > best) {
        best = current[j + 1];
        best_end = i + 1;
      }
    }
    std::swap(previous, current);
  }
  if (best == 0) return {};
  const std::size_t first = best_end - best;
  return std::string(a.substr(la.begin[first], la.end[best_end - 1] - la.begin[first]));
}

}  // namespace tidu::similarity
