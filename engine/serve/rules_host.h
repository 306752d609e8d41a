// The rules a decision service answers with, and their hot reload. Each load builds a new,
// immutable Engine; requests take a snapshot (a shared pointer) and finish on it, so a reload
// never changes the rules under a request in flight. A reload whose rules have errors keeps
// the previous rules serving and records the first error, positioned, for /v1/status.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "compile/engine.h"
#include "core/diagnostics.h"

namespace accord::internal {

struct RulesSnapshot {
  std::shared_ptr<const Engine> engine;
  std::string hash;       // of every file's path and bytes: which rules answered
  std::string loaded_at;  // UTC, ISO 8601
};

struct ReloadError {
  std::string message, file, text;  // text: as the CLI prints it (path:line:col, line, caret)
  int line = 0, column = 0;
  std::string at;  // when the reload failed (UTC, ISO 8601)
};

struct RulesStatus {
  std::vector<std::string> dirs;
  std::shared_ptr<const RulesSnapshot> current;
  std::uint64_t reloads = 0, reload_failures = 0;
  std::optional<ReloadError> last_error;  // of the latest reload, if it failed
};

class RulesHost {
 public:
  explicit RulesHost(std::vector<std::string> dirs);
  ~RulesHost();

  // The first load; false (the errors in `d`) when the rules have errors.
  bool load(Diagnostics& d);
  // The rules to answer a request with.
  std::shared_ptr<const RulesSnapshot> current() const;
  // Loads again: true when new rules are live. On errors the old rules keep serving.
  bool reload();
  RulesStatus status() const;

  // Polls the directories every `interval` from a thread of its own and reloads when their
  // YAML files' bytes changed and then held still for one interval (an editor's save in several writes
  // is read once). stop() (or the destructor) ends it.
  void watch(std::chrono::milliseconds interval);
  void stop();

 private:
  std::vector<std::string> dirs_;
  std::shared_ptr<const RulesSnapshot> current_;  // read and written with std::atomic_load/store
  mutable std::mutex mu_;  // status fields and reloads
  std::uint64_t reloads_ = 0, reload_failures_ = 0;
  std::optional<ReloadError> last_error_;
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::thread watcher_;
};

// Now, UTC, ISO 8601 with seconds ("2026-11-30T12:00:00Z").
std::string utc_now_text();

}  // namespace accord::internal
