#pragma once
// The 申报书 as a printable document: the round's form template (sections in the form's order,
// numbering and headings, field labels, hints, scenario items, appendix tables, attachments,
// pledge and footnotes) filled with a submitted snapshot. Pure: no I/O.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "documents/document.hpp"
#include "rounds/round.hpp"

namespace tidu::documents {

/// The submitted version a document is made from.
struct SnapshotRef {
  std::string sha256;
  std::int64_t number = 0;
  std::string submitted_at;
};

/// The bytes of an uploaded picture.
struct ImageFile {
  std::string bytes;
  std::string media_type;  ///< as the file store recorded it
};

/// Pictures by attachment id: what the caller loaded for `placed_images`.
using ImageFiles = std::map<std::string, ImageFile>;

/// A picture the 申报书 shows: an attachment a scenario instance's `images` names.
struct ImageRef {
  std::string id;
  std::string sha256;
  std::string media_type;
};

/// The pictures of `content` to load, each once, in the order they appear: JPEG or PNG
/// attachments no larger than declaration::kMaxImageBytes, at most declaration::kMaxImages,
/// none when the form places no pictures.
std::vector<ImageRef> placed_images(const rounds::Policy& policy, const nlohmann::json& content);

/// The 申报书 of `content` (a declaration in its JSON form) under the round's policy, stamped
/// with the snapshot's verification code. The pictures of a scenario instance follow the first
/// item the form marks `images`, numbered "图N" with the attachment's name as caption; one
/// missing from `images`, too large, beyond the limit or unreadable becomes a captioned
/// placeholder.
Document layout_declaration(const rounds::Policy& policy, const nlohmann::json& content,
                            const SnapshotRef& snapshot, const ImageFiles& images = {});

/// "☑" or "☐".
std::string check_box(bool checked);

/// A number as forms print it: no trailing zeros, at most two decimals.
std::string format_number(double value);

}  // namespace tidu::documents
