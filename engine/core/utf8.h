// UTF-8 validation, for what Accord echoes from its inputs: JSON output must be valid UTF-8,
// and text meant for a terminal must not carry control sequences (an ESC in a proposal's
// title would otherwise reach the user's terminal, --color never or not).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace accord::internal {

// Length of the valid UTF-8 sequence starting at s[i] (1 for ASCII), or 0 when the bytes
// there are not valid UTF-8 (overlong forms and surrogates included).
std::size_t utf8_sequence(std::string_view s, std::size_t i);

// Appends `s` escaped for the inside of a JSON string (no quotes): '"', '\\' and control
// characters escaped, bytes that are not valid UTF-8 written as \ufffd (JSON text is UTF-8).
// Every JSON string Accord writes goes through it (report/json_writer.h).
void append_json_escaped(std::string& out, std::string_view s);

// `s` made safe to print on a terminal: invalid UTF-8 becomes U+FFFD, and control characters
// other than line feed and tab (ESC, CR, BEL, DEL, the C1 controls) are shown as \xNN.
std::string terminal_safe(std::string_view s);
// out = terminal_safe(s), reusing out's buffer in the common case.
void assign_terminal_safe(std::string& out, std::string_view s);
// True when terminal_safe(s) == s (the common case: checked before copying).
bool terminal_clean(std::string_view s);

}  // namespace accord::internal
