#pragma once
// RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, optional UTF-8 BOM.
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace tidu::csv {

using Row = std::vector<std::string>;

/// Splits CSV text into rows; an unterminated quote is an error naming its row.
/// At most `max_rows` rows and `max_fields` fields a row are accepted.
Result<std::vector<Row>> parse(std::string_view text, std::size_t max_rows = 1'000'000,
                               std::size_t max_fields = 256);

}  // namespace tidu::csv
