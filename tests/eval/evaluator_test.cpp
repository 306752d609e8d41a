// The evaluator on dated facts: member()/members()/status() on both sides of every interval
// boundary (`from` inclusive, `to` exclusive, a status from its `since`), position(), count(),
// any/all (including over empty sets), and absent optional fields behaving as "none".
//
// Fixture facts (tests/support/fixture.h): CSTO = RUS from 2000-01-01; KAZ [2000-01-01,
// 2010-01-01) and from 2015-01-01; KGZ from 2000-01-01, frozen since 2020-06-01.
#include "eval/evaluator.h"

#include <gtest/gtest.h>

#include <string>

#include "support/fixture.h"

namespace accord::internal {
namespace {

using fx::contains;
using fx::Names;

class EvaluatorTest : public ::testing::Test {
 protected:
  fx::RulesFixture rules;
  fx::ExprHarness h{rules};

  Proposal on(const std::string& date, const std::string& host = "KAZ", const fx::Pairs& positions = {}) {
    return h.propose({{"action", "basing"}, {"actor", "USA"}, {"host", host}, {"date", date}}, positions);
  }
  bool truth(std::string_view expr, const Proposal& p) { return h.eval(h.compile(expr), p); }
  Names set(std::string_view expr, const Proposal& p) { return h.eval_set(h.compile(expr, Want::PartySet), p); }
  std::string str(std::string_view expr, const Proposal& p) {
    Diagnostics d;
    auto t = h.check(expr, Want::Any, d);
    EXPECT_TRUE(t.has_value()) << d.str();
    Compiler c(h.program(), h.tables());
    const std::uint32_t n = c.emit(*t);
    return h.tables().strings.name(static_cast<SymId>(h.eval_scalar(n, p)));
  }
  std::int64_t num(std::string_view expr, const Proposal& p) {
    Diagnostics d;
    auto t = h.check(expr, Want::Any, d);
    EXPECT_TRUE(t.has_value()) << d.str();
    Compiler c(h.program(), h.tables());
    return h.eval_scalar(c.emit(*t), p);
  }
};

TEST_F(EvaluatorTest, MemberFromIsInclusive) {
  EXPECT_FALSE(truth("member(\"CSTO\", host)", on("1999-12-31")));
  EXPECT_TRUE(truth("member(\"CSTO\", host)", on("2000-01-01")));
}

TEST_F(EvaluatorTest, MemberToIsExclusive) {
  EXPECT_TRUE(truth("member(\"CSTO\", host)", on("2009-12-31")));
  EXPECT_FALSE(truth("member(\"CSTO\", host)", on("2010-01-01")));
  EXPECT_FALSE(truth("member(\"CSTO\", host)", on("2014-12-31")));
  EXPECT_TRUE(truth("member(\"CSTO\", host)", on("2015-01-01")));  // second interval
  EXPECT_TRUE(truth("member(\"CSTO\", host)", on("2099-01-01")));  // open end
}

TEST_F(EvaluatorTest, MemberWithANonConstantOrganization) {
  auto p = h.propose({{"action", "basing"}, {"actor", "USA"}, {"host", "KAZ"}, {"org", "CSTO"}, {"date", "2009-12-31"}});
  EXPECT_TRUE(truth("member(org, host)", p));
  EXPECT_FALSE(truth("member(org, actor)", p));
  auto q = h.propose({{"action", "basing"}, {"actor", "USA"}, {"host", "KAZ"}, {"org", "CSTO"}, {"date", "2010-01-01"}});
  EXPECT_FALSE(truth("member(org, host)", q));
  auto nato = h.propose({{"action", "basing"}, {"actor", "USA"}, {"host", "KAZ"}, {"org", "NATO"}, {"date", "2010-01-01"}});
  EXPECT_TRUE(truth("member(org, actor)", nato));
  auto state = h.propose({{"action", "basing"}, {"actor", "USA"}, {"host", "KAZ"}, {"org", "RUS"}, {"date", "2010-01-01"}});
  EXPECT_FALSE(truth("member(org, actor)", state));  // a state has no members
}

TEST_F(EvaluatorTest, MembersAsOfDatesAroundBoundaries) {
  EXPECT_EQ(set("members(\"CSTO\")", on("1999-12-31")), Names{});
  EXPECT_EQ(set("members(\"CSTO\")", on("2000-01-01")), (Names{"KAZ", "KGZ", "RUS"}));
  EXPECT_EQ(set("members(\"CSTO\")", on("2009-12-31")), (Names{"KAZ", "KGZ", "RUS"}));
  EXPECT_EQ(set("members(\"CSTO\")", on("2010-01-01")), (Names{"KGZ", "RUS"}));
  EXPECT_EQ(set("members(\"CSTO\")", on("2015-01-01")), (Names{"KAZ", "KGZ", "RUS"}));
  EXPECT_EQ(set("members(\"CSTO\")", on("2021-01-01")), (Names{"KAZ", "KGZ", "RUS"}));  // frozen is still a member
  EXPECT_EQ(set("members(\"NATO\")", on("1949-08-23")), Names{});
  EXPECT_EQ(set("members(\"NATO\")", on("1949-08-24")), Names{"USA"});
  EXPECT_EQ(set("members(\"CSTO\") - {host}", on("2021-01-01", "KGZ")), (Names{"KAZ", "RUS"}));
  EXPECT_EQ(set("members(\"CSTO\") + members(\"NATO\")", on("2011-01-01")), (Names{"KGZ", "RUS", "USA"}));
  EXPECT_EQ(set("members(\"CSTO\") & {host, actor}", on("2011-01-01", "KGZ")), Names{"KGZ"});
}

TEST_F(EvaluatorTest, StatusFrozenFromSince) {
  EXPECT_EQ(str("status(\"CSTO\", host)", on("2020-05-31", "KGZ")), "member");
  EXPECT_EQ(str("status(\"CSTO\", host)", on("2020-06-01", "KGZ")), "frozen");
  EXPECT_EQ(str("status(\"CSTO\", host)", on("2030-01-01", "KGZ")), "frozen");
  EXPECT_EQ(str("status(\"CSTO\", host)", on("1999-12-31", "KGZ")), "none");
  EXPECT_TRUE(truth("member(\"CSTO\", host)", on("2020-06-01", "KGZ")));
  EXPECT_TRUE(truth("status(\"CSTO\", host) == \"frozen\"", on("2020-06-01", "KGZ")));
  EXPECT_FALSE(truth("status(\"CSTO\", host) == \"frozen\"", on("2020-05-31", "KGZ")));
}

TEST_F(EvaluatorTest, StatusOutsideMembershipIsNone) {
  EXPECT_EQ(str("status(\"CSTO\", host)", on("2012-01-01", "KAZ")), "none");  // in the gap
  EXPECT_EQ(str("status(\"CSTO\", host)", on("2009-12-31", "KAZ")), "member");
  EXPECT_EQ(str("status(\"CSTO\", host)", on("2020-01-01", "USA")), "none");
  EXPECT_EQ(str("status(\"NATO\", actor)", on("2020-01-01")), "member");
}

TEST_F(EvaluatorTest, Position) {
  auto p = on("2021-01-01", "KGZ", {{"RUS", "object"}, {"KAZ", "consent"}, {"USA", "abstain"}});
  EXPECT_EQ(str("position(\"RUS\")", p), "object");
  EXPECT_EQ(str("position(\"KAZ\")", p), "consent");
  EXPECT_EQ(str("position(actor)", p), "abstain");
  EXPECT_EQ(str("position(host)", p), "none");
  EXPECT_TRUE(truth("position(\"RUS\") == \"object\"", p));
  EXPECT_TRUE(truth("position(host) == \"none\"", p));
  EXPECT_FALSE(truth("position(\"KAZ\") == \"object\"", p));
}

TEST_F(EvaluatorTest, LaterPositionReplacesEarlier) {
  ProposalBuilder b(h.tables());
  Proposal p;
  b.reset(p);
  b.set(p, "action", "basing");
  b.set(p, "actor", "USA");
  b.set(p, "host", "KGZ");
  EXPECT_EQ(b.set_position(p, "RUS", "object").message, "");
  EXPECT_EQ(b.set_position(p, "RUS", "consent").message, "");
  EXPECT_EQ(b.finish(p, fx::D("2021-01-01")).message, "");
  EXPECT_EQ(str("position(\"RUS\")", p), "consent");
  EXPECT_TRUE(contains(b.set_position(p, "RUS", "objekt").message, "unknown position 'objekt' for RUS"));
}

TEST_F(EvaluatorTest, Count) {
  EXPECT_EQ(num("count(members(\"CSTO\"))", on("2009-12-31")), 3);
  EXPECT_EQ(num("count(members(\"CSTO\"))", on("2010-01-01")), 2);
  EXPECT_EQ(num("count(members(\"CSTO\"))", on("1990-01-01")), 0);
  EXPECT_EQ(num("count(members(\"CSTO\") - {host})", on("2016-01-01", "KGZ")), 2);
  auto p = h.propose({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"partners", "KAZ,RUS,USA"}, {"date", "2016-01-01"}});
  EXPECT_EQ(num("count(partners)", p), 3);
  EXPECT_TRUE(truth("count(partners & members(\"CSTO\")) == 2", p));
}

TEST_F(EvaluatorTest, AnyAndAll) {
  const char* any_object = "any(p in members(\"CSTO\") - {host}: position(p) == \"object\")";
  const char* all_stated = "all(p in members(\"CSTO\") - {host}: position(p) != \"none\")";
  auto none = on("2016-01-01", "KGZ");
  EXPECT_FALSE(truth(any_object, none));
  EXPECT_FALSE(truth(all_stated, none));
  auto one = on("2016-01-01", "KGZ", {{"RUS", "object"}});
  EXPECT_TRUE(truth(any_object, one));
  EXPECT_FALSE(truth(all_stated, one));
  auto both = on("2016-01-01", "KGZ", {{"RUS", "consent"}, {"KAZ", "abstain"}});
  EXPECT_FALSE(truth(any_object, both));
  EXPECT_TRUE(truth(all_stated, both));
  // Only the members on the date count: in 2012 KAZ is not a member, so RUS alone decides.
  auto gap = on("2012-01-01", "KGZ", {{"RUS", "consent"}});
  EXPECT_TRUE(truth(all_stated, gap));
}

TEST_F(EvaluatorTest, QuantifiersOverTheEmptySet) {
  auto before = on("1990-01-01");  // CSTO has no members yet
  EXPECT_FALSE(truth("any(p in members(\"CSTO\"): true)", before));
  EXPECT_TRUE(truth("all(p in members(\"CSTO\"): false)", before));
}

TEST_F(EvaluatorTest, NestedQuantifiersKeepTheirOwnVariables) {
  auto p = on("2016-01-01", "KGZ", {{"RUS", "object"}, {"USA", "consent"}});
  EXPECT_TRUE(truth("any(p in members(\"CSTO\"): any(q in members(\"NATO\"): position(p) == \"object\" and position(q) == \"consent\"))", p));
  EXPECT_FALSE(truth("any(p in members(\"CSTO\"): any(q in members(\"NATO\"): position(q) == \"object\"))", p));
  // The outer variable is intact after the inner quantifier.
  EXPECT_TRUE(truth("any(p in members(\"CSTO\"): any(q in members(\"NATO\"): true) and p == \"RUS\" and position(p) == \"object\")", p));
}

TEST_F(EvaluatorTest, AbsentOptionalFieldIsNone) {
  auto p = h.propose({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"date", "2016-01-01"}});
  EXPECT_FALSE(truth("member(\"CSTO\", org)", p));
  EXPECT_TRUE(truth("not member(\"CSTO\", org)", p));
  EXPECT_FALSE(truth("member(org, host)", p));
  EXPECT_EQ(h.eval_set(h.compile("members(org)", Want::PartySet), p), Names{});
  EXPECT_EQ(str("status(\"CSTO\", org)", p), "none");
  EXPECT_EQ(str("position(org)", p), "none");
  EXPECT_FALSE(truth("org in members(\"CSTO\")", p));
  EXPECT_TRUE(truth("org not in members(\"CSTO\")", p));
  EXPECT_EQ(h.eval_set(h.compile("{org, host}", Want::PartySet), p), Names{"KGZ"});
  // An absent site has no kind and no state.
  EXPECT_FALSE(truth("site.kind == \"airbase\"", p));
  EXPECT_FALSE(truth("member(\"CSTO\", site.state)", p));
  EXPECT_FALSE(truth("site == \"manas\"", p));
  EXPECT_FALSE(truth("is_state(org)", p));
  EXPECT_FALSE(truth("is_org(org)", p));
  // Absent bool, int and parties fields.
  EXPECT_FALSE(truth("request", p));
  EXPECT_EQ(num("count(partners)", p), 0);
}

