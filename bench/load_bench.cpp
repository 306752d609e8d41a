// (b) Load + compile of the shipped packs: load_rules({rules}) then Engine::build, per
// iteration, from the files (warm page cache). The counters (CPU time of this thread; wall
// time as total_wall_ms) leave out destroying the Engine at the end of an iteration, which
// the Time column includes; load and build are also reported apart.
#include <benchmark/benchmark.h>

#include "common.h"
#include "load/rules_loader.h"

namespace accord::internal::bench {
namespace {

void BM_LoadCompile_Shipped(benchmark::State& st) {
  Stopwatch load, build;
  std::size_t clauses = 0;
  for (auto _ : st) {
    Diagnostics d;
    load.start();
    auto rules = load_rules({kShippedRules}, d);
    load.stop();
    std::unique_ptr<Engine> e;
    build.start();
    if (rules) e = Engine::build(std::move(*rules), d);
    build.stop();
    if (!e || d.has_errors()) fail("cannot load the shipped rules:\n" + d.str());
    clauses = e->clauses().size();
  }
  const double n = static_cast<double>(st.iterations()) * 1e6;  // ns -> ms per iteration
  st.counters["load_ms"] = load.cpu_ns() / n;
  st.counters["build_ms"] = build.cpu_ns() / n;
  st.counters["total_ms"] = (load.cpu_ns() + build.cpu_ns()) / n;
  st.counters["total_wall_ms"] = (load.wall_ns() + build.wall_ns()) / n;
  st.counters["clauses"] = static_cast<double>(clauses);
  record("load_compile.ms", (load.cpu_ns() + build.cpu_ns()) / n);
  record("load_compile.load_ms", load.cpu_ns() / n);
  record("load_compile.build_ms", build.cpu_ns() / n);
  record("load_compile.ms.wall", (load.wall_ns() + build.wall_ns()) / n);
}

BENCHMARK(BM_LoadCompile_Shipped)->Unit(benchmark::kMillisecond)->Repetitions(3)
    ->ReportAggregatesOnly(true)->MinTime(0.3);

}  // namespace
}  // namespace accord::internal::bench
