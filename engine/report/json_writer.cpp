#include "report/json_writer.h"

namespace accord {

void JsonWriter::str_raw(std::string_view s) {
  out_ += '"';
  for (char c : s) {
    switch (c) {
      case '"': out_ += "\\\""; break;
      case '\\': out_ += "\\\\"; break;
      case '\n': out_ += "\\n"; break;
      case '\r': out_ += "\\r"; break;
      case '\t': out_ += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static const char* hex = "0123456789abcdef";
          out_ += "\\u00";
          out_ += hex[(c >> 4) & 0xf];
          out_ += hex[c & 0xf];
        } else {
          out_ += c;
        }
    }
  }
  out_ += '"';
}

}  // namespace accord
