// (g) The waits a user feels: the real `accord` binary, started as a user starts it in the
// repository (working directory the repository root, so ./rules and scenarios/ are the
// shipped ones), timed from posix_spawn to wait4 (wall: process start, dynamic loading,
// loading and compiling the rules, the work, printing, exit), stdout and stderr to /dev/null.
// The child's CPU time (user + sys, all threads, from wait4's rusage) is reported beside it.
//
//   BM_Cli/check   accord check --action basing --actor USA --host KGZ --date 2026-03-01
//                  (the Manas proposal)                                   target < 10 ms
//   BM_Cli/lint    accord lint (the shipped packs)                        target < 500 ms
//   BM_Cli/whatif  accord whatif of the Manas proposal                    target < 50 ms
//   BM_Cli/test    accord test scenarios/ --min-coverage 100 (as `make test` runs it)
//                                                                         target < 1 s
//
// Before timing, each command runs once with its output captured: it must exit 0 and print
// what a user expects (the verdict line, the what-if sections, lint's summary, the scenario
// tally with nothing failed), else the run aborts. Every run is recorded; the summary gives
// the median (print_cli_summary, called by main()).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common.h"

namespace accord::internal::bench {
namespace {

struct CliCase {
  const char* name;   // the benchmark's argument and the records' key: cli.NAME.{ms,cpu_ms}
  const char* what;   // for the summary
  std::vector<std::string> args;
  double target_ms;
  // Whether the captured stdout and stderr are what a user expects; `why` says what is not.
  bool (*expected)(const std::string& out, const std::string& err, std::string& why);
};

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }
bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

const std::vector<std::string> kManas = {"--action", "basing", "--actor", "USA", "--host", "KGZ", "--date", "2026-03-01"};

std::vector<std::string> with(std::vector<std::string> head, const std::vector<std::string>& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

const std::vector<CliCase>& cases() {
  static const std::vector<CliCase> all = {
      {"check", "accord check (Manas proposal)", with({"check"}, kManas), 10.0,
       [](const std::string& out, const std::string& err, std::string& why) {
         why = "expected the verdict line \"NEEDS NO OBJECTION ...\" first and nothing on stderr";
         return starts_with(out, "NEEDS NO OBJECTION") && has(out, "waiting for: Armenia (ARM)") && err.empty();
       }},
      {"lint", "accord lint (shipped packs)", {"lint"}, 500.0,
       [](const std::string& out, const std::string& err, std::string& why) {
         why = "expected lint's summary \"lint: rules from rules/: N clauses, 0 warnings, ...\"";
         const std::string all = out + err;
         return has(all, "lint: rules from rules/: ") && has(all, " clauses, 0 warnings, ");
       }},
      {"whatif", "accord whatif (Manas proposal)", with({"whatif"}, kManas), 50.0,
       [](const std::string& out, const std::string& err, std::string& why) {
         why = "expected the verdict, then \"What would change the outcome\", \"Positions:\" and \"Over time\"";
         return starts_with(out, "NEEDS NO OBJECTION") && has(out, "\nWhat would change the outcome") &&
                has(out, "\nPositions:") && has(out, "\nOver time") && err.empty();
       }},
      {"test", "accord test scenarios/", {"test", "scenarios/", "--min-coverage", "100"}, 1000.0,
       [](const std::string& out, const std::string& err, std::string& why) {
         why = "expected the last line \"N passed, 0 failed\"";
         std::string last = out.substr(0, out.size() - (!out.empty() && out.back() == '\n'));
         last = last.substr(last.rfind('\n') + 1);
         return has(last, " passed, 0 failed") && !starts_with(last, "0 passed");
       }},
  };
  return all;
}

// The repository root: the shipped rules' parent.
std::string repo_root() { return std::filesystem::path(kShippedRules).parent_path().string(); }

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void verify(const CliCase& c) {
  const std::string out = kOutDir + "/cli-" + c.name + ".out", err = kOutDir + "/cli-" + c.name + ".err";
  const RunResult r = spawn_accord(c.args, out, err, repo_root());
  const std::string o = slurp(out), e = slurp(err);
  std::string line = "accord";
  for (const auto& a : c.args) line += " " + a;
  if (r.exit_code != 0)
    fail(line + " (in " + repo_root() + ") exited " + std::to_string(r.exit_code) + "; stdout:\n" + o.substr(0, 2000) +
         "\nstderr:\n" + e.substr(0, 2000));
  std::string why;
  if (!c.expected(o, e, why)) fail(line + ": unexpected output (" + why + "); stdout:\n" + o.substr(0, 2000) + "\nstderr:\n" + e.substr(0, 2000));
  std::remove(out.c_str());
  std::remove(err.c_str());
}

void BM_Cli(benchmark::State& st, const CliCase* c) {
  verify(*c);  // also warms the page cache
  const std::string key = std::string("cli.") + c->name;
  std::vector<double> wall, cpu;
  for (auto _ : st) {
    const RunResult r = spawn_accord(c->args, "/dev/null", "/dev/null", repo_root());
    if (r.exit_code != 0) fail(std::string("accord ") + c->name + " exited " + std::to_string(r.exit_code) + " while timed");
    st.SetIterationTime(r.wall_s);
    wall.push_back(r.wall_s * 1e3);
    cpu.push_back(r.cpu_s * 1e3);
    record(key + ".ms", r.wall_s * 1e3);
    record(key + ".cpu_ms", r.cpu_s * 1e3);
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? NAN : v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
  };
  st.counters["median_wall_ms"] = median(wall);
  st.counters["median_cpu_ms"] = median(cpu);
  st.counters["target_ms"] = c->target_ms;
}

// Runs per case: enough for a stable median in a few seconds each.
int runs(const CliCase& c) { return c.target_ms <= 10 ? 40 : c.target_ms <= 50 ? 30 : 8; }

[[maybe_unused]] const bool registered = [] {
  for (const CliCase& c : cases())
    benchmark::RegisterBenchmark((std::string("BM_Cli/") + c.name).c_str(), BM_Cli, &c)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond)
        ->Iterations(runs(c));
  return true;
}();

}  // namespace

void print_cli_summary() {
  bool any = false;
  for (const CliCase& c : cases()) {
    const std::string key = std::string("cli.") + c.name;
    const double ms = median_of(key + ".ms"), cpu = median_of(key + ".cpu_ms");
    if (std::isnan(ms)) continue;
    if (!any) std::printf("  The waits a user feels (the accord binary, spawn to exit, median; wall):\n");
    any = true;
    const std::string target = c.target_ms < 1000 ? "< " + std::to_string(static_cast<int>(c.target_ms)) + " ms" : "< 1 s";
    std::printf("  %-48s %14.3f %-12s %s (target %s)\n", c.what, ms, "ms", ms < c.target_ms ? "MET   " : "MISSED", target.c_str());
    std::printf("  %-48s %14.3f %-12s\n", "  its CPU time (user + sys)", cpu, "ms");
  }
}

}  // namespace accord::internal::bench
