// The batch pipeline in-process against the golden output of the command (the golden case
// tests/data/golden/batch_speed_mix: 3,000 lines of every action and outcome on the shipped
// rules, errors and blank lines included). The command's case runs one thread with the default
// chunks; here the same input goes through 2 and 4 workers with chunks of a few lines, so that
// lines finish out of order and chunk boundaries fall everywhere: the output must still be
// byte-identical, errors and their line numbers included.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "batch/batch.h"
#include "support/fixture.h"

namespace accord::internal {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Golden {
  std::string dir = std::string(ACCORD_TEST_DATA) + "/golden/batch_speed_mix";
  std::string input = slurp(dir + "/input.jsonl");
  std::string out = slurp(dir + "/stdout.txt");
  std::string err = slurp(dir + "/stderr.txt");
};

class BatchGolden : public ::testing::TestWithParam<unsigned> {};

TEST_P(BatchGolden, OutputIsByteIdenticalToTheCommandsGolden) {
  static const Golden g;
  ASSERT_GT(g.input.size(), 100000u) << g.dir;
  BatchOptions o;
  o.threads = GetParam();
  o.limits.chunk_lines = 7;  // many chunks, so that workers finish them out of order
  MemorySource src(g.input);
  std::ostringstream out, err;
  // The golden's diagnostics name the input by its path relative to the repository.
  const BatchStatus s = run_batch(fx::shipped_engine(), o, src, "tests/data/golden/batch_speed_mix/input.jsonl", out, err);
  EXPECT_EQ(s, BatchStatus::LinesFailed);
  const std::string got = out.str();
  if (got != g.out) {  // the first differing line, not two megabytes
    std::size_t at = 0;
    while (at < got.size() && at < g.out.size() && got[at] == g.out[at]) ++at;
    const std::size_t line = static_cast<std::size_t>(std::count(got.begin(), got.begin() + static_cast<long>(at), '\n')) + 1;
    const std::size_t from = got.rfind('\n', at == 0 ? 0 : at - 1);
    const std::size_t b = from == std::string::npos ? 0 : from + 1;
    ADD_FAILURE() << "output line " << line << " differs at byte " << at - b << ":\n  got:      "
                  << got.substr(b, got.find('\n', b) - b) << "\n  expected: " << g.out.substr(b, g.out.find('\n', b) - b);
  }
  EXPECT_EQ(err.str(), g.err);
}

// Each line decided alone (a fresh pipeline, nothing left from a previous line) gives its
// line of the golden: what one line decides cannot depend on the lines before it. (Reused
// result slots once carried a previous line's consent sets into the next line's summary.)
TEST(BatchGoldenAlone, EveryLineDecidedAloneGivesItsGoldenLine) {
  const Golden g;
  std::istringstream in(g.input), expected(g.out);
  std::string line, want;
  std::size_t n = 0, differ = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t") == std::string::npos) continue;  // blank: no output line
    ASSERT_TRUE(std::getline(expected, want)) << "the golden has fewer lines than the input's line " << n;
    MemorySource src(line);
    std::ostringstream out, err;
    run_batch(fx::shipped_engine(), BatchOptions{}, src, "-", out, err);
    std::string got = out.str();
    if (!got.empty() && got.back() == '\n') got.pop_back();
    // An error line names its line: 1 when alone.
    const std::string alone_no = "{\"line\":1,", golden_no = "{\"line\":" + std::to_string(n) + ",";
    if (got.rfind(alone_no, 0) == 0) got.replace(0, alone_no.size(), golden_no);
    if (got != want && differ++ < 3) ADD_FAILURE() << "input line " << n << " alone:\n  " << got << "\nin the batch:\n  " << want;
  }
  EXPECT_EQ(differ, 0u);
  EXPECT_GT(n, 3000u);
}

INSTANTIATE_TEST_SUITE_P(Threads, BatchGolden, ::testing::Values(1u, 2u, 4u),
                         [](const auto& info) { return std::to_string(info.param) + "_threads"; });

}  // namespace
}  // namespace accord::internal
