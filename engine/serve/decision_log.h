// The decision log (`accord serve --log FILE`), like OPA's decision logs: one JSON line per
// decision answered, with the time, the request id, the hash of the rules that answered, the
// proposal as read (parties as codes) and the decision, so an audit can replay what was
// answered and on which rules. Each line is written whole and flushed before the response is
// sent, so a SIGTERM loses nothing. Past `max_bytes` the file is rotated: FILE becomes
// FILE.1, FILE.1 becomes FILE.2, ... and the oldest past `keep` is removed.
#pragma once
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

namespace accord::internal {

class DecisionLog {
 public:
  // Opens (appends to) `path`; false with `error` set when it cannot.
  bool open(const std::string& path, std::uint64_t max_bytes, unsigned keep, std::string& error);
  ~DecisionLog();
  // Appends one line (`line` has no newline). Thread-safe.
  void write(std::string_view line);
  bool is_open() const { return f_ != nullptr; }

 private:
  void rotate();
  std::mutex mu_;
  std::string path_;
  std::FILE* f_ = nullptr;
  std::uint64_t size_ = 0, max_bytes_ = 0;
  unsigned keep_ = 0;
};

}  // namespace accord::internal
