// Checker benchmarks: one full declaration, and re-checking 60,000 declarations, against the
// reference of parsing the same declaration's JSON measured in the same run.
// Targets (issue 2): ≤ 50 µs median for one declaration on one core; ≤ 3 s for 60,000.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "declaration/json_io.hpp"
#include "declaration/sample.hpp"
#include "rules/checker.hpp"
#include "support/world.hpp"

namespace {

const std::vector<std::string> kRounds = {"fj-2025-advanced", "sn-2024-excellent",
                                          "hb-tianmen-2026-basic", "jx-2025-advanced"};

void BM_ParseDeclarationJson(benchmark::State& state) {  // the reference
  const auto& policy = tidu::test::policy("fj-2025-advanced");
  const std::string text =
      tidu::declaration::to_json(tidu::declaration::make_sample(policy)).dump();
  for (auto _ : state) {
    auto parsed = tidu::declaration::parse_declaration(text);
    benchmark::DoNotOptimize(parsed);
  }
  state.counters["bytes"] = static_cast<double>(text.size());
}

void BM_CheckOneDeclaration(benchmark::State& state) {
  const auto& policy = tidu::test::policy("fj-2025-advanced");
  const auto d = tidu::declaration::make_sample(policy);
  const tidu::rules::RegistryFacts registry;
  const auto now = tidu::rules::default_check_time(d, {});
  for (auto _ : state) {
    auto report = tidu::rules::check({d, policy, registry, now, nullptr});
    benchmark::DoNotOptimize(report);
  }
}

void BM_Recheck60000Declarations(benchmark::State& state) {
  constexpr std::size_t kCount = 60000;
  std::vector<tidu::declaration::Declaration> all;
  std::vector<const tidu::rounds::Policy*> policies;
  all.reserve(kCount);
  for (std::size_t i = 0; i < kCount; ++i) {
    const auto& p = tidu::test::policy(kRounds[i % kRounds.size()]);
    all.push_back(tidu::declaration::make_sample(p, static_cast<std::uint32_t>(i)));
    policies.push_back(&p);
  }
  const tidu::rules::RegistryFacts registry;
  for (auto _ : state) {
    std::size_t errors = 0;
    for (std::size_t i = 0; i < kCount; ++i) {
      const auto now = tidu::rules::default_check_time(all[i], {});
      errors += tidu::rules::check({all[i], *policies[i], registry, now, nullptr})
                    .count(tidu::rules::Severity::kError);
    }
    benchmark::DoNotOptimize(errors);
    if (errors != 0) state.SkipWithError("samples should pass");
  }
  state.counters["declarations"] = static_cast<double>(kCount);
}

BENCHMARK(BM_ParseDeclarationJson)
    ->Repetitions(9)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CheckOneDeclaration)
    ->Repetitions(9)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Recheck60000Declarations)
    ->Iterations(1)
    ->Repetitions(3)
    ->ReportAggregatesOnly(true)
    ->Unit(benchmark::kMillisecond);

/// Keeps the median real time of each benchmark for the summary.
class SummaryReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& r : runs) {
      if (r.aggregate_name == "median") medians[r.run_name.function_name] = r.GetAdjustedRealTime();
    }
  }
  std::map<std::string, double> medians;  // in each benchmark's display unit
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  SummaryReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  const auto get = [&](const char* name) {
    auto it = reporter.medians.find(name);
    return it == reporter.medians.end() ? -1.0 : it->second;
  };
  const double parse_us = get("BM_ParseDeclarationJson");
  const double check_us = get("BM_CheckOneDeclaration");
  const double recheck_ms = get("BM_Recheck60000Declarations");
  std::printf("\nsummary (medians)                     measured     target       verdict\n");
  if (parse_us > 0) std::printf("reference: parse declaration JSON   %9.1f µs\n", parse_us);
  if (check_us > 0) {
    std::printf(
        "check one full declaration          %9.1f µs   ≤ 50 µs      %s   (%.2f× the JSON parse)\n",
        check_us, check_us <= 50 ? "met" : "MISSED", parse_us > 0 ? check_us / parse_us : 0.0);
  }
  if (recheck_ms > 0) {
    std::printf("re-check 60,000 declarations        %9.0f ms   ≤ 3000 ms    %s\n", recheck_ms,
                recheck_ms <= 3000 ? "met" : "MISSED");
  }
  benchmark::Shutdown();
  return 0;
}
