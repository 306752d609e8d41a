// (c) `accord check --batch` end to end: the real binary on generated JSONL files, stdout to
// /dev/null. Three mixes of 100,000 lines: "bench" (the proposals of decide_bench.cpp, every
// action, --threads 1 and 2), "light" (id, action, actor, host, date; one position on 30% of
// lines) and "positions" (the bench mix with the positions of a dozen states on every line,
// ~300 bytes a line: parsing and interning positions dominate). Timed from posix_spawn to
// wait4 (wall clock, the Time column), so process start, loading and compiling the shipped
// rules, reading the file (warm page cache) and writing the output are all included; the
// child's CPU time (user + sys, all threads, from wait4's rusage) is reported beside it,
// because on a shared, loaded machine wall time measures the other tenants too. A one-line
// run measures the fixed cost (start + load + compile) on its own.
//
// Before timing, the setup runs the binary once per mix (and per thread count) with its output
// captured and checks it byte for byte against decide_answer() + render_json() in-process
// (same proposals, same rules), and that it exits 0 with nothing on stderr.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>

#include "common.h"
#include "decide/cases.h"
#include "report/report.h"

namespace accord::internal::bench {
namespace {

struct Mix {
  const char* name;
  std::string file;
};
const Mix kMixes[] = {{"bench", kOutDir + "/batch-100k.jsonl"},
                      {"light", kOutDir + "/batch-light-100k.jsonl"},
                      {"positions", kOutDir + "/batch-positions-100k.jsonl"}};
const std::string kOneLineFile = kOutDir + "/batch-1.jsonl";
const std::string kErrFile = kOutDir + "/batch-stderr.txt";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Writes `content` to `path` unless the file already holds exactly that.
void write_if_changed(const std::string& path, const std::string& content) {
  if (slurp(path) == content) return;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  if (!out.flush()) fail("cannot write " + path);
  std::fprintf(stderr, "batch: wrote %s\n", path.c_str());
}

std::vector<std::string> batch_args(const std::string& file, std::int64_t threads) {
  return {"check", "--rules", kShippedRules, "--batch", file, "--threads", std::to_string(threads)};
}

// The proposals of mix `m`: the bench's generated ones, or derived from them with a fixed seed.
std::vector<GenProposal> mix_proposals(const Engine& e, const std::string& m) {
  std::vector<GenProposal> gs = generated();
  if (m == "bench") return gs;
  // Named references, not a structured binding: the lambdas below capture them (clang 14
  // cannot capture structured bindings).
  const PartyPools pools = party_pools(e.tables());
  const auto& states = pools.states;
  const auto& csto_ever = pools.csto_ever;
  std::mt19937_64 rng(kSeed + (m == "light" ? 1 : 2));
  auto pick = [&](const std::vector<std::string>& v) -> const std::string& { return v[rng() % v.size()]; };
  const char* stances[] = {"consent", "object", "abstain"};
  const char* light_actions[] = {"basing", "troop_deployment", "military_infrastructure", "troop_transit",
                                 "civilian_mission", "armed_attack"};
  for (GenProposal& g : gs) {
    if (m == "light") {
      g.action = light_actions[rng() % std::size(light_actions)];
      g.fields = {{"actor", rng() % 100 < 35 ? pick(csto_ever) : pick(states)},
                  {"host", rng() % 100 < 60 ? pick(csto_ever) : pick(states)}};
      g.bools.clear();
      g.sets.clear();
      g.positions.clear();
      if (rng() % 100 < 30) g.positions[pick(csto_ever)] = stances[rng() % 3];
    } else {  // positions: every ever-CSTO member and three other states state a position
      g.positions.clear();
      for (const auto& s : csto_ever) g.positions[s] = stances[rng() % 3];
      while (g.positions.size() < csto_ever.size() + 3) g.positions[pick(states)] = stances[rng() % 3];
    }
  }
  return gs;
}

// Generates each mix's input file and checks the binary's output on it (bench: with --threads
// 1 and 2) against decide_answer() + render_json() in-process.
void batch_setup() {
  static const bool done = [] {
    auto engine = load_engine(kShippedRules);
    for (const Mix& m : kMixes) {
      const auto gs = mix_proposals(*engine, m.name);
      std::string jsonl, expected;
      const auto ps = build_all(*engine, gs);
      Answer a;
      for (std::size_t i = 0; i < gs.size(); ++i) {
        jsonl += to_json(gs[i]);
        jsonl += '\n';
        if (auto err = decide_answer(*engine, ps[i], {}, a); !err.empty()) fail(err);
        render_json(*engine, ps[i], a, false, expected);
        expected += '\n';
      }
      write_if_changed(m.file, jsonl);
      if (std::string(m.name) == "bench") write_if_changed(kOneLineFile, to_json(gs[0]) + "\n");
      const std::string out = kOutDir + "/batch-out.jsonl";
      for (std::int64_t threads : {1, 2}) {
        if (threads == 2 && std::string(m.name) != "bench") continue;
        const int rc = spawn_accord(batch_args(m.file, threads), out, kErrFile).exit_code;
        const std::string got = slurp(out), err = slurp(kErrFile);
        const std::string what = std::string("accord check --batch (") + m.name + " mix) --threads " + std::to_string(threads);
        if (rc != 0 || !err.empty()) fail(what + " exited " + std::to_string(rc) + ", stderr:\n" + err.substr(0, 2000));
        if (got != expected) {
          std::size_t k = 0, line = 1;
          while (k < got.size() && k < expected.size() && got[k] == expected[k]) line += got[k++] == '\n';
          fail(what + " output differs from decide_answer() + render_json() at line " + std::to_string(line) + " (see " + out + ")");
        }
      }
      std::remove(out.c_str());
      std::fprintf(stderr, "batch: the binary's output matches in-process decide + render_json on all %zu lines of the %s mix; "
                           "%.1f MB in (%.0f bytes a line), %.1f MB out\n",
                   gs.size(), m.name, static_cast<double>(jsonl.size()) / 1e6,
                   static_cast<double>(jsonl.size()) / static_cast<double>(gs.size()), static_cast<double>(expected.size()) / 1e6);
    }
    return true;
  }();
  (void)done;
}

// Wall seconds; the child's CPU seconds in `cpu_s`.
double run_timed(const std::string& file, std::int64_t threads, double& cpu_s) {
  const RunResult r = spawn_accord(batch_args(file, threads), "/dev/null", kErrFile);
  if (r.exit_code != 0) fail("accord check --batch exited " + std::to_string(r.exit_code) + ": " + slurp(kErrFile).substr(0, 2000));
  cpu_s = r.cpu_s;
  return r.wall_s;
}

// args: the mix (index into kMixes), the thread count.
void BM_Batch_EndToEnd(benchmark::State& st) {
  batch_setup();
  const Mix& mix = kMixes[st.range(0)];
  const std::int64_t threads = st.range(1);
  double secs = 0, cpu = 0;
  for (auto _ : st) {
    double c = 0;
    const double s = run_timed(mix.file, threads, c);
    secs += s;
    cpu += c;
    st.SetIterationTime(s);
  }
  const double decisions = static_cast<double>(st.iterations()) * static_cast<double>(kProposals);
  const std::string key = std::string("batch.") + (st.range(0) ? std::string(mix.name) + "." : "") + "threads" + std::to_string(threads);
  st.SetLabel(mix.name);
  st.SetItemsProcessed(static_cast<std::int64_t>(decisions));
  st.counters["decisions_per_s"] = decisions / secs;
  st.counters["decisions_per_cpu_s"] = decisions / cpu;
  st.counters["cpu_ms"] = cpu * 1e3 / static_cast<double>(st.iterations());
  record(key + ".decisions_per_s", decisions / secs);
  record(key + ".decisions_per_cpu_s", decisions / cpu);
  record(key + ".ms", secs * 1e3 / static_cast<double>(st.iterations()));
  record(key + ".cpu_ms", cpu * 1e3 / static_cast<double>(st.iterations()));
}

// Process start + rules load + one decision: the fixed cost inside every end-to-end run.
void BM_Batch_OneLine(benchmark::State& st) {
  batch_setup();
  double secs = 0, cpu = 0;
  for (auto _ : st) {
    double c = 0;
    const double s = run_timed(kOneLineFile, 1, c);
    secs += s;
    cpu += c;
    st.SetIterationTime(s);
  }
  st.counters["cpu_ms"] = cpu * 1e3 / static_cast<double>(st.iterations());
  record("batch.startup_ms", secs * 1e3 / static_cast<double>(st.iterations()));
  record("batch.startup_cpu_ms", cpu * 1e3 / static_cast<double>(st.iterations()));
}

BENCHMARK(BM_Batch_OneLine)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(20)->Repetitions(3)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_Batch_EndToEnd)->ArgNames({"mix", "threads"})->Args({0, 1})->Args({0, 2})->Args({1, 1})->Args({2, 1})->UseManualTime()->Unit(benchmark::kMillisecond)
    ->Iterations(3)->Repetitions(3)->ReportAggregatesOnly(true);

}  // namespace
}  // namespace accord::internal::bench
