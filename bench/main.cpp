// accord_bench: runs every benchmark (Google Benchmark flags apply, e.g.
// --benchmark_filter=Basing), then prints the engine/hand-written ratio and each target.
// Times are CPU time unless marked "wall" (see docs/performance.md: the machine may be shared).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <string>

#include <simdjson.h>
#include <unistd.h>

#include "common.h"

using accord::internal::bench::median_of;
namespace accord::internal::bench { void print_cli_summary(); }  // cli_bench.cpp

namespace {

bool have(double v) { return !std::isnan(v); }

void target_line(const std::string& what, double value, const char* unit, bool ok, const char* target) {
  if (!have(value)) return;
  std::printf("  %-48s %14.3f %-12s %s (target %s)\n", what.c_str(), value, unit, ok ? "MET   " : "MISSED", target);
}

void info_line(const std::string& what, double value, const char* unit, const std::string& note = {}) {
  if (!have(value)) return;
  std::printf("  %-48s %14.3f %-12s %s\n", what.c_str(), value, unit, note.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
#ifndef NDEBUG
  std::fprintf(stderr, "accord_bench: WARNING: built without NDEBUG (not a Release build); numbers are not meaningful\n");
#endif
  const double load_before = accord::internal::bench::load_average();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  const double load_after = accord::internal::bench::load_average();

  std::printf("\nSummary (medians over repetitions; CPU time unless marked wall)\n");
  for (const std::string set : {"all", "applicable"}) {
    const double e = median_of("basing.engine." + set), h = median_of("basing.hand." + set);
    if (!have(e) || !have(h)) continue;
    info_line("basing (" + set + "): engine ns/decision", e, "ns");
    info_line("basing (" + set + "): hand-written ns/decision", h, "ns");
    const double limit = set == "all" ? 3.0 : 1.5;  // the consent path: within 1.5x of hand-written
    target_line("basing (" + set + "): ratio engine/hand-written", e / h, "x", e / h <= limit, set == "all" ? "<= 3x" : "<= 1.5x");
    const double ew = median_of("basing.engine." + set + ".wall"), hw = median_of("basing.hand." + set + ".wall");
    if (have(ew) && have(hw)) info_line("basing (" + set + "): ratio, wall time", ew / hw, "x");
  }
  // The same rule in Lua (lua_bench.cpp): decide(p) called from C++ per proposal; the engine
  // must beat both runtimes. The loop-inside-Lua variant is informational.
  for (const std::string set : {"all", "applicable"}) {
    const double e = median_of("basing.engine." + set);
    for (const auto& [key, name] : {std::pair<std::string, std::string>{"luajit", "LuaJIT"}, {"lua54", "Lua 5.4"}}) {
      const double l = median_of("basing." + key + "." + set);
      info_line("basing (" + set + "): " + name + " ns/decision", l, "ns", "(C++ calls decide per proposal)");
      info_line("basing (" + set + "): " + name + ", loop inside Lua", median_of("basing." + key + "_loop." + set), "ns");
      if (have(e) && have(l))
        target_line("basing (" + set + "): ratio engine/" + name, e / l, "x", e / l < 1.0, "< 1x: beat both");
    }
  }
  const double lc = median_of("load_compile.ms");
  target_line("load + compile, shipped packs", lc, "ms", lc < 20.0, "< 20 ms");
  info_line("  of which load_rules", median_of("load_compile.load_ms"), "ms");
  info_line("  of which Engine::build", median_of("load_compile.build_ms"), "ms");
  info_line("load + compile, wall", median_of("load_compile.ms.wall"), "ms");
  const double b1 = median_of("batch.threads1.decisions_per_cpu_s");
  target_line("batch --threads 1, end to end, per CPU-second", b1, "decisions/s", b1 >= 3e6, ">= 3,000,000/s");
  const double w1 = median_of("batch.threads1.decisions_per_s"), w2 = median_of("batch.threads2.decisions_per_s");
  info_line("batch --threads 1, end to end, wall", w1, "decisions/s");
  info_line("batch --threads 2, end to end, wall", w2, "decisions/s");
  if (have(w1) && have(w2))
    target_line("  --threads 2 / --threads 1, wall", w2 / w1, "x", w2 / w1 >= 1.8, ">= 1.8x; needs 2 idle CPUs");
  info_line("batch --threads 2, end to end, per CPU-second", median_of("batch.threads2.decisions_per_cpu_s"), "decisions/s");
  const double bl = median_of("batch.light.threads1.decisions_per_cpu_s");
  target_line("batch, light mix, --threads 1, per CPU-second", bl, "decisions/s", bl >= 5e6, ">= 5,000,000/s");
  const double bp = median_of("batch.positions.threads1.decisions_per_cpu_s");
  target_line("batch, a dozen positions a line, per CPU-second", bp, "decisions/s", bp >= 2e6, ">= 2,000,000/s");
  const double df = median_of("diff_end_to_end.ms");
  target_line("diff: shipped packs vs one clause changed, load + compare", df, "ms", df < 2000.0, "< 2,000 ms");
  info_line("  of which the comparison (diff_rules, 1 thread)", median_of("diff.ms"), "ms");
  info_line("  load + compare, wall", median_of("diff_end_to_end.ms.wall"), "ms");
  for (const auto& [key, what] : {std::pair<std::string, std::string>{"whatif.manas", "whatif: Manas 2026 (swing + timeline)"},
                                  {"whatif.uzbekistan", "whatif: US base in Uzbekistan, 1994-2030"},
                                  {"whatif.retransfer", "whatif: re-transfer, price unknown (2 cases)"}}) {
    const double ms = median_of(key + ".ms");
    target_line(what, ms, "ms", ms < 50.0, "< 50 ms");
  }
  for (const char* clients : {"1", "4"}) {
    const std::string key = std::string("serve.decide.clients") + clients;
    const double rate = median_of(key + ".per_s"), p99 = median_of(key + ".p99_us");
    // The throughput target is for concurrent clients: one client waits for each answer
    // before it asks again, so its rate is one over the round trip (its p99 is still a target).
    const std::string what = std::string("serve: POST /v1/decide, ") + clients + " keep-alive client(s), wall";
    if (std::string(clients) == "1") info_line(what, rate, "decisions/s");
    else target_line(what, rate, "decisions/s", rate >= 30000, ">= 30,000/s");
    info_line("  p50 latency", median_of(key + ".p50_us"), "us");
    target_line("  p99 latency", p99, "us", p99 < 5000, "< 5,000 us");
  }
  info_line("serve: Api::handle in-process (no socket), per CPU-second", median_of("serve.inprocess.per_s"), "decisions/s");
  const double sb = median_of("serve.batch.per_s"), cb = median_of("batch.threads1.decisions_per_s");
  info_line("serve: POST /v1/decide/batch, 1 client, wall", sb, "decisions/s");
  if (have(sb) && have(cb))
    target_line("  accord check --batch (wall) / the batch endpoint", cb / sb, "x", cb / sb <= 2.0, "<= 2x");
  const double su = median_of("batch.startup_cpu_ms"), t1 = median_of("batch.threads1.cpu_ms");
  if (have(su) && have(t1) && t1 > su)
    info_line("batch --threads 1, excluding start+load", static_cast<double>(accord::internal::bench::kProposals) / ((t1 - su) / 1e3),
              "decisions/s", "(one-line run's " + std::to_string(su).substr(0, 5) + " ms CPU subtracted)");
  accord::internal::bench::print_cli_summary();
  // The JSON parser's kernel, chosen at run time for this CPU (Debian's libsimdjson dispatches).
  const simdjson::implementation* kernel = simdjson::get_active_implementation();
  std::printf("  simdjson kernel: %s (%s)\n", kernel->name().c_str(), kernel->description().c_str());
  std::printf("  load average (1 min) before/after: %.2f / %.2f on %ld CPUs%s\n", load_before, load_after,
              sysconf(_SC_NPROCESSORS_ONLN),
              load_after > 1.0 || load_before > 1.0 ? " -- machine busy: trust CPU times over wall times" : "");
  return 0;
}
