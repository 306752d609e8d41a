// `accord diff`: what a rule change changes, decision by decision. Both rule sets decide the
// same representative proposals — lint's enumeration (analysis/enumerate.h) over a domain cut
// from both sides: the actions, parties, sites and values both have, the date epochs of both
// merged, parties and sites in one class only when both sides treat them alike — and every
// class whose decision differs (verdict, who vetoes, who is pending, what prohibits, who is
// bound, which clauses decide and how) is reported, grouped by what changed
// (docs/analysis.md, "accord diff").
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "analysis/enumerate.h"
#include "compile/engine.h"
#include "core/diagnostics.h"

namespace accord::internal {

// A side's decision of a group's example, for JSON: parties as codes, clauses as ids.
struct DiffSideDecision {
  std::string verdict, headline;  // "needs_consent", "needs_no_objection"
  std::vector<std::string> vetoed_by, pending, prohibited_by;
  std::vector<std::pair<std::string, std::vector<std::string>>> obligations;  // clause id -> bound parties
  std::vector<std::pair<std::string, std::string>> clauses;                   // clause id -> status
};

// Proposals whose decision changes in the same way, on one or more date ranges.
struct DiffGroup {
  std::string action;
  // Each field the clauses read, with the classes of its value in the group, in words ("a
  // member of CSTO", "Uzbekistan (UZB)", "none").
  std::vector<std::pair<std::string, std::vector<std::string>>> fields;
  std::vector<std::pair<Date, Date>> dates;  // [from, to), to = kDateMax when open-ended
  std::string old_headline, new_headline;    // "NEEDS NO OBJECTION"
  // One plain sentence, from the group's example: "decided by CSTO Charter, Art. 7
  // (consultation) instead of Protocol (2011), Art. 1 (no objection): none of them can block
  // it any more". Empty when the change is not one of requirement.
  std::string summary;
  // One line per clause whose part changed: "Protocol (2011), Art. 1 (id): pending, no
  // objection from 5 parties → does not apply".
  std::vector<std::string> changes;
  std::vector<std::string> clauses;  // the ids of those clauses, sorted
  std::string replay_old, replay_new;  // `accord check ...` without --rules
  DiffSideDecision old_decision, new_decision;
  std::size_t proposals = 0;  // representative proposals in the group
  std::vector<std::size_t> epochs;  // internal: epoch indices seen
  // The allow-file entry that matches this group: "basing 2012-12-19.. csto-.../art_1".
  std::string allow_entry() const;
  // "from 2012-12-19", "2012-12-19 to 2013-12-18", joined with ", ".
  std::string date_words() const;
};

struct DiffResult {
  std::vector<DiffGroup> groups;
  // What the comparison could not compare, one sentence each ("action 'blockade' is only in
  // NEW: its proposals were not compared").
  std::vector<std::string> not_compared;
  std::size_t proposals = 0, changed = 0, epochs = 0, actions = 0;
  LintStop stopped = LintStop::none;
  std::size_t old_clauses = 0, new_clauses = 0;
};

// Decides every representative proposal of the domain both rule sets share under each, and
// groups the classes whose decision differs. Names in the groups are NEW's. `threads` workers
// share the enumeration; the result is the same for any number. The proposal cap of `limits`
// is checked between slices (an action on one epoch), so a run can pass it by one slice.
DiffResult diff_rules(const Engine& old_rules, const Engine& new_rules, const LintLimits& limits = {}, unsigned threads = 1);

// The allow file (docs/cli.md, "accord diff"): one expected change per line,
// `ACTION DATES CLAUSE` (each may be `*`; DATES is `D`, `D..`, `..E` or `D..E`), or
// `vocabulary` (every difference of vocabulary is expected); `#` starts a comment.
struct AllowEntry {
  std::string action, clause;
  Date from = kDateMin, to = kDateMax;  // the group's dates must lie in [from, to]
  bool point = false;                   // `D`: the group's dates must include from
  bool vocabulary = false;
  std::string text;
  SourcePos pos;
};
// Parses the allow file; errors are reported as `path:line:col: error: ...`.
std::vector<AllowEntry> parse_allow(const SourceFile& file, Diagnostics& diags);
bool allows(const AllowEntry& a, const DiffGroup& g);

// A scenario expectation that holds under one side and not under the other (or a scenario
// that plays under one side only).
struct ScenarioFlip {
  SourcePos pos;      // the `expect` (or the file, when it does not play)
  std::string where;  // "step 3 \"Russia objects\"" (and " on path kaz-objects")
  bool old_holds = false, new_holds = false;
  std::string detail;  // the mismatches under the side where it fails, or why it does not play
};

// Everything `accord diff` prints, and how to name the two sides.
struct DiffReport {
  const DiffResult* result = nullptr;
  std::string old_label, new_label;      // "rules/", "rules/ at git revision HEAD~1"
  std::string old_rules, new_rules;      // " --rules DIR" for the replay commands
  std::string old_replay_note;           // put before OLD's commands ("(rules/ at HEAD~1) ") when its rules are not on disk
  std::vector<ScenarioFlip> flips;
  std::size_t scenario_files = 0, expectations = 0;
  bool scenarios_run = false;
  // With an allow file: per group, whether an entry allows it; per entry, whether it matched.
  std::vector<bool> group_allowed;
  bool vocabulary_allowed = false;
  std::vector<const AllowEntry*> unused_entries;
  // Does the run fail (exit 3)? A change no allow entry expects, or any with expect_no_change.
  bool fails() const;
  bool empty() const;  // nothing changed, nothing left out, no expectation flips
};

std::string render_diff_text(const DiffReport& r);
std::string render_diff_markdown(const DiffReport& r);
std::string render_diff_json(const DiffReport& r);  // one line, newline-terminated

}  // namespace accord::internal
