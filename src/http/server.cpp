// The only translation unit that includes Boost.Beast (it is slow to compile).
#include "http/server.hpp"

#include <atomic>
#include <iostream>
#include <list>
#include <mutex>

#include <fmt/format.h>
#include <boost/asio.hpp>
#include <boost/beast.hpp>

#include "core/text.hpp"
#include "core/time.hpp"

namespace tidu::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

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

  Impl(ServerOptions o, Handler h)
      : options(std::move(o)), handler(std::move(h)), pool(options.workers) {}

  void log(const nlohmann::json& record) const {
    if (options.access_log) {
      options.access_log(record);
    } else {
      std::cout << record.dump() << '\n' << std::flush;
    }
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
      auto res = std::make_shared<bhttp::response<bhttp::string_body>>();
      res->version(11);
      res->result(static_cast<unsigned>(r.status));
      res->set(bhttp::field::server, "tidu");
      for (const auto& [k, v] : r.headers) res->set(k, v);
      if (r.status == 204 || r.status == 304) {
        r.body.clear();  // these statuses carry no body (RFC 9110)
        res->erase(bhttp::field::content_type);
      }
      res->body() = std::move(r.body);
      const bool keep = keep_alive_ && !server_->stopping.load();
      res->keep_alive(keep);
      try {
        res->prepare_payload();
      } catch (const std::exception& e) {
        std::cerr << "response not sendable: " << e.what() << '\n';
        res->result(bhttp::status::internal_server_error);
        res->body().clear();
        res->prepare_payload();
      }
      const int status = r.status;
      bhttp::async_write(
          stream_, *res,
          [self = shared_from_this(), res, keep, status](beast::error_code ec, std::size_t bytes) {
            const auto ms = std::chrono::duration<double, std::milli>(
                                std::chrono::steady_clock::now() - self->started_)
                                .count();
            self->server_->log(
                {{"at", time::format_instant(std::chrono::time_point_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now()))},
                 {"remote", self->request_.remote},
                 {"method", self->request_.method},
                 {"path", self->request_.path},
                 {"status", status},
                 {"bytes", bytes},
                 {"ms", std::round(ms * 100) / 100}});
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
  impl_->ioc.run();
}

void Server::stop() {
  auto impl = impl_;
  if (impl->stopping.exchange(true)) return;
  asio::post(impl->ioc, [impl] {
    boost::system::error_code ec;
    impl->acceptor.close(ec);
    std::lock_guard lock(impl->sessions_mutex);
    for (auto& w : impl->sessions) {
      if (auto s = w.lock()) s->close_if_idle();
    }
  });
}

}  // namespace tidu::http
