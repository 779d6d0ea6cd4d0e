#include "cli/serve.hpp"

#include <array>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>

#include <pthread.h>
#include <unistd.h>

#include <fmt/format.h>

#include "api/app.hpp"
#include "cli/wiring.hpp"
#include "core/time.hpp"
#include "core/yaml_reader.hpp"
#include "http/server.hpp"
#include "security/password.hpp"
#include "service/file_store.hpp"
#include "service/imports.hpp"
#include "service/round_definitions.hpp"
#include "storage/migrations.hpp"
#include "storage/pool.hpp"
#include "storage/postgres.hpp"
#include "storage/sqlite.hpp"

namespace tidu::cli {
namespace {

constexpr const char* kVersion = "0.1.0";

/// One setting: its flag, environment variable and config-file key.
struct Setting {
  const char* flag;
  const char* env;
  const char* key;
};

constexpr std::array<Setting, 10> kSettings = {
    {{"address", "TIDU_ADDRESS", "address"},
     {"port", "TIDU_PORT", "port"},
     {"data", "TIDU_DATA", "data"},
     {"database", "TIDU_DATABASE_URL", "database"},
     {"max-body-mb", "TIDU_MAX_BODY_MB", "max_body_mb"},
     {"session-hours", "TIDU_SESSION_HOURS", "session_hours"},
     {"workers", "TIDU_WORKERS", "workers"},
     {"secure-cookie", "TIDU_SECURE_COOKIE", "secure_cookie"},
     {"web", "TIDU_WEB_DIR", "web"},
     {"background-nice", "TIDU_BACKGROUND_NICE", "background_nice"}}};

Result<long long> integer(const std::string& where, const std::string& text, long long min,
                          long long max) {
  try {
    std::size_t used = 0;
    const long long v = std::stoll(text, &used);
    if (used == text.size() && v >= min && v <= max) return v;
  } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): reported below
  }
  return fail("CONFIG_INVALID",
              fmt::format("{} 的值“{}”无效：应为 {}–{} 的整数", where, text, min, max));
}

Result<void> apply(ServeConfig& c, const Setting& s, const std::string& where,
                   const std::string& value) {
  const std::string_view key = s.key;
  if (key == "address") {
    c.address = value;
  } else if (key == "port") {
    auto v = integer(where, value, 0, 65535);
    if (!v) return std::unexpected(v.error());
    c.port = static_cast<unsigned short>(*v);
  } else if (key == "web") {
    c.web_dir = value;
  } else if (key == "data") {
    c.data_dir = value;
  } else if (key == "database") {
    if (!value.empty() && !value.starts_with("postgresql://") &&
        !value.starts_with("postgres://") && !value.starts_with("sqlite:")) {
      return fail("CONFIG_INVALID",
                  fmt::format("{} 应为 postgresql://… 或留空（使用数据目录中的 SQLite）", where));
    }
    c.database_url = value;
  } else if (key == "max_body_mb") {
    auto v = integer(where, value, 1, 1024);
    if (!v) return std::unexpected(v.error());
    c.max_body_bytes = static_cast<std::size_t>(*v) << 20;
  } else if (key == "session_hours") {
    auto v = integer(where, value, 1, 24LL * 30);
    if (!v) return std::unexpected(v.error());
    c.session_hours = static_cast<int>(*v);
  } else if (key == "secure_cookie") {
    if (value != "true" && value != "false" && value != "1" && value != "0")
      return fail("CONFIG_INVALID", fmt::format("{} 应为 true 或 false", where));
    c.secure_cookie = value == "true" || value == "1";
  } else if (key == "workers") {
    auto v = integer(where, value, 1, 256);
    if (!v) return std::unexpected(v.error());
    c.workers = static_cast<unsigned>(*v);
  } else if (key == "background_nice") {
    auto v = integer(where, value, 0, 19);
    if (!v) return std::unexpected(v.error());
    c.background_nice = static_cast<int>(*v);
  }
  return {};
}

}  // namespace

