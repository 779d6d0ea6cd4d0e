#include "files/sniff.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>

#include <fmt/format.h>

namespace tidu::files {
namespace {

/// One accepted type with the name people know it by.
struct Known {
  std::string_view id;
  std::string_view mime;
  std::string_view extension;
  std::string_view label;
};

constexpr std::array<Known, 5> kKnown{{
    {"pdf", "application/pdf", ".pdf", "PDF"},
    {"jpeg", "image/jpeg", ".jpg", "JPEG"},
    {"png", "image/png", ".png", "PNG"},
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx",
     "DOCX"},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "XLSX"},
}};

constexpr std::string_view kPdfMagic = "%PDF-";
constexpr std::string_view kJpegMagic = "\xFF\xD8\xFF";
constexpr std::string_view kPngMagic{"\x89PNG\r\n\x1A\n", 8};
constexpr std::string_view kZipLocalMagic = "PK\x03\x04";
constexpr std::string_view kZipEmptyMagic = "PK\x05\x06";

constexpr std::uint32_t kEndRecordSignature = 0x06054b50;
constexpr std::uint32_t kCentralEntrySignature = 0x02014b50;
constexpr std::uint32_t kLocalHeaderSignature = 0x04034b50;
constexpr std::size_t kEndRecordSize = 22;
constexpr std::size_t kCentralEntrySize = 46;
constexpr std::size_t kLocalHeaderSize = 30;
constexpr std::size_t kMaxCommentSize = 0xFFFF;
constexpr std::string_view kContentTypesEntry = "[Content_Types].xml";

/// Why the bytes were not recognised, for the log, and whether they looked like a damaged ZIP.
struct Unrecognised {
  std::string detail;
  bool damaged_zip = false;
};

/// Little-endian 16-bit field; the caller has checked `at + 2 <= bytes.size()`.
std::uint16_t read_u16(std::string_view bytes, std::size_t at) {
  const auto b = [&](std::size_t i) {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(bytes[at + i]));
  };
  return static_cast<std::uint16_t>(b(0) | (b(1) << 8));
}

/// Little-endian 32-bit field; the caller has checked `at + 4 <= bytes.size()`.
std::uint32_t read_u32(std::string_view bytes, std::size_t at) {
  return static_cast<std::uint32_t>(read_u16(bytes, at)) |
         (static_cast<std::uint32_t>(read_u16(bytes, at + 2)) << 16);
}

std::unexpected<Unrecognised> damaged(std::string detail) {
  return std::unexpected(Unrecognised{std::move(detail), true});
}

/// Where the End Of Central Directory record starts: the last signature whose comment length
/// runs exactly to the end of the file, so a signature inside the comment cannot mislead.
std::optional<std::size_t> find_end_record(std::string_view zip) {
  if (zip.size() < kEndRecordSize) return std::nullopt;
  const std::size_t last = zip.size() - kEndRecordSize;
  const std::size_t lowest = last > kMaxCommentSize ? last - kMaxCommentSize : 0;
  for (std::size_t at = last + 1; at-- > lowest;) {
    if (read_u32(zip, at) == kEndRecordSignature &&
        at + kEndRecordSize + read_u16(zip, at + 20) == zip.size()) {
      return at;
    }
  }
  return std::nullopt;
}

/// "docx" or "xlsx" from the central directory of a ZIP archive.
std::expected<std::string_view, Unrecognised> classify_zip(std::string_view zip) {
  const auto end = find_end_record(zip);
  if (!end) return damaged("zip: no end of central directory record");
  const std::uint16_t this_disk = read_u16(zip, *end + 4);
  const std::uint16_t directory_disk = read_u16(zip, *end + 6);
  const std::uint16_t entries_here = read_u16(zip, *end + 8);
  const std::uint16_t entries = read_u16(zip, *end + 10);
  const std::uint32_t directory_size = read_u32(zip, *end + 12);
  const std::uint32_t directory_offset = read_u32(zip, *end + 16);
  if (this_disk != 0 || directory_disk != 0 || entries_here != entries) {
    return damaged("zip: split across several disks");
  }
  if (entries == 0xFFFF || directory_size == 0xFFFFFFFF || directory_offset == 0xFFFFFFFF) {
    return damaged("zip: ZIP64 archives are not read");
  }
  if (directory_offset > *end || directory_size > *end - directory_offset) {
    return damaged(
        fmt::format("zip: central directory at {} size {} outside the {} bytes before "
                    "the end record",
                    directory_offset, directory_size, *end));
  }
  const std::string_view directory = zip.substr(directory_offset, directory_size);
  bool content_types = false;
  bool word = false;
  bool xl = false;
  std::size_t at = 0;
  for (std::size_t i = 0; i < entries; ++i) {
    if (directory.size() - at < kCentralEntrySize) {
      return damaged(fmt::format("zip: central directory entry {} truncated", i));
    }
    if (read_u32(directory, at) != kCentralEntrySignature) {
      return damaged(fmt::format("zip: central directory entry {} has a bad signature", i));
    }
    const std::size_t name_size = read_u16(directory, at + 28);
    const std::size_t entry_size =
        kCentralEntrySize + name_size + read_u16(directory, at + 30) + read_u16(directory, at + 32);
    if (directory.size() - at < entry_size) {
      return damaged(fmt::format("zip: central directory entry {} runs past the directory", i));
    }
    const std::uint32_t local_offset = read_u32(directory, at + 42);
    if (local_offset > directory_offset || directory_offset - local_offset < kLocalHeaderSize ||
        read_u32(zip, local_offset) != kLocalHeaderSignature) {
      return damaged(fmt::format("zip: entry {} points at no local header ({})", i, local_offset));
    }
    const std::string_view name = directory.substr(at + kCentralEntrySize, name_size);
    content_types = content_types || name == kContentTypesEntry;
    word = word || name.starts_with("word/");
    xl = xl || name.starts_with("xl/");
    at += entry_size;
  }
  if (content_types && word && !xl) return "docx";
  if (content_types && xl && !word) return "xlsx";
  return std::unexpected(
      Unrecognised{fmt::format("zip: {} entries, [Content_Types].xml {}, word/ {}, xl/ {}", entries,
                               content_types, word, xl),
                   false});
}

