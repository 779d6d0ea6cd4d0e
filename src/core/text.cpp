#include "core/text.hpp"

namespace tidu::text {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool is_space(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
         cp == 0x3000 || cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0xFEFF;
}

}  // namespace

char32_t next_code_point(std::string_view s, std::size_t& pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char b0 = byte(pos);
  if (b0 < 0x80) {
    ++pos;
    return b0;
  }
  std::size_t len = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    ++pos;
    return kReplacement;
  }
  if (pos + len > s.size()) {
    ++pos;
    return kReplacement;
  }
  for (std::size_t i = 1; i < len; ++i) {
    const unsigned char b = byte(pos + i);
    if ((b & 0xC0) != 0x80) {
      ++pos;
      return kReplacement;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  const bool overlong =
      (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
  if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++pos;
    return kReplacement;
  }
  pos += len;
  return cp;
}

bool is_wide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) ||    // Hangul Jamo
         (cp >= 0x2E80 && cp <= 0x303F) ||    // CJK radicals, Kangxi, CJK symbols and punctuation
         (cp >= 0x3040 && cp <= 0x33FF) ||    // kana, bopomofo, CJK compatibility
         (cp >= 0x3400 && cp <= 0x4DBF) ||    // CJK extension A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||    // CJK unified ideographs
         (cp >= 0xA960 && cp <= 0xA97F) ||    // Hangul Jamo extended A
         (cp >= 0xAC00 && cp <= 0xD7AF) ||    // Hangul syllables
         (cp >= 0xF900 && cp <= 0xFAFF) ||    // CJK compatibility ideographs
         (cp >= 0xFE30 && cp <= 0xFE4F) ||    // CJK compatibility forms
         (cp >= 0xFF01 && cp <= 0xFF60) ||    // full-width forms
         (cp >= 0xFFE0 && cp <= 0xFFE6) ||    // full-width signs
         (cp >= 0x20000 && cp <= 0x3FFFD) ||  // CJK extensions B–H
         (cp >= 0x2018 && cp <= 0x201F) ||    // ‘ ’ “ ” as Chinese text uses them
         cp == 0x2014 || cp == 0x2026 || cp == 0x00B7;  // — … ·
}

std::size_t count_zi(std::string_view utf8) {
  // Hot path of every limit check: decode 3-byte sequences (all of CJK) inline and test the
  // main ideograph block first; anything else goes through the general decoder.
  const auto* const begin = reinterpret_cast<const unsigned char*>(utf8.data());
  const auto* const end = begin + utf8.size();
  const auto* p = begin;
  std::size_t count = 0;
  bool in_run = false;
  while (p < end) {
    const unsigned b = *p;
    if (b < 0x80) {
      ++p;
      if (b == ' ' || (b >= '\t' && b <= '\r')) {
        in_run = false;
      } else if (!in_run) {
        in_run = true;
        ++count;
      }
      continue;
    }
    char32_t cp = 0;
    if ((b & 0xF0) == 0xE0 && end - p >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
      cp = ((b & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
      if (cp >= 0x4E00 && cp <= 0x9FFF) {
        p += 3;
        in_run = false;
        ++count;
        continue;
      }
    }
    std::size_t pos = static_cast<std::size_t>(p - begin);
    cp = next_code_point(utf8, pos);
    p = begin + pos;
    if (is_space(cp)) {
      in_run = false;
    } else if (is_wide(cp)) {
      in_run = false;
      ++count;
    } else if (!in_run) {
      in_run = true;
      ++count;
    }
  }
  return count;
}

std::string_view trim(std::string_view s) {
  auto is_ws_at_front = [&](std::size_t& len) {
    if (s.empty()) return false;
    std::size_t p = 0;
    const char32_t cp = next_code_point(s, p);
    len = p;
    return is_space(cp);
  };
  std::size_t len = 0;
  while (is_ws_at_front(len)) s.remove_prefix(len);
  while (!s.empty()) {
    std::size_t start = s.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    std::size_t p = start;
    if (!is_space(next_code_point(s, p))) break;
    s.remove_suffix(s.size() - start);
  }
  return s;
}

bool blank(std::string_view s) { return trim(s).empty(); }

bool valid_utf8(std::string_view s) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::size_t before = pos;
    const char32_t cp = next_code_point(s, pos);
    if (cp == kReplacement && !(pos - before == 3 && s.substr(before, 3) == "\xEF\xBF\xBD")) {
      return false;
    }
  }
  return true;
}

std::size_t length(std::string_view utf8) {
  std::size_t n = 0;
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    next_code_point(utf8, pos);
    ++n;
  }
  return n;
}

std::string_view prefix(std::string_view utf8, std::size_t n) {
  std::size_t pos = 0;
  while (n > 0 && pos < utf8.size()) {
    next_code_point(utf8, pos);
    --n;
  }
  return utf8.substr(0, pos);
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace tidu::text
