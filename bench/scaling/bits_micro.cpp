// What lifting the 511-party limit of Bits (engine/core/bits.h) would cost on the consent
// path, measured in isolation: the set algebra of decide()'s consent_status() (required =
// members - {host}; consented/objected/abstained/pending/blocking; emptiness tests; the
// Decision's pending |= ...) for
//   Fixed<512>    the engine today (8 words, 64 B)
//   Fixed<1024>   the same type with kMaxSymbols = 1024 (16 words)
//   Fixed<4096>   64 words
//   Used<1024>    1024 bits of storage, but every loop stops at the words the loaded parties
//                 use (a run-time bound set at load time, the same for every set)
//   Heap          std::vector<uint64_t> sized at load time (allocates per temporary)
// Self-contained (no engine headers), so it compiles without the build:
//   g++ -std=c++20 -O3 bench/scaling/bits_micro.cpp -o /tmp/bits_micro && /tmp/bits_micro [PARTIES]
// Prints ns per consent evaluation (thread CPU time) and the size of a ClauseResult
// (7 sets + 16 bytes, as in decide/decide.h) for each representation.
#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <vector>

static unsigned g_used_words = 8;  // set from PARTIES

template <unsigned N>
struct Fixed {
  static constexpr unsigned kWords = N / 64;
  std::uint64_t w[kWords] = {};
  void set(unsigned i) { w[i >> 6] |= std::uint64_t{1} << (i & 63); }
  void reset(unsigned i) { w[i >> 6] &= ~(std::uint64_t{1} << (i & 63)); }
  bool empty() const { std::uint64_t a = 0; for (auto x : w) a |= x; return a == 0; }
  Fixed& operator|=(const Fixed& o) { for (unsigned i = 0; i < kWords; ++i) w[i] |= o.w[i]; return *this; }
  Fixed& operator&=(const Fixed& o) { for (unsigned i = 0; i < kWords; ++i) w[i] &= o.w[i]; return *this; }
  Fixed& minus(const Fixed& o) { for (unsigned i = 0; i < kWords; ++i) w[i] &= ~o.w[i]; return *this; }
  friend Fixed operator&(Fixed a, const Fixed& b) { return a &= b; }
  friend Fixed operator-(Fixed a, const Fixed& b) { return a.minus(b); }
};

template <unsigned N>
struct Used {  // fixed storage, loops bounded by the words in use
  static constexpr unsigned kWords = N / 64;
  std::uint64_t w[kWords] = {};
  void set(unsigned i) { w[i >> 6] |= std::uint64_t{1} << (i & 63); }
  void reset(unsigned i) { w[i >> 6] &= ~(std::uint64_t{1} << (i & 63)); }
  bool empty() const { std::uint64_t a = 0; for (unsigned i = 0; i < g_used_words; ++i) a |= w[i]; return a == 0; }
  Used& operator|=(const Used& o) { for (unsigned i = 0; i < g_used_words; ++i) w[i] |= o.w[i]; return *this; }
  Used& operator&=(const Used& o) { for (unsigned i = 0; i < g_used_words; ++i) w[i] &= o.w[i]; return *this; }
  Used& minus(const Used& o) { for (unsigned i = 0; i < g_used_words; ++i) w[i] &= ~o.w[i]; return *this; }
  friend Used operator&(Used a, const Used& b) { return a &= b; }
  friend Used operator-(Used a, const Used& b) { return a.minus(b); }
};

