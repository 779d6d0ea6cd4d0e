#include "similarity/passages.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "declaration/text_fields.hpp"
#include "similarity/shingles.hpp"

namespace tidu::similarity {
namespace {

bool sentence_end(char32_t cp) {
  return cp == U'。' || cp == U'！' || cp == U'？' || cp == U'；' || cp == U'\n' || cp == U'!' ||
         cp == U'?' || cp == U';';
}

}  // namespace

std::vector<std::string> split_text(const std::string& text) {
  std::vector<std::string> parts;
  const std::u32string normalized = normalize(text);
  const std::size_t total = normalized.size();
  if (total < kMinPassageChars) return parts;
  // Written text, not a code: at least half of it Chinese (attachment digests, file names and
  // identifiers are alike by nature).
  const auto ideographs = std::count_if(normalized.begin(), normalized.end(), [](char32_t c) {
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
  });
  if (static_cast<std::size_t>(ideographs) * 2 < total) return parts;
  if (total <= kMaxPassageChars) {
    parts.push_back(text);
    return parts;
  }
  // Sentences gathered into parts of about kPartChars meaningful characters; a short tail joins
  // the part before it.
  std::size_t pos = 0;
  std::size_t start = 0;
  std::size_t counted = 0;
  while (pos < text.size()) {
    const char32_t cp = text::next_code_point(text, pos);
    if (meaningful(cp)) ++counted;
    if ((sentence_end(cp) && counted >= kPartChars) || counted >= kMaxPassageChars) {
      parts.emplace_back(text.substr(start, pos - start));
      start = pos;
      counted = 0;
    }
  }
  if (start < text.size()) {
    std::string tail = text.substr(start);
    if (normalize(tail).size() < kMinPassageChars && !parts.empty()) {
      parts.back() += tail;
    } else {
      parts.push_back(std::move(tail));
    }
  }
  return parts;
}

std::vector<Passage> passages_of(const declaration::Declaration& d) {
  std::vector<Passage> out;
  declaration::for_each_text(d, [&out](const declaration::TextField& f, const std::string& value) {
    if (value.size() < kMinPassageChars) return;  // a character is at least one byte
    auto parts = split_text(value);
    for (std::size_t i = 0; i < parts.size(); ++i)
      out.push_back({f.path, std::string(f.doc), static_cast<int>(i), std::move(parts[i])});
  });
  return out;
}

}  // namespace tidu::similarity
