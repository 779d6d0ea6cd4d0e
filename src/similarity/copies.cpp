#include "similarity/copies.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

#include "similarity/shingles.hpp"

namespace tidu::similarity {

Fingerprint fingerprint(std::string_view text) {
  Fingerprint f;
  f.shingles = shingles(normalize(text));
  f.keys = band_keys(signature(f.shingles));
  return f;
}

std::string encode_band_keys(const BandKeys& keys) {
  constexpr std::string_view kDigits = "0123456789abcdef";
  std::string out(kBands * 8, '0');
  for (std::size_t b = 0; b < kBands; ++b) {
    for (std::size_t d = 0; d < 8; ++d) out[b * 8 + d] = kDigits[(keys[b] >> (28U - 4 * d)) & 0xFU];
  }
  return out;
}

std::optional<BandKeys> decode_band_keys(std::string_view text) {
  if (text.size() != kBands * 8) return std::nullopt;
  BandKeys keys{};
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    std::uint32_t digit = 0;
    if (c >= '0' && c <= '9') {
      digit = static_cast<std::uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      digit = static_cast<std::uint32_t>(c - 'a' + 10);
    } else {
      return std::nullopt;
    }
    keys[i / 8] = (keys[i / 8] << 4U) | digit;
  }
  return keys;
}

void for_each_parallel(std::size_t n, const std::function<void(std::size_t)>& work,
                       unsigned threads) {
  if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, n));
  if (threads <= 1) {
    for (std::size_t i = 0; i < n; ++i) work(i);
    return;
  }
  // Items are handed out one at a time: their costs differ (passage lengths, declarations).
  std::atomic<std::size_t> next{0};
  const auto run = [&] {
    for (std::size_t i = next++; i < n; i = next++) work(i);
  };
  std::vector<std::jthread> helpers;
  helpers.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) helpers.emplace_back(run);
  run();
}

Verdict compare(std::string_view a, const std::vector<std::uint64_t>& a_shingles,
                std::string_view b, const std::vector<std::uint64_t>& b_shingles) {
  Verdict v;
  v.similarity = jaccard(a_shingles, b_shingles);
  if (v.similarity >= kMinSimilarity) v.shared = longest_shared_passage(a, b);
  return v;
}

std::uint32_t CopyIndex::add(std::uint32_t owner, const BandKeys& keys) {
  const auto number = static_cast<std::uint32_t>(owners_.size());
  owners_.push_back(owner);
  for (std::size_t b = 0; b < kBands; ++b) bands_[b].push_back(keys[b]);
  return number;
}

void CopyIndex::set_keys(std::uint32_t number, const BandKeys& keys) {
  for (std::size_t b = 0; b < kBands; ++b) bands_[b].at(number) = keys[b];
}

CopyIndex::Candidates CopyIndex::candidates(std::size_t max_bucket) const {
  Candidates out;
  std::vector<std::uint64_t> sorted;  // key << 32 | passage
  std::vector<std::uint64_t> pairs;   // a << 32 | b
  sorted.reserve(owners_.size());
  for (const auto& band : bands_) {
    sorted.clear();
    for (std::size_t i = 0; i < band.size(); ++i)
      sorted.push_back((static_cast<std::uint64_t>(band[i]) << 32U) | i);
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t first = 0; first < sorted.size();) {
      std::size_t last = first + 1;
      while (last < sorted.size() && (sorted[last] >> 32U) == (sorted[first] >> 32U)) ++last;
      if (last - first > max_bucket) {
        ++out.crowded_buckets;
      } else {
        for (std::size_t i = first; i < last; ++i) {
          const auto a = static_cast<std::uint32_t>(sorted[i]);
          for (std::size_t j = i + 1; j < last; ++j) {
            const auto b = static_cast<std::uint32_t>(sorted[j]);
            if (owners_[a] != owners_[b]) pairs.push_back((std::uint64_t{a} << 32U) | b);
          }
        }
      }
      first = last;
    }
  }
  // A pair is listed once per band it agrees on: keep those listed kMinBands times or more.
  std::sort(pairs.begin(), pairs.end());
  for (std::size_t first = 0; first < pairs.size();) {
    std::size_t last = first + 1;
    while (last < pairs.size() && pairs[last] == pairs[first]) ++last;
    if (last - first >= kMinBands)
      out.pairs.emplace_back(static_cast<std::uint32_t>(pairs[first] >> 32U),
                             static_cast<std::uint32_t>(pairs[first]));
    first = last;
  }
  return out;
}

}  // namespace tidu::similarity
