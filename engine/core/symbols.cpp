#include "core/symbols.h"

namespace accord::internal {

void SymbolTable::place(std::uint32_t i) {
  const std::size_t mask = slots_.size() - 1;
  std::size_t k = hash_name(names_[i]) & mask;
  while (slots_[k] != 0) k = (k + 1) & mask;
  slots_[k] = i;
}

SymId SymbolTable::intern(std::string_view name) {
  if (name.empty()) return kNone;
  if (const std::uint32_t i = lookup(name)) return static_cast<SymId>(i);
  const auto id = static_cast<std::uint32_t>(names_.size());
  names_.emplace_back(name);
  if (2 * names_.size() > slots_.size()) {  // grow, and place every name again
    slots_.assign(slots_.empty() ? 16 : 2 * slots_.size(), 0);
    for (std::uint32_t k = 1; k < names_.size(); ++k) place(k);
  } else {
    place(id);
  }
  return static_cast<SymId>(id);
}

}  // namespace accord::internal
