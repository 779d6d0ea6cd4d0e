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
// pages stay in memory; lookups read it beside text_bands, and a BandKeeper in every server moves
// the rows into text_bands in key order, off the request path. Lookups probe text_bands only
// for keys the round's BandFilters filter may hold.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <stop_token>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "access/principal.hpp"
#include "catalogue/catalogue.hpp"
#include "core/error.hpp"
#include "service/common.hpp"
#include "service/declarations.hpp"
#include "similarity/bloom.hpp"
#include "similarity/copies.hpp"
#include "similarity/passages.hpp"
#include "storage/pool.hpp"

namespace tidu::service {

class BandFilters;

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
  /// Submissions whose check still waits in the backlog (of the declaration: 0 or 1; of the
  /// round: those within the region read); their pairs are not in `matches` yet.
  std::size_t pending = 0;
};

/// What indexing one declaration did.
struct IndexReport {
  std::size_t passages = 0;
  std::size_t candidates = 0;  ///< passages of others agreeing on two bands or more
  std::size_t matches = 0;     ///< pairs stored
  std::size_t probed = 0;      ///< band keys looked up in text_bands (the others: filtered out)
  std::size_t crowded = 0;     ///< band keys left out: shared by more than 200 other passages
};

class CopiedText {
 public:
  /// `filters` (may be null: every key probed) spare lookups of keys no passage has.
  CopiedText(storage::Pool& pool, const catalogue::Catalogue& catalogue, Declarations& declarations,
             Clock clock, BandFilters* filters = nullptr);

  /// Stores the passages of the declaration's newest submitted version and the pairs they form
  /// with other enterprises' passages in its round. Replaces what an earlier submission stored.
  Result<IndexReport> index_submission(const std::string& declaration_id);

  /// The backlog of checks (text_check_backlog): each submission's transaction queues the check
  /// of its declaration, so the submission is acknowledged without waiting for it and a crash
  /// loses no check. `tidu serve`'s TextChecker works the backlog off one check at a time; without
  /// one (tests, operator commands) the check runs right after the submission (check_waiting).
  ///
  /// check_next claims the oldest waiting check that no server holds (a claim older than
  /// kBacklogClaimSeconds is taken to be lost with its server) in the name of `claimant` (the
  /// server's host and port) and runs index_submission. The row goes once the check succeeded, or
  /// when the declaration has no submitted version; a failed check keeps its row, with the
  /// error, to be tried again when its claim is stale, at most kBacklogAttempts times (then
  /// `tidu similarity` checks the whole round). Returns the declaration checked, or nullopt when
  /// none waited.
  Result<std::optional<std::string>> check_next(const std::string& claimant = "");
  /// check_next for the one declaration, if its check waits.
  Result<void> check_waiting(const std::string& declaration_id);
  /// Releases the claims made in the name of `claimant` (a server starting under the name of the
  /// process it replaces, which cannot be working on them any more). Returns how many.
  Result<std::size_t> release_claims(const std::string& claimant);
  /// Checks waiting that will still be tried.
  Result<std::size_t> waiting();

  static constexpr std::int64_t kBacklogClaimSeconds = 60;
  static constexpr int kBacklogAttempts = 5;

  /// The pairs involving a declaration, most alike first. Whoever may read the declaration but
  /// its enterprise (FORBIDDEN: the check serves the reviewers).
  Result<MatchPage> for_declaration(const access::Principal& who, const std::string& id);

  /// The pairs of a round with at least one side in `region` (empty: the caller's region) and
  /// below, most alike first. Reviewers, departments and administrators (FORBIDDEN otherwise and
  /// outside the caller's region).
  Result<MatchPage> for_round(const access::Principal& who, const std::string& round_id,
                              const std::string& region, std::size_t page, std::size_t page_size);

 private:
  /// Adds to page.pending the waiting checks `where` selects (b: the backlog, d: declarations)
  /// whose enterprise lies within `region` (empty: everywhere).
  Result<void> count_pending(MatchPage& page, const std::string& where,
                             const std::vector<storage::Value>& params, const std::string& region);
  Result<MatchPage> load(const access::Principal& who, const std::string& where,
                         const std::vector<storage::Value>& params, const std::string& region,
                         std::size_t page, std::size_t page_size);

  /// Claims the declaration's waiting check (any declaration's, oldest first, when empty) and
  /// runs it; nullopt when none could be claimed.
  Result<std::optional<std::string>> check_claimed(const std::string& only,
                                                   const std::string& claimant);

  storage::Pool& pool_;
  const catalogue::Catalogue& catalogue_;
  Declarations& declarations_;
  Clock clock_;
  BandFilters* filters_;
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
                                     const declaration::Declaration& content, time::Instant now,
                                     BandFilters* filters = nullptr);

