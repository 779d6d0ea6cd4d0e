#pragma once
// The `tidu` command line: thin adapters from arguments and files to the domain core.
#include <string>
#include <vector>

namespace tidu::cli {

/// Exit codes: 0 success / no error findings, 1 error findings, 2 unusable input.
enum ExitCode : int { kOk = 0, kFindings = 1, kUnusable = 2 };

/// Runs the command line (argv without the program name); output to stdout, problems to stderr.
int run(const std::vector<std::string>& args);

}  // namespace tidu::cli
