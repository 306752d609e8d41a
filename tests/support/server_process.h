// Test support for the decision service: starts `accord serve` on a free loopback port
// (--addr 127.0.0.1:0), reads the "listening on http://127.0.0.1:PORT/" line it prints first,
// and stops it with SIGTERM (SIGKILL if it does not exit in time). Every wait is bounded.
// Header-only: tests/CMakeLists.txt globs only *_test.cpp.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <string>
#include <thread>
#include <vector>

#include "support/run_command.h"

namespace accord::internal::cmd {

class ServerProcess {
 public:
  // Starts `accord serve ARGS --addr 127.0.0.1:0` in the repository root. ok() tells whether it
  // is listening; problem() why not (with what it printed).
  explicit ServerProcess(std::vector<std::string> args, int start_seconds = 20) {
    args.insert(args.begin(), {ACCORD_BIN, "serve"});
    args.insert(args.end(), {"--addr", "127.0.0.1:0"});
    err_path_ = (std::filesystem::temp_directory_path() / "accord-serve-err-XXXXXX").string();
    const int err_fd = ::mkstemp(err_path_.data());
    int out[2];
    if (err_fd < 0 || ::pipe(out) != 0) {
      problem_ = "cannot create a pipe or a temporary file";
      return;
    }
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      ::dup2(err_fd, 2);
      ::close(out[0]);
      if (::chdir(ACCORD_REPO) != 0) ::_exit(126);
      ::unsetenv("ACCORD_RULES");
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    ::close(err_fd);
    out_fd_ = out[0];
    // The first line: "listening on http://127.0.0.1:PORT/".
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(start_seconds);
    while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd p{out_fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buf[256];
      const ssize_t n = ::read(out_fd_, buf, sizeof buf);
      if (n <= 0) break;
      line.append(buf, static_cast<std::size_t>(n));
    }
    const std::string prefix = "listening on http://127.0.0.1:";
    if (line.rfind(prefix, 0) != 0) {
      problem_ = "the server did not start; stdout: '" + line + "'; stderr: '" + stderr_text() + "'";
      stop();
      return;
    }
    port_ = std::stoi(line.substr(prefix.size()));
  }
  ~ServerProcess() {
    stop();
    ::unlink(err_path_.c_str());
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  bool ok() const { return port_ > 0; }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& problem() const { return problem_; }
  std::string stderr_text() const { return slurp(err_path_); }
  void signal(int sig) const {
    if (pid_ > 0) ::kill(pid_, sig);
  }

  // SIGTERM, then waits up to `seconds` (SIGKILL after). The exit code, or -1 when it had to be
  // killed or died of a signal.
  int stop(int seconds = 10) {
    if (pid_ <= 0) return exit_code_;
    ::kill(pid_, SIGTERM);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        status = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    exit_code_ = status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    pid_ = -1;
    if (out_fd_ >= 0) ::close(out_fd_);
    out_fd_ = -1;
    return exit_code_;
  }

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int port_ = 0;
  int exit_code_ = -1;
  std::string err_path_, problem_;
};

}  // namespace accord::internal::cmd
