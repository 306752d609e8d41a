// Looking things up the way people type them. A NameIndex maps every way of writing an item
// (its code in any case, an alternative code, its name, its aliases) to the item's id, and
// ranks "did you mean" candidates for what it cannot find: a word that starts a name ('Kyr'
// for Kyrgyzstan) ranks before a one-letter typo of a code ('KIR', Kiribati), so suggestions
// read as a person would guess.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/symbols.h"

namespace accord::internal {

class NameIndex {
 public:
  // Lower-case ASCII, dots and apostrophes dropped, runs of blanks, '-', '_', ',', '(' and ')'
  // made one space, a leading "the " dropped: "the U.S." and "us" are the same key.
  static std::string normalize(std::string_view text);

  // Adds `key` as a way to write `id`. Returns kNone, or the other id the key already names
  // (the key is then left with that id: a key must not name two items).
  SymId add(std::string_view key, SymId id);
  std::optional<SymId> find(std::string_view text) const;
  // Up to `max` ids whose keys are close to `text`, best first; empty when nothing is close
  // enough to be a plausible slip.
  std::vector<SymId> suggest(std::string_view text, std::size_t max = 2) const;

 private:
  std::unordered_map<std::string, SymId> keys_;
  std::vector<std::pair<std::string, SymId>> ordered_;  // keys in the order added (stable ranking)
};

}  // namespace accord::internal
