// A minimal append-only JSON writer. Used for every JSON Accord prints, so `check --format
// json` and `check --batch` agree byte for byte.
//
// It writes into the caller's string through a StringCursor (core/string_cursor.h): room made
// at the string's end, short pieces copied without a call. So the writer owns the string
// while it lives: nothing else may change it meanwhile (that is checked, and stops the
// program), and the string is whole again once the writer is gone or finish() has given it
// back: `w.end_object(); w.finish(); out += '\n';`.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/string_cursor.h"

namespace accord::internal {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : c_(out) {}
  // Gives the string back, holding exactly what was written: the writer is not used after.
  void finish() { c_.close(); }

  JsonWriter& begin_object() { sep(); c_.put('{'); first_ = true; return *this; }
  JsonWriter& end_object() { c_.put('}'); first_ = false; return *this; }
  JsonWriter& begin_array() { sep(); c_.put('['); first_ = true; return *this; }
  JsonWriter& end_array() { c_.put(']'); first_ = false; return *this; }
  // Keys are identifiers written in the code: no escaping needed. A literal key is written
  // with its separator, quotes and colon in one piece (the compiler builds it; it is copied
  // from its comma or from its quote).
  // Always inlined, so that the piece is built from the literal at compile time.
  template <std::size_t N>
  [[gnu::always_inline]] JsonWriter& key(const char (&k)[N]) {
    char piece[N + 3] = {',', '"'};
    std::size_t len = 0;  // up to the first NUL: N - 1 for a literal, folded at compile time
    for (; len + 1 < N && k[len]; ++len) piece[2 + len] = k[len];
    piece[len + 2] = '"';
    piece[len + 3] = ':';
    c_.room(len + 4);
    char* at = c_.at();
    if (first_) {
      std::memcpy(at, piece + 1, len + 3);
      c_.advance_to(at + len + 3);
    } else {
      std::memcpy(at, piece, len + 4);
      c_.advance_to(at + len + 4);
    }
    first_ = true;
    return *this;
  }
  JsonWriter& key(std::string_view k) {
    sep();
    c_.room(k.size() + 3);
    c_.put('"');
    c_.copy(k);
    c_.put('"');
    c_.put(':');
    first_ = true;
    return *this;
  }
  JsonWriter& value(std::string_view s) { sep(); str_raw(s); return *this; }
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  // A string the code spells (a verdict, a status, a headline key): nothing to escape, so it
  // is written between quotes as it is.
  JsonWriter& word(std::string_view s) {
    sep();
    c_.room(s.size() + 2);
    c_.put('"');
    c_.copy(s);
    c_.put('"');
    return *this;
  }
  JsonWriter& value(bool b) { return raw(b ? std::string_view("true") : std::string_view("false")); }
  // A date as a JSON string: "2026-03-01".
  JsonWriter& date(Date d) {
    sep();
    c_.put('"');
    c_.date(d);
    c_.put('"');
    return *this;
  }
  JsonWriter& value(std::int64_t v);
  JsonWriter& null() { return raw("null"); }
  // A value already rendered as JSON (a decision from render_json, a string already quoted and
  // escaped), written as it is.
  JsonWriter& raw(std::string_view json) { sep(); c_.append(json); return *this; }
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
    c_.room(max);
    c_.advance_to(fill(c_.at()));
    return *this;
  }
  // A string value written in parts (no temporary string): begin, any number of parts, end.
  JsonWriter& begin_string() { sep(); c_.put('"'); return *this; }
  JsonWriter& string_part(std::string_view s) { escape(s); return *this; }
  JsonWriter& end_string() { c_.put('"'); return *this; }

 private:
  void sep() {
    if (!first_) c_.put(',');
    first_ = false;
  }
  void str_raw(std::string_view s) {
    c_.put('"');
    escape(s);
    c_.put('"');
  }
  void escape(std::string_view s);

  StringCursor c_;
  bool first_ = true;
};

}  // namespace accord::internal
