#include "documents/image_info.hpp"

#include <cstdint>

namespace tidu::documents {
namespace {

/// Beyond this many pixels a side a picture is refused: a decoder would need gigabytes.
constexpr int kMaxSide = 20000;

std::uint32_t big_endian(std::string_view b, std::size_t at, int n) {
  std::uint32_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8U) | static_cast<unsigned char>(b[at + i]);
  return v;
}

std::optional<PixelSize> checked(std::uint32_t w, std::uint32_t h) {
  if (w == 0 || h == 0 || w > kMaxSide || h > kMaxSide) return std::nullopt;
  return PixelSize{.width = static_cast<int>(w), .height = static_cast<int>(h)};
}

std::optional<PixelSize> png_size(std::string_view b) {
  constexpr std::string_view kSignature("\x89PNG\r\n\x1a\n", 8);
  if (b.size() < 33 || !b.starts_with(kSignature) || b.substr(12, 4) != "IHDR") return std::nullopt;
  return checked(big_endian(b, 16, 4), big_endian(b, 20, 4));
}

std::optional<PixelSize> jpeg_size(std::string_view b) {
  if (b.size() < 4 || static_cast<unsigned char>(b[0]) != 0xFF ||
      static_cast<unsigned char>(b[1]) != 0xD8)
    return std::nullopt;
  std::size_t at = 2;
  while (at + 4 <= b.size()) {
    if (static_cast<unsigned char>(b[at]) != 0xFF) return std::nullopt;
    const auto marker = static_cast<unsigned char>(b[at + 1]);
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
      at += 2;  // markers without a length
      continue;
    }
    if (marker == 0xD9 || marker == 0xDA) return std::nullopt;  // image data before any SOF
    const std::uint32_t length = big_endian(b, at + 2, 2);
    if (length < 2) return std::nullopt;
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
      if (at + 9 > b.size()) return std::nullopt;
      return checked(big_endian(b, at + 7, 2), big_endian(b, at + 5, 2));
    }
    at += 2 + length;
  }
  return std::nullopt;
}

}  // namespace

std::optional<PixelSize> image_pixel_size(std::string_view bytes, std::string_view media_type) {
  if (media_type == "image/png") return png_size(bytes);
  if (media_type == "image/jpeg") return jpeg_size(bytes);
  return std::nullopt;
}

}  // namespace tidu::documents
