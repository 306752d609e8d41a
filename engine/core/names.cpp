#include "core/names.h"

#include <algorithm>
#include <map>

#include "core/diagnostics.h"

namespace accord::internal {

std::string NameIndex::normalize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool gap = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '.' || c == '\'') continue;
    // U+2019 (right single quotation mark), typed for an apostrophe by many keyboards.
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) == 0x99) {
      i += 2;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '-' || c == '_' || c == ',' || c == '(' || c == ')') {
      gap = !out.empty();
      continue;
    }
    if (gap) out += ' ', gap = false;
    out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  if (out.rfind("the ", 0) == 0) out.erase(0, 4);
  return out;
}

SymId NameIndex::add(std::string_view key, SymId id) {
  std::string k = normalize(key);
  if (k.empty()) return kNone;
  auto [it, fresh] = keys_.emplace(k, id);
  if (!fresh) return it->second == id ? kNone : it->second;
  ordered_.emplace_back(std::move(k), id);
  return kNone;
}

std::optional<SymId> NameIndex::find(std::string_view text) const {
  auto it = keys_.find(normalize(text));
  if (it == keys_.end()) return std::nullopt;
  return it->second;
}

// Scores in half-edits: a word of the key that starts with the text scores 1 (half an edit,
// better than any typo), an edit distance d scores 2d.
static std::size_t score(const std::string& q, const std::string& key) {
  std::size_t best = std::string::npos;
  if (q.size() >= 2) {
    for (std::size_t w = 0; w < key.size(); w = key.find(' ', w) == std::string::npos ? key.size() : key.find(' ', w) + 1)
      if (key.compare(w, q.size(), q) == 0) best = 1;
  }
  // Codes (three letters or fewer) are compared letter for letter: 'RUZ' is a slip for 'RUS',
  // not for 'UZ' (an alpha-2 code one deletion away).
  if (key.size() <= 3 && key.size() != q.size()) return best;
  // A third of the letters may be wrong, at least one; a one- or two-letter slip is too short
  // to guess from.
  const std::size_t limit = q.size() < 3 ? 0 : std::max<std::size_t>(1, std::max(q.size(), key.size()) / 3);
  if (const std::size_t d = edit_distance(q, key, limit); d <= limit) best = std::min(best, 2 * d);
  return best;
}

std::vector<SymId> NameIndex::suggest(std::string_view text, std::size_t max) const {
  const std::string q = normalize(text);
  std::vector<SymId> out;
  if (q.empty()) return out;
  std::map<SymId, std::pair<std::size_t, std::size_t>> best;  // id -> (score, first position)
  for (std::size_t i = 0; i < ordered_.size(); ++i) {
    const auto& [key, id] = ordered_[i];
    const std::size_t s = score(q, key);
    if (s == std::string::npos) continue;
    auto [it, fresh] = best.emplace(id, std::make_pair(s, i));
    if (!fresh && s < it->second.first) it->second.first = s;
  }
  std::vector<std::pair<std::pair<std::size_t, std::size_t>, SymId>> ranked;
  for (const auto& [id, rank] : best) ranked.push_back({rank, id});
  std::sort(ranked.begin(), ranked.end());
  // Keep those no more than one edit worse than the best: a weak second guess is noise.
  for (const auto& [rank, id] : ranked)
    if (out.size() < max && rank.first <= ranked.front().first.first + 2) out.push_back(id);
  return out;
}

}  // namespace accord::internal
