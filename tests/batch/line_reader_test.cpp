// The batch line reader: every line comes out once, in order, with its number; a line over the
// limit is reported in its place; the reader ends on every input (it once spun for ever on a
// first line of exactly the chunk size, or a leftover that was a multiple of the read size).
#include "batch/line_reader.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace accord::internal {
namespace {

// What the reader should produce: (line number, text) with "<too long>" for a skipped line.
using Lines = std::vector<std::pair<std::size_t, std::string>>;
const std::string kSkipped = "<too long>";

Lines expected_lines(const std::string& text, std::size_t max_line) {
  Lines out;
  std::size_t at = 0, no = 0;
  while (at < text.size()) {
    std::size_t nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    std::string line = text.substr(at, nl - at);
    const bool too_long = line.size() > max_line;  // the limit counts a CR before the newline
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.emplace_back(++no, too_long ? kSkipped : line);
    at = nl + 1;
  }
  return out;
}

struct Read {
  Lines lines;
  std::size_t chunks = 0;
  std::size_t largest_chunk = 0;
  bool finished = false;
};

// Reads everything, with a bound on the number of chunks so a spinning reader fails the test
// instead of hanging it (each chunk holds at least one line, so lines + 1 chunks suffice).
Read read_all(const std::string& text, LineLimits limits, std::size_t padding = 4) {
  MemorySource src(text);
  LineReader reader(src, limits, padding);
  Read r;
  const std::size_t bound = text.size() + 2;
  Chunk c;
  while (r.chunks < bound) {
    if (!reader.next(c)) {
      r.finished = true;
      break;
    }
    ++r.chunks;
    r.largest_chunk = std::max(r.largest_chunk, c.data.size());
    EXPECT_FALSE(c.lines.empty()) << "a chunk that is not the end holds no line";
    EXPECT_EQ(c.lines.size(), c.line_no.size());
    EXPECT_EQ(c.data.substr(c.data.size() - padding), std::string(padding, '\0')) << "padding missing";
    for (std::size_t i = 0; i < c.lines.size(); ++i) {
      const auto [off, len] = c.lines[i];
      r.lines.emplace_back(c.line_no[i], len == kTooLong ? kSkipped : c.data.substr(off, len));
    }
  }
  return r;
}

TEST(LineReader, SplitsLinesAndNumbersThem) {
  const Read r = read_all("{\"a\":1}\r\n\n{\"b\":2}\nlast", {});
  ASSERT_TRUE(r.finished);
  EXPECT_EQ(r.lines, (Lines{{1, "{\"a\":1}"}, {2, ""}, {3, "{\"b\":2}"}, {4, "last"}}));
}

TEST(LineReader, EmptyInputHasNoChunk) {
  const Read r = read_all("", {});
  EXPECT_TRUE(r.finished);
  EXPECT_EQ(r.chunks, 0u);
}

// The cases that spun: a first line of exactly the chunk size (= the line limit), and a
// leftover partial line that is a multiple of the read size.
TEST(LineReader, LineOfExactlyTheChunkSizeEnds) {
  const LineLimits limits{.chunk_lines = 4, .chunk_bytes = 64, .max_line = 64, .read_bytes = 16};
  for (const std::size_t len : {63u, 64u, 65u, 128u}) {
    const std::string text = std::string(len, 'x') + "\nok\n";
    const Read r = read_all(text, limits);
    ASSERT_TRUE(r.finished) << "line of " << len << " bytes";
    EXPECT_EQ(r.lines, expected_lines(text, 64)) << "line of " << len << " bytes";
  }
}

TEST(LineReader, LeftoverOfAMultipleOfTheReadSizeEnds) {
  const LineLimits limits{.chunk_lines = 2, .chunk_bytes = 64, .max_line = 64, .read_bytes = 16};
  // Two short lines fill the chunk; the third is cut at a read boundary, 32 bytes in.
  const std::string text = "a\nb\n" + std::string(28, 'y') + std::string(36, 'z') + "\nc\n";
  const Read r = read_all(text, limits);
  ASSERT_TRUE(r.finished);
  EXPECT_EQ(r.lines, expected_lines(text, 64));
}

// The production limits, at full size: a 1 MiB first line, and one a byte longer.
TEST(LineReader, OneMebibyteLineAtProductionLimits) {
  for (const std::size_t len : {std::size_t{1} << 20, (std::size_t{1} << 20) + 1}) {
    const std::string text = std::string(len, 'x') + "\n{}\n";
    const Read r = read_all(text, {});
    ASSERT_TRUE(r.finished) << len;
    EXPECT_EQ(r.lines, expected_lines(text, std::size_t{1} << 20)) << len;
  }
}

// Every line length around the limits, every read size, with and without a final newline:
// the same lines as a plain split, and memory bounded by the limits.
TEST(LineReader, AgreesWithAPlainSplitOnEveryBoundary) {
  std::mt19937 rng(7);
  for (std::size_t read_bytes = 1; read_bytes <= 9; ++read_bytes) {
    for (std::size_t chunk_lines = 1; chunk_lines <= 3; ++chunk_lines) {
      const LineLimits limits{.chunk_lines = chunk_lines, .chunk_bytes = 12, .max_line = 12, .read_bytes = read_bytes};
      for (int trial = 0; trial < 60; ++trial) {
        std::string text;
        const int n = static_cast<int>(rng() % 6);
        for (int i = 0; i < n; ++i) {
          text += std::string(rng() % 30, static_cast<char>('a' + i));
          if (rng() % 5 == 0) text += '\r';
          if (i + 1 < n || rng() % 2) text += '\n';
        }
        const Read r = read_all(text, limits);
        ASSERT_TRUE(r.finished) << "read_bytes " << read_bytes << ", input: " << text;
        EXPECT_EQ(r.lines, expected_lines(text, 12)) << "read_bytes " << read_bytes << ", input: " << text;
        // A chunk holds at most: what fills it, one line over, one read, the padding.
        EXPECT_LE(r.largest_chunk, 12 + 13 + read_bytes + 4) << text;
      }
    }
  }
}

}  // namespace
}  // namespace accord::internal
