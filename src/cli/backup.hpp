#pragma once
// `tidu backup DIR` and `tidu restore DIR` (service/backup.hpp) on the configured database and,
// for SQLite, the data directory's file store.
#include <string>
#include <vector>

#include "cli/serve.hpp"

namespace tidu::cli {

/// `tidu backup DIR`: while the server may go on running. Exit code 0, or 2 (unusable) with
/// the reason.
int backup_command(const std::vector<std::string>& arguments, const ServeConfig& config);

/// `tidu restore DIR`: into an empty database (a new data directory, or an empty PostgreSQL
/// database), with no server running on it. Exit code 0, or 2 with the reason.
int restore_command(const std::vector<std::string>& arguments, const ServeConfig& config);

}  // namespace tidu::cli
