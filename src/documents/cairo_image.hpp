#pragma once
// Cairo image surfaces shared by the PDF writer and the print copies.
#include <cairo.h>

#include <memory>
#include <string_view>

namespace tidu::documents {

/// The most pixels a picture may state to be decoded (a 10 MB PNG can claim 2^31 × 2^31).
inline constexpr long long kMaxDecodePixels = 60'000'000;

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;

/// The PNG's pixels (Cairo's ARGB32 or RGB24), null when Cairo cannot decode them. The caller
/// checks the stated size first: Cairo allocates whatever the header claims.
SurfacePtr decode_png(std::string_view bytes);

}  // namespace tidu::documents
