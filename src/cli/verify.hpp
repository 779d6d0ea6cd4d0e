#pragma once
// `tidu verify FILE.pdf`: reads the verification code and hash an exported 申报书 PDF carries and
// says whether they match a submitted snapshot stored in the configured database, and which.
#include <string>
#include <vector>

#include "cli/serve.hpp"
#include "rounds/round.hpp"

namespace tidu::cli {

/// Runs `tidu verify FILE` (positionals after "verify"); prints the verdict and returns the exit
/// code: 0 the file matches a stored, unaltered snapshot; 1 it does not (with the reason); 2
/// unusable (bad usage, unreadable file, no database).
int verify_command(const std::vector<std::string>& arguments, const ServeConfig& config,
                   const rounds::RoundSet& rounds);

}  // namespace tidu::cli
