#pragma once
// The copied-text check over the database (issue 7 item 5): at each submission the declaration's
// passages (similarity::passages_of of the submitted version) are stored with their band keys,
// the passages of other enterprises in the same round that agree on two bands or more are
// verified on their shingle sets, and every pair at least similarity::kMinSimilarity alike is
// stored with the passage the two share. Reviewers read the pairs of a declaration or of a round.
//
// The check runs after the submission has committed (Declarations' after-submit hook), in two
// steps: store the passages, then look up. Of two declarations submitted at the same moment by
// two servers, the one that looks up last sees the other's passages, so no pair is missed.
//
// A submission writes its band rows into the small table text_bands_recent (migration 017), whose
// pages stay in memory; lookups read it beside text_bands, and a BandMover in every server moves
// the rows into text_bands in key order, off the request path.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "access/principal.hpp"
#include "catalogue/catalogue.hpp"
#include "core/error.hpp"
#include "service/common.hpp"
#include "service/declarations.hpp"
#include "similarity/copies.hpp"
#include "similarity/passages.hpp"
#include "storage/pool.hpp"

namespace tidu::service {

/// One side of a pair as a reader sees it.
struct MatchSide {
  std::string declaration_id;
  std::string enterprise_name;  ///< "（其他地区企业）" when outside the reader's region
  std::string region;           ///< region code of the enterprise
  std::string region_name;
  std::string field;  ///< "$.scenarios[2].solution"
  std::string label;
  int part = 0;
  bool visible = true;  ///< the reader may open this declaration
};

struct TextMatch {
  double similarity = 0;
  std::string shared;
  MatchSide a;
  MatchSide b;
  std::string found_at;
};

struct MatchPage {
  std::vector<TextMatch> matches;
  std::size_t total = 0;
};

/// What indexing one declaration did.
struct IndexReport {
  std::size_t passages = 0;
  std::size_t candidates = 0;  ///< passages of others agreeing on two bands or more
  std::size_t matches = 0;     ///< pairs stored
};

class CopiedText {
 public:
  CopiedText(storage::Pool& pool, const catalogue::Catalogue& catalogue, Declarations& declarations,
             Clock clock);

  /// Stores the passages of the declaration's newest submitted version and the pairs they form
  /// with other enterprises' passages in its round. Replaces what an earlier submission stored.
  Result<IndexReport> index_submission(const std::string& declaration_id);

  /// The pairs involving a declaration, most alike first. Whoever may read the declaration but
  /// its enterprise (FORBIDDEN: the check serves the reviewers).
  Result<MatchPage> for_declaration(const access::Principal& who, const std::string& id);

  /// The pairs of a round with at least one side in `region` (empty: the caller's region) and
  /// below, most alike first. Reviewers, departments and administrators (FORBIDDEN otherwise and
  /// outside the caller's region).
  Result<MatchPage> for_round(const access::Principal& who, const std::string& round_id,
                              const std::string& region, std::size_t page, std::size_t page_size);

 private:
  Result<MatchPage> load(const access::Principal& who, const std::string& where,
                         const std::vector<storage::Value>& params, const std::string& region,
                         std::size_t page, std::size_t page_size);

