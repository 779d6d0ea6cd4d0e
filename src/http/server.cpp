// The only translation unit that includes Boost.Beast (it is slow to compile).
#include "http/server.hpp"

#include <array>
#include <atomic>
#include <cmath>
#include <iostream>
#include <iterator>
#include <list>
#include <mutex>

#include <fmt/format.h>
#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include "core/json_text.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace tidu::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

/// A Beast body of a Response: its own text with a shared text (a cached document) inside, sent
/// as three buffers so that the shared text is never copied.
struct ResponseBody {
  // The names Beast's Body concept requires.
  struct value_type {  // NOLINT(readability-identifier-naming)
    std::string text;
    std::shared_ptr<const std::string> shared;
    std::size_t shared_at = 0;
  };
  static std::uint64_t size(const value_type& v) {
    return v.text.size() + (v.shared ? v.shared->size() : 0);
  }
  class writer {  // NOLINT(readability-identifier-naming)
   public:
    using const_buffers_type = std::array<asio::const_buffer, 3>;
    template <bool isRequest, class Fields>
    writer(const bhttp::header<isRequest, Fields>& /*header*/, const value_type& v) : v_(v) {}
    void init(beast::error_code& ec) { ec = {}; }
    boost::optional<std::pair<const_buffers_type, bool>> get(beast::error_code& ec) {
      ec = {};
      if (done_) return boost::none;
      done_ = true;
      const std::size_t at = std::min(v_.shared_at, v_.text.size());
      return std::pair<const_buffers_type, bool>{
          const_buffers_type{asio::buffer(v_.text.data(), at),
                             v_.shared ? asio::buffer(*v_.shared) : asio::const_buffer(),
                             asio::buffer(v_.text.data() + at, v_.text.size() - at)},
          false};
    }

