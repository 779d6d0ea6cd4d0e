#include "core/json_text.hpp"

#include <fmt/format.h>

#include <iterator>

#include "core/text.hpp"

namespace tidu::json_text {
namespace {

/// True for the bytes JSON writes escaped: the quote, the backslash and the control characters.
constexpr bool needs_escape(char c) {
  return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
}

/// Appends the bytes of valid UTF-8 `s` escaped as nlohmann::json escapes them.
void append_escaped(std::string& out, std::string_view s) {
  std::size_t plain = 0;  // start of the run of bytes written as they are
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (!needs_escape(c)) continue;
    // The run before this byte in one append (perf: byte by byte was most of a queue page's
    // JSON).
    out.append(s.substr(plain, i - plain));
    plain = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned char>(c));
    }
  }
  out.append(s.substr(plain));
}

/// The length of the UTF-8 sequence starting at s[i] when it is valid there, else 0.
std::size_t sequence_at(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  if (b < 0x80U) return 1;
  if ((b & 0xE0U) == 0xC0U) n = 2;
  if ((b & 0xF0U) == 0xE0U) n = 3;
  if ((b & 0xF8U) == 0xF0U) n = 4;
  if (n == 0 || i + n > s.size()) return 0;
  return text::valid_utf8(s.substr(i, n)) ? n : 0;
}

}  // namespace

void append_string(std::string& out, std::string_view s) {
  out += '"';
  if (text::valid_utf8(s)) {
    append_escaped(out, s);
  } else {
    // Valid sequences kept, each byte of an invalid one replaced.
    for (std::size_t i = 0; i < s.size();) {
      const std::size_t n = sequence_at(s, i);
      if (n == 0) {
        out += "\xEF\xBF\xBD";
        ++i;
      } else {
        append_escaped(out, s.substr(i, n));
        i += n;
      }
    }
  }
  out += '"';
}

void append_key(std::string& out, std::string_view name, bool first) {
  if (!first) out += ',';
  // Names are the program's own ASCII words: escaped, but not checked for UTF-8.
  out += '"';
  append_escaped(out, name);
  out += "\":";
}

void append_int(std::string& out, std::int64_t n) {
  fmt::format_to(std::back_inserter(out), "{}", n);
}

}  // namespace tidu::json_text
