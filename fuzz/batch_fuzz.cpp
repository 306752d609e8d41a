// Fuzz target: one buffer through `accord check --batch` (the real run_batch, reading from
// memory). The first two bytes choose the reader's limits, down to a few bytes, so short
// inputs reach every boundary: lines over the limit, chunks cut mid-line, a CR before the
// newline, the simdjson fast path and the positioned slow path.
#include <sstream>

#include "batch/batch.h"
#include "support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace accord::internal;
  static const std::shared_ptr<const Engine> engine = fuzz::shipped_engine();
  fuzz::Bounds bounds("batch", size, 500, 50);
  BatchOptions o;
  LineLimits& limits = o.limits;
  if (size >= 2) {
    limits.chunk_lines = 1 + data[0] % 8;
    limits.chunk_bytes = 1 + data[1] % 97;
    limits.max_line = 1 + (data[0] >> 3) * 37 + data[1] % 13;
    limits.read_bytes = 1 + data[1] % 17;
    data += 2, size -= 2;
  }
  o.explain = size % 2 == 1;
  MemorySource src(fuzz::text_of(data, size));
  std::ostringstream out, err;
  run_batch(*engine, o, src, "batch.jsonl", out, err);
  bounds.check_output(out.str().size() + err.str().size());
  return 0;
}
