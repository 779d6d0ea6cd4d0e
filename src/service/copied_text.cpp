#include "service/copied_text.hpp"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "core/allocator.hpp"
#include "declaration/json_io.hpp"
#include "security/digest.hpp"
#include "similarity/copies.hpp"
#include "similarity/passages.hpp"
#include "similarity/shingles.hpp"

namespace tidu::service {
namespace {

using storage::Value;

namespace sql {
constexpr const char* kSubmitted =
    "SELECT d.round_id, d.enterprise_id, d.snapshot_number, s.content_json FROM declarations d "
    "JOIN snapshots s ON s.declaration_id = d.id AND s.number = d.snapshot_number WHERE d.id = $1";
constexpr const char* kDeleteMatches =
    "DELETE FROM text_matches WHERE declaration_a = $1 OR declaration_b = $1";
constexpr const char* kInsertPassage =
    "INSERT INTO text_passages (id, round_id, declaration_id, enterprise_id, snapshot_number, "
    "field, part, label, text, fingerprint_version, band_keys) VALUES ($1, $2, $3, $4, $5, $6, "
    "$7, $8, $9, $10, $11)";
constexpr const char* kReplacedPassages =
    "SELECT id, fingerprint_version, band_keys, text, field, part, label FROM text_passages WHERE "
    "declaration_id = $1";
constexpr const char* kDeletePassage = "DELETE FROM text_passages WHERE id = $1";
constexpr const char* kUpdateSnapshot =
    "UPDATE text_passages SET snapshot_number = $1 WHERE id = $2";
/// A round's stored fingerprints, a page at a time, from the covering index (migration 015).
constexpr const char* kRoundFingerprints =
    "SELECT id, enterprise_id, fingerprint_version, band_keys FROM text_passages WHERE round_id = "
    "$1 AND id > $2 ORDER BY id LIMIT $3";
constexpr const char* kStoreFingerprint =
    "UPDATE text_passages SET fingerprint_version = $1, band_keys = $2 WHERE id = $3";
constexpr const char* kInsertMatch =
    "INSERT INTO text_matches (passage_a, passage_b, round_id, declaration_a, declaration_b, "
    "similarity, shared, found_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT "
    "(passage_a, passage_b) DO NOTHING";
constexpr const char* kMatchColumns =
    "m.similarity, m.shared, m.found_at, m.declaration_a, ea.name, ea.region, pa.field, pa.label, "
    "pa.part, m.declaration_b, eb.name, eb.region, pb.field, pb.label, pb.part";
constexpr const char* kMatchFrom =
    " FROM text_matches m JOIN text_passages pa ON pa.id = m.passage_a JOIN text_passages pb ON "
    "pb.id = m.passage_b JOIN declarations da ON da.id = m.declaration_a JOIN enterprises ea ON "
    "ea.id = da.enterprise_id JOIN declarations db ON db.id = m.declaration_b JOIN enterprises eb "
    "ON eb.id = db.enterprise_id ";
}  // namespace sql

/// Keys or ids a lookup names at most (SQLite allows 32,766 parameters, PostgreSQL 65,535).
constexpr std::size_t kLookupChunk = 2000;
/// Passages sharing one band key beyond which the key is stock text (the whole round's check
/// uses the same bound: CopyIndex::candidates' default).
constexpr std::size_t kMaxBucket = 200;

/// Passage ids: a declaration's passages lie together, so that storing them writes a few
/// neighbouring pages of each text_passages index rather than one random page a passage. The upper
/// 47 bits are a hash of the declaration id and a salt, the lower 16 a sequence.
constexpr unsigned kSequenceBits = 16;
constexpr std::int64_t kBlock = std::int64_t{1} << kSequenceBits;

std::int64_t block_of(const std::string& declaration_id, std::uint64_t salt) {
  std::uint64_t h = 0xcbf29ce484222325ULL ^ salt;
  for (const char c : declaration_id) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  h = similarity::mix64(h ^ salt);
  return static_cast<std::int64_t>((h >> (kSequenceBits + 1U)) << kSequenceBits);
}

/// The first of `n` free consecutive passage ids for the declaration: after its highest
/// passage when that block has room, else at the start of the first of its blocks (by salt)
/// where `n` ids are free. Random ids when none is (a 47-bit hash collision eight times over).
Result<std::int64_t> first_passage_id(storage::Database& db, const std::string& declaration_id,
                                      std::optional<std::int64_t> highest, std::size_t n) {
  const auto count = static_cast<std::int64_t>(n);
  const auto free = [&](std::int64_t lo) -> Result<bool> {
    if ((lo & (kBlock - 1)) + count > kBlock) return false;
    auto used = db.query("SELECT id FROM text_passages WHERE id >= $1 AND id < $2 LIMIT 1",
                         {lo, lo + count});
    if (!used) return std::unexpected(used.error());
    return used->empty();
  };
  if (highest) {
    auto ok = free(*highest + 1);
    if (!ok) return std::unexpected(ok.error());
    if (*ok) return *highest + 1;
  }
  for (std::uint64_t salt = 0; salt < 8; ++salt) {
    const std::int64_t lo = block_of(declaration_id, salt);
    auto ok = free(lo);
    if (!ok) return std::unexpected(ok.error());
    if (*ok) return lo;
  }
  const std::string hex = security::random_hex(8);
  return static_cast<std::int64_t>(std::stoull(hex, nullptr, 16) >> 1U);
}

struct Stored {
  std::int64_t id;
  similarity::Passage passage;
  similarity::Fingerprint fingerprint;
};

/// "INSERT INTO table … VALUES ($1, $2), ($3, $4) …" of `rows` band rows.
std::string band_insert_sql(std::string_view table, std::size_t rows) {
  std::string s = fmt::format("INSERT INTO {} (band_key, passage_id) VALUES ", table);
  for (std::size_t r = 0; r < rows; ++r)
    s += fmt::format("{}(${}, ${})", r == 0 ? "" : ", ", 2 * r + 1, 2 * r + 2);
  return s;
}

/// The INSERT of one passage's kBands band rows into text_bands_recent: $1, $2 … key and passage
/// of each row, then the round and the time every row shares.
const std::string& recent_insert() {
  static const std::string sql = [] {
    constexpr std::size_t kShared = 2 * similarity::kBands;
    std::string s =
        "INSERT INTO text_bands_recent (band_key, passage_id, round_id, added_at) VALUES ";
    for (std::size_t b = 0; b < similarity::kBands; ++b)
      s += fmt::format("{}(${}, ${}, ${}, ${})", b == 0 ? "" : ", ", 2 * b + 1, 2 * b + 2,
                       kShared + 1, kShared + 2);
    return s;
  }();
  return sql;
}

/// DELETE of one passage's kBands band rows from `table`: $1 the passage, $2 … the keys.
std::string band_delete_sql(std::string_view table) {
  std::string s = fmt::format("DELETE FROM {} WHERE passage_id = $1 AND band_key IN (", table);
  for (std::size_t b = 0; b < similarity::kBands; ++b)
    s += fmt::format("{}${}", b == 0 ? "" : ", ", b + 2);
  return s + ")";
}

Result<void> insert_bands(storage::Database& db, const BandTarget& target,
                          const std::string& round_id, std::int64_t passage,
                          const similarity::BandKeys& keys) {
  static const std::string main = band_insert_sql("text_bands", similarity::kBands);
  std::vector<Value> params;
  params.reserve(2 * similarity::kBands + 2);
  for (std::size_t b = 0; b < similarity::kBands; ++b) {
    params.emplace_back(stored_band_key(round_id, b, keys[b]));
    params.emplace_back(passage);
  }
  if (target.table == BandTable::kMain) {
    TIDU_TRY(db.execute(main, params));
    return {};
  }
  params.emplace_back(round_id);
  params.emplace_back(static_cast<std::int64_t>(target.at.time_since_epoch().count()));
  TIDU_TRY(db.execute(recent_insert(), params));
  return {};
}

/// Deletes a passage's band rows from both tables (a submission's rows may not have moved yet).
Result<void> delete_bands(storage::Database& db, const std::string& round_id, std::int64_t passage,
                          const similarity::BandKeys& keys) {
  static const std::string main = band_delete_sql("text_bands");
  static const std::string recent = band_delete_sql("text_bands_recent");
  std::vector<Value> params;
  params.reserve(1 + similarity::kBands);
  params.emplace_back(passage);
  for (std::size_t b = 0; b < similarity::kBands; ++b)
    params.emplace_back(stored_band_key(round_id, b, keys[b]));
  TIDU_TRY(db.execute(recent, params));
  TIDU_TRY(db.execute(main, params));
  return {};
}

/// The band keys a stored passage's band rows were written with. Passages stored before
/// migration 015 (version 0, no keys kept) got them from the algorithm that became version 1,
/// which is `current` (the keys the text has now) for as long as kFingerprintVersion is 1.
std::optional<similarity::BandKeys> stored_keys(
    std::int64_t version, const std::string& band_keys,
    const std::function<similarity::BandKeys()>& current) {
  if (version > 0) return similarity::decode_band_keys(band_keys);
  if (similarity::kFingerprintVersion == 1) return current();
  return std::nullopt;
}

Result<void> insert_passages(storage::Database& db, const BandTarget& target,
                             const std::string& round_id, const std::string& declaration_id,
                             const std::string& enterprise_id, std::int64_t snapshot,
                             const std::vector<Stored>& stored) {
  for (const auto& s : stored) {
    TIDU_TRY(db.execute(
        sql::kInsertPassage,
        {s.id, round_id, declaration_id, enterprise_id, snapshot, s.passage.field,
         static_cast<std::int64_t>(s.passage.part), s.passage.label, s.passage.text,
         similarity::kFingerprintVersion, similarity::encode_band_keys(s.fingerprint.keys)}));
    TIDU_TRY(insert_bands(db, target, round_id, s.id, s.fingerprint.keys));
  }
  return {};
}

/// The prepared passages as rows to store, ids not yet given (0).
std::vector<Stored> as_stored(std::vector<PreparedPassage> prepared) {
  std::vector<Stored> stored;
  stored.reserve(prepared.size());
  for (auto& p : prepared) stored.push_back({0, std::move(p.passage), std::move(p.fingerprint)});
  return stored;
}

/// Gives the passages without an id consecutive ids of the declaration.
Result<void> give_ids(storage::Database& db, const std::string& declaration_id,
                      std::optional<std::int64_t> highest, std::vector<Stored>& stored) {
  const auto n = static_cast<std::size_t>(
      std::count_if(stored.begin(), stored.end(), [](const Stored& s) { return s.id == 0; }));
  if (n == 0) return {};
  auto next = first_passage_id(db, declaration_id, highest, n);
  if (!next) return std::unexpected(next.error());
  for (auto& s : stored) {
    if (s.id == 0) s.id = (*next)++;
  }
  return {};
}

/// SQLite: a page cache of 32 MB on the connection while it checks a submission, the default
/// (2 MB) again afterwards. Storing a declaration's passages changes some 1,700 pages (its ~1,500
/// band rows land on as many random pages of the band index); with 2 MB they are written to the
/// WAL and read back before the commit, three times slower. Only for the check's duration, so
/// that pooled connections do not each keep 32 MB.
class CheckPageCache {
 public:
  explicit CheckPageCache(storage::Database& db) : db_(db) {
    if (db.dialect() != "sqlite") return;
    auto was = db.query("PRAGMA cache_size");
    if (!was || was->empty()) return;
    previous_ = fmt::format("PRAGMA cache_size = {}", (*was)[0].get_int(0));
    active_ = db.execute("PRAGMA cache_size = -32768").has_value();
  }
  CheckPageCache(const CheckPageCache&) = delete;
  CheckPageCache& operator=(const CheckPageCache&) = delete;
  ~CheckPageCache() {
    if (active_) (void)db_.execute(previous_);  // shrinking frees the pages above the size
  }

