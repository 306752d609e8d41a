// accord check --batch FILE.jsonl (or - for stdin): the flags checked once, then the batch
// pipeline (batch/batch.h) on the file.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ostream>

#include <sys/stat.h>

#include "batch/batch.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "load/proposal_builder.h"

namespace accord::internal {

int cmd_batch(const Engine& engine, const CheckOptions& o, std::optional<Date> as_of, std::ostream& out,
              std::ostream& err) {
  BatchOptions bo;
  if (!parse_readings(engine, o.readings, bo.decide, err)) return kExitInput;
  {
    // Check the --position flags once, so a bad one is one error, not one per line.
    const ProposalBuilder b(engine.tables());
    Proposal scratch;
    b.reset(scratch);
    for (const auto& s : o.positions) {
      if (const FieldError e = b.set_position(scratch, s)) {
        err << "accord: error: --position " << s << ": " << e.message << "\n";
        return kExitInput;
      }
    }
  }
  bo.positions = o.positions;
  bo.as_of = as_of;
  bo.explain = o.explain;
  bo.threads = o.threads;
  std::FILE* f = stdin;
  if (o.batch != "-") {
    struct stat st {};
    if (::stat(o.batch.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      err << o.batch << ": error: is a directory, expected a file of JSON lines\n";
      return kExitInput;
    }
    f = std::fopen(o.batch.c_str(), "rb");
  }
  if (!f) {
    err << o.batch << ": error: cannot open the batch file: " << std::strerror(errno) << "\n";
    return kExitInput;
  }
  FileSource src(f);
  const BatchStatus status = run_batch(engine, bo, src, o.batch == "-" ? "<stdin>" : o.batch, out, err);
  if (f != stdin) std::fclose(f);
  switch (status) {
    case BatchStatus::Ok: return kExitOk;
    case BatchStatus::LinesFailed:
    case BatchStatus::ReadFailed:
    case BatchStatus::WriteFailed: return kExitInput;  // run_cli reports the failed output
  }
  return kExitInput;
}

}  // namespace accord::internal
