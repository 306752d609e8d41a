// Scenario exercises (docs/exercises.md): a briefing, a base proposal, then steps that each change only
// what they name (proposal fields, stances, readings, facts for the rest of the exercise),
// with an expected decision and a debrief. A step may end with a decision point whose options
// lead to different steps: an exercise is a tree, played one path at a time. Trainers play
// them with `accord run`; `accord test` checks every expectation on every path, so the same
// files are the project's behaviour tests.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "load/yaml_tree.h"

#include "compile/engine.h"
#include "core/diagnostics.h"
#include "decide/cases.h"
#include "env/proposal.h"
#include "model/rules.h"

namespace accord::internal {

// A change to the facts from a step on: a party joins or leaves an organization on a date,
// or its membership takes a status (e.g. frozen) from a date.
struct FactChange {
  enum class Kind { Join, Leave, Status } kind = Kind::Join;
  std::string org, party, status;
  Date date = 0;
  Loc loc;
};

struct Expectation {
  bool present = false;
  Loc loc;  // the `expect` node
  std::optional<Verdict> decision;
  std::optional<std::string> headline;  // a headline key: no_clause, needs_no_objection, ...
  std::optional<std::vector<std::string>> vetoed_by, pending, prohibited_by, clauses, obligations;
  // Obligation clause id -> the parties it must bind (exact set).
  std::vector<std::pair<std::string, std::vector<std::string>>> binds;
  std::vector<std::pair<std::string, Loc>> ids;  // every clause id named, with its position
  std::vector<std::pair<std::string, Loc>> parties;  // every party named, with its position
};

struct Step;

// One option of a decision point: the words the class sees, a short id (for `--choose` and
// test reports) and the steps it leads to; the path then goes on after the branching step.
struct Option {
  std::string id, label, instructor_notes;
  std::vector<Step> steps;
  Loc loc;
};

// "The class decides whether Kazakhstan objects": a prompt and two or more options.
struct Branch {
  std::string prompt;
  std::vector<Option> options;
  Loc loc;
};

// Which team plays which states (live role-play rooms, the handouts).
struct Role {
  std::string team, brief;
  std::vector<std::pair<std::string, Loc>> plays;  // parties as written, checked against the rules
  Loc loc;
};

struct Step {
  std::string title, debrief, channel, instructor_notes;
  int time = -1;  // minutes on the exercise clock ("0:15"); -1: not given
  std::vector<std::string> questions;
  yaml::Node changes;  // the step's mapping; proposal fields in it are applied
  std::vector<FactChange> facts;
  std::vector<std::pair<std::string, std::string>> readings;  // clause id -> reading
  std::vector<Loc> reading_locs, reading_value_locs;  // the clause id, the reading name
  Expectation expect;
  std::optional<Branch> branch;  // a decision point at the end of the step
  Loc loc;
};

struct Scenario {
  SourceRef file;
  std::string id, title, briefing, debrief, audience, instructor_notes;
  int duration = 0;  // minutes; 0: not given
  std::vector<std::string> questions, objectives;
  std::vector<Role> roles;
  yaml::Node base;
  std::vector<Step> steps;
  bool broken = false;  // a step had errors (reported): played for more errors, never passed
};

// Reads a scenario file; structure errors are reported with positions. Field names and
// values are checked later, against the rules, by run_scenario.
std::optional<Scenario> load_scenario(const SourceRef& file, Diagnostics& diags);

// One way through an exercise: its steps in play order and the option taken at each decision
// point met on the way. An exercise without decision points has one path, the steps.
struct Path {
  std::vector<const Step*> steps;
  std::vector<const Option*> choices;
  // "kaz-objects/rus-silent": the ids of the options taken; empty for the one path of an
  // exercise without decision points.
  std::string name() const;
};

// Every path through the exercise, in file order (the first options first). At most
// kMaxPaths: beyond it, an error at the decision point that exceeded it.
inline constexpr std::size_t kMaxPaths = 256;
std::optional<std::vector<Path>> scenario_paths(const Scenario& s, Diagnostics& diags);

// The path that takes, at the k-th decision point met, option choices[k] (an option id or a
// 1-based number); decision points past the end of `choices` take their first option.
// Returns an error message (empty on success).
std::string choose_path(const Scenario& s, const std::vector<std::string>& choices, Path& out);

// Time on the exercise clock: "0:15", "1:05". A session's length: "45 min", "1 h 30 min".
std::string format_clock(int minutes);
std::string format_duration(int minutes);

struct StepOutcome {
  std::shared_ptr<const Engine> engine;  // the rules as of this step (facts may have changed)
  Proposal proposal;
  Answer answer;  // the decision, case by case if it depends on fields the proposal leaves out
  const Decision& decision() const { return answer.decision(); }
  DecideOptions options;  // the readings in force at this step
  // What this step changes, in words, with names: "Russia (RUS) objects", "date: 2014-06-01",
  // "Uzbekistan (UZB) leaves CSTO on 2012-12-19".
  std::vector<std::string> changes;
  std::vector<std::string> mismatches;  // empty: the expectation holds (or there is none)
};

// Plays the steps of `path` against `rules`. Bad fields, parties, clause ids, fact changes,
// role parties are reported (positioned) and nothing is returned. Playing several paths into
// the same `diags` reports an error of a shared step once (Diagnostics drops repeats).
std::optional<std::vector<StepOutcome>> run_path(const Scenario& s, const Path& path,
                                                 std::shared_ptr<const Engine> rules, Diagnostics& diags);

// The parties each role plays, as party ids of `e` (checked by run_path).
std::vector<Bits> role_parties(const Engine& e, const Scenario& s);

// "needs_consent (needs_consent); pending [ARM, BLR]; clauses [id (status), ...]" — what a step produced.
std::string summarize(const Engine& e, const Answer& a);
// "decision vetoed, vetoed_by [RUS]" — what an expectation asks for.
std::string describe(const Expectation& x);

}  // namespace accord::internal
