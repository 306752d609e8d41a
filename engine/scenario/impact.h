// The scenario side of `accord diff`: every expectation of the scenario files played under
// both rule sets, and those that hold under one and fail under the other.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "analysis/rule_diff.h"
#include "compile/engine.h"

namespace accord::internal {

struct ScenarioImpact {
  std::vector<ScenarioFlip> flips;
  std::size_t files = 0, expectations = 0;
  // Files that play under neither side (their errors under NEW), left out of the comparison.
  std::vector<std::string> unplayable;
};

ScenarioImpact scenario_impact(const std::vector<std::string>& files, const std::shared_ptr<const Engine>& old_rules,
                               const std::shared_ptr<const Engine>& new_rules);

}  // namespace accord::internal
