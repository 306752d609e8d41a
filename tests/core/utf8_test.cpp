// JSON string escaping (append_json_escaped reads 16 or 8 bytes at a time, the last block
// overlapping the one before, jumps to the first byte that needs a look, and checks the
// common UTF-8 sequences inline) against a byte-at-a-time reference, on random strings of
// every length around the block sizes, made of the bytes that matter: quotes, backslashes,
// control characters, valid multi-byte UTF-8, and bytes that are not UTF-8.
#include "core/utf8.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace accord::internal {
namespace {

std::string reference_escape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const std::size_t n = utf8_sequence(s, i);
      if (n == 0) { out += "\\ufffd"; ++i; } else { out.append(s.substr(i, n)); i += n; }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          static const char* hex = "0123456789abcdef";
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 0xf];
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  return out;
}

TEST(JsonEscape, KnownStrings) {
  auto esc = [](std::string_view s) { std::string o; append_json_escaped(o, s); return o; };
  EXPECT_EQ(esc(""), "");
  EXPECT_EQ(esc("Manas air base"), "Manas air base");
  EXPECT_EQ(esc("say \"no\"\\"), "say \\\"no\\\"\\\\");
  EXPECT_EQ(esc("tab\there\nbell\x07"), "tab\\there\\nbell\\u0007");
  EXPECT_EQ(esc("Türkiye — 北京 🛰"), "Türkiye — 北京 🛰");
  EXPECT_EQ(esc("bad \xff byte, cut \xe2\x80"), "bad \\ufffd byte, cut \\ufffd\\ufffd");
}

TEST(JsonEscape, AgreesWithAByteAtATimeReferenceOnRandomStrings) {
  const std::string pieces[] = {"a", "Z", " ", "\"", "\\", "\n", "\t", "\x01", "\x1f", "\x7f", "é", "—", "北", "🛰",
                                "\xff", "\x80", "\xc3", "\xe2\x80", "\xed\xa0\x80", "\xc0\xaf",
                                "\xdf\xbf", "\xe1\x80\x80", "\xec\xbf\xbf", "\xe1\xc0\x80", "\xec\xbf", "\xe0\x80\x80"};
  std::mt19937_64 rng(20121219);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    const std::size_t parts = rng() % 24;
    for (std::size_t k = 0; k < parts; ++k) s += rng() % 3 ? std::string(1 + rng() % 9, 'x') : pieces[rng() % std::size(pieces)];
    std::string got = "prefix:";  // appends, never overwrites
    append_json_escaped(got, s);
    ASSERT_EQ(got, "prefix:" + reference_escape(s)) << "input of " << s.size() << " bytes, round " << round;
  }
}

}  // namespace
}  // namespace accord::internal
