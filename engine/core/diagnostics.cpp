#include "core/diagnostics.h"

#include <algorithm>
#include <cctype>

#include "core/source.h"
#include "core/utf8.h"

namespace accord::internal {

static const char* severity_word(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "info";
  }
  return "error";
}

std::string format_diagnostic(const Diagnostic& d) {
  // What the input holds is shown, never interpreted: control characters (an ESC sequence in
  // a misspelt name) are printed as \xNN, invalid UTF-8 as U+FFFD.
  std::string out;
  if (!d.pos.file.empty()) {
    out += terminal_safe(d.pos.file);
    if (d.pos.line > 0) {
      out += ':' + std::to_string(d.pos.line);
      if (d.pos.col > 0) out += ':' + std::to_string(d.pos.col);
    }
    out += ": ";
  }
  out += severity_word(d.severity);
  out += ": ";
  out += terminal_safe(d.message);
  out += '\n';
  if (!d.source_line.empty() && d.pos.col > 0) {
    const size_t at = std::min(d.caret >= 0 ? static_cast<size_t>(d.caret) : static_cast<size_t>(d.pos.col - 1),
                               d.source_line.size());
    const std::string before = terminal_safe(std::string_view(d.source_line).substr(0, at));
    out += before;
    out += terminal_safe(std::string_view(d.source_line).substr(at));
    out += '\n';
    // One space per character before the caret (UTF-8 continuation bytes take no column),
    // tabs kept so the caret lines up however tabs are displayed.
    for (const char ch : before) {
      const auto c = static_cast<unsigned char>(ch);
      if ((c & 0xC0) == 0x80) continue;
      out += c == '\t' ? '\t' : ' ';
    }
    out += "^\n";
  }
  return out;
}

// `at`, moved back to the start of the UTF-8 character it falls in.
static std::size_t utf8_floor(std::string_view s, std::size_t at) {
  while (at > 0 && at < s.size() && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80) --at;
  return at;
}

std::size_t& Diagnostics::count_of(const std::string& file) {
  for (auto& [f, n] : counts_)
    if (f == file) return n;
  counts_.emplace_back(file, 0);
  return counts_.back().second;
}

bool Diagnostics::saturated(const std::string& file) const {
  for (const auto& [f, n] : counts_)
    if (f == file) return n >= kMaxDiagnosticsPerFile;
  return false;
}

void Diagnostics::add(Diagnostic d) {
  // The same problem at the same place once (aliases to one bad node report it once).
  const std::size_t key = std::hash<std::string>{}(d.pos.file + '\0' + std::to_string(d.pos.line) + ':' +
                                                    std::to_string(d.pos.col) + '\0' + d.message);
  if (!seen_.insert(key).second) return;
  std::size_t& n = count_of(d.pos.file);
  if (++n > kMaxDiagnosticsPerFile) {
    if (d.severity == Severity::Error) ++suppressed_errors_;
    return;
  }
  if (d.message.size() > kMaxMessageBytes) d.message = d.message.substr(0, utf8_floor(d.message, kMaxMessageBytes)) + "…";
  items_.push_back(std::move(d));
}

void Diagnostics::error(SourcePos pos, std::string message, std::string source_line) {
  add({Severity::Error, std::move(pos), std::move(message), std::move(source_line)});
}

// The diagnostic at byte `offset` of `file`, with its line, or a window of a long line.
static Diagnostic at(Severity sev, const SourceFile& file, size_t offset, std::string message) {
  SourcePos p = file.pos(offset);
  const std::string_view line = file.line_text(p.line);
  Diagnostic d{sev, p, std::move(message), {}, -1};
  const std::size_t col = static_cast<std::size_t>(p.col > 0 ? p.col - 1 : 0);
  if (line.size() <= kMaxShownLineBytes) {
    d.source_line = line;
    return d;
  }
  const std::size_t half = kMaxShownLineBytes / 2;
  const std::size_t from = utf8_floor(line, col > half ? col - half : 0);
  const std::size_t to = utf8_floor(line, std::min(line.size(), from + kMaxShownLineBytes));
  const std::string_view prefix = from > 0 ? "…" : "";
  d.source_line = std::string(prefix) + std::string(line.substr(from, to - from)) + (to < line.size() ? "…" : "");
  // "…" is three bytes but one column: count it as one character before the caret.
  d.caret = static_cast<int>(prefix.size() + (col - from));
  return d;
}

