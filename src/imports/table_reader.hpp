#pragma once
// One reader for every imported table: an Excel workbook (.xlsx, recognised by its ZIP
// signature, whatever the file is called) or CSV text (UTF-8). Rows are numbered as a
// spreadsheet shows them (header = 1). Pure: bytes in, rows out.
#include <string_view>

#include "core/error.hpp"
#include "core/table.hpp"

namespace tidu::imports {

/// The rows of the file: XLSX when the bytes start as a ZIP (or an old .xls, refused with a
/// message saying what to do), CSV otherwise. Errors as table::read_csv and read_xlsx give them.
Result<table::Table> read_table(std::string_view bytes);

/// "csv" or "xlsx".
std::string_view format_id(table::Format f);

}  // namespace tidu::imports
