#pragma once
// The audit log in the database: appending chained records (security/audit_chain.hpp) and
// checking the whole chain a page at a time.
#include <cstddef>
#include <cstdint>
#include <optional>

#include "core/error.hpp"
#include "security/audit_chain.hpp"
#include "storage/database.hpp"

namespace tidu::service {

/// Appends `entry` (id, at, account_id, action, object, detail_json; the chain fields are filled
/// in) as the next record of the chain, on `db` and inside the caller's transaction when there
/// is one. Records from before the chain existed are chained first. Writers are serialised by
/// the audit_head row, held to the end of the transaction: write the audit record last, after
/// the rows it describes, so that no writer waits for the head while holding a row another
/// writer of the head needs. Without a transaction a writer that loses a race retries.
Result<void> append_audit_record(storage::Database& db, const audit::Record& entry);

/// What a check of the audit log found.
struct AuditCheck {
  audit::Head head;            ///< the head the check started from
  std::int64_t checked = 0;    ///< chained records found intact (head.seq when all is well)
  std::int64_t unchained = 0;  ///< records from before the chain, waiting for the next append
  std::optional<audit::Break> broken;  ///< the first break, when there is one
};

/// Checks every record up to the current head, `page_size` rows per query, then the head itself
/// and records without a number. Records appended while it runs are left for the next check.
Result<AuditCheck> check_audit_log(storage::Database& db, std::size_t page_size = 1000);

}  // namespace tidu::service
