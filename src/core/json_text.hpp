#pragma once
// JSON text written directly, for answers built often enough that a tree per answer costs more
// than the work behind it (a queue page's 50 rows, the access log's line). The output is what
// nlohmann::json::dump() writes for the same values (UTF-8 kept as it is, the same escapes), so
// the two can be mixed; bytes that are not UTF-8 become U+FFFD.
#include <cstdint>
#include <string>
#include <string_view>

namespace tidu::json_text {

/// Appends `s` as a JSON string, quotes included.
void append_string(std::string& out, std::string_view s);

/// Appends a member name and colon (`"name":`) after a comma unless `first`.
void append_key(std::string& out, std::string_view name, bool first = false);

/// Appends an integer.
void append_int(std::string& out, std::int64_t n);

}  // namespace tidu::json_text
