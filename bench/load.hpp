#pragma once
// The HTTP/1.1 load generator of the server benchmark (docs/performance.md): keep-alive
// connections on one epoll thread, each sending its next request as soon as the last one is
// answered (closed loop), or not before the time its script asks for (a paced arrival). The same
// generator drives nginx serving a static file, the reference measured in the same run.
//
// A request's latency runs from its first byte written to the last byte of its answer read.
#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tidu::bench {

using Clock = std::chrono::steady_clock;

/// One request a connection sends: its whole text, the series it is counted in, and the earliest
/// time it may go (a paced script; the default is at once).
struct Outgoing {
  std::string text;
  int series = 0;
  Clock::time_point not_before{};
};

/// What the connections do. next() is asked for a connection's next request once its last one is
/// answered; nullopt ends that connection. answered() sees each answer (status 0: no answer —
/// connection refused or reset, timed out, or unreadable).
class Script {
 public:
  Script() = default;
  Script(const Script&) = delete;
  Script& operator=(const Script&) = delete;
  Script(Script&&) = delete;
  Script& operator=(Script&&) = delete;
  virtual ~Script() = default;
  virtual std::optional<Outgoing> next(std::size_t connection) = 0;
  virtual void answered(std::size_t /*connection*/, const Outgoing& /*sent*/, int /*status*/,
                        std::string_view /*body*/) {}
};

struct LoadOptions {
  std::vector<unsigned short> ports;  ///< on 127.0.0.1; connection i uses ports[i % size]
  std::size_t connections = 64;
  /// No request starts after this; zero: until every connection's script has ended.
  std::chrono::milliseconds duration{10'000};
  /// Answers to requests sent in this first part are not counted (but are told to the script).
  std::chrono::milliseconds warmup{0};
  /// A request not answered in this time counts as an error and its connection is opened again.
  std::chrono::milliseconds timeout{30'000};
};

/// The counted answers of one series.
struct Series {
  std::vector<double> latencies_ms;  ///< sorted after run_load
  std::map<int, std::size_t> statuses;
  std::size_t errors = 0;  ///< no answer (status 0)
  [[nodiscard]] double percentile(double p) const;
  [[nodiscard]] std::size_t count() const { return latencies_ms.size() + errors; }
};

struct LoadResult {
  std::map<int, Series> series;
  double seconds = 0;  ///< from the end of the warm-up to the last counted answer
  [[nodiscard]] double per_second(int s) const;
  [[nodiscard]] const Series& of(int s) const;
};

/// Runs the script over `options.connections` connections and returns what was counted.
LoadResult run_load(const LoadOptions& options, Script& script);

/// "GET /path HTTP/1.1" with Host, keep-alive and the given extra header lines ("Name: value").
std::string http_request(std::string_view method, std::string_view target,
                         const std::vector<std::string>& headers = {}, std::string_view body = {},
                         std::string_view content_type = "application/json");

}  // namespace tidu::bench
