#pragma once
// Where attachment bytes are kept, addressed by their SHA-256: on the local disk for a single
// server, or in the database when several server processes must reach the same files.
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "storage/database.hpp"

namespace tidu::service {

/// Stable error codes of the file stores; the edge maps each to one response.
namespace codes {
inline constexpr const char* kFileNotFound = "FILE_NOT_FOUND";          ///< no content for the hash
inline constexpr const char* kFileCorrupt = "FILE_CORRUPT";             ///< stored bytes changed
inline constexpr const char* kFileHashInvalid = "FILE_HASH_INVALID";    ///< not 64 lower-case hex
inline constexpr const char* kFileHashMismatch = "FILE_HASH_MISMATCH";  ///< bytes ≠ given hash
inline constexpr const char* kFileStoreFailed = "FILE_STORE_FAILED";    ///< disk or I/O failure
}  // namespace codes

/// True when `text` is a SHA-256 as 64 lower-case hex digits, the only names a store accepts.
bool is_content_hash(std::string_view text);

/// Content-addressed storage of attachment bytes. Safe to share between threads.
class FileStore {
 public:
  virtual ~FileStore() = default;
  FileStore() = default;
  FileStore(const FileStore&) = delete;
  FileStore& operator=(const FileStore&) = delete;

  /// Keeps `bytes` under `sha256`, which must be their digest; storing it again is a no-op.
  virtual Result<void> put(const std::string& sha256, std::string_view bytes) = 0;
  /// The bytes stored under `sha256`, checked against it (FILE_NOT_FOUND, FILE_CORRUPT).
  virtual Result<std::string> get(const std::string& sha256) = 0;
  /// Whether bytes are stored under `sha256`.
  virtual Result<bool> contains(const std::string& sha256) = 0;
};

/// Files under a folder: root/ab/cd/<sha256>, written to a temporary file, synced and renamed
/// into place, so a crash leaves either the whole file or none.
class LocalFileStore final : public FileStore {
 public:
  /// A store under `root`, created on the first put when missing.
  explicit LocalFileStore(std::filesystem::path root);

  Result<void> put(const std::string& sha256, std::string_view bytes) override;
  Result<std::string> get(const std::string& sha256) override;
  Result<bool> contains(const std::string& sha256) override;

  /// Where the content with this (valid) hash lives.
  std::filesystem::path path_of(const std::string& sha256) const;

 private:
  std::filesystem::path root_;
};

/// Runs a function on a database connection of its own for the duration of the call, e.g. one
/// borrowed from the service's pool, and returns what the function returned.
using WithDatabase =
    std::function<Result<void>(const std::function<Result<void>(storage::Database&)>&)>;

/// Files as base64 text in the file_blobs table (migrations/003_file_blobs.sql), for
/// PostgreSQL deployments where several server processes share no disk.
class DatabaseFileStore final : public FileStore {
 public:
  /// A store reaching its database through `with_db`.
  explicit DatabaseFileStore(WithDatabase with_db);

  Result<void> put(const std::string& sha256, std::string_view bytes) override;
  Result<std::string> get(const std::string& sha256) override;
  Result<bool> contains(const std::string& sha256) override;

 private:
  WithDatabase with_db_;
};

}  // namespace tidu::service
