// `accord lint`: exhaustive analysis of loaded rule packs over their finite domain.
//
// A proposal is an action, a date and field values. The rules can only tell values apart
// in finitely many ways: dates by the epochs where a membership, a status, a clause window or
// a date literal changes; parties by what the rules observe of them on that date (membership
// and status in each organization, being a state or an organization, being named by a
// literal); sites, bools and string fields by their finite values; positions by the four
// stances. Lint enumerates one representative proposal per class (docs/analysis.md argues
// why that covers every proposal) and runs the real decide() on each, so what it reports is
// what `accord check` would decide — each finding carries a proposal that shows it.
#pragma once
#include <string>
#include <vector>

#include "compile/engine.h"
#include "core/diagnostics.h"

namespace accord {

struct LintStats {
  std::size_t proposals = 0;  // representative proposals decided
  std::size_t epochs = 0;
  bool truncated = false;     // the enumeration hit kMaxLintProposals
};

// Upper bound on proposals decided by one lint run.
inline constexpr std::size_t kMaxLintProposals = 20'000'000;

// Appends findings (warnings and infos, positioned at the clause) to `out`.
LintStats lint(const Engine& engine, Date today, Diagnostics& out);

}  // namespace accord
