// The compiler: checked expressions become flat program nodes, with the common leaf shapes
// fused (field == constant, field in constant set, member(constant org, field), constant sets)
// and and/or chains flattened to one n-ary node. A differential test then checks that the
// compiled program answers exactly like a reference interpreter over the AST
// (tests/support/reference.h, written from docs/language.md), on thousands of proposals;
// tests/diff/accord_diff.cpp does the same at scale, with random expressions and packs.
#include "compile/compiler.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "parse/parser.h"
#include "support/fixture.h"
#include "support/reference.h"

namespace accord::internal {
namespace {

class CompilerTest : public ::testing::Test {
 protected:
  fx::RulesFixture rules;
  fx::ExprHarness h{rules};
  const Node& root(std::string_view text, Want want = Want::Bool) {
    const std::uint32_t n = h.compile(text, want);
    EXPECT_NE(n, kNoNode);
    return h.program().nodes[n == kNoNode ? 0 : n];
  }
  std::uint16_t slot(std::string_view field) { return h.tables().field(field)->slot; }
  Bits bits(std::initializer_list<SymId> ids) {
    Bits b;
    for (auto i : ids) b.set(i);
    return b;
  }
  const Node& kid(const Node& n, std::uint32_t k) { return h.program().nodes[h.program().args[n.a + k]]; }
};

TEST_F(CompilerTest, FieldEqualsConstantIsFused) {
  const Node& n = root("action == \"basing\"");
  EXPECT_EQ(n.op, Op::FieldEqK);
  EXPECT_EQ(n.a, kActionSlot);
  EXPECT_EQ(n.k, h.str("basing"));
  const Node& rev = root("\"KGZ\" == host");
  EXPECT_EQ(rev.op, Op::FieldEqK);
  EXPECT_EQ(rev.a, slot("host"));
  EXPECT_EQ(rev.k, h.party("KGZ"));
  const Node& ne = root("host != \"KGZ\"");
  EXPECT_EQ(ne.op, Op::FieldNeK);
  EXPECT_EQ(root("troops == 100").op, Op::FieldEqK);
  EXPECT_EQ(root("date == 2012-12-19").k, fx::D("2012-12-19"));
}

TEST_F(CompilerTest, FieldInConstantSetIsFused) {
  const Node& n = root("action in {\"basing\", \"troop_deployment\"}");
  EXPECT_EQ(n.op, Op::FieldInK);
  EXPECT_EQ(n.a, kActionSlot);
  ASSERT_LT(n.b, h.program().sets.size());
  EXPECT_EQ(h.program().sets[n.b], bits({h.str("basing"), h.str("troop_deployment")}));
  const Node& hosts = root("host in {\"RUS\", \"KAZ\"}");
  EXPECT_EQ(hosts.op, Op::FieldInK);
  EXPECT_EQ(hosts.a, slot("host"));
  EXPECT_EQ(h.program().sets[hosts.b], bits({h.party("RUS"), h.party("KAZ")}));
  EXPECT_EQ(root("action not in {\"basing\"}").op, Op::FieldNotInK);
}

TEST_F(CompilerTest, MemberOfConstantOrgIsFused) {
  const Node& n = root("member(\"CSTO\", host)");
  EXPECT_EQ(n.op, Op::MemberKField);
  EXPECT_EQ(n.a, slot("host"));
  EXPECT_EQ(n.k, h.party("CSTO"));
  // Not fused when the organization is not a constant.
  EXPECT_EQ(root("member(org, host)").op, Op::Member);
}

TEST_F(CompilerTest, LiteralSetsAreConstantSets) {
  const Node& n = root("{\"RUS\", \"KAZ\"}", Want::PartySet);
  EXPECT_EQ(n.op, Op::ConstSet);
  EXPECT_EQ(h.program().sets[n.a], bits({h.party("RUS"), h.party("KAZ")}));
  // A set with a field in it is built at run time.
  const Node& u = root("members(\"CSTO\") + {host, actor}", Want::PartySet);
  EXPECT_EQ(u.op, Op::Union);
  EXPECT_EQ(h.program().nodes[u.a].op, Op::MembersK);
  EXPECT_EQ(h.program().nodes[u.b].op, Op::SetLit);
  // "The others" (S - {field}) is fused: no one-element set is built.
  const Node& d = root("members(\"CSTO\") - {host}", Want::PartySet);
  EXPECT_EQ(d.op, Op::MinusField);
  EXPECT_EQ(h.program().nodes[d.a].op, Op::MembersK);
  EXPECT_EQ(d.b, slot("host"));
  // members() of a field is not fused.
  EXPECT_EQ(root("members(org)", Want::PartySet).op, Op::Members);
  // `in` a non-field against a literal set still uses a constant set.
  const Node& in = root("position(actor) in {\"consent\", \"abstain\"}");
  EXPECT_EQ(in.op, Op::In);
  EXPECT_EQ(h.program().nodes[in.b].op, Op::ConstSet);
}

TEST_F(CompilerTest, AndChainsAreFlattenedToOneNode) {
  const Node& n = root("action == \"basing\" and member(\"CSTO\", host) and not member(\"CSTO\", actor) and troops > 5");
  ASSERT_EQ(n.op, Op::And);
  EXPECT_EQ(n.b, 4u);
  EXPECT_EQ(kid(n, 0).op, Op::FieldEqK);
  EXPECT_EQ(kid(n, 1).op, Op::MemberKField);
  EXPECT_EQ(kid(n, 2).op, Op::NotMemberKField);  // not member(...) fused into one leaf
  EXPECT_EQ(kid(n, 2).k, kid(n, 1).k);             // of the same organization
  EXPECT_EQ(kid(n, 3).op, Op::Gt);
  // (root() compiles into the same program, so `n` must not be used after the next call)
  EXPECT_EQ(root("not member(org, host)").op, Op::Not);  // not of an unfused member() stays
  const Node& grouped = root("(request and troops > 1) and (host == \"KGZ\" and actor == \"USA\")");
  ASSERT_EQ(grouped.op, Op::And);
  EXPECT_EQ(grouped.b, 4u);
  for (std::uint32_t k = 0; k < grouped.b; ++k) EXPECT_NE(kid(grouped, k).op, Op::And);
}

TEST_F(CompilerTest, OrChainsAreFlattenedButKeepNestedAnds) {
  const Node& n = root("host == \"KGZ\" or (request and troops > 1) or host == \"KAZ\" or (actor == \"USA\" or actor == \"RUS\")");
  ASSERT_EQ(n.op, Op::Or);
  EXPECT_EQ(n.b, 5u);
  EXPECT_EQ(kid(n, 1).op, Op::And);
  EXPECT_EQ(kid(n, 1).b, 2u);
  for (std::uint32_t k = 0; k < n.b; ++k) EXPECT_NE(kid(n, k).op, Op::Or);
}

TEST_F(CompilerTest, ShippedProtocolConditionCompilesToOneFusedConjunction) {
  const Node& n = root(
      "action in {\"basing\", \"troop_deployment\"} and member(\"CSTO\", host) and not member(\"CSTO\", actor)");
  ASSERT_EQ(n.op, Op::And);
  ASSERT_EQ(n.b, 3u);
  EXPECT_EQ(kid(n, 0).op, Op::FieldInK);
  EXPECT_EQ(kid(n, 1).op, Op::MemberKField);
  EXPECT_EQ(kid(n, 2).op, Op::NotMemberKField);
  EXPECT_EQ(kid(n, 2).k, kid(n, 1).k);
}

// ---- differential test against a reference interpreter ---------------------------------------

using ref::V;
using RefProposal = ref::Proposal;
using Reference = ref::Interpreter;

const char* const kExpressions[] = {
    "action == \"basing\"",
    "action in {\"basing\", \"troop_deployment\"}",
    "action not in {\"basing\"}",
    "member(\"CSTO\", host)",
    "member(\"CSTO\", host) and not member(\"CSTO\", actor)",
    "action in {\"basing\", \"troop_deployment\"} and member(\"CSTO\", host) and not member(\"CSTO\", actor)",
    "host in members(\"CSTO\") - {actor}",
    "count(members(\"CSTO\") - {host}) >= 2",
    "count(members(\"CSTO\")) == 3 or count(members(\"CSTO\")) < 2",
    "any(p in members(\"CSTO\"): position(p) == \"object\")",
    "all(p in members(\"CSTO\") - {host}: position(p) != \"none\")",
    "all(p in members(\"CSTO\") - {host}: position(p) in {\"consent\", \"abstain\"})",
    "status(\"CSTO\", host) == \"frozen\"",
    "status(\"CSTO\", actor) == \"none\" or actor == \"USA\"",
    "status(\"CSTO\", host) == \"member\" and status(\"CSTO\", actor) != \"frozen\"",
    "site.kind == \"airbase\" and site.state == host",
    "site.kind != \"depot\"",
    "site == \"manas\" or site.name == \"Depot 7\"",
    "date >= 2010-01-01 and date < 2015-01-01",
    "host in {\"KGZ\", \"KAZ\"} or (actor == host)",
    "member(org, actor)",
    "member(org, host) or not member(\"NATO\", actor)",
    "members(\"CSTO\") & {actor, host} == {host}",
    "members(\"CSTO\") + members(\"NATO\") - {host} == members(\"CSTO\") - {host}",
    "count(partners) > 1",
    "any(p in partners: member(\"NATO\", p))",
    "all(p in partners: member(\"CSTO\", p)) and count(partners & members(\"CSTO\")) >= 1",
    "is_state(actor) and not is_org(host)",
    "is_org(org)",
    "troops > 100",
    "troops >= 50 and troops <= 100",
    "request == true",
    "request",
    "not request or troops == 0",
    "not (action == \"basing\" or action == \"troop_deployment\")",
    "position(actor) in {\"consent\", \"abstain\"}",
    "position(host) == \"none\"",
    "actor != host and site.state != host",
    "start > date",
    "start != 2001-01-01 and start <= date",
    "purpose == \"logistics\"",
    "purpose != \"training\" and action == \"basing\"",
    "any(p in members(\"CSTO\"): all(q in members(\"NATO\"): q != p) and position(p) == \"consent\")",
    "any(p in members(\"CSTO\") + members(\"NATO\"): member(\"NATO\", p) and position(p) == \"object\")",
    "not not member(\"CSTO\", host)",
    "member(\"CSTO\", site.state)",
    "members(org) == members(\"CSTO\")",
    "count(members(org)) > 0",
    "\"RUS\" in members(\"CSTO\") and \"KAZ\" not in members(\"CSTO\")",
};

struct Generated {
  fx::Pairs fields, positions;
  RefProposal ref;
};

Generated generate(std::mt19937& rng, const Schema& schema) {
  auto pick = [&](const std::vector<std::string>& xs) { return xs[std::uniform_int_distribution<size_t>(0, xs.size() - 1)(rng)]; };
  auto coin = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  const std::vector<std::string> parties = {"KAZ", "KGZ", "RUS", "USA", "CSTO", "NATO"};
  const std::vector<std::string> states = {"KAZ", "KGZ", "RUS", "USA"};
  const std::vector<std::string> dates = {"1999-12-31", "2000-01-01", "2005-06-15", "2009-12-31", "2010-01-01",
                                          "2012-06-01", "2014-12-31", "2015-01-01", "2020-05-31", "2020-06-01",
                                          "2025-01-01"};
  Generated g;
  RefProposal& r = g.ref;
  r = RefProposal::blank(schema);
  auto set = [&](const std::string& name, const std::string& value, V v) {
    g.fields.emplace_back(name, value);
    r.fields[name] = std::move(v);
  };
  const std::string date = pick(dates);
  g.fields.emplace_back("date", date);
  r.date = fx::D(date);
  const bool accession = coin(0.15);
  const std::string action = accession ? "alliance_accession" : coin(0.5) ? "basing" : "troop_deployment";
  set("action", action, V::str(action));
  const std::string actor = pick(parties);
  set("actor", actor, V::str(actor));
  if (accession) {
    const std::string org = pick(parties);
    set("org", org, V::str(org));
  } else {
    const std::string host = pick(parties);
    set("host", host, V::str(host));
    if (coin(0.6)) { const std::string s = pick({"manas", "depot"}); set("site", s, V::str(s)); }
    if (coin(0.5)) { const std::string o = pick({"CSTO", "NATO", "RUS"}); set("org", o, V::str(o)); }
    if (coin(0.6)) {
      std::set<std::string> ps;
      std::string text;
      for (const auto& s : states)
        if (coin(0.5)) ps.insert(s), text += (text.empty() ? "" : ",") + s;
      if (!ps.empty()) set("partners", text, V::of(ps));
    }
    if (coin(0.5)) { const bool b = coin(0.5); set("request", b ? "true" : "false", V::boolean(b)); }
    if (coin(0.7)) { const std::string t = pick({"0", "50", "100", "150"}); set("troops", t, V::integer(std::stoll(t))); }
    if (coin(0.5)) { const std::string s = pick(dates); set("start", s, V::integer(fx::D(s))); }
    if (coin(0.5)) { const std::string pu = pick({"logistics", "training"}); set("purpose", pu, V::str(pu)); }
  }
  for (const auto& party : parties) {
    const int k = std::uniform_int_distribution<int>(0, 3)(rng);
    if (k == 0) continue;
    const char* pos = k == 1 ? "consent" : k == 2 ? "object" : "abstain";
    g.positions.emplace_back(party, pos);
    r.positions[party] = pos;
  }
  return g;
}

TEST_F(CompilerTest, CompiledProgramAgreesWithReferenceInterpreter) {
  std::vector<std::uint32_t> nodes;
  std::vector<Expr> asts;
  for (const char* text : kExpressions) {
    nodes.push_back(h.compile(text));
    ParseResult pr = parse_expression(text);
    ASSERT_TRUE(std::holds_alternative<Expr>(pr)) << text;
    asts.push_back(std::get<Expr>(pr));
  }
  Reference ref(h.rules());
  std::mt19937 rng(20260301);
  std::vector<int> truths(nodes.size(), 0);
  constexpr int kProposals = 3000;
  for (int n = 0; n < kProposals; ++n) {
    Generated g = generate(rng, h.rules().schema);
    const Proposal p = h.propose(g.fields, g.positions);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (nodes[i] == kNoNode) continue;
      const bool want = ref.eval(asts[i], g.ref).b;
      const bool got = h.eval(nodes[i], p);
      truths[i] += want;
      if (got != want) {
        std::string desc;
        for (const auto& [k, v] : g.fields) desc += k + "=" + v + " ";
        for (const auto& [k, v] : g.positions) desc += k + ":" + v + " ";
        ADD_FAILURE() << "[" << kExpressions[i] << "] compiled " << got << ", reference " << want << " for " << desc;
        return;
      }
    }
  }
  // The generated proposals exercise both outcomes of every expression (else the comparison
  // would prove little).
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    EXPECT_GT(truths[i], 0) << kExpressions[i] << " was never true";
    EXPECT_LT(truths[i], kProposals) << kExpressions[i] << " was always true";
  }
}

