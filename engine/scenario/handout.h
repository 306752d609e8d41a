// An exercise on paper: `accord run --handout trainee|instructor --format markdown|html` and
// the workbench's downloads.
//
//  * trainee: the briefing, objectives, roles, each inject (time, channel, what changes, the
//    proposal in names), the questions with space for answers, and the decision points with
//    their options. No decision, debrief or instructor note anywhere.
//  * instructor: all of that, and for each step the decision, its plain summary, the deciding
//    clauses with their quotes, the tally of positions, what would change the outcome (the
//    swing parties of `accord whatif`), the debrief and the instructor notes. A clause that
//    applies exactly as in the step before is listed in one line, not quoted again.
//
// Without a chosen path the handout follows every path: the steps shared by several paths
// once, then each option's steps under "If the class chooses ...". HTML is one
// self-contained file with print CSS (each step starts a page).
#pragma once
#include <string>
#include <vector>

#include "scenario/scenario.h"

namespace accord::internal {

enum class HandoutKind { Trainee, Instructor };
enum class HandoutFormat { Markdown, Html };
enum class Paper { A4, Letter };

struct HandoutOptions {
  HandoutKind kind = HandoutKind::Instructor;
  HandoutFormat format = HandoutFormat::Markdown;
  Paper paper = Paper::A4;
};

// One path played: its steps and their outcomes (run_path).
struct PlayedPath {
  Path path;
  std::vector<StepOutcome> outcomes;
};

// The path of `played` (all of an exercise's paths, from play_paths) that takes the steps of `p`.
const PlayedPath& played_path(const std::vector<PlayedPath>& played, const Path& p);

std::string render_handout(const Scenario& s, const std::vector<PlayedPath>& paths, const HandoutOptions& o);

// Plays `paths` (all of an exercise's, or the one chosen); nothing when the file has errors
// (reported once each in `d`).
std::optional<std::vector<PlayedPath>> play_paths(const Scenario& s, const std::vector<Path>& paths,
                                                  std::shared_ptr<const Engine> engine, Diagnostics& d);

}  // namespace accord::internal
