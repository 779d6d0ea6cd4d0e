#pragma once
// The serialized documents of recently read declarations, so that reading a declaration again
// does not parse its draft, read it into the typed model, compose it with the enterprise's profile
// and write it out again (about 2.5 ms of a 64 KB declaration; docs/performance.md).
//
// A key names everything the text was made from (service::Declarations::read builds it: the
// declaration's id and version, and digests of its stored draft, of the enterprise's stored row
// and of its newest maturity assessment), so a changed input is a new key and never an old text.
// Least recently used entries go first once the texts pass the byte budget. Thread-safe.
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

namespace tidu::service {

class DocumentCache {
 public:
  /// 128 MiB by default: some 2,000 declarations of 64 KB, within the server's memory target
  /// (300 MB; docs/performance.md).
  explicit DocumentCache(std::size_t budget_bytes = std::size_t{128} << 20U)
      : budget_(budget_bytes) {}

  /// The text kept under `key`, or null.
  std::shared_ptr<const std::string> find(const std::string& key);
  /// Keeps `text` under `key` (a text larger than the whole budget is not kept).
  void put(const std::string& key, std::shared_ptr<const std::string> text);
  /// Bytes of text kept now.
  [[nodiscard]] std::size_t bytes() const;
  [[nodiscard]] std::size_t entries() const;

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const std::string>>;
  mutable std::mutex mutex_;
  std::list<Entry> order_;  ///< most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  std::size_t bytes_ = 0;
  std::size_t budget_;
};

}  // namespace tidu::service
