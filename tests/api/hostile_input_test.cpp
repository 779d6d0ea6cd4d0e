// Hostile input over real HTTP (issue 8 item 7, first part), against `tidu serve`: headers over
// the limit are refused and the server goes on; a hundred clients that never finish their request
// do not keep others waiting; SQL metacharacters, quotes and control-free oddities in every free
// text field of a declaration are stored and read back exactly, and the tables are untouched.
// (Oversize bodies, malformed JSON, documents of the wrong shape and unknown sections:
// tests/http/server_test.cpp and HttpApi.FailedRequestsChangeNothing; XLSX bombs:
// tests/imports; file names with paths: tests/files/names_test.cpp.)
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "declaration/json_io.hpp"
#include "declaration/text_fields.hpp"
#include "support/api_client.hpp"
#include "support/api_world.hpp"
#include "support/http_client.hpp"
#include "support/report.hpp"
#include "support/server_process.hpp"
#include "support/storage.hpp"

namespace {

using nlohmann::json;
using tidu::test::ApiClient;
using tidu::test::Backend;
using tidu::test::ServerProcess;
using tidu::test::ServerState;

/// A connected socket to the server, or -1.
int connect_to(unsigned short port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

class HostileInput : public ::testing::TestWithParam<Backend> {};

/// A server inside the open round's window and a new enterprise with a fresh draft in it.
struct OpenDraft {
  explicit OpenDraft(Backend backend)
      : state(backend),
        server(state.options({{"TIDU_TEST_NOW", tidu::test::kDuringRound}})),
        e(tidu::test::register_enterprise(server.port())) {
    const auto created = e.client.post("/api/v1/declarations", {{"round", tidu::test::kOpenRound}});
    if (created.status != 201) throw std::runtime_error("new draft: " + created.describe());
    id = created.json["id"];
    version = created.json["version"];
  }
  ServerState state;
  ServerProcess server;
  tidu::test::EnterpriseUser e;
  std::string id;
  std::int64_t version = 0;
};

TEST_P(HostileInput, OversizeHeadersAndSlowClientsDoNotStopTheServer) {
  TIDU_NEED_BACKEND(GetParam());
  const ServerState state(GetParam());
  ServerProcess server(state.options());

  // A header of 20 KB (the limit is 16 KB).
  const auto big = tidu::test::request(server.port(), "GET", "/api/v1/health", "",
                                       {"X-Padding: " + std::string(20 * 1024, 'a')});
  EXPECT_EQ(big.status, 413) << big.body;
  EXPECT_NE(big.body.find("REQUEST_TOO_LARGE"), std::string::npos) << big.body;

  // A hundred clients that send half a request line and then nothing (slowloris).
  std::vector<int> slow;
  for (int i = 0; i < 100; ++i) {
    const int fd = connect_to(server.port());
    ASSERT_GE(fd, 0) << "connection " << i;
    const std::string partial = "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
    ASSERT_EQ(::send(fd, partial.data(), partial.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(partial.size()));
    slow.push_back(fd);
  }
  const auto start = std::chrono::steady_clock::now();
  const auto health = tidu::test::request(server.port(), "GET", "/api/v1/health");
  const auto waited =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(health.status, 200) << health.body;
  EXPECT_LT(waited, 2000) << "a normal request waited behind slow clients";
  for (const int fd : slow) ::close(fd);
  tidu::test::report(fmt::format(
      "[ hostile ] {}: 20 KB header refused with 413; with 100 slow clients connected a request "
      "was answered in {:.0f} ms",
      GetParam() == Backend::kSqlite ? "sqlite" : "postgresql", waited));
  EXPECT_EQ(server.stop(), 0) << server.log();
}

TEST_P(HostileInput, SqlMetacharactersInEveryTextFieldAreKeptExactly) {
  TIDU_NEED_BACKEND(GetParam());
  OpenDraft draft(GetParam());
  const auto& state = draft.state;
  auto& e = draft.e;
  const std::string id = draft.id;
  std::int64_t version = draft.version;

  auto sample = tidu::declaration::make_sample(tidu::test::policy(tidu::test::kOpenRound), 3);
  const std::vector<std::string> hostile = {
      "'); DROP TABLE declarations; --",
      "\" OR \"1\"=\"1",
      "1; DELETE FROM snapshots WHERE 1=1",
      "$1 $2 ?1 :name @x %s %n {0} \\' \\\" \\\\",
      "Robert'); UPDATE accounts SET role='admin' WHERE ('a'='a",
      "<script>alert('x')</script>&amp;",
  };
  // Every free text of the sections a draft saves (the enterprise part is the profile's).
  std::size_t fields = 0;
  tidu::declaration::for_each_text(
      sample, [&](const tidu::declaration::TextField& f, std::string& value) {
        if (f.path.starts_with("$.enterprise") || f.path.starts_with("$.attachments")) return;
        value = hostile[fields++ % hostile.size()] + " 智能工厂";
      });
  ASSERT_GT(fields, 20U);
  const auto doc = tidu::declaration::to_json(sample);
  int saved = 0;
  for (const auto& section : tidu::test::section_names()) {
    if (section == "attachments") continue;  // files are uploaded, not typed
    const auto r = e.client.put(fmt::format("/api/v1/declarations/{}/sections/{}", id, section),
                                {{"version", version}, {"content", doc[section]}});
    ASSERT_EQ(r.status, 200) << section << ": " << r.describe();
    version = r.json["version"];
    ++saved;
  }
  const auto back = e.client.get("/api/v1/declarations/" + id);
  ASSERT_EQ(back.status, 200) << back.describe();
  for (const auto& section : tidu::test::section_names()) {
    if (section == "attachments") continue;
    EXPECT_EQ(back.json["document"][section], doc[section]) << section;
  }
  // Every table is still there and the enterprise is still an enterprise.
  auto db = state.connect();
  ASSERT_TRUE(db) << tidu::test::describe(db.error());
  for (const char* table : {"declarations", "snapshots", "accounts"}) {
    auto rows = (*db)->query(fmt::format("SELECT COUNT(*) FROM {}", table));
    ASSERT_TRUE(rows) << table << ": " << tidu::test::describe(rows.error());
  }
  auto role = (*db)->query("SELECT role FROM accounts WHERE username = $1", {e.username});
  ASSERT_TRUE(role && role->size() == 1);
  EXPECT_EQ((*role)[0].get_text(0), "enterprise");
  tidu::test::report(fmt::format(
      "[ hostile ] {}: SQL metacharacters in {} text fields of {} sections stored and read back "
      "exactly",
      GetParam() == Backend::kSqlite ? "sqlite" : "postgresql", fields, saved));
}

TEST_P(HostileInput, WrongContentTypesAreRefusedWith415AndChangeNothing) {
  TIDU_NEED_BACKEND(GetParam());
  OpenDraft draft(GetParam());
  auto& e = draft.e;
  const std::string id = draft.id;
  const auto before = e.client.get("/api/v1/declarations/" + id);
  ASSERT_EQ(before.status, 200) << before.describe();

  const std::string section =
      json{{"version", draft.version},
           {"content", {{"name", "改名"}, {"overview", "'); DROP TABLE declarations; --"}}}}
          .dump();
  const std::vector<std::string> wrong = {
      "",  // none
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=----x",
      "application/json; charset=gbk",
      "text/json",
  };
  int refused = 0;
  for (const auto& type : wrong) {
    // ApiClient sends no Content-Type header when the type is empty.
    const auto r =
        e.client.send("PUT", "/api/v1/declarations/" + id + "/sections/narrative",
                      type.starts_with("multipart/") ? "------x\r\nContent-Disposition: form-data; "
                                                       "name=\"f\"\r\n\r\n" +
                                                           section + "\r\n------x--\r\n"
                                                     : section,
                      type);
    EXPECT_EQ(r.status, 415) << "'" << type << "': " << r.describe();
    EXPECT_EQ(r.code(), "UNSUPPORTED_MEDIA_TYPE") << type;
    EXPECT_FALSE(r.json.value("message", "").empty()) << type;
    refused += r.status == 415 ? 1 : 0;
  }
  // Sign-in as an HTML form would post it.
  ApiClient form(draft.server.port());
  const auto login =
      form.send("POST", "/api/v1/session", "username=" + e.username + "&password=" + e.password,
                "application/x-www-form-urlencoded");
  EXPECT_EQ(login.status, 415) << login.describe();
  refused += login.status == 415 ? 1 : 0;

  const auto after = e.client.get("/api/v1/declarations/" + id);
  ASSERT_EQ(after.status, 200) << after.describe();
  EXPECT_EQ(after.json["version"], before.json["version"]);
  EXPECT_EQ(after.json["document"], before.json["document"]);
  // The right type is accepted, so the refusals above were for the type alone.
  const auto right = e.client.send("PUT", "/api/v1/declarations/" + id + "/sections/narrative",
                                   section, "application/json; charset=utf-8");
  EXPECT_NE(right.status, 415) << right.describe();
  tidu::test::report(fmt::format(
      "[ hostile ] {}: {} bodies with a wrong or missing Content-Type refused with 415, the "
      "declaration unchanged",
      GetParam() == Backend::kSqlite ? "sqlite" : "postgresql", refused));
}

INSTANTIATE_TEST_SUITE_P(Backends, HostileInput, tidu::test::all_backends(),
                         tidu::test::backend_name);

}  // namespace