TEST_F(EvaluatorTest, SiteAttributes) {
  auto p = h.propose({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"site", "manas"}, {"date", "2016-01-01"}});
  EXPECT_TRUE(truth("site.kind == \"airbase\"", p));
  EXPECT_TRUE(truth("site.state == host", p));
  EXPECT_TRUE(truth("member(\"CSTO\", site.state)", p));
  EXPECT_EQ(str("site.name", p), "Manas air base");
  EXPECT_EQ(str("site.kind", p), "airbase");
}

TEST_F(EvaluatorTest, IsStateIsOrg) {
  auto p = h.propose({{"action", "alliance_accession"}, {"actor", "KGZ"}, {"org", "NATO"}, {"date", "2016-01-01"}});
  EXPECT_TRUE(truth("is_state(actor)", p));
  EXPECT_FALSE(truth("is_org(actor)", p));
  EXPECT_TRUE(truth("is_org(org)", p));
  EXPECT_FALSE(truth("is_state(org)", p));
}

TEST_F(EvaluatorTest, DateComparisons) {
  EXPECT_TRUE(truth("date >= 2012-12-19", on("2012-12-19")));
  EXPECT_FALSE(truth("date >= 2012-12-19", on("2012-12-18")));
  EXPECT_TRUE(truth("date < 2012-12-19", on("2012-12-18")));
  EXPECT_TRUE(truth("date == 2012-12-19", on("2012-12-19")));
}

