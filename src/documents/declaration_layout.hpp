#pragma once
// The 申报书 as a printable document: the round's form template (sections in the form's order,
// numbering and headings, field labels, hints, scenario items, appendix tables, attachments,
// pledge and footnotes) filled with a submitted snapshot. Pure: no I/O.
#include <cstdint>
#include <string>

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

/// The 申报书 of `content` (a declaration in its JSON form) under the round's policy, stamped
/// with the snapshot's verification code.
Document layout_declaration(const rounds::Policy& policy, const nlohmann::json& content,
                            const SnapshotRef& snapshot);

/// "☑" or "☐".
std::string check_box(bool checked);

/// A number as forms print it: no trailing zeros, at most two decimals.
std::string format_number(double value);

}  // namespace tidu::documents
