#include "core/dir_listing.h"

#include <algorithm>

namespace accord::internal {

namespace fs = std::filesystem;

bool is_yaml(const fs::path& p) { return p.extension() == ".yaml" || p.extension() == ".yml"; }

std::vector<fs::directory_entry> dir_entries(const fs::path& dir, Diagnostics& d) {
  std::vector<fs::directory_entry> out;
  std::error_code ec;
  fs::directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) out.push_back(*it);
  if (ec) d.error({dir.string(), 0, 0}, "cannot read the directory: " + ec.message());
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });
  return out;
}

fs::file_type entry_type(const fs::directory_entry& e, Diagnostics& d) {
  std::error_code ec;
  const fs::file_status st = e.status(ec);
  if (ec) {
    d.error({e.path().string(), 0, 0}, "cannot read: " + ec.message());
    return fs::file_type::none;
  }
  return st.type();
}

std::vector<fs::path> yaml_files_in(const fs::path& dir, Diagnostics& d) {
  std::vector<fs::path> out;
  for (const auto& e : dir_entries(dir, d))
    if (is_yaml(e.path()) && entry_type(e, d) == fs::file_type::regular) out.push_back(e.path());
  return out;
}

}  // namespace accord::internal