Result<ServeConfig> load_serve_config(const std::map<std::string, std::string>& flags,
                                      const EnvLookup& env) {
  ServeConfig c;
  if (auto it = flags.find("config"); it != flags.end()) {
    auto doc = data::load_yaml_file(it->second);
    if (!doc) return std::unexpected(doc.error());
    const auto root = doc->cursor();
    root.allow_only({"address", "port", "data", "database", "max_body_mb", "session_hours",
                     "workers", "secure_cookie", "web", "background_nice"});
    for (const auto& s : kSettings) {
      const auto v = root.optional_string(s.key);
      if (!v) continue;
      if (auto r = apply(c, s, fmt::format("{} 中的 {}", it->second, s.key), *v); !r)
        return std::unexpected(r.error());
    }
    if (!doc->sink->ok()) return std::unexpected(data::to_error(doc->sink->faults()));
  }
  for (const auto& s : kSettings) {
    if (auto v = env(s.env)) {
      if (auto r = apply(c, s, fmt::format("环境变量 {}", s.env), *v); !r)
        return std::unexpected(r.error());
    }
  }
  for (const auto& s : kSettings) {
    if (auto it = flags.find(s.flag); it != flags.end()) {
      if (auto r = apply(c, s, fmt::format("--{}", s.flag), it->second); !r)
        return std::unexpected(r.error());
    }
  }
  return c;
}

Result<State> open_state(const ServeConfig& config) {
  State state;
  if (config.database_url.starts_with("postgres")) {
    auto db = storage::open_postgres(config.database_url);
    if (!db) return std::unexpected(db.error());
    state.database = std::move(*db);
  } else {
    std::error_code ec;
    std::filesystem::create_directories(config.data_dir, ec);
    if (ec) {
      return fail("CONFIG_INVALID",
                  fmt::format("无法创建数据目录“{}”：{}", config.data_dir, ec.message()));
    }
    auto db = storage::open_sqlite(std::filesystem::path(config.data_dir) / "tidu.sqlite");
    if (!db) return std::unexpected(db.error());
    state.database = std::move(*db);
  }
  auto version = storage::migrate(*state.database, config.migrations_dir);
  if (!version) return std::unexpected(version.error());
  state.schema_version = *version;
  return state;
}

Result<std::vector<rounds::RoundText>> stored_rounds(const ServeConfig& config) {
  auto state = open_state(config);
  if (!state) return std::unexpected(state.error());
  return service::stored_round_definitions(*state->database);
}

Result<std::vector<catalogue::Region>> stored_regions(const ServeConfig& config) {
  auto state = open_state(config);
  if (!state) return std::unexpected(state.error());
  return service::stored_imported_regions(*state->database);
}

Result<std::unique_ptr<storage::Pool>> open_pool(const ServeConfig& config, std::size_t size,
                                                 std::shared_ptr<storage::SqliteWriterGate> gate) {
  const bool postgres = config.database_url.starts_with("postgres");
  const auto sqlite_file = std::filesystem::path(config.data_dir) / "tidu.sqlite";
  if (!gate) gate = std::make_shared<storage::SqliteWriterGate>();
  auto pool = storage::Pool::open(
      [postgres, url = config.database_url, sqlite_file,
       gate]() -> Result<std::unique_ptr<storage::Database>> {
        if (postgres) return storage::open_postgres(url);
        // The WAL is copied back by the pool's checkpointer, not by a request's commit; the
        // pool's writers queue on one gate.
        return storage::open_sqlite(
            sqlite_file, storage::SqliteOptions{.synchronous = storage::Synchronous::kNormal,
                                                .busy_timeout = std::chrono::milliseconds(5000),
                                                .auto_checkpoint = false,
                                                .writer_gate = gate});
      },
      size);
  if (!pool || postgres) return pool;
  auto checkpointer = storage::SqliteCheckpointer::start(
      sqlite_file, {.interval = std::chrono::milliseconds(500), .writer_gate = gate});
  if (!checkpointer) return std::unexpected(checkpointer.error());
  (*pool)->keep_alive(std::shared_ptr<storage::SqliteCheckpointer>(std::move(*checkpointer)));
  return pool;
}

std::unique_ptr<service::FileStore> open_file_store(const ServeConfig& config,
                                                    storage::Pool& pool) {
  if (config.database_url.starts_with("postgres")) {
    return std::make_unique<service::DatabaseFileStore>(
        [&pool](const std::function<Result<void>(storage::Database&)>& work) {
          return pool.with<void>(work);
        });
  }
  return std::make_unique<service::LocalFileStore>(std::filesystem::path(config.data_dir) /
                                                   "files");
}

Result<service::Clock> server_clock(const EnvLookup& env) {
  const auto fixed = env("TIDU_TEST_NOW");
  if (!fixed || fixed->empty()) return service::Clock(service::system_now);
  const auto at = time::parse_instant(*fixed);
  if (!at) return fail("CONFIG_INVALID", "TIDU_TEST_NOW 应为 2026-03-01T12:00:00+08:00 这样的时间");
  std::cerr << "tidu serve: 警告：TIDU_TEST_NOW 已设置，服务器时钟固定为 " << *fixed
            << "（仅供测试使用）\n";
  const auto started = service::system_now();
  const auto offset = *at - started;
  return service::Clock([offset] { return service::system_now() + offset; });
}