TEST_F(CompilerTest, HandWrittenTruths) {
  struct Case {
    const char* expr;
    fx::Pairs fields;
    bool want;
  };
  const std::vector<Case> cases = {
      {"action in {\"basing\", \"troop_deployment\"} and member(\"CSTO\", host) and not member(\"CSTO\", actor)",
       {{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"date", "2013-01-15"}}, true},
      {"action in {\"basing\", \"troop_deployment\"} and member(\"CSTO\", host) and not member(\"CSTO\", actor)",
       {{"action", "basing"}, {"actor", "RUS"}, {"host", "KGZ"}, {"date", "2013-01-15"}}, false},
      {"action in {\"basing\", \"troop_deployment\"} and member(\"CSTO\", host) and not member(\"CSTO\", actor)",
       {{"action", "basing"}, {"actor", "USA"}, {"host", "KAZ"}, {"date", "2012-01-01"}}, false},  // KAZ in its gap
      {"count(members(\"CSTO\") - {host}) == 2", {{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"date", "2016-01-01"}}, true},
      {"count(members(\"CSTO\") - {host}) == 2", {{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"date", "2011-01-01"}}, false},
      {"site.kind == \"airbase\" and site.state == host",
       {{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"site", "manas"}, {"date", "2016-01-01"}}, true},
      {"site.kind == \"airbase\" and site.state == host",
       {{"action", "basing"}, {"actor", "USA"}, {"host", "KAZ"}, {"site", "manas"}, {"date", "2016-01-01"}}, false},
  };
  for (const auto& c : cases) {
    const std::uint32_t n = h.compile(c.expr);
    const Proposal p = h.propose(c.fields);
    EXPECT_EQ(h.eval(n, p), c.want) << c.expr << " on " << c.fields[2].second << " " << c.fields.back().second;
  }
}

}  // namespace
}  // namespace accord::internal