 private:
  storage::Database& db_;
  std::string previous_;
  bool active_ = false;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

std::int64_t stored_band_key(const std::string& round_id, std::size_t band, std::uint32_t key) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : round_id) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  h = similarity::mix64(h ^ (static_cast<std::uint64_t>(band) << 32U) ^ key);
  return static_cast<std::int64_t>(h);
}

CopiedText::CopiedText(storage::Pool& pool, const catalogue::Catalogue& catalogue,
                       Declarations& declarations, Clock clock, BandFilters* filters)
    : pool_(pool),
      catalogue_(catalogue),
      declarations_(declarations),
      clock_(std::move(clock)),
      filters_(filters) {}

Result<IndexReport> CopiedText::index_submission(const std::string& declaration_id) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto& db = **lease;
  auto rows = db.query(sql::kSubmitted, {declaration_id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty())
    return fail("NOT_FOUND", fmt::format("申报书“{}”没有提交的版本", declaration_id));
  const std::string round_id = (*rows)[0].get_text(0);
  const std::string enterprise_id = (*rows)[0].get_text(1);
  const std::int64_t snapshot = (*rows)[0].get_int(2);
  auto parsed = declaration::parse_declaration((*rows)[0].get_text(3));
  if (!parsed) return std::unexpected(parsed.error());
  return check_submission(db, round_id, declaration_id, enterprise_id, snapshot,
                          parsed->declaration, clock_(), filters_);
}

Result<std::optional<std::string>> CopiedText::check_next(const std::string& claimant) {
  return check_claimed({}, claimant);
}

Result<void> CopiedText::check_waiting(const std::string& declaration_id) {
  if (declaration_id.empty()) return {};
  auto checked = check_claimed(declaration_id, {});
  if (!checked) return std::unexpected(checked.error());
  return {};
}

Result<std::size_t> CopiedText::release_claims(const std::string& claimant) {
  if (claimant.empty()) return std::size_t{0};
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto n = (*lease)->execute(
      "UPDATE text_check_backlog SET claimed_at = NULL, claimed_by = NULL WHERE claimed_by = $1",
      {claimant});
  if (!n) return std::unexpected(n.error());
  return static_cast<std::size_t>(*n);
}

Result<std::size_t> CopiedText::waiting() {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto rows = (*lease)->query("SELECT COUNT(*) FROM text_check_backlog WHERE attempts < $1",
                              {std::int64_t{kBacklogAttempts}});
  if (!rows) return std::unexpected(rows.error());
  return static_cast<std::size_t>((*rows)[0].get_int(0));
}

Result<std::optional<std::string>> CopiedText::check_claimed(const std::string& only,
                                                             const std::string& claimant) {
  const auto seconds = [](time::Instant t) {
    return static_cast<std::int64_t>(t.time_since_epoch().count());
  };
  std::string id;
  std::int64_t snapshot = 0;
  {
    auto lease = pool_.acquire();
    if (!lease) return std::unexpected(lease.error());
    auto& db = **lease;
    const std::int64_t now = seconds(clock_());
    const std::int64_t stale = now - kBacklogClaimSeconds;
    // Claimed by an UPDATE that still finds the row unclaimed: of two servers reading the same
    // row, one changes it (PostgreSQL makes the other wait and look again; SQLite has one writer).
    auto rows =
        only.empty()
            ? db.query(
                  "SELECT declaration_id, snapshot FROM text_check_backlog WHERE (claimed_at "
                  "IS NULL OR claimed_at < $1) AND attempts < $2 ORDER BY queued_at LIMIT 1",
                  {stale, std::int64_t{kBacklogAttempts}})
            : db.query(
                  "SELECT declaration_id, snapshot FROM text_check_backlog WHERE "
                  "declaration_id = $3 AND (claimed_at IS NULL OR claimed_at < $1) AND "
                  "attempts < $2",
                  {stale, std::int64_t{kBacklogAttempts}, only});
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty()) return std::nullopt;
    id = (*rows)[0].get_text(0);
    snapshot = (*rows)[0].get_int(1);
    auto claimed = db.execute(
        "UPDATE text_check_backlog SET claimed_at = $1, claimed_by = $5, attempts = attempts + 1 "
        "WHERE declaration_id = $2 AND snapshot = $3 AND (claimed_at IS NULL OR claimed_at < $4)",
        {now, id, snapshot, stale, claimant.empty() ? Value(nullptr) : Value(claimant)});
    if (!claimed) return std::unexpected(claimed.error());
    if (*claimed != 1) return only.empty() ? check_claimed(only, claimant) : std::nullopt;
  }
  auto checked = index_submission(id);
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  // A resubmission since the claim replaced the row (another snapshot): it stays for its check.
  if (checked || checked.error().code == "NOT_FOUND") {
    TIDU_TRY((*lease)->execute(
        "DELETE FROM text_check_backlog WHERE declaration_id = $1 AND snapshot = $2",
        {id, snapshot}));
    return id;
  }
  TIDU_TRY((*lease)->execute(
      "UPDATE text_check_backlog SET last_error = $1 WHERE declaration_id = $2 AND snapshot = $3",
      {checked.error().code + ": " + checked.error().message, id, snapshot}));
  return std::unexpected(checked.error());
}

