// Shared pieces of accord_bench: the proposal generator (one fixed-seed stream of proposals,
// usable as engine Proposals or as JSONL lines for `accord check --batch`), engine loading,
// and a small registry of measured values that main() summarises after all benchmarks ran.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>

#include "compile/engine.h"
#include "load/proposal_builder.h"

namespace accord::internal::bench {

inline constexpr std::size_t kProposals = 100'000;
inline constexpr std::uint64_t kSeed = 20111220;  // the protocol's signature date

// The paths the build gives us (see bench/CMakeLists.txt).
inline const std::string kShippedRules = ACCORD_SHIPPED_RULES;
inline const std::string kBasingOnlyRules = ACCORD_BASING_ONLY;
inline const std::string kOutDir = ACCORD_BENCH_OUT;
inline const std::string kAccordBin = ACCORD_BIN;

// One generated proposal, as text (so it can become a Proposal for any engine, or a JSON line).
struct GenProposal {
  std::string id, action, date;
  std::vector<std::pair<std::string, std::string>> fields;    // scalar fields, in schema order
  std::vector<std::pair<std::string, bool>> bools;            // bool fields
  std::vector<std::pair<std::string, std::vector<std::string>>> sets;  // parties fields
  std::map<std::string, std::string> positions;               // party -> consent|object|abstain
};

// `n` proposals from `seed`, valid under the schema and facts of `e` (the shipped ones or the
// fixture's copy of them: same vocabulary). See docs/performance.md for the distribution.
std::vector<GenProposal> generate(const Engine& e, std::size_t n, std::uint64_t seed);

// One line of JSON (no newline), as `accord check --batch` reads it.
std::string to_json(const GenProposal& g);

// Builds the Proposal; aborts on any builder error (that would be a generator bug).
void build(const ProposalBuilder& b, const GenProposal& g, Proposal& p);
std::vector<Proposal> build_all(const Engine& e, const std::vector<GenProposal>& gs);

// load_rules + Engine::build; aborts with the diagnostics on failure.
std::unique_ptr<Engine> load_engine(const std::string& dir);

// The generated proposals (built once, against the fixture's tables).
const std::vector<GenProposal>& generated();

// Measures wall-clock and this thread's CPU time. The benchmarks report CPU time first: the
// machine may be shared, and CPU time is what a loaded machine does not inflate.
class Stopwatch {
 public:
  void start();
  void stop();  // adds the time since start()
  double wall_ns() const { return wall_; }
  double cpu_ns() const { return cpu_; }

 private:
  double wall0_ = 0, cpu0_ = 0, wall_ = 0, cpu_ = 0;
};

// The 1-minute load average (from /proc/loadavg), to report how busy the machine was.
double load_average();

// Aborts the whole run loudly.
[[noreturn]] void fail(const std::string& message);

// Runs the accord binary (kAccordBin) with `args`, stdout and stderr to the files named
// ("/dev/null" drops them), in directory `cwd` (empty: this process's), posix_spawn to wait4:
// its exit status (128 + the signal if killed), the wall seconds from spawn to exit, and its
// CPU seconds (user + sys, all threads, from wait4's rusage). Fails the run if it cannot start.
struct RunResult {
  int exit_code = -1;
  double wall_s = 0, cpu_s = 0;
};
RunResult spawn_accord(const std::vector<std::string>& args, const std::string& out_path, const std::string& err_path,
                       const std::string& cwd = "");

// Records ns/decision (CPU and wall) of `per_iter` decisions per iteration under `key`, and sets
// the counters every decide-style benchmark reports. items_per_second is Google Benchmark's,
// from CPU time.
void finish(benchmark::State& st, const std::string& key, const Stopwatch& sw, std::size_t per_iter);

// The parties of `t` a generated proposal may name: states, organizations (no instruments),
// and every state that was ever a CSTO member (so that the basing clause applies often enough
// to exercise its consent path).
struct PartyPools {
  std::vector<std::string> states, orgs, csto_ever;
};
PartyPools party_pools(const Tables& t);

// Results registry: benchmarks record values (one per repetition); main() prints a summary.
void record(const std::string& key, double value);
const std::map<std::string, std::vector<double>>& records();
double median_of(const std::string& key);  // NaN if nothing was recorded

}  // namespace accord::internal::bench
