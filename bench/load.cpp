#include "load.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace tidu::bench {
namespace {

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

bool iequals_prefix(std::string_view line, std::string_view name) {
  if (line.size() < name.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto a = static_cast<unsigned char>(line[i]);
    const auto b = static_cast<unsigned char>(name[i]);
    if (std::tolower(a) != std::tolower(b)) return false;
  }
  return true;
}

/// What is known of an answer once its head has arrived.
struct Head {
  int status = 0;
  std::size_t head_bytes = 0;
  std::size_t body_bytes = 0;
  bool close = false;
};

/// The head of the answer at the start of `in`, once it is all there; throws on what this
/// generator does not read (chunked bodies: neither server here sends them).
std::optional<Head> parse_head(std::string_view in) {
  const auto end = in.find("\r\n\r\n");
  if (end == std::string_view::npos) return std::nullopt;
  Head h;
  h.head_bytes = end + 4;
  const auto first = in.substr(0, in.find("\r\n"));
  if (first.size() < 12 || !first.starts_with("HTTP/1.")) throw std::runtime_error("bad status");
  std::from_chars(first.data() + 9, first.data() + 12, h.status);
  std::size_t at = first.size() + 2;
  while (at < end) {
    const auto next = in.find("\r\n", at);
    const auto line = in.substr(at, next - at);
    if (iequals_prefix(line, "content-length:")) {
      auto v = line.substr(15);
      while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
      std::from_chars(v.data(), v.data() + v.size(), h.body_bytes);
    } else if (iequals_prefix(line, "transfer-encoding:")) {
      throw std::runtime_error("chunked answers are not read");
    } else if (iequals_prefix(line, "connection:") &&
               line.find("close") != std::string_view::npos) {
      h.close = true;
    }
    at = next + 2;
  }
  return h;
}

struct Connection {
  int fd = -1;
  unsigned short port = 0;
  bool connected = false;
  bool ended = false;
  std::optional<Outgoing> current;  ///< being sent or awaiting its answer
  bool waiting = false;             ///< current is held until its not_before
  std::size_t sent = 0;
  std::string in;
  Clock::time_point started{};
};

class Loop {
 public:
  Loop(const LoadOptions& o, Script& s) : options_(o), script_(s) {
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    if (epoll_ < 0) throw std::runtime_error("epoll_create1");
    connections_.resize(o.connections);
    for (std::size_t i = 0; i < connections_.size(); ++i)
      connections_[i].port = o.ports[i % o.ports.size()];
  }
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;
  Loop(Loop&&) = delete;
  Loop& operator=(Loop&&) = delete;
  ~Loop() {
    for (auto& c : connections_)
      if (c.fd >= 0) close(c.fd);
    close(epoll_);
  }

