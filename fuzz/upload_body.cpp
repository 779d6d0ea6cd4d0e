// Fuzz target: an uploaded file's bytes and name, the parts of an upload the server reads before
// storing it: files::sniff (PDF, JPEG, PNG, and DOCX/XLSX told apart by their ZIP central
// directory), files::sanitize_file_name and files::content_disposition on the same bytes taken
// as a name, and files::base64_decode (an objection's file_base64, blobs read back from the
// database). Invariants: a decoded text is canonical (encoding the bytes gives it back), and a
// sanitised name is non-empty valid UTF-8 of at most kMaxFileNameBytes without a separator.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/text.hpp"
#include "files/base64.hpp"
#include "files/names.hpp"
#include "files/sniff.hpp"

namespace {

[[noreturn]] void invariant_failed(const char* what) {
  std::fprintf(stderr, "invariant failed: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  if (auto type = tidu::files::sniff(bytes)) {
    if (!tidu::files::sniff(bytes, {type->id})) invariant_failed("sniff refuses its own type");
  }
  (void)tidu::files::sniff(bytes, {"pdf", "jpeg", "png"});

  const std::string name = tidu::files::sanitize_file_name(bytes);
  if (name.empty() || name.size() > tidu::files::kMaxFileNameBytes)
    invariant_failed("sanitised name is empty or too long");
  if (!tidu::text::valid_utf8(name)) invariant_failed("sanitised name is not UTF-8");
  if (name.find_first_of("/\\") != std::string::npos)
    invariant_failed("sanitised name keeps a separator");
  (void)tidu::files::content_disposition(name, false);
  (void)tidu::files::content_disposition(bytes, true);

  if (auto decoded = tidu::files::base64_decode(bytes)) {
    if (tidu::files::base64_encode(*decoded) != bytes)
      invariant_failed("base64_decode accepted a text base64_encode does not write");
  }
  const std::string encoded = tidu::files::base64_encode(bytes);
  auto back = tidu::files::base64_decode(encoded);
  if (!back || *back != bytes) invariant_failed("base64 does not round-trip");
  return 0;
}
