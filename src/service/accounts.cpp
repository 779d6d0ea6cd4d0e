#include "service/accounts.hpp"

#include <fmt/format.h>

#include <cctype>

#include "core/credit_code.hpp"
#include "core/text.hpp"
#include "security/digest.hpp"
#include "service/audit_log.hpp"

namespace tidu::service {
namespace {

using nlohmann::json;
using storage::Database;
using storage::Row;

namespace sql {
constexpr const char* kAccountColumns =
    "id, username, role, COALESCE(level, ''), region, COALESCE(authority, ''), display_name, "
    "COALESCE(enterprise_id, ''), disabled, extra_json";
constexpr const char* kInsertAccount =
    "INSERT INTO accounts (id, username, password_hash, role, level, region, authority, "
    "display_name, enterprise_id, created_at, disabled, extra_json) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11)";
constexpr const char* kCountFailures =
    "SELECT COUNT(*) FROM login_failures WHERE key = $1 AND at > $2";
constexpr const char* kInsertFailure = "INSERT INTO login_failures (key, at) VALUES ($1, $2)";
constexpr const char* kClearFailures = "DELETE FROM login_failures WHERE key = $1";
constexpr const char* kInsertSession =
    "INSERT INTO sessions (id, account_id, csrf_token, created_at, expires_at) "
    "VALUES ($1, $2, $3, $4, $5)";
constexpr const char* kDeleteSession = "DELETE FROM sessions WHERE id = $1";
}  // namespace sql

Account account_of(const Row& r, std::size_t at = 0) {
  Account a;
  a.id = r.get_text(at);
  a.username = r.get_text(at + 1);
  a.role = r.get_text(at + 2);
  a.level = r.get_text(at + 3);
  a.region = r.get_text(at + 4);
  a.authority = r.get_text(at + 5);
  a.display_name = r.get_text(at + 6);
  a.enterprise_id = r.get_text(at + 7);
  a.disabled = r.get_int(at + 8) != 0;
  a.extra = json::parse(r.get_text(at + 9), nullptr, false);
  if (a.extra.is_discarded()) a.extra = json::object();
  return a;
}

access::Principal principal_of(const Account& a) {
  return {.account_id = a.id,
          .username = a.username,
          .role = access::parse_role(a.role).value_or(access::Role::kEnterprise),
          .level = a.level,
          .region = a.region,
          .authority = a.authority,
          .enterprise_id = a.enterprise_id};
}

/// A session id is stored hashed, so a copy of the database does not hand out sessions.
std::string session_key(const std::string& id) { return security::sha256_hex(id); }

Result<void> check_username(const std::string& u) {
  if (u.size() < 3 || u.size() > 64) return fail("VALIDATION_FAILED", "用户名应为 3–64 个字符");
  for (const char c : u) {
    const auto b = static_cast<unsigned char>(c);
    if (std::isalnum(b) == 0 && c != '_' && c != '-' && c != '.' && c != '@')
      return fail("VALIDATION_FAILED", "用户名只能包含英文字母、数字和 _ - . @");
  }
  return {};
}

Result<void> check_text(const std::string& value, const char* label, std::size_t max_zi) {
  if (value.empty()) return fail("VALIDATION_FAILED", fmt::format("请填写{}", label));
  if (value.size() > max_zi * 4 || text::count_zi(value) > max_zi)
    return fail("VALIDATION_FAILED", fmt::format("{}不能超过 {} 字", label, max_zi));
  return {};
}

Result<void> ok_or(const Result<std::int64_t>& r) {
  if (!r) return std::unexpected(r.error());
  return {};
}

}  // namespace

std::string new_id(std::string_view prefix) {
  return fmt::format("{}_{}", prefix, security::random_hex(12));
}

Result<void> audit(Database& db, time::Instant at, const std::string& account_id,
                   const std::string& action, const std::string& object, const json& detail) {
  // Chained: the record's hash covers its content and the previous record's hash.
  return append_audit_record(db, audit::Record{.id = new_id("a"),
                                               .at = time::format_instant(at),
                                               .account_id = account_id,
                                               .action = action,
                                               .object = object,
                                               .detail_json = detail.dump()});
}

Accounts::Accounts(storage::Pool& pool, security::PasswordHasher& hasher,
                   const catalogue::Catalogue& catalogue, Clock clock, AccountPolicy policy)
    : pool_(pool),
      hasher_(hasher),
      catalogue_(catalogue),
      clock_(std::move(clock)),
      policy_(policy) {}

Result<void> Accounts::throttle(Database& db, const std::string& username,
                                const std::string& address) {
  const auto since =
      time::format_instant(clock_() - std::chrono::minutes(policy_.failure_window_minutes));
  auto by_user = db.query(sql::kCountFailures, {"user:" + username, since});
  if (!by_user) return std::unexpected(by_user.error());
  auto by_addr = db.query(sql::kCountFailures, {"addr:" + address, since});
  if (!by_addr) return std::unexpected(by_addr.error());
  if ((*by_user)[0].get_int(0) >= policy_.max_failures_per_account ||
      (*by_addr)[0].get_int(0) >= policy_.max_failures_per_address) {
    return fail("TOO_MANY_ATTEMPTS",
                fmt::format("登录失败次数过多，请 {} 分钟后再试；忘记密码请联系管理员",
                            policy_.failure_window_minutes));
  }
  return {};
}

Result<void> Accounts::record_failure(Database& db, const std::string& username,
                                      const std::string& address) {
  const auto now = time::format_instant(clock_());
  TIDU_TRY(db.execute(sql::kInsertFailure, {"user:" + username, now}));
  return ok_or(db.execute(sql::kInsertFailure, {"addr:" + address, now}));
}

Result<Session> Accounts::login(const std::string& username, const std::string& password,
                                const std::string& address) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  if (username.size() > 64 || password.size() > 256)
    return fail("LOGIN_FAILED", "用户名或密码不正确");
  TIDU_TRY(throttle(db, username, address));
  auto rows = db.query(fmt::format("SELECT {}, password_hash FROM accounts WHERE username = $1",
                                   sql::kAccountColumns),
                       {username});
  if (!rows) return std::unexpected(rows.error());
  const bool known = !rows->empty();
  const bool good =
      known ? hasher_.verify((*rows)[0].get_text(10), password) : (hasher_.burn(), false);
  if (!good || (*rows)[0].get_int(8) != 0) {
    TIDU_TRY(record_failure(db, username, address));
    if (good) return fail("ACCOUNT_DISABLED", "账号已停用，请联系管理员");
    return fail("LOGIN_FAILED", "用户名或密码不正确");
  }
  const Account account = account_of((*rows)[0]);
  Session s{
      .id = security::random_hex(32),
      .csrf = security::random_hex(16),
      .expires_at = time::format_instant(clock_() + std::chrono::hours(policy_.session_hours)),
      .principal = principal_of(account)};
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  TIDU_TRY(db.execute(sql::kInsertSession, {session_key(s.id), account.id, s.csrf,
                                            time::format_instant(clock_()), s.expires_at}));
  TIDU_TRY(db.execute(sql::kClearFailures, {"user:" + username}));
  if (auto r =
          audit(db, clock_(), account.id, "login", "account:" + account.id, {{"address", address}});
      !r)
    return std::unexpected(r.error());
  TIDU_TRY(tx->commit());
  return s;
}

