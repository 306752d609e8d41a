#include "core/utf8.h"

#include <cstdint>
#include <cstring>

namespace accord::internal {

std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  auto at = [&](std::size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
  const unsigned c = at(i);
  if (c < 0x80) return 1;
  auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) { return at(k) >= lo && at(k) <= hi; };
  if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;  // no overlong, no surrogate
    return cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;  // nothing above U+10FFFF
    return cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
  }
  return 0;
}

bool terminal_clean(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F) { ++i; continue; }
    if (c == '\n' || c == '\t') { ++i; continue; }
    const std::size_t n = c >= 0x80 ? utf8_sequence(s, i) : 0;
    if (n == 0 || (n == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0)) return false;
    i += n;
  }
  return true;
}

void assign_terminal_safe(std::string& out, std::string_view s) {
  if (terminal_clean(s)) out.assign(s);
  else out = terminal_safe(s);
}

std::string terminal_safe(std::string_view s) {
  if (terminal_clean(s)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = utf8_sequence(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
      continue;
    }
    const bool c1 = n == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0;  // U+0080..U+009F
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F || c1) {
      static const char* hex = "0123456789abcdef";
      const unsigned v = c1 ? static_cast<unsigned char>(s[i + 1]) : c;
      out += "\\x";
      out += hex[v >> 4];
      out += hex[v & 15];
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

namespace {

struct EscapeTable {
  bool needs[256] = {};
  constexpr EscapeTable() {
    for (int c = 0; c < 0x20; ++c) needs[c] = true;
    needs[static_cast<unsigned char>('"')] = needs[static_cast<unsigned char>('\\')] = true;
  }
};
constexpr EscapeTable kEscape;

// The bytes of `w` that need a look, as their high bits (0 when none): a control character,
// '"', '\\', or a byte of a multi-byte UTF-8 sequence (to be validated). The lowest set bit is
// exact (a borrow can only mark bytes above it), so it is where to look first. Almost every
// word of the text Accord writes (ids, cites, names, sentences) has none, and is copied
// without a byte loop.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "append_json_escaped reads 8 bytes as a little-endian word");

inline std::uint64_t bytes_to_look_at(std::uint64_t w) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
  auto has_zero = [](std::uint64_t v) { return (v - ones) & ~v & high; };
  const std::uint64_t below_space = (w - ones * 0x20) & ~w & high;
  return below_space | has_zero(w ^ (ones * '"')) | has_zero(w ^ (ones * '\\')) | (w & high);
}

}  // namespace

void append_json_escaped(std::string& out, std::string_view s) {
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
      out.append(d + run, i - run);
      out += "\\ufffd";
      run = ++i;
      continue;
    }
    if (!kEscape.needs[c]) {
      ++i;
      continue;
    }
    out.append(d + run, i - run);
    run = ++i;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        static const char* hex = "0123456789abcdef";
        const char esc[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
        out.append(esc, sizeof esc);
      }
    }
  }
  out.append(d + run, n - run);
}

}  // namespace accord::internal
