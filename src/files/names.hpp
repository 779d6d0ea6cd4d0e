#pragma once
// File names as people gave them, made safe to keep and to send back in a download header.
#include <cstddef>
#include <string>
#include <string_view>

namespace tidu::files {

/// The longest stored file name in bytes of UTF-8.
inline constexpr std::size_t kMaxFileNameBytes = 120;

/// The name used when nothing of the given one survives sanitising.
inline constexpr std::string_view kDefaultFileName = "附件";

/// The last path component of `name` with control and bidirectional-override characters,
/// invalid UTF-8 and /\:*?"<>| removed, leading dots and surrounding spaces trimmed, cut to
/// kMaxFileNameBytes on a character boundary keeping a short extension; kDefaultFileName if empty.
std::string sanitize_file_name(std::string_view name);

/// A Content-Disposition value (RFC 6266) with an ASCII filename fallback and the exact name as
/// RFC 5987 filename*: attachment; filename="_.pdf"; filename*=UTF-8''%E7%94%B3.pdf
/// `show_inline` true gives "inline" (shown in the browser) instead of "attachment" (saved).
std::string content_disposition(std::string_view file_name, bool show_inline);

}  // namespace tidu::files
