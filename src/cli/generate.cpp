#include "cli/generate.hpp"

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "access/principal.hpp"
#include "declaration/json_io.hpp"
#include "demo/generate.hpp"
#include "security/digest.hpp"
#include "service/copied_text.hpp"
#include "service/enterprises.hpp"
#include "service/statistics_facts.hpp"
#include "similarity/copies.hpp"
#include "storage/database.hpp"

namespace tidu::cli {
namespace {

using nlohmann::json;
using storage::Value;

namespace sql {
constexpr const char* kEnterprise =
    "INSERT INTO enterprises (id, credit_code, name, region, profile_json, updated_at, version) "
    "VALUES ($1, $2, $3, $4, $5, $6, 1)";
constexpr const char* kAssessment =
    "INSERT INTO maturity_assessments (id, enterprise_id, level, score, assessed_on, source, "
    "recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, 'www.c3mep.cn', $6, 'generate')";
constexpr const char* kDeclaration =
    "INSERT INTO declarations (id, enterprise_id, round_id, state, level, version, updated_at, "
    "created_at, submitted_at, snapshot_number, unit_code, enterprise_region) VALUES ($1, $2, $3, "
    "$4, $5, 1, $6, $6, $7, $8, $9, $10)";
constexpr const char* kDraft =
    "INSERT INTO declaration_drafts (declaration_id, draft_json) VALUES ($1, $2)";
constexpr const char* kSnapshot =
    "INSERT INTO snapshots (declaration_id, number, sha256, content_json, submitted_at, level, "
    "submitted_by, draft_version) VALUES ($1, 1, $2, $3, $4, $5, 'generate', 1)";
// The copied-text indexes are built after loading rather than grown one random key at a time
// (a sort instead of millions of random B-tree inserts: most of the time of a large dataset).
// Their definitions are migration 014's and 015's, which these must match.
constexpr const char* kDropBandIndex = "DROP INDEX text_bands_by_key";
constexpr const char* kCreateBandIndex =
    "CREATE INDEX text_bands_by_key ON text_bands (band_key, passage_id)";
constexpr const char* kDropFingerprintIndex = "DROP INDEX text_passages_fingerprints";
constexpr const char* kCreateFingerprintIndex =
    "CREATE INDEX text_passages_fingerprints ON text_passages (round_id, id, enterprise_id, "
    "fingerprint_version, band_keys)";
/// SQLite only: a page cache of 256 MB for this one connection while loading, so that building
/// the indexes sorts mostly in memory (the default is 2 MB).
constexpr const char* kLoaderCache = "PRAGMA cache_size = -262144";
}  // namespace sql

/// Declarations made and prepared (text, passages, fingerprints) on every hardware thread, this
/// many at a time, then written in order by one connection.
constexpr std::size_t kPreparedBatch = 256;

/// A generated declaration ready to write.
struct Prepared {
  demo::GeneratedDeclaration declaration;
  std::string content;  ///< its JSON
  std::string sha256;
  std::vector<service::PreparedPassage> passages;  ///< submitted ones only
};

template <class T>
bool read_number(const std::map<std::string, std::string>& options, const std::string& key,
                 T& out) {
  const auto it = options.find(key);
  if (it == options.end()) return true;
  const auto& s = it->second;
  if constexpr (std::is_floating_point_v<T>) {
    try {
      std::size_t used = 0;
      out = std::stod(s, &used);
      return used == s.size();
    } catch (const std::exception&) {
      return false;
    }
  } else {
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size();
  }
}

/// The first review level of the round with a unit over the region, and that unit.
std::pair<std::string, std::string> first_level(const rounds::Round& round,
                                                const catalogue::RegionTree& regions,
                                                const std::string& region) {
  for (const auto& level : round.levels) {
    if (!access::is_review_level(level.region_kind)) continue;
    if (const auto* unit = access::reviewing_unit(regions, round, region, level.region_kind))
      return {level.id, unit->code};
  }
  return {"", ""};
}

class Batch {
 public:
  explicit Batch(storage::Database& db) : db_(db) {}
  Result<void> step() {
    if (open_ && ++rows_ < 2000) return {};
    if (open_) TIDU_TRY(db_.commit());
    TIDU_TRY(db_.begin());
    open_ = true;
    rows_ = 0;
    return {};
  }
  Result<void> finish() {
    if (open_) TIDU_TRY(db_.commit());
    open_ = false;
    return {};
  }

