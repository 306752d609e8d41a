// The scenario side of `accord diff` (scenario/impact.h): expectations played under two rule
// sets, those that flip, scenarios that play under one side only, and files that play under
// neither (left out, named). Fixtures: tests/data/diff/.
#include <gtest/gtest.h>

#include "scenario/impact.h"
#include "support/fixture.h"

namespace accord::internal {
namespace {

const std::string kDiffData = std::string(ACCORD_TEST_DATA) + "/diff/";

std::shared_ptr<const Engine> load(const std::string& dir) {
  Diagnostics d;
  std::shared_ptr<const Engine> e;
  if (auto rules = load_rules({dir}, d)) e = Engine::build(std::move(*rules), d);
  EXPECT_TRUE(e) << d.str();
  return e;
}

TEST(ScenarioImpact, FlipsPlaysOnOneSideAndUnplayableFiles) {
  fx::TempDir tmp;
  // Members host each other's forces: permitted by Charter Art. 8, which NEW removes.
  const std::string members = tmp.write("members.yaml", R"(scenario: members
title: Russian forces in Kyrgyzstan
briefing: One step.
base: { action: basing, actor: RUS, host: KGZ, date: 2015-01-01 }
steps:
  - title: "A member hosts another's forces"
    expect: permitted
  - title: "The same, said with the clause"
    expect: { decision: permitted, clauses: [treaty/members] }
)");
  const std::string same = tmp.write("same.yaml", R"(scenario: same
title: A US base in Kyrgyzstan
briefing: One step.
base: { action: basing, actor: USA, host: KGZ, date: 2015-01-01 }
steps:
  - title: "Nobody has spoken"
    expect: { decision: needs_consent, pending: [ARM, KAZ, RUS] }
)");
  const std::string broken = tmp.write("broken.yaml", "scenario: [\n");
  const ScenarioImpact removed =
      scenario_impact({members, same, broken}, load(kDiffData + "base"), load(kDiffData + "clause_removed"));
  EXPECT_EQ(removed.files, 2u);
  EXPECT_EQ(removed.expectations, 3u);
  ASSERT_EQ(removed.flips.size(), 1u);
  // NEW has no clause treaty/members: the scenario does not play under it at all.
  EXPECT_EQ(removed.flips[0].pos.file, members);
  EXPECT_EQ(removed.flips[0].pos.line, 0);
  EXPECT_TRUE(removed.flips[0].old_holds);
  EXPECT_FALSE(removed.flips[0].new_holds);
  EXPECT_NE(removed.flips[0].detail.find("unknown clause 'treaty/members'"), std::string::npos) << removed.flips[0].detail;
  ASSERT_EQ(removed.unplayable.size(), 1u);
  EXPECT_EQ(removed.unplayable[0].rfind(broken + ": ", 0), 0u) << removed.unplayable[0];

  // The same clause turned into a prohibition: both steps play, and both flip.
  const ScenarioImpact prohibited = scenario_impact({members, same}, load(kDiffData + "base"), load(kDiffData + "effect_changed"));
  ASSERT_EQ(prohibited.flips.size(), 2u);
  EXPECT_EQ(prohibited.flips[0].where, "step 1 \"A member hosts another's forces\"");
  EXPECT_EQ(prohibited.flips[0].pos.line, 7);
  EXPECT_TRUE(prohibited.flips[0].old_holds);
  EXPECT_FALSE(prohibited.flips[0].new_holds);
  EXPECT_EQ(prohibited.flips[0].detail, "decision: expected permitted, got prohibited");
}

}  // namespace
}  // namespace accord::internal
