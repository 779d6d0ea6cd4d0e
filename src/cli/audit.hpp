#pragma once
// `tidu audit verify`: checks the audit log's hash chain and names the first record that was
// altered or removed.
#include <string>
#include <vector>

#include "cli/serve.hpp"

namespace tidu::cli {

/// Runs `tidu audit SUBCOMMAND` (positionals after "audit") on the configured database; prints
/// the result and returns the exit code: 0 intact, 1 broken, 2 unusable (bad usage, no database).
int audit_command(const std::vector<std::string>& arguments, const ServeConfig& config);

}  // namespace tidu::cli
