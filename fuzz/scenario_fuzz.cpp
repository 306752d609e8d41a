// Fuzz target: a scenario (exercise) file against the shipped rules: loaded, every step
// played (fact changes rebuild the engine), each outcome summarised and reported.
#include "report/report.h"
#include "scenario/scenario.h"
#include "support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace accord;
  static const std::shared_ptr<const Engine> engine = fuzz::shipped_engine();
  // A step that changes facts rebuilds the engine (a few ms each): allow for it.
  fuzz::Bounds bounds("scenario", size, 1000, 400);
  auto file = std::make_shared<const SourceFile>("exercise.yaml", std::string(fuzz::text_of(data, size)));
  Diagnostics d;
  std::size_t out = 0;
  if (auto s = load_scenario(file, d)) {
    if (auto steps = run_scenario(*s, engine, d)) {
      for (const StepOutcome& step : *steps) {
        out += summarize(*step.engine, step.answer).size();
        out += render_text(*step.engine, step.proposal, step.answer, {true, false}).size();
      }
    }
  }
  bounds.check_output(d.str().size() + out);
  return 0;
}
