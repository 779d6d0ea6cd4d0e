#include "documents/zip.hpp"

#include <zip.h>

#include <memory>

namespace tidu::documents {
namespace {

std::unexpected<Error> zip_failed(const std::string& detail) {
  return fail("DOCUMENT_RENDER_FAILED", "生成文件失败，请稍后重试", detail);
}

}  // namespace

Result<std::string> make_zip(const std::vector<ZipEntry>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) return zip_failed(zip_error_strerror(&error));
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    zip_source_free(buffer);
    return zip_failed(zip_error_strerror(&error));
  }
  zip_source_keep(buffer);  // read the bytes back after zip_close
  for (const auto& e : entries) {
    zip_source_t* s = zip_source_buffer(archive, e.bytes.data(), e.bytes.size(), 0);
    if (s == nullptr || zip_file_add(archive, e.name.c_str(), s, ZIP_FL_ENC_UTF_8) < 0) {
      if (s != nullptr) zip_source_free(s);
      const std::string detail = zip_strerror(archive);
      zip_discard(archive);
      zip_source_free(buffer);
      return zip_failed(detail);
    }
  }
  if (zip_close(archive) < 0) {
    const std::string detail = zip_strerror(archive);
    zip_discard(archive);
    zip_source_free(buffer);
    return zip_failed(detail);
  }
  std::string out;
  zip_stat_t stat;
  if (zip_source_stat(buffer, &stat) < 0 || zip_source_open(buffer) < 0) {
    zip_source_free(buffer);
    return zip_failed("zip_source_open");
  }
  out.resize(stat.size);
  const auto read = zip_source_read(buffer, out.data(), out.size());
  zip_source_close(buffer);
  zip_source_free(buffer);
  if (read < 0 || static_cast<zip_uint64_t>(read) != stat.size)
    return zip_failed("zip_source_read");
  return out;
}

Result<void> write_zip_file(const std::filesystem::path& out,
                            const std::vector<ZipFileEntry>& entries) {
  int code = 0;
  zip_t* archive = zip_open(out.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (archive == nullptr) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    const std::string detail = zip_error_strerror(&error);
    zip_error_fini(&error);
    return zip_failed(detail);
  }
  for (const auto& e : entries) {
    zip_source_t* s = zip_source_file(archive, e.source.c_str(), 0, 0);
    if (s == nullptr || zip_file_add(archive, e.name.c_str(), s, ZIP_FL_ENC_UTF_8) < 0) {
      if (s != nullptr) zip_source_free(s);
      const std::string detail = zip_strerror(archive);
      zip_discard(archive);
      return zip_failed(detail);
    }
  }
  if (zip_close(archive) < 0) {
    const std::string detail = zip_strerror(archive);
    zip_discard(archive);
    return zip_failed(detail);
  }
  return {};
}

}  // namespace tidu::documents
