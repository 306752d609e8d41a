// A minimal append-only JSON writer: one allocation-free pass into a reused string. Used for
// every JSON Accord prints, so `check --format json` and `check --batch` agree byte for byte.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace accord {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}
  JsonWriter& begin_object() { sep(); out_ += '{'; first_ = true; return *this; }
  JsonWriter& end_object() { out_ += '}'; first_ = false; return *this; }
  JsonWriter& begin_array() { sep(); out_ += '['; first_ = true; return *this; }
  JsonWriter& end_array() { out_ += ']'; first_ = false; return *this; }
  JsonWriter& key(std::string_view k) { sep(); str_raw(k); out_ += ':'; first_ = true; return *this; }
  JsonWriter& value(std::string_view s) { sep(); str_raw(s); return *this; }
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(bool b) { sep(); out_ += b ? "true" : "false"; return *this; }
  JsonWriter& value(std::int64_t v) { sep(); out_ += std::to_string(v); return *this; }
  JsonWriter& null() { sep(); out_ += "null"; return *this; }

 private:
  void sep() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  void str_raw(std::string_view s);
  std::string& out_;
  bool first_ = true;
};

}  // namespace accord
