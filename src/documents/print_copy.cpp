#include "documents/print_copy.hpp"

#include <turbojpeg.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <memory>

#include "documents/cairo_image.hpp"
#include "documents/pdf.hpp"

namespace tidu::documents {
namespace {

static_assert(std::endian::native == std::endian::little,
              "Cairo's RGB24 pixels are handed to TurboJPEG as BGRX");

constexpr int kQuality = 90;
/// A JPEG up to this factor larger than print needs is embedded unchanged.
constexpr double kKeepJpegUpTo = 4.0 / 3;

struct TurboDeleter {
  void operator()(void* handle) const { tjDestroy(handle); }
};
using TurboPtr = std::unique_ptr<void, TurboDeleter>;

std::unexpected<Error> unreadable(std::string detail) {
  return fail("IMAGE_UNREADABLE", "图片无法读取：请上传完好的 JPEG 或 PNG 图片", std::move(detail));
}

const unsigned char* data_of(std::string_view bytes) {
  return reinterpret_cast<const unsigned char*>(bytes.data());
}

/// The JPEG's pixels decoded at the smallest of TurboJPEG's scales (1/8 … 1) that still covers
/// `target`: decoding at 1/2 or 1/4 is several times faster than decoding everything.
SurfacePtr decode_jpeg(std::string_view bytes, PixelSize target) {
  TurboPtr tj(tjInitDecompress());
  int width = 0;
  int height = 0;
  int subsampling = 0;
  int colorspace = 0;
  if (!tj || tjDecompressHeader3(tj.get(), data_of(bytes), bytes.size(), &width, &height,
                                 &subsampling, &colorspace) != 0)
    return nullptr;
  int count = 0;
  const tjscalingfactor* factors = tjGetScalingFactors(&count);
  int sw = width;
  int sh = height;
  for (int i = 0; factors != nullptr && i < count; ++i) {
    const int w = TJSCALED(width, factors[i]);
    const int h = TJSCALED(height, factors[i]);
    if (w >= target.width && h >= target.height && w < sw) {
      sw = w;
      sh = h;
    }
  }
  SurfacePtr s(cairo_image_surface_create(CAIRO_FORMAT_RGB24, sw, sh));
  if (cairo_surface_status(s.get()) != CAIRO_STATUS_SUCCESS) return nullptr;
  cairo_surface_flush(s.get());
  if (tjDecompress2(tj.get(), data_of(bytes), bytes.size(), cairo_image_surface_get_data(s.get()),
                    sw, cairo_image_surface_get_stride(s.get()), sh, TJPF_BGRX,
                    TJFLAG_ACCURATEDCT) != 0)
    return nullptr;
  cairo_surface_mark_dirty(s.get());
  return s;
}

Result<std::string> encode_jpeg(cairo_surface_t* s) {
  cairo_surface_flush(s);
  TurboPtr tj(tjInitCompress());
  if (!tj) return unreadable("TurboJPEG did not start");
  unsigned char* out = nullptr;
  unsigned long size = 0;  // NOLINT(google-runtime-int): TurboJPEG's type
  const int status =
      tjCompress2(tj.get(), cairo_image_surface_get_data(s), cairo_image_surface_get_width(s),
                  cairo_image_surface_get_stride(s), cairo_image_surface_get_height(s), TJPF_BGRX,
                  &out, &size, TJSAMP_444, kQuality, TJFLAG_ACCURATEDCT);
  std::string bytes;
  if (status == 0) bytes.assign(reinterpret_cast<const char*>(out), size);
  const std::string error = status == 0 ? "" : tjGetErrorStr2(tj.get());
  tjFree(out);
  if (status != 0) return unreadable(error);
  return bytes;
}

}  // namespace

Result<std::optional<PrintCopy>> make_print_copy(std::string_view bytes,
                                                 std::string_view media_type) {
  const auto size = image_pixel_size(bytes, media_type);
  if (!size) return unreadable("no JPEG or PNG header of the stated type");
  if (static_cast<long long>(size->width) * size->height > kMaxDecodePixels)
    return unreadable("more pixels than may be decoded");
  const PixelSize box = picture_print_box();
  const double scale = std::min({1.0, static_cast<double>(box.width) / size->width,
                                 static_cast<double>(box.height) / size->height});
  const bool jpeg = media_type == "image/jpeg";
  if (jpeg && scale * kKeepJpegUpTo >= 1) return std::nullopt;
  const PixelSize out{.width = std::max(1, static_cast<int>(std::lround(size->width * scale))),
                      .height = std::max(1, static_cast<int>(std::lround(size->height * scale)))};
  const SurfacePtr source = jpeg ? decode_jpeg(bytes, out) : decode_png(bytes);
  if (!source) return unreadable("the pixels cannot be decoded");
  const int sw = cairo_image_surface_get_width(source.get());
  const int sh = cairo_image_surface_get_height(source.get());
  const SurfacePtr copy(cairo_image_surface_create(CAIRO_FORMAT_RGB24, out.width, out.height));
  cairo_t* cr = cairo_create(copy.get());
  cairo_set_source_rgb(cr, 1, 1, 1);  // paper under transparent parts
  cairo_paint(cr);
  cairo_scale(cr, static_cast<double>(out.width) / sw, static_cast<double>(out.height) / sh);
  cairo_set_source_surface(cr, source.get(), 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
  cairo_paint(cr);
  const cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  if (status != CAIRO_STATUS_SUCCESS) return unreadable(cairo_status_to_string(status));
  auto encoded = encode_jpeg(copy.get());
  if (!encoded) return std::unexpected(encoded.error());
  return PrintCopy{.bytes = std::move(*encoded), .size = out};
}

}  // namespace tidu::documents
