// The manual pages and the bash completion of `accord`, generated from its CLI11 definitions
// (run_cli, cli.cpp) so that they cannot drift from the binary. Hidden requests, answered
// before the command line is parsed:
//
//   accord --help-man [COMMAND]   the roff page accord(1), or accord-COMMAND(1)
//   accord --help-man --list      the names of every page, one a line (accord, accord-check, ...)
//   accord completion bash        the bash completion script
//   accord completion values WHAT [ARG] [--rules DIR]...
//                                 the words the completion script offers from the rules
//                                 (actions, parties, fields, a field's values, clause ids, ...),
//                                 one a line; nothing (no message) and exit 1 when the rules
//                                 do not load
//
// cmake/manpages.cmake runs the first three at build time and installs what they print.
#pragma once
#include <iosfwd>

namespace CLI {
class App;
}

namespace accord::internal {

// Whether the command line is one of the requests above.
bool is_manual_request(int argc, const char* const* argv);
// Answers it from `app` (every subcommand defined); exit code 0, or 2 on a usage error.
int run_manual(CLI::App& app, int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace accord::internal
