// Fuzz target: one batch line through both JSON readers. read() tries the plain reader
// (load/simple_json.h) before simdjson; read_general() is simdjson alone. They must agree on
// every input: both read it, into the same proposal, or both leave it to explain(). A
// disagreement aborts with the input, which libFuzzer saves.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "load/json_proposal.h"
#include "support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace accord::internal;
  static const std::shared_ptr<const Engine> engine = fuzz::shipped_engine();
  static JsonProposalReader both(engine->tables()), general(engine->tables());
  // The bounds of the other targets: a line naming an unknown party or value costs a "did you
  // mean" search over every name, in each reader, which under the sanitizers takes tens of ms.
  fuzz::Bounds bounds("reader", size, 500, 50);
  std::string text(fuzz::text_of(data, size));
  text.append(JsonProposalReader::padding(), '\0');
  Proposal a, g;
  const Date today = date_from_ymd(2026, 6, 1);
  const bool read_both = both.read(text.data(), size, today, a);
  const bool read_general = general.read_general(text.data(), size, today, g);
  if (read_both != read_general || (read_both && !(a == g))) {
    std::fprintf(stderr, "reader: read() %s and read_general() %s this line differently\n", read_both ? "read" : "rejected",
                 read_general ? "read" : "rejected");
    std::abort();
  }
  return 0;
}
