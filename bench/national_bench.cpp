// The national-dataset benchmark of issue 7: on a dataset written by `tidu generate`, the time
// of the regional maturity summary for one province, a round's dashboard aggregates, the
// copied-text check of every round from its stored passages (against reading the same passages
// without checking them, measured in the same run) and the check of one new submission.
//
//   tidu generate --enterprises 200000 --declarations 60000 --data /tmp/national
//   tidu_national_bench --data /tmp/national [--runs 5] [--submissions 20] [--province 350000]
//                       [--round fj-2025-advanced] [--only summary|dashboard|check|submission]
//                       [--json FILE]
//
// Targets (issue 7): summary ≤ 50 ms, dashboard ≤ 50 ms, the whole check ≤ 60 s for 60,000
// declarations, one submission ≤ 50 ms. Exit code 0 when every measured target is met, 1 when one
// is not, 2 on errors.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "catalogue/loader.hpp"
#include "cli/serve.hpp"
#include "declaration/json_io.hpp"
#include "demo/generate.hpp"
#include "rounds/loader.hpp"
#include "service/copied_text.hpp"
#include "service/declarations.hpp"
#include "service/enterprises.hpp"
#include "service/statistics.hpp"
#include "similarity/copies.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

struct Line {
  std::string what;
  double value = 0;
  std::string unit;
  double target = 0;  ///< 0: a reference, no target
  std::string note;
};

}  // namespace