/// One passage of a declaration with its fingerprint, ready to store.
struct PreparedPassage {
  similarity::Passage passage;
  similarity::Fingerprint fingerprint;
};

/// The passages of a declaration and their fingerprints: the costly part of storing them, which
/// needs no database (loaders prepare declarations on several threads and store them in order).
std::vector<PreparedPassage> prepare_passages(const declaration::Declaration& content);

/// Where band rows are written: text_bands (loaders into a database no server is using) or
/// text_bands_recent, stamped `at` (a submission and the whole-round check; the BandKeeper moves
/// them on).
enum class BandTable { kMain, kRecent };
struct BandTarget {
  BandTable table = BandTable::kMain;
  time::Instant at{};
};

/// Stores one declaration's prepared passages with their fingerprints and band keys (no lookup):
/// what index_submission's first step writes, for loaders that check the round afterwards.
Result<std::size_t> store_passages(storage::Database& db, const std::string& round_id,
                                   const std::string& declaration_id,
                                   const std::string& enterprise_id, std::int64_t snapshot,
                                   const std::vector<PreparedPassage>& passages,
                                   const BandTarget& target = {});

/// store_passages of prepare_passages(content).
Result<std::size_t> store_passages(storage::Database& db, const std::string& round_id,
                                   const std::string& declaration_id,
                                   const std::string& enterprise_id, std::int64_t snapshot,
                                   const declaration::Declaration& content,
                                   const BandTarget& target = {});

/// A band key as stored: the round and the band's key hashed into a signed 64-bit value.
std::int64_t stored_band_key(const std::string& round_id, std::size_t band, std::uint32_t key);

/// Moves up to about `limit` band rows added before `before` (the lowest keys; every such row of
/// the last key) from text_bands_recent into text_bands, in key order, in one transaction.
/// Returns how many moved (0: none waited). Safe beside submissions and other movers.
Result<std::size_t> move_recent_bands(storage::Database& db, std::size_t limit,
                                      time::Instant before);

struct BandFilterOptions {
  /// Rows stay in text_bands_recent at least this long before the keeper moves them.
  std::chrono::seconds hold{300};
  /// A refresh reads the rows stamped since the previous one began, less this: a row stamped
  /// before its transaction committed is still read if it committed within this time.
  std::chrono::seconds lookback{60};
  /// How often the keeper refreshes the filters.
  std::chrono::seconds refresh{15};
  unsigned bits_per_key = 10;           ///< about 1 % of absent keys probed
  std::size_t min_capacity = 1U << 20;  ///< keys a filter has room for at least (1.25 MB)
};

/// For each round a lookup has asked about, a Bloom filter of the band keys in text_bands, so
/// that a submission probes the large index only for keys another passage may share. Loaded from
/// the stored fingerprints of the round's passages (text_passages.band_keys), then kept up to date
/// from text_bands_recent: every row is stamped when added and stays there `hold` before it may
/// move, and the keeper reads new rows every `refresh`. A filter is used only while that holds
/// (refreshed within hold − lookback); otherwise, and until loaded, every key is probed. A round
/// with passages of another fingerprint version is never filtered. Thread-safe.
///
/// Several servers: each keeps its own filters and reads every server's rows. Server clocks must
/// agree within a minute or so (the margin left by hold − lookback − refresh).
class BandFilters {
 public:
  explicit BandFilters(BandFilterOptions options = {});

  /// The round's filter if a lookup at `now` may trust it; nullptr otherwise, and the round is
  /// then asked for (wanted) to be loaded.
  std::shared_ptr<const similarity::BloomFilter> usable(const std::string& round_id,
                                                        time::Instant now);
  /// Asks for the round's filter ahead of its first submission (`tidu serve` at start: the
  /// rounds open for submission).
  void want(const std::string& round_id);
  /// Rounds asked for and not (freshly) loaded.
  std::vector<std::string> wanted();

  struct LoadReport {
    std::size_t passages = 0;
    std::size_t recent = 0;  ///< rows of text_bands_recent added
    bool complete = true;
    std::size_t bytes = 0;
  };
  /// Loads the round's filter (again) from its passages' fingerprints and its recent rows; `now`
  /// is taken before the call.
  Result<LoadReport> load(storage::Database& db, const std::string& round_id, time::Instant now);
  /// Adds the keys of recent rows stamped since the last refresh (less the lookback) to every
  /// loaded filter; `now` is taken before the call. Returns the rows added.
  Result<std::size_t> refresh(storage::Database& db, time::Instant now);

  [[nodiscard]] const BandFilterOptions& options() const { return options_; }

 private:
  struct Entry {
    std::shared_ptr<similarity::BloomFilter> filter;
    bool complete = true;
    time::Instant loaded_at;
    time::Instant refreshed_at;  ///< when the last load or refresh that covered it began
  };
  BandFilterOptions options_;
  std::mutex mutex_;
  std::map<std::string, Entry> rounds_;
  std::set<std::string> wanted_;
};

