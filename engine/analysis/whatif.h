// `accord whatif`: what would change the outcome of a proposal. Every answer is computed by
// running the real decide() on a changed proposal, never inferred from the rules' text:
//
//  * swing parties: each party whose single change of position (to consent, object, abstain
//    or no position) changes the decision, and to what; what happens if every party still
//    awaited takes the same position; for `majority` clauses, the smallest coalitions of the
//    parties still awaited that carry or block it;
//  * timeline: the decision for the same proposal on every date where something it depends on
//    changes (clause windows, memberships and statuses), as date ranges, each boundary
//    labelled with what happens on it;
//  * readings: the contested-reading forks of the decision itself.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "compile/engine.h"
#include "decide/cases.h"
#include "report/summary.h"

namespace accord::internal {

class JsonWriter;

struct WhatIfOutcome {
  Verdict verdict = Verdict::Permitted;
  Headline headline = Headline::NoClause;
};

struct Swing {
  SymId party = kNone;
  Position to = Position::None;
  WhatIfOutcome outcome;
};

struct Coalition {
  std::uint32_t clause = 0;
  Bits among;               // the parties still awaited
  unsigned carry = 0;       // how many of them consenting carry the clause
  unsigned block = 0;       // how many of them objecting or abstaining block it
  WhatIfOutcome carried, blocked;  // the decision once carried / blocked (by the first ones)
};

struct Segment {
  Date from = 0, to = kDateMax;  // [from, to); kDateMax: open-ended
  WhatIfOutcome outcome;
  std::vector<std::uint32_t> deciding;  // clauses that applied (not set aside), in rule order
  bool depends = false;
};

struct BoundaryEvent {
  Date date = 0;
  std::vector<std::string> events;  // "Uzbekistan leaves CSTO", "Protocol (2011), Art. 1 takes effect"
};

struct WhatIf {
  Answer now;
  std::vector<Swing> swings;
  std::vector<std::pair<Position, WhatIfOutcome>> all_pending;  // every awaited party takes this position
  Bits awaited;
  std::vector<Coalition> coalitions;
  std::vector<Segment> timeline;
  std::vector<BoundaryEvent> boundaries;  // one per segment after the first
};

struct WhatIfRange {
  std::optional<Date> from, to;  // default: from the first date where anything changes, open-ended
};

// Runs the analysis. Returns an error message (empty on success) when a case split is too big.
std::string what_if(const Engine& e, const Proposal& p, const DecideOptions& opts, const WhatIfRange& range,
                    WhatIf& out);

// The "Positions" part of the report, one line each: "Russia (RUS) objects → VETOED",
// "if all of Armenia and Belarus consent → PERMITTED", coalitions of `majority` clauses;
// first "No single party's change of position changes the decision." when none does.
std::vector<std::string> position_changes(const Engine& e, const WhatIf& w);
std::string render_whatif_text(const Engine& e, const Proposal& p, const WhatIf& w, bool color);
void render_whatif_json(const Engine& e, const Proposal& p, const WhatIf& w, std::string& out);

}  // namespace accord::internal
