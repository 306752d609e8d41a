// The allow file of `accord diff --allow`: the change groups a rules change is expected to make.
#include <algorithm>

#include "analysis/rule_diff.h"
#include "core/source.h"

namespace accord::internal {

std::vector<AllowEntry> parse_allow(const SourceFile& file, Diagnostics& diags) {
  std::vector<AllowEntry> out;
  const std::string& text = file.text();
  std::size_t line_start = 0;
  while (line_start < text.size()) {
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string::npos) line_end = text.size();
    std::size_t end = text.find('#', line_start);
    if (end == std::string::npos || end > line_end) end = line_end;
    // The words of the line, each with its offset.
    std::vector<std::pair<std::size_t, std::string>> words;
    for (std::size_t i = line_start; i < end;) {
      while (i < end && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r')) ++i;
      std::size_t j = i;
      while (j < end && text[j] != ' ' && text[j] != '\t' && text[j] != '\r') ++j;
      if (j > i) words.push_back({i, text.substr(i, j - i)});
      i = j;
    }
    if (!words.empty()) {
      AllowEntry a;
      a.pos = file.pos(words.front().first);
      for (const auto& w : words) a.text += (a.text.empty() ? "" : " ") + w.second;
      bool ok = true;
      if (words.size() == 1 && words[0].second == "vocabulary") {
        a.vocabulary = true;
      } else if (words.size() != 3) {
        diags.error_at(file, words.front().first,
                       "expected 'ACTION DATES CLAUSE' (each may be '*') or 'vocabulary', got '" + a.text + "'");
        ok = false;
      } else {
        a.action = words[0].second;
        a.clause = words[2].second;
        const std::string& dates = words[1].second;
        auto date = [&](std::string_view s, Date& d) {
          if (s.empty()) return true;
          if (auto v = parse_date(s)) return d = *v, true;
          diags.error_at(file, words[1].first, "bad date '" + std::string(s) + "' in '" + dates + "': expected YYYY-MM-DD, D.., ..E or D..E");
          return false;
        };
        if (dates == "*") {
        } else if (const auto dots = dates.find(".."); dots == std::string::npos) {
          a.point = true;
          ok = date(dates, a.from);
          if (ok && dates.empty()) ok = false;
        } else {
          Date to = kDateMax;
          ok = date(std::string_view(dates).substr(0, dots), a.from) && date(std::string_view(dates).substr(dots + 2), to);
          a.to = to;
        }
      }
      if (ok) out.push_back(std::move(a));
    }
    line_start = line_end + 1;
  }
  return out;
}

bool allows(const AllowEntry& a, const DiffGroup& g) {
  if (a.vocabulary) return false;
  if (a.action != "*" && a.action != g.action) return false;
  if (a.clause != "*" && std::find(g.clauses.begin(), g.clauses.end(), a.clause) == g.clauses.end()) return false;
  if (a.point)
    return std::any_of(g.dates.begin(), g.dates.end(), [&](const auto& r) { return r.first <= a.from && a.from < r.second; });
  // Every range of the group within [from, to] (to inclusive; open-ended when kDateMax).
  return std::all_of(g.dates.begin(), g.dates.end(), [&](const auto& r) {
    return r.first >= a.from && (a.to == kDateMax || (r.second != kDateMax && r.second - 1 <= a.to));
  });
}

}  // namespace accord::internal
