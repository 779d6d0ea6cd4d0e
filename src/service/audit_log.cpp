#include "service/audit_log.hpp"

#include <fmt/format.h>

#include <utility>
#include <vector>

#include "service/common.hpp"

namespace tidu::service {
namespace {

using storage::Database;
using storage::Row;
using storage::Value;

namespace sql {
/// Locks the head row before reading it. FOR UPDATE is not SQLite syntax; an UPDATE that changes
/// nothing takes the same row lock on PostgreSQL (held to the end of the caller's transaction,
/// so a second writer waits here and then reads the head the first one left), and on SQLite the
/// caller's BEGIN IMMEDIATE already holds the database's write lock. Outside a transaction it
/// locks nothing: the insert and the compare-and-set of the head below detect a lost race.
constexpr const char* kLockHead = "UPDATE audit_head SET seq = seq WHERE id = 1";
constexpr const char* kSelectHead = "SELECT seq, hash FROM audit_head WHERE id = 1";
/// Moves the head on, only from where this writer read it (0 rows: another writer moved it).
constexpr const char* kAdvanceHead =
    "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1 AND seq = $3";
constexpr const char* kRecordColumns =
    "seq, id, at, COALESCE(account_id, ''), action, object, detail_json, "
    "COALESCE(prev_hash, ''), hash";
/// ON CONFLICT (seq) DO NOTHING: a writer outside a transaction that lost the number to another
/// one sees 0 rows and retries, instead of an error that would abort a PostgreSQL transaction.
constexpr const char* kInsertRecord =
    "INSERT INTO audit_log (seq, id, at, account_id, action, object, detail_json, prev_hash, "
    "hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (seq) DO NOTHING";
constexpr const char* kChainUnchained =
    "UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3 AND hash IS NULL";
constexpr const char* kCountUnchained =
    "SELECT COUNT(*) FROM audit_log WHERE seq > $1 AND hash IS NULL";
constexpr const char* kCountUnnumbered = "SELECT COUNT(*) FROM audit_log WHERE seq IS NULL";
constexpr const char* kFirstUnnumbered =
    "SELECT id, at, action, object FROM audit_log WHERE seq IS NULL ORDER BY at, id LIMIT 1";

std::string records_after() {
  return fmt::format("SELECT {} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
                     kRecordColumns);
}
std::string records_between() {
  return fmt::format("SELECT {} FROM audit_log WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3",
                     kRecordColumns);
}
}  // namespace sql

constexpr const char* kChainBroken = "AUDIT_CHAIN_BROKEN";
/// Rows chained per query when records from before the chain are caught up.
constexpr std::int64_t kCatchUpPage = 500;
/// Lost races before giving up; only writers outside a transaction can lose one.
constexpr int kMaxAttempts = 50;

audit::Record record_of(const Row& r) {
  return audit::Record{.seq = r.get_int(0),
                       .id = r.get_text(1),
                       .at = r.get_text(2),
                       .account_id = r.get_text(3),
                       .action = r.get_text(4),
                       .object = r.get_text(5),
                       .detail_json = r.get_text(6),
                       .prev_hash = r.get_text(7),
                       .hash = r.is_null(8) ? std::string() : r.get_text(8)};
}

Result<audit::Head> read_head(Database& db) {
  auto rows = db.query(sql::kSelectHead);
  if (!rows) return std::unexpected(std::move(rows.error()));
  if (rows->empty()) {
    return fail(kChainBroken,
                "审计日志的链头缺失，无法写入审计记录：请管理员运行 tidu audit verify",
                "audit_head has no row 1");
  }
  return audit::Head{.seq = rows->front().get_int(0), .hash = rows->front().get_text(1)};
}

Result<std::int64_t> count(Database& db, const char* query, std::initializer_list<Value> params) {
  auto rows = db.query(query, params);
  if (!rows) return std::unexpected(std::move(rows.error()));
  return rows->empty() ? 0 : rows->front().get_int(0);
}

Error broken_after_head(const audit::Head& tip, const audit::Record& r) {
  return Error{
      kChainBroken,
      fmt::format("审计日志在序号 {} 处与链头不符，无法写入审计记录：请管理员运行 "
                  "tidu audit verify 检查",
                  r.seq),
      fmt::format("audit_log seq {} after head {} ({}) does not chain", r.seq, tip.seq, tip.hash)};
}

/// Brings the head to the end of the log: records after it are either from before the chain
/// (hash NULL: chained now) or appended by a writer outside a transaction that stopped before
/// moving the head (checked and passed over). Anything else is refused. Returns the new head.
Result<audit::Head> catch_up(Database& db, audit::Head head) {
  for (;;) {
    auto rows = db.query(sql::records_after(), {head.seq, kCatchUpPage});
    if (!rows) return std::unexpected(std::move(rows.error()));
    if (rows->empty()) return head;
    audit::Head tip = head;
    for (const Row& row : *rows) {
      audit::Record r = record_of(row);
      if (r.seq != tip.seq + 1) return std::unexpected(broken_after_head(tip, r));
      if (row.is_null(8)) {
        r = audit::link(tip, std::move(r));
        auto chained = db.execute(sql::kChainUnchained, {r.prev_hash, r.hash, r.seq});
        if (!chained) return std::unexpected(std::move(chained.error()));
      } else if (r.prev_hash != tip.hash || r.hash != audit::chain_hash(tip.hash, r)) {
        return std::unexpected(broken_after_head(tip, r));
      }
      tip = audit::Head{.seq = r.seq, .hash = r.hash};
    }
    auto moved = db.execute(sql::kAdvanceHead, {tip.seq, tip.hash, head.seq});
    if (!moved) return std::unexpected(std::move(moved.error()));
    if (*moved == 0) {  // another writer moved it meanwhile: start again from where it is now
      auto now = read_head(db);
      if (!now) return now;
      head = std::move(*now);
    } else {
      head = std::move(tip);
    }
  }
}

}  // namespace

Result<void> append_audit_record(Database& db, const audit::Record& entry) {
  auto locked = db.execute(sql::kLockHead);
  if (!locked) return std::unexpected(std::move(locked.error()));
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    auto head = read_head(db);
    if (!head) return std::unexpected(std::move(head.error()));
    auto tip = catch_up(db, std::move(*head));
    if (!tip) return std::unexpected(std::move(tip.error()));
    const audit::Record r = audit::link(*tip, entry);
    auto inserted =
        db.execute(sql::kInsertRecord, {r.seq, r.id, r.at, text_or_null(r.account_id), r.action,
                                        r.object, r.detail_json, r.prev_hash, r.hash});
    if (!inserted) return std::unexpected(std::move(inserted.error()));
    if (*inserted == 0) continue;  // the number was taken: catch up past it and try again
    // 0 rows is fine here too: a writer catching up has already moved the head past this record.
    auto moved = db.execute(sql::kAdvanceHead, {r.seq, r.hash, tip->seq});
    if (!moved) return std::unexpected(std::move(moved.error()));
    return {};
  }
  return fail(storage::codes::kBusy, "审计日志正忙，请稍后重试",
              fmt::format("audit append lost {} races for the next seq", kMaxAttempts));
}

