#pragma once
// The pixel size of a JPEG or PNG read from its header, without decoding it: what the layout
// needs to place a picture and to recognise bytes that are no picture of the declared type.
#include <optional>
#include <string_view>

namespace tidu::documents {

struct PixelSize {
  int width = 0;
  int height = 0;
};

/// The size stated in a PNG's IHDR or a JPEG's SOF segment; nullopt when `bytes` are not a
/// well-formed header of `media_type` (image/png or image/jpeg) or state a size of zero.
std::optional<PixelSize> image_pixel_size(std::string_view bytes, std::string_view media_type);

}  // namespace tidu::documents
