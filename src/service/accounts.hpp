#pragma once
// Accounts, sign-in and sessions: argon2id passwords, server-side sessions with a CSRF token,
// throttling of failed sign-ins per account and per address, enterprise self-registration and
// accounts created by administrators.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "access/principal.hpp"
#include "catalogue/catalogue.hpp"
#include "core/error.hpp"
#include "security/password.hpp"
#include "service/common.hpp"
#include "storage/pool.hpp"

namespace tidu::service {

/// Limits of sign-in and sessions.
struct AccountPolicy {
  int session_hours = 8;
  int failure_window_minutes = 15;
  int max_failures_per_account = 5;   ///< within the window
  int max_failures_per_address = 30;  ///< within the window
};

/// An account as listed to administrators and shown to its owner.
struct Account {
  std::string id;
  std::string username;
  std::string role;
  std::string level;
  std::string region;
  std::string authority;
  std::string display_name;
  std::string enterprise_id;
  bool disabled = false;
  nlohmann::json extra = nlohmann::json::object();
};

/// A signed-in session: the cookie value is `id`, the header X-CSRF-Token must carry `csrf`.
struct Session {
  std::string id;
  std::string csrf;
  std::string expires_at;
  access::Principal principal;
};

/// What an administrator gives to create an account.
struct NewAccount {
  std::string username;
  std::string password;
  std::string role;
  std::string level;
  std::string region;
  std::string authority;
  std::string display_name;
  nlohmann::json extra = nlohmann::json::object();
};

/// What an enterprise gives to register itself.
struct Registration {
  std::string credit_code;
  std::string name;
  std::string region;
  std::string contact_name;
  std::string contact_mobile;
  std::string username;
  std::string password;
};

/// Which accounts an administrator lists: all of them narrowed by role, by region (the region and
/// everything below it) and by a text found in the user name or display name.
struct AccountQuery {
  std::string role;
  std::string region;
  std::string q;
  int offset = 0;
  int limit = 20;
};

/// One page of accounts and how many match in all.
struct AccountPage {
  std::vector<Account> items;
  std::int64_t total = 0;
};

/// What an administrator changes on an account; what is left empty stays.
struct AccountChange {
  std::optional<std::string> display_name;
  std::optional<bool> disabled;
  std::optional<nlohmann::json> extra;
};

class Accounts {
 public:
  Accounts(storage::Pool& pool, security::PasswordHasher& hasher,
           const catalogue::Catalogue& catalogue, Clock clock, AccountPolicy policy);

  /// Checks the password and opens a session; failures are counted and throttled.
  Result<Session> login(const std::string& username, const std::string& password,
                        const std::string& address);
  /// The session of a cookie value, when it exists and has not expired.
  Result<Session> session(const std::string& session_id);
  /// Ends the session.
  Result<void> logout(const std::string& session_id);
  /// Changes the caller's password after checking the current one; other sessions end.
  Result<void> change_password(const access::Principal& who, const std::string& session_id,
                               const std::string& current, const std::string& next);
  /// Creates a reviewer, department, expert or administrator account (administrators only).
  Result<Account> create(const access::Principal& who, const NewAccount& account);
  /// Registers an enterprise and its first account; the credit code must be valid and new.
  Result<Account> register_enterprise(const Registration& r);
  /// Accounts, newest first, a page at a time (administrators only).
  Result<AccountPage> list(const access::Principal& who, const AccountQuery& query);

  /// An administrator changes an account's display name, extra details or whether it is disabled;
  /// disabling ends its sessions. Administrators cannot disable their own account.
  Result<Account> update(const access::Principal& who, const std::string& account_id,
                         const AccountChange& change);

  /// An administrator sets a new password for an account (the owner forgot it); the account's
  /// sessions end.
  Result<void> reset_password(const access::Principal& who, const std::string& account_id,
                              const std::string& password);
  /// The caller's own account.
  Result<Account> get(const std::string& account_id);
  /// The principal of an enabled account, for operator commands run on the server (`tidu
  /// documents --as USER`): they act with that account's rights, never more.
  Result<access::Principal> principal_by_username(const std::string& username);
  /// Creates an account without a caller (the demo loader and first start); no checks of who.
  Result<Account> create_unchecked(const NewAccount& account, const std::string& enterprise_id);

 private:
  Result<void> throttle(storage::Database& db, const std::string& username,
                        const std::string& address);
  Result<void> record_failure(storage::Database& db, const std::string& username,
                              const std::string& address);

  storage::Pool& pool_;
  security::PasswordHasher& hasher_;
  const catalogue::Catalogue& catalogue_;
  Clock clock_;
  AccountPolicy policy_;
};

/// Writes one audit record (who did what to which object) on the given connection.
Result<void> audit(storage::Database& db, time::Instant at, const std::string& account_id,
                   const std::string& action, const std::string& object,
                   const nlohmann::json& detail);

}  // namespace tidu::service