/// The id of the accepted type `bytes` hold.
std::expected<std::string_view, Unrecognised> detect(std::string_view bytes) {
  if (bytes.empty()) return std::unexpected(Unrecognised{"empty file", false});
  if (bytes.starts_with(kPdfMagic)) return "pdf";
  if (bytes.starts_with(kJpegMagic)) return "jpeg";
  if (bytes.starts_with(kPngMagic)) return "png";
  // An Office file starts with its first entry; an executable with an archive appended does not.
  if (bytes.starts_with(kZipLocalMagic)) return classify_zip(bytes);
  if (bytes.starts_with(kZipEmptyMagic)) return std::unexpected(Unrecognised{"empty zip", false});
  std::string head;
  for (const char c : bytes.substr(0, 8)) {
    head += fmt::format("{:02x}", static_cast<unsigned char>(c));
  }
  return std::unexpected(Unrecognised{fmt::format("unknown content starting {}", head), false});
}

const Known* find_known(std::string_view id) {
  const auto found = std::ranges::find(kKnown, id, &Known::id);
  return found == kKnown.end() ? nullptr : &*found;
}

MediaType to_media_type(const Known& known) {
  return MediaType{std::string(known.id), std::string(known.mime), std::string(known.extension)};
}

/// "PDF、JPEG" for the allowed ids, in the canonical order.
std::string labels(const std::vector<std::string>& allowed_ids) {
  std::string out;
  for (const Known& known : kKnown) {
    if (std::ranges::find(allowed_ids, known.id) == allowed_ids.end()) continue;
    if (!out.empty()) out += "、";
    out += known.label;
  }
  return out;
}

std::unexpected<Error> refuse(const std::vector<std::string>& allowed_ids, std::string_view extra,
                              std::string detail) {
  const std::string names = labels(allowed_ids);
  if (names.empty()) {
    return fail(codes::kTypeRefused, "此处不接受上传文件", std::move(detail));
  }
  return fail(codes::kTypeRefused,
              fmt::format("文件类型不受支持：只接受 {} 文件（按文件内容判断，与扩展名无关）{}",
                          names, extra),
              std::move(detail));
}

}  // namespace

std::vector<std::string> accepted_type_ids() {
  std::vector<std::string> ids;
  ids.reserve(kKnown.size());
  for (const Known& known : kKnown) ids.emplace_back(known.id);
  return ids;
}

Result<MediaType> sniff(std::string_view bytes) { return sniff(bytes, accepted_type_ids()); }

Result<MediaType> sniff(std::string_view bytes, const std::vector<std::string>& allowed_ids) {
  const auto detected = detect(bytes);
  if (!detected) {
    const bool office_allowed = std::ranges::any_of(
        allowed_ids, [](const std::string& id) { return id == "docx" || id == "xlsx"; });
    const std::string_view extra =
        detected.error().damaged_zip && office_allowed
            ? "。该文件像是压缩包但无法读取，若它是 DOCX 或 XLSX 文件，可能已损坏或不完整，"
              "请用 Word 或 Excel 重新保存后再上传"
            : "";
    return refuse(allowed_ids, extra, detected.error().detail);
  }
  const Known* known = find_known(*detected);
  if (std::ranges::find(allowed_ids, known->id) == allowed_ids.end()) {
    return refuse(allowed_ids, fmt::format("，而上传的是 {} 文件", known->label),
                  fmt::format("{} not allowed here", known->id));
  }
  return to_media_type(*known);
}

}  // namespace tidu::files
