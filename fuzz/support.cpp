#include "support.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <stdexcept>

#include "load/rules_loader.h"

namespace accord::internal::fuzz {

namespace {

RuleSet load_shipped() {
  Diagnostics d;
  auto rules = load_rules({std::string(ACCORD_REPO) + "/rules"}, d);
  if (!rules) {
    std::fprintf(stderr, "fuzz: the shipped rules do not load:\n%s", d.str().c_str());
    std::abort();
  }
  return std::move(*rules);
}

double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

}  // namespace

std::shared_ptr<const Engine> shipped_engine() {
  static const std::shared_ptr<const Engine> engine = [] {
    Diagnostics d;
    std::shared_ptr<const Engine> e = Engine::build(load_shipped(), d);
    if (!e) {
      std::fprintf(stderr, "fuzz: the shipped rules do not build:\n%s", d.str().c_str());
      std::abort();
    }
    return e;
  }();
  return engine;
}

const RuleSet& shipped_base() {
  static const RuleSet base = [] {
    RuleSet r = load_shipped();
    r.instruments.clear();
    r.clauses.clear();
    return r;
  }();
  return base;
}

Bounds::Bounds(const char* target, std::size_t input_size, double base_ms, double ms_per_kib, std::size_t out_per_byte)
    : target_(target),
      input_(input_size),
      limit_ms_(base_ms + ms_per_kib * static_cast<double>(input_size) / 1024.0),
      out_per_byte_(out_per_byte),
      start_ms_(thread_cpu_ms()) {}

void Bounds::check_output(std::size_t bytes) const {
  const std::size_t limit = out_per_byte_ * input_ + 64 * 1024;
  if (bytes <= limit) return;
  std::fprintf(stderr, "fuzz %s: %zu bytes of output for %zu bytes of input (the bound is %zu)\n", target_, bytes,
               input_, limit);
  std::abort();
}

Bounds::~Bounds() {
  const double ms = thread_cpu_ms() - start_ms_;
  if (ms <= limit_ms_) return;
  std::fprintf(stderr, "fuzz %s: %.0f ms of CPU time for %zu bytes of input (the bound is %.0f ms)\n", target_, ms, input_,
               limit_ms_);
  std::abort();
}

}  // namespace accord::internal::fuzz