Result<Session> Accounts::session(const std::string& session_id) {
  if (session_id.size() != 64) return fail("UNAUTHENTICATED", "请先登录");
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto rows = (*lease)->query(
      fmt::format("SELECT s.csrf_token, s.expires_at, {} FROM sessions s JOIN accounts a ON "
                  "a.id = s.account_id WHERE s.id = $1 AND s.expires_at > $2",
                  "a.id, a.username, a.role, COALESCE(a.level, ''), a.region, "
                  "COALESCE(a.authority, ''), a.display_name, COALESCE(a.enterprise_id, ''), "
                  "a.disabled, a.extra_json"),
      {session_key(session_id), time::format_instant(clock_())});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty() || (*rows)[0].get_int(10) != 0)
    return fail("UNAUTHENTICATED", "登录已过期，请重新登录");
  const Row& r = (*rows)[0];
  return Session{.id = session_id,
                 .csrf = r.get_text(0),
                 .expires_at = r.get_text(1),
                 .principal = principal_of(account_of(r, 2))};
}

Result<void> Accounts::logout(const std::string& session_id) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  return ok_or((*lease)->execute(sql::kDeleteSession, {session_key(session_id)}));
}

Result<void> Accounts::change_password(const access::Principal& who, const std::string& session_id,
                                       const std::string& current, const std::string& next) {
  if (auto weak = security::password_weakness(next, who.username); !weak.empty())
    return fail("VALIDATION_FAILED", "新密码不符合要求：" + weak);
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto rows = db.query("SELECT password_hash FROM accounts WHERE id = $1", {who.account_id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty() || !hasher_.verify((*rows)[0].get_text(0), current))
    return fail("PASSWORD_WRONG", "当前密码不正确");
  auto hashed = hasher_.hash(next);
  if (!hashed) return std::unexpected(hashed.error());
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  TIDU_TRY(
      db.execute("UPDATE accounts SET password_hash = $1, password_changed_at = $2 WHERE id = $3",
                 {*hashed, time::format_instant(clock_()), who.account_id}));
  TIDU_TRY(db.execute("DELETE FROM sessions WHERE account_id = $1 AND id <> $2",
                      {who.account_id, session_key(session_id)}));
  TIDU_TRY(audit(db, clock_(), who.account_id, "password_change", "account:" + who.account_id,
                 json::object()));
  return tx->commit();
}

Result<Account> Accounts::create_unchecked(const NewAccount& a, const std::string& enterprise_id) {
  TIDU_TRY(check_username(a.username));
  if (auto weak = security::password_weakness(a.password, a.username); !weak.empty())
    return fail("VALIDATION_FAILED", "密码不符合要求：" + weak);
  TIDU_TRY(check_text(a.display_name, "显示名称", 64));
  const auto role = access::parse_role(a.role);
  if (!role) {
    return fail("VALIDATION_FAILED",
                "角色无效：应为 enterprise、reviewer、co_department、expert 或 admin");
  }
  const bool needs_level = *role == access::Role::kReviewer || *role == access::Role::kCoDepartment;
  if (needs_level && !access::is_review_level(a.level))
    return fail("VALIDATION_FAILED",
                "审核员和联合推荐部门须指定层级：township、county、city 或 province");
  if (!needs_level && !a.level.empty())
    return fail("VALIDATION_FAILED", "只有审核员和联合推荐部门有审核层级");
  if (needs_level && a.authority.empty())
    return fail("VALIDATION_FAILED", "请填写所属部门（如 工信、发改）");
  if (access::is_group_unit(a.region)) {
    // A group's reviewers (有关省属企业): the group must exist.
    if (!needs_level) return fail("VALIDATION_FAILED", "企业集团的账号只能是审核员或联合推荐部门");
    auto lease = pool_.acquire();
    if (!lease) return std::unexpected(lease.error());
    auto rows = (*lease)->query("SELECT COUNT(*) FROM enterprise_groups WHERE id = $1",
                                {a.region.substr(access::kGroupUnitPrefix.size())});
    if (!rows) return std::unexpected(rows.error());
    if ((*rows)[0].get_int(0) == 0)
      return fail("VALIDATION_FAILED", fmt::format("企业集团“{}”不存在", a.region));
  } else if (catalogue_.regions.find(a.region) == nullptr) {
    return fail("VALIDATION_FAILED", fmt::format("地区代码“{}”不存在", a.region));
  }
  if (a.extra.dump().size() > 4096) return fail("VALIDATION_FAILED", "账号附加信息过长");
  auto hashed = hasher_.hash(a.password);
  if (!hashed) return std::unexpected(hashed.error());
  Account out{.id = new_id("u"),
              .username = a.username,
              .role = a.role,
              .level = a.level,
              .region = a.region,
              .authority = a.authority,
              .display_name = a.display_name,
              .enterprise_id = enterprise_id,
              .disabled = false,
              .extra = a.extra.is_object() ? a.extra : json::object()};
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto r = (*lease)->execute(
      sql::kInsertAccount,
      {out.id, out.username, *hashed, out.role, text_or_null(out.level), out.region,
       text_or_null(out.authority), out.display_name, text_or_null(enterprise_id),
       time::format_instant(clock_()), out.extra.dump()});
  if (!r) {
    if (r.error().code == storage::codes::kConstraint)
      return fail("ALREADY_EXISTS", fmt::format("用户名“{}”已被使用，请换一个", a.username));
    return std::unexpected(r.error());
  }
  return out;
}

Result<Account> Accounts::create(const access::Principal& who, const NewAccount& account) {
  if (who.role != access::Role::kAdmin) return fail("FORBIDDEN", "只有管理员可以创建账号");
  if (account.role == "enterprise") return fail("VALIDATION_FAILED", "企业账号由企业自行注册");
  auto created = create_unchecked(account, "");
  if (!created) return created;
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  TIDU_TRY(audit(**lease, clock_(), who.account_id, "account_create", "account:" + created->id,
                 {{"role", created->role}, {"region", created->region}}));
  return created;
}

Result<Account> Accounts::register_enterprise(const Registration& r) {
  switch (credit_code::check(r.credit_code)) {
    case credit_code::Verdict::kValid:
      break;
    case credit_code::Verdict::kBadFormat:
      return fail("VALIDATION_FAILED",
                  "统一社会信用代码应为 18 位，由数字和大写字母（不含 I、O、Z、S、V）组成");
    case credit_code::Verdict::kBadCheckDigit:
      return fail("VALIDATION_FAILED", "统一社会信用代码校验位不正确，请核对营业执照上的代码");
  }
  TIDU_TRY(check_text(r.name, "企业名称", 100));
  TIDU_TRY(check_text(r.contact_name, "联系人", 20));
  if (r.contact_mobile.size() != 11 || r.contact_mobile[0] != '1' ||
      r.contact_mobile.find_first_not_of("0123456789") != std::string::npos)
    return fail("VALIDATION_FAILED", "联系人手机号应为 11 位数字");
  const auto* region = catalogue_.regions.find(r.region);
  if (region == nullptr)
    return fail("VALIDATION_FAILED", fmt::format("地区代码“{}”不存在", r.region));
  TIDU_TRY(check_username(r.username));
  if (auto weak = security::password_weakness(r.password, r.username); !weak.empty())
    return fail("VALIDATION_FAILED", "密码不符合要求：" + weak);
  auto hashed = hasher_.hash(r.password);
  if (!hashed) return std::unexpected(hashed.error());

  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  auto existing = db.query("SELECT id FROM enterprises WHERE credit_code = $1", {r.credit_code});
  if (!existing) return std::unexpected(existing.error());
  if (!existing->empty()) {
    return fail("ALREADY_EXISTS",
                "该统一社会信用代码已注册。请用已有账号登录；如不知道账号，请联系管理员");
  }
  const std::string enterprise_id = new_id("e");
  const std::string now = time::format_instant(clock_());
  const json profile = {{"name", r.name},
                        {"credit_code", r.credit_code},
                        {"region", r.region},
                        {"contact", {{"name", r.contact_name}, {"mobile", r.contact_mobile}}}};
  TIDU_TRY(db.execute(
      "INSERT INTO enterprises (id, credit_code, name, region, profile_json, updated_at, "
      "version) VALUES ($1, $2, $3, $4, $5, $6, 1)",
      {enterprise_id, r.credit_code, r.name, r.region, profile.dump(), now}));
  Account out{.id = new_id("u"),
              .username = r.username,
              .role = "enterprise",
              .level = {},
              .region = r.region,
              .authority = {},
              .display_name = r.name,
              .enterprise_id = enterprise_id};
  auto a =
      db.execute(sql::kInsertAccount, {out.id, out.username, *hashed, out.role, nullptr, out.region,
                                       nullptr, out.display_name, enterprise_id, now, "{}"});
  if (!a) {
    if (a.error().code == storage::codes::kConstraint)
      return fail("ALREADY_EXISTS", fmt::format("用户名“{}”已被使用，请换一个", r.username));
    return std::unexpected(a.error());
  }
  TIDU_TRY(audit(db, clock_(), out.id, "enterprise_register", "enterprise:" + enterprise_id,
                 {{"credit_code", r.credit_code}}));
  TIDU_TRY(tx->commit());
  return out;
}

Result<AccountPage> Accounts::list(const access::Principal& who, const AccountQuery& query) {
  if (who.role != access::Role::kAdmin) return fail("FORBIDDEN", "只有管理员可以查看账号列表");
  if (query.q.size() > 64) return fail("VALIDATION_FAILED", "搜索内容过长（最多 64 个字符）");
  if (!query.role.empty() && !access::parse_role(query.role))
    return fail("VALIDATION_FAILED", fmt::format("角色“{}”无效", query.role));
  if (!query.region.empty() && catalogue_.regions.find(query.region) == nullptr)
    return fail("VALIDATION_FAILED", fmt::format("地区代码“{}”不存在", query.region));
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  const std::string like = "%" + query.q + "%";
  auto rows = (*lease)->query(
      fmt::format("SELECT {} FROM accounts WHERE ($1 = '' OR role = $1) AND ($2 = '' OR "
                  "username LIKE $3 OR display_name LIKE $3) ORDER BY created_at DESC, username",
                  sql::kAccountColumns),
      {query.role, query.q, like});
  if (!rows) return std::unexpected(rows.error());
  AccountPage page;
  for (const auto& r : *rows) {
    auto a = account_of(r);
    if (!query.region.empty() && !catalogue_.regions.within(a.region, query.region)) continue;
    if (page.total++ < query.offset || std::cmp_greater_equal(page.items.size(), query.limit))
      continue;
    page.items.push_back(std::move(a));
  }
  return page;
}

Result<Account> Accounts::update(const access::Principal& who, const std::string& account_id,
                                 const AccountChange& change) {
  if (who.role != access::Role::kAdmin) return fail("FORBIDDEN", "只有管理员可以修改账号");
  if (change.display_name) TIDU_TRY(check_text(*change.display_name, "显示名称", 64));
  if (change.extra && (!change.extra->is_object() || change.extra->dump().size() > 4096))
    return fail("VALIDATION_FAILED", "账号附加信息应为不超过 4096 字节的对象");
  if (change.disabled.value_or(false) && account_id == who.account_id)
    return fail("STATE_CONFLICT", "不能停用自己的账号");
  auto current = get(account_id);
  if (!current) return current;
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  Account out = *current;
  json detail = json::object();
  if (change.display_name && *change.display_name != out.display_name) {
    detail["display_name"] = {out.display_name, *change.display_name};
    out.display_name = *change.display_name;
  }
  if (change.disabled && *change.disabled != out.disabled) {
    detail["disabled"] = *change.disabled;
    out.disabled = *change.disabled;
    if (out.disabled) TIDU_TRY(db.execute("DELETE FROM sessions WHERE account_id = $1", {out.id}));
  }
  if (change.extra && *change.extra != out.extra) {
    detail["extra"] = true;
    out.extra = *change.extra;
  }
  if (detail.empty()) return out;
  TIDU_TRY(db.execute(
      "UPDATE accounts SET display_name = $1, disabled = $2, extra_json = $3 WHERE id = $4",
      {out.display_name, std::int64_t{out.disabled ? 1 : 0}, out.extra.dump(), out.id}));
  TIDU_TRY(audit(db, clock_(), who.account_id, "account_update", "account:" + out.id, detail));
  TIDU_TRY(tx->commit());
  return out;
}

Result<void> Accounts::reset_password(const access::Principal& who, const std::string& account_id,
                                      const std::string& password) {
  if (who.role != access::Role::kAdmin) return fail("FORBIDDEN", "只有管理员可以重置密码");
  auto current = get(account_id);
  if (!current) return std::unexpected(current.error());
  if (password.size() > 256) return fail("VALIDATION_FAILED", "密码过长（最多 256 个字符）");
  if (auto weak = security::password_weakness(password, current->username); !weak.empty())
    return fail("VALIDATION_FAILED", "密码不符合要求：" + weak);
  auto hashed = hasher_.hash(password);
  if (!hashed) return std::unexpected(hashed.error());
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  Database& db = **lease;
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  TIDU_TRY(
      db.execute("UPDATE accounts SET password_hash = $1, password_changed_at = $2 WHERE id = $3",
                 {*hashed, time::format_instant(clock_()), current->id}));
  TIDU_TRY(db.execute("DELETE FROM sessions WHERE account_id = $1", {current->id}));
  TIDU_TRY(audit(db, clock_(), who.account_id, "password_reset", "account:" + current->id,
                 json::object()));
  return tx->commit();
}

Result<Account> Accounts::get(const std::string& account_id) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto rows = (*lease)->query(
      fmt::format("SELECT {} FROM accounts WHERE id = $1", sql::kAccountColumns), {account_id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return fail("NOT_FOUND", "账号不存在");
  return account_of((*rows)[0]);
}

Result<access::Principal> Accounts::principal_by_username(const std::string& username) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto rows = (*lease)->query(
      fmt::format("SELECT {} FROM accounts WHERE username = $1", sql::kAccountColumns), {username});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return fail("NOT_FOUND", fmt::format("账号“{}”不存在", username));
  const auto account = account_of((*rows)[0]);
  if (account.disabled) return fail("ACCOUNT_DISABLED", fmt::format("账号“{}”已停用", username));
  return principal_of(account);
}

}  // namespace tidu::service
