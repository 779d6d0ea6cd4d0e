// Fuzz target: an imported file's bytes as the import and blacklist routes receive them:
// imports::read_table (XLSX when the bytes start as a ZIP, an old .xls refused, CSV otherwise),
// so a mutated workbook reaches libzip and the expat handlers of imports::read_xlsx, then every
// import kind's row checks on what was read. Seeds are small real workbooks (fuzz/corpus/
// xlsx_import, written by fuzz/make_xlsx_seeds.py); xlsx_parts fuzzes the XML inside them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "import_checks.hpp"
#include "imports/table_reader.hpp"

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  tidu::fuzz::load_import_world();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  tidu::fuzz::check_as_every_kind(tidu::imports::read_table(bytes));
  return 0;
}
