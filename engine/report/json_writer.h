// A minimal append-only JSON writer. Used for every JSON Accord prints, so `check --format
// json` and `check --batch` agree byte for byte.
//
// It writes into the caller's string through a cursor: it makes room at the string's end
// (a few hundred bytes, more when a piece needs it), copies each piece there without a call
// (short pieces inline, long ones with one memcpy), and gives the string its exact size back
// when it is destroyed. So the writer owns the string while it lives: nothing else may change
// it meanwhile (that is checked, and stops the program), and the string is whole again only
// once the writer is gone or finish() has given it back: `w.end_object(); w.finish(); out += '\n';`.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/date.h"

namespace accord::internal {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) { open(); }
  ~JsonWriter() {
    if (base_) close();
  }
  // Gives the string back, holding exactly what was written: the writer is not used after.
  void finish() {
    close();
    base_ = at_ = end_ = nullptr;
  }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  JsonWriter& begin_object() { sep(); put('{'); first_ = true; return *this; }
  JsonWriter& end_object() { put('}'); first_ = false; return *this; }
  JsonWriter& begin_array() { sep(); put('['); first_ = true; return *this; }
  JsonWriter& end_array() { put(']'); first_ = false; return *this; }
  // Keys are identifiers written in the code: no escaping needed. A literal key is written
  // with its separator, quotes and colon in one piece (the compiler builds it, and copies it
  // with its comma whole; the cursor then skips back over the comma's place when none is due).
  // Always inlined, so that the piece is built from the literal at compile time.
  template <std::size_t N>
  [[gnu::always_inline]] JsonWriter& key(const char (&k)[N]) {
    char piece[N + 3] = {',', '"'};
    std::size_t len = 0;  // up to the first NUL: N - 1 for a literal, folded at compile time
    for (; len + 1 < N && k[len]; ++len) piece[2 + len] = k[len];
    piece[len + 2] = '"';
    piece[len + 3] = ':';
    room(len + 4);
    if (first_) {
      std::memcpy(at_, piece + 1, len + 3);
      at_ += len + 3;
    } else {
      std::memcpy(at_, piece, len + 4);
      at_ += len + 4;
    }
    first_ = true;
    return *this;
  }
  JsonWriter& key(std::string_view k) {
    sep();
    room(k.size() + 3);
    *at_++ = '"';
    copy(k);
    *at_++ = '"';
    *at_++ = ':';
    first_ = true;
    return *this;
  }
  JsonWriter& value(std::string_view s) { sep(); str_raw(s); return *this; }
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  // A string the code spells (a verdict, a status, a headline key): nothing to escape, so it
  // is written between quotes as it is.
  JsonWriter& word(std::string_view s) {
    sep();
    room(s.size() + 2);
    *at_++ = '"';
    copy(s);
    *at_++ = '"';
    return *this;
  }
  JsonWriter& value(bool b) { return raw(b ? std::string_view("true") : std::string_view("false")); }
  // A date as a JSON string: "2026-03-01".
  JsonWriter& date(Date d) {
    sep();
    room(kDateTextMax + 2);
    *at_++ = '"';
    at_ = write_date(at_, d);
    *at_++ = '"';
    return *this;
  }
  JsonWriter& value(std::int64_t v);
  JsonWriter& null() { return raw("null"); }
  // A value already rendered as JSON (a decision from render_json, a string already quoted and
  // escaped), written as it is.
  JsonWriter& raw(std::string_view json) { sep(); room(json.size()); copy(json); return *this; }
  // An object whose opening brace and first members are already rendered (`{"id":"x"`): more
  // members follow with key(), then end_object().
  JsonWriter& raw_object_start(std::string_view json) { raw(json); first_ = false; return *this; }
  // Members of the open object already rendered (`"a":[],"b":"x"`), written as they are.
  JsonWriter& raw_members(std::string_view json) { return raw(json); }
  // A value of at most `max` bytes written in place by fill(char* at), which returns where
  // it stopped: many short pieces without a room check each.
  template <class Fill>
  JsonWriter& raw_in_place(std::size_t max, Fill&& fill) {
    sep();
    room(max);
    at_ = fill(at_);
    return *this;
  }
  // A string value written in parts (no temporary string): begin, any number of parts, end.
  JsonWriter& begin_string() { sep(); put('"'); return *this; }
  JsonWriter& string_part(std::string_view s) { escape(s); return *this; }
  JsonWriter& end_string() { put('"'); return *this; }

 private:
  static constexpr std::size_t kRoom = 512;  // made at the start: most of a batch line's output

  void open();
  void close();
  // Room for `n` more bytes at the cursor.
  void room(std::size_t n) {
    if (static_cast<std::size_t>(end_ - at_) < n) grow(n);
  }
  void grow(std::size_t n);
  void check() const;  // stops the program if the string was changed behind the writer's back
  void put(char c) {
    room(1);
    *at_++ = c;
  }
  // Copies `s` at the cursor, which has room for it: up to 16 bytes as two overlapping
  // loads and stores (no call), longer with memcpy.
  void copy(std::string_view s) {
    const char* p = s.data();
    const std::size_t n = s.size();
    if (n >= 8 && n <= 16) {
      std::uint64_t a, b;
      std::memcpy(&a, p, 8);
      std::memcpy(&b, p + n - 8, 8);
      std::memcpy(at_, &a, 8);
      std::memcpy(at_ + n - 8, &b, 8);
    } else if (n >= 4 && n < 8) {
      std::uint32_t a, b;
      std::memcpy(&a, p, 4);
      std::memcpy(&b, p + n - 4, 4);
      std::memcpy(at_, &a, 4);
      std::memcpy(at_ + n - 4, &b, 4);
    } else if (n > 0 && n < 4) {
      at_[0] = p[0];
      at_[n / 2] = p[n / 2];
      at_[n - 1] = p[n - 1];
    } else if (n > 16) {
      std::memcpy(at_, p, n);
    }
    at_ += n;
  }
  void sep() {
    if (!first_) put(',');
    first_ = false;
  }
  void str_raw(std::string_view s) {
    put('"');
    escape(s);
    put('"');
  }
  void escape(std::string_view s);

  std::string& out_;
  char* base_ = nullptr;  // out_.data() while the writer has the string
  char* at_ = nullptr;    // where the next byte goes
  char* end_ = nullptr;   // the end of the room made (out_.data() + out_.size())
  bool first_ = true;
};

}  // namespace accord::internal
