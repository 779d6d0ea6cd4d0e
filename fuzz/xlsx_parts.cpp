// Fuzz target, structure-aware: the XML inside a workbook. The input is up to four parts
// separated by a line "#part" — xl/worksheets/sheet1.xml, xl/sharedStrings.xml,
// xl/workbook.xml, xl/_rels/workbook.xml.rels — packed into a valid ZIP (stored, correct CRCs)
// beside [Content_Types].xml, so every mutation reaches the expat handlers of
// imports::read_xlsx instead of stopping at libzip. Read with the default limits and with tiny
// ones (every limit's refusal), then every import kind's row checks.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "import_checks.hpp"
#include "imports/xlsx_reader.hpp"

namespace {

constexpr std::string_view kSeparator = "\n#part\n";

constexpr std::string_view kContentTypes =
    R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>)";

std::uint32_t crc32(std::string_view bytes) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1U) != 0 ? 0xEDB88320U ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFU;
  for (const char ch : bytes) c = table[(c ^ static_cast<unsigned char>(ch)) & 0xFFU] ^ (c >> 8);
  return c ^ 0xFFFFFFFFU;
}

void put16(std::string& out, std::uint32_t v) {
  out += static_cast<char>(v & 0xFFU);
  out += static_cast<char>((v >> 8) & 0xFFU);
}

void put32(std::string& out, std::uint32_t v) {
  put16(out, v & 0xFFFFU);
  put16(out, v >> 16);
}

/// A ZIP archive of stored (uncompressed) entries.
std::string zip_of(const std::vector<std::pair<std::string_view, std::string_view>>& entries) {
  std::string out;
  std::string directory;
  for (const auto& [name, content] : entries) {
    const auto offset = static_cast<std::uint32_t>(out.size());
    const std::uint32_t crc = crc32(content);
    const auto size = static_cast<std::uint32_t>(content.size());
    const auto name_size = static_cast<std::uint32_t>(name.size());
    put32(out, 0x04034B50U);  // local file header
    put16(out, 20);           // version needed
    put16(out, 0);            // flags
    put16(out, 0);            // stored
    put32(out, 0);            // time, date
    put32(out, crc);
    put32(out, size);
    put32(out, size);
    put16(out, name_size);
    put16(out, 0);
    out += name;
    out += content;
    put32(directory, 0x02014B50U);  // central directory header
    put16(directory, 20);           // made by
    put16(directory, 20);           // needed
    put16(directory, 0);
    put16(directory, 0);
    put32(directory, 0);
    put32(directory, crc);
    put32(directory, size);
    put32(directory, size);
    put16(directory, name_size);
    put32(directory, 0);  // extra and comment lengths
    put32(directory, 0);  // disk number, internal attributes
    put32(directory, 0);  // external attributes
    put32(directory, offset);
    directory += name;
  }
  const auto directory_offset = static_cast<std::uint32_t>(out.size());
  out += directory;
  put32(out, 0x06054B50U);  // end of central directory
  put32(out, 0);
  put16(out, static_cast<std::uint32_t>(entries.size()));
  put16(out, static_cast<std::uint32_t>(entries.size()));
  put32(out, static_cast<std::uint32_t>(directory.size()));
  put32(out, directory_offset);
  put16(out, 0);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  tidu::fuzz::load_import_world();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  constexpr std::array<std::string_view, 4> kNames = {"xl/worksheets/sheet1.xml",
                                                      "xl/sharedStrings.xml", "xl/workbook.xml",
                                                      "xl/_rels/workbook.xml.rels"};
  std::vector<std::pair<std::string_view, std::string_view>> entries = {
      {"[Content_Types].xml", kContentTypes}};
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    const auto end = i + 1 < kNames.size() ? rest.find(kSeparator) : std::string_view::npos;
    const std::string_view part = rest.substr(0, end);
    if (!part.empty()) entries.emplace_back(kNames[i], part);
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + kSeparator.size());
  }
  const std::string workbook = zip_of(entries);

  tidu::imports::XlsxLimits tiny;
  tiny.max_entries = 4;
  tiny.max_part_bytes = 512;
  tiny.max_rows = 6;
  tiny.max_columns = 8;
  tiny.max_cell_bytes = 40;
  tiny.max_cells = 20;
  tiny.max_text_bytes = 200;
  tiny.max_shared_strings = 5;
  (void)tidu::imports::read_xlsx(workbook, tiny);
  tidu::fuzz::check_as_every_kind(tidu::imports::read_xlsx(workbook));
  return 0;
}
