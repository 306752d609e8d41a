#include "core/source.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace accord {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

std::shared_ptr<const SourceFile> SourceFile::read(const std::string& path, Diagnostics& diags) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    diags.error({path, 0, 0}, "no such file");
    return nullptr;
  }
  if (S_ISDIR(st.st_mode)) {
    diags.error({path, 0, 0}, "is a directory, expected a file");
    return nullptr;
  }
  if (static_cast<size_t>(st.st_size) > kMaxFileBytes) {
    diags.error({path, 0, 0}, "file is larger than the limit of " +
                                  std::to_string(kMaxFileBytes >> 20) + " MiB");
    return nullptr;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.error({path, 0, 0}, "cannot read file");
    return nullptr;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::make_shared<SourceFile>(path, ss.str());
}

SourcePos SourceFile::pos(size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const size_t line = static_cast<size_t>(it - line_starts_.begin());  // 1-based
  return {path_, static_cast<int>(line), static_cast<int>(offset - line_starts_[line - 1] + 1)};
}

size_t SourceFile::offset(int line0, int col0) const {
  if (line0 < 0) return 0;
  if (static_cast<size_t>(line0) >= line_starts_.size()) return text_.size();
  return std::min(text_.size(), line_starts_[static_cast<size_t>(line0)] + static_cast<size_t>(std::max(col0, 0)));
}

std::string_view SourceFile::line_text(int line) const {
  if (line < 1 || static_cast<size_t>(line) > line_starts_.size()) return {};
  const size_t b = line_starts_[static_cast<size_t>(line - 1)];
  size_t e = text_.find('\n', b);
  if (e == std::string::npos) e = text_.size();
  if (e > b && text_[e - 1] == '\r') --e;
  return std::string_view(text_).substr(b, e - b);
}

}  // namespace accord
