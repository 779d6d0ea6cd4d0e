#pragma once
// A ZIP archive built in memory with libzip: entries with UTF-8 names, deflated.
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

}  // namespace tidu::documents
