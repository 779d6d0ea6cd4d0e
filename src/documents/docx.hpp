#pragma once
// Writes a Document as DOCX (WordprocessingML in a ZIP, built here): A4 with the margins of
// official documents, styles in 宋体/黑体 sizes, real tables with borders, merged cells and
// repeating header rows, page numbers in the footer (none on the cover) and the verification code
// beside them.
#include <string>

#include "core/error.hpp"
#include "documents/document.hpp"

namespace tidu::documents {

/// The DOCX bytes.
Result<std::string> render_docx(const Document& document);

/// Text escaped for XML character data and attribute values; characters XML 1.0 forbids
/// (control characters other than tab and newline) are dropped.
std::string xml_escape(std::string_view text);

}  // namespace tidu::documents
