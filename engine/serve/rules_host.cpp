#include "serve/rules_host.h"

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/dir_listing.h"
#include "load/rules_loader.h"

namespace accord::internal {

namespace fs = std::filesystem;

namespace {

// Every YAML file under `dirs` (what the loader reads: an editor's swap or backup files do not
// count), sorted; unreadable parts are skipped here (the loader reports them when it reads).
std::vector<fs::path> files_under(const std::vector<std::string>& dirs) {
  std::vector<fs::path> out;
  for (const auto& d : dirs) {
    std::error_code ec;
    for (fs::recursive_directory_iterator it(d, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
      std::error_code tec;
      if (is_yaml(it->path()) && it->is_regular_file(tec)) out.push_back(it->path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// FNV-1a, 64 bits.
void mix(std::uint64_t& h, std::string_view bytes) {
  for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
}

std::string content_hash(const std::vector<std::string>& dirs) {
  std::uint64_t h = 14695981039346656037ull;
  for (const auto& f : files_under(dirs)) {
    mix(h, f.generic_string());
    mix(h, std::string_view("\0", 1));
    std::ifstream in(f, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    mix(h, bytes.str());
  }
  return fmt::format("{:016x}", h);
}

}  // namespace

std::string utc_now_text() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

RulesHost::RulesHost(std::vector<std::string> dirs) : dirs_(std::move(dirs)) {}

RulesHost::~RulesHost() { stop(); }

bool RulesHost::load(Diagnostics& d) {
  // The hash is taken first: a change during the load shows as a new hash on the next poll.
  std::string hash = content_hash(dirs_);
  std::unique_ptr<Engine> engine;
  if (auto rules = load_rules(dirs_, d)) engine = Engine::build(std::move(*rules), d);
  if (!engine) return false;
  auto snap = std::make_shared<RulesSnapshot>();
  snap->engine = std::move(engine);
  snap->hash = std::move(hash);
  snap->loaded_at = utc_now_text();
  std::atomic_store(&current_, std::shared_ptr<const RulesSnapshot>(std::move(snap)));
  return true;
}

std::shared_ptr<const RulesSnapshot> RulesHost::current() const { return std::atomic_load(&current_); }

bool RulesHost::reload() {
  std::lock_guard lock(mu_);
  Diagnostics d;
  const bool ok = load(d);
  ++reloads_;
  if (ok) {
    last_error_.reset();
    spdlog::info("rules reloaded: {} clauses, hash {}", current()->engine->rules().clause_count(), current()->hash);
    return true;
  }
  ++reload_failures_;
  ReloadError e;
  e.at = utc_now_text();
  for (const auto& item : d.items()) {
    if (item.severity != Severity::Error) continue;
    e.message = item.message;
    e.file = item.pos.file;
    e.line = item.pos.line;
    e.column = item.pos.col;
    e.text = format_diagnostic(item);
    break;
  }
  if (e.message.empty()) e.message = "the rules have errors";
  spdlog::error("rules reload failed; still serving the rules loaded at {} (hash {}):\n{}", current()->loaded_at,
                current()->hash, d.str());
  last_error_ = std::move(e);
  return false;
}

RulesStatus RulesHost::status() const {
  std::lock_guard lock(mu_);
  return {dirs_, current(), reloads_, reload_failures_, last_error_};
}

void RulesHost::watch(std::chrono::milliseconds interval) {
  watcher_ = std::thread([this, interval] {
    // The files' bytes, not their times and sizes: an edit of the same length within one tick
    // of the file system's clock would look unchanged. The rules are a few hundred KB.
    // Compared with the files the served rules were loaded from, so a change made between the
    // load and this thread's start is seen too.
    std::string live = current()->hash, seen = live;
    std::unique_lock lock(stop_mu_);
    while (!stop_cv_.wait_for(lock, interval, [this] { return stopping_; })) {
      const std::string now = content_hash(dirs_);
      if (now != live && now == seen) {  // changed, and still since the last poll
        live = now;
        lock.unlock();
        reload();
        lock.lock();
      }
      seen = now;
    }
  });
}

void RulesHost::stop() {
  {
    std::lock_guard lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (watcher_.joinable()) watcher_.join();
}

}  // namespace accord::internal
