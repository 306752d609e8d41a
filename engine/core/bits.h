// A fixed-size bitset for sets of parties or strings. Parties and strings are interned to
// small integers at load time, so a set is 512 bits on the stack: set algebra is a few word
// operations and never allocates (the evaluator's hot path relies on that).
#pragma once
#include <bit>
#include <cstdint>

namespace accord::internal {

inline constexpr unsigned kMaxSymbols = 512;  // parties, and strings, are each capped here

struct Bits {
  static constexpr unsigned kWords = kMaxSymbols / 64;
  std::uint64_t w[kWords] = {};

  bool test(unsigned i) const { return (w[i >> 6] >> (i & 63)) & 1u; }
  void set(unsigned i) { w[i >> 6] |= std::uint64_t{1} << (i & 63); }
  void reset(unsigned i) { w[i >> 6] &= ~(std::uint64_t{1} << (i & 63)); }
  void clear() { *this = Bits{}; }
  unsigned count() const {
    unsigned n = 0;
    for (auto x : w) n += popcount(x);
    return n;
  }
  // std::popcount is a call into libgcc when the build may not assume the POPCNT
  // instruction (baseline x86-64): counted inline instead.
  static unsigned popcount(std::uint64_t x) {
#if defined(__POPCNT__) || !(defined(__x86_64__) || defined(__i386__))
    return static_cast<unsigned>(std::popcount(x));
#else
    x = x - ((x >> 1) & 0x5555555555555555ULL);
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return static_cast<unsigned>((x * 0x0101010101010101ULL) >> 56);
#endif
  }
  bool empty() const {
    std::uint64_t any = 0;
    for (auto x : w) any |= x;
    return any == 0;
  }
  Bits& operator|=(const Bits& o) { for (unsigned i = 0; i < kWords; ++i) w[i] |= o.w[i]; return *this; }
  Bits& operator&=(const Bits& o) { for (unsigned i = 0; i < kWords; ++i) w[i] &= o.w[i]; return *this; }
  Bits& minus(const Bits& o) { for (unsigned i = 0; i < kWords; ++i) w[i] &= ~o.w[i]; return *this; }
  friend Bits operator|(Bits a, const Bits& b) { return a |= b; }
  friend Bits operator&(Bits a, const Bits& b) { return a &= b; }
  friend Bits operator-(Bits a, const Bits& b) { return a.minus(b); }
  friend bool operator==(const Bits& a, const Bits& b) {
    for (unsigned i = 0; i < kWords; ++i) if (a.w[i] != b.w[i]) return false;
    return true;
  }
  // Calls f(i) for every set bit, in increasing order.
  template <class F> void for_each(F&& f) const {
    for (unsigned k = 0; k < kWords; ++k)
      for (std::uint64_t x = w[k]; x; x &= x - 1) f(k * 64 + static_cast<unsigned>(std::countr_zero(x)));
  }
};

}  // namespace accord::internal
