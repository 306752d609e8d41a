// A minimal append-only JSON writer. Used for every JSON Accord prints, so `check --format
// json` and `check --batch` agree byte for byte. It appends straight to the caller's string
// (one copy of each piece; the batch path reuses that string, so it stops allocating once it
// has grown to a chunk's size).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/date.h"

namespace accord::internal {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}
  JsonWriter& begin_object() { sep(); out_ += '{'; first_ = true; return *this; }
  JsonWriter& end_object() { out_ += '}'; first_ = false; return *this; }
  JsonWriter& begin_array() { sep(); out_ += '['; first_ = true; return *this; }
  JsonWriter& end_array() { out_ += ']'; first_ = false; return *this; }
  // Keys are identifiers written in the code: no escaping needed. A literal key is written
  // with its separator, quotes and colon in one piece (the compiler builds it).
  // Always inlined, so that the piece is built from the literal at compile time.
  template <std::size_t N>
  [[gnu::always_inline]] JsonWriter& key(const char (&k)[N]) {
    char piece[N + 3] = {',', '"'};
    std::size_t len = 0;  // up to the first NUL: N - 1 for a literal, folded at compile time
    for (; len + 1 < N && k[len]; ++len) piece[2 + len] = k[len];
    piece[len + 2] = '"';
    piece[len + 3] = ':';
    const std::size_t skip = first_ ? 1 : 0;
    out_.append(piece + skip, len + 4 - skip);
    first_ = true;
    return *this;
  }
  JsonWriter& key(std::string_view k) {
    sep();
    out_ += '"';
    out_ += k;
    out_ += "\":";
    first_ = true;
    return *this;
  }
  JsonWriter& value(std::string_view s) { sep(); str_raw(s); return *this; }
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  // A string the code spells (a verdict, a status, a headline key): nothing to escape, so it
  // is written between quotes as it is.
  JsonWriter& word(std::string_view s) {
    sep();
    out_ += '"';
    out_ += s;
    out_ += '"';
    return *this;
  }
  JsonWriter& value(bool b) { sep(); out_ += b ? "true" : "false"; return *this; }
  // A date as a JSON string: "2026-03-01".
  JsonWriter& date(Date d) {
    sep();
    out_ += '"';
    append_date(out_, d);
    out_ += '"';
    return *this;
  }
  JsonWriter& value(std::int64_t v);
  JsonWriter& null() { sep(); out_ += "null"; return *this; }
  // A value already rendered as JSON (a decision from render_json, a string already quoted and
  // escaped), written as it is.
  JsonWriter& raw(std::string_view json) { sep(); out_ += json; return *this; }
  // An object whose opening brace and first members are already rendered (`{"id":"x"`): more
  // members follow with key(), then end_object().
  JsonWriter& raw_object_start(std::string_view json) { sep(); out_ += json; first_ = false; return *this; }
  // Members of the open object already rendered (`"a":[],"b":"x"`), written as they are.
  JsonWriter& raw_members(std::string_view json) { sep(); out_ += json; return *this; }
  // A value of at most `max` bytes written in place by fill(char* at), which returns where
  // it stopped: many short pieces without an append (and its capacity check) each.
  template <class Fill>
  JsonWriter& raw_in_place(std::size_t max, Fill&& fill) {
    sep();
    const std::size_t at = out_.size();
    out_.resize(at + max);
    char* const begin = out_.data();
    const char* end = fill(begin + at);
    out_.resize(static_cast<std::size_t>(end - begin));
    return *this;
  }
  // A string value written in parts (no temporary string): begin, any number of parts, end.
  JsonWriter& begin_string() { sep(); out_ += '"'; return *this; }
  JsonWriter& string_part(std::string_view s) { escape(s); return *this; }
  JsonWriter& end_string() { out_ += '"'; return *this; }

 private:
  void sep() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  void str_raw(std::string_view s) {
    out_ += '"';
    escape(s);
    out_ += '"';
  }
  void escape(std::string_view s);
  std::string& out_;
  bool first_ = true;
};

}  // namespace accord::internal
