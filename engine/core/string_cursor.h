// Writing at the end of a std::string through a cursor, for text built piece by piece on the
// hot path (JSON lines, the summary's sentences): room is made at the string's end (a few
// hundred bytes, more when a piece needs it), each piece is copied there without a call
// (short pieces inline, long ones with one memcpy), and the string gets its exact size back
// at close().
//
// While the cursor is open it owns the string: nothing else may change it, and the string
// holds exactly what was written only after close() or the cursor's end. A change behind its
// back is caught at its next growth or at close, and stops the program rather than give back
// corrupt output; but a write in between may already have gone to memory the change freed, so
// the check is a net under that rule, not leave to break it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/date.h"

namespace accord::internal {

class StringCursor {
 public:
  StringCursor() = default;
  explicit StringCursor(std::string& s) { open(s); }
  ~StringCursor() {
    if (s_) close();
  }
  StringCursor(const StringCursor&) = delete;
  StringCursor& operator=(const StringCursor&) = delete;

  void open(std::string& s);
  void close();  // gives the string back, holding exactly what was written

  const char* data() const { return base_; }
  std::size_t size() const { return static_cast<std::size_t>(at_ - base_); }  // the string's length so far
  // Cuts what was written back to `n` bytes (n <= size()).
  void truncate(std::size_t n) { at_ = base_ + n; }

  // Room for `n` more bytes at the cursor.
  void room(std::size_t n) {
    if (static_cast<std::size_t>(end_ - at_) < n) grow(n);
  }
  // Writing in place: room(n), write at at(), then advance_to() where the writing ended.
  char* at() const { return at_; }
  void advance_to(char* p) { at_ = p; }

  void put(char c) {
    room(1);
    *at_++ = c;
  }
  void append(std::string_view s) {
    room(s.size());
    copy(s);
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
  StringCursor& operator+=(std::string_view s) {
    append(s);
    return *this;
  }
  StringCursor& operator+=(char c) {
    put(c);
    return *this;
  }
  // A date as "2026-03-01".
  void date(Date d) {
    room(kDateTextMax);
    at_ = write_date(at_, d);
  }

 private:
  static constexpr std::size_t kRoom = 512;  // made at open(): most of a batch line's output

  void grow(std::size_t n);
  void check() const;  // stops the program if the string was changed behind the cursor's back

  std::string* s_ = nullptr;
  char* base_ = nullptr;  // s_->data() while the cursor is open
  char* at_ = nullptr;    // where the next byte goes
  char* end_ = nullptr;   // the end of the room made (s_->data() + s_->size())
};

// What `write(StringCursor&)` writes, as a string of its own.
template <class Write>
std::string written(Write&& write) {
  std::string text;
  StringCursor out(text);
  write(out);
  out.close();
  return text;
}

}  // namespace accord::internal
