#include "service/copied_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <span>
#include <unordered_map>

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
constexpr const char* kDeletePassages = "DELETE FROM text_passages WHERE declaration_id = $1";
constexpr const char* kInsertPassage =
    "INSERT INTO text_passages (id, round_id, declaration_id, enterprise_id, snapshot_number, "
    "field, part, label, text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
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

/// "$1, $2, …, $n".
std::string placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 1; i <= n; ++i) out += fmt::format("{}${}", i == 1 ? "" : ", ", i);
  return out;
}

std::int64_t new_passage_id() {
  const std::string hex = security::random_hex(8);
  return static_cast<std::int64_t>(std::stoull(hex, nullptr, 16) >> 1U);
}

struct Stored {
  std::int64_t id;
  similarity::Passage passage;
  similarity::Fingerprint fingerprint;
};

std::vector<Stored> fingerprints_of(const declaration::Declaration& content) {
  std::vector<Stored> stored;
  for (auto& p : similarity::passages_of(content)) {
    auto f = similarity::fingerprint(p.text);
    stored.push_back({new_passage_id(), std::move(p), std::move(f)});
  }
  return stored;
}

/// INSERT of one passage's kBands band rows.
const std::string& band_insert() {
  static const std::string sql = [] {
    std::string s = "INSERT INTO text_bands (band_key, passage_id) VALUES ";
    for (std::size_t b = 0; b < similarity::kBands; ++b)
      s += fmt::format("{}(${}, ${})", b == 0 ? "" : ", ", 2 * b + 1, 2 * b + 2);
    return s;
  }();
  return sql;
}

Result<void> insert_passages(storage::Database& db, const std::string& round_id,
                             const std::string& declaration_id, const std::string& enterprise_id,
                             std::int64_t snapshot, const std::vector<Stored>& stored) {
  for (const auto& s : stored) {
    TIDU_TRY(
        db.execute(sql::kInsertPassage,
                   {s.id, round_id, declaration_id, enterprise_id, snapshot, s.passage.field,
                    static_cast<std::int64_t>(s.passage.part), s.passage.label, s.passage.text}));
    // The passage's band rows in one statement.
    std::vector<Value> params;
    params.reserve(2 * similarity::kBands);
    for (std::size_t b = 0; b < similarity::kBands; ++b) {
      params.emplace_back(stored_band_key(round_id, b, s.fingerprint.keys[b]));
      params.emplace_back(s.id);
    }
    TIDU_TRY(db.execute(band_insert(), params));
  }
  return {};
}

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
                       Declarations& declarations, Clock clock)
    : pool_(pool), catalogue_(catalogue), declarations_(declarations), clock_(std::move(clock)) {}

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
  const auto stored = fingerprints_of(parsed->declaration);

  // Step 1: replace the declaration's passages and pairs.
  {
    auto tx = storage::Transaction::begin(db);
    if (!tx) return std::unexpected(tx.error());
    TIDU_TRY(db.execute(sql::kDeleteMatches, {declaration_id}));
    TIDU_TRY(db.execute(sql::kDeletePassages, {declaration_id}));
    TIDU_TRY(insert_passages(db, round_id, declaration_id, enterprise_id, snapshot, stored));
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
  std::vector<Value> keys;
  keys.reserve(mine_by_key.size());
  for (const auto& [key, passages] : mine_by_key) keys.emplace_back(key);
  for (std::size_t first = 0; first < keys.size(); first += kLookupChunk) {
    const std::span<const Value> chunk(keys.data() + first,
                                       std::min(kLookupChunk, keys.size() - first));
    auto found = db.query("SELECT band_key, passage_id FROM text_bands WHERE band_key IN (" +
                              placeholders(chunk.size()) + ")",
                          chunk);
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
            placeholders(chunk.size()) + ")",
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
    const std::string now = time::format_instant(clock_());
    for (const auto& p : pairs) {
      TIDU_TRY(db.execute(sql::kInsertMatch, {p.a, p.b, round_id, p.declaration_a, p.declaration_b,
                                              p.similarity, p.shared, now}));
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
  return load(who, "(m.declaration_a = $1 OR m.declaration_b = $1)", {id}, "", 0, 1000);
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
  return load(who, "m.round_id = $1", {round_id},
              who.role == access::Role::kAdmin && region.empty() ? "" : where, page, page_size);
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

Result<std::size_t> store_passages(storage::Database& db, const std::string& round_id,
                                   const std::string& declaration_id,
                                   const std::string& enterprise_id, std::int64_t snapshot,
                                   const declaration::Declaration& content) {
  const auto stored = fingerprints_of(content);
  TIDU_TRY(insert_passages(db, round_id, declaration_id, enterprise_id, snapshot, stored));
  return stored.size();
}

Result<RebuildReport> rebuild_copied_text(storage::Database& db, const std::string& round_id,
                                          time::Instant now) {
  RebuildReport report;
  auto start = std::chrono::steady_clock::now();
  similarity::CopyIndex index;
  std::vector<std::int64_t> ids;
  std::unordered_map<std::string, std::uint32_t> owners;
  constexpr std::int64_t kPage = 20'000;
  std::int64_t after = -1;
  for (;;) {
    auto rows = db.query(
        "SELECT id, enterprise_id, text FROM text_passages WHERE round_id = $1 AND id > $2 "
        "ORDER BY id LIMIT $3",
        {round_id, after, kPage});
    if (!rows) return std::unexpected(rows.error());
    for (const auto& r : *rows) {
      const auto owner =
          owners.try_emplace(r.get_text(1), static_cast<std::uint32_t>(owners.size())).first;
      index.add(owner->second, similarity::fingerprint(r.get_text(2)).keys);
      ids.push_back(r.get_int(0));
    }
    if (static_cast<std::int64_t>(rows->size()) < kPage) break;
    after = ids.back();
  }
  report.passages = ids.size();
  report.read_seconds = seconds_since(start);

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
    const std::string sql =
        "SELECT id, declaration_id, text FROM text_passages WHERE id IN (" + placeholders(n) + ")";
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

}  // namespace tidu::service
