#pragma once
// What an uploaded file is, decided from its bytes alone: the name and the type the browser
// claims are never trusted. Only PDF, JPEG, PNG, DOCX and XLSX are accepted; DOCX and XLSX are
// told apart by the entries of their ZIP central directory, read with bounds checks throughout.
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace tidu::files {

/// Stable error codes of the file layer's pure part.
namespace codes {
inline constexpr const char* kTypeRefused = "FILE_TYPE_REFUSED";  ///< not an accepted type
}  // namespace codes

/// An accepted kind of file.
struct MediaType {
  std::string id;         ///< "pdf", "jpeg", "png", "docx" or "xlsx"
  std::string mime;       ///< the Content-Type to serve it with
  std::string extension;  ///< the usual file extension with its dot, e.g. ".pdf"

  friend bool operator==(const MediaType&, const MediaType&) = default;
};

/// The ids of every accepted type, in the order messages list them.
std::vector<std::string> accepted_type_ids();

/// The type of `bytes` by content; FILE_TYPE_REFUSED naming the accepted types otherwise.
Result<MediaType> sniff(std::string_view bytes);

/// As sniff(bytes), but refuses types outside `allowed_ids` too, naming only those.
Result<MediaType> sniff(std::string_view bytes, const std::vector<std::string>& allowed_ids);

}  // namespace tidu::files