Result<IndexReport> check_submission(storage::Database& db, const std::string& round_id,
                                     const std::string& declaration_id,
                                     const std::string& enterprise_id, std::int64_t snapshot,
                                     const declaration::Declaration& content, time::Instant now,
                                     BandFilters* filters) {
  auto stored = as_stored(prepare_passages(content));
  const CheckPageCache cache(db);

  // Step 1: replace the declaration's passages, their band rows and pairs. A passage the earlier
  // submission stored with the same field, text and fingerprint is kept with its band rows (only
  // its snapshot changes): a resubmission writes the band rows of what was edited, not all.
  {
    auto tx = storage::Transaction::begin(db);
    if (!tx) return std::unexpected(tx.error());
    auto replaced = db.query(sql::kReplacedPassages, {declaration_id});
    if (!replaced) return std::unexpected(replaced.error());
    std::map<std::tuple<std::string, std::int64_t, std::string, std::string>, std::int64_t> kept;
    for (const auto& r : *replaced) {
      if (r.get_int(1) == similarity::kFingerprintVersion)
        kept.emplace(std::tuple(r.get_text(4), r.get_int(5), r.get_text(6), r.get_text(3)),
                     r.get_int(0));
    }
    std::set<std::int64_t> reused;
    for (auto& s : stored) {
      const auto same =
          kept.find(std::tuple(s.passage.field, static_cast<std::int64_t>(s.passage.part),
                               s.passage.label, s.passage.text));
      if (same != kept.end() && !reused.contains(same->second)) {
        s.id = same->second;
        reused.insert(s.id);
      }
    }
    std::optional<std::int64_t> highest;
    for (const auto& r : *replaced)
      highest = std::max(highest.value_or(r.get_int(0)), r.get_int(0));
    TIDU_TRY(give_ids(db, declaration_id, highest, stored));
    std::vector<Stored> added;
    for (const auto& s : stored) {
      if (!reused.contains(s.id)) added.push_back(s);
    }
    for (const auto& r : *replaced) {
      const std::int64_t id = r.get_int(0);
      if (reused.contains(id)) {
        TIDU_TRY(db.execute(sql::kUpdateSnapshot, {snapshot, id}));
        continue;
      }
      const auto current = [&r] { return similarity::fingerprint(r.get_text(3)).keys; };
      if (const auto keys = stored_keys(r.get_int(1), r.get_text(2), current))
        TIDU_TRY(delete_bands(db, round_id, id, *keys));
      TIDU_TRY(db.execute(sql::kDeletePassage, {id}));
    }
    TIDU_TRY(db.execute(sql::kDeleteMatches, {declaration_id}));
    TIDU_TRY(insert_passages(db, {BandTable::kRecent, now}, round_id, declaration_id, enterprise_id,
                             snapshot, added));
    TIDU_TRY(tx->commit());
  }

  // Step 2: look up and verify, then store the pairs.
  IndexReport report{.passages = stored.size()};
  struct Pair {
    std::int64_t a;
    std::int64_t b;
    std::string declaration_a;
    std::string declaration_b;
    double similarity;
    std::string shared;
  };
  std::vector<Pair> pairs;
  // One lookup for every band key of every passage; the agreements are counted here, per pair of
  // this declaration's passage and another's.
  std::unordered_map<std::int64_t, std::vector<std::size_t>> mine_by_key;
  std::set<std::int64_t> mine;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    mine.insert(stored[i].id);
    for (std::size_t b = 0; b < similarity::kBands; ++b)
      mine_by_key[stored_band_key(round_id, b, stored[i].fingerprint.keys[b])].push_back(i);
  }
  std::map<std::pair<std::size_t, std::int64_t>, std::size_t> agreements;
  // text_bands is probed only for the keys the round's filter may hold (all of them without a
  // usable filter); text_bands_recent for every key. Both in one statement: one snapshot, in
  // which the mover has moved a row or not.
  const auto filter = filters != nullptr ? filters->usable(round_id, now) : nullptr;
  std::vector<std::int64_t> keys;
  keys.reserve(mine_by_key.size());
  for (const auto& [key, passages] : mine_by_key) keys.push_back(key);
  // Per chunk of keys: first how many passages share each (an index-only count), then the rows
  // of the keys that are not stock text. A key more than kMaxBucket other passages share is stock
  // text every declaration carries, left out as the whole round's check leaves it out
  // (CopyIndex::candidates); its rows are never read (a rush's declarations share thousands of
  // such keys, each with thousands of rows: gigabytes of rows read only to be dropped).
  const auto probe = [&filter](std::int64_t key) {
    return filter == nullptr || filter->may_contain(static_cast<std::uint64_t>(key));
  };
  const auto lookup = [&db, &probe](std::string_view select, std::span<const std::int64_t> chunk) {
    std::vector<Value> params;
    params.reserve(2 * chunk.size());
    for (const std::int64_t key : chunk) {
      if (probe(key)) params.emplace_back(key);
    }
    const std::size_t probed = params.size();
    for (const std::int64_t key : chunk) params.emplace_back(key);
    std::string in_recent;
    for (std::size_t i = 1; i <= chunk.size(); ++i)
      in_recent += fmt::format("{}${}", i == 1 ? "" : ", ", probed + i);
    const std::string sql =
        probed == 0
            ? fmt::format(fmt::runtime(select), "text_bands_recent", in_recent)
            : fmt::format(fmt::runtime(select), "text_bands", sql_placeholders(probed)) +
                  " UNION ALL " + fmt::format(fmt::runtime(select), "text_bands_recent", in_recent);
    return std::pair(db.query(sql, params), probed);
  };
  for (std::size_t first = 0; first < keys.size(); first += kLookupChunk) {
    const std::span<const std::int64_t> chunk(keys.data() + first,
                                              std::min(kLookupChunk, keys.size() - first));
    auto [counted, probed] =
        lookup("SELECT band_key, COUNT(*) FROM {} WHERE band_key IN ({}) GROUP BY band_key", chunk);
    if (!counted) return std::unexpected(counted.error());
    report.probed += probed;
    // Rows of this declaration's own passages are among those counted.
    std::unordered_map<std::int64_t, std::size_t> sharing;
    for (const auto& row : *counted)
      sharing[row.get_int(0)] += static_cast<std::size_t>(row.get_int(1));
    std::vector<std::int64_t> asked;
    for (const auto& [key, n] : sharing) {
      const std::size_t own = mine_by_key.at(key).size();
      if (n <= own) continue;  // none but this declaration's
      if (n - own > kMaxBucket) {
        ++report.crowded;
        continue;
      }
      asked.push_back(key);
    }
    if (asked.empty()) continue;
    auto found = lookup("SELECT band_key, passage_id FROM {} WHERE band_key IN ({})", asked).first;
    if (!found) return std::unexpected(found.error());
    for (const auto& row : *found) {
      const std::int64_t other = row.get_int(1);
      if (mine.contains(other)) continue;
      for (const std::size_t i : mine_by_key.at(row.get_int(0))) ++agreements[{i, other}];
    }
  }
  std::vector<std::pair<std::size_t, std::int64_t>> candidates;
  std::vector<Value> wanted;
  std::set<std::int64_t> wanted_ids;
  for (const auto& [pair, count] : agreements) {
    if (count < similarity::kMinBands) continue;
    candidates.push_back(pair);
    if (wanted_ids.insert(pair.second).second) wanted.emplace_back(pair.second);
  }
  // The candidates' texts; passages replaced since their band rows were written are gone, and
  // passages of the same enterprise are not compared.
  struct Other {
    std::string declaration_id;
    std::string text;
    std::vector<std::uint64_t> shingles;
  };
  std::unordered_map<std::int64_t, Other> others;
  for (std::size_t first = 0; first < wanted.size(); first += kLookupChunk) {
    const std::span<const Value> chunk(wanted.data() + first,
                                       std::min(kLookupChunk, wanted.size() - first));
    auto texts = db.query(
        "SELECT id, declaration_id, enterprise_id, text FROM text_passages WHERE "
        "id IN (" +
            sql_placeholders(chunk.size()) + ")",
        chunk);
    if (!texts) return std::unexpected(texts.error());
    for (const auto& row : *texts) {
      if (row.get_text(2) == enterprise_id) continue;
      auto shingles = similarity::shingles(similarity::normalize(row.get_text(3)));
      others.emplace(row.get_int(0), Other{row.get_text(1), row.get_text(3), std::move(shingles)});
    }
  }
  for (const auto& [i, other_id] : candidates) {
    const auto found = others.find(other_id);
    if (found == others.end()) continue;
    ++report.candidates;
    const auto& s = stored[i];
    const auto& o = found->second;
    // Stored in passage order, the shared passage as the first passage has it.
    const bool mine_first = s.id < other_id;
    const auto verdict =
        mine_first
            ? similarity::compare(s.passage.text, s.fingerprint.shingles, o.text, o.shingles)
            : similarity::compare(o.text, o.shingles, s.passage.text, s.fingerprint.shingles);
    if (verdict.similarity < similarity::kMinSimilarity) continue;
    if (mine_first) {
      pairs.push_back(
          {s.id, other_id, declaration_id, o.declaration_id, verdict.similarity, verdict.shared});
    } else {
      pairs.push_back(
          {other_id, s.id, o.declaration_id, declaration_id, verdict.similarity, verdict.shared});
    }
  }
  if (!pairs.empty()) {
    auto tx = storage::Transaction::begin(db);
    if (!tx) return std::unexpected(tx.error());
    const std::string found_at = time::format_instant(now);
    for (const auto& p : pairs) {
      TIDU_TRY(db.execute(sql::kInsertMatch, {p.a, p.b, round_id, p.declaration_a, p.declaration_b,
                                              p.similarity, p.shared, found_at}));
    }
    TIDU_TRY(tx->commit());
  }
  report.matches = pairs.size();
  return report;
}

