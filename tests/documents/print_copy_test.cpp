// Print copies of uploaded pictures: a PNG becomes a JPEG no larger than the largest picture the
// PDF places at 150 dpi, transparent parts on white; a JPEG that fits is kept as it is and a much
// larger one is scaled down; undecodable bytes and pictures that claim too many pixels are
// refused without being decoded.
#include <gtest/gtest.h>
#include <turbojpeg.h>

#include <cmath>
#include <string>
#include <vector>

#include "documents/cairo_image.hpp"
#include "documents/image_info.hpp"
#include "documents/pdf.hpp"
#include "documents/print_copy.hpp"
#include "documents/sample_images.hpp"

namespace {

namespace docs = tidu::test::documents;
using tidu::documents::make_print_copy;
using tidu::documents::picture_print_box;
using tidu::documents::PixelSize;

/// The pixels of a JPEG as RGB triplets, with its size.
struct Decoded {
  PixelSize size;
  std::vector<unsigned char> rgb;
  [[nodiscard]] const unsigned char* at(int x, int y) const {
    return &rgb[(static_cast<std::size_t>(y) * size.width + x) * 3];
  }
};

Decoded decode(const std::string& jpeg) {
  tjhandle tj = tjInitDecompress();
  Decoded d;
  int subsampling = 0;
  int colorspace = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(jpeg.data());
  EXPECT_EQ(tjDecompressHeader3(tj, data, jpeg.size(), &d.size.width, &d.size.height, &subsampling,
                                &colorspace),
            0);
  d.rgb.resize(static_cast<std::size_t>(d.size.width) * d.size.height * 3);
  EXPECT_EQ(tjDecompress2(tj, data, jpeg.size(), d.rgb.data(), d.size.width, 0, d.size.height,
                          TJPF_RGB, 0),
            0);
  EXPECT_EQ(subsampling, TJSAMP_444) << "no chroma subsampling: text in screenshots stays sharp";
  tjDestroy(tj);
  return d;
}

/// A JPEG of the sample picture at `width` × `height`, made with TurboJPEG.
std::string sample_jpeg_of(int width, int height) {
  const auto png = docs::sample_png(width, height);
  const auto surface = tidu::documents::decode_png(png);
  cairo_surface_flush(surface.get());
  tjhandle tj = tjInitCompress();
  unsigned char* out = nullptr;
  unsigned long size = 0;  // NOLINT(google-runtime-int)
  EXPECT_EQ(tjCompress2(tj, cairo_image_surface_get_data(surface.get()), width,
                        cairo_image_surface_get_stride(surface.get()), height, TJPF_BGRX, &out,
                        &size, TJSAMP_420, 85, 0),
            0);
  std::string jpeg(reinterpret_cast<const char*>(out), size);
  tjFree(out);
  tjDestroy(tj);
  return jpeg;
}

TEST(PrintCopy, TheBoxIsTheTextWidthByHalfTheTextHeightAt150Dpi) {
  // Portrait A4 with GB/T 9704 margins: 156 mm by 225 / 2 mm.
  EXPECT_EQ(picture_print_box().width, 921);
  EXPECT_EQ(picture_print_box().height, 664);
}

TEST(PrintCopy, ALargePngBecomesAJpegThatFitsTheBox) {
  const auto copy = make_print_copy(docs::sample_png(1600, 1000), "image/png");
  ASSERT_TRUE(copy) << copy.error().detail;
  ASSERT_TRUE(copy->has_value());
  const auto& c = **copy;
  EXPECT_TRUE(c.bytes.starts_with("\xFF\xD8\xFF"));
  EXPECT_EQ(c.size.width, 921);
  EXPECT_EQ(c.size.height, 576);  // 1000 × 921 / 1600, rounded
  const auto stated = tidu::documents::image_pixel_size(c.bytes, "image/jpeg");
  ASSERT_TRUE(stated);
  EXPECT_EQ(stated->width, c.size.width);
  EXPECT_EQ(stated->height, c.size.height);
  // The picture is the same picture: the red disc at 30 % / 40 % and the dark frame at the edge.
  const auto pixels = decode(c.bytes);
  const auto* disc = pixels.at(276, 230);
  EXPECT_GT(disc[0], 180);
  EXPECT_LT(disc[1], 90);
  const auto* frame = pixels.at(c.size.width / 2, 1);
  EXPECT_LT(frame[0] + frame[1] + frame[2], 200);
}

TEST(PrintCopy, ATallPngIsLimitedByTheBoxHeight) {
  const auto copy = make_print_copy(docs::sample_png(900, 1400), "image/png");
  ASSERT_TRUE(copy && copy->has_value());
  EXPECT_EQ((*copy)->size.height, 664);
  EXPECT_EQ((*copy)->size.width, 427);  // 900 × 664 / 1400, rounded
}

TEST(PrintCopy, ASmallPngKeepsItsSize) {
  const auto copy = make_print_copy(docs::sample_png(200, 120), "image/png");
  ASSERT_TRUE(copy && copy->has_value());
  EXPECT_EQ((*copy)->size.width, 200);
  EXPECT_EQ((*copy)->size.height, 120);
}

TEST(PrintCopy, TransparentPartsLieOnWhitePaper) {
  cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 40, 30);  // all transparent
  cairo_t* cr = cairo_create(s);
  cairo_rectangle(cr, 0, 0, 20, 30);
  cairo_set_source_rgb(cr, 0, 0, 0.6);
  cairo_fill(cr);
  cairo_destroy(cr);
  std::string png;
  cairo_surface_write_to_png_stream(
      s,
      [](void* closure, const unsigned char* data, unsigned int length) {
        static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
        return CAIRO_STATUS_SUCCESS;
      },
      &png);
  cairo_surface_destroy(s);
  const auto copy = make_print_copy(png, "image/png");
  ASSERT_TRUE(copy && copy->has_value());
  const auto pixels = decode((*copy)->bytes);
  const auto* clear = pixels.at(35, 15);
  EXPECT_GT(clear[0], 245);
  EXPECT_GT(clear[1], 245);
  EXPECT_GT(clear[2], 245);
  const auto* blue = pixels.at(5, 15);
  EXPECT_LT(blue[0], 30);
  EXPECT_GT(blue[2], 120);
}

