#pragma once
// The audit log as a hash chain: each record's hash covers its content and the hash of the record
// before it, so changing or removing a record breaks every link after it, and the head (the last
// record's seq and hash, kept apart) reveals records removed from the end.
//
// Pure: no storage, no clock. It lives beside the digests in tidu_security rather than in the
// core because the chain is defined by SHA-256; passing the hash function in would only let two
// callers disagree about it.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace tidu::audit {

/// The hash before the first record: 64 zeros.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit record as stored. An absent account is the empty string (stored as NULL).
struct Record {
  std::int64_t seq = 0;          ///< 1, 2, 3 … without gaps
  std::string id = {};           ///< "a_…"
  std::string at = {};           ///< ISO 8601 with offset (core/time.hpp)
  std::string account_id = {};   ///< who; empty for the system
  std::string action = {};       ///< what, e.g. "declaration_submit"
  std::string object = {};       ///< to what, e.g. "declaration:d_…"
  std::string detail_json = {};  ///< the details exactly as stored, before and after where given
  std::string prev_hash = {};    ///< the hash of record seq − 1 (kGenesisHash for the first)
  std::string hash = {};         ///< chain_hash(prev_hash, *this)
};

/// The end of the chain: the last record's seq and hash (0 and kGenesisHash when empty).
struct Head {
  std::int64_t seq = 0;
  std::string hash = std::string(kGenesisHash);
};

/// The bytes a record's hash covers: every field but `hash`, in declaration order, each as
/// `<byte length in decimal>:<bytes>,` after the tag `tidu-audit-v1;`. The length prefixes make
/// the encoding unambiguous whatever the fields contain; seq is written in decimal. Example:
/// `tidu-audit-v1;1:7,4:a_01,…`. Changing this changes every hash: add a new tag instead.
std::string canonical(const Record& record);

/// SHA-256 (lower-case hex) of `prev_hash` followed by canonical(record).
std::string chain_hash(std::string_view prev_hash, const Record& record);

/// `record` as the next one after `head`: its seq, prev_hash and hash filled in.
Record link(const Head& head, Record record);

/// What is wrong at the first break of the chain.
enum class BreakKind {
  kAltered,       ///< the record's content no longer matches its hash
  kUnlinked,      ///< its prev_hash is not the previous record's hash (the previous was rewritten)
  kMissing,       ///< records before it were removed (seq skips)
  kOutOfOrder,    ///< seq repeats or goes back
  kTruncated,     ///< records after the last one were removed (the head is further on)
  kHeadMismatch,  ///< the head does not match the last record
  kUnnumbered,    ///< a record outside the chain (no seq: not written through the audit service)
};

/// The first place where the log and its chain disagree, with a reason in Chinese.
struct Break {
  BreakKind kind = BreakKind::kAltered;
  std::int64_t seq = 0;  ///< the record named; for kTruncated the first missing seq
  std::string id = {};   ///< empty when no record is left to name
  std::string at = {};
  std::string action = {};
  std::string object = {};
  std::string reason = {};  ///< e.g. "记录缺失（序号 41 之后应为 42，实为 44）"
};

/// Checks a log record by record, in seq order, so that it can be read a page at a time.
class Verifier {
 public:
  /// Checks the records up to `head`, which was read before the first of them.
  explicit Verifier(Head head);

  /// The next record; the break it shows, if any (stop feeding after a break).
  std::optional<Break> add(const Record& record);
  /// After the last record with seq ≤ head.seq: whether the head matches where the log ends.
  [[nodiscard]] std::optional<Break> finish() const;
  /// The records accepted so far.
  [[nodiscard]] std::int64_t checked() const { return checked_; }

 private:
  Head head_;
  Head tip_;    ///< the last record accepted (seq, hash)
  Break last_;  ///< how to name that record
  std::int64_t checked_ = 0;
};

/// The first break in `records` (all records with seq ≤ head.seq, in seq order) checked against
/// `head`; nullopt when the chain is whole.
std::optional<Break> verify(std::span<const Record> records, const Head& head);

}  // namespace tidu::audit
