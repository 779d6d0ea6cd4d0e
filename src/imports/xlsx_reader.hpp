#pragma once
// Reading the first worksheet of an Excel workbook (.xlsx, Office Open XML) into rows of text:
// bytes in, rows out, nothing written anywhere. The ZIP container is read from memory with
// libzip and each XML part streamed through expat in chunks, so a crafted file (a zip bomb, an
// endless row, millions of shared strings) is refused as soon as it passes a limit, with memory
// bounded by the limits rather than by what the file claims.
//
// Cells are placed by their reference (r="B3"), so a gap stays an empty cell; rows keep the
// number the spreadsheet shows. Shared and inline strings are read as text, numbers as written
// (an integer without ".0"), booleans as TRUE/FALSE; a date cell stays the number Excel stores
// (a serial day), which table::parse_date_cell accepts.
#include <cstddef>
#include <string_view>

#include "core/error.hpp"
#include "core/table.hpp"

namespace tidu::imports {

/// How much of a workbook is read before it is refused.
struct XlsxLimits {
  std::size_t max_file_bytes = table::kMaxFileBytes;             ///< the .xlsx itself
  std::size_t max_entries = 64;                                  ///< files inside the ZIP
  std::size_t max_sheet_bytes = std::size_t{100} << 20;          ///< the worksheet's XML
  std::size_t max_shared_strings_bytes = std::size_t{50} << 20;  ///< sharedStrings.xml
  std::size_t max_part_bytes = std::size_t{4} << 20;  ///< workbook.xml and its relationships
  /// Uncompressed to compressed size, checked once an entry passes kRatioFloorBytes. Real sheets
  /// compress 5–30 times, very repetitive ones up to about 100; a bomb nears deflate's 1032.
  double max_ratio = 200;
  std::size_t max_rows = table::kMaxDataRows + 1;  ///< the header and the data rows
  std::size_t max_columns = table::kMaxColumns;
  std::size_t max_cell_bytes = std::size_t{32'767} * 3;  ///< Excel's own cap is 32,767 characters
  std::size_t max_cells = table::kMaxCells;              ///< cells kept, gaps included
  std::size_t max_text_bytes = std::size_t{32} << 20;    ///< text kept in all cells together
  std::size_t max_shared_strings = 1'000'000;            ///< <si> items of sharedStrings.xml
};

/// Entries are not judged by their ratio until they pass this size (small parts compress well).
inline constexpr std::size_t kRatioFloorBytes = std::size_t{1} << 20;

/// The non-blank rows of the workbook's first worksheet (format kXlsx). Errors, each with a
/// Chinese message saying what to do: IMPORT_FILE_TOO_LARGE; IMPORT_XLSX_NOT_ZIP (not a ZIP, or a
/// damaged one); IMPORT_XLSX_OLD_FORMAT (.xls or an encrypted workbook); IMPORT_XLSX_ENCRYPTED;
/// IMPORT_XLSX_TOO_MANY_ENTRIES; IMPORT_XLSX_NO_SHEET; IMPORT_XLSX_ENTRY_TOO_LARGE (stated or
/// actual size over the limit); IMPORT_XLSX_RATIO (compressed suspiciously well: a zip bomb);
/// IMPORT_XLSX_BROKEN (bad XML, bad data, a checksum error); IMPORT_TOO_MANY_ROWS;
/// IMPORT_XLSX_TOO_MANY_COLUMNS; IMPORT_XLSX_CELL_TOO_LONG; IMPORT_XLSX_TOO_MANY_CELLS.
Result<table::Table> read_xlsx(std::string_view bytes, const XlsxLimits& limits = {});

/// True when the bytes start as a ZIP archive does (PK\3\4, or PK\5\6 for an empty one).
bool looks_like_zip(std::string_view bytes);

/// True when the bytes start as an OLE compound file (.xls, or an encrypted .xlsx).
bool looks_like_ole(std::string_view bytes);

}  // namespace tidu::imports
