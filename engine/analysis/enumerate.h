// The representative proposals of a rule set (docs/analysis.md): for every action, every
// date epoch, every combination of the field values that the action's clauses can tell apart
// and every combination of stances of the parties whose position they ask for. `lint` runs
// decide() on each to analyse one rule set; `diff` runs two rule sets on each to compare them,
// over a domain cut from both (analysis/rule_diff.h). One enumeration serves both: what differs
// is the ProposalDomain, which says which actions, dates, parties, sites and values to try.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "compile/engine.h"
#include "env/proposal.h"

namespace accord::internal {

// Why an enumeration stopped before its end.
enum class LintStop { none, proposals, time };

struct LintStats {
  std::size_t proposals = 0;  // representative proposals decided
  std::size_t epochs = 0;
  LintStop stopped = LintStop::none;  // the findings are incomplete unless none
};

// Bounds on one run: packs with many parties, fields and positions can have more
// representative proposals than a run should try.
struct LintLimits {
  std::size_t max_proposals = 20'000'000;
  double seconds = 60;  // wall-clock budget for the enumeration
};

// What the enumeration tries, in the ids of engine(). The default (one rule set) is what lint
// uses: everything cut from that rule set alone.
class ProposalDomain {
 public:
  explicit ProposalDomain(const Engine& e) : e_(e) {}
  virtual ~ProposalDomain() = default;
  const Engine& engine() const { return e_; }
  // Epoch starts: a proposal is tried on each.
  virtual std::vector<Date> dates() const;
  // The actions tried, in this order.
  virtual std::vector<SymId> actions() const;
  // What the clauses that can apply to `action` observe (positions, integers, sites' attributes).
  virtual Mentions mentions(SymId action) const;
  // The fields (bits over Tables::fields) whose value can change a decision on `action`.
  virtual std::uint64_t observed(SymId action) const;
  // The fields `action` takes that the enumeration must leave absent (diff: a field one side
  // does not have); 0 by default.
  virtual std::uint64_t absent(SymId action) const;
  // One representative per class of parties (`per_class` of each) and of sites on `d`.
  virtual std::vector<SymId> parties(SymId action, const Mentions& m, Date d, int per_class) const;
  virtual std::vector<SymId> sites(SymId action, const Mentions& m, Date d) const;
  // The values tried for a string field (its declared values by default).
  virtual std::vector<SymId> values(const Field& f) const;

 private:
  const Engine& e_;
};

// A part of the enumeration: one action's proposals on the epochs [date_begin, date_end) of
// domain.dates(), so that parts can be enumerated on several threads and their results put
// back together in order.
struct EnumerationSlice {
  SymId action = kNone;
  std::size_t date_begin = 0, date_end = 0;
};

// Calls `visit` on every representative proposal of `domain` (built in the ids of
// domain.engine()), or of one slice of it, until the end or a limit. `visit` may not keep
// the proposal.
LintStats enumerate(const ProposalDomain& domain, const LintLimits& limits, const std::function<void(const Proposal&)>& visit,
                    const EnumerationSlice* slice = nullptr);

// The slices of the whole enumeration, in the order enumerate() meets them: each action on
// each epoch.
std::vector<EnumerationSlice> enumeration_slices(const ProposalDomain& domain);

// Enumerates every slice on up to `threads` threads: `visit(thread, slice, proposal)`, with
// `thread` in [0, threads) and `slice` an index into enumeration_slices(). A thread takes its
// slices in increasing order, so what a thread sees first it sees at its earliest; results
// kept per slice and put back together in slice order do not depend on the threads. The
// limits are shared: a slice gets the time and proposals the others left, and once a slice
// stops (or the time is up before one starts) no further slice starts.
LintStats enumerate_in_slices(const ProposalDomain& domain, const LintLimits& limits, unsigned threads,
                              const std::function<void(unsigned thread, std::size_t slice, const Proposal&)>& visit);

}  // namespace accord::internal
