#include "core/symbols.h"

namespace accord::internal {

SymId SymbolTable::intern(std::string_view name) {
  if (name.empty()) return kNone;
  auto it = index_.find(name);
  if (it != index_.end()) return it->second;
  const auto id = static_cast<SymId>(names_.size());
  names_.emplace_back(name);
  index_.emplace(std::string(name), id);
  return id;
}

std::optional<SymId> SymbolTable::find(std::string_view name) const {
  if (name.empty()) return kNone;
  auto it = index_.find(name);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

}  // namespace accord::internal
