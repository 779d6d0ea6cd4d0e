#pragma once
// Base64 (RFC 4648, standard alphabet, padded) for keeping bytes in text columns.
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace tidu::files {

/// Stable error code of base64_decode().
namespace codes {
inline constexpr const char* kBase64Invalid = "BASE64_INVALID";  ///< not canonical base64
}  // namespace codes

/// The bytes as padded base64 with the standard alphabet and no line breaks.
std::string base64_encode(std::string_view bytes);

/// The bytes of canonical padded base64 (what base64_encode writes); anything else, including
/// white space, missing padding or stray bits after the last byte, fails with BASE64_INVALID.
Result<std::string> base64_decode(std::string_view text);

}  // namespace tidu::files
