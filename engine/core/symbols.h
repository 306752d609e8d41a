// Interning of names (party codes, strings, sites, actions, proposal keys) to dense small
// integers. Id 0 is reserved for "none" (an absent value) and has the empty name.
#pragma once
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace accord::internal {

using SymId = std::uint16_t;
inline constexpr SymId kNone = 0;

// A hash of a short name: a word at a time, no call (batch input looks up every key, action,
// value and site by name, so std::hash's out-of-line byte loop showed in its profile).
inline std::uint64_t hash_name(std::string_view s) {
  const char* p = s.data();
  std::size_t n = s.size();
  std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
  auto mix = [&h](std::uint64_t w) {
    h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
    h ^= h >> 32;
  };
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    mix(w);
  }
  std::uint64_t w = 0;
  if (n >= 4) {  // the last 4..7 bytes as two overlapping 4-byte reads
    std::uint32_t a, b;
    std::memcpy(&a, p, 4);
    std::memcpy(&b, p + n - 4, 4);
    w = (std::uint64_t{a} << 32) | b;
  } else {
    for (std::size_t i = 0; i < n; ++i) w = (w << 8) | static_cast<unsigned char>(p[i]);
  }
  mix(w);
  return h;
}

// a == b, without a call for names of up to 16 bytes (overlapping word loads).
inline bool same_name(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  if (n > 16) return std::memcmp(a.data(), b.data(), n) == 0;
  auto load = [](const char* p, std::size_t k) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, k);
    return w;
  };
  if (n >= 8) return load(a.data(), 8) == load(b.data(), 8) && load(a.data() + n - 8, 8) == load(b.data() + n - 8, 8);
  if (n >= 4) return load(a.data(), 4) == load(b.data(), 4) && load(a.data() + n - 4, 4) == load(b.data() + n - 4, 4);
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

class SymbolTable {
 public:
  SymbolTable() { names_.emplace_back(); }
  SymId intern(std::string_view name);
  std::optional<SymId> find(std::string_view name) const {
    if (name.empty()) return kNone;
    const std::uint32_t i = lookup(name);
    if (i == 0) return std::nullopt;
    return static_cast<SymId>(i);
  }
  const std::string& name(SymId id) const { return names_[id]; }
  std::size_t size() const { return names_.size(); }
  // All names but "none", for "did you mean" suggestions.
  std::vector<std::string> names() const { return {names_.begin() + 1, names_.end()}; }

 private:
  // Open addressing, linear probing: slots_ hold indices into names_ (0: empty), and are
  // kept at most half full.
  std::uint32_t lookup(std::string_view name) const {
    if (slots_.empty()) return 0;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t k = hash_name(name) & mask;; k = (k + 1) & mask) {
      const std::uint32_t i = slots_[k];
      if (i == 0 || same_name(names_[i], name)) return i;
    }
  }
  void place(std::uint32_t i);
  std::vector<std::string> names_;
  std::vector<std::uint32_t> slots_;
};

}  // namespace accord::internal
