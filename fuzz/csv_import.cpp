// Fuzz target: CSV text as an administrator or reviewer uploads it: csv::parse (with the default
// and with tiny limits), table::read_csv (UTF-8 check, row numbering), every import kind's row
// checks on the table (blacklists, enterprise directory, maturity results, region codes), and
// catalogue::parse_region_csv (`tidu regions import`, the catalogue's region files).
// Invariant: csv::parse keeps to its row and field limits.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "catalogue/regions.hpp"
#include "core/csv.hpp"
#include "core/table.hpp"
#include "import_checks.hpp"
#include "support/world.hpp"

namespace {

void parse_within(std::string_view text, std::size_t max_rows, std::size_t max_fields) {
  auto rows = tidu::csv::parse(text, max_rows, max_fields);
  if (!rows) return;
  if (rows->size() > max_rows) {
    std::fprintf(stderr, "invariant failed: csv::parse returned more rows than its limit\n");
    std::abort();
  }
  for (const auto& row : *rows) {
    if (row.size() > max_fields) {
      std::fprintf(stderr, "invariant failed: csv::parse returned more fields than its limit\n");
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  tidu::fuzz::load_import_world();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  parse_within(text, 1'000'000, 256);
  parse_within(text, 3, 4);
  (void)tidu::table::read_csv(text, 2);
  tidu::fuzz::check_as_every_kind(tidu::table::read_csv(text));
  (void)tidu::catalogue::parse_region_csv(text, tidu::test::catalogue().regions);
  (void)tidu::catalogue::parse_region_csv(text, tidu::catalogue::RegionTree{});
  return 0;
}
