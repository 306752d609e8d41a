// The `accord` command. main() only forwards to run_cli, so tests can drive the whole
// command line in-process with their own streams.
#pragma once
#include <iosfwd>

namespace accord::internal {

// Exit codes (docs/cli.md).
inline constexpr int kExitOk = 0;     // the command did its job, whatever the decision
inline constexpr int kExitInput = 1;  // bad input: rules, proposal, scenario; failed expectations
inline constexpr int kExitUsage = 2;  // usage error
inline constexpr int kExitChanged = 3;  // accord diff: decisions change (and no allow file expects it)

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace accord::internal
