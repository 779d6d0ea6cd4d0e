#pragma once
// The PostgreSQL backend over libpq.
#include <memory>
#include <string>

#include "core/error.hpp"
#include "storage/database.hpp"

namespace tidu::storage {

/// Connects to a PostgreSQL server, e.g. "postgresql://tidu@127.0.0.1:5432/tidu" (any libpq
/// connection string). The client encoding is UTF8 and server notices are not printed.
///
/// Parameters go as text with their type given for integers (int8) and doubles (float8); text
/// and NULL parameters take the type the statement implies, so a parameter whose type nothing
/// implies ("$1 IS NULL") needs CAST($1 AS TEXT), which SQLite accepts too. Result columns of
/// type int2, int4 and int8 come back as integers, float4, float8 and numeric as doubles,
/// boolean as 0 or 1 (as SQLite gives comparisons), all others as text.
///
/// The returned connection must be used by one thread at a time: open one per thread, or keep
/// several in a pool. A connection that reported DB_CONNECT is broken: discard it.
Result<std::unique_ptr<Database>> open_postgres(const std::string& url);

}  // namespace tidu::storage