 private:
  storage::Database& db_;
  bool open_ = false;
  int rows_ = 0;
};

Result<json> generate(storage::Database& db, const demo::Generator& g,
                      const catalogue::Catalogue& catalogue, const rounds::RoundSet& rounds) {
  const auto& o = g.options();
  const std::string now = "2026-01-01T00:00:00Z";
  if (db.dialect() == "sqlite") TIDU_TRY(db.execute(sql::kLoaderCache));
  Batch batch(db);
  const auto started = std::chrono::steady_clock::now();
  auto elapsed = [&started] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  for (std::size_t i = 0; i < o.enterprises; ++i) {
    TIDU_TRY(batch.step());
    const auto e = g.enterprise(i);
    TIDU_TRY(
        db.execute(sql::kEnterprise, {e.id, e.profile.credit_code, e.profile.name, e.profile.region,
                                      service::profile_json(e.profile).dump(), now}));
    int n = 0;
    for (const auto& a : e.assessments)
      TIDU_TRY(db.execute(sql::kAssessment,
                          {fmt::format("{}-m{}", e.id, ++n), e.id,
                           static_cast<std::int64_t>(a.level), a.score, a.assessed_on, now}));
    if ((i + 1) % 20000 == 0)
      std::cerr << fmt::format("  企业 {}/{}（{:.0f} 秒）\n", i + 1, o.enterprises, elapsed());
  }
  std::size_t passages = 0;
  TIDU_TRY(batch.finish());
  TIDU_TRY(db.execute(sql::kDropBandIndex));
  TIDU_TRY(db.execute(sql::kDropFingerprintIndex));
  std::vector<Prepared> prepared;
  for (std::size_t i = 0; i < o.declarations; ++i) {
    const std::size_t in_batch = i % kPreparedBatch;
    if (in_batch == 0) {
      prepared.assign(std::min(kPreparedBatch, o.declarations - i), Prepared{});
      similarity::for_each_parallel(prepared.size(), [&](std::size_t k) {
        auto& p = prepared[k];
        p.declaration = g.declaration(i + k);
        p.content = declaration::to_json(p.declaration.content).dump();
        p.sha256 = security::sha256_hex(p.content);
        if (p.declaration.submitted) p.passages = service::prepare_passages(p.declaration.content);
      });
    }
    TIDU_TRY(batch.step());
    const auto& p = prepared[in_batch];
    const auto& d = p.declaration;
    const auto& round = rounds.rounds.at(d.round_id);
    const std::string enterprise_id = fmt::format("gen-e-{:07}", d.enterprise + 1);
    if (d.submitted) {
      const auto [level, unit] = first_level(round, catalogue.regions, d.content.enterprise.region);
      const std::string at = round.opens ? time::format_instant(*round.opens) : now;
      TIDU_TRY(db.execute(
          sql::kDeclaration,
          {d.id, enterprise_id, d.round_id, "submitted", service::text_or_null(level), at, at,
           std::int64_t{1}, service::text_or_null(unit), d.content.enterprise.region}));
      TIDU_TRY(db.execute(sql::kSnapshot, {d.id, p.sha256, p.content, at, level}));
      auto stored = service::store_passages(db, d.round_id, d.id, enterprise_id, 1, p.passages);
      if (!stored) return std::unexpected(stored.error());
      passages += *stored;
    } else {
      TIDU_TRY(db.execute(sql::kDeclaration,
                          {d.id, enterprise_id, d.round_id, "draft", nullptr, now, nullptr,
                           std::int64_t{0}, nullptr, d.content.enterprise.region}));
    }
    TIDU_TRY(db.execute(sql::kDraft, {d.id, p.content}));
    if ((i + 1) % 5000 == 0)
      std::cerr << fmt::format("  申报书 {}/{}（{:.0f} 秒）\n", i + 1, o.declarations, elapsed());
  }
  TIDU_TRY(batch.finish());
  std::cerr << fmt::format("  建立相似文本索引（{:.0f} 秒）\n", elapsed());
  TIDU_TRY(db.execute(sql::kCreateBandIndex));
  TIDU_TRY(db.execute(sql::kCreateFingerprintIndex));
  json planted = json::array();
  for (const auto& p : g.planted())
    planted.push_back({{"origin", fmt::format("gen-d-{:07}", p.origin + 1)},
                       {"copy", fmt::format("gen-d-{:07}", p.copy + 1)},
                       {"field", p.field},
                       {"edited", p.edited}});
  return json{{"enterprises", o.enterprises},
              {"declarations", o.declarations},
              {"copied_share", o.copied_share},
              {"seed", o.seed},
              {"passages", passages},
              {"seconds", elapsed()},
              {"planted", planted}};
}

}  // namespace

int generate_command(const std::map<std::string, std::string>& options, const ServeConfig& config,
                     const catalogue::Catalogue& catalogue, const rounds::RoundSet& rounds) {
  demo::GenerateOptions o;
  if (!read_number(options, "enterprises", o.enterprises) ||
      !read_number(options, "declarations", o.declarations) ||
      !read_number(options, "copied-share", o.copied_share) ||
      !read_number(options, "seed", o.seed)) {
    std::cerr << "tidu generate: --enterprises、--declarations、--seed 须为整数，--copied-share "
                 "须为 0 至 0.5 之间的小数\n";
    return 2;
  }
  auto g = demo::Generator::make(catalogue, rounds, o);
  if (!g) {
    std::cerr << "tidu generate: " << g.error().message << '\n';
    return 2;
  }
  auto state = open_state(config);
  if (!state) {
    std::cerr << "tidu generate: " << state.error().message << '\n';
    return 2;
  }
  auto& db = *state->database;
  auto existing = db.query("SELECT COUNT(*) FROM enterprises");
  if (!existing || (*existing)[0].get_int(0) > 0) {
    std::cerr
        << "tidu generate: 数据库中已有企业，生成的数据只能写入空的数据目录或数据库；请换一个 "
           "--data 目录后重试\n";
    return 2;
  }
  std::cerr << fmt::format("tidu generate: {} 家企业、{} 份申报书（抄袭比例 {}）……\n",
                           o.enterprises, o.declarations, o.copied_share);
  auto manifest = generate(db, *g, catalogue, rounds);
  if (!manifest) {
    std::cerr << "tidu generate: " << manifest.error().message << '\n';
    return 2;
  }
  // What each profile and submitted version gives the statistics, derived now so that the first
  // statistics read of the dataset parses no document.
  const auto& sizes = catalogue.sizes;
  if (auto derived = service::derive_statistics_facts(
          db, sizes.empty() ? 2000.0 : sizes.rbegin()->second.above_scale_min_revenue);
      !derived) {
    std::cerr << "tidu generate: " << derived.error().message << '\n';
    return 2;
  }
  json checks = json::object();
  for (const auto& round : g->round_ids()) {
    auto r = service::rebuild_copied_text(db, round, service::system_now());
    if (!r) {
      std::cerr << "tidu generate: " << r.error().message << '\n';
      return 2;
    }
    checks[round] = {{"passages", r->passages},
                     {"candidates", r->candidates},
                     {"matches", r->matches},
                     {"fingerprinted", r->fingerprinted},
                     {"read_seconds", r->read_seconds},
                     {"fingerprint_seconds", r->fingerprint_seconds},
                     {"index_seconds", r->index_seconds},
                     {"verify_seconds", r->verify_seconds}};
  }
  (*manifest)["copied_text"] = checks;
  const auto path = std::filesystem::path(config.data_dir) / "generated.json";
  std::ofstream(path) << manifest->dump(2) << '\n';
  std::cerr << fmt::format("tidu generate: 完成，用时 {:.1f} 秒；清单见 {}\n",
                           (*manifest)["seconds"].get<double>(), path.string());
  return 0;
}

int similarity_command(const std::vector<std::string>& positional,
                       const std::map<std::string, std::string>& options, const ServeConfig& config,
                       const rounds::RoundSet& rounds) {
  if (positional.empty() || !rounds.rounds.contains(positional[0])) {
    std::cerr << "用法：tidu similarity ROUND [--refingerprint] [--data DIR | --database URL]"
                 "（ROUND 为批次编号）\n";
    return 2;
  }
  const auto flag = options.find("refingerprint");
  const auto fingerprints = flag != options.end() && flag->second != "false"
                                ? service::Fingerprints::kRecompute
                                : service::Fingerprints::kStored;
  auto state = open_state(config);
  if (!state) {
    std::cerr << "tidu similarity: " << state.error().message << '\n';
    return 2;
  }
  auto r = service::rebuild_copied_text(*state->database, positional[0], service::system_now(),
                                        fingerprints);
  if (!r) {
    std::cerr << "tidu similarity: " << r.error().message << '\n';
    return 2;
  }
  std::cout << fmt::format(
      "{} 个段落（{} 个重新计算指纹），{} 对候选，{} 对相似文本（读取指纹 {:.2f} 秒，计算指纹 "
      "{:.2f} 秒，查找 {:.2f} 秒，核对 {:.2f} 秒）\n",
      r->passages, r->fingerprinted, r->candidates, r->matches, r->read_seconds,
      r->fingerprint_seconds, r->index_seconds, r->verify_seconds);
  return 0;
}

}  // namespace tidu::cli
