// Fuzz target: a scenario (exercise) file against the shipped rules: loaded, every path
// through its decision points played (fact changes rebuild the engine), each outcome
// summarised and reported, and both handouts written (when the paths are short enough for
// the time bound: the instructor's runs the what-if analysis on every step).
#include "report/report.h"
#include "scenario/handout.h"
#include "scenario/scenario.h"
#include "support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace accord::internal;
  static const std::shared_ptr<const Engine> engine = fuzz::shipped_engine();
  // A step that changes facts rebuilds the engine (a few ms each): allow for it.
  fuzz::Bounds bounds("scenario", size, 1000, 400);
  auto file = std::make_shared<const SourceFile>("exercise.yaml", std::string(fuzz::text_of(data, size)));
  Diagnostics d;
  std::size_t out = 0;
  std::optional<std::vector<Path>> paths;
  std::optional<std::vector<PlayedPath>> played;
  if (auto s = load_scenario(file, d)) {
    if ((paths = scenario_paths(*s, d))) played = play_paths(*s, *paths, engine, d);
    if (played) {
      std::size_t steps = 0;
      for (const PlayedPath& p : *played) {
        steps += p.outcomes.size();
        for (const StepOutcome& step : p.outcomes) {
          out += summarize(*step.engine, step.answer).size();
          out += render_text(*step.engine, step.proposal, step.answer, {true, false}).size();
        }
      }
      if (steps <= 64) {
        out += render_handout(*s, *played, {HandoutKind::Trainee, HandoutFormat::Html, Paper::A4}).size();
        out += render_handout(*s, *played, {HandoutKind::Instructor, HandoutFormat::Markdown, Paper::Letter}).size();
      }
    }
  }
  bounds.check_output(d.str().size() + out);
  return 0;
}
