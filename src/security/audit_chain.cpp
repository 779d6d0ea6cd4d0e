#include "security/audit_chain.hpp"

#include <fmt/format.h>

#include <utility>

#include "security/digest.hpp"

namespace tidu::audit {
namespace {

constexpr std::string_view kTag = "tidu-audit-v1;";

void append_field(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ',';
}

Break at_record(BreakKind kind, const Record& r, std::string reason) {
  return Break{.kind = kind,
               .seq = r.seq,
               .id = r.id,
               .at = r.at,
               .action = r.action,
               .object = r.object,
               .reason = std::move(reason)};
}

}  // namespace

std::string canonical(const Record& record) {
  std::string out(kTag);
  out.reserve(kTag.size() + 64 + record.detail_json.size() + record.object.size() + 128);
  append_field(out, std::to_string(record.seq));
  append_field(out, record.id);
  append_field(out, record.at);
  append_field(out, record.account_id);
  append_field(out, record.action);
  append_field(out, record.object);
  append_field(out, record.detail_json);
  append_field(out, record.prev_hash);
  return out;
}

std::string chain_hash(std::string_view prev_hash, const Record& record) {
  security::Sha256 sha;
  sha.update(prev_hash);
  sha.update(canonical(record));
  return sha.finish_hex();
}

Record link(const Head& head, Record record) {
  record.seq = head.seq + 1;
  record.prev_hash = head.hash;
  record.hash = chain_hash(head.hash, record);
  return record;
}

Verifier::Verifier(Head head) : head_(std::move(head)) {}

std::optional<Break> Verifier::add(const Record& r) {
  const std::int64_t expected = tip_.seq + 1;
  if (r.seq > expected) {
    const std::string where = tip_.seq == 0
                                  ? fmt::format("第一条应为序号 {}", expected)
                                  : fmt::format("序号 {} 之后应为 {}", tip_.seq, expected);
    return at_record(BreakKind::kMissing, r, fmt::format("记录缺失（{}，实为 {}）", where, r.seq));
  }
  if (r.seq < expected) {
    return at_record(BreakKind::kOutOfOrder, r,
                     fmt::format("序号重复或倒序（序号 {} 之后为 {}）", tip_.seq, r.seq));
  }
  if (r.seq > head_.seq) {
    return at_record(
        BreakKind::kHeadMismatch, r,
        fmt::format("链头不符（链头为序号 {}，其后不应再有记录：链头可能被改回）", head_.seq));
  }
  if (r.prev_hash != tip_.hash) {
    if (tip_.seq == 0) {
      return at_record(BreakKind::kAltered, r, "记录被修改（第一条记录的前序哈希应为 64 个 0）");
    }
    return at_record(
        BreakKind::kUnlinked, r,
        fmt::format("与前一条记录断链（本条记录的前序哈希与序号 {} 的哈希不符：序号 {} "
                    "被改写后重算了哈希，或本条记录被修改）",
                    tip_.seq, tip_.seq));
  }
  if (r.hash != chain_hash(tip_.hash, r)) {
    return at_record(BreakKind::kAltered, r, "记录被修改（内容与哈希不符）");
  }
  tip_ = Head{.seq = r.seq, .hash = r.hash};
  last_ = Break{.seq = r.seq, .id = r.id, .at = r.at, .action = r.action, .object = r.object};
  ++checked_;
  return std::nullopt;
}

std::optional<Break> Verifier::finish() const {
  if (tip_.seq < head_.seq) {
    const std::string kept =
        tip_.seq == 0 ? std::string("日志中已没有记录") : fmt::format("日志只到序号 {}", tip_.seq);
    return Break{
        .kind = BreakKind::kTruncated,
        .seq = tip_.seq + 1,
        .reason =
            fmt::format("链头不符（最后一条记录之后被删除：链头为序号 {}，{}）", head_.seq, kept),
    };
  }
  if (tip_.hash != head_.hash) {
    Break b = last_;
    b.kind = BreakKind::kHeadMismatch;
    b.seq = tip_.seq;
    b.reason = "链头不符（链头哈希与最后一条记录的哈希不符：链头或最后一条记录被改动）";
    return b;
  }
  return std::nullopt;
}

std::optional<Break> verify(std::span<const Record> records, const Head& head) {
  Verifier verifier(head);
  for (const Record& r : records) {
    if (auto broken = verifier.add(r)) return broken;
  }
  return verifier.finish();
}

}  // namespace tidu::audit
