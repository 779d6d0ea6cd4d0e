// The server benchmark of issue 8 (docs/performance.md): `tidu serve` on a dataset written by
// `tidu generate`, driven over real HTTP by the load generator of load.hpp, against nginx serving
// a static file of the size of one declaration, measured in the same run. `scripts/bench` copies
// or generates the dataset and runs this; it is not part of the test run.
//
//   tidu_http_bench --data DIR [--database URL] [--servers 1] --tidu PATH [--nginx PATH]
//                   [--duration 10] [--connections 64] [--rush 10000] [--reviewers 4]
//                   [--saves 2000]
//                   [--only static,read,queue,saves,rush,soak] [--soak SECONDS] [--json FILE]
//
// --soak SECONDS adds the soak (scripts/soak): mixed reads, queue pages and saves for that long,
// in 30-second windows; it passes with no answer other than 200 and resident memory within 10 %
// of its level at the end of the warm-up (the first fifth, at least a minute) in every later
// window.
//
// The dataset is changed (accounts, sessions and drafts of its own are added, drafts saved and
// submitted): give it a copy. Exit code 0 when every target is met, 1 when one is not, 2 on
// errors.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "catalogue/loader.hpp"
#include "cli/serve.hpp"
#include "declaration/json_io.hpp"
#include "declaration/sample.hpp"
#include "demo/generate.hpp"
#include "load.hpp"
#include "rounds/loader.hpp"
#include "security/digest.hpp"
#include "security/password.hpp"
#include "service/enterprises.hpp"
#include "storage/database.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using tidu::bench::Clock;
using tidu::bench::LoadOptions;
using tidu::bench::LoadResult;
using tidu::bench::Outgoing;

constexpr int kRead = 1;
constexpr int kQueue = 2;
constexpr int kSave = 3;
constexpr int kSubmit = 4;
constexpr int kStatic = 5;

struct Options {
  std::string data;
  std::string database;
  std::string tidu;
  std::string nginx = "/usr/sbin/nginx";
  std::string round = "fj-2025-advanced";
  /// The server's clock during the run: the last hour of the round's window.
  std::string now = "2025-04-10T23:00:00+08:00";
  int servers = 1;
  int duration_s = 10;
  std::size_t connections = 64;
  std::size_t rush = 10'000;
  std::size_t reviewers = 4;  ///< reading queue pages without pause through the rush
  std::size_t saves = 2'000;
  int soak_s = 0;
  std::string only;
  std::string json_out;
  std::uint64_t seed = 8;
};

