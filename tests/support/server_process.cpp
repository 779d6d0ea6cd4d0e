#include "support/server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <string_view>

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX, not in a header

namespace tidu::test {
namespace {

using namespace std::chrono_literals;

constexpr auto kStartTimeout = 20s;
constexpr auto kStopTimeout = 20s;

/// Server settings a developer's shell or CI may have exported; the test decides them instead.
constexpr std::string_view kInheritedSettings[] = {
    "TIDU_ADDRESS",     "TIDU_PORT",          "TIDU_DATA",    "TIDU_DATABASE_URL",
    "TIDU_MAX_BODY_MB", "TIDU_SESSION_HOURS", "TIDU_WORKERS", "TIDU_SECURE_COOKIE",
    "TIDU_TEST_NOW",    "TIDU_POLICY_DIR"};

bool is_inherited_setting(std::string_view entry) {
  const auto eq = entry.find('=');
  const auto name = entry.substr(0, eq);
  for (const auto s : kInheritedSettings)
    if (name == s) return true;
  return false;
}

int exit_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

ServerProcess::ServerProcess(ServerOptions options) : options_(std::move(options)) { start(); }

ServerProcess::~ServerProcess() {
  if (running()) kill();
  if (reader_.joinable()) reader_.join();
}

void ServerProcess::start(unsigned short port) {
  if (reader_.joinable()) reader_.join();
  {
    const std::lock_guard lock(mutex_);
    stderr_.clear();
    stderr_closed_ = false;
  }
  port_ = 0;

  // Everything the child needs is prepared before fork: after it only async-signal-safe calls.
  std::vector<std::string> args = {TIDU_BINARY, "serve", "--address", "127.0.0.1", "--port",
                                   std::to_string(port), "--data", options_.data_dir.string(),
                                   "--workers", std::to_string(options_.workers),
                                   // The copied-text checks at the requests' priority: at nice 10
                                   // on a machine busy with other tests and the fuzzers they got
                                   // a tenth of a core and fell minutes behind.
                                   "--background-nice", "0"};
  if (!options_.database_url.empty()) {
    args.emplace_back("--database");
    args.push_back(options_.database_url);
  }
  args.insert(args.end(), options_.arguments.begin(), options_.arguments.end());
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e)
    if (!is_inherited_setting(*e)) env.emplace_back(*e);
  env.push_back(std::string("TIDU_POLICY_DIR=") + TIDU_DEFAULT_DATA_DIR);
  for (const auto& [k, v] : options_.environment) env.push_back(k + "=" + v);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0)
    throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    // The server must not outlive a test run that crashed or was interrupted.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(126);
    const int null_fd = ::open("/dev/null", O_RDWR);
    if (null_fd < 0 || ::dup2(null_fd, 0) < 0 || ::dup2(null_fd, 1) < 0 ||
        ::dup2(pipe_fds[1], 2) < 0)
      ::_exit(126);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  pid_ = pid;
  reader_ = std::thread([this, fd = pipe_fds[0]] { read_stderr(fd); });

  static const std::regex listening(R"(tidu serve: http://[0-9.]+:([0-9]+)/)");
  std::unique_lock lock(mutex_);
  std::smatch m;
  const bool found = changed_.wait_for(lock, kStartTimeout, [&] {
    return std::regex_search(stderr_, m, listening) || stderr_closed_;
  });
  if (found && !m.empty()) {
    port_ = static_cast<unsigned short>(std::stoi(m[1].str()));
    return;
  }
  const std::string collected = stderr_;
  lock.unlock();
  const int status = kill();
  throw std::runtime_error(std::string("tidu serve did not start listening") +
                           (found ? "" : " within 20 s") + " (exit status " +
                           std::to_string(status) + "); its standard error:\n" + collected);
}

void ServerProcess::read_stderr(int fd) {
  char buf[4096];
  for (;;) {
    const auto n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    const std::lock_guard lock(mutex_);
    stderr_.append(buf, static_cast<std::size_t>(n));
    changed_.notify_all();
  }
  ::close(fd);
  const std::lock_guard lock(mutex_);
  stderr_closed_ = true;
  changed_.notify_all();
}

int ServerProcess::wait_for_exit(int first_signal) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, first_signal);
  const auto deadline = std::chrono::steady_clock::now() + kStopTimeout;
  int status = 0;
  for (;;) {
    const pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) break;
    if (r < 0 && errno != EINTR) {
      pid_ = -1;
      return -1;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(10ms);
  }
  pid_ = -1;
  if (reader_.joinable()) reader_.join();
  return exit_status(status);
}

int ServerProcess::stop() { return wait_for_exit(SIGTERM); }

int ServerProcess::kill() { return wait_for_exit(SIGKILL); }

void ServerProcess::restart() {
  if (running()) stop();
  const unsigned short previous = port_;
  try {
    start(previous);
  } catch (const std::exception&) {
    if (previous == 0) throw;
    start(0);  // the port was taken meanwhile
  }
}

long ServerProcess::peak_rss_kib() const {
  if (pid_ <= 0) return -1;
  std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmHWM:")) return std::stol(line.substr(6));
  }
  return -1;
}

std::string ServerProcess::log() const {
  const std::lock_guard lock(mutex_);
  return stderr_;
}

}  // namespace tidu::test
