#include "files/names.hpp"

#include <fmt/format.h>

#include "core/text.hpp"

namespace tidu::files {
namespace {

/// The longest extension kept whole when a long name is cut, dot included.
constexpr std::size_t kMaxKeptExtensionBytes = 16;
constexpr std::string_view kForbiddenAscii = ":*?\"<>|";

/// Characters that would let a name hide its real end or break a line: C0 and C1 controls,
/// DEL, the bidirectional marks and overrides (U+202E makes "申报书<RLO>fdp.exe" show as
/// "申报书exe.pdf"), and the byte order mark.
bool is_hidden_or_control(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x200E || cp == 0x200F ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

/// The end of the longest prefix of valid UTF-8 `s` no longer than `limit` bytes.
std::size_t boundary_at_most(std::string_view s, std::size_t limit) {
  if (limit >= s.size()) return s.size();
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

std::string_view trim_trailing_dots_and_spaces(std::string_view s) {
  while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.remove_suffix(1);
  return s;
}

/// Cuts valid UTF-8 `name` to kMaxFileNameBytes, keeping a short extension whole.
std::string cap_length(std::string_view name) {
  if (name.size() <= kMaxFileNameBytes) return std::string(name);
  const std::size_t dot = name.rfind('.');
  const bool keep_extension =
      dot != std::string_view::npos && dot > 0 && name.size() - dot <= kMaxKeptExtensionBytes;
  const std::string_view extension = keep_extension ? name.substr(dot) : std::string_view{};
  const std::string_view stem = keep_extension ? name.substr(0, dot) : name;
  const std::string_view cut =
      stem.substr(0, boundary_at_most(stem, kMaxFileNameBytes - extension.size()));
  return std::string(trim_trailing_dots_and_spaces(cut)) + std::string(extension);
}

/// RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" /
/// "`" / "|" / "~".
bool is_attr_char(unsigned char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

/// The name with each run of non-ASCII, control, quote and backslash characters as one "_".
std::string ascii_fallback(std::string_view name) {
  std::string out;
  bool replacing = false;
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    const bool keep = c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
    if (keep) {
      out += ch;
    } else if (!replacing) {
      out += '_';
    }
    replacing = !keep;
  }
  return out;
}

std::string percent_encode(std::string_view name) {
  std::string out;
  for (const char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_attr_char(c)) {
      out += ch;
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

}  // namespace

std::string sanitize_file_name(std::string_view name) {
  const std::size_t last_separator = name.find_last_of("/\\");
  if (last_separator != std::string_view::npos) name.remove_prefix(last_separator + 1);

  std::string kept;
  kept.reserve(name.size());
  for (std::size_t pos = 0; pos < name.size();) {
    const std::size_t start = pos;
    const char32_t cp = text::next_code_point(name, pos);
    const bool invalid = cp == 0xFFFD && pos - start == 1;
    if (invalid || is_hidden_or_control(cp)) continue;
    if (cp < 0x80 && kForbiddenAscii.find(static_cast<char>(cp)) != std::string_view::npos) {
      continue;
    }
    kept.append(name.substr(start, pos - start));
  }

  std::string_view trimmed = kept;
  while (!trimmed.empty() && (trimmed.front() == '.' || trimmed.front() == ' ')) {
    trimmed.remove_prefix(1);
  }
  // Windows drops trailing dots and spaces, so "报告.pdf." would not open as a PDF.
  trimmed = trim_trailing_dots_and_spaces(trimmed);
  std::string capped = cap_length(trimmed);
  if (capped.empty()) return std::string(kDefaultFileName);
  return capped;
}

std::string content_disposition(std::string_view file_name, bool show_inline) {
  if (file_name.empty()) file_name = kDefaultFileName;
  return fmt::format("{}; filename=\"{}\"; filename*=UTF-8''{}",
                     show_inline ? "inline" : "attachment", ascii_fallback(file_name),
                     percent_encode(file_name));
}

}  // namespace tidu::files
