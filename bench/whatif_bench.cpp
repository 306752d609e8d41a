// (e) `accord whatif` on the shipped packs (the budget: under 50 ms per answer).
//   BM_WhatIf_Manas2026     swing parties, coalitions and the whole timeline for the Manas
//                           2026 proposal (about 1,200 decisions)
//   BM_WhatIf_Uzbekistan    a US base in Uzbekistan, timeline 1994-2030
//   BM_DependsOn_Retransfer an arms re-transfer with the price left out (two cases)
// Counters: CPU ms per answer. Results: docs/performance.md.
#include <benchmark/benchmark.h>

#include "analysis/whatif.h"
#include "common.h"

namespace accord::internal::bench {
namespace {

Proposal proposal(const Engine& e, const std::vector<std::pair<std::string, std::string>>& fields) {
  const ProposalBuilder b(e.tables());
  Proposal p;
  b.reset(p);
  for (const auto& [k, v] : fields)
    if (auto err = b.set_text(p, k, v)) fail("whatif bench: " + err.message);
  if (auto err = b.finish(p, today_utc())) fail("whatif bench: " + err.message);
  return p;
}

void run_whatif(benchmark::State& st, const std::vector<std::pair<std::string, std::string>>& fields,
                const WhatIfRange& range, const char* key) {
  const auto engine = load_engine(kShippedRules);
  const Proposal p = proposal(*engine, fields);
  Stopwatch w;
  std::size_t rendered = 0;
  for (auto _ : st) {
    w.start();
    WhatIf out;
    if (auto err = what_if(*engine, p, {}, range, out); !err.empty()) fail(err);
    rendered = render_whatif_text(*engine, p, out, false).size();
    w.stop();
    benchmark::DoNotOptimize(rendered);
  }
  const double ms = w.cpu_ns() / static_cast<double>(st.iterations()) / 1e6;
  st.counters["cpu_ms"] = ms;
  record(std::string(key) + ".ms", ms);
}

void BM_WhatIf_Manas2026(benchmark::State& st) {
  run_whatif(st, {{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"site", "manas"}, {"date", "2026-03-01"}},
             {}, "whatif.manas");
}

void BM_WhatIf_Uzbekistan(benchmark::State& st) {
  WhatIfRange range;
  range.from = parse_date("1994-01-01");
  range.to = parse_date("2030-01-01");
  run_whatif(st, {{"action", "basing"}, {"actor", "USA"}, {"host", "UZB"}, {"date", "2026-01-01"}}, range,
             "whatif.uzbekistan");
}

void BM_DependsOn_Retransfer(benchmark::State& st) {
  run_whatif(st, {{"action", "arms_retransfer"}, {"actor", "KAZ"}, {"supplier", "RUS"}, {"recipient", "AFG"},
                  {"date", "2025-06-01"}},
             {}, "whatif.retransfer");
}

BENCHMARK(BM_WhatIf_Manas2026)->Unit(benchmark::kMillisecond)->Repetitions(3)->ReportAggregatesOnly(true);
BENCHMARK(BM_WhatIf_Uzbekistan)->Unit(benchmark::kMillisecond)->Repetitions(3)->ReportAggregatesOnly(true);
BENCHMARK(BM_DependsOn_Retransfer)->Unit(benchmark::kMillisecond)->Repetitions(3)->ReportAggregatesOnly(true);

}  // namespace
}  // namespace accord::internal::bench
