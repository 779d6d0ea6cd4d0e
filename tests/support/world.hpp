#pragma once
// The shipped policy data, loaded once for all tests.
#include "catalogue/catalogue.hpp"
#include "declaration/declaration.hpp"
#include "rounds/round.hpp"

namespace tidu::test {

/// The catalogue and rounds of the repository's data/ directory; a load failure fails the test run.
const catalogue::Catalogue& catalogue();
const rounds::RoundSet& rounds();
/// The policy of a shipped round; aborts the test when it is missing.
const rounds::Policy& policy(const std::string& round_id);

}  // namespace tidu::test
