#include "service/file_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <optional>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "files/base64.hpp"
#include "security/digest.hpp"

namespace tidu::service {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kHashDigits = 64;

/// The statements of DatabaseFileStore; ON CONFLICT … DO NOTHING runs on SQLite and PostgreSQL.
namespace sql {
constexpr std::string_view kInsertBlob =
    "INSERT INTO file_blobs (sha256, content_base64) VALUES ($1, $2) "
    "ON CONFLICT (sha256) DO NOTHING";
constexpr std::string_view kSelectBlob = "SELECT content_base64 FROM file_blobs WHERE sha256 = $1";
constexpr std::string_view kBlobExists = "SELECT 1 FROM file_blobs WHERE sha256 = $1";
}  // namespace sql

std::unexpected<Error> invalid_hash(std::string_view sha256) {
  return fail(codes::kFileHashInvalid, "附件标识无效：应为 64 位小写十六进制的 SHA-256 值",
              fmt::format("hash {:?}", sha256.substr(0, 80)));
}

std::unexpected<Error> hash_mismatch(std::string_view sha256, std::string_view actual) {
  return fail(codes::kFileHashMismatch, "附件内容与其校验值不一致，请重新上传该文件",
              fmt::format("given {} but content hashes to {}", sha256, actual));
}

std::unexpected<Error> not_found(std::string_view sha256) {
  return fail(codes::kFileNotFound, "找不到该附件，可能已被删除或未上传成功，请重新上传",
              fmt::format("no content for {}", sha256));
}

std::unexpected<Error> corrupt(std::string detail) {
  return fail(codes::kFileCorrupt,
              "附件内容已损坏（与校验值不符），请重新上传该文件；如反复出现，请联系管理员检查存储",
              std::move(detail));
}

std::unexpected<Error> store_failed(std::string_view action, const fs::path& path, int error) {
  return fail(
      codes::kFileStoreFailed, "附件存储失败，请稍后重试；如仍失败，请联系管理员检查服务器磁盘",
      fmt::format("{} {}: {}", action, path.string(), std::generic_category().message(error)));
}

/// Checks the name and that the bytes hash to it.
Result<void> check_put(const std::string& sha256, std::string_view bytes) {
  if (!is_content_hash(sha256)) return invalid_hash(sha256);
  const std::string actual = security::sha256_hex(bytes);
  if (actual != sha256) return hash_mismatch(sha256, actual);
  return {};
}

/// A file descriptor closed when it goes out of scope.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  /// Closes now, reporting the error close() may be the first to see (0 or an errno value).
  int close() {
    const int result = ::close(std::exchange(fd_, -1));
    return result == 0 ? 0 : errno;
  }

 private:
  int fd_;
};

/// Writes all of `bytes`; 0 or an errno value.
int write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
  return 0;
}

/// Makes the entries of a directory (a rename, a new file) durable; 0 or an errno value.
int sync_directory(const fs::path& dir) {
  const Descriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return errno;
  return ::fsync(fd.get()) == 0 ? 0 : errno;
}

/// Writes `bytes` to a new file `temp` and syncs it; 0 or an errno value, with `action` set.
int write_synced(const fs::path& temp, std::string_view bytes, std::string_view& action) {
  action = "create";
  Descriptor fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (!fd.valid()) return errno;
  action = "write";
  if (const int error = write_all(fd.get(), bytes); error != 0) return error;
  action = "fsync";
  if (::fsync(fd.get()) != 0) return errno;
  action = "close";
  return fd.close();
}

}  // namespace

