// The checker: names and builtins resolve, types are inferred, string literals are resolved
// by their context (a party, an action, a site kind, a site), and every mistake a clause author
// can make is reported with a message that says what is wrong (and suggests the fix).
#include "check/checker.h"

#include <gtest/gtest.h>

#include <string>

#include "support/fixture.h"

namespace accord::internal {
namespace {

using fx::contains;

class CheckerTest : public ::testing::Test {
 protected:
  fx::RulesFixture rules;
  fx::ExprHarness h{rules};

  Typed ok(std::string_view text, Want want = Want::Bool) {
    Diagnostics d;
    auto t = h.check(text, want, d);
    EXPECT_TRUE(t.has_value()) << text << "\n" << d.str();
    EXPECT_TRUE(d.empty()) << d.str();
    return t ? *t : Typed{};
  }
  std::string err(std::string_view text, Want want = Want::Bool) { return h.error(text, want); }
  std::string tname(const Type& t) { return type_name(t, h.tables()); }
};

// ---- literals resolved by context -----------------------------------------------------------

TEST_F(CheckerTest, ActionLiteralBecomesAnAction) {
  Typed t = ok("action == \"basing\"");
  EXPECT_EQ(t.type.base, Base::Bool);
  ASSERT_EQ(t.kids.size(), 2u);
  const Typed& lit = t.kids[1];
  EXPECT_EQ(lit.type.base, Base::Str);
  EXPECT_EQ(lit.type.domain, kActionDomain);
  EXPECT_FALSE(lit.type.literal);
  EXPECT_EQ(lit.value, h.str("basing"));
  EXPECT_EQ(tname(lit.type), "action");
}

TEST_F(CheckerTest, LiteralOnTheLeftIsResolvedToo) {
  Typed t = ok("\"KGZ\" == host");
  EXPECT_EQ(t.kids[0].type.base, Base::Party);
  EXPECT_EQ(t.kids[0].value, h.party("KGZ"));
}

TEST_F(CheckerTest, PartyLiteral) {
  Typed t = ok("host == \"KGZ\"");
  EXPECT_EQ(t.kids[1].type.base, Base::Party);
  EXPECT_EQ(t.kids[1].value, h.party("KGZ"));
  Typed org = ok("member(\"CSTO\", host)");
  EXPECT_EQ(org.kids[0].type.base, Base::Party);
  EXPECT_EQ(org.kids[0].value, h.party("CSTO"));
}

TEST_F(CheckerTest, SiteAndSiteKindLiterals) {
  Typed s = ok("site == \"manas\"");
  EXPECT_EQ(s.kids[1].type.base, Base::Site);
  EXPECT_EQ(s.kids[1].value, h.tables().sites.find("manas").value());
  Typed k = ok("site.kind == \"airbase\"");
  EXPECT_EQ(k.kids[0].type.domain, kSiteKindDomain);
  EXPECT_EQ(k.kids[1].type.domain, kSiteKindDomain);
  EXPECT_EQ(k.kids[1].value, h.str("airbase"));
  Typed st = ok("site.state == host");
  EXPECT_EQ(st.kids[0].type.base, Base::Party);
}

TEST_F(CheckerTest, PositionStatusAndDeclaredStringFieldLiterals) {
  EXPECT_EQ(ok("position(host) == \"object\"").kids[1].type.domain, kPositionDomain);
  EXPECT_EQ(ok("status(\"CSTO\", host) == \"frozen\"").kids[1].type.domain, kStatusDomain);
  EXPECT_EQ(ok("status(\"CSTO\", host) == \"member\"").kids[1].value, h.str("member"));
  const Typed p = ok("purpose == \"logistics\"");
  EXPECT_GE(p.kids[1].type.domain, kFirstFieldDomain);
  EXPECT_EQ(p.kids[1].value, h.str("logistics"));
}

TEST_F(CheckerTest, UnknownLiteralsAreReportedWithSuggestions) {
  EXPECT_EQ(err("action == \"basng\""), "unknown action 'basng'; did you mean 'basing'? (actions: basing, troop_deployment, alliance_accession, armed_attack)");
  EXPECT_EQ(err("host == \"KGS\""), "unknown party 'KGS'; did you mean 'KGZ' (Kyrgyzstan)?");
  EXPECT_EQ(err("site == \"mnas\""), "unknown site 'mnas'; did you mean 'manas' (Manas air base)?");
  EXPECT_EQ(err("site.kind == \"airbse\""), "unknown site kind 'airbse'; did you mean 'airbase'? (one of: airbase, depot)");
  EXPECT_EQ(err("position(host) == \"objet\""), "unknown position 'objet'; did you mean 'object'? (one of: none, consent, object, abstain)");
  EXPECT_EQ(err("status(\"CSTO\", host) == \"frozn\""), "unknown status 'frozn'; did you mean 'frozen'? (one of: member, none, frozen)");
  EXPECT_EQ(err("purpose == \"trainning\""), "unknown value of 'purpose' 'trainning'; did you mean 'training'? (one of: logistics, training)");
  EXPECT_EQ(err("action == \"zzzzzzzz\""), "unknown action 'zzzzzzzz' (actions: basing, troop_deployment, alliance_accession, armed_attack)");
}

// ---- sets -----------------------------------------------------------------------------------

TEST_F(CheckerTest, SetLiteralTakesItsTypeFromTheOtherSide) {
  Typed in = ok("host in {\"RUS\", \"KAZ\"}");
  const Typed& set = in.kids[1];
  EXPECT_TRUE(set.type.set);
  EXPECT_EQ(set.type.base, Base::Party);
  ASSERT_EQ(set.kids.size(), 2u);
  EXPECT_EQ(set.kids[0].value, h.party("RUS"));
  EXPECT_EQ(set.kids[1].value, h.party("KAZ"));

  Typed acts = ok("action in {\"basing\", \"troop_deployment\"}");
  EXPECT_EQ(acts.kids[1].type.domain, kActionDomain);
  EXPECT_EQ(err("action in {\"basing\", \"trop_deployment\"}"),
            "unknown action 'trop_deployment'; did you mean 'troop_deployment'? (actions: basing, troop_deployment, alliance_accession, armed_attack)");
}

TEST_F(CheckerTest, SetLiteralWantedAsPartySet) {
  Typed t = ok("{\"RUS\", \"KAZ\"}", Want::PartySet);
  EXPECT_TRUE(t.type.set);
  EXPECT_EQ(t.type.base, Base::Party);
  Typed mixed = ok("{\"RUS\", host}", Want::PartySet);
  EXPECT_EQ(mixed.type.base, Base::Party);
  EXPECT_EQ(mixed.kids[0].value, h.party("RUS"));
  Typed diff = ok("members(\"CSTO\") - {host}", Want::PartySet);
  EXPECT_TRUE(diff.type.set);
  EXPECT_EQ(diff.kids[1].type.base, Base::Party);
  EXPECT_EQ(err("{\"RUS\", \"RUZ\"}", Want::PartySet), "unknown party 'RUZ'; did you mean 'RUS' (Russia)?");
}

TEST_F(CheckerTest, SetErrors) {
  EXPECT_EQ(err("count({1, 2}) > 0"), "sets hold parties or strings, found int");
  EXPECT_EQ(err("host in {{\"RUS\"}}"), "sets cannot contain sets");
  EXPECT_EQ(err("host in actor"), "the right side of 'in' must be a set, found party");
  EXPECT_EQ(err("members(\"CSTO\") in members(\"NATO\")"),
            "the left side of 'in' must be a single value, found set of parties");
  EXPECT_EQ(err("actor - {host} == {}").rfind("'-' works on sets, found party", 0), 0u) << err("actor - {host} == {}");
  EXPECT_TRUE(contains(err("actor - {host} == {}"), "one-element set"));
  EXPECT_EQ(err("{\"RUS\"} + {\"KAZ\"} == members(\"CSTO\")"),
            "cannot tell what these sets hold; use a party field or members(...)");
}

// ---- names and builtins ---------------------------------------------------------------------

TEST_F(CheckerTest, FieldsHaveTheirDeclaredTypes) {
  EXPECT_EQ(ok("actor == host").kids[0].type.base, Base::Party);
  EXPECT_EQ(ok("count(partners) > 1").kids[0].kids[0].type.set, true);
  EXPECT_EQ(ok("troops > 100").kids[0].type.base, Base::Int);
  EXPECT_EQ(ok("start < date").kids[0].type.base, Base::Date);
  EXPECT_EQ(ok("request").type.base, Base::Bool);
  EXPECT_EQ(ok("date >= 2012-12-19").kids[1].value, fx::D("2012-12-19"));
}

TEST_F(CheckerTest, UnknownNameWithSuggestion) {
  EXPECT_EQ(err("actr == host"), "unknown name 'actr'; did you mean 'actor'?");
  EXPECT_EQ(err("hots == actor"), "unknown name 'hots'; did you mean 'host'?");
  EXPECT_EQ(err("wibble == actor"), "unknown name 'wibble'");
  EXPECT_EQ(err("RUS == actor"),
            "unknown name 'RUS' (to name a party or site, quote it: \"RUS\")");
  EXPECT_EQ(err("member == actor"), "'member' is a builtin function: call it as member(...)");
}

TEST_F(CheckerTest, UnknownBuiltinWithSuggestion) {
  EXPECT_EQ(err("membr(\"CSTO\", host)"), "unknown builtin 'membr'; did you mean 'member'?");
  EXPECT_EQ(err("frobnicate(host)"), "unknown builtin 'frobnicate'");
}

TEST_F(CheckerTest, Arity) {
  EXPECT_EQ(err("member(\"CSTO\")"), "member() takes 2 arguments, found 1");
  EXPECT_EQ(err("member(\"CSTO\", host, actor)"), "member() takes 2 arguments, found 3");
  EXPECT_EQ(err("count() > 1"), "count() takes 1 argument, found 0");
  EXPECT_EQ(err("position() == \"object\""), "position() takes 1 argument, found 0");
  EXPECT_EQ(err("members()", Want::PartySet), "members() takes 1 argument, found 0");
}

TEST_F(CheckerTest, TypeMismatches) {
  EXPECT_EQ(err("actor == 3"), "the right side of '==' must be party, found int");
  EXPECT_EQ(err("action == host"), "the right side of '==' must be action, found party");
  EXPECT_EQ(err("actor and request"), "an operand of 'and' must be bool, found party");
  EXPECT_EQ(err("request or troops"), "an operand of 'or' must be bool, found int");
  EXPECT_EQ(err("date < 5"), "the right side of '<' must be date, found int");
  EXPECT_EQ(err("action < \"basing\""), "'<' compares ints or dates, found action");
  EXPECT_EQ(err("member(\"CSTO\", 3)"), "argument 2 of member() must be party, found int");
  EXPECT_EQ(err("member(\"CSTO\", site)"), "argument 2 of member() must be party, found site");
  EXPECT_EQ(err("\"RUS\" == \"KAZ\""), "cannot compare two literals; compare a field or builtin with a value");
  EXPECT_EQ(err("count(actor) > 1"), "count() needs a set, found party");
  EXPECT_EQ(err("actor.kind == \"airbase\""),
            "'.kind' needs a site, found party (attributes: site.kind, site.state, site.name)");
  EXPECT_EQ(err("site.knd == \"airbase\""), "unknown site attribute 'knd'; did you mean 'kind'?");
}

TEST_F(CheckerTest, StateUsedAsOrganization) {
  EXPECT_EQ(err("member(\"KGZ\", host)"), "'KGZ' is a state, not an organization");
  EXPECT_EQ(err("members(\"RUS\")", Want::PartySet), "'RUS' is a state, not an organization");
  EXPECT_EQ(err("status(\"USA\", host) == \"member\""), "'USA' is a state, not an organization");
  EXPECT_EQ(err("member(\"CSTO\", \"NATO\")"), "");  // an organization may be a member
}

TEST_F(CheckerTest, NotNeedsABool) {
  EXPECT_EQ(err("not actor"), "the operand of 'not' must be bool, found party");
  EXPECT_EQ(err("not troops"), "the operand of 'not' must be bool, found int");
  EXPECT_EQ(ok("not member(\"CSTO\", actor)").type.base, Base::Bool);
}

TEST_F(CheckerTest, WhatTheExpressionMustProduce) {
  EXPECT_EQ(err("actor"), "a condition must be bool, found party");
  EXPECT_EQ(err("members(\"CSTO\")"), "a condition must be bool, found set of parties");
  EXPECT_TRUE(contains(err("actor", Want::PartySet), "set of parties, found party")) << err("actor", Want::PartySet);
  EXPECT_TRUE(contains(err("action == \"basing\"", Want::PartySet), "set of parties, found bool"));
  // Any: a `because` hole may be any value.
  Diagnostics d;
  EXPECT_TRUE(h.check("count(members(\"CSTO\"))", Want::Any, d).has_value()) << d.str();
  EXPECT_TRUE(h.check("site.name", Want::Any, d).has_value()) << d.str();
}

// Regression: type_name() used to pluralise "party" as "partyies".
TEST_F(CheckerTest, SetOfPartiesIsSpelledCorrectly) {
  EXPECT_EQ(err("members(\"CSTO\")"), "a condition must be bool, found set of parties");
  EXPECT_EQ(err("members(\"CSTO\") in members(\"NATO\")"),
            "the left side of 'in' must be a single value, found set of parties");
  EXPECT_EQ(tname(Type{Base::Party, true, kFreeString, false}), "set of parties");
  EXPECT_EQ(tname(Type{Base::Str, true, kActionDomain, false}), "set of actions");
}

// ---- quantifiers ----------------------------------------------------------------------------

TEST_F(CheckerTest, QuantifierVariableTakesTheElementType) {
  Typed t = ok("any(p in members(\"CSTO\"): position(p) == \"object\")");
  EXPECT_EQ(t.type.base, Base::Bool);
  ASSERT_EQ(t.kids.size(), 2u);
  // position(p): p is a party variable.
  const Typed& var = t.kids[1].kids[0].kids[0];
  EXPECT_TRUE(var.is_var);
  EXPECT_EQ(var.type.base, Base::Party);
  EXPECT_FALSE(var.type.set);
  EXPECT_EQ(ok("all(x in partners: member(\"NATO\", x))").type.base, Base::Bool);
}

TEST_F(CheckerTest, QuantifierScoping) {
  // The variable is not visible outside its quantifier.
  EXPECT_EQ(err("any(p in members(\"CSTO\"): p == host) and p == actor"), "unknown name 'p'");
  // Nested quantifiers see both variables; the inner one can shadow.
  ok("any(p in members(\"CSTO\"): all(q in members(\"NATO\"): q != p))");
  ok("any(p in members(\"CSTO\"): any(p in members(\"NATO\"): member(\"NATO\", p)))");
  // A misspelt variable is suggested from the variables in scope.
  EXPECT_EQ(err("any(party in members(\"CSTO\"): position(prty) == \"object\")"),
            "unknown name 'prty'; did you mean 'party'?");
}

TEST_F(CheckerTest, QuantifierErrors) {
  EXPECT_EQ(err("any(actor in members(\"CSTO\"): true)"),
            "'actor' is a proposal field; choose another variable name");
  EXPECT_EQ(err("any(p in actor: true)"), "'any(p in ...)' needs a set, found party");
  EXPECT_EQ(err("all(p in {\"RUS\", \"KAZ\"}: true)"),
            "cannot tell what this set holds; use members(...) or a set of party fields");
  EXPECT_EQ(err("any(p in members(\"CSTO\"): p)"), "the body of any()/all() must be bool, found party");
}

// ---- positions of errors --------------------------------------------------------------------

TEST_F(CheckerTest, ErrorPointsAtTheOffendingNode) {
  Diagnostics d;
  EXPECT_FALSE(h.check("action == \"basing\" and membr(\"CSTO\", host)", Want::Bool, d).has_value());
  ASSERT_EQ(d.items().size(), 1u);
  EXPECT_EQ(d.items()[0].pos.col, 24);  // 'membr'
  Diagnostics d2;
  EXPECT_FALSE(h.check("host in {\"RUS\", \"KAS\"}", Want::Bool, d2).has_value());
  EXPECT_EQ(d2.items()[0].pos.col, 17);  // the bad literal
}

TEST(CheckerInPack, ErrorInAFoldedWhenIsReportedAtItsFilePosition) {
  fx::RulesFixture fx;
  const std::string path = fx.add_instrument("main", "pact", R"(  - id: pact/a
    cite: "A"
    when: >-
      action == "basing"
      and membr("CSTO", host)
    effect: prohibit
)");
  Diagnostics d;
  auto engine = fx.build(d);
  EXPECT_EQ(engine, nullptr);
  ASSERT_EQ(d.items().size(), 1u) << d.str();
  EXPECT_EQ(d.items()[0].message, "unknown builtin 'membr'; did you mean 'member'?");
  EXPECT_EQ(d.items()[0].pos.file, path);
  EXPECT_EQ(d.items()[0].pos.line, 12);
  EXPECT_EQ(d.items()[0].pos.col, 11);
  EXPECT_TRUE(contains(d.str(), "      and membr(\"CSTO\", host)\n          ^\n")) << d.str();
}

TEST(CheckerInPack, CaretUnderAnErrorAfterATab) {
  fx::RulesFixture fx;
  const std::string path = fx.add_instrument("main", "pact", "  - id: pact/a\n    when: action ==\t\"basng\"\n    effect: prohibit\n");
  Diagnostics d;
  EXPECT_EQ(fx.build(d), nullptr);
  EXPECT_EQ(d.str(), path + ":9:21: error: unknown action 'basng'; did you mean 'basing'? (actions: basing, troop_deployment, alliance_accession, armed_attack)\n"
                     "    when: action ==\t\"basng\"\n"
                     "                   \t^\n");
}

TEST(CheckerInPack, ConsentFromMustBeASetOfParties) {
  fx::RulesFixture fx;
  fx.add_instrument("main", "pact", R"(  - id: pact/a
    when: action == "basing"
    effect: consent
    consent: { from: host, rule: unanimous }
)");
  Diagnostics d;
  EXPECT_EQ(fx.build(d), nullptr);
  EXPECT_TRUE(contains(d.str(), ", found party")) << d.str();
}

TEST(CheckerInPack, EveryBadClauseIsReported) {
  fx::RulesFixture fx;
  fx.add_instrument("main", "pact", R"(  - id: pact/a
    when: actr == "USA"
    effect: prohibit
  - id: pact/b
    when: member("KGZ", host)
    effect: prohibit
)");
  Diagnostics d;
  EXPECT_EQ(fx.build(d), nullptr);
  EXPECT_EQ(d.items().size(), 2u) << d.str();
}

}  // namespace
}  // namespace accord::internal
