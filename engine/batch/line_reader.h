// Reading JSON lines in bounded chunks for `accord check --batch`. A chunk holds up to
// `chunk_lines` complete lines or about `chunk_bytes` bytes; a partial last line is carried
// over to the next chunk; a line longer than `max_line` is skipped to its end and reported
// in its place. Memory stays flat however long the input and however long its lines. The
// limits are injectable so tests and fuzzers reach every boundary with small inputs.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace accord::internal {

struct LineLimits {
  std::size_t chunk_lines = 256;  // a chunk's output (~0.2 MB) stays in a core's cache until it is written
  std::size_t chunk_bytes = 1 << 20;
  std::size_t max_line = 1 << 20;  // longest line accepted (a proposal is a few hundred bytes)
  std::size_t read_bytes = 1 << 16;  // bytes asked of the source at a time
};

// Where the bytes come from: a file (or stdin), or memory.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `n` bytes into `buf`; 0 at the end of the input or on an error.
  virtual std::size_t read(char* buf, std::size_t n) = 0;
  // The errno of a failed read, or 0.
  virtual int error() const { return 0; }
};

class FileSource : public ByteSource {
 public:
  explicit FileSource(std::FILE* f) : f_(f) {}
  std::size_t read(char* buf, std::size_t n) override;
  int error() const override { return error_; }

 private:
  std::FILE* f_;
  int error_ = 0;
};

class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::string_view text) : text_(text) {}
  std::size_t read(char* buf, std::size_t n) override;

 private:
  std::string_view text_;
  std::size_t at_ = 0;
};

inline constexpr std::size_t kTooLong = SIZE_MAX;  // line length marker for a skipped line

// The unit of work of the batch pipeline: lines in, decisions and diagnostics out.
struct Chunk {
  std::size_t seq = 0;
  std::string data;                                        // the lines, then padding
  std::vector<std::pair<std::size_t, std::size_t>> lines;  // offset, length (kTooLong: skipped)
  std::vector<std::size_t> line_no;                        // 1-based line numbers in the input
  std::string out, errors;
  bool failed = false;
};

class LineReader {
 public:
  // `padding` zero bytes are appended after each chunk's lines (simdjson reads past the end).
  LineReader(ByteSource& src, LineLimits limits, std::size_t padding);
  // Fills `c` with the next lines; false when the input is exhausted and `c` holds none.
  bool next(Chunk& c);

 private:
  bool fill(std::string& data);  // appends one read; false at the end
  void skip_long_line(Chunk& c, std::size_t scan);
  void add_line(Chunk& c, std::size_t begin, std::size_t end);
  ByteSource& src_;
  LineLimits limits_;
  std::size_t padding_;
  std::string carry_;
  std::string buf_;
  std::size_t line_ = 0;
  bool eof_ = false;
};

}  // namespace accord::internal
