#include "core/string_cursor.h"

#include "core/unreachable.h"

namespace accord::internal {

void StringCursor::open(std::string& s) {
  if (s_) close();
  s_ = &s;
  const std::size_t size = s.size();
  s.resize(size + kRoom);
  base_ = s.data();
  at_ = base_ + size;
  end_ = base_ + s.size();
}

void StringCursor::check() const {
  if (!s_ || s_->data() != base_ || s_->size() != static_cast<std::size_t>(end_ - base_))
    unreachable("StringCursor: its string was changed while the cursor was writing into it");
}

void StringCursor::close() {
  check();
  s_->resize(size());
  s_ = nullptr;
  base_ = at_ = end_ = nullptr;
}

void StringCursor::grow(std::size_t n) {
  check();
  const std::size_t used = size();
  // Only the new room is filled (std::string fills what it grows by); its capacity still
  // grows geometrically, so a long text is not copied over and over.
  s_->resize(used + n + kRoom);
  base_ = s_->data();
  at_ = base_ + used;
  end_ = base_ + s_->size();
}

}  // namespace accord::internal