bool is_content_hash(std::string_view text) {
  if (text.size() != kHashDigits) return false;
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// ---- LocalFileStore ----

LocalFileStore::LocalFileStore(fs::path root)
    : root_(root.empty() ? fs::path(".") : std::move(root)) {}

fs::path LocalFileStore::path_of(const std::string& sha256) const {
  return root_ / sha256.substr(0, 2) / sha256.substr(2, 2) / sha256;
}

Result<void> LocalFileStore::put(const std::string& sha256, std::string_view bytes) {
  if (auto checked = check_put(sha256, bytes); !checked) return checked;
  const fs::path target = path_of(sha256);
  const fs::path dir = target.parent_path();
  // Present in full already: a rename only ever puts a complete file in place, and a file of
  // another size was damaged afterwards and is replaced below.
  struct stat existing {};
  if (::stat(target.c_str(), &existing) == 0 && S_ISREG(existing.st_mode) &&
      static_cast<std::size_t>(existing.st_size) == bytes.size()) {
    return {};
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return store_failed("create directory", dir, ec.value());

  const fs::path temp = dir / fmt::format(".{}.tmp-{}", sha256, security::random_hex(8));
  std::string_view action;
  if (const int error = write_synced(temp, bytes, action); error != 0) {
    ::unlink(temp.c_str());
    return store_failed(action, temp, error);
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    return store_failed("rename", target, error);
  }
  // The rename and any folders created on the way must survive a power cut too.
  for (const fs::path& folder : {dir, dir.parent_path(), root_}) {
    if (const int error = sync_directory(folder); error != 0) {
      return store_failed("fsync directory", folder, error);
    }
  }
  return {};
}

Result<std::string> LocalFileStore::get(const std::string& sha256) {
  if (!is_content_hash(sha256)) return invalid_hash(sha256);
  const fs::path file = path_of(sha256);
  const Descriptor fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) return not_found(sha256);
    return store_failed("open", file, error);
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return store_failed("stat", file, errno);
  std::string bytes;
  bytes.reserve(static_cast<std::size_t>(info.st_size));
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t got = ::read(fd.get(), buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      return store_failed("read", file, errno);
    }
    if (got == 0) break;
    bytes.append(buffer, static_cast<std::size_t>(got));
  }
  const std::string actual = security::sha256_hex(bytes);
  if (actual != sha256) {
    return corrupt(fmt::format("{} hashes to {} ({} bytes)", file.string(), actual, bytes.size()));
  }
  return bytes;
}

Result<bool> LocalFileStore::contains(const std::string& sha256) {
  if (!is_content_hash(sha256)) return invalid_hash(sha256);
  const fs::path file = path_of(sha256);
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) return false;
    return store_failed("stat", file, error);
  }
  return S_ISREG(info.st_mode);
}

// ---- DatabaseFileStore ----

DatabaseFileStore::DatabaseFileStore(WithDatabase with_db) : with_db_(std::move(with_db)) {}

Result<void> DatabaseFileStore::put(const std::string& sha256, std::string_view bytes) {
  if (auto checked = check_put(sha256, bytes); !checked) return checked;
  const std::string encoded = files::base64_encode(bytes);
  return with_db_([&](storage::Database& db) -> Result<void> {
    auto inserted = db.execute(sql::kInsertBlob, {sha256, encoded});
    if (!inserted) return std::unexpected(inserted.error());
    return {};
  });
}

Result<std::string> DatabaseFileStore::get(const std::string& sha256) {
  if (!is_content_hash(sha256)) return invalid_hash(sha256);
  std::optional<std::string> encoded;
  auto ran = with_db_([&](storage::Database& db) -> Result<void> {
    auto rows = db.query(sql::kSelectBlob, {sha256});
    if (!rows) return std::unexpected(rows.error());
    if (!rows->empty()) encoded = rows->front().get_text(0);
    return {};
  });
  if (!ran) return std::unexpected(ran.error());
  if (!encoded) return not_found(sha256);
  auto bytes = files::base64_decode(*encoded);
  if (!bytes) return corrupt(fmt::format("file_blobs {}: {}", sha256, bytes.error().detail));
  const std::string actual = security::sha256_hex(*bytes);
  if (actual != sha256) {
    return corrupt(
        fmt::format("file_blobs {} hashes to {} ({} bytes)", sha256, actual, bytes->size()));
  }
  return std::move(*bytes);
}

Result<bool> DatabaseFileStore::contains(const std::string& sha256) {
  if (!is_content_hash(sha256)) return invalid_hash(sha256);
  bool found = false;
  auto ran = with_db_([&](storage::Database& db) -> Result<void> {
    auto rows = db.query(sql::kBlobExists, {sha256});
    if (!rows) return std::unexpected(rows.error());
    found = !rows->empty();
    return {};
  });
  if (!ran) return std::unexpected(ran.error());
  return found;
}

}  // namespace tidu::service
