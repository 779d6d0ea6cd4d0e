#pragma once
// Internal to the backends: how a statement is quoted in Error::detail.
#include <string>
#include <string_view>

namespace tidu::storage::detail {

/// The statement on one line (runs of white space become one space), cut after 300 bytes at a
/// character boundary so the log stays valid UTF-8.
std::string sql_for_log(std::string_view sql);

}  // namespace tidu::storage::detail
