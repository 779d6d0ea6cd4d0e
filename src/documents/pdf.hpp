#pragma once
// Writes a Document as PDF with Cairo and Pango: A4 with the margins of official documents
// (GB/T 9704: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm), Noto CJK fonts embedded as
// subsets, CJK line breaking by Pango (no line starts with closing punctuation), tables with
// borders whose header rows repeat on every page, page numbers "— n —", and on every page the
// verification code and its QR code when the document carries a stamp.
#include <string>

#include "core/error.hpp"
#include "documents/document.hpp"
#include "documents/image_info.hpp"

namespace tidu::documents {

/// The PDF bytes; DOCUMENT_RENDER_FAILED when Cairo reports an error.
Result<std::string> render_pdf(const Document& document);

/// The largest picture a portrait page places (the text width by half the text height), in pixels
/// at the resolution pictures are kept at: what a print copy needs at most.
PixelSize picture_print_box();

}  // namespace tidu::documents
