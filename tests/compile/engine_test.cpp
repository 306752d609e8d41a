// The engine's per-action clause lists, which decide() visits instead of every clause: each
// action gets exactly the clauses its `when` can hold for (a clause that does not name an
// action is listed for all), in override order and in rule order.
#include "compile/engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "support/fixture.h"

namespace accord::internal {
namespace {

const char* kClauses = R"(  - id: e/basing
    cite: "E, Art. 1"
    when: action == "basing" and member("CSTO", host)
    effect: prohibit
    overrides: [e/any]
  - id: e/two
    cite: "E, Art. 2"
    when: action in {"basing", "troop_deployment"} and host == "KGZ"
    effect: permit
  - id: e/any
    cite: "E, Art. 3"
    when: host == "RUS"
    effect: permit
  - id: e/attack
    cite: "E, Art. 4"
    when: action == "armed_attack"
    effect: obligation
    binds: members("CSTO") - {host}
)";

std::vector<std::uint32_t> list(std::span<const std::uint32_t> s) { return {s.begin(), s.end()}; }

TEST(EngineIndex, EachActionListsTheClausesThatCanApplyToIt) {
  fx::RulesFixture rules;
  rules.add_instrument("main", "e", kClauses);
  const auto engine = rules.engine();
  const Tables& t = engine->tables();
  auto action = [&](const char* name) { return *t.strings.find(name); };
  using V = std::vector<std::uint32_t>;
  // Rule order: 0 e/basing, 1 e/two, 2 e/any, 3 e/attack.
  EXPECT_EQ(list(engine->clauses_for(action("basing"))), (V{0, 1, 2}));
  EXPECT_EQ(list(engine->clauses_for(action("troop_deployment"))), (V{1, 2}));
  EXPECT_EQ(list(engine->clauses_for(action("armed_attack"))), (V{2, 3}));
  EXPECT_EQ(list(engine->clauses_for(action("alliance_accession"))), (V{2}));
  // Override order: e/basing overrides e/any, so it comes first wherever both are listed.
  const V basing = list(engine->order_for(action("basing")));
  ASSERT_EQ(basing.size(), 3u);
  EXPECT_LT(std::find(basing.begin(), basing.end(), 0u), std::find(basing.begin(), basing.end(), 2u));
}

}  // namespace
}  // namespace accord::internal
