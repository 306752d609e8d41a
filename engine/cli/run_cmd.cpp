// accord run: plays an exercise for a class, step by step (text), asking at each decision
// point which option the class takes (or taking --choose), or writes a printable handout
// for trainees or the instructor (markdown, html).
#include <algorithm>
#include <istream>
#include <ostream>

#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "report/report.h"
#include "report/summary.h"
#include "scenario/handout.h"
#include "scenario/scenario.h"

namespace accord::internal {

namespace {

std::string bold(bool color, const std::string& s) { return color ? "\033[1m" + s + "\033[0m" : s; }

void pause(std::istream& in, std::ostream& out, const char* prompt) {
  out << prompt << std::flush;
  std::string line;
  std::getline(in, line);
}

void block(std::ostream& out, bool color, const char* heading, const std::string& text) {
  if (!text.empty()) out << bold(color, heading) << "\n" << text << (text.back() == '\n' ? "" : "\n");
}

// The class's choice at a decision point, typed as a number or an option id; the first option
// when the input ends.
std::string ask(std::istream& in, std::ostream& out, const Branch& b) {
  for (int tries = 0; tries < 20; ++tries) {
    out << "Choose 1-" << b.options.size() << ": " << std::flush;
    std::string line;
    if (!std::getline(in, line)) break;
    for (std::size_t k = 0; k < b.options.size(); ++k)
      if (line == std::to_string(k + 1) || line == b.options[k].id) return b.options[k].id;
    out << "'" << line << "' is not one of the options\n";
  }
  return b.options.front().id;
}

}  // namespace

int cmd_run(const RunOptions& o, std::istream& in, std::ostream& out, std::ostream& err) {
  if (!o.handout.empty() && o.format == "text") {
    err << "error: a handout is written as --format markdown or --format html\n";
    return kExitUsage;
  }
  std::shared_ptr<const Engine> engine = load_engine(o.rules, err);
  if (!engine) return kExitInput;
  Diagnostics d;
  auto src = SourceFile::read(o.file, d);
  std::optional<Scenario> s;
  std::optional<std::vector<Path>> all;
  if (src) s = load_scenario(src, d);
  if (s) all = scenario_paths(*s, d);
  std::vector<std::string> choices = o.choose;
  Path path;
  if (all) {
    if (std::string e = choose_path(*s, choices, path); !e.empty()) {
      err << "error: --choose: " << e << "\n";
      return kExitUsage;
    }
  }
  // Every path is played (and so checked) even when one is shown: the file's errors are the
  // same whichever way the class goes.
  std::optional<std::vector<PlayedPath>> played;
  if (all) played = play_paths(*s, *all, engine, d);
  err << d.str();  // errors, or warnings
  if (!played) return kExitInput;

  if (o.format != "text") {
    HandoutOptions h;
    h.kind = o.handout == "trainee" ? HandoutKind::Trainee : HandoutKind::Instructor;
    h.format = o.format == "html" ? HandoutFormat::Html : HandoutFormat::Markdown;
    h.paper = o.paper == "letter" ? Paper::Letter : Paper::A4;
    if (!o.choose.empty()) *played = {played_path(*played, path)};
    out << render_handout(*s, *played, h);
    return kExitOk;
  }
  const bool color = use_color(o.color);
  // Waiting for Enter makes sense only when someone can press it: not when stdin is a pipe
  // or a file (a script, CI), which would hang or race through the prompts.
  const bool interactive = !o.no_pause && ::isatty(STDIN_FILENO);
  out << bold(color, s->title) << "\n" << std::string(s->title.size() < 70 ? s->title.size() : 70, '=') << "\n\n";
  if (!s->audience.empty() || s->duration > 0)
    out << (s->audience.empty() ? "" : "For " + s->audience) << (!s->audience.empty() && s->duration > 0 ? " · " : "")
        << (s->duration > 0 ? format_duration(s->duration) : "") << "\n\n";
  if (!s->objectives.empty()) {
    out << bold(color, "Objectives") << "\n";
    for (const auto& x : s->objectives) out << "  - " << x << "\n";
    out << "\n";
  }
  if (!s->roles.empty()) {
    out << bold(color, "Teams") << "\n";
    const auto parties = role_parties(*engine, *s);
    for (std::size_t r = 0; r < s->roles.size(); ++r)
      out << "  " << s->roles[r].team << ": " << party_words(engine->tables(), parties[r]) << "\n";
    out << "\n";
  }
  block(out, color, "Briefing", s->briefing);
  if (!s->briefing.empty()) out << "\n";
  if (interactive) pause(in, out, "[Enter to begin]");
  const std::vector<StepOutcome>* outcomes = &played_path(*played, path).outcomes;
  std::size_t decided = 0;  // decision points met so far
  for (std::size_t k = 0; k < path.steps.size(); ++k) {
    const Step& step = *path.steps[k];
    const StepOutcome& so = (*outcomes)[k];
    // "of 4–5": how many steps the paths still open at this step have.
    std::size_t fewest = path.steps.size(), most = path.steps.size();
    for (const Path& p : *all)
      if (p.steps.size() > k && std::equal(p.steps.begin(), p.steps.begin() + static_cast<long>(k) + 1, path.steps.begin()))
        fewest = std::min(fewest, p.steps.size()), most = std::max(most, p.steps.size());
    const std::string of = std::to_string(fewest) + (most > fewest ? "–" + std::to_string(most) : "");
    std::string head = "Step " + std::to_string(k + 1) + " of " + of + ": " + step.title;
    out << "\n" << bold(color, head) << "\n";
    if (step.time >= 0 || !step.channel.empty())
      out << (step.time >= 0 ? "Exercise clock " + format_clock(step.time) : "")
          << (step.channel.empty() ? "" : (step.time >= 0 ? " · arrives by " : "Arrives by ") + step.channel) << "\n";
    if (!so.changes.empty()) {
      out << "What changes:\n";
      for (const auto& c : so.changes) out << "  - " << c << "\n";
    }
    out << "Proposal: " << describe_proposal(*so.engine, so.proposal) << "\n\n";
    // With --reveal the class discusses the questions first, then sees the decision.
    auto questions = [&] {
      for (std::size_t q = 0; q < step.questions.size(); ++q) out << "  Q" << q + 1 << ". " << step.questions[q] << "\n";
    };
    if (o.reveal) questions();
    if (o.reveal && interactive) pause(in, out, "[Enter to reveal the decision]");
    out << render_text(*so.engine, so.proposal, so.answer, {false, color});
    if (!step.debrief.empty()) out << "\n" << bold(color, "Debrief: ") << step.debrief << "\n";
    if (!o.reveal) questions();
    if (step.branch) {
      const Branch& b = *step.branch;
      out << "\n" << bold(color, "Decision point: ") << b.prompt << "\n";
      for (std::size_t i = 0; i < b.options.size(); ++i) out << "  " << i + 1 << ". " << b.options[i].label << " (" << b.options[i].id << ")\n";
      // The class decides here unless --choose did; the rest of the path follows the choice.
      if (decided >= o.choose.size() && interactive) {
        choices.resize(decided);
        choices.push_back(ask(in, out, b));
        choose_path(*s, choices, path);
        outcomes = &played_path(*played, path).outcomes;
      }
      out << "→ " << path.choices[decided]->label << (decided < o.choose.size() || interactive ? "" : " (the first option; take another with --choose)") << "\n";
      ++decided;
    }
    if (interactive && k + 1 < path.steps.size()) pause(in, out, "\n[Enter for the next step]");
  }
  if (!s->debrief.empty()) out << "\n";
  block(out, color, "Debrief", s->debrief);
  for (std::size_t q = 0; q < s->questions.size(); ++q) out << "  Q" << q + 1 << ". " << s->questions[q] << "\n";
  return kExitOk;
}

}  // namespace accord::internal
