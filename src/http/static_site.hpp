#pragma once
// The built web UI (web/dist) served from "/": files by path, index.html for the single-page
// app's own routes, and a Chinese page that says how to build the UI when it is not built yet.
#include <filesystem>
#include <optional>

#include "http/message.hpp"

namespace tidu::http {

class StaticSite {
 public:
  /// `root` may be empty or missing: every page then explains that the UI is not built.
  explicit StaticSite(const std::filesystem::path& root);

  /// GET/HEAD of a path outside /api: the file, index.html for an app route, 404 for a missing
  /// asset, 405 for other methods. Never reads outside `root` (".." and symlinks out are 404).
  [[nodiscard]] Response serve(const Request& request) const;

  /// Whether an index.html was found at start.
  [[nodiscard]] bool built() const { return built_; }

 private:
  [[nodiscard]] std::optional<std::filesystem::path> resolve(std::string_view path) const;
  [[nodiscard]] Response file(const std::filesystem::path& file, bool head) const;

  std::filesystem::path root_;
  bool built_ = false;
};

/// The Content-Type for a file name by its extension (application/octet-stream when unknown).
std::string_view content_type_for(const std::filesystem::path& file);

}  // namespace tidu::http
