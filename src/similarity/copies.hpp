#pragma once
// Finding copied passages among many: each passage's fingerprint (its shingles and band keys),
// an in-memory index of band keys for a check over a whole round, and the verification of a
// candidate pair on its exact shingle sets. The service keeps the band keys in the database for
// the check at each submission; the whole-round check and the benchmark use CopyIndex.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "similarity/minhash.hpp"

namespace tidu::similarity {

/// Passages at least this alike (Jaccard of their shingle sets) are reported as copies.
inline constexpr double kMinSimilarity = 0.5;

struct Fingerprint {
  std::vector<std::uint64_t> shingles;  ///< sorted, distinct
  BandKeys keys{};
};

/// The fingerprint of a passage's text.
Fingerprint fingerprint(std::string_view text);

/// The version of the fingerprint algorithm (shingles, signature, band keys). Stored band keys of
/// another version are stale and computed again; raise it whenever a change to shingles.*,
/// minhash.* or fingerprint() changes the keys a text gets.
inline constexpr std::int64_t kFingerprintVersion = 1;

/// Band keys as stored beside a passage: kBands × 8 lower-case hex digits.
std::string encode_band_keys(const BandKeys& keys);

/// The band keys encode_band_keys wrote; nothing when `text` is not such a string.
std::optional<BandKeys> decode_band_keys(std::string_view text);

/// Calls work(i) once for every i in [0, n), spread over `threads` threads (0: one a hardware
/// thread). `work` must be safe to call concurrently for different i.
void for_each_parallel(std::size_t n, const std::function<void(std::size_t)>& work,
                       unsigned threads = 0);

/// A verified pair: how alike, and the longest passage they share (as `a` has it).
struct Verdict {
  double similarity = 0;
  std::string shared;
};

/// Compares two passages; `shared` is filled only when similarity ≥ kMinSimilarity.
Verdict compare(std::string_view a, const std::vector<std::uint64_t>& a_shingles,
                std::string_view b, const std::vector<std::uint64_t>& b_shingles);

/// Band keys of many passages, each with its owner (the enterprise): the candidates are the
/// pairs of passages of different owners that agree on kMinBands whole bands or more.
class CopyIndex {
 public:
  /// Adds a passage; returns its number (0, 1, … in the order added).
  std::uint32_t add(std::uint32_t owner, const BandKeys& keys);

  /// Replaces the keys of passage `number` (added with keys not known yet).
  void set_keys(std::uint32_t number, const BandKeys& keys);

  [[nodiscard]] std::size_t size() const { return owners_.size(); }

  struct Candidates {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;  ///< a < b, each pair once
    /// Buckets left out because more than `max_bucket` passages of different owners share them
    /// (stock text every declaration carries): their pairs are not listed.
    std::size_t crowded_buckets = 0;
  };

  /// Every candidate pair. Memory: the index itself (kBands × 4 bytes a passage) plus one band's
  /// sort at a time and the pairs agreeing on one band (a few per million passage pairs).
  [[nodiscard]] Candidates candidates(std::size_t max_bucket = 200) const;

 private:
  std::vector<std::uint32_t> owners_;
  std::vector<std::vector<std::uint32_t>> bands_ = std::vector<std::vector<std::uint32_t>>(kBands);
};

}  // namespace tidu::similarity
