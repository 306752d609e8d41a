// A loaded text file with its line table, so byte offsets map to line:col and back to the
// text of the line (for the caret display of diagnostics).
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.h"

namespace accord::internal {

// Largest file Accord reads (rules, facts, proposals, scenarios); larger ones are an error.
inline constexpr size_t kMaxFileBytes = 8u << 20;

class SourceFile {
 public:
  SourceFile(std::string path, std::string text);
  // Reads `path`; on failure (missing, unreadable, too large) reports into `diags`, returns null.
  static std::shared_ptr<const SourceFile> read(const std::string& path, Diagnostics& diags);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  // 1-based line and column of byte `offset` (clamped to the text).
  SourcePos pos(size_t offset) const;
  // The text of 1-based `line`, without its newline.
  std::string_view line_text(int line) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<size_t> line_starts_;
};

using SourceRef = std::shared_ptr<const SourceFile>;

}  // namespace accord::internal
