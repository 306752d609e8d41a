// (d) `accord lint` on the shipped packs (the budget: under 5 s).
//   BM_Lint_Shipped        the exhaustive analysis alone (lint() on a loaded engine)
//   BM_LintEndToEnd_Shipped load_rules + Engine::build + lint(), i.e. the command minus
//                          process start and printing
// Counters: CPU ms and wall ms per run, representative proposals decided, date epochs,
// findings. Results and method: docs/analysis.md ("Performance").
#include <benchmark/benchmark.h>

#include "analysis/lint.h"
#include "common.h"
#include "load/rules_loader.h"

namespace accord::internal::bench {
namespace {

void counters(benchmark::State& st, const Stopwatch& w, const LintStats& s, std::size_t findings,
              const char* key) {
  const double n = static_cast<double>(st.iterations()) * 1e6;  // ns -> ms per iteration
  st.counters["cpu_ms"] = w.cpu_ns() / n;
  st.counters["wall_ms"] = w.wall_ns() / n;
  st.counters["proposals"] = static_cast<double>(s.proposals);
  st.counters["epochs"] = static_cast<double>(s.epochs);
  st.counters["findings"] = static_cast<double>(findings);
  st.counters["stopped"] = s.stopped != LintStop::none ? 1 : 0;
  record(std::string(key) + ".ms", w.cpu_ns() / n);
  record(std::string(key) + ".ms.wall", w.wall_ns() / n);
}

// Lints the shipped packs once per iteration; `end_to_end` includes loading and compiling them.
void run_lint(benchmark::State& st, bool end_to_end, const char* key) {
  const auto loaded = load_engine(kShippedRules);
  const Date today = today_utc();
  Stopwatch w;
  LintStats stats;
  std::size_t findings = 0;
  for (auto _ : st) {
    Diagnostics d;
    w.start();
    std::unique_ptr<Engine> fresh;
    if (end_to_end) {
      auto rules = load_rules({kShippedRules}, d);
      if (rules) fresh = Engine::build(std::move(*rules), d);
      if (!fresh || d.has_errors()) fail("cannot load the shipped rules:\n" + d.str());
    }
    stats = lint(end_to_end ? *fresh : *loaded, today, d);
    w.stop();
    findings = d.items().size();
    benchmark::DoNotOptimize(findings);
  }
  if (stats.stopped != LintStop::none) fail("lint stopped before the end of the shipped packs");
  counters(st, w, stats, findings, key);
}

void BM_Lint_Shipped(benchmark::State& st) { run_lint(st, false, "lint"); }
void BM_LintEndToEnd_Shipped(benchmark::State& st) { run_lint(st, true, "lint_end_to_end"); }

BENCHMARK(BM_Lint_Shipped)->Unit(benchmark::kMillisecond)->Repetitions(3)->ReportAggregatesOnly(true)->MinTime(1.0);
BENCHMARK(BM_LintEndToEnd_Shipped)->Unit(benchmark::kMillisecond)->Repetitions(3)->ReportAggregatesOnly(true)->MinTime(1.0);

}  // namespace
}  // namespace accord::internal::bench
