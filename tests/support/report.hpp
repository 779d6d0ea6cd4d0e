#pragma once
// A line for the test run's summary: printed, and appended to the file TIDU_TEST_REPORT names
// (scripts/test sets it and prints the file after CTest, which shows only failing tests' output),
// so counts such as "N acknowledged submissions survived SIGKILL" appear in every CI log.
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>

namespace tidu::test {

inline void report(const std::string& line) {
  std::cout << line << '\n';
  const char* file = std::getenv("TIDU_TEST_REPORT");
  if (file == nullptr || *file == '\0') return;
  const int fd = ::open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return;
  const std::string text = line + '\n';
  (void)!::write(fd, text.data(), text.size());  // one write: lines of parallel tests stay whole
  ::close(fd);
}

}  // namespace tidu::test
