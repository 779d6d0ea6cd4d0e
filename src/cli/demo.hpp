#pragma once
// `tidu demo --data DIR`: loads the demo world into an empty data directory (or database)
// through the same services the API uses.
#include <filesystem>

#include "cli/serve.hpp"

namespace tidu::cli {

/// Loads the demo world; refuses a database that already holds accounts. Returns the exit code.
int demo(const ServeConfig& config, const std::filesystem::path& policy_dir, const EnvLookup& env);

/// A small, valid one-page PDF whose page shows `title` (ASCII), for demo attachments.
std::string demo_pdf(std::string_view title);

/// A small valid PNG image (a coloured square), for demo scenario images.
std::string demo_png(unsigned char shade);

}  // namespace tidu::cli
