#pragma once
// RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, optional UTF-8 BOM.
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace tidu::csv {

using Row = std::vector<std::string>;

/// Splits CSV text into rows; an unterminated quote is an error naming its row.
/// At most `max_rows` rows, `max_fields` fields a row and `max_cells` fields in all are accepted
/// (CSV_TOO_MANY_ROWS, CSV_TOO_MANY_FIELDS, CSV_TOO_MANY_CELLS): each field costs a string
/// header, so a 20 MB file of commas would otherwise hold 20 million of them.
Result<std::vector<Row>> parse(std::string_view text, std::size_t max_rows = 1'000'000,
                               std::size_t max_fields = 256, std::size_t max_cells = 4'000'000);

}  // namespace tidu::csv
