#include "serve/decision_log.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <spdlog/spdlog.h>

namespace accord::internal {

bool DecisionLog::open(const std::string& path, std::uint64_t max_bytes, unsigned keep, std::string& error) {
  path_ = path;
  max_bytes_ = max_bytes;
  keep_ = keep;
  f_ = std::fopen(path.c_str(), "ab");
  if (!f_) {
    error = path + ": cannot open the decision log: " + std::strerror(errno);
    return false;
  }
  std::error_code ec;
  size_ = std::filesystem::file_size(path, ec);
  if (ec) size_ = 0;
  return true;
}

DecisionLog::~DecisionLog() {
  if (f_) std::fclose(f_);
}

void DecisionLog::write(std::string_view line) {
  std::lock_guard lock(mu_);
  if (!f_) return;
  if (size_ > 0 && size_ + line.size() + 1 > max_bytes_) rotate();
  if (!f_) return;
  const bool ok = std::fwrite(line.data(), 1, line.size(), f_) == line.size() && std::fputc('\n', f_) != EOF &&
                  std::fflush(f_) == 0;
  if (!ok) spdlog::error("{}: cannot write the decision log: {}", path_, std::strerror(errno));
  size_ += line.size() + 1;
}

void DecisionLog::rotate() {
  std::fclose(f_);
  f_ = nullptr;
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto numbered = [&](unsigned n) { return path_ + "." + std::to_string(n); };
  fs::remove(numbered(keep_), ec);
  for (unsigned n = keep_; n > 1; --n) fs::rename(numbered(n - 1), numbered(n), ec);
  if (keep_ > 0) fs::rename(path_, numbered(1), ec);
  else fs::remove(path_, ec);
  f_ = std::fopen(path_.c_str(), "wb");
  size_ = 0;
  if (!f_) spdlog::error("{}: cannot reopen the decision log after rotating it: {}", path_, std::strerror(errno));
}

}  // namespace accord::internal
