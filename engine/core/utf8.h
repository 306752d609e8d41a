// UTF-8 validation, for what Accord echoes from its inputs: JSON output must be valid UTF-8,
// and text meant for a terminal must not carry control sequences (an ESC in a proposal's
// title would otherwise reach the user's terminal, --color never or not).
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
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
// JsonWriter (report/json_writer.h) writes every JSON string through write_json_escaped, below.
void append_json_escaped(std::string& out, std::string_view s);

namespace json_escape {

struct EscapeTable {
  bool needs[256] = {};
  constexpr EscapeTable() {
    for (int c = 0; c < 0x20; ++c) needs[c] = true;
    needs[static_cast<unsigned char>('"')] = needs[static_cast<unsigned char>('\\')] = true;
  }
};
inline constexpr EscapeTable kEscape;

// The bytes of `w` that need a look, as their high bits (0 when none): a control character,
// '"', '\\', or a byte of a multi-byte UTF-8 sequence (to be validated). The lowest set bit is
// exact (a borrow can only mark bytes above it), so it is where to look first. Almost every
// word of the text Accord writes (ids, cites, names, sentences) has none, and is copied
// without a byte loop.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "write_json_escaped reads 8 bytes as a little-endian word");

inline std::uint64_t bytes_to_look_at(std::uint64_t w) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
  auto has_zero = [](std::uint64_t v) { return (v - ones) & ~v & high; };
  const std::uint64_t below_space = (w - ones * 0x20) & ~w & high;
  return below_space | has_zero(w ^ (ones * '"')) | has_zero(w ^ (ones * '\\')) | (w & high);
}

}  // namespace json_escape

// The same, written through `put(const char* bytes, std::size_t n)`: clean stretches in one
// piece each, escapes as short pieces (JsonWriter writes them into its own room).
template <class Put>
void write_json_escaped(Put&& put, std::string_view s) {
  using json_escape::bytes_to_look_at;
  using json_escape::kEscape;
  // Clean runs are appended in bulk; only quotes, backslashes and control characters are
  // escaped, and bytes that are not valid UTF-8 become U+FFFD (JSON text must be UTF-8).
  // The text is scanned in blocks for the next byte to look at; the last, partial block is
  // read as the whole block that ends with the text, ignoring the bytes already scanned.
  const char* d = s.data();
  const std::size_t n = s.size();
  std::size_t run = 0, i = 0;
  while (i < n) {
#if defined(__SSE2__)
    // Long clean stretches (sentences, quoted clause text) two blocks at a time.
    while (i + 32 <= n && (json_bytes_to_look_at16(d + i) | json_bytes_to_look_at16(d + i + 16)) == 0) i += 32;
    if (n >= 16) {
      const std::size_t at = i + 16 <= n ? i : n - 16;
      const unsigned look = json_bytes_to_look_at16(d + at) >> (i - at);
      if (look == 0) {
        i = at + 16;
        continue;
      }
      i += static_cast<std::size_t>(__builtin_ctz(look));  // the first byte to look at
    } else
#endif
    if (n >= 8) {
      const std::size_t at = i + 8 <= n ? i : n - 8;
      std::uint64_t w;
      std::memcpy(&w, d + at, 8);  // little-endian: byte k of the text is byte k of w
      const std::uint64_t look = bytes_to_look_at(w) >> (8 * (i - at));
      if (look == 0) {
        i = at + 8;
        continue;
      }
      i += static_cast<std::size_t>(__builtin_ctzll(look)) / 8;  // the first byte to look at
    }
    const auto c = static_cast<unsigned char>(d[i]);
    if (c >= 0x80) {
      // The common sequences inline: two bytes, and three from U+1000 to U+CFFF (E1..EC: no
      // overlong form or surrogate is possible), which holds punctuation such as the dash.
      auto cont = [&](std::size_t k) { return k < n && (static_cast<unsigned char>(d[k]) & 0xC0) == 0x80; };
      if (c >= 0xC2 && c <= 0xDF && cont(i + 1)) {
        i += 2;
        continue;
      }
      if (c >= 0xE1 && c <= 0xEC && cont(i + 1) && cont(i + 2)) {
        i += 3;
        continue;
      }
      if (const std::size_t len = utf8_sequence(s, i); len > 0) {
        i += len;
        continue;
      }
      put(d + run, i - run);
      put("\\ufffd", 6);
      run = ++i;
      continue;
    }
    if (!kEscape.needs[c]) {
      ++i;
      continue;
    }
    put(d + run, i - run);
    run = ++i;
    switch (c) {
      case '"': put("\\\"", 2); break;
      case '\\': put("\\\\", 2); break;
      case '\n': put("\\n", 2); break;
      case '\r': put("\\r", 2); break;
      case '\t': put("\\t", 2); break;
      default: {
        constexpr const char* hex = "0123456789abcdef";
        const char esc[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
        put(esc, sizeof esc);
      }
    }
  }
  put(d + run, n - run);
}

// `s` made safe to print on a terminal: invalid UTF-8 becomes U+FFFD, and control characters
// other than line feed and tab (ESC, CR, BEL, DEL, the C1 controls) are shown as \xNN.
std::string terminal_safe(std::string_view s);
// out = terminal_safe(s), reusing out's buffer in the common case.
void assign_terminal_safe(std::string& out, std::string_view s);
// True when terminal_safe(s) == s (the common case: checked before copying).
bool terminal_clean(std::string_view s);

}  // namespace accord::internal
