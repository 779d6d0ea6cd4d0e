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
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "catalogue/loader.hpp"
#include "cli/serve.hpp"
#include "rounds/loader.hpp"
#include "service/copied_text.hpp"
#include "service/declarations.hpp"
#include "service/enterprises.hpp"
#include "service/statistics.hpp"

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
  }
  if (data.empty()) {
    std::cerr << "usage: tidu_national_bench --data DIR (written by tidu generate) [--runs N] "
                 "[--submissions N] [--province CODE] [--round ID] [--json FILE]\n";
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
  auto pool = tidu::cli::open_pool(config, 2);
  if (!pool) {
    std::cerr << pool.error().message << '\n';
    return 2;
  }
  auto files = tidu::cli::open_file_store(config, **pool);
  const tidu::service::Clock clock = tidu::service::system_now;
  tidu::service::Statistics statistics(**pool, *catalogue, *rounds, clock);
  tidu::service::Enterprises enterprises(**pool, *catalogue, clock);
  tidu::service::Declarations declarations(**pool, *catalogue, *rounds, enterprises, *files, clock);
  tidu::service::CopiedText copied(**pool, *catalogue, declarations, clock);
  tidu::access::Principal admin;
  admin.account_id = "bench";
  admin.username = "bench";
  admin.role = tidu::access::Role::kAdmin;
  std::vector<Line> lines;

  const auto wanted = [&only](const char* measure) { return only.empty() || only == measure; };
  // The regional maturity summary of one province (the whole country is not a region node yet).
  if (wanted("summary")) {
    std::vector<double> t;
    for (int r = 0; r < runs; ++r) {
      const auto start = Clock::now();
      auto report = statistics.maturity(admin, province, "2025-12-31");
      if (!report) {
        std::cerr << report.error().message << '\n';
        return 2;
      }
      t.push_back(ms_since(start));
    }
    lines.push_back({fmt::format("regional summary, {}", province), median(t), "ms", 50, ""});
  }
  // A round's dashboard aggregates.
  if (wanted("dashboard")) {
    std::vector<double> t;
    for (int r = 0; r < runs; ++r) {
      const auto start = Clock::now();
      auto report = statistics.round(admin, round, "");
      if (!report) {
        std::cerr << report.error().message << '\n';
        return 2;
      }
      t.push_back(ms_since(start));
    }
    lines.push_back({fmt::format("round dashboard, {}", round), median(t), "ms", 50, ""});
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
    start = Clock::now();
    std::size_t passages = 0;
    std::size_t matches = 0;
    for (const auto& [id, r] : rounds->rounds) {
      auto report = tidu::service::rebuild_copied_text(db, id, clock());
      if (!report) {
        std::cerr << report.error().message << '\n';
        return 2;
      }
      passages += report->passages;
      matches += report->matches;
    }
    const double check_s = ms_since(start) / 1000;
    const double target = 60.0 * static_cast<double>(declarations_checked) / 60000.0;
    lines.push_back(
        {"reading the passages (reference)", read_s, "s", 0, fmt::format("{} MB", bytes >> 20U)});
    lines.push_back({fmt::format("copied-text check, {} declarations", declarations_checked),
                     check_s, "s", target,
                     fmt::format("{} passages, {} pairs; target scaled from 60 s for 60,000",
                                 passages, matches)});
  }
  // One submission: a submitted declaration checked again as if just submitted.
  if (wanted("submission")) {
    auto ids =
        db.query("SELECT id FROM declarations WHERE state = 'submitted' ORDER BY id LIMIT $1",
                 {static_cast<std::int64_t>(submissions)});
    if (!ids) return 2;
    std::vector<double> t;
    for (const auto& row : *ids) {
      const auto start = Clock::now();
      auto report = copied.index_submission(row.get_text(0));
      if (!report) {
        std::cerr << report.error().message << '\n';
        return 2;
      }
      t.push_back(ms_since(start));
    }
    lines.push_back({"copied-text check of one submission (median)", median(t), "ms", 50,
                     fmt::format("{} submissions, max {:.1f} ms", t.size(),
                                 t.empty() ? 0 : *std::max_element(t.begin(), t.end()))});
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