Result<MatchPage> CopiedText::for_declaration(const access::Principal& who, const std::string& id) {
  // Whether it exists is known only to those who may read it (others: NOT_FOUND).
  auto view = declarations_.get(who, id);
  if (!view) return std::unexpected(view.error());
  if (who.role == access::Role::kEnterprise)
    return fail("FORBIDDEN", "文本相似比对结果仅供审核人员查看");
  auto page = load(who, "(m.declaration_a = $1 OR m.declaration_b = $1)", {id}, "", 0, 1000);
  if (!page) return page;
  TIDU_TRY(count_pending(*page, "b.declaration_id = $2", {std::int64_t{kBacklogAttempts}, id}, ""));
  return page;
}

Result<MatchPage> CopiedText::for_round(const access::Principal& who, const std::string& round_id,
                                        const std::string& region, std::size_t page,
                                        std::size_t page_size) {
  if (who.role == access::Role::kEnterprise || who.role == access::Role::kExpert)
    return fail("FORBIDDEN", "文本相似比对结果仅供审核人员查看");
  const std::string where = region.empty() ? who.region : region;
  if (who.role != access::Role::kAdmin || !region.empty()) {
    if (auto d = access::may_see_region_statistics(who, where, catalogue_.regions); !d)
      return fail("FORBIDDEN", d.reason);
  }
  const std::string scope = who.role == access::Role::kAdmin && region.empty() ? "" : where;
  auto found = load(who, "m.round_id = $1", {round_id}, scope, page, page_size);
  if (!found) return found;
  TIDU_TRY(
      count_pending(*found, "d.round_id = $2", {std::int64_t{kBacklogAttempts}, round_id}, scope));
  return found;
}

