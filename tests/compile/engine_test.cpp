// The engine's per-action clause lists, which decide() visits instead of every clause: each
// action gets exactly the clauses its `when` can hold for (a clause that does not name an
// action is listed for all), in override order and in rule order; and what is left of each
// `when` to test once the index has chosen the clause.
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

// What decide() evaluates of each clause: its `when` without the conjuncts on `action` that
// the index has settled.
TEST(EngineIndex, TheTestLeavesOutTheConjunctsTheIndexSettles) {
  fx::RulesFixture rules;
  rules.add_instrument("main", "e", std::string(kClauses) + R"(  - id: e/three
    cite: "E, Art. 5"
    when: host == "KGZ" and action == "basing" and actor == "USA"
    effect: permit
)");
  const auto engine = rules.engine();
  const Program& prog = engine->program();
  const auto& c = engine->clauses();
  ASSERT_EQ(c.size(), 5u);
  // e/basing: action == "basing" and member("CSTO", host) -> the member test alone.
  ASSERT_NE(c[0].test, kNoNode);
  EXPECT_EQ(prog.nodes[c[0].test].op, Op::MemberKField);
  // e/two: the host comparison alone.
  ASSERT_NE(c[1].test, kNoNode);
  EXPECT_EQ(prog.nodes[c[1].test].op, Op::FieldEqK);
  EXPECT_NE(prog.nodes[c[1].test].a, kActionSlot);
  // e/any names no action: its whole condition.
  EXPECT_EQ(c[2].test, c[2].when);
  // e/attack is only about the action: nothing is left to test.
  EXPECT_EQ(c[3].test, kNoNode);
  // e/three: a new `and` of the host and actor comparisons, in their order.
  ASSERT_NE(c[4].test, kNoNode);
  const Node& both = prog.nodes[c[4].test];
  ASSERT_EQ(both.op, Op::And);
  ASSERT_EQ(both.b, 2u);
  const Tables& t = engine->tables();
  EXPECT_EQ(prog.nodes[prog.args[both.a]].a, t.field("host")->slot);
  EXPECT_EQ(prog.nodes[prog.args[both.a + 1]].a, t.field("actor")->slot);
}

}  // namespace
}  // namespace accord::internal
