#pragma once
// Workbooks for the import tests: a minimal .xlsx put together part by part (to control every
// byte of the XML), one written by libxlsxwriter (as a real spreadsheet program writes it), and
// zip bombs — a worksheet entry that inflates to gigabytes of white space, built from one
// deflated megabyte repeated, so the test makes it in milliseconds.
//
// Header-only: tests/CMakeLists.txt compiles only the *_test.cpp files and named helpers.
#include <stdlib.h>  // mkstemp
#include <unistd.h>  // close, unlink
#include <xlsxwriter.h>
#include <zlib.h>

#include <cstdint>
#include <fstream>
#include <functional>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "documents/zip.hpp"

namespace tidu::test {

inline constexpr std::string_view kContentTypes =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>)";
inline constexpr std::string_view kRootRels =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)";
inline constexpr std::string_view kWorkbook =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名录" sheetId="1" r:id="rId1"/></sheets></workbook>)";
inline constexpr std::string_view kWorkbookRels =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>)";

/// The XML of a worksheet whose <sheetData> holds `rows_xml`.
inline std::string sheet_xml(std::string_view rows_xml) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)") +
         std::string(rows_xml) + "</sheetData></worksheet>";
}

/// The XML of a shared-strings part holding `strings` (escaped by the caller).
inline std::string shared_strings_xml(const std::vector<std::string>& strings) {
  std::string out = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)";
  for (const auto& s : strings) out += "<si><t>" + s + "</t></si>";
  return out + "</sst>";
}

/// A workbook of the given parts (deflated by libzip), the package parts added.
inline std::string workbook_of(const std::string& sheet, const std::string& shared = {},
                               std::vector<documents::ZipEntry> extra = {}) {
  std::vector<documents::ZipEntry> entries = {
      {"[Content_Types].xml", std::string(kContentTypes)},
      {"_rels/.rels", std::string(kRootRels)},
      {"xl/workbook.xml", std::string(kWorkbook)},
      {"xl/_rels/workbook.xml.rels", std::string(kWorkbookRels)},
      {"xl/worksheets/sheet1.xml", sheet}};
  if (!shared.empty()) entries.push_back({"xl/sharedStrings.xml", shared});
  for (auto& e : extra) entries.push_back(std::move(e));
  auto zip = documents::make_zip(entries);
  if (!zip) throw std::runtime_error(zip.error().detail);
  return *zip;
}

/// A workbook whose first sheet holds `rows`, every cell an inline string (empty cells skipped).
inline std::string workbook_of_rows(const std::vector<std::vector<std::string>>& rows) {
  std::string xml;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    xml += "<row r=\"" + std::to_string(r + 1) + "\">";
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      if (rows[r][c].empty()) continue;
      std::string ref;
      for (std::size_t n = c + 1; n > 0; n = (n - 1) / 26)
        ref.insert(ref.begin(), static_cast<char>('A' + (n - 1) % 26));
      xml += "<c r=\"" + ref + std::to_string(r + 1) + "\" t=\"inlineStr\"><is><t>" + rows[r][c] +
             "</t></is></c>";
    }
    xml += "</row>";
  }
  return workbook_of(sheet_xml(xml));
}

/// The bytes of a workbook libxlsxwriter writes, its first sheet filled by `fill`.
inline std::string written_by_libxlsxwriter(
    const std::function<void(lxw_workbook*, lxw_worksheet*)>& fill) {
  char path[] = "/tmp/tidu-xlsx-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) throw std::runtime_error("mkstemp");
  close(fd);
  lxw_workbook* wb = workbook_new(path);
  lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
  fill(wb, ws);
  if (workbook_close(wb) != LXW_NO_ERROR) throw std::runtime_error("workbook_close");
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  unlink(path);
  return bytes;
}

/// Raw deflate of `data` in a fresh stream, ending with a full flush (byte-aligned, no final
/// block, no reference to earlier data) or, with Z_FINISH, the final block.
inline std::string deflate_piece(std::string_view data, int flush) {
  z_stream z{};
  if (deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2");
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, flush);
  out.resize(out.size() - z.avail_out);
  deflateEnd(&z);
  if (rc != Z_OK && rc != Z_STREAM_END) throw std::runtime_error("deflate");
  return out;
}

/// One entry of a hand-built archive: its bytes already compressed (method 8) or stored (0).
struct RawEntry {
  std::string name;
  std::string data;
  std::uint16_t method = 0;
  std::uint32_t crc = 0;
  std::uint32_t size = 0;  ///< the uncompressed size recorded in the headers
};

