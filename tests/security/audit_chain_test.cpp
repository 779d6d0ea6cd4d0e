// The audit hash chain: a fixed encoding and fixed hashes (a change to either breaks every stored
// chain), and each kind of break found at the right record.
#include "security/audit_chain.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using ::testing::HasSubstr;
using tidu::audit::BreakKind;
using tidu::audit::Head;
using tidu::audit::kGenesisHash;
using tidu::audit::Record;

Record fixed_record() {
  return Record{.seq = 1,
                .id = "a_000000000000000000000001",
                .at = "2026-03-01T12:00:00+08:00",
                .account_id = "u_admin",
                .action = "declaration_submit",
                .object = "declaration:d_1",
                .detail_json = R"({"after":"submitted","before":"draft","opinion":"同意"})",
                .prev_hash = std::string(kGenesisHash)};
}

/// A chain of `n` records linked from the genesis head, and the head after them.
struct Chain {
  std::vector<Record> records;
  Head head;
};

Chain make_chain(int n) {
  Chain c;
  for (int i = 1; i <= n; ++i) {
    Record r{.id = "a_" + std::to_string(i),
             .at = "2026-03-01T12:00:00+08:00",
             .account_id = i % 3 == 0 ? "" : "u_" + std::to_string(i % 3),
             .action = "declaration_submit",
             .object = "declaration:d_" + std::to_string(i),
             .detail_json = R"({"before":"draft","after":"submitted"})"};
    c.records.push_back(tidu::audit::link(c.head, r));
    c.head = Head{.seq = c.records.back().seq, .hash = c.records.back().hash};
  }
  return c;
}

TEST(AuditChain, CanonicalEncodingIsLengthPrefixedBytes) {
  EXPECT_EQ(tidu::audit::canonical(fixed_record()),
            "tidu-audit-v1;1:1,26:a_000000000000000000000001,25:2026-03-01T12:00:00+08:00,"
            "7:u_admin,18:declaration_submit,15:declaration:d_1,"
            R"(57:{"after":"submitted","before":"draft","opinion":"同意"},)"
            "64:0000000000000000000000000000000000000000000000000000000000000000,");
}

TEST(AuditChain, HashOfAFixedRecordNeverChanges) {
  const Record first = fixed_record();
  EXPECT_EQ(tidu::audit::chain_hash(kGenesisHash, first),
            "745629d005612dace8b1080fefaa1875cbd9df88370e32e9afe00f73dd7f4f0c");
  const Record linked = tidu::audit::link(Head{}, first);
  EXPECT_EQ(linked.seq, 1);
  EXPECT_EQ(linked.prev_hash, kGenesisHash);
  EXPECT_EQ(linked.hash, "745629d005612dace8b1080fefaa1875cbd9df88370e32e9afe00f73dd7f4f0c");

  const Record second = tidu::audit::link(Head{.seq = 1, .hash = linked.hash},
                                          Record{.id = "a_000000000000000000000002",
                                                 .at = "2026-03-01T12:00:00+08:00",
                                                 .action = "login",
                                                 .object = "account:u_admin",
                                                 .detail_json = "{}"});
  EXPECT_EQ(second.seq, 2);
  EXPECT_EQ(second.prev_hash, linked.hash);
  EXPECT_EQ(second.hash, "055069b4a7d4be3fa8d7e55b99088daf43c94171de92fad679105450dd0bad90");
}

TEST(AuditChain, FieldBoundariesCannotBeMovedWithoutChangingTheHash) {
  Record a = fixed_record();
  Record b = a;
  a.action = "declaration_submit";
  a.object = "x";
  b.action = "declaration_submitx";
  b.object = "";
  EXPECT_NE(tidu::audit::canonical(a), tidu::audit::canonical(b));
  EXPECT_NE(tidu::audit::chain_hash(kGenesisHash, a), tidu::audit::chain_hash(kGenesisHash, b));
}

TEST(AuditChain, AnUntouchedChainVerifies) {
  const Chain c = make_chain(5);
  EXPECT_EQ(tidu::audit::verify(c.records, c.head), std::nullopt);
  EXPECT_EQ(tidu::audit::verify({}, Head{}), std::nullopt) << "an empty log is whole";
  tidu::audit::Verifier v(c.head);
  for (const auto& r : c.records) ASSERT_EQ(v.add(r), std::nullopt);
  EXPECT_EQ(v.finish(), std::nullopt);
  EXPECT_EQ(v.checked(), 5);
}

