// UTF-8 validation, for what Accord echoes from its inputs: JSON output must be valid UTF-8,
// and text meant for a terminal must not carry control sequences (an ESC in a proposal's
// title would otherwise reach the user's terminal, --color never or not).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace accord::internal {

#if defined(__SSE2__)
// The bytes of the 16 at `p` that a JSON string cannot hold as they are, as a bit mask (bit k:
// byte k): '"', '\\', control characters, and every byte >= 0x80 (UTF-8, to be validated) —
// a signed comparison with 0x20 marks those last two at once. SSE2: every x86-64 has it.
inline unsigned json_bytes_to_look_at16(const char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i look = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
                                    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
  return static_cast<unsigned>(_mm_movemask_epi8(look));
}
#endif

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
