// (c) `accord check --batch` end to end: the real binary, on a generated 100,000-line JSONL file
// (the same proposals as decide_bench.cpp), stdout to /dev/null, --threads 1 and --threads 2.
// Timed from posix_spawn to wait4 (wall clock, the Time column), so process start, loading and
// compiling the shipped rules, reading the file (warm page cache) and writing the output are
// all included; the child's CPU time (user + sys, all threads, from wait4's rusage) is reported
// beside it, because on a shared, loaded machine wall time measures the other tenants too.
// A one-line run measures the fixed cost (start + load + compile) on its own.
//
// Before timing, the setup runs the binary once per thread count with its output captured and
// checks it byte for byte against decide_answer() + render_json() in-process (same proposals, same
// rules), and that it exits 0 with nothing on stderr.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "common.h"
#include "decide/cases.h"
#include "report/report.h"

extern char** environ;

namespace accord::internal::bench {
namespace {

using Clock = std::chrono::steady_clock;

const std::string kBatchFile = kOutDir + "/batch-100k.jsonl";
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

// Runs the accord binary with stdout and stderr redirected; returns its exit status and, in
// `cpu_s`, its CPU time (user + sys).
int run_accord(const std::vector<std::string>& args, const std::string& out_path, const std::string& err_path,
               double* cpu_s = nullptr) {
  std::vector<std::string> argv_s = {kAccordBin};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid;
  const int rc = posix_spawn(&pid, kAccordBin.c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) fail("cannot start " + kAccordBin);
  int status = 0;
  rusage ru{};
  if (wait4(pid, &status, 0, &ru) < 0) fail("wait4 failed");
  auto secs = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6; };
  if (cpu_s) *cpu_s = secs(ru.ru_utime) + secs(ru.ru_stime);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::vector<std::string> batch_args(const std::string& file, std::int64_t threads) {
  return {"check", "--rules", kShippedRules, "--batch", file, "--threads", std::to_string(threads)};
}

// Generates the input files and checks the binary's output once per thread count.
void batch_setup() {
  static const bool done = [] {
    const auto& gs = generated();
    std::string jsonl, expected;
    auto engine = load_engine(kShippedRules);
    const auto ps = build_all(*engine, gs);
    Answer a;
    for (std::size_t i = 0; i < gs.size(); ++i) {
      jsonl += to_json(gs[i]);
      jsonl += '\n';
      if (auto err = decide_answer(*engine, ps[i], {}, a); !err.empty()) fail(err);
      render_json(*engine, ps[i], a, false, expected);
      expected += '\n';
    }
    write_if_changed(kBatchFile, jsonl);
    write_if_changed(kOneLineFile, to_json(gs[0]) + "\n");
    const std::string out = kOutDir + "/batch-out.jsonl";
    for (std::int64_t threads : {1, 2}) {
      const int rc = run_accord(batch_args(kBatchFile, threads), out, kErrFile);
      const std::string got = slurp(out), err = slurp(kErrFile);
      if (rc != 0 || !err.empty())
        fail("accord check --batch --threads " + std::to_string(threads) + " exited " + std::to_string(rc) +
             ", stderr:\n" + err.substr(0, 2000));
      if (got != expected) {
        std::size_t k = 0, line = 1;
        while (k < got.size() && k < expected.size() && got[k] == expected[k]) line += got[k++] == '\n';
        fail("accord check --batch --threads " + std::to_string(threads) +
             " output differs from decide_answer() + render_json() at line " + std::to_string(line) + " (see " + out + ")");
      }
    }
    std::remove(out.c_str());
    std::fprintf(stderr, "batch: the binary's output matches in-process decide + render_json on all %zu lines "
                         "(--threads 1 and 2); %.1f MB in, %.1f MB out\n",
                 gs.size(), static_cast<double>(jsonl.size()) / 1e6, static_cast<double>(expected.size()) / 1e6);
    return true;
  }();
  (void)done;
}

// Wall seconds; the child's CPU seconds in `cpu_s`.
double run_timed(const std::string& file, std::int64_t threads, double& cpu_s) {
  const auto t0 = Clock::now();
  const int rc = run_accord(batch_args(file, threads), "/dev/null", kErrFile, &cpu_s);
  const double s = std::chrono::duration<double>(Clock::now() - t0).count();
  if (rc != 0) fail("accord check --batch exited " + std::to_string(rc) + ": " + slurp(kErrFile).substr(0, 2000));
  return s;
}

void BM_Batch_EndToEnd(benchmark::State& st) {
  batch_setup();
  const std::int64_t threads = st.range(0);
  double secs = 0, cpu = 0;
  for (auto _ : st) {
    double c = 0;
    const double s = run_timed(kBatchFile, threads, c);
    secs += s;
    cpu += c;
    st.SetIterationTime(s);
  }
  const double decisions = static_cast<double>(st.iterations()) * static_cast<double>(kProposals);
  const std::string key = "batch.threads" + std::to_string(threads);
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
BENCHMARK(BM_Batch_EndToEnd)->ArgName("threads")->Arg(1)->Arg(2)->UseManualTime()->Unit(benchmark::kMillisecond)
    ->Iterations(3)->Repetitions(3)->ReportAggregatesOnly(true);

}  // namespace
}  // namespace accord::internal::bench
