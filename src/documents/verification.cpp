#include "documents/verification.hpp"

#include <cctype>

#include <fmt/format.h>

namespace tidu::documents {
namespace {

constexpr std::string_view kCodeTag = "tidu-verify:";
constexpr std::string_view kHashTag = " sha256:";
constexpr std::size_t kHashDigits = 64;

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
char upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

}  // namespace

std::string verification_code(std::string_view sha256) {
  std::string out;
  for (std::size_t i = 0; i < kCodeDigits && i < sha256.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += '-';
    out += upper(sha256[i]);
  }
  return out;
}

std::optional<std::string> code_prefix(std::string_view code) {
  std::string out;
  for (const char c : code) {
    if (c == '-' || c == ' ') continue;
    if (!is_hex(c)) return std::nullopt;
    out += lower(c);
  }
  if (out.size() != kCodeDigits) return std::nullopt;
  return out;
}

std::string qr_text(std::string_view code, std::string_view sha256) {
  return fmt::format("TIDU-VERIFY {} SHA256 {}", code, sha256);
}

std::string pdf_marker(std::string_view code, std::string_view sha256) {
  return fmt::format("{}{}{}{}", kCodeTag, code, kHashTag, sha256);
}

std::optional<PdfMarker> find_pdf_marker(std::string_view pdf) {
  // The keywords are written as a literal PDF string of ASCII text, so the marker appears as is.
  const auto at = pdf.rfind(kCodeTag);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = pdf.substr(at + kCodeTag.size());
  PdfMarker m;
  while (!rest.empty() && (is_hex(rest.front()) || rest.front() == '-')) {
    m.code += rest.front();
    rest.remove_prefix(1);
  }
  if (!rest.starts_with(kHashTag)) return std::nullopt;
  rest.remove_prefix(kHashTag.size());
  while (!rest.empty() && is_hex(rest.front()) && m.sha256.size() < kHashDigits) {
    m.sha256 += lower(rest.front());
    rest.remove_prefix(1);
  }
  if (m.sha256.size() != kHashDigits || !code_prefix(m.code)) return std::nullopt;
  return m;
}

}  // namespace tidu::documents
