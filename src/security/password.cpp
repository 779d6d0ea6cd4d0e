#include "security/password.hpp"

#include <sodium.h>

#include <cctype>

#include "core/text.hpp"
#include "security/digest.hpp"

namespace tidu::security {

/// Holds one of the hasher's slots for its lifetime.
class PasswordHasher::Slot {
 public:
  explicit Slot(PasswordHasher& h) : h_(h) {
    std::unique_lock lock(h_.mutex_);
    h_.freed_.wait(lock, [this] { return h_.free_ > 0; });
    --h_.free_;
  }
  ~Slot() {
    {
      const std::lock_guard lock(h_.mutex_);
      ++h_.free_;
    }
    h_.freed_.notify_one();
  }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

 private:
  PasswordHasher& h_;
};

std::string password_weakness(std::string_view password, std::string_view username) {
  const std::size_t length = text::count_zi(password);
  if (length < 10 && password.size() < 10) return "密码至少 10 个字符";
  if (password.size() > 128) return "密码不能超过 128 个字节";
  int kinds = 0;
  bool lower = false, upper = false, digit = false, other = false;
  for (const char c : password) {
    const auto u = static_cast<unsigned char>(c);
    lower |= std::islower(u) != 0;
    upper |= std::isupper(u) != 0;
    digit |= std::isdigit(u) != 0;
    other |= std::isalnum(u) == 0;
  }
  kinds = int{lower} + int{upper} + int{digit} + int{other};
  if (kinds < 3) return "密码须包含大写字母、小写字母、数字、符号中的至少三类";
  if (!username.empty() && password.find(username) != std::string_view::npos)
    return "密码不能包含用户名";
  return {};
}

PasswordHasher::PasswordHasher(unsigned max_concurrent) : free_(max_concurrent) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  auto dummy = hash(random_hex(16));
  if (!dummy) throw std::runtime_error("argon2id hashing failed at start");
  dummy_ = *dummy;
}

Result<std::string> PasswordHasher::hash(std::string_view password) {
  const Slot slot(*this);
  std::string out(crypto_pwhash_STRBYTES, '\0');
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return fail("UNAVAILABLE", "服务器繁忙，请稍后重试", "crypto_pwhash_str_alg: out of memory");
  }
  out.resize(out.find('\0'));
  return out;
}

bool PasswordHasher::verify(std::string_view stored, std::string_view password) {
  const std::string s(stored);  // must be NUL-terminated
  if (!s.starts_with("$argon2id$")) return false;
  const Slot slot(*this);
  return crypto_pwhash_str_verify(s.c_str(), password.data(), password.size()) == 0;
}

void PasswordHasher::burn() { (void)verify(dummy_, "-"); }

}  // namespace tidu::security