int serve(const ServeConfig& config, const catalogue::Catalogue& catalogue,
          const rounds::RoundSet& rounds, const EnvLookup& env) {
  // Block the stop signals before any thread starts, then wait for them on one thread.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  auto state = open_state(config);
  if (!state) {
    std::cerr << "tidu: " << state.error().message << '\n';
    return 2;
  }
  state->database.reset();  // migrations done; requests use the pool
  auto clock = server_clock(env);
  if (!clock) {
    std::cerr << "tidu: " << clock.error().message << '\n';
    return 2;
  }
  const bool postgres = config.database_url.starts_with("postgres");
  // Each worker may hold two connections at once (a request and the file store), so the pool has
  // two per worker, two for the job thread and one each for the band keeper and the text
  // checker, and can never run dry while every worker waits.
  const auto gate = std::make_shared<storage::SqliteWriterGate>();
  auto pool = open_pool(config, (std::size_t{config.workers} + 2) * 2, gate);
  if (!pool) {
    std::cerr << "tidu: " << pool.error().message << '\n';
    return 2;
  }
  const auto file_store = open_file_store(config, **pool);
  security::PasswordHasher hasher(std::max(1U, std::thread::hardware_concurrency()));
  ServiceSet services(**pool, *file_store, hasher, catalogue, rounds, *clock, config.session_hours);
  // Keeps the copied-text index off the request path: the filters of the rounds open for
  // submission (loaded first) and of every round checked, and the band rows moved from the
  // recent table.
  const auto started = (*clock)();
  for (const auto& [id, round] : rounds.rounds) {
    if ((!round.opens || *round.opens <= started) && (!round.closes || started <= *round.closes))
      services.band_filters.want(id);
  }
  // SQLite: the background writers wait for a pause in the requests' writes (one write lock).
  service::QuietWait quiet;
  if (!postgres) {
    quiet = [gate](const std::stop_token& stop) {
      return gate->wait_for_quiet(std::chrono::milliseconds(100), stop);
    };
  }
  auto band_keeper =
      service::BandKeeper::start(**pool, services.band_filters, *clock,
                                 {.nice = config.background_nice, .wait_for_quiet = quiet});
  if (!band_keeper) {
    std::cerr << "tidu: " << band_keeper.error().message << '\n';
    return 2;
  }

  const std::string database = postgres ? "postgresql" : "sqlite";
  const api::App app(catalogue, rounds, services.refs(),
                     api::AppInfo{.version = kVersion,
                                  .database = database,
                                  .session_hours = config.session_hours,
                                  .secure_cookie = config.secure_cookie,
                                  .web_root = config.web_dir,
                                  .clock = *clock});
  http::ServerOptions options;
  options.address = config.address;
  options.port = config.port;
  options.max_body_bytes = config.max_body_bytes;
  options.workers = config.workers;
  http::Server server(options, [&app](http::Request& r) { return app.handle(r); });
  const auto port = server.listen();
  if (!port) {
    std::cerr << "tidu: " << port.error().message << " (" << port.error().detail << ")\n";
    return 2;
  }
  // Submissions are acknowledged once they commit; their copied-text checks, and those left
  // waiting by a stop or a crash, run on a thread of their own, claimed in the name of this
  // host and port (no other live process can hold it).
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  services.check_in_background(fmt::format("{}:{}", host.data(), *port), config.background_nice,
                               quiet);
  std::cerr << fmt::format("tidu serve: http://{}:{}/ （数据库：{}，结构版本 {}，批次 {} 个）\n",
                           config.address, *port, database, state->schema_version,
                           rounds.rounds.size());
  if (config.web_dir.empty() || !std::filesystem::exists(config.web_dir / "index.html")) {
    std::cerr << "tidu serve: 网页界面未构建（--web 未给出或其中没有 index.html），"
                 "首页将说明如何构建；接口不受影响\n";
  }
  std::atomic<bool> done{false};
  std::thread waiter([&server, &done, stop_signals] {
    const timespec poll{0, 200'000'000};
    while (!done.load()) {
      if (sigtimedwait(&stop_signals, nullptr, &poll) > 0) {
        std::cerr << "tidu serve: 收到停止信号，处理完进行中的请求后退出\n";
        server.stop();
        return;
      }
    }
  });
  server.run();
  done = true;
  waiter.join();
  std::cerr << "tidu serve: 已停止\n";
  return 0;
}

}  // namespace tidu::cli
