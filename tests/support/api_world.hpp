#pragma once
// What API tests over real HTTP set up: where servers keep their state (a data folder, and for
// PostgreSQL a fresh schema in the server named by TIDU_TEST_PG_URL), accounts created directly in
// the database before a server starts (there is no first-administrator route), and enterprises
// that register, sign in and fill a complete declaration through the API itself.
//
// Header-only: tests/CMakeLists.txt compiles only the *_test.cpp files and named helpers.
#include <stdlib.h>  // mkdtemp

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "declaration/json_io.hpp"
#include "declaration/sample.hpp"
#include "security/password.hpp"
#include "service/accounts.hpp"
#include "storage/migrations.hpp"
#include "storage/pool.hpp"
#include "storage/postgres.hpp"
#include "storage/sqlite.hpp"
#include "support/api_client.hpp"
#include "support/server_process.hpp"
#include "support/storage.hpp"
#include "support/world.hpp"

namespace tidu::test {

/// The open round of the API tests: 天门市, window 2026-01-22 … 2026-03-15.
inline constexpr const char* kOpenRound = "hb-tianmen-2026-basic";
/// The round's region, 天门市 (a city-level unit directly under the province).
inline constexpr const char* kTianmen = "429006";
/// Where the tests' enterprises register by default: 竟陵街道, a township of 天门市, so that the
/// round's first route level (township) has a reviewing unit for them.
inline constexpr const char* kJingling = "429006001";
/// A server clock inside the round's window.
inline constexpr const char* kDuringRound = "2026-03-01T12:00:00+08:00";
/// A server clock after the round closed.
inline constexpr const char* kAfterRound = "2026-03-20T10:00:00+08:00";

/// The PostgreSQL server the tests may use (TIDU_TEST_PG_URL), empty when none.
inline std::string pg_test_url() {
  const char* url = std::getenv("TIDU_TEST_PG_URL");
  return url == nullptr ? std::string{} : std::string(url);
}

/// True when TIDU_REQUIRE_PG=1: a missing PostgreSQL server fails the tests instead of skipping.
inline bool pg_required() {
  const char* v = std::getenv("TIDU_REQUIRE_PG");
  return v != nullptr && std::string_view(v) == "1";
}

/// Why the backend cannot be tested here, or nullopt when it can.
inline std::optional<std::string> backend_unavailable(Backend backend) {
  if (backend == Backend::kSqlite || !pg_test_url().empty()) return std::nullopt;
  return std::string(
      "PostgreSQL not tested: TIDU_TEST_PG_URL is not set (eval \"$(scripts/pg-test-cluster.sh)\" "
      "starts a throw-away server)");
}

/// Skips the test when the backend is unavailable, or fails it when TIDU_REQUIRE_PG=1.
#define TIDU_NEED_BACKEND(backend)                                                     \
  do {                                                                                 \
    if (auto why_not = ::tidu::test::backend_unavailable(backend)) {                   \
      if (::tidu::test::pg_required()) FAIL() << "TIDU_REQUIRE_PG=1 but " << *why_not; \
      GTEST_SKIP() << *why_not;                                                        \
    }                                                                                  \
  } while (false)

/// A data folder and, for PostgreSQL, a fresh schema: the state one or more servers share.
/// Removed (folder deleted, schema dropped) when destroyed. Failures throw.
class ServerState {
 public:
  explicit ServerState(Backend backend) : backend_(backend) {
    std::string pattern = (std::filesystem::temp_directory_path() / "tidu-api-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    if (backend_ == Backend::kSqlite) return;
    base_url_ = pg_test_url();
    if (base_url_.empty()) throw std::runtime_error("TIDU_TEST_PG_URL is not set");
    std::random_device random;
    schema_ = fmt::format("t_api_{:08x}{:08x}", random(), random());
    auto admin = storage::open_postgres(base_url_);
    if (!admin) throw std::runtime_error(base_url_ + ": " + describe(admin.error()));
    if (auto made = (*admin)->execute_script(fmt::format("CREATE SCHEMA {}", schema_)); !made)
      throw std::runtime_error(describe(made.error()));
    // libpq passes `options` to the server: every connection of the server uses the schema.
    url_ = fmt::format("{}{}options=-csearch_path%3D{}", base_url_,
                       base_url_.find('?') == std::string::npos ? '?' : '&', schema_);
  }
  ~ServerState() {
    if (!schema_.empty()) {
      if (auto admin = storage::open_postgres(base_url_)) {
        (void)(*admin)->execute_script(fmt::format("DROP SCHEMA IF EXISTS {} CASCADE", schema_));
      }
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  ServerState(const ServerState&) = delete;
  ServerState& operator=(const ServerState&) = delete;

  Backend backend() const { return backend_; }
  const std::filesystem::path& dir() const { return dir_; }
  /// --database for the server: empty for SQLite, the URL with the schema for PostgreSQL.
  const std::string& database_url() const { return url_; }
  /// The schema of the PostgreSQL state, empty for SQLite.
  const std::string& schema() const { return schema_; }

  /// Options to start a server on this state.
  ServerOptions options(std::map<std::string, std::string> environment = {},
                        std::vector<std::string> arguments = {}) const {
    return ServerOptions{.data_dir = dir_,
                         .database_url = url_,
                         .environment = std::move(environment),
                         .arguments = std::move(arguments),
                         .workers = 2};
  }

  /// A direct connection to the state's database (the file a SQLite server uses).
  Result<std::unique_ptr<storage::Database>> connect() const {
    if (backend_ == Backend::kSqlite) return storage::open_sqlite(dir_ / "tidu.sqlite");
    return storage::open_postgres(url_);
  }

  /// Migrates the database and creates the accounts directly (no first-administrator route
  /// exists); call before a server starts or while it runs.
  void create_accounts(const std::vector<service::NewAccount>& accounts) const {
    auto pool = storage::Pool::open([this] { return connect(); }, 2);
    if (!pool) throw std::runtime_error(describe(pool.error()));
    {
      auto lease = (*pool)->acquire();
      if (!lease) throw std::runtime_error(describe(lease.error()));
      if (auto m = storage::migrate(**lease, TIDU_MIGRATIONS_DIR); !m)
        throw std::runtime_error(describe(m.error()));
    }
    security::PasswordHasher hasher(2);
    service::Accounts service(**pool, hasher, catalogue(), service::system_now,
                              service::AccountPolicy{});
    for (const auto& a : accounts) {
      if (auto made = service.create_unchecked(a, ""); !made)
        throw std::runtime_error(a.username + ": " + describe(made.error()));
    }
  }

 private:
  Backend backend_;
  std::filesystem::path dir_;
  std::string base_url_;
  std::string schema_;
  std::string url_;
};

/// The smallest file each accepted type is recognised by, made distinct by `tag`.
inline std::string pdf_bytes(std::string_view tag) {
  return fmt::format(
      "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages "
      "/Kids [] /Count 0 >> endobj\n% {}\ntrailer << /Root 1 0 R >>\n%%EOF\n",
      tag);
}
inline std::string png_bytes(std::string_view tag) {
  // Signature, IHDR of a 1×1 grey image and IEND; the tag rides in a tEXt-like trailer.
  std::string png("\x89PNG\r\n\x1A\n", 8);
  png +=
      std::string("\x00\x00\x00\x0DIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00", 21);
  png += std::string("\x3A\x7E\x9B\x55", 4);
  png += std::string("\x00\x00\x00\x00IEND\xAE\x42\x60\x82", 12);
  png += tag;
  return png;
}

/// An enterprise registered through the API and signed in.
struct EnterpriseUser {
  std::string id;
  std::string username;
  std::string password;
  std::string credit_code;
  std::string name;
  std::string region;
  ApiClient client;
};

/// A serial not used before in this process, for credit codes and user names.
inline std::uint32_t next_serial() {
  static std::uint32_t serial = 0;
  return ++serial;
}

/// Throws with the reply when its status is not `expected`.
inline const ApiReply& expect_status(const ApiReply& r, int expected, std::string_view what) {
  if (r.status != expected)
    throw std::runtime_error(fmt::format("{}: expected {}, got {}", what, expected, r.describe()));
  return r;
}

/// Registers an enterprise of 天门市 in `region` with POST /api/v1/enterprises and signs in.
inline EnterpriseUser register_enterprise(unsigned short port,
                                          const std::string& region = kJingling) {
  const std::uint32_t serial = next_serial();
  EnterpriseUser e{.id = {},
                   .username = fmt::format("qiye{}", serial),
                   .password = fmt::format("Tm-Secret-{}x!", serial * 7919),
                   .credit_code = declaration::make_credit_code(kTianmen, serial),
                   .name = fmt::format("天门测试智能装备有限公司{}", serial),
                   .region = region,
                   .client = ApiClient(port)};
  const auto r = e.client.post("/api/v1/enterprises", {{"credit_code", e.credit_code},
                                                       {"name", e.name},
                                                       {"region", e.region},
                                                       {"contact_name", "张建国"},
                                                       {"contact_mobile", "13800000000"},
                                                       {"username", e.username},
                                                       {"password", e.password}});
  expect_status(r, 201, "register enterprise");
  e.id = r.json.at("enterprise_id").get<std::string>();
  expect_status(e.client.login(e.username, e.password), 200, "login " + e.username);
  return e;
}

/// A declaration filled through the API.
struct FilledDeclaration {
  std::string id;
  std::int64_t version = 0;
  nlohmann::json document;  ///< the sample as saved (attachments with real hashes)
  std::vector<std::string> attachment_hashes;  ///< in the order of the sample's attachments
};

/// The sections the API saves one at a time, in the order they are saved.
inline const std::vector<std::string>& section_names() {
  static const std::vector<std::string> names = {"cover",    "factory", "narrative",  "scenarios",
                                                 "appendix", "pledge",  "attachments"};
  return names;
}

/// Creates the enterprise's declaration for `round` and fills it with the round's complete sample
/// (`variant`), after `tweak` (when given) changed the sample: the profile from the sample's
/// enterprise part (keeping the registered credit code, name and region), every attachment
/// uploaded as a real PDF or PNG, every section saved. Failures throw.
inline FilledDeclaration fill_round_declaration(
    EnterpriseUser& e, const std::string& round, std::uint32_t variant,
    const std::function<void(declaration::Declaration&)>& tweak = {}) {
  auto& c = e.client;
  FilledDeclaration out;
  const auto created = c.post("/api/v1/declarations", {{"round", round}});
  expect_status(created, 201, "create declaration for " + round);
  out.id = created.json.at("id").get<std::string>();
  out.version = created.json.at("version").get<std::int64_t>();

  auto sample = declaration::make_sample(policy(round), variant);
  sample.enterprise.credit_code = e.credit_code;
  sample.enterprise.name = e.name;
  sample.enterprise.region = e.region;
  sample.cover.applicant = e.name;
  if (tweak) tweak(sample);
  auto doc = declaration::to_json(sample);

  const auto current = c.get("/api/v1/enterprises/" + e.id);
  expect_status(current, 200, "read profile");
  expect_status(c.put("/api/v1/enterprises/" + e.id + "/profile",
                      {{"version", current.json.at("version")}, {"profile", doc["enterprise"]}}),
                200, "save profile");

  std::size_t index = 0;
  for (auto& a : doc["attachments"]) {
    const std::string name = a.value("name", "");
    const bool image = a.value("media_type", "") == "image/png" || name.ends_with(".png");
    const std::string tag = fmt::format("{} {} {} {}", e.id, round, variant, index++);
    const auto up =
        c.upload(fmt::format("/api/v1/declarations/{}/files?name={}", out.id, url_encode(name)),
                 image ? png_bytes(tag) : pdf_bytes(tag));
    expect_status(up, 201, "upload " + name);
    a["sha256"] = up.json.at("sha256");
    out.attachment_hashes.push_back(up.json.at("sha256").get<std::string>());
  }
  for (const auto& section : section_names()) {
    const auto saved = c.put(fmt::format("/api/v1/declarations/{}/sections/{}", out.id, section),
                             {{"version", out.version}, {"content", doc[section]}});
    expect_status(saved, 200, "save section " + section);
    out.version = saved.json.at("version").get<std::int64_t>();
  }
  out.document = std::move(doc);
  return out;
}

/// The enterprise's declaration for the open round, filled with a complete sample (`variant`).
inline FilledDeclaration fill_complete_declaration(EnterpriseUser& e, std::uint32_t variant) {
  return fill_round_declaration(e, kOpenRound, variant);
}

}  // namespace tidu::test