   private:
    const value_type& v_;
    bool done_ = false;
  };
};

}  // namespace

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
  class Session;

  ServerOptions options;
  Handler handler;
  asio::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  asio::thread_pool pool;
  std::atomic<bool> stopping{false};
  std::mutex sessions_mutex;
  std::list<std::weak_ptr<Session>> sessions;

  /// Access log lines not yet written to standard output: written when 32 KB wait, every second
  /// and when the server stops. Touched on the I/O thread only.
  std::string log_lines;
  asio::steady_timer log_timer{ioc};

  Impl(ServerOptions o, Handler h)
      : options(std::move(o)), handler(std::move(h)), pool(options.workers) {}

  struct Record {
    std::string_view remote;
    std::string_view method;
    std::string_view path;
    int status = 0;
    std::size_t bytes = 0;
    double ms = 0;
  };
  void log(const Record& r) {
    const auto at = time::format_instant(
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
    const double ms = std::round(r.ms * 100) / 100;
    if (options.access_log) {
      options.access_log({{"at", at},
                          {"remote", r.remote},
                          {"method", r.method},
                          {"path", r.path},
                          {"status", r.status},
                          {"bytes", r.bytes},
                          {"ms", ms}});
      return;
    }
    // The same JSON line as nlohmann would write, without building a tree per request.
    log_lines += '{';
    json_text::append_key(log_lines, "at", true);
    json_text::append_string(log_lines, at);
    json_text::append_key(log_lines, "remote");
    json_text::append_string(log_lines, r.remote);
    json_text::append_key(log_lines, "method");
    json_text::append_string(log_lines, r.method);
    json_text::append_key(log_lines, "path");
    json_text::append_string(log_lines, r.path);
    fmt::format_to(std::back_inserter(log_lines), ",\"status\":{},\"bytes\":{},\"ms\":{}}}\n",
                   r.status, r.bytes, ms);
    if (log_lines.size() >= 32U << 10U) flush_log();
  }
  void flush_log() {
    if (log_lines.empty()) return;
    std::cout << log_lines << std::flush;
    log_lines.clear();
  }
  void flush_log_every_second() {
    log_timer.expires_after(std::chrono::seconds(1));
    log_timer.async_wait([self = shared_from_this()](beast::error_code ec) {
      self->flush_log();
      if (!ec && !self->stopping.load()) self->flush_log_every_second();
    });
  }

  class Session : public std::enable_shared_from_this<Session> {
   public:
    Session(tcp::socket socket, std::shared_ptr<Impl> server)
        : stream_(std::move(socket)), server_(std::move(server)) {
      beast::error_code ec;
      const auto ep = stream_.socket().remote_endpoint(ec);
      remote_ = ec ? std::string("unknown") : ep.address().to_string();
    }

    void start() { read(); }

    /// Closes the connection when no request is being handled.
    void close_if_idle() {
      asio::post(stream_.get_executor(), [self = shared_from_this()] {
        if (!self->busy_) {
          beast::error_code ec;
          self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
          self->stream_.close();
        }
      });
    }

   private:
    void read() {
      parser_.emplace();
      parser_->body_limit(server_->options.max_body_bytes);
      parser_->header_limit(static_cast<std::uint32_t>(server_->options.max_header_bytes));
      stream_.expires_after(server_->options.idle_timeout);
      bhttp::async_read(
          stream_, buffer_, *parser_,
          [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(beast::error_code ec) {
      if (ec == bhttp::error::body_limit || ec == bhttp::error::header_limit) {
        Response r = Response::json(
            413, {{"code", "REQUEST_TOO_LARGE"},
                  {"message", fmt::format("请求超过大小上限（正文 {} 字节）：请缩小文件或分批提交",
                                          server_->options.max_body_bytes)},
                  {"details", {{"limit", server_->options.max_body_bytes}}}});
        keep_alive_ = false;
        started_ = std::chrono::steady_clock::now();
        request_ = Request{};
        request_.method = "?";
        request_.remote = remote_;
        write(std::move(r));
        return;
      }
      if (ec) return close();
      auto& msg = parser_->get();
      request_ = Request{};
      request_.method = std::string(msg.method_string());
      request_.target = std::string(msg.target());
      const auto q = request_.target.find('?');
      request_.path = percent_decode(std::string_view(request_.target).substr(0, q), false);
      if (q != std::string::npos)
        request_.query = parse_query(std::string_view(request_.target).substr(q + 1));
      for (const auto& field : msg) {
        auto name = text::ascii_lower(field.name_string());
        auto& slot = request_.headers[name];
        if (!slot.empty()) slot += ", ";
        slot.append(field.value().data(), field.value().size());
      }
      request_.body = std::move(msg.body());
      request_.remote = remote_;
      keep_alive_ = msg.keep_alive();
      busy_ = true;
      started_ = std::chrono::steady_clock::now();
      // Handlers may block (database, password hashing): run them on the pool.
      // The work guard keeps the I/O loop alive while the request is on the pool, so that a
      // stop() during a slow handler still writes its response.
      asio::post(server_->pool, [self = shared_from_this(),
                                 work = asio::make_work_guard(server_->ioc)] {
        Response r;
        try {
          r = self->server_->handler(self->request_);
        } catch (const std::exception& e) {
          r = Response::json(500, {{"code", "INTERNAL"},
                                   {"message", "服务器内部错误，请稍后重试；如仍失败请联系管理员"},
                                   {"details", nlohmann::json::object()}});
          std::cerr << "handler failed: " << e.what() << '\n';
        }
        asio::post(self->stream_.get_executor(),
                   [self, r = std::move(r)]() mutable { self->write(std::move(r)); });
      });
    }

    void write(Response r) {
      auto res = std::make_shared<bhttp::response<ResponseBody>>();
      res->version(11);
      res->result(static_cast<unsigned>(r.status));
      res->set(bhttp::field::server, "tidu");
      for (const auto& [k, v] : r.headers) res->set(k, v);
      if (r.status == 204 || r.status == 304) {
        r.body.clear();  // these statuses carry no body (RFC 9110)
        r.shared.reset();
        res->erase(bhttp::field::content_type);
      }
      res->body() = {std::move(r.body), std::move(r.shared), r.shared_at};
      const bool keep = keep_alive_ && !server_->stopping.load();
      res->keep_alive(keep);
      try {
        res->prepare_payload();
      } catch (const std::exception& e) {
        std::cerr << "response not sendable: " << e.what() << '\n';
        res->result(bhttp::status::internal_server_error);
        res->body() = {};
        res->prepare_payload();
      }
      const int status = r.status;
      bhttp::async_write(
          stream_, *res,
          [self = shared_from_this(), res, keep, status](beast::error_code ec, std::size_t bytes) {
            const auto ms = std::chrono::duration<double, std::milli>(
                                std::chrono::steady_clock::now() - self->started_)
                                .count();
            self->server_->log({.remote = self->request_.remote,
                                .method = self->request_.method,
                                .path = self->request_.path,
                                .status = status,
                                .bytes = bytes,
                                .ms = ms});
            self->busy_ = false;
            if (ec || !keep || self->server_->stopping.load()) return self->close();
            self->read();
          });
    }

    void close() {
      beast::error_code ec;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
      stream_.close();
    }

    beast::tcp_stream stream_;
    std::shared_ptr<Impl> server_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    Request request_;
    std::string remote_;
    bool keep_alive_ = false;
    bool busy_ = false;
    std::chrono::steady_clock::time_point started_;
  };

  void accept() {
    acceptor.async_accept(asio::make_strand(ioc),
                          [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
                            if (ec) return;  // closed by stop()
                            auto session = std::make_shared<Session>(std::move(socket), self);
                            {
                              std::lock_guard lock(self->sessions_mutex);
                              self->sessions.remove_if([](const auto& w) { return w.expired(); });
                              self->sessions.push_back(session);
                            }
                            session->start();
                            if (!self->stopping.load()) self->accept();
                          });
  }
};

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_shared<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() {
  stop();
  impl_->pool.join();
}

Result<unsigned short> Server::listen() {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(impl_->options.address, ec);
  if (ec)
    return fail("CONFIG_INVALID", fmt::format("监听地址“{}”无效", impl_->options.address),
                ec.message());
  const tcp::endpoint endpoint{address, impl_->options.port};
  auto& a = impl_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return fail("LISTEN_FAILED",
                fmt::format("无法在 {}:{} 上监听：端口可能已被占用，请换一个端口（--port）",
                            impl_->options.address, impl_->options.port),
                ec.message());
  }
  return a.local_endpoint().port();
}

void Server::run() {
  impl_->accept();
  if (!impl_->options.access_log) impl_->flush_log_every_second();
  impl_->ioc.run();
  impl_->flush_log();
}

void Server::stop() {
  auto impl = impl_;
  if (impl->stopping.exchange(true)) return;
  asio::post(impl->ioc, [impl] {
    boost::system::error_code ec;
    impl->acceptor.close(ec);
    impl->log_timer.cancel();
    std::lock_guard lock(impl->sessions_mutex);
    for (auto& w : impl->sessions) {
      if (auto s = w.lock()) s->close_if_idle();
    }
  });
}

}  // namespace tidu::http
