#include "core/source.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>

namespace accord::internal {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

std::shared_ptr<const SourceFile> SourceFile::read(const std::string& path, Diagnostics& diags) {
  const std::string limit = "file is larger than the limit of " + std::to_string(kMaxFileBytes >> 20) + " MiB";
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    diags.error({path, 0, 0}, errno == ENOENT ? "no such file" : std::string("cannot read: ") + std::strerror(errno));
    return nullptr;
  }
  if (S_ISDIR(st.st_mode)) {
    diags.error({path, 0, 0}, "is a directory, expected a file");
    return nullptr;
  }
  if (S_ISREG(st.st_mode) && static_cast<size_t>(st.st_size) > kMaxFileBytes) {
    diags.error({path, 0, 0}, limit);
    return nullptr;
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    diags.error({path, 0, 0}, std::string("cannot read: ") + std::strerror(errno));
    return nullptr;
  }
  // The size the file claims is not trusted (a device, a pipe, a file still growing): read at
  // most one byte more than the limit.
  std::string text;
  char buf[1 << 16];
  std::size_t n = 0;
  while (text.size() <= kMaxFileBytes && (n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  const bool failed = std::ferror(f);
  const int saved = errno;
  std::fclose(f);
  if (failed) {
    diags.error({path, 0, 0}, std::string("cannot read: ") + std::strerror(saved ? saved : EIO));
    return nullptr;
  }
  if (text.size() > kMaxFileBytes) {
    diags.error({path, 0, 0}, limit);
    return nullptr;
  }
  return std::make_shared<SourceFile>(path, std::move(text));
}

SourcePos SourceFile::pos(size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const size_t line = static_cast<size_t>(it - line_starts_.begin());  // 1-based
  return {path_, static_cast<int>(line), static_cast<int>(offset - line_starts_[line - 1] + 1)};
}

std::string_view SourceFile::line_text(int line) const {
  if (line < 1 || static_cast<size_t>(line) > line_starts_.size()) return {};
  const size_t b = line_starts_[static_cast<size_t>(line - 1)];
  size_t e = text_.find('\n', b);
  if (e == std::string::npos) e = text_.size();
  if (e > b && text_[e - 1] == '\r') --e;
  return std::string_view(text_).substr(b, e - b);
}

}  // namespace accord::internal