TEST(PrintCopy, AJpegThatFitsIsEmbeddedAsItIs) {
  auto copy = make_print_copy(docs::sample_jpeg(), "image/jpeg");
  ASSERT_TRUE(copy);
  EXPECT_FALSE(copy->has_value());
  // Up to a third larger than the box is close enough.
  copy = make_print_copy(sample_jpeg_of(1200, 700), "image/jpeg");
  ASSERT_TRUE(copy);
  EXPECT_FALSE(copy->has_value());
}

TEST(PrintCopy, APhotographWithFarMorePixelsIsScaledDown) {
  const auto copy = make_print_copy(sample_jpeg_of(4000, 3000), "image/jpeg");
  ASSERT_TRUE(copy) << copy.error().detail;
  ASSERT_TRUE(copy->has_value());
  EXPECT_EQ((*copy)->size.width, 885);  // 4000 × 664 / 3000, rounded
  EXPECT_EQ((*copy)->size.height, 664);
  const auto pixels = decode((*copy)->bytes);
  const auto* disc = pixels.at(265, 265);  // the red disc at 30 % / 40 %
  EXPECT_GT(disc[0], 180);
  EXPECT_LT(disc[1], 90);
}

TEST(PrintCopy, BytesThatAreNoPictureAreRefused) {
  const auto garbage = make_print_copy("not a picture at all", "image/png");
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().code, "IMAGE_UNREADABLE");
  // A correct header with the pixel data cut off.
  const auto png = docs::sample_png(300, 200);
  const auto cut = make_print_copy(png.substr(0, png.size() / 2), "image/png");
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().code, "IMAGE_UNREADABLE");
  const auto jpeg = sample_jpeg_of(3000, 2000);
  const auto cut_jpeg = make_print_copy(jpeg.substr(0, 200), "image/jpeg");
  ASSERT_FALSE(cut_jpeg);
  EXPECT_EQ(cut_jpeg.error().code, "IMAGE_UNREADABLE");
}

TEST(PrintCopy, APictureClaimingTooManyPixelsIsNotDecoded) {
  // The IHDR of a small PNG rewritten to claim 15 000 × 15 000 pixels (900 MB decoded), then
  // 100 000 × 100 000: both refused from the header.
  for (const auto& [claim, detail] :
       {std::pair{std::string("\x00\x00\x3A\x98\x00\x00\x3A\x98", 8), "more pixels"},
        std::pair{std::string("\x00\x01\x86\xA0\x00\x01\x86\xA0", 8), "header"}}) {
    auto png = docs::sample_png(8, 8);
    png.replace(16, 8, claim);
    const auto copy = make_print_copy(png, "image/png");
    ASSERT_FALSE(copy);
    EXPECT_EQ(copy.error().code, "IMAGE_UNREADABLE");
    EXPECT_NE(copy.error().detail.find(detail), std::string::npos) << copy.error().detail;
  }
}

}  // namespace
