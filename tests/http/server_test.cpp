// The server over real TCP on loopback.
#include "http/server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <sstream>
#include <thread>
#include <vector>

#include "support/http_client.hpp"

namespace {

using tidu::http::Request;
using tidu::http::Response;

/// Runs a server on a free port for the duration of a test.
class RunningServer {
 public:
  explicit RunningServer(tidu::http::Handler handler, std::size_t max_body = 1024) {
    tidu::http::ServerOptions o;
    o.port = 0;
    o.max_body_bytes = max_body;
    o.workers = 2;
    o.access_log = [this](const nlohmann::json&) { ++logged; };
    server_ = std::make_unique<tidu::http::Server>(o, std::move(handler));
    port = *server_->listen();
    thread_ = std::thread([this] {
      server_->run();
      finished = true;
    });
  }
  ~RunningServer() {
    server_->stop();
    thread_.join();
  }
  void stop() { server_->stop(); }
  unsigned short port = 0;
  std::atomic<int> logged{0};
  std::atomic<bool> finished{false};

 private:
  std::unique_ptr<tidu::http::Server> server_;
  std::thread thread_;
};

TEST(Server, AnswersOverRealTcp) {
  RunningServer s([](Request& r) {
    return Response::json(200, {{"path", r.path}, {"q", r.query["x"]}});
  });
  const auto reply = tidu::test::request(s.port, "GET", "/a/%E4%B8%AD?x=1");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, R"({"path":"/a/中","q":"1"})");
  EXPECT_NE(reply.headers.find("application/json"), std::string::npos);
}

TEST(Server, SendsASharedTextInPlaceWithoutCopyingIt) {
  const auto cached = std::make_shared<const std::string>(R"({"x":"中","n":[1,2]})");
  const auto answer = [cached](int status) {
    Response r = Response::json(status, {{"a", 1}});
    r.body.pop_back();
    r.body += ",\"doc\":";
    r.shared_at = r.body.size();
    r.shared = cached;
    r.body += '}';
    return r;
  };
  EXPECT_EQ(answer(200).text(), R"({"a":1,"doc":{"x":"中","n":[1,2]}})");
  EXPECT_EQ(answer(200).size(), answer(200).text().size());
  RunningServer s([&](Request& r) { return answer(r.path == "/empty" ? 204 : 200); });
  const auto reply = tidu::test::request(s.port, "GET", "/doc");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, R"({"a":1,"doc":{"x":"中","n":[1,2]}})");
  EXPECT_EQ(nlohmann::json::parse(reply.body)["doc"]["x"], "中");
  // Twice on one connection: the length sent matches the bytes sent.
  const auto again = tidu::test::request(s.port, "GET", "/doc");
  EXPECT_EQ(again.body, reply.body);
  const auto empty = tidu::test::request(s.port, "GET", "/empty");
  EXPECT_EQ(empty.status, 204);
  EXPECT_EQ(empty.body, "");
}

TEST(Server, RefusesABodyOverTheLimitWith413) {
  std::atomic<int> calls{0};
  RunningServer s(
      [&](Request&) {
        ++calls;
        return Response::json(200, {});
      },
      1024);
  const auto reply = tidu::test::request(s.port, "POST", "/upload", std::string(4096, 'x'));
  EXPECT_EQ(reply.status, 413);
  EXPECT_NE(reply.body.find("REQUEST_TOO_LARGE"), std::string::npos);
  EXPECT_EQ(calls.load(), 0) << "the handler must not see an oversized request";
}

TEST(Server, KeepsAConnectionAliveForSeveralRequests) {
  RunningServer s([](Request& r) { return Response::json(200, {{"p", r.path}}); });
  const std::string two =
      "GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\nConnection: "
      "close\r\n\r\n";
  const auto reply = tidu::test::send_raw(s.port, two);
  EXPECT_NE(reply.body.find(R"({"p":"/one"})"), std::string::npos);
  EXPECT_NE(reply.body.find(R"({"p":"/two"})"), std::string::npos);
}

TEST(Server, AHandlerExceptionBecomesA500WithoutDetails) {
  RunningServer s([](Request&) -> Response { throw std::runtime_error("secret internals"); });
  const auto reply = tidu::test::request(s.port, "GET", "/x");
  EXPECT_EQ(reply.status, 500);
  EXPECT_EQ(reply.body.find("secret"), std::string::npos);
  EXPECT_NE(reply.body.find("INTERNAL"), std::string::npos);
}

TEST(Server, StopLetsAnInFlightRequestFinish) {
  std::atomic<bool> entered{false};
  RunningServer s([&](Request&) {
    entered = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return Response::json(200, {{"done", true}});
  });
  tidu::test::HttpReply reply;
  std::thread client([&] { reply = tidu::test::request(s.port, "GET", "/slow"); });
  while (!entered) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  s.stop();
  client.join();
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, R"({"done":true})");
  for (int i = 0; i < 200 && !s.finished; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_TRUE(s.finished) << "run() returns once in-flight requests are answered";
}

TEST(Server, LogsOneRecordPerRequest) {
  RunningServer s([](Request&) { return Response::json(204, {}); });
  tidu::test::request(s.port, "GET", "/a");
  tidu::test::request(s.port, "GET", "/b");
  for (int i = 0; i < 100 && s.logged < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(s.logged.load(), 2);
}

TEST(Server, WithoutALogReceiverWritesOneJsonLinePerRequestToStandardOutput) {
  std::ostringstream captured;
  auto* const original = std::cout.rdbuf(captured.rdbuf());
  {
    tidu::http::ServerOptions o;
    o.port = 0;
    o.workers = 1;
    tidu::http::Server server(o, [](Request&) { return Response::json(200, {{"ok", true}}); });
    const auto port = server.listen();
    ASSERT_TRUE(port);
    std::thread runner([&] { server.run(); });
    tidu::test::request(*port, "GET", "/first");
    tidu::test::request(*port, "GET", "/%E4%B8%AD%22%0A%FF");  // 中, a quote, a newline, a bad byte
    server.stop();
    runner.join();  // run() writes what waits before it returns
  }
  std::cout.rdbuf(original);
  std::istringstream lines(captured.str());
  std::vector<nlohmann::json> records;
  for (std::string line; std::getline(lines, line);) {
    auto parsed = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(parsed.is_discarded()) << line;
    records.push_back(parsed);
  }
  ASSERT_EQ(records.size(), 2U) << captured.str();
  EXPECT_EQ(records[0]["path"], "/first");
  EXPECT_EQ(records[0]["method"], "GET");
  EXPECT_EQ(records[0]["status"], 200);
  EXPECT_GT(records[0]["bytes"].get<int>(), 0);
  EXPECT_EQ(records[1]["path"], "/中\"\n\xEF\xBF\xBD");
}

}  // namespace
