// Golden tests for bad input: every directory under tests/data/golden/ (except those whose name
// starts with '_', which hold shared fixtures such as _rules/) is one case:
//
//   cmd         one line: the arguments to the accord binary. `$DIR` is replaced by the case
//               directory's path relative to the repository root; the binary runs with the
//               repository root as its working directory, so paths in messages are stable.
//               Words are split on blanks; '...' and "..." quote a word.
//   stderr.txt  the expected stderr, verbatim
//   exit        the expected exit code (a number)
//   stdout.txt  optional: the expected stdout, verbatim (an empty file: nothing on stdout)
//   KNOWN_BUG   optional: a one-line description of a known bug. The expected files hold the
//               CORRECT output and the case is skipped until the bug is fixed.
//
// The binary runs with stdin from /dev/null, ACCORD_RULES=tests/data/golden/_rules (so a case
// that forgets --rules never reads the shipped rules) and NO_COLOR=1.
//
// Updating: `ACCORD_UPDATE_GOLDEN=1 ./build/tests/accord_tests --gtest_filter='Golden*'`
// rewrites stderr.txt, exit and stdout.txt of every case (KNOWN_BUG cases excepted) from the
// actual output. Read every file it changes before committing: a golden that captures a wrong
// position or a misleading message is worse than none.
#include <gtest/gtest.h>


#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "support/run_command.h"

namespace {

namespace fs = std::filesystem;

const fs::path kRepo = ACCORD_REPO;
const fs::path kGoldenDir = fs::path(ACCORD_TEST_DATA) / "golden";
constexpr int kTimeoutSeconds = 60;

struct Case {
  std::string name;
  fs::path dir;
};
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

std::vector<Case> discover() {
  std::vector<Case> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(kGoldenDir, ec)) {
    const std::string name = e.path().filename().string();
    if (!e.is_directory() || name.empty() || name[0] == '_' || name[0] == '.') continue;
    out.push_back({name, e.path()});
  }
  std::sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return out;
}

bool read_file(const fs::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// Splits a command line on blanks; '...' and "..." quote (no escapes needed in cases).
std::vector<std::string> split_words(const std::string& line) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  char quote = 0;
  for (char c : line) {
    if (quote) {
      if (c == quote) quote = 0;
      else cur += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(cur), cur.clear(), in_word = false;
    } else {
      cur += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(cur);
  return words;
}

using Result = accord::internal::cmd::Result;

// Runs the accord binary from the repository root, with the shared golden rules as the default.
Result run_accord(const std::vector<std::string>& args) {
  return accord::internal::cmd::accord(args, kTimeoutSeconds, "tests/data/golden/_rules");
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == '\n') out.push_back(cur), cur.clear();
    else cur += c;
  }
  if (!cur.empty()) out.push_back(cur + "  <no newline at end>");
  return out;
}

// A line diff (longest common subsequence): ' ' kept, '-' expected only, '+' actual only.
// Runs of unchanged lines longer than a few are elided.
std::string diff(const std::string& expected, const std::string& actual) {
  const auto a = lines_of(expected), b = lines_of(actual);
  const size_t n = a.size(), m = b.size();
  std::vector<std::vector<unsigned>> lcs(n + 1, std::vector<unsigned>(m + 1, 0));
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::vector<std::pair<char, std::string>> ops;
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) ops.push_back({' ', a[i]}), ++i, ++j;
    else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push_back({'-', a[i++]});
    else ops.push_back({'+', b[j++]});
  }
  constexpr size_t kContext = 3;
  std::string out = "--- expected\n+++ actual\n";
  for (size_t k = 0; k < ops.size(); ++k) {
    if (ops[k].first == ' ') {
      bool near = false;
      for (size_t d = 1; d <= kContext && !near; ++d)
        near = (k >= d && ops[k - d].first != ' ') || (k + d < ops.size() && ops[k + d].first != ' ');
      if (!near) {
        if (out.size() < 4 || out.compare(out.size() - 4, 4, "...\n") != 0) out += "...\n";
        continue;
      }
    }
    out += ops[k].first;
    out += ops[k].second;
    out += '\n';
  }
  return out;
}

class Golden : public testing::TestWithParam<Case> {};

TEST_P(Golden, Matches) {
  const Case& c = GetParam();
  std::string known_bug;
  const bool is_known_bug = read_file(c.dir / "KNOWN_BUG", known_bug);

  std::string cmd;
  ASSERT_TRUE(read_file(c.dir / "cmd", cmd)) << c.dir << ": the case has no cmd file";
  cmd = cmd.substr(0, cmd.find('\n'));
  const std::string rel = fs::weakly_canonical(c.dir).lexically_relative(fs::weakly_canonical(kRepo)).string();
  for (size_t at; (at = cmd.find("$DIR")) != std::string::npos;) cmd.replace(at, 4, rel);
  const std::string shown = "accord " + trim(cmd);

  const Result r = run_accord(split_words(cmd));
  std::string want_err, want_exit, want_out;
  const bool has_err = read_file(c.dir / "stderr.txt", want_err);
  const bool has_exit = read_file(c.dir / "exit", want_exit);
  const bool has_out = read_file(c.dir / "stdout.txt", want_out);
  if (is_known_bug) {
    // Skipped, never updated: the expected files hold the correct output, written by hand.
    const bool now_passes = r.problem.empty() && has_err && has_exit &&
                            trim(want_exit) == std::to_string(r.exit_code) &&
                            r.err == want_err && (!has_out || r.out == want_out);
    GTEST_SKIP() << "KNOWN_BUG: " << trim(known_bug)
                 << (now_passes ? "\n(this case now passes: delete its KNOWN_BUG file)" : "");
  }
  ASSERT_TRUE(r.problem.empty()) << shown << "\n" << r.problem << "\nstderr:\n" << r.err;

  if (const char* u = std::getenv("ACCORD_UPDATE_GOLDEN"); u && std::string(u) == "1") {
    write_file(c.dir / "stderr.txt", r.err);
    write_file(c.dir / "stdout.txt", r.out);
    write_file(c.dir / "exit", std::to_string(r.exit_code) + "\n");
    std::cout << "[ updated  ] " << c.name << " (exit " << r.exit_code << "): read the files before committing\n";
    return;
  }

  ASSERT_TRUE(has_err) << c.dir << ": no stderr.txt (run with ACCORD_UPDATE_GOLDEN=1)";
  ASSERT_TRUE(has_exit) << c.dir << ": no exit file (run with ACCORD_UPDATE_GOLDEN=1)";
  EXPECT_EQ(trim(want_exit), std::to_string(r.exit_code)) << shown << "\nstderr:\n" << r.err;
  EXPECT_TRUE(r.err == want_err) << shown << "\nstderr differs:\n" << diff(want_err, r.err);
  if (has_out) { EXPECT_TRUE(r.out == want_out) << shown << "\nstdout differs:\n" << diff(want_out, r.out); }
}

std::string case_name(const testing::TestParamInfo<Case>& info) {
  std::string s = info.param.name;
  for (char& ch : s)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return s;
}

INSTANTIATE_TEST_SUITE_P(Golden, Golden, testing::ValuesIn(discover()), case_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Golden);

}  // namespace
