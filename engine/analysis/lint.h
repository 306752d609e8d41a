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

namespace accord::internal {

// Why an enumeration stopped before its end.
enum class LintStop { none, proposals, time };

struct LintStats {
  std::size_t proposals = 0;  // representative proposals decided
  std::size_t epochs = 0;
  LintStop stopped = LintStop::none;  // the findings are incomplete unless none
};

// Bounds on one lint run: packs with many parties, fields and positions can have more
// representative proposals than a run should try.
struct LintLimits {
  std::size_t max_proposals = 20'000'000;
  double seconds = 60;  // wall-clock budget for the enumeration
};

// Appends findings (warnings and infos, positioned at the clause) to `out`.
LintStats lint(const Engine& engine, Date today, Diagnostics& out, const LintLimits& limits = {});

}  // namespace accord::internal