inline void put16(std::string& o, std::uint32_t v) {
  o += static_cast<char>(v & 0xFFU);
  o += static_cast<char>((v >> 8) & 0xFFU);
}
inline void put32(std::string& o, std::uint32_t v) {
  put16(o, v & 0xFFFFU);
  put16(o, v >> 16);
}

/// A stored entry with its real CRC and size.
inline RawEntry stored(std::string name, std::string_view bytes) {
  return {std::move(name), std::string(bytes), 0,
          static_cast<std::uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(bytes.data()),
                                           static_cast<uInt>(bytes.size()))),
          static_cast<std::uint32_t>(bytes.size())};
}

/// A ZIP archive of the entries exactly as given (headers not checked against the data).
inline std::string raw_zip(const std::vector<RawEntry>& entries) {
  std::string out;
  std::string dir;
  for (const auto& e : entries) {
    const auto offset = static_cast<std::uint32_t>(out.size());
    const auto comp = static_cast<std::uint32_t>(e.data.size());
    const auto name_len = static_cast<std::uint32_t>(e.name.size());
    put32(out, 0x04034b50U);
    put16(out, 20);
    put16(out, 0);
    put16(out, e.method);
    put16(out, 0);
    put16(out, 0x5A8A);
    put32(out, e.crc);
    put32(out, comp);
    put32(out, e.size);
    put16(out, name_len);
    put16(out, 0);
    out += e.name;
    out += e.data;
    put32(dir, 0x02014b50U);
    put16(dir, 20);
    put16(dir, 20);
    put16(dir, 0);
    put16(dir, e.method);
    put16(dir, 0);
    put16(dir, 0x5A8A);
    put32(dir, e.crc);
    put32(dir, comp);
    put32(dir, e.size);
    put16(dir, name_len);
    put16(dir, 0);
    put16(dir, 0);
    put16(dir, 0);
    put16(dir, 0);
    put32(dir, 0);
    put32(dir, offset);
    dir += e.name;
  }
  const auto dir_offset = static_cast<std::uint32_t>(out.size());
  out += dir;
  put32(out, 0x06054b50U);
  put16(out, 0);
  put16(out, 0);
  put16(out, static_cast<std::uint32_t>(entries.size()));
  put16(out, static_cast<std::uint32_t>(entries.size()));
  put32(out, static_cast<std::uint32_t>(dir.size()));
  put32(out, dir_offset);
  put16(out, 0);
  return out;
}

/// A workbook whose worksheet inflates to `megabytes` MiB of white space inside <sheetData>:
/// valid XML all the way, so only the limits stop it. `stated` is the uncompressed size the
/// headers record (0: the true size, which must fit 32 bits).
inline std::string zip_bomb(std::uint32_t megabytes, std::uint32_t stated = 0) {
  const std::string head = R"(<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)";
  const std::string tail = "</sheetData></worksheet>";
  const std::string mebibyte(std::size_t{1} << 20, ' ');
  const std::string chunk = deflate_piece(mebibyte, Z_FULL_FLUSH);
  std::string data = deflate_piece(head, Z_FULL_FLUSH);
  data.reserve(data.size() + chunk.size() * megabytes + 64);
  const auto crc_of = [](std::string_view s) {
    return crc32(0, reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size()));
  };
  uLong crc = crc_of(head);
  const uLong chunk_crc = crc_of(mebibyte);
  for (std::uint32_t i = 0; i < megabytes; ++i) {
    data += chunk;
    crc = crc32_combine(crc, chunk_crc, static_cast<z_off_t>(mebibyte.size()));
  }
  data += deflate_piece(tail, Z_FINISH);
  crc = crc32_combine(crc, crc_of(tail), static_cast<z_off_t>(tail.size()));
  const std::uint64_t size = head.size() + std::uint64_t{megabytes} * mebibyte.size() + tail.size();
  RawEntry sheet{"xl/worksheets/sheet1.xml", std::move(data), 8, static_cast<std::uint32_t>(crc),
                 stated != 0 ? stated : static_cast<std::uint32_t>(size)};
  return raw_zip({stored("[Content_Types].xml", kContentTypes), stored("_rels/.rels", kRootRels),
                  stored("xl/workbook.xml", kWorkbook),
                  stored("xl/_rels/workbook.xml.rels", kWorkbookRels), std::move(sheet)});
}

}  // namespace tidu::test
