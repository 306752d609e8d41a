// Listing a directory for its YAML files without skipping anything in silence: a directory
// that cannot be read (permissions, a symbolic-link loop) and an entry whose type cannot be
// read are reported, since rules or scenarios read in part would give wrong answers.
#pragma once
#include <filesystem>
#include <vector>

#include "core/diagnostics.h"

namespace accord::internal {

bool is_yaml(const std::filesystem::path& p);  // *.yaml or *.yml

// The entries of `dir`, sorted by path.
std::vector<std::filesystem::directory_entry> dir_entries(const std::filesystem::path& dir, Diagnostics& d);

// The entry's type, symbolic links followed; file_type::none (and a reported error) when it
// cannot be read.
std::filesystem::file_type entry_type(const std::filesystem::directory_entry& e, Diagnostics& d);

// The regular *.yaml and *.yml files directly in `dir`, sorted.
std::vector<std::filesystem::path> yaml_files_in(const std::filesystem::path& dir, Diagnostics& d);

}  // namespace accord::internal
