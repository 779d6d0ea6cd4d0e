#pragma once
// The verification code printed on every page of an exported 申报书: the first 64 bits of the
// submitted snapshot's SHA-256 as four groups of four hex digits ("3FA2-9C01-77B4-E0D5"). The PDF
// also carries the code and the full hash in its metadata, where `tidu verify` reads them back.
#include <optional>
#include <string>
#include <string_view>

namespace tidu::documents {

/// Hex digits of the hash the code shows.
inline constexpr std::size_t kCodeDigits = 16;

/// The code of a snapshot hash (64 lower-case hex digits).
std::string verification_code(std::string_view sha256);

/// The code's hex digits in lower case (the hash prefix to look up), or nullopt when the text is
/// not a code: 16 hex digits, dashes and spaces ignored, any case.
std::optional<std::string> code_prefix(std::string_view code);

/// What the QR code on every page encodes.
std::string qr_text(std::string_view code, std::string_view sha256);

/// The marker written into the PDF's keywords: "tidu-verify:CODE sha256:HASH".
std::string pdf_marker(std::string_view code, std::string_view sha256);

/// What a PDF says about itself.
struct PdfMarker {
  std::string code;
  std::string sha256;
};

/// Finds the marker in a PDF's bytes; nullopt when there is none (not exported by Tidu, or the
/// metadata was removed).
std::optional<PdfMarker> find_pdf_marker(std::string_view pdf);

}  // namespace tidu::documents