TEST(AuditChain, AnEditedRecordIsNamed) {
  Chain c = make_chain(5);
  c.records[2].detail_json = R"({"before":"draft","after":"approved"})";
  const auto broken = tidu::audit::verify(c.records, c.head);
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->kind, BreakKind::kAltered);
  EXPECT_EQ(broken->seq, 3);
  EXPECT_EQ(broken->id, "a_3");
  EXPECT_EQ(broken->object, "declaration:d_3");
  EXPECT_THAT(broken->reason, HasSubstr("记录被修改"));
}

TEST(AuditChain, ARewrittenRecordWithARecomputedHashIsFoundAtTheNextLink) {
  Chain c = make_chain(5);
  Record& third = c.records[2];
  third.account_id = "u_intruder";
  third.hash = tidu::audit::chain_hash(third.prev_hash, third);
  const auto broken = tidu::audit::verify(c.records, c.head);
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->kind, BreakKind::kUnlinked);
  EXPECT_EQ(broken->seq, 4);
  EXPECT_THAT(broken->reason, HasSubstr("序号 3"));
}

TEST(AuditChain, ARemovedRecordIsNamedByTheGap) {
  Chain c = make_chain(5);
  c.records.erase(c.records.begin() + 2);  // seq 3
  const auto broken = tidu::audit::verify(c.records, c.head);
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->kind, BreakKind::kMissing);
  EXPECT_EQ(broken->seq, 4);
  EXPECT_EQ(broken->reason, "记录缺失（序号 2 之后应为 3，实为 4）");

  Chain first_gone = make_chain(3);
  first_gone.records.erase(first_gone.records.begin());
  const auto at_start = tidu::audit::verify(first_gone.records, first_gone.head);
  ASSERT_TRUE(at_start);
  EXPECT_EQ(at_start->kind, BreakKind::kMissing);
  EXPECT_EQ(at_start->reason, "记录缺失（第一条应为序号 1，实为 2）");
}

TEST(AuditChain, RecordsRemovedFromTheEndAreFoundAgainstTheHead) {
  Chain c = make_chain(5);
  c.records.pop_back();
  c.records.pop_back();
  const auto broken = tidu::audit::verify(c.records, c.head);
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->kind, BreakKind::kTruncated);
  EXPECT_EQ(broken->seq, 4) << "the first missing record";
  EXPECT_EQ(broken->reason, "链头不符（最后一条记录之后被删除：链头为序号 5，日志只到序号 3）");

  const Chain all = make_chain(2);
  const auto emptied = tidu::audit::verify({}, all.head);
  ASSERT_TRUE(emptied);
  EXPECT_EQ(emptied->kind, BreakKind::kTruncated);
  EXPECT_EQ(emptied->seq, 1);
}

TEST(AuditChain, AHeadThatDisagreesWithTheLastRecordIsReported) {
  Chain c = make_chain(3);
  Head wrong = c.head;
  wrong.hash = std::string(kGenesisHash);
  const auto broken = tidu::audit::verify(c.records, wrong);
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->kind, BreakKind::kHeadMismatch);
  EXPECT_EQ(broken->seq, 3);
  EXPECT_EQ(broken->id, "a_3");

  // A head moved back: records after it are not part of the chain it vouches for.
  const auto behind = tidu::audit::verify(c.records, Head{.seq = 2, .hash = c.records[1].hash});
  ASSERT_TRUE(behind);
  EXPECT_EQ(behind->kind, BreakKind::kHeadMismatch);
  EXPECT_EQ(behind->seq, 3);
}

TEST(AuditChain, RepeatedOrChangedNumbersAreReported) {
  Chain c = make_chain(4);
  c.records[2].seq = 2;
  const auto repeated = tidu::audit::verify(c.records, c.head);
  ASSERT_TRUE(repeated);
  EXPECT_EQ(repeated->kind, BreakKind::kOutOfOrder);
  EXPECT_EQ(repeated->id, "a_3");

  Chain first = make_chain(2);
  first.records[0].prev_hash = std::string(64, 'f');
  const auto bad_start = tidu::audit::verify(first.records, first.head);
  ASSERT_TRUE(bad_start);
  EXPECT_EQ(bad_start->kind, BreakKind::kAltered);
  EXPECT_EQ(bad_start->seq, 1);
}

}  // namespace
