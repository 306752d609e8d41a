// Scenario exercises (docs/exercises.md): a briefing, a base proposal, then steps that each change only
// what they name (proposal fields, stances, readings, facts for the rest of the exercise),
// with an expected decision and a debrief. Trainers play them with `accord run`; `accord test`
// checks every expectation, so the same files are the project's behaviour tests.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "compile/engine.h"
#include "core/diagnostics.h"
#include "decide/cases.h"
#include "eval/proposal.h"
#include "load/model.h"

namespace accord {

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

struct Step {
  std::string title, debrief;
  std::vector<std::string> questions;
  YAML::Node changes;  // the step's mapping; proposal fields in it are applied
  std::vector<FactChange> facts;
  std::vector<std::pair<std::string, std::string>> readings;  // clause id -> reading
  std::vector<Loc> reading_locs, reading_value_locs;  // the clause id, the reading name
  std::vector<std::string> changed;  // "date: 2013-01-15", "RUS: object", ... for the run
  Expectation expect;
  Loc loc;
};

struct Scenario {
  SourceRef file;
  std::string id, title, briefing, debrief;
  std::vector<std::string> questions;
  YAML::Node base;
  std::vector<Step> steps;
  bool broken = false;  // a step had errors (reported): played for more errors, never passed
};

// Reads a scenario file; structure errors are reported with positions. Field names and
// values are checked later, against the rules, by run_scenario.
std::optional<Scenario> load_scenario(const SourceRef& file, Diagnostics& diags);

struct StepOutcome {
  std::shared_ptr<const Engine> engine;  // the rules as of this step (facts may have changed)
  Proposal proposal;
  Answer answer;  // the decision, case by case if it depends on fields the proposal leaves out
  const Decision& decision() const { return answer.decision(); }
  std::vector<std::string> mismatches;  // empty: the expectation holds (or there is none)
};

// Plays every step against `rules`. Bad fields, parties, clause ids, fact changes are
// reported (positioned) and nothing is returned.
std::optional<std::vector<StepOutcome>> run_scenario(const Scenario& s,
                                                     std::shared_ptr<const Engine> rules,
                                                     Diagnostics& diags);

// "needs_consent (needs_consent); pending [ARM, BLR]; clauses [id (status), ...]" — what a step produced.
std::string summarize(const Engine& e, const Answer& a);
// "decision vetoed, vetoed_by [RUS]" — what an expectation asks for.
std::string describe(const Expectation& x);

}  // namespace accord
