// The batch pipeline: JSON proposals in, one JSON decision per line out, in input order.
// `accord check --batch`, POST /v1/decide/batch, the Python module's decide_many and the
// benchmark all run this code. Streaming: input is read in bounded chunks, a bounded number of
// chunks is in flight at once (memory stays flat however long the input), N workers decide
// them; each worker (the calling thread is one) also reads the next chunk and writes finished
// chunks, in input order.
#pragma once
#include <ostream>
#include <streambuf>
#include <optional>
#include <string>
#include <vector>

#include "batch/line_reader.h"
#include "compile/engine.h"
#include "core/date.h"
#include "decide/decide.h"

namespace accord::internal {

struct BatchOptions {
  DecideOptions decide;                // readings chosen for contested clauses
  std::vector<std::string> positions;  // PARTY=STANCE applied to every line (already checked)
  std::optional<Date> as_of;           // decides every line on this date, whatever it says
  bool explain = false;                // each condition's value in the JSON
  unsigned threads = 1;
  LineLimits limits;                   // tests and the fuzzer reach every boundary with small ones
};

enum class BatchStatus : std::uint8_t {
  Ok,           // every line decided
  LinesFailed,  // some lines were bad: each answered {"line": N, "error": ...} and reported on `err`
  ReadFailed,   // the source failed (reported on `err`)
  WriteFailed,  // `out` failed (a full disk, a closed pipe): the rest was not decided
};

// Decides every line of `src`; `path` names the input in diagnostics ("path:line:col: error").
BatchStatus run_batch(const Engine& engine, const BatchOptions& options, ByteSource& src, const std::string& path,
                      std::ostream& out, std::ostream& err);

// An output stream that appends straight to a string (no stringstream buffer to grow and then
// copy out): the batch endpoint writes its response body with it.
class StringOut : private std::streambuf, public std::ostream {
 public:
  explicit StringOut(std::string& s) : std::ostream(this), s_(s) {}

 private:
  std::streamsize xsputn(const char* p, std::streamsize n) override {
    s_.append(p, static_cast<std::size_t>(n));
    return n;
  }
  using Traits = std::streambuf::traits_type;
  std::streambuf::int_type overflow(std::streambuf::int_type c) override {
    if (!Traits::eq_int_type(c, Traits::eof())) s_.push_back(Traits::to_char_type(c));
    return Traits::not_eof(c);
  }
  std::string& s_;
};

}  // namespace accord::internal