Result<void> CopiedText::count_pending(MatchPage& page, const std::string& where,
                                       const std::vector<Value>& params,
                                       const std::string& region) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto rows = (*lease)->query(
      fmt::format("SELECT e.region FROM text_check_backlog b JOIN declarations d ON d.id = "
                  "b.declaration_id JOIN enterprises e ON e.id = d.enterprise_id WHERE "
                  "b.attempts < $1 AND {}",
                  where),
      params);
  if (!rows) return std::unexpected(rows.error());
  for (const auto& r : *rows) {
    if (region.empty() || catalogue_.regions.within(r.get_text(0), region)) ++page.pending;
  }
  return {};
}

Result<MatchPage> CopiedText::load(const access::Principal& who, const std::string& where,
                                   const std::vector<Value>& params, const std::string& region,
                                   std::size_t page, std::size_t page_size) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto rows = (*lease)->query(
      fmt::format("SELECT {}{}WHERE {} ORDER BY m.similarity DESC, m.passage_a, m.passage_b",
                  sql::kMatchColumns, sql::kMatchFrom, where),
      params);
  if (!rows) return std::unexpected(rows.error());
  const auto& regions = catalogue_.regions;
  // A side is shown by name when it lies in the reader's region (administrators: everywhere).
  const auto in_scope = [&](const std::string& code) {
    if (who.role == access::Role::kAdmin) return true;
    return !who.region.empty() && regions.within(code, who.region);
  };
  const auto side = [&](const storage::Row& r, std::size_t first) {
    MatchSide s;
    s.declaration_id = r.get_text(first);
    s.region = r.get_text(first + 2);
    s.region_name = regions.full_name(s.region);
    s.visible = in_scope(s.region);
    s.enterprise_name = s.visible ? r.get_text(first + 1) : "（其他地区企业）";
    if (!s.visible) s.declaration_id.clear();
    s.field = r.get_text(first + 3);
    s.label = r.get_text(first + 4);
    s.part = static_cast<int>(r.get_int(first + 5));
    return s;
  };
  MatchPage out;
  for (const auto& r : *rows) {
    const std::string& region_a = r.get_text(5);
    const std::string& region_b = r.get_text(11);
    if (!region.empty() && !regions.within(region_a, region) && !regions.within(region_b, region))
      continue;
    ++out.total;
    if (out.total <= page * page_size || out.matches.size() >= page_size) continue;
    out.matches.push_back({.similarity = r.get_double(0),
                           .shared = r.get_text(1),
                           .a = side(r, 3),
                           .b = side(r, 9),
                           .found_at = r.get_text(2)});
  }
  return out;
}

std::vector<PreparedPassage> prepare_passages(const declaration::Declaration& content) {
  std::vector<PreparedPassage> prepared;
  for (auto& p : similarity::passages_of(content)) {
    auto f = similarity::fingerprint(p.text);
    prepared.push_back({std::move(p), std::move(f)});
  }
  return prepared;
}

Result<std::size_t> store_passages(storage::Database& db, const std::string& round_id,
                                   const std::string& declaration_id,
                                   const std::string& enterprise_id, std::int64_t snapshot,
                                   const std::vector<PreparedPassage>& passages,
                                   const BandTarget& target) {
  auto stored = as_stored(passages);
  TIDU_TRY(give_ids(db, declaration_id, std::nullopt, stored));
  TIDU_TRY(insert_passages(db, target, round_id, declaration_id, enterprise_id, snapshot, stored));
  return stored.size();
}

Result<std::size_t> store_passages(storage::Database& db, const std::string& round_id,
                                   const std::string& declaration_id,
                                   const std::string& enterprise_id, std::int64_t snapshot,
                                   const declaration::Declaration& content,
                                   const BandTarget& target) {
  return store_passages(db, round_id, declaration_id, enterprise_id, snapshot,
                        prepare_passages(content), target);
}