  storage::Pool& pool_;
  const catalogue::Catalogue& catalogue_;
  Declarations& declarations_;
  Clock clock_;
};

/// What a whole round's check did.
struct RebuildReport {
  std::size_t passages = 0;
  std::size_t fingerprinted = 0;  ///< passages whose fingerprint was computed (again) from the text
  std::size_t candidates = 0;
  std::size_t matches = 0;
  std::size_t crowded_buckets = 0;  ///< band keys shared by too many passages (stock text)
  double read_seconds = 0;          ///< reading the stored fingerprints
  double fingerprint_seconds = 0;   ///< reading texts, fingerprinting them, storing the result
  double index_seconds = 0;         ///< finding the candidates
  double verify_seconds = 0;        ///< verifying them and storing the pairs
};

/// Which fingerprints a whole round's check computes from the texts.
enum class Fingerprints {
  kStored,     ///< only those missing or of another similarity::kFingerprintVersion
  kRecompute,  ///< all of them (`tidu similarity ROUND --refingerprint`)
};

/// The check of a whole round from its stored fingerprints, in memory (similarity::CopyIndex):
/// the round's pairs are replaced by what it finds. For `tidu similarity` and `tidu generate`;
/// memory grows by about 80 bytes a passage. Fingerprints are read in pages from an index;
/// texts are read only for the candidates and for fingerprints computed again (in parallel, the
/// new ones stored with the passage and its band rows).
Result<RebuildReport> rebuild_copied_text(storage::Database& db, const std::string& round_id,
                                          time::Instant now,
                                          Fingerprints fingerprints = Fingerprints::kStored);

/// What index_submission does once it has read the submitted version: replaces the
/// declaration's passages (their band rows into text_bands_recent) and pairs, then looks up the
/// other enterprises' passages of the round and stores the pairs found at `now`.
Result<IndexReport> check_submission(storage::Database& db, const std::string& round_id,
                                     const std::string& declaration_id,
                                     const std::string& enterprise_id, std::int64_t snapshot,
                                     const declaration::Declaration& content, time::Instant now);

/// One passage of a declaration with its fingerprint, ready to store.
struct PreparedPassage {
  similarity::Passage passage;
  similarity::Fingerprint fingerprint;
};

/// The passages of a declaration and their fingerprints: the costly part of storing them, which
/// needs no database (loaders prepare declarations on several threads and store them in order).
std::vector<PreparedPassage> prepare_passages(const declaration::Declaration& content);

/// Where band rows are written: text_bands (loaders and the whole-round check, which write many
/// at once) or text_bands_recent (a submission; the BandMover moves them on).
enum class BandTable { kMain, kRecent };

/// Stores one declaration's prepared passages with their fingerprints and band keys (no lookup):
/// what index_submission's first step writes, for loaders that check the round afterwards.
Result<std::size_t> store_passages(storage::Database& db, const std::string& round_id,
                                   const std::string& declaration_id,
                                   const std::string& enterprise_id, std::int64_t snapshot,
                                   const std::vector<PreparedPassage>& passages,
                                   BandTable table = BandTable::kMain);

/// store_passages of prepare_passages(content).
Result<std::size_t> store_passages(storage::Database& db, const std::string& round_id,
                                   const std::string& declaration_id,
                                   const std::string& enterprise_id, std::int64_t snapshot,
                                   const declaration::Declaration& content,
                                   BandTable table = BandTable::kMain);

/// Moves up to about `limit` band rows (the lowest keys; every row of the last key) from
/// text_bands_recent into text_bands, in key order, in one transaction. Returns how many moved
/// (0: none waited). Safe beside submissions and beside other movers on the same database.
Result<std::size_t> move_recent_bands(storage::Database& db, std::size_t limit);

struct BandMoverOptions {
  std::size_t batch = 3000;              ///< rows per transaction (about two submissions' worth)
  std::chrono::milliseconds idle{1000};  ///< pause when the last batch emptied the table
  std::chrono::milliseconds busy{100};   ///< pause when more rows wait
};

/// The thread that keeps text_bands_recent small: move_recent_bands on a pooled connection, a
/// batch at a time, until stopped (the destructor stops and joins it). A failed batch (a busy
/// database) is tried again later; until it moves, its rows are found where they are.
class BandMover {
 public:
  static Result<std::unique_ptr<BandMover>> start(storage::Pool& pool,
                                                  BandMoverOptions options = {});
  BandMover(const BandMover&) = delete;
  BandMover& operator=(const BandMover&) = delete;
  BandMover(BandMover&&) = delete;
  BandMover& operator=(BandMover&&) = delete;
  ~BandMover();

  [[nodiscard]] std::size_t moved() const { return moved_.load(); }
  [[nodiscard]] std::size_t failures() const { return failures_.load(); }

 private:
  BandMover(storage::Pool& pool, BandMoverOptions options) : pool_(pool), options_(options) {}
  void run(const std::stop_token& stop);

  storage::Pool& pool_;
  BandMoverOptions options_;
  std::atomic<std::size_t> moved_{0};
  std::atomic<std::size_t> failures_{0};
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;
};

/// A band key as stored: the round and the band's key hashed into a signed 64-bit value.
std::int64_t stored_band_key(const std::string& round_id, std::size_t band, std::uint32_t key);

}  // namespace tidu::service
