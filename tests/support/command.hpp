#pragma once
// Runs a shell command for tests of the `tidu` binary: its standard output and exit code.
#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace tidu::test {

/// What a command printed on standard output and how it ended.
struct CommandOutcome {
  int code = -1;    ///< the exit code; -1 when it could not run or was killed
  std::string out;  ///< standard output (redirect 2>&1 in the command to get both)
};

/// Runs `command` with /bin/sh and waits for it.
inline CommandOutcome run_command(const std::string& command) {
  CommandOutcome r;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) r.out.append(buffer, n);
  const int status = pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace tidu::test
