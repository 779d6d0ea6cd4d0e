#include "imports/table_reader.hpp"

#include "imports/xlsx_reader.hpp"

namespace tidu::imports {

Result<table::Table> read_table(std::string_view bytes) {
  if (looks_like_zip(bytes) || looks_like_ole(bytes)) return read_xlsx(bytes);
  return table::read_csv(bytes);
}

std::string_view format_id(table::Format f) { return f == table::Format::kXlsx ? "xlsx" : "csv"; }

}  // namespace tidu::imports
