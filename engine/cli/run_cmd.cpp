// accord run: plays an exercise for a class, step by step (text), or writes a printable
// handout (markdown).
#include <istream>
#include <ostream>

#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "report/report.h"
#include "report/summary.h"
#include "scenario/handout.h"
#include "scenario/scenario.h"

namespace accord {

namespace {

std::string bold(bool color, const std::string& s) { return color ? "\033[1m" + s + "\033[0m" : s; }

void pause(std::istream& in, std::ostream& out, const char* prompt) {
  out << prompt << std::flush;
  std::string line;
  std::getline(in, line);
}

}  // namespace

int cmd_run(const RunOptions& o, std::istream& in, std::ostream& out, std::ostream& err) {
  std::shared_ptr<const Engine> engine = load_engine(o.rules, err);
  if (!engine) return kExitInput;
  Diagnostics d;
  auto src = SourceFile::read(o.file, d);
  std::optional<Scenario> s;
  std::optional<std::vector<StepOutcome>> steps;
  if (src) s = load_scenario(src, d);
  if (s) steps = run_scenario(*s, engine, d);
  err << d.str();  // errors, or warnings
  if (!steps) return kExitInput;
  if (o.format == "markdown") {
    out << handout_markdown(*s, *steps);
    return kExitOk;
  }
  const bool color = use_color(o.color);
  // Waiting for Enter makes sense only when someone can press it: not when stdin is a pipe
  // or a file (a script, CI), which would hang or race through the prompts.
  const bool interactive = !o.no_pause && ::isatty(STDIN_FILENO);
  out << bold(color, s->title) << "\n" << std::string(s->title.size() < 70 ? s->title.size() : 70, '=') << "\n\n";
  if (!s->briefing.empty()) out << bold(color, "Briefing") << "\n" << s->briefing << (s->briefing.back() == '\n' ? "" : "\n") << "\n";
  if (interactive) pause(in, out, "[Enter to begin]");
  for (std::size_t k = 0; k < steps->size(); ++k) {
    const Step& step = s->steps[k];
    const StepOutcome& so = (*steps)[k];
    out << "\n" << bold(color, "Step " + std::to_string(k + 1) + " of " + std::to_string(steps->size()) + ": " + step.title) << "\n";
    if (!step.changed.empty()) {
      out << "What changes:\n";
      for (const auto& c : step.changed) out << "  - " << c << "\n";
    }
    out << "Proposal: " << describe_proposal(*so.engine, so.proposal) << "\n\n";
    if (o.reveal && interactive) pause(in, out, "[Enter to reveal the decision]");
    out << render_text(*so.engine, so.proposal, so.answer, {false, color});
    if (!step.debrief.empty()) out << "\n" << bold(color, "Debrief: ") << step.debrief << "\n";
    for (std::size_t q = 0; q < step.questions.size(); ++q) out << "  Q" << q + 1 << ". " << step.questions[q] << "\n";
    if (interactive && k + 1 < steps->size()) pause(in, out, "\n[Enter for the next step]");
  }
  if (!s->debrief.empty()) out << "\n" << bold(color, "Debrief") << "\n" << s->debrief << (s->debrief.back() == '\n' ? "" : "\n");
  for (std::size_t q = 0; q < s->questions.size(); ++q) out << "  Q" << q + 1 << ". " << s->questions[q] << "\n";
  return kExitOk;
}

}  // namespace accord
