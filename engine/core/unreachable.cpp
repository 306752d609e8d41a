#include "core/unreachable.h"

#include <cstdio>
#include <cstdlib>

namespace accord::internal {

void unreachable(const char* where) {
  std::fprintf(stderr, "accord: internal error: %s\n", where);
  std::abort();
}

}  // namespace accord::internal