void Diagnostics::error_at(const SourceFile& file, size_t offset, std::string message) {
  // Past the cap, only counted: not even positioned (which costs a search of the line table).
  if (saturated(file.path())) return ++count_of(file.path()), void(++suppressed_errors_);
  add(at(Severity::Error, file, offset, std::move(message)));
}

void Diagnostics::warning_at(const SourceFile& file, size_t offset, std::string message) {
  if (saturated(file.path())) return void(++count_of(file.path()));
  add(at(Severity::Warning, file, offset, std::move(message)));
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

std::size_t Diagnostics::error_count() const {
  return suppressed_errors_ + static_cast<std::size_t>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
           return d.severity == Severity::Error;
         }));
}

void Diagnostics::append(const Diagnostics& other) {
  for (const auto& d : other.items_) add(d);
  suppressed_errors_ += other.suppressed_errors_;
  for (const auto& f : other.stopped_) stopped(f);
}

void Diagnostics::stopped(const std::string& file) {
  if (std::find(stopped_.begin(), stopped_.end(), file) == stopped_.end()) stopped_.push_back(file);
}

void Diagnostics::set_line(int line) {
  for (auto& d : items_)
    if (d.pos.line > 0) d.pos.line = line;
}

std::string Diagnostics::str() const {
  std::string out;
  for (const auto& d : items_) out += format_diagnostic(d);
  for (const auto& [file, n] : counts_) {
    const std::string where = file.empty() ? std::string() : file + ": ";
    const std::string first = " (the first " + std::to_string(kMaxDiagnosticsPerFile) + " are above)";
    if (std::find(stopped_.begin(), stopped_.end(), file) != stopped_.end())
      out += where + "error: too many problems: the rest of the file was not checked" + first + "\n";
    else if (n > kMaxDiagnosticsPerFile)
      out += where + "error: " + std::to_string(n - kMaxDiagnosticsPerFile) + " more problems not shown" + first + "\n";
  }
  return out;
}

// Transpositions cost 1, so the commonest typo ('hots' for 'host', 'KZG' for 'KGZ') is one
// edit, not two. Past `limit` the exact distance does not matter: limit + 1 is returned as soon
// as it is certain, so a long word costs nothing against short names.
size_t edit_distance(std::string_view a, std::string_view b, size_t limit) {
  const size_t gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (gap > limit) return limit + 1;
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  auto same = [&](char x, char y) { return lower(x) == lower(y); };
  std::vector<size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    size_t row_min = cur[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same(a[i - 1], b[j - 1]) ? 0 : 1)});
      if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]))
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      row_min = std::min(row_min, cur[j]);
    }
    // A row's minimum never decreases two rows on (a transposition reaches back one row).
    if (row_min > limit && i > 1 && *std::min_element(prev.begin(), prev.end()) > limit) return limit + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[b.size()], limit + 1);
}

// A plausible typo: at most a third of the letters wrong (and at least one).
static size_t typo_limit(std::string_view a, std::string_view b) { return std::max<size_t>(1, std::max(a.size(), b.size()) / 3); }

std::string nearest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = std::string::npos;
  for (const auto& c : candidates) {
    const size_t limit = typo_limit(word, c);
    const size_t d = edit_distance(word, c, limit);
    if (d <= limit && d < best_d) best_d = d, best = c;
  }
  return best;
}

std::string with_suggestion(std::string message, std::string_view word,
                            const std::vector<std::string>& candidates) {
  const std::string n = nearest(word, candidates);
  if (!n.empty()) message += "; did you mean '" + n + "'?";
  return message;
}

}  // namespace accord::internal
