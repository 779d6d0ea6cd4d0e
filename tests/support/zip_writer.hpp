#pragma once
// A tiny writer of stored (uncompressed) ZIP archives, for building real DOCX and XLSX files in
// tests, and for damaging them field by field.
//
// Header-only: tests/CMakeLists.txt compiles only the *_test.cpp files and named helpers.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tidu::test {

/// One file inside an archive.
struct ZipEntry {
  std::string name;
  std::string content;
};

/// CRC-32 (IEEE 802.3), as ZIP headers record it.
inline std::uint32_t crc32(std::string_view bytes) {
  static const std::array<std::uint32_t, 256> kTable = [] {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1U) != 0 ? 0xEDB88320U ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
    return table;
  }();
  std::uint32_t crc = 0xFFFFFFFFU;
  for (const char ch : bytes)
    crc = kTable[(crc ^ static_cast<unsigned char>(ch)) & 0xFFU] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFU;
}

/// Appends a little-endian 16-bit value.
inline void put_u16(std::string& out, std::uint32_t value) {
  out += static_cast<char>(value & 0xFFU);
  out += static_cast<char>((value >> 8) & 0xFFU);
}

/// Appends a little-endian 32-bit value.
inline void put_u32(std::string& out, std::uint32_t value) {
  put_u16(out, value & 0xFFFFU);
  put_u16(out, value >> 16);
}

/// Overwrites the little-endian 32-bit value at `at`.
inline void set_u32(std::string& zip, std::size_t at, std::uint32_t value) {
  std::string bytes;
  put_u32(bytes, value);
  zip.replace(at, 4, bytes);
}

/// Overwrites the little-endian 16-bit value at `at`.
inline void set_u16(std::string& zip, std::size_t at, std::uint32_t value) {
  std::string bytes;
  put_u16(bytes, value);
  zip.replace(at, 2, bytes);
}

/// Reads the little-endian 32-bit value at `at`.
inline std::uint32_t get_u32(const std::string& zip, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 4; i-- > 0;) value = (value << 8) | static_cast<unsigned char>(zip[at + i]);
  return value;
}

/// A stored ZIP archive holding `entries` in order, with an optional archive comment.
inline std::string make_zip(const std::vector<ZipEntry>& entries, std::string_view comment = {}) {
  std::string out;
  std::string directory;
  constexpr std::uint32_t kDosTime = 0;
  constexpr std::uint32_t kDosDate = (45U << 9) | (4U << 5) | 10U;  // 2025-04-10
  for (const ZipEntry& entry : entries) {
    const auto offset = static_cast<std::uint32_t>(out.size());
    const std::uint32_t crc = crc32(entry.content);
    const auto size = static_cast<std::uint32_t>(entry.content.size());
    const auto name_size = static_cast<std::uint32_t>(entry.name.size());
    put_u32(out, 0x04034b50);  // local file header
    put_u16(out, 20);          // version needed
    put_u16(out, 0x0800);      // flags: UTF-8 names
    put_u16(out, 0);           // method: stored
    put_u16(out, kDosTime);
    put_u16(out, kDosDate);
    put_u32(out, crc);
    put_u32(out, size);
    put_u32(out, size);
    put_u16(out, name_size);
    put_u16(out, 0);  // extra
    out += entry.name;
    out += entry.content;

    put_u32(directory, 0x02014b50);  // central directory header
    put_u16(directory, 20);          // version made by
    put_u16(directory, 20);          // version needed
    put_u16(directory, 0x0800);
    put_u16(directory, 0);
    put_u16(directory, kDosTime);
    put_u16(directory, kDosDate);
    put_u32(directory, crc);
    put_u32(directory, size);
    put_u32(directory, size);
    put_u16(directory, name_size);
    put_u16(directory, 0);  // extra
    put_u16(directory, 0);  // comment
    put_u16(directory, 0);  // disk
    put_u16(directory, 0);  // internal attributes
    put_u32(directory, 0);  // external attributes
    put_u32(directory, offset);
    directory += entry.name;
  }
  const auto directory_offset = static_cast<std::uint32_t>(out.size());
  out += directory;
  put_u32(out, 0x06054b50);  // end of central directory
  put_u16(out, 0);
  put_u16(out, 0);
  put_u16(out, static_cast<std::uint32_t>(entries.size()));
  put_u16(out, static_cast<std::uint32_t>(entries.size()));
  put_u32(out, static_cast<std::uint32_t>(directory.size()));
  put_u32(out, directory_offset);
  put_u16(out, static_cast<std::uint32_t>(comment.size()));
  out += comment;
  return out;
}

/// Where the end of central directory record of `make_zip(…, comment)` starts.
inline std::size_t end_record_offset(const std::string& zip, std::string_view comment = {}) {
  return zip.size() - 22 - comment.size();
}

/// The package relationships every Office Open XML file has.
inline ZipEntry office_relationships(std::string_view main_part, std::string_view type) {
  return {
      "_rels/.rels",
      std::string(
          R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
          R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
          R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/)") +
          std::string(type) + R"(" Target=")" + std::string(main_part) + R"("/></Relationships>)"};
}

/// The entries of the smallest Word document Word opens.
inline std::vector<ZipEntry> docx_entries() {
  return {
      {"[Content_Types].xml",
       R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
       R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
       R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
       R"(<Default Extension="xml" ContentType="application/xml"/>)"
       R"(<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>)"
       R"(</Types>)"},
      office_relationships("word/document.xml", "officeDocument"),
      {"word/document.xml",
       R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
       R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)"
       R"(<w:body><w:p><w:r><w:t>智能工厂申报书</w:t></w:r></w:p></w:body></w:document>)"},
  };
}

/// The entries of the smallest Excel workbook Excel opens.
inline std::vector<ZipEntry> xlsx_entries() {
  return {
      {"[Content_Types].xml",
       R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
       R"(<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">)"
       R"(<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>)"
       R"(<Default Extension="xml" ContentType="application/xml"/>)"
       R"(<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>)"
       R"(<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>)"
       R"(</Types>)"},
      office_relationships("xl/workbook.xml", "officeDocument"),
      {"xl/workbook.xml",
       R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
       R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
       R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
       R"(<sheets><sheet name="设备清单" sheetId="1" r:id="rId1"/></sheets></workbook>)"},
      {"xl/_rels/workbook.xml.rels",
       R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
       R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
       R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>)"
       R"(</Relationships>)"},
      {"xl/worksheets/sheet1.xml",
       R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
       R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
       R"(<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>数控机床</t></is></c></row></sheetData>)"
       R"(</worksheet>)"},
  };
}

/// A minimal real DOCX file.
inline std::string minimal_docx() { return make_zip(docx_entries()); }

/// A minimal real XLSX file.
inline std::string minimal_xlsx() { return make_zip(xlsx_entries()); }

}  // namespace tidu::test