Result<RebuildReport> rebuild_copied_text(storage::Database& db, const std::string& round_id,
                                          time::Instant now, Fingerprints fingerprints) {
  RebuildReport report;
  auto start = std::chrono::steady_clock::now();
  similarity::CopyIndex index;
  std::vector<std::int64_t> ids;
  std::unordered_map<std::string, std::uint32_t> owners;
  // Passages whose fingerprint is computed from the text: their number in the index, and the
  // version and keys stored with them.
  struct Stale {
    std::uint32_t number;
    std::int64_t version;
    std::string band_keys;
  };
  std::vector<Stale> stale;
  constexpr std::int64_t kPage = 20'000;
  std::int64_t after = -1;
  for (;;) {
    auto rows = db.query(sql::kRoundFingerprints, {round_id, after, kPage});
    if (!rows) return std::unexpected(rows.error());
    for (const auto& r : *rows) {
      const auto owner =
          owners.try_emplace(r.get_text(1), static_cast<std::uint32_t>(owners.size())).first;
      const std::int64_t version = r.get_int(2);
      std::optional<similarity::BandKeys> keys;
      if (fingerprints == Fingerprints::kStored && version == similarity::kFingerprintVersion)
        keys = similarity::decode_band_keys(r.get_text(3));
      const auto number = index.add(owner->second, keys.value_or(similarity::BandKeys{}));
      if (!keys) stale.push_back({number, version, r.get_text(3)});
      ids.push_back(r.get_int(0));
    }
    if (static_cast<std::int64_t>(rows->size()) < kPage) break;
    after = ids.back();
  }
  report.passages = ids.size();
  report.read_seconds = seconds_since(start);

  // Fingerprints computed from the texts, a page at a time on every hardware thread; those that
  // changed are stored with the passage, and its band rows follow.
  start = std::chrono::steady_clock::now();
  constexpr std::size_t kTextPage = 2000;
  for (std::size_t first = 0; first < stale.size(); first += kTextPage) {
    const std::size_t n = std::min(kTextPage, stale.size() - first);
    std::vector<Value> wanted;
    wanted.reserve(n);
    std::unordered_map<std::int64_t, std::size_t> position;
    for (std::size_t i = 0; i < n; ++i) {
      wanted.emplace_back(ids[stale[first + i].number]);
      position.emplace(ids[stale[first + i].number], first + i);
    }
    auto rows = db.query(
        "SELECT id, text FROM text_passages WHERE id IN (" + sql_placeholders(n) + ")", wanted);
    if (!rows) return std::unexpected(rows.error());
    std::vector<similarity::BandKeys> computed(rows->size());
    similarity::for_each_parallel(rows->size(), [&](std::size_t i) {
      computed[i] = similarity::fingerprint((*rows)[i].get_text(1)).keys;
    });
    auto tx = storage::Transaction::begin(db);
    if (!tx) return std::unexpected(tx.error());
    for (std::size_t i = 0; i < rows->size(); ++i) {
      const std::int64_t id = (*rows)[i].get_int(0);
      const Stale& s = stale[position.at(id)];
      const auto& keys = computed[i];
      index.set_keys(s.number, keys);
      ++report.fingerprinted;
      const auto old = stored_keys(s.version, s.band_keys, [&keys] { return keys; });
      if (s.version == similarity::kFingerprintVersion && old == keys) continue;
      TIDU_TRY(db.execute(sql::kStoreFingerprint, {similarity::kFingerprintVersion,
                                                   similarity::encode_band_keys(keys), id}));
      if (old == keys) continue;  // the band rows are right already
      if (old) TIDU_TRY(delete_bands(db, round_id, id, *old));
      // Through text_bands_recent, so that running servers' filters learn the new keys.
      TIDU_TRY(insert_bands(db, {BandTable::kRecent, now}, round_id, id, keys));
    }
    TIDU_TRY(tx->commit());
  }
  report.fingerprint_seconds = seconds_since(start);

  start = std::chrono::steady_clock::now();
  const auto candidates = index.candidates();
  report.candidates = candidates.pairs.size();
  report.crowded_buckets = candidates.crowded_buckets;
  report.index_seconds = seconds_since(start);

  start = std::chrono::steady_clock::now();
  struct Text {
    std::string declaration_id;
    std::string text;
    std::vector<std::uint64_t> shingles;
  };
  std::unordered_map<std::int64_t, Text> texts;
  std::vector<std::int64_t> wanted;
  for (const auto& [a, b] : candidates.pairs) {
    wanted.push_back(ids[a]);
    wanted.push_back(ids[b]);
  }
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  constexpr std::size_t kChunk = 500;
  for (std::size_t first = 0; first < wanted.size(); first += kChunk) {
    const std::size_t n = std::min(kChunk, wanted.size() - first);
    const std::string sql = "SELECT id, declaration_id, text FROM text_passages WHERE id IN (" +
                            sql_placeholders(n) + ")";
    std::vector<Value> params(wanted.begin() + static_cast<std::ptrdiff_t>(first),
                              wanted.begin() + static_cast<std::ptrdiff_t>(first + n));
    auto rows = db.query(sql, params);
    if (!rows) return std::unexpected(rows.error());
    for (const auto& r : *rows) {
      auto shingles = similarity::shingles(similarity::normalize(r.get_text(2)));
      texts.emplace(r.get_int(0), Text{r.get_text(1), r.get_text(2), std::move(shingles)});
    }
  }
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  TIDU_TRY(db.execute("DELETE FROM text_matches WHERE round_id = $1", {round_id}));
  const std::string found_at = time::format_instant(now);
  for (const auto& [a, b] : candidates.pairs) {
    // Stored in passage-id order, as index_submission stores them.
    std::int64_t first = ids[a];
    std::int64_t second = ids[b];
    if (second < first) std::swap(first, second);
    const auto ta = texts.find(first);
    const auto tb = texts.find(second);
    if (ta == texts.end() || tb == texts.end()) continue;
    const auto v = similarity::compare(ta->second.text, ta->second.shingles, tb->second.text,
                                       tb->second.shingles);
    if (v.similarity < similarity::kMinSimilarity) continue;
    TIDU_TRY(db.execute(sql::kInsertMatch,
                        {first, second, round_id, ta->second.declaration_id,
                         tb->second.declaration_id, v.similarity, v.shared, found_at}));
    ++report.matches;
  }
  TIDU_TRY(tx->commit());
  report.verify_seconds = seconds_since(start);
  return report;
}

