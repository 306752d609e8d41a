// (f) `accord diff` on the shipped packs against a copy with one clause changed (the 2011
// Protocol's consent rule: no_objection -> unanimous); issue 15's budget: under 2 s.
//   BM_Diff_OneClause          diff_rules() alone, on two loaded engines, one thread
//   BM_DiffEndToEnd_OneClause  load_rules + Engine::build of both sides + diff_rules(), one
//                              thread: the command minus process start, scenarios and printing
// Counters: CPU ms and wall ms per run, representative proposals decided (each by both
// sides), groups of changes. Results and method: docs/analysis.md ("accord diff", performance).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "analysis/rule_diff.h"
#include "common.h"
#include "load/rules_loader.h"

namespace accord::internal::bench {
namespace {

namespace fs = std::filesystem;

// A copy of the shipped rules with the one change, made once per process and removed at exit.
const std::string& edited_rules() {
  static const std::string dir = [] {
    std::string tmpl = (fs::temp_directory_path() / "accord-diff-bench-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) fail("mkdtemp failed");
    const std::string d = tmpl + "/rules";
    fs::copy(kShippedRules, d, fs::copy_options::recursive);
    const std::string file = d + "/csto/csto-infrastructure-protocol-2011.yaml";
    std::stringstream ss;
    ss << std::ifstream(file).rdbuf();
    std::string text = ss.str();
    const auto at = text.find("      rule: no_objection");
    if (at == std::string::npos) fail("the Protocol's consent rule is not where diff_bench.cpp expects it");
    text.replace(at, 24, "      rule: unanimous   ");
    std::ofstream(file) << text;
    static const std::string root = tmpl;
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(root, ec);
    });
    return d;
  }();
  return dir;
}

void run_diff(benchmark::State& st, bool end_to_end, const char* key) {
  const auto old_loaded = load_engine(kShippedRules);
  const auto new_loaded = load_engine(edited_rules());
  Stopwatch w;
  DiffResult r;
  for (auto _ : st) {
    w.start();
    std::unique_ptr<Engine> a, b;
    if (end_to_end) {
      a = load_engine(kShippedRules);
      b = load_engine(edited_rules());
    }
    r = diff_rules(end_to_end ? *a : *old_loaded, end_to_end ? *b : *new_loaded, {}, 1);
    w.stop();
    benchmark::DoNotOptimize(r.groups.data());
  }
  if (r.groups.empty() || r.stopped != LintStop::none) fail("diff found no change, or stopped, on the edited packs");
  const double n = static_cast<double>(st.iterations()) * 1e6;
  st.counters["cpu_ms"] = w.cpu_ns() / n;
  st.counters["wall_ms"] = w.wall_ns() / n;
  st.counters["proposals"] = static_cast<double>(r.proposals);
  st.counters["groups"] = static_cast<double>(r.groups.size());
  record(std::string(key) + ".ms", w.cpu_ns() / n);
  record(std::string(key) + ".ms.wall", w.wall_ns() / n);
}

void BM_Diff_OneClause(benchmark::State& st) { run_diff(st, false, "diff"); }
void BM_DiffEndToEnd_OneClause(benchmark::State& st) { run_diff(st, true, "diff_end_to_end"); }

BENCHMARK(BM_Diff_OneClause)->Unit(benchmark::kMillisecond)->Repetitions(3)->ReportAggregatesOnly(true)->MinTime(1.0);
BENCHMARK(BM_DiffEndToEnd_OneClause)->Unit(benchmark::kMillisecond)->Repetitions(3)->ReportAggregatesOnly(true)->MinTime(1.0);

}  // namespace
}  // namespace accord::internal::bench
