// Wiring only: tune the allocator, hand the arguments to the command runner.
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "core/allocator.hpp"

int main(int argc, char** argv) {
  tidu::tune_allocator();
  std::vector<std::string> args(argv + 1, argv + argc);
  return tidu::cli::run(args);
}