  LoadResult run() {
    begin_ = Clock::now();
    counted_from_ = begin_ + options_.warmup;
    last_counted_ = counted_from_;
    stop_at_ =
        options_.duration.count() > 0 ? begin_ + options_.duration : Clock::time_point::max();
    for (std::size_t i = 0; i < connections_.size(); ++i) advance(i);
    std::array<epoll_event, 256> events{};
    while (active() > 0) {
      const auto now = Clock::now();
      auto wake = now + std::chrono::milliseconds(100);
      for (std::size_t i = 0; i < connections_.size(); ++i) {
        auto& c = connections_[i];
        if (c.waiting && c.current) wake = std::min(wake, c.current->not_before);
        if (c.current && !c.waiting && now - c.started > options_.timeout) fail(i);
      }
      const auto wait_ms = std::max<long>(
          0, std::chrono::ceil<std::chrono::milliseconds>(wake - Clock::now()).count());
      const int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()),
                               static_cast<int>(wait_ms));
      if (n < 0 && errno != EINTR) throw std::runtime_error("epoll_wait");
      for (int k = 0; k < n; ++k) {
        const auto i = static_cast<std::size_t>(events[static_cast<std::size_t>(k)].data.u64);
        const auto ev = events[static_cast<std::size_t>(k)].events;
        if ((ev & (EPOLLERR | EPOLLHUP)) != 0 && (ev & EPOLLIN) == 0) {
          fail(i);
          continue;
        }
        if ((ev & EPOLLOUT) != 0) writable(i);
        if ((ev & EPOLLIN) != 0) readable(i);
      }
      const auto after = Clock::now();
      for (std::size_t i = 0; i < connections_.size(); ++i) {
        auto& c = connections_[i];
        if (c.waiting && c.current && c.current->not_before <= after) {
          c.waiting = false;
          start_sending(i);
        }
      }
    }
    result_.seconds = std::max(0.0, ms_between(counted_from_, last_counted_) / 1000.0);
    for (auto& [_, s] : result_.series) std::ranges::sort(s.latencies_ms);
    return std::move(result_);
  }

 private:
  [[nodiscard]] std::size_t active() const {
    return static_cast<std::size_t>(
        std::ranges::count_if(connections_, [](const Connection& c) { return !c.ended; }));
  }

  /// The connection's next request, or its end.
  void advance(std::size_t i) {
    auto& c = connections_[i];
    if (Clock::now() >= stop_at_) return end(i);
    auto next = script_.next(i);
    if (!next) return end(i);
    c.current = std::move(*next);
    c.sent = 0;
    if (c.current->not_before > Clock::now()) {
      c.waiting = true;
      return;
    }
    start_sending(i);
  }

  void end(std::size_t i) {
    auto& c = connections_[i];
    c.ended = true;
    c.current.reset();
    if (c.fd >= 0) {
      close(c.fd);
      c.fd = -1;
    }
  }

  void open(std::size_t i) {
    auto& c = connections_[i];
    c.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c.fd < 0) throw std::runtime_error("socket");
    const int one = 1;
    setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(c.port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    c.connected = false;
    c.in.clear();
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    if (connect(c.fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) < 0 &&
        errno != EINPROGRESS) {
      close(c.fd);
      c.fd = -1;
      return;
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.u64 = i;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &ev);
  }

  void start_sending(std::size_t i) {
    auto& c = connections_[i];
    c.started = Clock::now();
    c.sent = 0;
    c.in.clear();
    if (c.fd >= 0) return writable(i);
    open(i);  // sends once connected (EPOLLOUT)
    if (c.fd < 0) fail(i);
  }

  void want(std::size_t i, std::uint32_t events) {
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = i;
    epoll_ctl(epoll_, EPOLL_CTL_MOD, connections_[i].fd, &ev);
  }

  void writable(std::size_t i) {
    auto& c = connections_[i];
    if (!c.current || c.waiting || c.fd < 0) return;
    c.connected = true;
    const auto& text = c.current->text;
    while (c.sent < text.size()) {
      const auto n = send(c.fd, text.data() + c.sent, text.size() - c.sent, MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) return want(i, EPOLLIN | EPOLLOUT);
        return fail(i);
      }
      c.sent += static_cast<std::size_t>(n);
    }
    want(i, EPOLLIN);
  }

  void readable(std::size_t i) {
    auto& c = connections_[i];
    if (c.fd < 0) return;
    std::array<char, 65536> buf{};
    for (;;) {
      const auto n = recv(c.fd, buf.data(), buf.size(), 0);
      if (n == 0) return fail(i);
      if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        return fail(i);
      }
      c.in.append(buf.data(), static_cast<std::size_t>(n));
    }
    if (!c.current) return fail(i);  // an answer nobody asked for
    std::optional<Head> head;
    try {
      head = parse_head(c.in);
    } catch (const std::exception&) {
      return fail(i);
    }
    if (!head || c.in.size() < head->head_bytes + head->body_bytes) return;
    const auto body = std::string_view(c.in).substr(head->head_bytes, head->body_bytes);
    record(i, head->status, body);
    if (head->close) {
      close(c.fd);
      c.fd = -1;
    }
    advance(i);
  }

  void record(std::size_t i, int status, std::string_view body) {
    auto& c = connections_[i];
    const auto now = Clock::now();
    script_.answered(i, *c.current, status, body);
    if (c.started >= counted_from_) {
      auto& s = result_.series[c.current->series];
      if (status == 0) {
        ++s.errors;
      } else {
        s.latencies_ms.push_back(ms_between(c.started, now));
        ++s.statuses[status];
      }
      last_counted_ = std::max(last_counted_, now);
    }
    c.current.reset();
  }

  /// No answer: counted as an error; the connection is opened again for its next request.
  void fail(std::size_t i) {
    auto& c = connections_[i];
    if (c.fd >= 0) {
      close(c.fd);
      c.fd = -1;
    }
    if (!c.current) return;
    record(i, 0, {});
    advance(i);
  }

  const LoadOptions& options_;
  Script& script_;
  int epoll_ = -1;
  std::vector<Connection> connections_;
  Clock::time_point begin_{};
  Clock::time_point counted_from_{};
  Clock::time_point last_counted_{};
  Clock::time_point stop_at_{};
  LoadResult result_;
};

}  // namespace

double Series::percentile(double p) const {
  if (latencies_ms.empty()) return 0;
  const auto rank =
      static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(latencies_ms.size())));
  return latencies_ms[std::clamp<std::size_t>(rank, 1, latencies_ms.size()) - 1];
}

double LoadResult::per_second(int s) const {
  return seconds > 0 ? static_cast<double>(of(s).latencies_ms.size()) / seconds : 0;
}

const Series& LoadResult::of(int s) const {
  static const Series kNone;
  const auto it = series.find(s);
  return it == series.end() ? kNone : it->second;
}

LoadResult run_load(const LoadOptions& options, Script& script) {
  if (options.ports.empty() || options.connections == 0)
    throw std::invalid_argument("run_load: no ports or no connections");
  Loop loop(options, script);
  return loop.run();
}

std::string http_request(std::string_view method, std::string_view target,
                         const std::vector<std::string>& headers, std::string_view body,
                         std::string_view content_type) {
  std::string out = fmt::format("{} {} HTTP/1.1\r\nHost: 127.0.0.1\r\n", method, target);
  for (const auto& h : headers) out += h + "\r\n";
  if (!body.empty() || method != "GET") {
    out += fmt::format("Content-Type: {}\r\nContent-Length: {}\r\n", content_type, body.size());
  }
  out += "\r\n";
  out += body;
  return out;
}

}  // namespace tidu::bench