Result<std::size_t> move_recent_bands(storage::Database& db, std::size_t limit,
                                      time::Instant before) {
  if (limit == 0) return std::size_t{0};
  const auto cutoff = static_cast<std::int64_t>(before.time_since_epoch().count());
  // Read before the write transaction, so that the writer's lock is held only to move: whether
  // any row is old enough (the time index), then the batch, the lowest `limit` keys of such rows
  // (and every such row of the last of them), read from the index of keys and times alone
  // (migration 022).
  auto any = db.query("SELECT 1 FROM text_bands_recent WHERE added_at < $1 LIMIT 1", {cutoff});
  if (!any) return std::unexpected(any.error());
  if (any->empty()) return std::size_t{0};
  auto keys = db.query(
      "SELECT band_key FROM text_bands_recent WHERE added_at < $1 ORDER BY band_key LIMIT $2",
      {cutoff, static_cast<std::int64_t>(limit)});
  if (!keys) return std::unexpected(keys.error());
  if (keys->empty()) return std::size_t{0};
  auto tx = storage::Transaction::begin(db);
  if (!tx) return std::unexpected(tx.error());
  // DELETE … RETURNING hands over exactly the rows this transaction removed: of two movers (two
  // servers on PostgreSQL) each row is moved by one, and a row a submission adds meanwhile stays
  // for a later batch.
  auto moved = db.query(
      "DELETE FROM text_bands_recent WHERE band_key <= $1 AND added_at < $2 RETURNING band_key, "
      "passage_id",
      {keys->back().get_int(0), cutoff});
  if (!moved) return std::unexpected(moved.error());
  std::vector<std::pair<std::int64_t, std::int64_t>> rows;
  rows.reserve(moved->size());
  for (const auto& r : *moved) rows.emplace_back(r.get_int(0), r.get_int(1));
  std::sort(rows.begin(), rows.end());
  constexpr std::size_t kRowsPerInsert = 500;
  std::vector<Value> params;
  for (std::size_t first = 0; first < rows.size(); first += kRowsPerInsert) {
    const std::size_t n = std::min(kRowsPerInsert, rows.size() - first);
    params.clear();
    for (std::size_t i = first; i < first + n; ++i) {
      params.emplace_back(rows[i].first);
      params.emplace_back(rows[i].second);
    }
    TIDU_TRY(db.execute(band_insert_sql("text_bands", n), params));
  }
  TIDU_TRY(tx->commit());
  return rows.size();
}

BandFilters::BandFilters(BandFilterOptions options) : options_(options) {}

std::shared_ptr<const similarity::BloomFilter> BandFilters::usable(const std::string& round_id,
                                                                   time::Instant now) {
  const std::lock_guard lock(mutex_);
  const auto found = rounds_.find(round_id);
  if (found == rounds_.end()) {
    wanted_.insert(round_id);
    return nullptr;
  }
  const Entry& e = found->second;
  if (!e.complete) {
    // Passages of another fingerprint version: tried again now and then (`tidu similarity`
    // computes their fingerprints anew).
    if (now - e.loaded_at >= std::chrono::minutes(10)) wanted_.insert(round_id);
    return nullptr;
  }
  // Every row moved into text_bands by now was added before now − hold and committed within the
  // lookback of its stamp, so a refresh that started after that has read it.
  if (now - e.refreshed_at > options_.hold - options_.lookback) {
    wanted_.insert(round_id);  // refreshes stalled: loaded anew
    return nullptr;
  }
  if (e.filter->added() > e.filter->capacity()) wanted_.insert(round_id);  // reload, larger
  return e.filter;
}

void BandFilters::want(const std::string& round_id) {
  const std::lock_guard lock(mutex_);
  if (!rounds_.contains(round_id)) wanted_.insert(round_id);
}

std::vector<std::string> BandFilters::wanted() {
  const std::lock_guard lock(mutex_);
  return {wanted_.begin(), wanted_.end()};
}

namespace {

std::int64_t seconds_of(time::Instant t) {
  return static_cast<std::int64_t>(t.time_since_epoch().count());
}

/// Seconds of text_bands_recent read by one query of each_recent_window.
constexpr std::int64_t kRecentWindow = 5;

/// Calls `each` with the `columns` of every text_bands_recent row stamped from `from` on (and
/// matching `also`, a condition on `params`), kRecentWindow seconds of rows per query and call,
/// each window starting at the next stamp there is: behind a rush's checks the table holds
/// millions of rows, and one query's rows all in memory at once took the server past 600 MB.
/// Returns the rows read.
Result<std::size_t> each_recent_window(
    storage::Database& db, std::string_view columns, std::string_view also,
    const std::vector<Value>& params, std::int64_t from,
    const std::function<void(const std::vector<storage::Row>&)>& each) {
  // `also` names its one parameter "${}": $2 after the cursor, $3 after a window's bounds.
  const auto and_also = [also](int n) {
    return also.empty() ? std::string() : " AND " + fmt::format(fmt::runtime(also), n);
  };
  const std::string next_sql = fmt::format(
      "SELECT MIN(added_at) FROM text_bands_recent WHERE added_at >= $1{}", and_also(2));
  const std::string rows_sql =
      fmt::format("SELECT {} FROM text_bands_recent WHERE added_at >= $1 AND added_at < $2{}",
                  columns, and_also(3));
  std::size_t read = 0;
  std::int64_t cursor = from;
  for (;;) {
    std::vector<Value> bound{cursor};
    bound.insert(bound.end(), params.begin(), params.end());
    auto next = db.query(next_sql, bound);
    if (!next) return std::unexpected(next.error());
    if (next->empty() || (*next)[0].is_null(0)) return read;
    const std::int64_t start = (*next)[0].get_int(0);
    bound = {start, start + kRecentWindow};
    bound.insert(bound.end(), params.begin(), params.end());
    auto rows = db.query(rows_sql, bound);
    if (!rows) return std::unexpected(rows.error());
    each(*rows);
    read += rows->size();
    cursor = start + kRecentWindow;
  }
}

}  // namespace

