// Interning of names (party codes, strings, sites, actions) to dense small integers.
// Id 0 is reserved for "none" (an absent value) and has the empty name.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace accord::internal {

using SymId = std::uint16_t;
inline constexpr SymId kNone = 0;

class SymbolTable {
 public:
  SymbolTable() { names_.emplace_back(); }
  SymId intern(std::string_view name);
  std::optional<SymId> find(std::string_view name) const;
  const std::string& name(SymId id) const { return names_[id]; }
  std::size_t size() const { return names_.size(); }
  // All names but "none", for "did you mean" suggestions.
  std::vector<std::string> names() const { return {names_.begin() + 1, names_.end()}; }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::vector<std::string> names_;
  std::unordered_map<std::string, SymId, Hash, std::equal_to<>> index_;
};

}  // namespace accord::internal
