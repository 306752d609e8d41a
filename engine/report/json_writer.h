// A minimal append-only JSON writer. Used for every JSON Accord prints, so `check --format
// json` and `check --batch` agree byte for byte. It writes into an inline buffer (no heap
// allocation for a typical decision) and appends that to the caller's string when the
// outermost object or array closes.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace accord::internal {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}
  ~JsonWriter() { flush(); }
  JsonWriter& begin_object() { sep(); buf_.push_back('{'); first_ = true; ++depth_; return *this; }
  JsonWriter& end_object() { buf_.push_back('}'); return closed(); }
  JsonWriter& begin_array() { sep(); buf_.push_back('['); first_ = true; ++depth_; return *this; }
  JsonWriter& end_array() { buf_.push_back(']'); return closed(); }
  // Keys are identifiers written in the code: no escaping needed.
  JsonWriter& key(std::string_view k) {
    sep();
    const std::size_t at = buf_.size();
    buf_.try_resize(at + k.size() + 3);
    char* p = buf_.data() + at;
    *p++ = '"';
    std::memcpy(p, k.data(), k.size());
    p[k.size()] = '"';
    p[k.size() + 1] = ':';
    first_ = true;
    return *this;
  }
  JsonWriter& value(std::string_view s) { sep(); str_raw(s); return *this; }
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(bool b) { sep(); buf_.append(std::string_view(b ? "true" : "false")); return *this; }
  JsonWriter& value(std::int64_t v) { sep(); fmt::format_to(std::back_inserter(buf_), "{}", v); return *this; }
  JsonWriter& null() { sep(); buf_.append(std::string_view("null")); return *this; }
  // A value already rendered as JSON (a decision from render_json), written as it is.
  JsonWriter& raw(std::string_view json) { sep(); buf_.append(json); return *this; }
  // A string value written in parts (no temporary string): begin, any number of parts, end.
  JsonWriter& begin_string() { sep(); buf_.push_back('"'); return *this; }
  JsonWriter& string_part(std::string_view s) { escape(s); return *this; }
  JsonWriter& end_string() { buf_.push_back('"'); return *this; }

 private:
  void sep() {
    if (!first_) buf_.push_back(',');
    first_ = false;
  }
  JsonWriter& closed() {
    first_ = false;
    if (--depth_ == 0) flush();
    return *this;
  }
  void flush() {
    out_.append(buf_.data(), buf_.size());
    buf_.clear();
  }
  void str_raw(std::string_view s) {
    buf_.push_back('"');
    escape(s);
    buf_.push_back('"');
  }
  void escape(std::string_view s);
  std::string& out_;
  fmt::basic_memory_buffer<char, 2048> buf_;
  int depth_ = 0;
  bool first_ = true;
};

}  // namespace accord::internal
