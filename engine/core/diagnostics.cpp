#include "core/diagnostics.h"

#include <algorithm>
#include <cctype>

#include "core/source.h"

namespace accord {

static const char* severity_word(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "info";
  }
  return "error";
}

std::string format_diagnostic(const Diagnostic& d) {
  std::string out;
  if (!d.pos.file.empty()) {
    out += d.pos.file;
    if (d.pos.line > 0) {
      out += ':' + std::to_string(d.pos.line);
      if (d.pos.col > 0) out += ':' + std::to_string(d.pos.col);
    }
    out += ": ";
  }
  out += severity_word(d.severity);
  out += ": ";
  out += d.message;
  out += '\n';
  if (!d.source_line.empty() && d.pos.col > 0) {
    out += d.source_line;
    out += '\n';
    // One space per character before the caret (UTF-8 continuation bytes take no column),
    // tabs kept so the caret lines up however tabs are displayed.
    const size_t n = std::min(static_cast<size_t>(d.pos.col - 1), d.source_line.size());
    for (size_t i = 0; i < n; ++i) {
      const auto c = static_cast<unsigned char>(d.source_line[i]);
      if ((c & 0xC0) == 0x80) continue;
      out += c == '\t' ? '\t' : ' ';
    }
    out += "^\n";
  }
  return out;
}

void Diagnostics::error(SourcePos pos, std::string message, std::string source_line) {
  items_.push_back({Severity::Error, std::move(pos), std::move(message), std::move(source_line)});
}

static Diagnostic at(Severity sev, const SourceFile& file, size_t offset, std::string message) {
  SourcePos p = file.pos(offset);
  std::string line(file.line_text(p.line));
  return {sev, std::move(p), std::move(message), std::move(line)};
}

void Diagnostics::error_at(const SourceFile& file, size_t offset, std::string message) {
  items_.push_back(at(Severity::Error, file, offset, std::move(message)));
}

void Diagnostics::warning_at(const SourceFile& file, size_t offset, std::string message) {
  items_.push_back(at(Severity::Warning, file, offset, std::move(message)));
}

bool Diagnostics::has_errors() const {
  return std::any_of(items_.begin(), items_.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

std::size_t Diagnostics::error_count() const {
  return static_cast<std::size_t>(std::count_if(items_.begin(), items_.end(),
                                                [](const Diagnostic& d) { return d.severity == Severity::Error; }));
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

std::string Diagnostics::str() const {
  std::string out;
  for (const auto& d : items_) out += format_diagnostic(d);
  return out;
}

// Transpositions cost 1, so the commonest typo ('hots' for 'host', 'KZG' for 'KGZ') is one
// edit, not two.
size_t edit_distance(std::string_view a, std::string_view b) {
  auto same = [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  };
  std::vector<size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same(a[i - 1], b[j - 1]) ? 0 : 1)});
      if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]))
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string nearest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = std::string::npos;
  for (const auto& c : candidates) {
    const size_t d = edit_distance(word, c);
    if (d < best_d) best_d = d, best = c;
  }
  // Plausible typo: at most a third of the word's letters wrong (and at least one allowed).
  const size_t limit = std::max<size_t>(1, std::max(word.size(), best.size()) / 3);
  return best_d <= limit ? best : std::string();
}

std::string with_suggestion(std::string message, std::string_view word,
                            const std::vector<std::string>& candidates) {
  const std::string n = nearest(word, candidates);
  if (!n.empty()) message += "; did you mean '" + n + "'?";
  return message;
}

}  // namespace accord