// ---- ProposalBuilder: what a proposal author is told ------------------------------------------

TEST_F(EvaluatorTest, BuilderReportsBadFieldValues) {
  ProposalBuilder b(h.tables());
  Proposal p;
  b.reset(p);
  EXPECT_EQ(b.set(p, "actor", "USB").message, "unknown party 'USB'; did you mean 'USA' (United States)?");
  EXPECT_EQ(b.set(p, "site", "mnas").message, "unknown site 'mnas'; did you mean 'manas' (Manas air base)?");
  EXPECT_EQ(b.set(p, "action", "basng").message, "unknown action 'basng'; did you mean 'basing'? (actions: basing, troop_deployment, alliance_accession, armed_attack)");
  EXPECT_EQ(b.set(p, "purpose", "logistic").message, "unknown value of 'purpose' 'logistic'; did you mean 'logistics'? (one of: logistics, training)");
  EXPECT_EQ(b.set(p, "request", "yes").message, "field 'request' takes true or false, found 'yes'");
  EXPECT_EQ(b.set(p, "troops", "12x").message, "field 'troops' takes an integer, found '12x'");
  EXPECT_EQ(b.set(p, "date", "2026-02-30").message, "'2026-02-30' is not a date: expected YYYY-MM-DD with a real calendar day");
  EXPECT_EQ(b.set(p, "hots", "KGZ").message, "unknown proposal field 'hots'; did you mean 'host'?");
  EXPECT_EQ(b.add_to_set(p, "partners", "RUZ").message, "unknown party 'RUZ'; did you mean 'RUS' (Russia)?");
  // Callers place an error by its kind, not by its wording.
  EXPECT_EQ(b.set(p, "actor", "USB").kind, FieldProblem::UnknownParty);
  EXPECT_EQ(b.set_position(p, "USB", "object").kind, FieldProblem::UnknownParty);
  EXPECT_EQ(b.set_position(p, "USA", "objekt").kind, FieldProblem::BadValue);
  EXPECT_EQ(b.set_position(p, "USA").message, "expected PARTY=consent|object|abstain");
  EXPECT_EQ(b.set(p, "site", "mnas").kind, FieldProblem::BadValue);
  EXPECT_EQ(b.set(p, "hots", "KGZ").kind, FieldProblem::UnknownField);
  EXPECT_EQ(b.unset(p, "hots").kind, FieldProblem::UnknownField);
  EXPECT_EQ(b.unset(p, "action").kind, FieldProblem::NotAllowed);
  EXPECT_FALSE(b.set_position(p, "Russia=object"));
  EXPECT_TRUE(p.objected.test(*h.tables().parties.find("RUS")));
  EXPECT_TRUE(b.is_set_field("partners"));
  EXPECT_FALSE(b.is_set_field("host"));
}

