#pragma once
// `tidu admin create`: the first administrator of a new installation (the demo loader makes its
// own). Every later account is created by an administrator through the API.
#include <istream>
#include <map>
#include <string>

#include "catalogue/catalogue.hpp"
#include "cli/serve.hpp"

namespace tidu::cli {

/// Creates an administrator bound to --region with --username (and --name); the password comes
/// from TIDU_ADMIN_PASSWORD, else the first line of `password_in`. Returns the exit code.
int admin_create(const std::map<std::string, std::string>& options, const ServeConfig& config,
                 const catalogue::Catalogue& catalogue, const EnvLookup& env,
                 std::istream& password_in);

}  // namespace tidu::cli
