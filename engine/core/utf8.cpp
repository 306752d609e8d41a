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

void append_json_escaped(std::string& out, std::string_view s) {
  write_json_escaped([&](const char* p, std::size_t n) { out.append(p, n); }, s);
}

}  // namespace accord::internal