Result<BandFilters::LoadReport> BandFilters::load(storage::Database& db,
                                                  const std::string& round_id, time::Instant now) {
  LoadReport report;
  auto counted = db.query("SELECT COUNT(*) FROM text_passages WHERE round_id = $1", {round_id});
  if (!counted) return std::unexpected(counted.error());
  const auto passages = static_cast<std::size_t>((*counted)[0].get_int(0));
  // Room for half as many again before it is loaded anew.
  const std::size_t capacity =
      std::max<std::size_t>(options_.min_capacity, passages * similarity::kBands * 3 / 2);
  auto filter = std::make_shared<similarity::BloomFilter>(capacity, options_.bits_per_key);
  bool complete = true;
  std::int64_t after = -1;
  constexpr std::int64_t kPage = 20'000;
  while (complete) {
    auto rows = db.query(sql::kRoundFingerprints, {round_id, after, kPage});
    if (!rows) return std::unexpected(rows.error());
    for (const auto& r : *rows) {
      const auto keys = r.get_int(2) == similarity::kFingerprintVersion
                            ? similarity::decode_band_keys(r.get_text(3))
                            : std::nullopt;
      if (!keys) {
        // Band rows written by another algorithm version: their keys are not known here.
        complete = false;
        break;
      }
      for (std::size_t b = 0; b < similarity::kBands; ++b)
        filter->add(static_cast<std::uint64_t>(stored_band_key(round_id, b, (*keys)[b])));
      ++report.passages;
    }
    if (static_cast<std::int64_t>(rows->size()) < kPage) break;
    after = rows->back().get_int(0);
  }
  auto added = each_recent_window(db, "band_key", "round_id = ${}", {round_id}, 0,
                                  [&filter](const std::vector<storage::Row>& rows) {
                                    for (const auto& r : rows)
                                      filter->add(static_cast<std::uint64_t>(r.get_int(0)));
                                  });
  if (!added) return std::unexpected(added.error());
  report.recent = *added;
  report.complete = complete;
  report.bytes = filter->bytes();
  const std::lock_guard lock(mutex_);
  rounds_[round_id] = Entry{
      .filter = std::move(filter), .complete = complete, .loaded_at = now, .refreshed_at = now};
  wanted_.erase(round_id);
  return report;
}

Result<std::size_t> BandFilters::refresh(storage::Database& db, time::Instant now) {
  std::optional<time::Instant> since;
  {
    const std::lock_guard lock(mutex_);
    for (const auto& [id, e] : rounds_)
      since = std::min(since.value_or(e.refreshed_at), e.refreshed_at);
  }
  if (!since) return std::size_t{0};
  std::size_t added = 0;
  auto read =
      each_recent_window(db, "round_id, band_key", "", {}, seconds_of(*since - options_.lookback),
                         [this, &added](const std::vector<storage::Row>& rows) {
                           const std::lock_guard lock(mutex_);  // once per window
                           for (const auto& r : rows) {
                             const auto found = rounds_.find(r.get_text(0));
                             if (found == rounds_.end()) continue;
                             found->second.filter->add(static_cast<std::uint64_t>(r.get_int(1)));
                             ++added;
                           }
                         });
  if (!read) return std::unexpected(read.error());
  const std::lock_guard lock(mutex_);
  for (auto& [id, e] : rounds_) e.refreshed_at = std::max(e.refreshed_at, now);
  return added;
}

namespace {

/// Lowers the calling thread's scheduling priority (Linux: a nice value per thread), so that
/// background work yields the cores to requests. Best effort: a refusal changes nothing else.
void lower_priority(int nice) {
  if (nice > 0) (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), nice);
}

}  // namespace

std::unique_ptr<TextChecker> TextChecker::start(CopiedText& copied_text,
                                                TextCheckerOptions options) {
  std::unique_ptr<TextChecker> checker(new TextChecker(copied_text, std::move(options)));
  checker->thread_ =
      std::jthread([raw = checker.get()](const std::stop_token& stop) { raw->run(stop); });
  return checker;
}

TextChecker::~TextChecker() {
  thread_.request_stop();
  thread_.join();
}

void TextChecker::wake() {
  {
    const std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_one();
}

/// Checks between two returns of free memory to the system (each walks every malloc arena).
constexpr std::size_t kChecksBetweenTrims = 32;

void TextChecker::run(const std::stop_token& stop) {
  lower_priority(options_.nice);
  bool released = options_.claimant.empty();
  while (!stop.stop_requested()) {
    // The claims of the process this one replaces, once (tried again while the database fails).
    if (!released) released = copied_text_.release_claims(options_.claimant).has_value();
    // Every waiting check, one after the other; a failure (a busy database) ends the turn.
    std::size_t turn = 0;
    while (!stop.stop_requested()) {
      if (options_.wait_for_quiet && !options_.wait_for_quiet(stop)) break;
      auto next = copied_text_.check_next(options_.claimant);
      if (!next) {
        ++failures_;
        // For the operator: the code and the detail (the database's own message).
        std::cerr << "tidu: 文本相似比对失败（稍后重试）：" << next.error().message << " ["
                  << next.error().code << ": " << next.error().detail << "]\n";
        break;
      }
      if (!*next) break;
      ++checked_;
      // What a check allocated and freed stays with this thread's malloc arena otherwise (the
      // server keeps free heap for reuse: tune_allocator), added to the resident memory.
      if (++turn % kChecksBetweenTrims == 0) release_free_memory();
    }
    if (turn % kChecksBetweenTrims != 0) release_free_memory();
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, stop, options_.idle, [this] { return woken_; });
    woken_ = false;
  }
}

Result<std::unique_ptr<BandKeeper>> BandKeeper::start(storage::Pool& pool, BandFilters& filters,
                                                      Clock clock, BandKeeperOptions options) {
  std::unique_ptr<BandKeeper> keeper(
      new BandKeeper(pool, filters, std::move(clock), std::move(options)));
  keeper->thread_ =
      std::jthread([raw = keeper.get()](const std::stop_token& stop) { raw->run(stop); });
  return keeper;
}

BandKeeper::~BandKeeper() {
  thread_.request_stop();
  thread_.join();
}

void BandKeeper::run(const std::stop_token& stop) {
  lower_priority(options_.nice);
  auto pause = std::chrono::milliseconds(0);
  std::optional<time::Instant> refreshed;
  while (!stop.stop_requested()) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, stop, pause, [] { return false; });
    }
    if (stop.stop_requested()) break;
    pause = options_.idle;
    auto lease = pool_.acquire();
    if (!lease) continue;
    auto& db = **lease;
    // Filters asked for are loaded, and all are refreshed on time; a failure is tried again at
    // the next turn (until then lookups probe every key).
    for (const auto& round : filters_.wanted()) {
      if (stop.stop_requested()) return;
      if (filters_.load(db, round, clock_())) ++loads_;
    }
    const time::Instant now = clock_();
    if (!refreshed || now - *refreshed >= filters_.options().refresh) {
      if (filters_.refresh(db, now)) refreshed = now;
    }
    // A batch of rows older than the hold time moved; a busy database is tried again later.
    if (options_.wait_for_quiet && !options_.wait_for_quiet(stop)) break;
    auto moved = move_recent_bands(db, options_.batch, now - filters_.options().hold);
    if (!moved) {
      ++failures_;
      continue;
    }
    moved_ += *moved;
    // A full batch: more rows wait; the short pause lets requests take the write lock between.
    if (*moved >= options_.batch) pause = options_.busy;
  }
}

}  // namespace tidu::service
