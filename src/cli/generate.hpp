#pragma once
// `tidu generate`: the national-scale synthetic dataset (demo::Generator) written into an empty
// database, with the copied-text check of every round; and `tidu similarity ROUND`: the check of
// a whole round again from its stored passages.
#include <map>
#include <string>
#include <vector>

#include "catalogue/catalogue.hpp"
#include "cli/serve.hpp"
#include "rounds/round.hpp"

namespace tidu::cli {

int generate_command(const std::map<std::string, std::string>& options, const ServeConfig& config,
                     const catalogue::Catalogue& catalogue, const rounds::RoundSet& rounds);

/// `tidu similarity ROUND [--refingerprint]`: the copied-text check of a whole round again;
/// `--refingerprint` computes every passage's fingerprint from its text again
/// (service::Fingerprints::kRecompute) instead of only stale ones.
int similarity_command(const std::vector<std::string>& positional,
                       const std::map<std::string, std::string>& options, const ServeConfig& config,
                       const rounds::RoundSet& rounds);

}  // namespace tidu::cli
