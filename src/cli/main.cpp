// Wiring only: hand the arguments to the command runner.
#include <string>
#include <vector>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return tidu::cli::run(args);
}
