#pragma once
// A picture's print copy: the JPEG the 申报书 PDF embeds in place of an uploaded picture that is a
// PNG or a JPEG with far more pixels than print needs. Made once, when the picture is uploaded,
// because the PDF can carry a JPEG as it is (DCTDecode) while every PNG would be decoded and
// compressed again on each export; that was a third of the time of a 申报书 with pictures.
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "documents/image_info.hpp"

namespace tidu::documents {

/// A JPEG made for print.
struct PrintCopy {
  std::string bytes;
  PixelSize size;
};

/// The print copy of a JPEG or PNG: a JPEG (quality 90, no chroma subsampling, transparent parts
/// on white) no larger than the largest picture the PDF places at its resolution
/// (picture_print_box() in pdf.hpp). nullopt for a JPEG that fits within 4/3 of that size already:
/// the PDF embeds it unchanged. IMAGE_UNREADABLE when the bytes cannot be decoded or state more
/// than kMaxDecodePixels.
Result<std::optional<PrintCopy>> make_print_copy(std::string_view bytes,
                                                 std::string_view media_type);

}  // namespace tidu::documents
