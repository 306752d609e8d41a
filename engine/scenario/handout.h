// An exercise played out, for reading: a printable Markdown handout (`accord run --format
// markdown`, the workbench's download) with every step's changes, decision, clauses, debrief
// and questions.
#pragma once
#include <string>
#include <vector>

#include "scenario/scenario.h"

namespace accord {

std::string handout_markdown(const Scenario& s, const std::vector<StepOutcome>& steps);

}  // namespace accord
