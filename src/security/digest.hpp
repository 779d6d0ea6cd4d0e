#pragma once
// Digests and random tokens (libsodium).
#include <string>
#include <string_view>

namespace tidu::security {

/// SHA-256 of the bytes as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

/// Incremental SHA-256 for content that arrives in pieces.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view bytes);
  /// The digest as hex; the object must not be updated afterwards.
  std::string finish_hex();

 private:
  alignas(16) unsigned char state_[128];
};

/// `bytes` random bytes from the operating system's generator, as lower-case hex.
std::string random_hex(std::size_t bytes);

/// Compares two strings in time independent of where they differ.
bool equal_constant_time(std::string_view a, std::string_view b);

}  // namespace tidu::security