/// Waits for a pause in the requests' writes (storage::SqliteWriterGate::wait_for_quiet); false
/// when the thread is asked to stop.
using QuietWait = std::function<bool(const std::stop_token&)>;

struct BandKeeperOptions {
  /// Rows moved per transaction (a third of a submission's). On SQLite a batch holds the write
  /// lock while it writes its rows onto random pages of text_bands: about 0.2 s on the national
  /// dataset with a cold page cache, so batches stay small and leave the lock free between.
  std::size_t batch = 500;
  std::chrono::milliseconds idle{1000};  ///< pause between turns
  std::chrono::milliseconds busy{200};   ///< pause when a full batch moved (more wait)
  int nice = 10;                         ///< the thread's nice value: requests come first
  /// Called before each batch moves; returns once the requests' writes pause (false: stop). On
  /// SQLite a batch holds the one write lock. Null: batches move without waiting.
  QuietWait wait_for_quiet;
};

struct TextCheckerOptions {
  /// The server's name in the backlog's claims (host and port): the claims left under it by a
  /// process killed before are released when the checker starts.
  std::string claimant;
  /// How often the backlog is looked at without being woken (other servers' submissions, claims
  /// gone stale, checks that failed).
  std::chrono::milliseconds idle{1000};
  /// The thread's nice value: requests come first, and the checks of a rush wait in the backlog.
  int nice = 10;
  /// Called before each check; returns once the requests' writes pause (false: stop). On SQLite
  /// a check's transaction holds the one write lock for tens of milliseconds, and saves and
  /// submissions coming without pause (a deadline rush) would each wait behind one; the checks
  /// wait in the backlog instead. Null: checks run as they come.
  QuietWait wait_for_quiet;
};

/// The thread of each server that works off the backlog of copied-text checks
/// (CopiedText::check_next), woken by each submission of its own server and looking every `idle`
/// for the others'. The destructor stops and joins it.
class TextChecker {
 public:
  static std::unique_ptr<TextChecker> start(CopiedText& copied_text,
                                            TextCheckerOptions options = {});
  TextChecker(const TextChecker&) = delete;
  TextChecker& operator=(const TextChecker&) = delete;
  TextChecker(TextChecker&&) = delete;
  TextChecker& operator=(TextChecker&&) = delete;
  ~TextChecker();

  /// A submission was queued.
  void wake();
  [[nodiscard]] std::size_t checked() const { return checked_.load(); }
  [[nodiscard]] std::size_t failures() const { return failures_.load(); }

 private:
  TextChecker(CopiedText& copied_text, TextCheckerOptions options)
      : copied_text_(copied_text), options_(std::move(options)) {}
  void run(const std::stop_token& stop);

  CopiedText& copied_text_;
  TextCheckerOptions options_;
  std::atomic<std::size_t> checked_{0};
  std::atomic<std::size_t> failures_{0};
  std::mutex mutex_;
  std::condition_variable_any wake_;
  bool woken_ = false;
  std::jthread thread_;
};

/// The thread of each server that keeps the copied-text index: loads the filters lookups asked
/// for, refreshes them, and moves rows older than the hold time from text_bands_recent into
/// text_bands, a batch at a time, until stopped (the destructor stops and joins it). Whatever
/// fails is tried again at its next turn; meanwhile lookups stay correct, only slower.
class BandKeeper {
 public:
  static Result<std::unique_ptr<BandKeeper>> start(storage::Pool& pool, BandFilters& filters,
                                                   Clock clock, BandKeeperOptions options = {});
  BandKeeper(const BandKeeper&) = delete;
  BandKeeper& operator=(const BandKeeper&) = delete;
  BandKeeper(BandKeeper&&) = delete;
  BandKeeper& operator=(BandKeeper&&) = delete;
  ~BandKeeper();

  [[nodiscard]] std::size_t moved() const { return moved_.load(); }
  [[nodiscard]] std::size_t loads() const { return loads_.load(); }
  [[nodiscard]] std::size_t failures() const { return failures_.load(); }

 private:
  BandKeeper(storage::Pool& pool, BandFilters& filters, Clock clock, BandKeeperOptions options)
      : pool_(pool), filters_(filters), clock_(std::move(clock)), options_(std::move(options)) {}
  void run(const std::stop_token& stop);

  storage::Pool& pool_;
  BandFilters& filters_;
  Clock clock_;
  BandKeeperOptions options_;
  std::atomic<std::size_t> moved_{0};
  std::atomic<std::size_t> loads_{0};
  std::atomic<std::size_t> failures_{0};
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;
};

}  // namespace tidu::service
