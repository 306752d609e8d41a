// Shared by the fuzz targets (fuzz/*_fuzz.cpp): the shipped rules, loaded once, and the
// per-input bounds every target asserts. A bound broken is a finding: the target aborts with
// the measurement, and libFuzzer saves the input like any crash.
//
// The targets build two ways: with ACCORD_FUZZ (clang, libFuzzer, ASan+UBSan) to search, and
// in every test build with replay_main.cpp, where ctest replays the seeds and every saved
// crash input (fuzz/crashes/) through the same code.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "compile/engine.h"
#include "model/rules.h"

namespace accord::internal::fuzz {

// The shipped rules (rules/ of the repository), built once per process.
std::shared_ptr<const Engine> shipped_engine();
// The shipped schema and facts without any pack: the base a fuzzed pack is loaded onto.
const RuleSet& shipped_base();

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Per-input bounds. Work must stay proportional to the input: at most `base_ms` plus
// `ms_per_kib` for each KiB of the thread's CPU time (not wall time: a busy machine must not
// make a finding), and output at most `out_per_byte` bytes per input byte plus
// 64 KiB (a decision's report for a tiny proposal is a few KiB).
class Bounds {
 public:
  Bounds(const char* target, std::size_t input_size, double base_ms, double ms_per_kib, std::size_t out_per_byte = 64);
  // Aborts, naming the target and the measurement, when a bound is broken.
  void check_output(std::size_t bytes) const;
  ~Bounds();  // checks the time

 private:
  const char* target_;
  std::size_t input_;
  double limit_ms_;
  std::size_t out_per_byte_;
  double start_ms_;  // the thread's CPU time
};

}  // namespace accord::internal::fuzz
