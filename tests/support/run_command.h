// Test support for command-level tests (golden files, lint, rules, schema validation): runs a
// program with the repository root as its working directory and captures stdout, stderr and
// the exit code (temporary files, no pipes, so no deadlock however much it prints; a timeout).
// Header-only: tests/CMakeLists.txt globs only *_test.cpp.
#pragma once

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace accord::internal::cmd {

struct Result {
  int exit_code = -1;
  std::string out, err;
  std::string problem;  // non-empty when the program could not be run to completion
  double seconds = 0;   // wall time
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// How to run it. The defaults suit most tests.
struct RunOptions {
  int timeout_seconds = 60;
  const char* accord_rules = nullptr;  // ACCORD_RULES for the child; unset when null
  std::string stdout_path;             // stdout goes here instead of being captured (e.g. /dev/full)
  std::string stdin_path = "/dev/null";
  // Runs in the child just before exec (e.g. to drop a capability); false: the child exits 125.
  std::function<bool()> in_child;
};

// Runs `argv[0]` (a path, or a name looked up in PATH) with the repository root as working
// directory, stdin from /dev/null, NO_COLOR=1 and ACCORD_RULES unset (tests name --rules)
// unless the options say otherwise.
inline Result run(const std::vector<std::string>& argv, const RunOptions& o) {
  namespace fs = std::filesystem;
  Result r;
  const fs::path tmp = fs::temp_directory_path();
  std::string out_path = (tmp / "accord-cmd-out-XXXXXX").string();
  std::string err_path = (tmp / "accord-cmd-err-XXXXXX").string();
  const int out_fd = ::mkstemp(out_path.data());
  const int err_fd = ::mkstemp(err_path.data());
  if (out_fd < 0 || err_fd < 0) {
    r.problem = "cannot create temporary files";
    return r;
  }
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int in_fd = ::open(o.stdin_path.c_str(), O_RDONLY);
    if (in_fd >= 0) ::dup2(in_fd, 0);
    const int to_fd = o.stdout_path.empty() ? out_fd : ::open(o.stdout_path.c_str(), O_WRONLY);
    ::dup2(to_fd, 1);
    ::dup2(err_fd, 2);
    if (::chdir(ACCORD_REPO) != 0) ::_exit(126);
    if (o.accord_rules) ::setenv("ACCORD_RULES", o.accord_rules, 1);
    else ::unsetenv("ACCORD_RULES");
    ::setenv("NO_COLOR", "1", 1);
    std::vector<std::string> copy = argv;
    std::vector<char*> args;
    for (auto& a : copy) args.push_back(a.data());
    args.push_back(nullptr);
    if (o.in_child && !o.in_child()) ::_exit(125);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  int status = 0;
  bool finished = false;
  if (pid > 0) {
    const auto deadline = start + std::chrono::seconds(o.timeout_seconds);
    while (true) {
      const pid_t w = ::waitpid(pid, &status, WNOHANG);
      if (w == pid) {
        finished = true;
        break;
      }
      if (w < 0) break;
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        r.problem = argv[0] + " did not finish within " + std::to_string(o.timeout_seconds) + " s";
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  } else {
    r.problem = "fork failed";
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ::close(out_fd);
  ::close(err_fd);
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  ::unlink(out_path.c_str());
  ::unlink(err_path.c_str());
  if (finished) {
    if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status)) r.problem = argv[0] + " was killed by signal " + std::to_string(WTERMSIG(status));
    if (r.exit_code == 127 && r.problem.empty() && r.out.empty() && r.err.empty())
      r.problem = "cannot run " + argv[0];
  }
  return r;
}

inline Result run(const std::vector<std::string>& argv, int timeout_seconds = 60, const char* accord_rules = nullptr) {
  RunOptions o;
  o.timeout_seconds = timeout_seconds;
  o.accord_rules = accord_rules;
  return run(argv, o);
}

// Runs the accord binary built with the tests.
inline Result accord(std::vector<std::string> args, const RunOptions& o) {
  args.insert(args.begin(), ACCORD_BIN);
  return run(args, o);
}
inline Result accord(std::vector<std::string> args, int timeout_seconds = 60, const char* accord_rules = nullptr) {
  args.insert(args.begin(), ACCORD_BIN);
  return run(args, timeout_seconds, accord_rules);
}

// Splits on blanks (the commands lint prints have no quoted words).
inline std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

inline std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace accord::internal::cmd