struct Heap {  // a dynamic bitset: the words the loaded parties need, on the heap
  std::vector<std::uint64_t> w = std::vector<std::uint64_t>(g_used_words);
  void set(unsigned i) { w[i >> 6] |= std::uint64_t{1} << (i & 63); }
  void reset(unsigned i) { w[i >> 6] &= ~(std::uint64_t{1} << (i & 63)); }
  bool empty() const { std::uint64_t a = 0; for (auto x : w) a |= x; return a == 0; }
  Heap& operator|=(const Heap& o) { for (std::size_t i = 0; i < w.size(); ++i) w[i] |= o.w[i]; return *this; }
  Heap& operator&=(const Heap& o) { for (std::size_t i = 0; i < w.size(); ++i) w[i] &= o.w[i]; return *this; }
  Heap& minus(const Heap& o) { for (std::size_t i = 0; i < w.size(); ++i) w[i] &= ~o.w[i]; return *this; }
  friend Heap operator&(Heap a, const Heap& b) { return a &= b; }
  friend Heap operator-(Heap a, const Heap& b) { return a.minus(b); }
};

template <class B>
struct Result {  // decide.h's ClauseResult: 7 sets and a few scalars
  std::uint32_t clause = 0;
  std::uint8_t reading = 0, status = 0;
  B required, consented, objected, abstained, pending, blocking, binds;
  std::int32_t set_aside_by = -1;
};

// consent_status() for the unanimous rule, plus what decide() folds into the Decision.
template <class B>
__attribute__((noinline)) int consent(const B& members, unsigned host, const B& con, const B& obj, const B& abs,
                                      Result<B>& r, B& pending) {
  B required = members;
  required.reset(host);
  r.required = required;
  r.consented = required & con;
  r.objected = required & obj;
  r.abstained = required & abs;
  r.pending = required - con - obj - abs;
  r.blocking = r.objected;
  if (required.empty()) return 0;
  r.pending |= r.abstained;
  pending |= r.pending;
  if (!r.objected.empty()) return 2;
  return r.pending.empty() ? 0 : 1;
}

static double cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

template <class B>
void run(const char* name, unsigned parties) {
  std::mt19937_64 rng(20111220);
  constexpr int kOrgs = 16, kProposals = 4096;
  std::vector<B> orgs(kOrgs), con(kProposals), obj(kProposals), abs(kProposals);
  for (auto& o : orgs)
    for (unsigned p = 1; p <= parties; ++p)
      if (rng() % 4 == 0) o.set(p);
  for (int i = 0; i < kProposals; ++i)
    for (int k = 0; k < 10; ++k) {
      const unsigned p = 1 + static_cast<unsigned>(rng() % parties);
      switch (rng() % 3) { case 0: con[i].set(p); break; case 1: obj[i].set(p); break; default: abs[i].set(p); }
    }
  std::vector<Result<B>> results(kOrgs);  // reused, as Decision::clauses is
  long sink = 0;
  const int rounds = 200;
  const double t0 = cpu_ns();
  for (int round = 0; round < rounds; ++round)
    for (int i = 0; i < kProposals; ++i) {
      B pending;
      const int o = i % kOrgs;
      sink += consent(orgs[o], 1 + static_cast<unsigned>(i) % parties, con[i], obj[i], abs[i], results[o], pending);
    }
  const double ns = (cpu_ns() - t0) / (double(rounds) * kProposals);
  std::printf("| %-12s | %5zu B | %6zu B | %6.1f |\n", name, sizeof(B), sizeof(Result<B>), ns);
  if (sink == 42) std::printf(" ");
}

int main(int argc, char** argv) {
  const unsigned parties = argc > 1 ? static_cast<unsigned>(std::atoi(argv[1])) : 510;
  g_used_words = (parties + 1 + 63) / 64;
  std::printf("%u parties (%u words in use)\n\n| set | sizeof set | ClauseResult | ns per consent evaluation |\n|---|---|---|---|\n",
              parties, g_used_words);
  if (parties < 512) run<Fixed<512>>("Fixed<512>", parties);
  if (parties < 1024) run<Fixed<1024>>("Fixed<1024>", parties);
  run<Fixed<4096>>("Fixed<4096>", parties);
  if (parties < 1024) run<Used<1024>>("Used<1024>", parties);
  run<Heap>("Heap", parties);
}
