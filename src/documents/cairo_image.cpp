#include "documents/cairo_image.hpp"

#include <algorithm>

namespace tidu::documents {
namespace {

/// Feeds PNG bytes to Cairo's PNG reader.
struct PngReader {
  std::string_view bytes;
  std::size_t at = 0;
};

cairo_status_t read_png(void* closure, unsigned char* data, unsigned int length) {
  auto* r = static_cast<PngReader*>(closure);
  if (r->bytes.size() - r->at < length) return CAIRO_STATUS_READ_ERROR;
  std::copy_n(r->bytes.data() + r->at, length, data);
  r->at += length;
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

SurfacePtr decode_png(std::string_view bytes) {
  PngReader reader{.bytes = bytes, .at = 0};
  SurfacePtr s(cairo_image_surface_create_from_png_stream(read_png, &reader));
  if (cairo_surface_status(s.get()) != CAIRO_STATUS_SUCCESS) return nullptr;
  return s;
}

}  // namespace tidu::documents
