#include "report/json_writer.h"

#include "core/utf8.h"

namespace accord::internal {

namespace {
struct EscapeTable {
  bool needs[256] = {};
  constexpr EscapeTable() {
    for (int c = 0; c < 0x20; ++c) needs[c] = true;
    needs[static_cast<unsigned char>('"')] = needs[static_cast<unsigned char>('\\')] = true;
  }
};
constexpr EscapeTable kEscape;
}  // namespace

void JsonWriter::escape(std::string_view s) {
  // Append clean runs in bulk; only quotes, backslashes and control characters are escaped,
  // and bytes that are not valid UTF-8 become U+FFFD (JSON text must be UTF-8).
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      if (const std::size_t n = utf8_sequence(s, i); n > 0) {
        i += n - 1;
        continue;
      }
      buf_.append(s.data() + run, s.data() + i);
      buf_.append(std::string_view("\\ufffd"));
      run = i + 1;
      continue;
    }
    if (!kEscape.needs[c]) continue;
    buf_.append(s.data() + run, s.data() + i);
    run = i + 1;
    switch (c) {
      case '"': buf_.append(std::string_view("\\\"")); break;
      case '\\': buf_.append(std::string_view("\\\\")); break;
      case '\n': buf_.append(std::string_view("\\n")); break;
      case '\r': buf_.append(std::string_view("\\r")); break;
      case '\t': buf_.append(std::string_view("\\t")); break;
      default: {
        static const char* hex = "0123456789abcdef";
        const char esc[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
        buf_.append(esc, esc + sizeof esc);
      }
    }
  }
  buf_.append(s.data() + run, s.data() + s.size());
}

}  // namespace accord::internal
