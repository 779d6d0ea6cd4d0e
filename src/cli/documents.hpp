#pragma once
// `tidu documents …`: the documents of the API from the command line, run on the server with the
// rights of a named account (--as USER): a declaration's 申报书, a list's 推荐汇总表, the city's
// bundle (with a progress bar) and the regional self-assessment summary.
#include <map>
#include <string>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "cli/serve.hpp"
#include "rounds/round.hpp"

namespace tidu::cli {

/// Runs `tidu documents KIND SUBJECT --as USER [options]` (positionals after "documents");
/// returns the exit code: 0 written; 1 refused (not allowed, not found, nothing to bundle);
/// 2 unusable (bad usage, no database, cannot write).
int documents_command(const std::vector<std::string>& arguments,
                      const std::map<std::string, std::string>& options, const ServeConfig& config,
                      const catalogue::Catalogue& catalogue, const rounds::RoundSet& rounds,
                      const EnvLookup& env);

}  // namespace tidu::cli
