// "It depends": answers for proposals that leave out fields the clauses read. A field left
// out is unknown, not false: when the clauses that can apply to the action read it and its
// values can be listed (bool, string with values, site) or quantified (party: one
// representative of each class of parties the rules tell apart), the proposal is decided once
// per combination of values, by the real decide(), and the cases are grouped by outcome.
// Like partial evaluation in Cedar or OPA, but the residue is a short list of cases in the
// user's words rather than a residual policy.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "decide/decide.h"

namespace accord::internal {

// Most combinations of unknown values decided for one proposal.
inline constexpr std::size_t kMaxCases = 4096;

struct Answer {
  struct Case {
    std::vector<std::int64_t> values;  // one per Answer::unknown field
    Decision decision;
  };
  std::vector<std::uint16_t> unknown;  // fields (indices into Tables::fields) left out and read
  std::vector<bool> matters;           // per unknown field: some cases differ only in it and decide differently
  std::vector<Case> cases;             // the first `count` are in use (the rest kept for reuse)
  std::size_t count = 0;
  std::vector<std::vector<std::uint32_t>> groups;  // cases with the same outcome, in case order
  // Working state of decide_answer, kept so that answering many proposals stops allocating.
  struct Scratch {
    Proposal proposal;                              // the proposal of the case being decided
    std::vector<std::vector<std::int64_t>> values;  // per unknown field: the values it can take
    std::vector<std::size_t> pick, group_of;
  } scratch;

  const Decision& decision() const { return cases[0].decision; }
  // More than one outcome: the answer depends on the unknown fields.
  bool depends() const { return groups.size() > 1; }
  // The most restrictive verdict over the cases (the verdict itself when nothing depends).
  Verdict verdict() const;
};

// The fields of `p` that are unknown: allowed for its action, not given, read by a clause that
// can apply to the action, and of a type whose values can be enumerated.
std::uint64_t unknown_fields(const Engine& e, const Proposal& p);

// Decides `p`, case by case when it has unknown fields. `out` is reused (no allocation once
// warm for complete proposals). Returns an error message (empty on success) when there are
// more than kMaxCases combinations.
std::string decide_answer(const Engine& e, const Proposal& p, const DecideOptions& opts, Answer& out);

// The proposal of case `k`: `p` with the case's values filled in.
Proposal case_proposal(const Engine& e, const Proposal& p, const Answer& a, std::size_t k);

// A value of an unknown field of `p` in words: the schema's label for it when there is one
// ("the arms were supplied at the supplier's domestic price"), else "domestic_price is
// true"; a party as its class on the proposal's date ("recipient is a member of CSTO") or as
// the party another field names ("recipient is the same party as supplier (Russia)").
std::string describe_value(const Engine& e, const Proposal& p, std::uint16_t field, std::int64_t value);

}  // namespace accord::internal