int main(int argc, char** argv) {
  std::string data;
  std::string json_out;
  std::string province = "350000";
  std::string round = "fj-2025-advanced";
  int runs = 5;
  int submissions = 20;
  std::string only;  // summary, dashboard, check or submission: that measure alone
  // The new declarations' text: another each run unless given, so that no earlier run has
  // brought their pages of the band index into memory.
  std::uint64_t text_seed = std::random_device{}();
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    const std::string value = argv[i + 1];
    if (key == "--data") data = value;
    if (key == "--json") json_out = value;
    if (key == "--province") province = value;
    if (key == "--round") round = value;
    if (key == "--runs") runs = std::max(1, std::stoi(value));
    if (key == "--submissions") submissions = std::max(1, std::stoi(value));
    if (key == "--only") only = value;
    if (key == "--seed") text_seed = std::stoull(value);
  }
  if (data.empty()) {
    std::cerr << "usage: tidu_national_bench --data DIR (written by tidu generate) [--runs N] "
                 "[--submissions N] [--seed N] [--province CODE] [--round ID] [--json FILE]\n";
    return 2;
  }
  auto catalogue =
      tidu::catalogue::load_catalogue(std::filesystem::path(TIDU_DEFAULT_DATA_DIR) / "catalogue");
  if (!catalogue) {
    std::cerr << catalogue.error().message << '\n';
    return 2;
  }
  auto rounds = tidu::rounds::load_rounds(TIDU_DEFAULT_DATA_DIR, *catalogue, {});
  if (!rounds) {
    std::cerr << rounds.error().message << '\n';
    return 2;
  }
  tidu::cli::ServeConfig config;
  config.data_dir = data;
  // Brings the dataset's schema up to this binary's migrations, as `tidu serve` does.
  if (auto state = tidu::cli::open_state(config); !state) {
    std::cerr << state.error().message << '\n';
    return 2;
  }
  auto pool = tidu::cli::open_pool(config, 2);
  if (!pool) {
    std::cerr << pool.error().message << '\n';
    return 2;
  }
  auto files = tidu::cli::open_file_store(config, **pool);
  const tidu::service::Clock clock = tidu::service::system_now;
  tidu::service::Enterprises enterprises(**pool, *catalogue, clock);
  tidu::service::Declarations declarations(**pool, *catalogue, *rounds, enterprises, *files, clock);
  tidu::service::Statistics statistics(**pool, *catalogue, *rounds, declarations, clock);
  tidu::access::Principal admin;
  admin.account_id = "bench";
  admin.username = "bench";
  admin.role = tidu::access::Role::kAdmin;
  std::vector<Line> lines;

  const auto wanted = [&only](const char* measure) { return only.empty() || only == measure; };
  // The statistics read facts kept in memory and brought up to date at each read
  // (service::StatisticsFacts): the first read loads them (its time is the reference), later reads
  // catch up with what changed and compute.
  if (wanted("summary") || wanted("dashboard")) {
    const auto start = Clock::now();
    auto first = statistics.maturity(admin, province, "2025-12-31");
    if (!first) {
      std::cerr << first.error().message << '\n';
      return 2;
    }
    lines.push_back({"statistics facts, first load (reference)", ms_since(start), "ms", 0,
                     fmt::format("{} enterprises", first->summary.total.enterprises)});
  }
  // The regional maturity summary of the whole country and of one province.
  if (wanted("summary")) {
    for (const auto& region : {std::string(tidu::stats::kNation), province}) {
      std::vector<double> t;
      int counted = 0;
      for (int r = 0; r < runs; ++r) {
        const auto start = Clock::now();
        auto report = statistics.maturity(admin, region, "2025-12-31");
        if (!report) {
          std::cerr << report.error().message << '\n';
          return 2;
        }
        t.push_back(ms_since(start));
        counted = report->summary.total.enterprises;
      }
      lines.push_back({fmt::format("regional summary, {}", region), median(t), "ms", 50,
                       fmt::format("{} enterprises", counted)});
    }
  }
  // A round's dashboard aggregates.
  if (wanted("dashboard")) {
    std::vector<double> t;
    int total = 0;
    for (int r = 0; r < runs; ++r) {
      const auto start = Clock::now();
      auto report = statistics.round(admin, round, "");
      if (!report) {
        std::cerr << report.error().message << '\n';
        return 2;
      }
      t.push_back(ms_since(start));
      total = report->figures.total;
    }
    lines.push_back({fmt::format("round dashboard, {}", round), median(t), "ms", 50,
                     fmt::format("{} declarations", total)});
  }
  // The whole copied-text check, every round, against reading the passages alone.
  auto lease = (*pool)->acquire();
  if (!lease) return 2;
  auto& db = **lease;
  std::size_t declarations_checked = 0;
  if (wanted("check")) {
    auto n = db.query("SELECT COUNT(DISTINCT declaration_id) FROM text_passages");
    if (n && !n->empty()) declarations_checked = static_cast<std::size_t>((*n)[0].get_int(0));
    auto start = Clock::now();
    std::size_t bytes = 0;
    for (const auto& [id, r] : rounds->rounds) {
      std::int64_t after = -1;
      for (;;) {
        auto rows = db.query(
            "SELECT id, enterprise_id, text FROM text_passages WHERE round_id = $1 AND id > $2 "
            "ORDER BY id LIMIT 20000",
            {id, after});
        if (!rows) return 2;
        for (const auto& row : *rows) bytes += row.get_text(2).size();
        if (rows->size() < 20000) break;
        after = rows->back().get_int(0);
      }
    }
    const double read_s = ms_since(start) / 1000;
    // The check as `tidu similarity` runs it: the stored fingerprints paired again (fingerprints
    // missing or of another algorithm version are computed first; none on a generated dataset).
    const auto check_all = [&](tidu::service::Fingerprints fingerprints,
                               tidu::service::RebuildReport& total) -> bool {
      for (const auto& [id, r] : rounds->rounds) {
        auto report = tidu::service::rebuild_copied_text(db, id, clock(), fingerprints);
        if (!report) {
          std::cerr << report.error().message << '\n';
          return false;
        }
        total.passages += report->passages;
        total.fingerprinted += report->fingerprinted;
        total.matches += report->matches;
      }
      return true;
    };
    start = Clock::now();
    tidu::service::RebuildReport stored;
    if (!check_all(tidu::service::Fingerprints::kStored, stored)) return 2;
    const double check_s = ms_since(start) / 1000;
    // Every fingerprint computed from the texts again (`tidu similarity ROUND --refingerprint`).
    start = Clock::now();
    tidu::service::RebuildReport recomputed;
    if (!check_all(tidu::service::Fingerprints::kRecompute, recomputed)) return 2;
    const double recompute_s = ms_since(start) / 1000;
    const double target = 60.0 * static_cast<double>(declarations_checked) / 60000.0;
    lines.push_back(
        {"reading the passages (reference)", read_s, "s", 0, fmt::format("{} MB", bytes >> 20U)});
    lines.push_back({fmt::format("copied-text check, {} declarations", declarations_checked),
                     check_s, "s", target,
                     fmt::format("{} passages ({} fingerprinted), {} pairs; target scaled from "
                                 "60 s for 60,000",
                                 stored.passages, stored.fingerprinted, stored.matches)});
    lines.push_back({"check with every fingerprint recomputed (reference)", recompute_s, "s", 0,
                     fmt::format("{} passages fingerprinted, {} pairs", recomputed.fingerprinted,
                                 recomputed.matches)});
  }
  // One submission: a new declaration with text of its own (tidu generate's generator with
  // another seed, so none of its passages or band keys is in the dataset) checked as at its
  // first submission, the submitted JSON read first as index_submission reads it; then its band
  // rows moved as the server's BandKeeper moves them (reference, off the request path); then the
  // same declaration resubmitted unchanged (reference). Each is removed afterwards, untimed.
  if (wanted("submission")) {
    auto generator =
        tidu::demo::Generator::make(*catalogue, *rounds,
                                    {.enterprises = static_cast<std::size_t>(submissions),
                                     .declarations = static_cast<std::size_t>(submissions),
                                     .copied_share = 0,
                                     .seed = text_seed});
    if (!generator) {
      std::cerr << generator.error().message << '\n';
      return 2;
    }
    // The filters of the rounds the new declarations go to, loaded as the server's keeper loads
    // them at the first submission of a round (reference).
    tidu::service::BandFilters filters;
    {
      const auto start = Clock::now();
      std::size_t bytes = 0;
      std::size_t loaded_passages = 0;
      for (const auto& id : generator->round_ids()) {
        auto loaded = filters.load(db, id, clock());
        if (!loaded) {
          std::cerr << loaded.error().message << '\n';
          return 2;
        }
        bytes += loaded->bytes;
        loaded_passages += loaded->passages;
      }
      lines.push_back({"band filters loaded (reference)", ms_since(start), "ms", 0,
                       fmt::format("{} rounds, {} passages, {} MB", generator->round_ids().size(),
                                   loaded_passages, bytes >> 20U)});
    }
    // As the keeper does once a row's hold time has passed: the filters refreshed, then the rows
    // moved.
    const auto move_all = [&db, &filters, &clock]() -> bool {
      if (auto r = filters.refresh(db, clock()); !r) {
        std::cerr << r.error().message << '\n';
        return false;
      }
      for (;;) {
        auto moved = tidu::service::move_recent_bands(db, 3000, clock() + std::chrono::hours(24));
        if (!moved) {
          std::cerr << moved.error().message << '\n';
          return false;
        }
        if (*moved == 0) return true;
      }
    };
    const auto forget = [&db](const std::string& id) -> bool {
      auto rows = db.query(
          "SELECT id, round_id, band_keys FROM text_passages WHERE declaration_id = $1", {id});
      if (!rows || !db.begin()) return false;
      for (const auto& row : *rows) {
        const auto keys = tidu::similarity::decode_band_keys(row.get_text(2));
        for (std::size_t b = 0; keys && b < tidu::similarity::kBands; ++b) {
          for (const char* table : {"text_bands", "text_bands_recent"}) {
            if (!db.execute(
                    fmt::format("DELETE FROM {} WHERE band_key = $1 AND passage_id = $2", table),
                    {tidu::service::stored_band_key(row.get_text(1), b, (*keys)[b]),
                     row.get_int(0)}))
              return false;
          }
        }
      }
      return db.execute("DELETE FROM text_matches WHERE declaration_a = $1 OR declaration_b = $1",
                        {id}) &&
             db.execute("DELETE FROM text_passages WHERE declaration_id = $1", {id}) && db.commit();
    };
    if (!move_all()) return 2;
    std::vector<double> first;
    std::vector<double> moves;
    std::vector<double> again;
    std::size_t passages = 0;
    std::size_t candidates = 0;
    std::size_t probed = 0;
    for (int i = 0; i < submissions; ++i) {
      const auto made = generator->declaration(static_cast<std::size_t>(i));
      const std::string id = fmt::format("bench-new-{:03}", i);
      const std::string text = tidu::declaration::to_json(made.content).dump();
      for (auto* t : {&first, &again}) {
        const auto start = Clock::now();
        auto parsed = tidu::declaration::parse_declaration(text);
        if (!parsed) {
          std::cerr << parsed.error().message << '\n';
          return 2;
        }
        auto report = tidu::service::check_submission(db, made.round_id, id, id, 1,
                                                      parsed->declaration, clock(), &filters);
        if (!report) {
          std::cerr << report.error().message << '\n';
          return 2;
        }
        t->push_back(ms_since(start));
        if (t == &first) {
          passages += report->passages;
          candidates += report->candidates;
          probed += report->probed;
          const auto moving = Clock::now();
          if (!move_all()) return 2;
          moves.push_back(ms_since(moving));
        }
      }
      if (!forget(id) || !move_all()) return 2;
    }
    const auto note = [](const std::vector<double>& t) {
      return fmt::format("{} submissions, max {:.1f} ms", t.size(),
                         t.empty() ? 0 : *std::max_element(t.begin(), t.end()));
    };
    lines.push_back(
        {"copied-text check of one new submission (median)", median(first), "ms", 50,
         note(first) + fmt::format(", {} passages, {} band keys probed in text_bands, {} "
                                   "candidates in all, text seed {}",
                                   passages, probed, candidates, text_seed)});
    lines.push_back({"filters refreshed, band rows moved (keeper, reference)", median(moves), "ms",
                     0, note(moves)});
    lines.push_back(
        {"the same resubmitted unchanged (reference)", median(again), "ms", 0, note(again)});
  }

  bool ok = true;
  json out = json::array();
  std::cout << fmt::format("{:<52} {:>12} {:>12}  {}\n", "measure", "value", "target", "result");
  for (const auto& l : lines) {
    const bool met = l.target == 0 || l.value <= l.target;
    ok = ok && met;
    std::cout << fmt::format("{:<52} {:>9.2f} {:<2} {:>9} {:<2}  {} {}\n", l.what, l.value, l.unit,
                             l.target == 0 ? "—" : fmt::format("{:.1f}", l.target),
                             l.target == 0 ? "" : l.unit,
                             l.target == 0 ? "reference" : (met ? "PASS" : "FAIL"), l.note);
    out.push_back({{"measure", l.what},
                   {"value", l.value},
                   {"unit", l.unit},
                   {"target", l.target},
                   {"note", l.note}});
  }
  if (!json_out.empty()) std::ofstream(json_out) << out.dump(2) << '\n';
  return ok ? 0 : 1;
}
