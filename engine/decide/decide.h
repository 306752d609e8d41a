// Decide: which clauses apply to a proposal on its date, what each requires (consent rules
// over the stated positions), which are set aside by overrides, and the combined decision on
// the lattice prohibited > vetoed > needs_consent > permitted. Also, for clauses with
// contested readings, whether another reading would change the decision.
#pragma once
#include <cstdint>
#include <vector>

#include "compile/engine.h"
#include "env/proposal.h"

namespace accord::internal {

enum class Verdict : std::uint8_t { Permitted, NeedsConsent, Vetoed, Prohibited };
enum class ClauseStatus : std::uint8_t { Permitted, Satisfied, Pending, Vetoed, Prohibited, Obligation, SetAside, Noted };
const char* verdict_name(Verdict v);        // "permitted", "needs_consent", ...
const char* clause_status_name(ClauseStatus s);

struct ClauseResult {
  std::uint32_t clause = 0;
  std::uint8_t reading = 0;
  ClauseStatus status = ClauseStatus::Permitted;
  Bits required, consented, objected, abstained, pending;  // consent clauses
  Bits blocking;  // who vetoed: the objectors (and, for majority/any, the abstainers)
  Bits binds;                                              // obligations
  std::int32_t set_aside_by = -1;
};

// Another reading of an applying clause that would change the decision: now, with the
// positions as stated, or once the parties still pending object (consultation vs agreement
// readings give the same decision while nobody has spoken, but only one lets them block).
struct ReadingFork {
  std::uint32_t clause;
  std::uint8_t reading;      // the alternative reading
  Verdict verdict;           // the decision under it, positions as stated
  Bits if_objecting;         // pending parties whose objection would split the readings
  Verdict verdict_if_objecting = Verdict::Permitted;      // ... under the reading used
  Verdict alt_verdict_if_objecting = Verdict::Permitted;  // ... under the alternative
};

struct Decision {
  Date as_of = 0;
  Verdict verdict = Verdict::Permitted;
  std::vector<ClauseResult> clauses;  // applying clauses, in rule order
  Bits vetoed_by, pending;
  std::vector<std::uint32_t> prohibited_by;  // clause indices
  std::vector<std::uint32_t> obligations;    // indices into `clauses`
  std::vector<ReadingFork> forks;
  std::vector<std::int32_t> scratch;  // per-clause working state (reset by each call), kept for reuse
  std::uint8_t words = 0;  // the words of party sets decide() has written (see decide.cpp)
};

struct DecideOptions {
  // Per clause: the reading to use, or -1 for its default. Empty: defaults everywhere.
  std::vector<std::int16_t> readings;
};

// Decides `p` (its date is the as-of date). `out` is reused: its vectors keep their capacity,
// so deciding many proposals in a loop allocates nothing once warmed up.
void decide(const Engine& engine, const Proposal& p, const DecideOptions& opts, Decision& out);

// Stated positions, as bitsets of parties (pointed to, not copied, on the hot path).
struct Stances {
  const Bits* consented;
  const Bits* objected;
  const Bits* abstained;
};

// The status a consent rule gives, from the parties required and the stated positions.
ClauseStatus consent_status(ConsentRule rule, const Bits& required, const Stances& s,
                            ClauseResult& out);

// One CLAUSE_ID=NAME reading, resolved against the loaded clauses into `opts`; the problem
// (an unknown clause or reading, with a suggestion) or empty.
std::string resolve_reading(const Engine& e, const std::string& spec, DecideOptions& opts);

}  // namespace accord::internal
