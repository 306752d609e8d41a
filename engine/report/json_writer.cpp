#include "report/json_writer.h"

#include "core/unreachable.h"
#include "core/utf8.h"

namespace accord::internal {

void JsonWriter::open() {
  const std::size_t size = out_.size();
  out_.resize(size + kRoom);
  base_ = out_.data();
  at_ = base_ + size;
  end_ = base_ + out_.size();
}

void JsonWriter::check() const {
  if (out_.data() != base_ || out_.size() != static_cast<std::size_t>(end_ - base_))
    unreachable("JsonWriter: its string was changed while the writer was writing into it");
}

void JsonWriter::close() {
  check();
  out_.resize(static_cast<std::size_t>(at_ - base_));
}

void JsonWriter::grow(std::size_t n) {
  check();
  const std::size_t used = static_cast<std::size_t>(at_ - base_);
  // Only the new room is filled (std::string fills what it grows by); its capacity still
  // grows geometrically, so a long text is not copied over and over.
  out_.resize(used + n + kRoom);
  base_ = out_.data();
  at_ = base_ + used;
  end_ = base_ + out_.size();
}

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
  room(sizeof buf);
  copy(std::string_view(p, static_cast<std::size_t>(end - p)));
  return *this;
}

void JsonWriter::escape(std::string_view s) {
  write_json_escaped(
      [this](const char* p, std::size_t n) {
        room(n);
        copy(std::string_view(p, n));
      },
      s);
}

}  // namespace accord::internal
