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

#include "analysis/enumerate.h"
#include "compile/engine.h"
#include "core/diagnostics.h"

namespace accord::internal {

// Appends findings (warnings and infos, positioned at the clause) to `out`. The findings,
// their examples included, are the same for any number of threads.
LintStats lint(const Engine& engine, Date today, Diagnostics& out, const LintLimits& limits = {}, unsigned threads = 1);

}  // namespace accord::internal
