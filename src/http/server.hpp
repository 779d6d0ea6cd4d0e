#pragma once
// The HTTP/1.1 server: one I/O thread for all connections, handlers on a worker pool so that
// blocking work (database, hashing) never stalls other clients. Beast stays in server.cpp.
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "http/router.hpp"

namespace tidu::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;  ///< 0 picks a free port
  std::size_t max_body_bytes = std::size_t{32} << 20;
  std::size_t max_header_bytes = std::size_t{16} << 10;
  unsigned workers = 4;
  std::chrono::seconds idle_timeout{60};
  /// Receives one structured record per request; null writes JSON lines to standard output.
  std::function<void(const nlohmann::json&)> access_log;
};

class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds and listens; returns the bound port.
  Result<unsigned short> listen();
  /// Serves until stop(); returns once in-flight requests have been answered.
  void run();
  /// Stops accepting, lets in-flight requests finish, closes idle connections. Thread-safe.
  void stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace tidu::http