TEST_F(EvaluatorTest, BuilderChecksTheActionsFields) {
  ProposalBuilder b(h.tables());
  Proposal p;
  b.reset(p);
  EXPECT_EQ(b.finish(p, fx::D("2020-01-01")).message, "the proposal has no 'action'");
  b.reset(p);
  b.set(p, "action", "basing");
  b.set(p, "actor", "USA");
  EXPECT_EQ(b.finish(p, fx::D("2020-01-01")).message, "action 'basing' needs the field 'host'");
  b.reset(p);
  b.set(p, "action", "alliance_accession");
  b.set(p, "actor", "KGZ");
  b.set(p, "org", "NATO");
  b.set(p, "host", "KGZ");
  EXPECT_EQ(b.finish(p, fx::D("2020-01-01")).message, "action 'alliance_accession' does not take the field 'host' (it takes: actor, org)");
}

TEST_F(EvaluatorTest, BuilderDefaultsTheDate) {
  ProposalBuilder b(h.tables());
  Proposal p;
  b.reset(p);
  b.set(p, "action", "basing");
  b.set(p, "actor", "USA");
  b.set(p, "host", "KAZ");
  ASSERT_EQ(b.finish(p, fx::D("2009-12-31")).message, "");
  EXPECT_EQ(p.date, fx::D("2009-12-31"));
  EXPECT_TRUE(truth("member(\"CSTO\", host)", p));  // the default date is the as-of date
  EXPECT_TRUE(truth("date == 2009-12-31", p));
}

}  // namespace
}  // namespace accord::internal
