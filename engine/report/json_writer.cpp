#include "report/json_writer.h"

#include "core/utf8.h"

namespace accord::internal {

JsonWriter& JsonWriter::value(std::int64_t v) {
  sep();
  char buf[24];
  char* end = buf + sizeof buf;
  char* p = end;
  // Digits of the magnitude, as unsigned (INT64_MIN has no positive counterpart).
  std::uint64_t u = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  do {
    *--p = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) *--p = '-';
  c_.append(std::string_view(p, static_cast<std::size_t>(end - p)));
  return *this;
}

void JsonWriter::escape(std::string_view s) {
  write_json_escaped([this](const char* p, std::size_t n) { c_.append(std::string_view(p, n)); }, s);
}

}  // namespace accord::internal
