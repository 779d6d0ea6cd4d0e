#pragma once
// The real `tidu serve` binary (TIDU_BINARY) as a child process for tests over real HTTP: started
// on a free port, its standard error collected, stopped with SIGTERM or killed with SIGKILL, and
// started again on the same data folder and database.
#include <sys/types.h>

#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tidu::test {

/// How to start one server.
struct ServerOptions {
  std::filesystem::path data_dir;                  ///< --data
  std::string database_url;                        ///< --database; empty: SQLite in data_dir
  std::map<std::string, std::string> environment;  ///< added to the child's environment
  std::vector<std::string> arguments;              ///< further flags, e.g. {"--max-body-mb", "1"}
  unsigned workers = 2;                            ///< --workers
};

/// One running `tidu serve`. The constructor starts it and returns once it listens; failures
/// throw std::runtime_error carrying the child's standard error. The destructor kills a server
/// still running.
class ServerProcess {
 public:
  explicit ServerProcess(ServerOptions options);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  /// The port the server listens on (127.0.0.1).
  unsigned short port() const { return port_; }
  /// True while the child has not been waited for.
  bool running() const { return pid_ > 0; }
  /// The child's process id (-1 once waited for).
  pid_t pid() const { return pid_; }
  /// The child's peak resident memory so far (VmHWM of /proc/<pid>/status) in KiB, or -1.
  long peak_rss_kib() const;
  /// SIGTERM, then waits (SIGKILL after 20 s); the exit code, or 128 + signal when killed.
  int stop();
  /// SIGKILL and waits; the status as stop() reports it.
  int kill();
  /// Stops (SIGTERM) when running and starts again with the same options on the same port, as a
  /// service manager restarts a server (a new free port when that one is taken meanwhile).
  void restart();
  /// Everything the child wrote to standard error so far.
  std::string log() const;

 private:
  void start(unsigned short port = 0);
  int wait_for_exit(int first_signal);
  void read_stderr(int fd);

  ServerOptions options_;
  pid_t pid_ = -1;
  unsigned short port_ = 0;
  std::thread reader_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::string stderr_;
  bool stderr_closed_ = false;
};

}  // namespace tidu::test
