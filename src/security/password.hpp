#pragma once
// Password hashing with argon2id (libsodium, INTERACTIVE limits: ~80 ms and 64 MiB per hash).
// Hashing is expensive on purpose, so at most `max_concurrent` hashes run at once; further
// callers wait their turn instead of exhausting memory.
#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace tidu::security {

/// Why a new password is not acceptable, in Chinese; empty when it is.
std::string password_weakness(std::string_view password, std::string_view username);

class PasswordHasher {
 public:
  /// `max_concurrent` hashes may run at the same time.
  explicit PasswordHasher(unsigned max_concurrent = 2);

  /// The argon2id string ($argon2id$v=19$…) for the password.
  Result<std::string> hash(std::string_view password);
  /// True when the password matches the stored string.
  bool verify(std::string_view stored, std::string_view password);
  /// Spends the time of one verification without a stored hash, so that an unknown user name
  /// takes as long to refuse as a wrong password.
  void burn();

 private:
  class Slot;
  std::mutex mutex_;
  std::condition_variable freed_;
  unsigned free_;
  std::string dummy_;  ///< hash of a random password, for burn()
};

}  // namespace tidu::security
