#include "batch/line_reader.h"

#include <cerrno>
#include <cstring>

namespace accord::internal {

std::size_t FileSource::read(char* buf, std::size_t n) {
  const std::size_t got = std::fread(buf, 1, n, f_);
  if (got == 0 && std::ferror(f_)) error_ = errno ? errno : EIO;
  return got;
}

std::size_t MemorySource::read(char* buf, std::size_t n) {
  const std::size_t got = std::min(n, text_.size() - at_);
  std::memcpy(buf, text_.data() + at_, got);
  at_ += got;
  return got;
}

LineReader::LineReader(ByteSource& src, LineLimits limits, std::size_t padding)
    : src_(src), limits_(limits), padding_(padding), buf_(limits.read_bytes, '\0') {}

bool LineReader::fill(std::string& data) {
  if (eof_) return false;
  const std::size_t n = src_.read(buf_.data(), buf_.size());
  if (n == 0) return eof_ = true, false;
  data.append(buf_.data(), n);
  return true;
}

bool LineReader::next(Chunk& c) {
  // Copied rather than swapped: the chunk keeps its buffer (and its capacity) from one use to
  // the next, so a warmed-up chunk is filled without growing.
  c.data.assign(carry_);
  c.lines.clear();
  c.line_no.clear();
  std::size_t scan = 0;
  while (true) {
    // Cut complete lines out of what we have.
    std::size_t nl;
    while (c.lines.size() < limits_.chunk_lines && (nl = c.data.find('\n', scan)) != std::string::npos) {
      add_line(c, scan, nl);
      scan = nl + 1;
    }
    // Enough for a chunk: stop here and carry the rest. A chunk never ends empty unless the
    // input did (an empty chunk that is not the end would be read again, for ever).
    if (!c.lines.empty() && (c.lines.size() >= limits_.chunk_lines || c.data.size() >= limits_.chunk_bytes)) break;
    // What remains has no newline: a line still arriving, or one too long to keep.
    if (c.data.size() - scan > limits_.max_line) {
      skip_long_line(c, scan);
      continue;
    }
    if (!fill(c.data)) {
      if (scan < c.data.size()) add_line(c, scan, c.data.size()), scan = c.data.size();  // no final newline
      break;
    }
  }
  carry_.assign(c.data, scan, std::string::npos);
  c.data.resize(scan);
  c.data.append(padding_, '\0');
  return !c.lines.empty();
}

// The line starting at `scan` has no newline within max_line bytes: drop it up to its end,
// record it as too long, and go on after it.
void LineReader::skip_long_line(Chunk& c, std::size_t scan) {
  c.data.resize(scan);
  std::string tail;
  while (fill(tail)) {
    const std::size_t nl = tail.find('\n');
    if (nl != std::string::npos) {
      c.data.append(tail, nl + 1, std::string::npos);
      break;
    }
    tail.clear();
  }
  ++line_;
  c.lines.emplace_back(scan, kTooLong);
  c.line_no.push_back(line_);
}

void LineReader::add_line(Chunk& c, std::size_t b, std::size_t e) {
  ++line_;
  std::size_t len = e - b;
  // The limit counts the line's bytes as read, a CR before the newline included; a line that
  // arrived whole in one read is held to it too.
  if (len > limits_.max_line) len = kTooLong;
  else if (len && c.data[b + len - 1] == '\r') --len;
  c.lines.emplace_back(b, len);
  c.line_no.push_back(line_);
}

}  // namespace accord::internal