Result<AuditCheck> check_audit_log(Database& db, std::size_t page_size) {
  AuditCheck out;
  auto head = read_head(db);
  if (!head) return std::unexpected(std::move(head.error()));
  out.head = *head;
  const auto page = static_cast<std::int64_t>(page_size == 0 ? 1 : page_size);
  audit::Verifier verifier(out.head);
  const std::string query = sql::records_between();
  std::int64_t after = 0;
  for (;;) {
    auto rows = db.query(query, {after, out.head.seq, page});
    if (!rows) return std::unexpected(std::move(rows.error()));
    for (const Row& row : *rows) {
      const audit::Record r = record_of(row);
      if (auto broken = verifier.add(r)) {
        out.checked = verifier.checked();
        out.broken = std::move(broken);
        return out;
      }
      after = r.seq;
    }
    if (static_cast<std::int64_t>(rows->size()) < page) break;
  }
  out.checked = verifier.checked();
  if (auto broken = verifier.finish()) {
    out.broken = std::move(broken);
    return out;
  }

  auto unnumbered = count(db, sql::kCountUnnumbered, {});
  if (!unnumbered) return std::unexpected(std::move(unnumbered.error()));
  if (*unnumbered > 0) {
    auto first = db.query(sql::kFirstUnnumbered);
    if (!first) return std::unexpected(std::move(first.error()));
    audit::Break b{.kind = audit::BreakKind::kUnnumbered,
                   .reason = fmt::format("记录不在链中（没有序号：不是经由审计服务写入的），"
                                         "这样的记录共 {} 条",
                                         *unnumbered)};
    if (!first->empty()) {
      const Row& r = first->front();
      b.id = r.get_text(0);
      b.at = r.get_text(1);
      b.action = r.get_text(2);
      b.object = r.get_text(3);
    }
    out.broken = std::move(b);
    return out;
  }
  auto unchained = count(db, sql::kCountUnchained, {out.head.seq});
  if (!unchained) return std::unexpected(std::move(unchained.error()));
  out.unchained = *unchained;
  return out;
}

}  // namespace tidu::service
