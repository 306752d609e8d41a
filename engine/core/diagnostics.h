// User-facing errors and warnings. Every stage reports problems in rule, fact, proposal or
// scenario files as values (never exceptions): a Diagnostic carries the file position, the
// message, and the source line it points into, so it can be printed as
//
//   path:line:col: error: message
//   <source line>
//   <spaces>^
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace accord::internal {

class SourceFile;

struct SourcePos {
  std::string file;  // empty: no file (e.g. a command-line flag)
  int line = 0;      // 1-based; 0 when unknown
  int col = 0;       // 1-based, in bytes
};

enum class Severity { Error, Warning, Info };

struct Diagnostic {
  Severity severity = Severity::Error;
  SourcePos pos;
  std::string message;
  std::string source_line;  // the line `pos` points into (a window of it when long); empty when unknown
  int caret = -1;           // byte offset of the caret in source_line; -1: pos.col - 1
};

// Longest source line shown whole under a diagnostic; a longer one is shown as a window of
// about this many bytes around the caret, cut at "…". Messages are cut at kMaxMessageBytes.
inline constexpr std::size_t kMaxShownLineBytes = 160;
inline constexpr std::size_t kMaxMessageBytes = 1000;
// Most diagnostics kept per file (a batch line counts as a file); the rest are counted and
// summarised ("N more errors not shown"), so that output stays proportional to the problems
// worth reading, not to the input.
inline constexpr std::size_t kMaxDiagnosticsPerFile = 100;

// Formats one diagnostic: the header line, then (when known) the source line and a caret.
std::string format_diagnostic(const Diagnostic& d);

class Diagnostics {
 public:
  void add(Diagnostic d);
  void error(SourcePos pos, std::string message, std::string source_line = {});
  // Positioned at byte `offset` of `file`, with its source line filled in.
  void error_at(const SourceFile& file, size_t offset, std::string message);
  void warning_at(const SourceFile& file, size_t offset, std::string message);

  bool has_errors() const;
  std::size_t error_count() const;
  // The file has had kMaxDiagnosticsPerFile diagnostics: further ones are only counted, and a
  // loader may stop looking for more.
  bool saturated(const std::string& file) const;
  // A loader that stops reading a saturated file says so; the summary then tells the user.
  void stopped(const std::string& file);
  bool empty() const { return items_.empty(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  void append(const Diagnostics& other);
  // Puts every positioned diagnostic on line `line` (a batch line is parsed as a file of one line).
  void set_line(int line);
  // All diagnostics, formatted, in the order they were reported.
  std::string str() const;

 private:
  std::vector<Diagnostic> items_;
  std::vector<std::pair<std::string, std::size_t>> counts_;      // per file: diagnostics seen
  std::vector<std::string> stopped_;                             // files not read to the end
  std::size_t suppressed_errors_ = 0;
  std::unordered_set<std::size_t> seen_;  // hashes of (position, message) already added
  std::size_t& count_of(const std::string& file);
};

// Optimal string alignment distance, case-insensitive (ASCII): insertions, deletions,
// substitutions and transpositions of two adjacent letters each cost 1. A distance over
// `limit` comes back as limit + 1, found early.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit = SIZE_MAX);
// "did you mean 'x'?" helper: the candidate nearest to `word` by edit distance, or empty when
// nothing is close enough to be a plausible typo.
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);
// "unknown thing 'w'" + "; did you mean 'x'?" when nearest() finds one.
std::string with_suggestion(std::string message, std::string_view word,
                            const std::vector<std::string>& candidates);

}  // namespace accord::internal