bool wanted(const Options& o, std::string_view what) {
  if (o.only.empty()) return true;
  std::string_view rest = o.only;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    if (rest.substr(0, comma) == what) return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

[[noreturn]] void die(const std::string& message) {
  std::cerr << "tidu_http_bench: " << message << '\n';
  std::exit(2);
}

template <class T>
T must(tidu::Result<T> r, std::string_view what) {
  if (!r) die(fmt::format("{}: {} {}", what, r.error().message, r.error().detail));
  if constexpr (!std::is_void_v<T>) return std::move(*r);
}

// ---- accounts and sessions of the bench's own ----------------------------------------------

/// A signed-in account: the cookie and CSRF header lines its requests carry.
struct Session {
  std::string account;
  std::vector<std::string> headers;
};

class Accounts {
 public:
  Accounts(tidu::storage::Database& db, std::string now) : db_(db), now_(std::move(now)) {
    // One argon2id hash for every account: the bench never signs in with a password, but the
    // rows are what an account looks like.
    tidu::security::PasswordHasher hasher(1);
    hash_ = must(hasher.hash("bench-password-2026"), "hash");
  }
  Session add(const std::string& id, const std::string& role, const std::string& level,
              const std::string& region, const std::string& enterprise) {
    const bool official = role == "reviewer";
    must(db_.execute(
             "INSERT INTO accounts (id, username, password_hash, role, level, region, "
             "authority, display_name, enterprise_id, created_at, disabled, extra_json) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, '{}')",
             {id, id, hash_, role,
              official ? tidu::storage::Value(level) : tidu::storage::Value(nullptr), region,
              official ? tidu::storage::Value("工信") : tidu::storage::Value(nullptr), id,
              enterprise.empty() ? tidu::storage::Value(nullptr) : tidu::storage::Value(enterprise),
              now_}),
         "insert account");
    const std::string token = random_hex(32);
    const std::string csrf = random_hex(16);
    must(db_.execute(
             "INSERT INTO sessions (id, account_id, csrf_token, created_at, expires_at) "
             "VALUES ($1, $2, $3, $4, $5)",
             {tidu::security::sha256_hex(token), id, csrf, now_, "2099-01-01T00:00:00+08:00"}),
         "insert session");
    return {id, {"Cookie: tidu_session=" + token, "X-CSRF-Token: " + csrf}};
  }

 private:
  std::string random_hex(std::size_t bytes) {
    std::string out;
    for (std::size_t i = 0; i < bytes; ++i) out += fmt::format("{:02x}", rng_() & 0xFFU);
    return out;
  }
  tidu::storage::Database& db_;
  std::string now_;
  std::string hash_;
  std::mt19937_64 rng_{std::random_device{}()};
};

/// An enterprise of the bench's own with a complete draft in the round.
struct Draft {
  std::string id;
  Session session;
  std::int64_t version = 1;
  std::string section_body;  ///< {"version": …, "content": narrative} without the version
};

struct World {
  std::vector<std::pair<std::string, Session>> readers;  ///< submitted declaration, its owner
  std::vector<std::pair<std::string, Session>> queues;   ///< queue URL, its reviewer
  std::vector<Draft> savers;
  std::vector<Draft> rushers;
};

World prepare(tidu::storage::Database& db, const Options& o,
              const tidu::catalogue::Catalogue& catalogue, const tidu::rounds::RoundSet& rounds) {
  World w;
  const auto started = Clock::now();
  must(db.begin(), "begin");
  Accounts accounts(db, o.now);
  const auto submitted = must(
      db.query("SELECT d.id, d.enterprise_id, e.region FROM declarations d JOIN enterprises e ON "
               "e.id = d.enterprise_id WHERE d.round_id = $1 AND d.state = 'submitted' ORDER BY "
               "d.id LIMIT 1000",
               {o.round}),
      "submitted declarations");
  if (submitted.empty()) die("the dataset has no submitted declaration in " + o.round);
  std::set<std::string> cities;
  for (std::size_t i = 0; i < submitted.size(); ++i) {
    w.readers.emplace_back(submitted[i].get_text(0),
                           accounts.add(fmt::format("bench-r{:05}", i), "enterprise", "",
                                        submitted[i].get_text(2), submitted[i].get_text(1)));
    if (const auto* city = catalogue.regions.ancestor_of_kind(submitted[i].get_text(2), "city"))
      cities.insert(city->code);
  }
  // A city's reviewer reads the round's submitted declarations of one county of the city, 50 a
  // page, newest first.
  const auto& round = rounds.rounds.at(o.round);
  std::size_t n = 0;
  for (const auto& city : cities) {
    for (const auto& county : catalogue.regions.children(city)) {
      w.queues.emplace_back(
          fmt::format("/api/v1/declarations?round={}&state=submitted&region={}&page_size=50",
                      o.round, county->code),
          accounts.add(fmt::format("bench-q{:04}", n++), "reviewer", "city", city, ""));
      if (w.queues.size() >= 32) break;
    }
    if (w.queues.size() >= 32) break;
  }
  // Enterprises of the bench's own, each with a complete draft of the round (tidu generate's
  // generator, another seed, this round only).
  tidu::rounds::RoundSet only = rounds;
  std::erase_if(only.policies, [&o](const auto& p) { return p.first != o.round; });
  const std::size_t drafts = o.saves + o.rush;
  if (drafts == 0) {
    must(db.commit(), "commit");
    return w;
  }
  auto generator =
      must(tidu::demo::Generator::make(
               catalogue, only,
               {.enterprises = drafts, .declarations = drafts, .copied_share = 0, .seed = o.seed}),
           "generator");
  for (std::size_t i = 0; i < drafts; ++i) {
    const auto e = generator.enterprise(i);
    auto d = generator.declaration(i);
    if (d.round_id != o.round) die("the generator put a declaration in another round");
    const std::string enterprise = fmt::format("bench-e{:06}", i);
    const std::string id = fmt::format("bench-d{:06}", i);
    // Serials far above the dataset's (which count from 1), so no credit code is taken.
    d.content.enterprise.credit_code = tidu::declaration::make_credit_code(
        tidu::declaration::six_digit_ancestor(catalogue.regions, d.content.enterprise.region),
        static_cast<std::uint32_t>(90'000'000 + i));
    must(db.execute("INSERT INTO enterprises (id, credit_code, name, region, profile_json, "
                    "updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, 1)",
                    {enterprise, d.content.enterprise.credit_code, d.content.enterprise.name,
                     d.content.enterprise.region,
                     tidu::service::profile_json(d.content.enterprise).dump(), o.now}),
         "insert enterprise");
    int assessment = 0;
    for (const auto& a : e.assessments) {
      must(db.execute("INSERT INTO maturity_assessments (id, enterprise_id, level, score, "
                      "assessed_on, source, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, "
                      "'www.c3mep.cn', $6, 'bench')",
                      {fmt::format("{}-m{}", enterprise, ++assessment), enterprise,
                       static_cast<std::int64_t>(a.level), a.score, a.assessed_on, o.now}),
           "insert assessment");
    }
    auto content = tidu::declaration::to_json(d.content);
    const json narrative = content["narrative"];
    content.erase("enterprise");
    content["round"] = o.round;
    must(db.execute("INSERT INTO declarations (id, enterprise_id, round_id, state, level, "
                    "version, updated_at, created_at, submitted_at, snapshot_number, unit_code, "
                    "enterprise_region) VALUES ($1, $2, $3, 'draft', NULL, 1, $4, $4, NULL, 0, "
                    "NULL, $5)",
                    {id, enterprise, o.round, o.now, d.content.enterprise.region}),
         "insert declaration");
    must(db.execute("INSERT INTO declaration_drafts (declaration_id, draft_json) VALUES ($1, $2)",
                    {id, content.dump()}),
         "insert draft");
    Draft draft{.id = id,
                .session = accounts.add(fmt::format("bench-u{:06}", i), "enterprise", "",
                                        d.content.enterprise.region, enterprise),
                .version = 1,
                .section_body = json{{"content", narrative}}.dump()};
    (i < o.saves ? w.savers : w.rushers).push_back(std::move(draft));
  }
  must(db.commit(), "commit");
  (void)round;
  std::cerr << fmt::format("prepared {} readers, {} queues, {} drafts in {:.1f} s\n",
                           w.readers.size(), w.queues.size(), drafts,
                           std::chrono::duration<double>(Clock::now() - started).count());
  return w;
}

// ---- processes ------------------------------------------------------------------------------

class Process {
 public:
  Process(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
          const std::string& log) {
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) env.emplace_back(*e);
    env.insert(env.end(), extra_env.begin(), extra_env.end());
    std::vector<char*> a;
    std::vector<char*> e;
    for (const auto& s : argv) a.push_back(const_cast<char*>(s.c_str()));  // NOLINT
    a.push_back(nullptr);
    for (const auto& s : env) e.push_back(const_cast<char*>(s.c_str()));  // NOLINT
    e.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    if (posix_spawn(&pid_, a[0], &actions, nullptr, a.data(), e.data()) != 0)
      die("cannot start " + argv[0]);
    posix_spawn_file_actions_destroy(&actions);
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  Process(Process&&) = delete;
  Process& operator=(Process&&) = delete;
  ~Process() { stop(); }
  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  [[nodiscard]] pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

/// Resident memory of a process in MB (VmRSS).
double rss_mb(pid_t pid) {
  std::ifstream in(fmt::format("/proc/{}/status", pid));
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("VmRSS:")) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

/// Samples the servers' resident memory every 100 ms; the peak since the last take().
class RssWatch {
 public:
  explicit RssWatch(std::vector<pid_t> pids)
      : pids_(std::move(pids)), thread_([this](const std::stop_token& stop) {
          while (!stop.stop_requested()) {
            sample();
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
          }
        }) {}
  void sample() {
    std::lock_guard lock(mutex_);
    for (const auto pid : pids_) peak_ = std::max(peak_, rss_mb(pid));
  }
  double take() {
    sample();
    std::lock_guard lock(mutex_);
    const double p = peak_;
    overall_ = std::max(overall_, peak_);
    peak_ = 0;
    return p;
  }
  [[nodiscard]] double overall() const { return overall_; }

 private:
  std::vector<pid_t> pids_;
  std::mutex mutex_;
  double peak_ = 0;
  double overall_ = 0;
  std::jthread thread_;
};

/// One GET answered 200 (or any status when `any`), for waiting on a server.
int probe(unsigned short port, const std::string& target) {
  struct One : tidu::bench::Script {
    std::string request;
    bool sent = false;
    int status = 0;
    std::optional<Outgoing> next(std::size_t) override {
      if (sent) return std::nullopt;
      sent = true;
      return Outgoing{.text = request};
    }
    void answered(std::size_t, const Outgoing&, int s, std::string_view) override { status = s; }
  } one;
  one.request = tidu::bench::http_request("GET", target);
  tidu::bench::run_load({.ports = {port},
                         .connections = 1,
                         .duration = std::chrono::milliseconds(0),
                         .timeout = std::chrono::milliseconds(2000)},
                        one);
  return one.status;
}

/// Waits until the port answers 200 at /api/v1/health; seconds from `since`.
double wait_ready(unsigned short port, Clock::time_point since, const std::string& target) {
  while (probe(port, target) != 200) {
    if (Clock::now() - since > std::chrono::seconds(120)) die("the server did not start");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// ---- scripts --------------------------------------------------------------------------------

/// Each connection sends the same kind of request, taking turns over a list of (target, session).
class Rotation : public tidu::bench::Script {
 public:
  Rotation(int series, std::vector<std::string> requests)
      : series_(series), requests_(std::move(requests)) {}
  std::optional<Outgoing> next(std::size_t connection) override {
    const auto k = (connection * 7919 + turn_++) % requests_.size();
    return Outgoing{.text = requests_[k], .series = series_};
  }

 private:
  int series_;
  std::vector<std::string> requests_;
  std::size_t turn_ = 0;
};

/// The number after `"key":` in a JSON text (the last one, for the top level of a small object).
std::optional<std::int64_t> json_int(std::string_view body, std::string_view key) {
  const auto pattern = fmt::format("\"{}\":", key);
  const auto at = body.rfind(pattern);
  if (at == std::string_view::npos) return std::nullopt;
  std::int64_t v = 0;
  const auto* p = body.data() + at + pattern.size();
  const auto [end, ec] = std::from_chars(p, body.data() + body.size(), v);
  if (ec != std::errc()) return std::nullopt;
  return v;
}

std::string json_text(std::string_view body, std::string_view key) {
  const auto pattern = fmt::format("\"{}\":\"", key);
  const auto at = body.find(pattern);
  if (at == std::string_view::npos) return {};
  const auto from = at + pattern.size();
  return std::string(body.substr(from, body.find('"', from) - from));
}

std::string save_request(const Draft& d) {
  std::string body = d.section_body;
  body.insert(1, fmt::format("\"version\":{},", d.version));
  return tidu::bench::http_request("PUT",
                                   fmt::format("/api/v1/declarations/{}/sections/narrative", d.id),
                                   d.session.headers, body);
}

/// Draft saves: each connection keeps to its own drafts, saving them in turn with the version
/// the last save returned.
class Saves : public tidu::bench::Script {
 public:
  Saves(std::vector<Draft>& drafts, std::size_t connections)
      : drafts_(drafts), connections_(connections) {}
  std::optional<Outgoing> next(std::size_t c) override {
    auto& turn = turns_[c];
    const std::size_t k =
        c + connections_ * (turn++ % std::max<std::size_t>(1, drafts_.size() / connections_));
    if (k >= drafts_.size()) return std::nullopt;
    current_[c] = k;
    return Outgoing{.text = save_request(drafts_[k]), .series = kSave};
  }
  void answered(std::size_t c, const Outgoing&, int status, std::string_view body) override {
    if (status != 200) return;
    if (const auto v = json_int(body, "version")) drafts_[current_[c]].version = *v;
  }

 private:
  std::vector<Draft>& drafts_;
  std::size_t connections_;
  std::map<std::size_t, std::size_t> turns_;
  std::map<std::size_t, std::size_t> current_;
};

/// The deadline rush: enterprise k arrives at start + k × span / N, saves a section and submits;
/// a few reviewers read queues all along.
class Rush : public tidu::bench::Script {
 public:
  Rush(std::vector<Draft>& drafts, std::vector<std::string> queues, std::size_t reviewers,
       std::chrono::milliseconds span)
      : drafts_(drafts),
        queues_(std::move(queues)),
        reviewers_(reviewers),
        start_(Clock::now() + std::chrono::milliseconds(200)),
        span_(span) {}
  std::optional<Outgoing> next(std::size_t c) override {
    if (c < reviewers_) {
      if (next_ >= drafts_.size() && in_flight_ == 0) return std::nullopt;
      return Outgoing{.text = queues_[(c * 31 + turn_++) % queues_.size()], .series = kQueue};
    }
    auto& step = steps_[c];
    if (step.draft && !step.submitted && step.saved) {
      step.submitted = true;
      return Outgoing{
          .text = tidu::bench::http_request(
              "POST", fmt::format("/api/v1/declarations/{}/submit", drafts_[*step.draft].id),
              drafts_[*step.draft].session.headers, "{}"),
          .series = kSubmit};
    }
    if (step.draft) --in_flight_;
    if (next_ >= drafts_.size()) return std::nullopt;
    const std::size_t k = next_++;
    ++in_flight_;
    step = Step{.draft = k};
    const auto at = start_ + span_ * k / drafts_.size();
    return Outgoing{.text = save_request(drafts_[k]), .series = kSave, .not_before = at};
  }
  void answered(std::size_t c, const Outgoing& sent, int status, std::string_view body) override {
    if (c < reviewers_) return;
    auto& step = steps_[c];
    if (sent.series == kSave) {
      step.saved = status == 200;
      if (!step.saved) ++failed_saves_;
      if (const auto v = json_int(body, "version"); v && status == 200)
        drafts_[*step.draft].version = *v;
      if (!step.saved) step.submitted = true;  // nothing to submit
    } else if (status == 200) {
      acknowledged_.emplace_back(drafts_[*step.draft].id, json_text(body, "sha256"));
      finished_ = Clock::now();
    } else {
      ++failed_submits_;
      if (failures_.size() < 5)
        failures_.push_back(fmt::format("{}: {}", status, std::string(body.substr(0, 20000))));
    }
  }
  [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& acknowledged() const {
    return acknowledged_;
  }
  [[nodiscard]] double span_s() const {
    return std::chrono::duration<double>(finished_ - start_).count();
  }
  std::size_t failed_saves_ = 0;
  std::size_t failed_submits_ = 0;
  std::vector<std::string> failures_;

 private:
  struct Step {
    std::optional<std::size_t> draft;
    bool saved = false;
    bool submitted = false;
  };
  std::vector<Draft>& drafts_;
  std::vector<std::string> queues_;
  std::size_t reviewers_;
  Clock::time_point start_;
  std::chrono::milliseconds span_;
  std::map<std::size_t, Step> steps_;
  std::size_t next_ = 0;
  std::size_t in_flight_ = 0;
  std::size_t turn_ = 0;
  std::vector<std::pair<std::string, std::string>> acknowledged_;
  Clock::time_point finished_{};
};

/// The soak's mixed load: of every 20 requests a connection sends, 12 read a declaration, 5 read
/// a queue page and 3 save one of the connection's own drafts (the version carried).
class Mixed : public tidu::bench::Script {
 public:
  Mixed(const std::vector<std::string>& reads, const std::vector<std::string>& queues,
        std::vector<Draft>& drafts, std::size_t connections)
      : reads_(reads), queues_(queues), saves_(drafts, connections) {}
  std::optional<Outgoing> next(std::size_t c) override {
    const std::size_t t = turns_[c]++;
    const std::size_t k = (c * 7 + t) % 20;
    if (k < 12) return Outgoing{.text = reads_[(c * 7919 + t) % reads_.size()], .series = kRead};
    if (k < 17) return Outgoing{.text = queues_[(c * 31 + t) % queues_.size()], .series = kQueue};
    if (auto save = saves_.next(c)) return save;
    return Outgoing{.text = reads_[(c + t) % reads_.size()], .series = kRead};
  }
  void answered(std::size_t c, const Outgoing& sent, int status, std::string_view body) override {
    if (sent.series == kSave) saves_.answered(c, sent, status, body);
  }

 private:
  const std::vector<std::string>& reads_;
  const std::vector<std::string>& queues_;
  Saves saves_;
  std::map<std::size_t, std::size_t> turns_;
};

// ---- the table ------------------------------------------------------------------------------

struct Line {
  std::string scenario;
  std::string measure;
  double value = 0;
  std::string unit;
  std::string target;  ///< "≥ 3000", "≤ 10"; empty for a reference
  bool met = true;
  std::string note;
};

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const std::string value = argv[i + 1];
    if (key == "--data")
      o.data = value;
    else if (key == "--database")
      o.database = value;
    else if (key == "--tidu")
      o.tidu = value;
    else if (key == "--nginx")
      o.nginx = value;
    else if (key == "--round")
      o.round = value;
    else if (key == "--now")
      o.now = value;
    else if (key == "--servers")
      o.servers = std::clamp(std::stoi(value), 1, 8);
    else if (key == "--duration")
      o.duration_s = std::max(1, std::stoi(value));
    else if (key == "--connections")
      o.connections = std::max(1, std::stoi(value));
    else if (key == "--rush")
      o.rush = std::stoul(value);
    else if (key == "--reviewers")
      o.reviewers = std::stoul(value);
    else if (key == "--saves")
      o.saves = std::stoul(value);
    else if (key == "--soak")
      o.soak_s = std::max(0, std::stoi(value));
    else if (key == "--only")
      o.only = value;
    else if (key == "--json")
      o.json_out = value;
    else if (key == "--seed")
      o.seed = std::stoull(value);
    else
      die("unknown option " + key);
  }
  if (o.data.empty() || o.tidu.empty())
    die("usage: tidu_http_bench --data DIR --tidu PATH [--database URL] [--servers N] ...");
  auto catalogue = must(
      tidu::catalogue::load_catalogue(fs::path(TIDU_DEFAULT_DATA_DIR) / "catalogue"), "catalogue");
  auto rounds = must(tidu::rounds::load_rounds(TIDU_DEFAULT_DATA_DIR, catalogue, {}), "rounds");
  if (!rounds.rounds.contains(o.round)) die("no round " + o.round);

  tidu::cli::ServeConfig config;
  config.data_dir = o.data;
  config.database_url = o.database;
  World world;
  {
    auto state = must(tidu::cli::open_state(config), "open the dataset");
    world = prepare(*state.database, o, catalogue, rounds);
  }

  std::vector<Line> lines;
  const fs::path scratch = fs::temp_directory_path() / fmt::format("tidu-bench-{}", getpid());
  fs::create_directories(scratch);

  // nginx: a static file of the size of one declaration as its enterprise reads it.
  std::optional<Process> nginx;
  const unsigned short nginx_port = 18'480;

  // The servers, each timed from its start to its first answer to /api/v1/health.
  std::vector<std::unique_ptr<Process>> servers;
  std::vector<unsigned short> ports;
  double startup_s = 0;
  for (int i = 0; i < o.servers; ++i) {
    const auto port = static_cast<unsigned short>(18'490 + i);
    std::vector<std::string> args = {o.tidu,  "serve",         "--data",
                                     o.data,  "--port",        std::to_string(port),
                                     "--web", scratch.string()};
    if (!o.database.empty()) args.insert(args.end(), {"--database", o.database});
    const auto t = Clock::now();
    servers.push_back(std::make_unique<Process>(
        args, std::vector<std::string>{"TIDU_TEST_NOW=" + o.now, "TIDU_LOG=off"},
        (scratch / fmt::format("tidu-{}.log", i)).string()));
    startup_s = std::max(startup_s, wait_ready(port, t, "/api/v1/health"));
    ports.push_back(port);
  }
  lines.push_back(
      {"start-up", "first answer after start", startup_s * 1000, "ms", "≤ 2000", startup_s <= 2.0,
       fmt::format("{} server(s), {}", o.servers, o.database.empty() ? "SQLite" : "PostgreSQL")});
  std::vector<pid_t> pids;
  for (const auto& s : servers) pids.push_back(s->pid());
  RssWatch rss(pids);

  const LoadOptions steady{.ports = ports,
                           .connections = o.connections,
                           .duration = std::chrono::seconds(o.duration_s + 2),
                           .warmup = std::chrono::seconds(2)};
  // Read: the declaration JSON as its enterprise reads it.
  std::vector<std::string> reads;
  for (const auto& [id, s] : world.readers)
    reads.push_back(tidu::bench::http_request("GET", "/api/v1/declarations/" + id, s.headers));
  std::size_t body_bytes = 0;
  {
    struct Size : tidu::bench::Script {
      std::string request;
      bool sent = false;
      std::size_t bytes = 0;
      int status = 0;
      std::optional<Outgoing> next(std::size_t) override {
        if (sent) return std::nullopt;
        sent = true;
        return Outgoing{.text = request};
      }
      void answered(std::size_t, const Outgoing&, int s, std::string_view body) override {
        status = s;
        bytes = body.size();
      }
    } size;
    size.request = reads.front();
    tidu::bench::run_load({.ports = {ports[0]}, .connections = 1, .duration = {}}, size);
    if (size.status != 200) die(fmt::format("reading a declaration answered {}", size.status));
    body_bytes = size.bytes;
  }
  double static_rps = 0;
  if (wanted(o, "static") || wanted(o, "read")) {
    const auto root = scratch / "nginx";
    fs::create_directories(root / "logs");
    std::ofstream(root / "declaration.json") << std::string(body_bytes, 'x');
    std::ofstream(root / "nginx.conf") << fmt::format(
        "worker_processes 1;\ndaemon off;\npid {0}/nginx.pid;\nerror_log {0}/logs/error.log;\n"
        "events {{ worker_connections 1024; }}\nhttp {{\n  access_log off;\n"
        "  client_body_temp_path {0}; proxy_temp_path {0}; fastcgi_temp_path {0};\n"
        "  uwsgi_temp_path {0}; scgi_temp_path {0};\n  keepalive_requests 1000000;\n"
        "  server {{ listen 127.0.0.1:{1}; root {0};\n"
        "    location / {{ default_type application/json; }} }}\n}}\n",
        root.string(), nginx_port);
    nginx.emplace(std::vector<std::string>{o.nginx, "-c", (root / "nginx.conf").string(), "-p",
                                           root.string()},
                  std::vector<std::string>{}, (scratch / "nginx.log").string());
    wait_ready(nginx_port, Clock::now(), "/declaration.json");
    Rotation files(kStatic, {tidu::bench::http_request("GET", "/declaration.json")});
    auto opts = steady;
    opts.ports = {nginx_port};
    const auto r = tidu::bench::run_load(opts, files);
    static_rps = r.per_second(kStatic);
    lines.push_back(
        {"static file (nginx, reference)", "requests/s", static_rps, "/s", "", true,
         fmt::format("{} bytes, {} connections, p99 {:.2f} ms, errors {}", body_bytes,
                     o.connections, r.of(kStatic).percentile(99), r.of(kStatic).errors)});
    nginx->stop();
  }
  const auto steady_lines = [&](const std::string& scenario, const LoadResult& r, int series,
                                double min_rps, double max_p99, const std::string& note) {
    const auto& s = r.of(series);
    const double rps = r.per_second(series);
    const std::size_t bad = s.count() - (s.statuses.contains(200) ? s.statuses.at(200) : 0);
    lines.push_back({scenario, "requests/s", rps, "/s", fmt::format("≥ {:.0f}", min_rps),
                     rps >= min_rps && bad == 0,
                     fmt::format("{}; {} answered, {} not 200", note, s.count(), bad)});
    lines.push_back({scenario, "p99 latency", s.percentile(99), "ms",
                     fmt::format("≤ {:.0f}", max_p99), s.percentile(99) <= max_p99,
                     fmt::format("p50 {:.2f} ms, max {:.1f} ms", s.percentile(50),
                                 s.latencies_ms.empty() ? 0.0 : s.latencies_ms.back())});
  };
  if (wanted(o, "read")) {
    Rotation script(kRead, reads);
    const auto r = tidu::bench::run_load(steady, script);
    steady_lines("read one declaration", r, kRead, static_rps * 0.5, 10,
                 fmt::format("{} declarations, {} bytes each; target 50 % of nginx ({:.0f}/s)",
                             reads.size(), body_bytes, static_rps));
    lines.back().note += fmt::format("; ratio to nginx {:.2f}", r.per_second(kRead) / static_rps);
    lines.push_back({"read one declaration", "resident memory", rss.take(), "MB", "≤ 300", true,
                     "peak over the servers"});
  }
  std::vector<std::string> queue_requests;
  for (const auto& [target, s] : world.queues)
    queue_requests.push_back(tidu::bench::http_request("GET", target, s.headers));
  if (wanted(o, "queue")) {
    Rotation script(kQueue, queue_requests);
    const auto r = tidu::bench::run_load(steady, script);
    steady_lines("reviewer's queue page", r, kQueue, 5000, 20,
                 fmt::format("{} reviewers, 50 rows a page", queue_requests.size()));
    lines.push_back({"reviewer's queue page", "resident memory", rss.take(), "MB", "≤ 300", true,
                     "peak over the servers"});
  }
  if (wanted(o, "saves")) {
    Saves script(world.savers, o.connections);
    const auto r = tidu::bench::run_load(steady, script);
    steady_lines("draft saves", r, kSave, 3000, 1e9,
                 fmt::format("{} drafts, one section (narrative) each", world.savers.size()));
    lines.pop_back();  // the target is the rate; the latency is in the note
    lines.back().note += fmt::format("; p99 {:.1f} ms", r.of(kSave).percentile(99));
    lines.push_back({"draft saves", "resident memory", rss.take(), "MB", "≤ 300", true,
                     "peak over the servers"});
  }
  if (wanted(o, "rush") && !world.rushers.empty()) {
    const std::size_t kReviewers = o.reviewers;
    Rush script(world.rushers, queue_requests, kReviewers, std::chrono::seconds(60));
    const auto r = tidu::bench::run_load({.ports = ports,
                                          .connections = kReviewers + 256,
                                          .duration = std::chrono::milliseconds(0),
                                          .timeout = std::chrono::seconds(30)},
                                         script);
    // Every acknowledged submission is stored with the hash it was acknowledged with.
    auto state = must(tidu::cli::open_state(config), "open the dataset");
    std::size_t stored = 0;
    for (const auto& [id, sha] : script.acknowledged()) {
      const auto rows = must(
          state.database->query("SELECT s.sha256 FROM declarations d JOIN snapshots s ON "
                                "s.declaration_id = d.id AND s.number = d.snapshot_number WHERE "
                                "d.id = $1 AND d.state = 'submitted'",
                                {id}),
          "read back");
      if (!rows.empty() && rows[0].get_text(0) == sha) ++stored;
    }
    std::vector<double> all = r.of(kSave).latencies_ms;
    all.insert(all.end(), r.of(kSubmit).latencies_ms.begin(), r.of(kSubmit).latencies_ms.end());
    std::ranges::sort(all);
    tidu::bench::Series both;
    both.latencies_ms = all;
    const auto acked = script.acknowledged().size();
    lines.push_back(
        {"deadline rush", "submissions acknowledged and stored", static_cast<double>(stored), "",
         fmt::format("= {}", acked), stored == acked && acked == world.rushers.size(),
         fmt::format("{} enterprises over 60 s; last acknowledged at {:.1f} s; failed "
                     "saves {}, failed submissions {}{}",
                     world.rushers.size(), script.span_s(), script.failed_saves_,
                     script.failed_submits_,
                     script.failures_.empty() ? "" : "; first: " + script.failures_[0])});
    lines.push_back({"deadline rush", "p99 latency, saves and submissions", both.percentile(99),
                     "ms", "≤ 100", both.percentile(99) <= 100,
                     fmt::format("save p50 {:.1f} p99 {:.1f}; submit p50 {:.1f} p99 {:.1f}",
                                 r.of(kSave).percentile(50), r.of(kSave).percentile(99),
                                 r.of(kSubmit).percentile(50), r.of(kSubmit).percentile(99))});
    lines.push_back({"deadline rush", "reviewers' queue reads p99", r.of(kQueue).percentile(99),
                     "ms", "", true,
                     fmt::format("{} reads by {} reviewers", r.of(kQueue).count(), kReviewers)});
    lines.push_back({"deadline rush", "resident memory", rss.take(), "MB", "≤ 300", true,
                     "peak over the servers"});
    // The submissions were acknowledged before their copied-text checks ran: how long the
    // servers' check threads take to work the backlog off once the rush is over.
    const auto drained_from = Clock::now();
    std::int64_t waiting = -1;
    for (;;) {
      const auto rows = must(state.database->query("SELECT COUNT(*) FROM text_check_backlog"),
                             "read the backlog");
      waiting = rows[0].get_int(0);
      if (waiting == 0 || Clock::now() - drained_from > std::chrono::minutes(20)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    const double drained_s = std::chrono::duration<double>(Clock::now() - drained_from).count();
    lines.push_back({"deadline rush", "copied-text checks done after the rush", drained_s, "s", "",
                     waiting == 0,
                     waiting == 0 ? fmt::format("all {} checked", acked)
                                  : fmt::format("{} still waiting after 20 minutes", waiting)});
    const double checking_mb = rss.take();
    lines.push_back({"deadline rush", "resident memory while checking", checking_mb, "MB", "≤ 300",
                     checking_mb <= 300, "peak over the servers"});
  }
  if (wanted(o, "soak") && o.soak_s > 0) {
    if (world.savers.empty()) die("the soak saves drafts: give --saves a number above 0");
    // Windows of 30 s; the warm-up is the first fifth of the run, at least one minute.
    const int window_s = std::min(30, o.soak_s);
    const int windows = std::max(1, o.soak_s / window_s);
    const int warmup_windows = std::clamp((windows + 4) / 5, std::min(2, windows - 1), windows - 1);
    Mixed script(reads, queue_requests, world.savers, o.connections);
    (void)rss.take();
    std::cout << fmt::format("\nsoak: {} windows of {} s, {} connections, warm-up {} windows\n",
                             windows, window_s, o.connections, warmup_windows);
    std::cout << fmt::format("{:>6} {:>9} {:>9} {:>9} {:>9} {:>9} {:>10}\n", "window", "reads/s",
                             "queue/s", "saves/s", "not 200", "p99 ms", "peak RSS MB");
    std::size_t bad = 0;
    std::size_t answered = 0;
    double baseline = 0;
    double highest_after = 0;
    std::vector<double> after;  // peak RSS of each window after the warm-up
    for (int w = 0; w < windows; ++w) {
      const auto r = tidu::bench::run_load({.ports = ports,
                                            .connections = o.connections,
                                            .duration = std::chrono::seconds(window_s)},
                                           script);
      std::size_t window_bad = 0;
      std::vector<double> all;
      for (const auto& [series, s] : r.series) {
        answered += s.count();
        window_bad += s.count() - (s.statuses.contains(200) ? s.statuses.at(200) : 0);
        all.insert(all.end(), s.latencies_ms.begin(), s.latencies_ms.end());
      }
      std::ranges::sort(all);
      tidu::bench::Series merged;
      merged.latencies_ms = std::move(all);
      bad += window_bad;
      const double peak_mb = rss.take();
      if (w == warmup_windows - 1) baseline = peak_mb;
      if (w >= warmup_windows) {
        highest_after = std::max(highest_after, peak_mb);
        after.push_back(peak_mb);
      }
      std::cout << fmt::format("{:>6} {:>9.0f} {:>9.0f} {:>9.0f} {:>9} {:>9.1f} {:>10.1f}{}\n",
                               w + 1, r.per_second(kRead), r.per_second(kQueue),
                               r.per_second(kSave), window_bad, merged.percentile(99), peak_mb,
                               w < warmup_windows ? "  (warm-up)" : "");
      std::cout.flush();
    }
    // Least-squares slope of the windows after the warm-up, in MB per minute.
    double slope = 0;
    if (after.size() >= 2) {
      const double n = static_cast<double>(after.size());
      double sx = 0, sy = 0, sxx = 0, sxy = 0;
      for (std::size_t i = 0; i < after.size(); ++i) {
        const double x = static_cast<double>(i) * window_s / 60.0;
        sx += x;
        sy += after[i];
        sxx += x * x;
        sxy += x * after[i];
      }
      slope = (n * sxy - sx * sy) / std::max(1e-9, n * sxx - sx * sx);
    }
    lines.push_back({"soak, mixed load", "answers other than 200", static_cast<double>(bad), "",
                     "= 0", bad == 0,
                     fmt::format("{} answers in {} s (12 reads : 5 queue pages : 3 saves)",
                                 answered, windows * window_s)});
    const double growth = baseline > 0 ? (highest_after / baseline - 1) * 100 : 0;
    lines.push_back({"soak, mixed load", "resident memory after warm-up vs its end", growth, "%",
                     "≤ 10", growth <= 10,
                     fmt::format("end of warm-up {:.1f} MB, highest after {:.1f} MB, slope {:+.2f} "
                                 "MB/min",
                                 baseline, highest_after, slope)});
  }
  const double peak = rss.take();
  for (auto& l : lines)
    if (l.measure == "resident memory") l.met = l.value <= 300;
  lines.push_back({"all of the above", "peak resident memory", std::max(peak, rss.overall()), "MB",
                   "≤ 300", std::max(peak, rss.overall()) <= 300, "largest of any server"});
  servers.clear();

  bool met = true;
  json out = json::array();
  std::cout << fmt::format("\n{:<34} {:<40} {:>10} {:<4} {:<10} {}\n", "scenario", "measure",
                           "value", "", "target", "result");
  for (const auto& l : lines) {
    met = met && l.met;
    std::cout << fmt::format("{:<34} {:<40} {:>10.2f} {:<4} {:<10} {}  {}\n", l.scenario, l.measure,
                             l.value, l.unit, l.target,
                             l.target.empty() ? "ref" : (l.met ? "PASS" : "FAIL"), l.note);
    out.push_back({{"scenario", l.scenario},
                   {"measure", l.measure},
                   {"value", l.value},
                   {"unit", l.unit},
                   {"target", l.target},
                   {"met", l.met},
                   {"note", l.note}});
  }
  if (!o.json_out.empty()) std::ofstream(o.json_out) << out.dump(2) << '\n';
  fs::remove_all(scratch);
  return met ? 0 : 1;
}
