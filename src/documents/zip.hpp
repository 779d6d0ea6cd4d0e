#pragma once
// A ZIP archive built in memory with libzip: entries with UTF-8 names, deflated.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace tidu::documents {

/// An entry: its name inside the archive and its bytes.
struct ZipEntry {
  std::string name;
  std::string bytes;
};

/// The archive's bytes; DOCUMENT_RENDER_FAILED when libzip fails.
Result<std::string> make_zip(const std::vector<ZipEntry>& entries);

/// An entry whose bytes are in a file on disk.
struct ZipFileEntry {
  std::string name;
  std::filesystem::path source;
};

/// Writes the archive to `out`, reading each entry from its file as it goes (libzip streams the
/// sources at close), so memory does not grow with the archive. DOCUMENT_RENDER_FAILED on failure.
Result<void> write_zip_file(const std::filesystem::path& out,
                            const std::vector<ZipFileEntry>& entries);

}  // namespace tidu::documents
