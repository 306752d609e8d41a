// Deciding: the consent rules' truth tables, the decision lattice, effective windows,
// overrides (lex specialis), obligations, and contested readings with their forks.
#include "decide/decide.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "support/fixture.h"

namespace accord::internal {
namespace {

using fx::Names;

// ---- consent rules: exhaustive truth tables ---------------------------------------------------

enum class Pos { None, Consent, Object, Abstain };

// docs/rules-format.md ("Consent rules"), written independently of the engine. `n` parties required.
ClauseStatus expected_status(ConsentRule rule, const std::vector<Pos>& ps) {
  int yes = 0, no = 0, open = 0;
  for (Pos p : ps) yes += p == Pos::Consent, no += p == Pos::Object, open += p == Pos::None;
  const int n = static_cast<int>(ps.size());
  switch (rule) {
    case ConsentRule::Unanimous:  // every party must consent; any objection vetoes
      if (no > 0) return ClauseStatus::Vetoed;
      return yes == n ? ClauseStatus::Satisfied : ClauseStatus::Pending;
    case ConsentRule::NoObjection:  // every party consulted; consent and abstain are no objection
      if (no > 0) return ClauseStatus::Vetoed;
      return open == 0 ? ClauseStatus::Satisfied : ClauseStatus::Pending;
    case ConsentRule::Majority:  // more than half consent; vetoed once that cannot be reached
      if (2 * yes > n) return ClauseStatus::Satisfied;
      if (n > 0 && 2 * (yes + open) <= n) return ClauseStatus::Vetoed;
      return n == 0 ? ClauseStatus::Satisfied : ClauseStatus::Pending;
    case ConsentRule::Any:  // one consent suffices
      if (yes > 0 || n == 0) return ClauseStatus::Satisfied;
      return open == 0 ? ClauseStatus::Vetoed : ClauseStatus::Pending;
    case ConsentRule::Consult:  // every party consulted; nobody can block
      return open == 0 ? ClauseStatus::Satisfied : ClauseStatus::Pending;
  }
  return ClauseStatus::Pending;
}

const char* rule_name(ConsentRule r) { return consent_rule_name(r); }

// Positions owned by the test; consent_status takes a view of them.
struct OwnedStances {
  Bits consented, objected, abstained;
  Stances view() const { return {&consented, &objected, &abstained}; }
};

struct Table {
  Bits required;
  OwnedStances stances;
  std::vector<Pos> ps;
};

// Parties 1..n are required; party 100 (not required) always objects and must never count.
Table make_table(unsigned n, unsigned code) {
  Table t;
  for (unsigned i = 0; i < n; ++i) {
    const unsigned id = i + 1;
    t.required.set(id);
    const Pos p = static_cast<Pos>(code % 4);
    code /= 4;
    t.ps.push_back(p);
    if (p == Pos::Consent) t.stances.consented.set(id);
    if (p == Pos::Object) t.stances.objected.set(id);
    if (p == Pos::Abstain) t.stances.abstained.set(id);
  }
  t.stances.objected.set(100);
  return t;
}

TEST(ConsentRules, TruthTablesOverEveryCombinationOfPositions) {
  const ConsentRule rules[] = {ConsentRule::Unanimous, ConsentRule::NoObjection, ConsentRule::Majority,
                               ConsentRule::Any, ConsentRule::Consult};
  int checked = 0;
  for (ConsentRule rule : rules)
    for (unsigned n = 0; n <= 5; ++n) {
      unsigned combos = 1;
      for (unsigned i = 0; i < n; ++i) combos *= 4;
      for (unsigned code = 0; code < combos; ++code) {
        Table t = make_table(n, code);
        ClauseResult r;
        const ClauseStatus got = consent_status(rule, t.required, t.stances.view(), r);
        const ClauseStatus want = expected_status(rule, t.ps);
        std::string desc;
        for (Pos p : t.ps) desc += "NCOA"[static_cast<int>(p)];
        ASSERT_EQ(clause_status_name(got), std::string(clause_status_name(want)))
            << rule_name(rule) << " with positions " << desc << " (N none, C consent, O object, A abstain)";
        // Parties are sorted into what they said; the non-required objector is ignored.
        EXPECT_EQ(r.required, t.required);
        EXPECT_EQ(r.consented, t.stances.consented & t.required);
        EXPECT_EQ(r.objected, t.stances.objected & t.required);
        EXPECT_FALSE(r.objected.test(100));
        Bits open = t.required - t.stances.consented - t.stances.objected - t.stances.abstained;
        // Unanimity still waits for an abstainer: abstaining is not consenting.
        if (rule == ConsentRule::Unanimous) open |= t.stances.abstained & t.required;
        EXPECT_EQ(r.pending, open) << rule_name(rule) << " " << desc;
        // Who blocked a veto: the objectors; for majority and any, where abstaining also
        // withholds the consent needed, the abstainers too.
        if (got == ClauseStatus::Vetoed) {
          Bits blockers = t.stances.objected & t.required;
          if (rule == ConsentRule::Majority || rule == ConsentRule::Any) blockers |= t.stances.abstained & t.required;
          EXPECT_EQ(r.blocking, blockers) << rule_name(rule) << " " << desc;
          EXPECT_FALSE(r.blocking.empty()) << "a veto names who vetoed: " << rule_name(rule) << " " << desc;
        }
        ++checked;
      }
    }
  EXPECT_EQ(checked, 5 * (1 + 4 + 16 + 64 + 256 + 1024));
}

ClauseStatus status_of(ConsentRule rule, std::initializer_list<Pos> ps) {
  Table t = make_table(0, 0);
  unsigned id = 1;
  for (Pos p : ps) {
    t.required.set(id);
    if (p == Pos::Consent) t.stances.consented.set(id);
    if (p == Pos::Object) t.stances.objected.set(id);
    if (p == Pos::Abstain) t.stances.abstained.set(id);
    ++id;
  }
  ClauseResult r;
  return consent_status(rule, t.required, t.stances.view(), r);
}

TEST(ConsentRules, Unanimous) {
  using P = Pos;
  EXPECT_EQ(status_of(ConsentRule::Unanimous, {P::Consent, P::Consent, P::Consent}), ClauseStatus::Satisfied);
  EXPECT_EQ(status_of(ConsentRule::Unanimous, {P::Consent, P::None, P::Consent}), ClauseStatus::Pending);
  EXPECT_EQ(status_of(ConsentRule::Unanimous, {P::Consent, P::Abstain, P::Consent}), ClauseStatus::Pending);
  EXPECT_EQ(status_of(ConsentRule::Unanimous, {P::Consent, P::Object, P::None}), ClauseStatus::Vetoed);
}

TEST(ConsentRules, NoObjection) {
  using P = Pos;
  EXPECT_EQ(status_of(ConsentRule::NoObjection, {P::Consent, P::Abstain, P::Abstain}), ClauseStatus::Satisfied);
  EXPECT_EQ(status_of(ConsentRule::NoObjection, {P::Consent, P::None}), ClauseStatus::Pending);
  EXPECT_EQ(status_of(ConsentRule::NoObjection, {P::Object, P::None}), ClauseStatus::Vetoed);
}

TEST(ConsentRules, MajorityTiesAndUnreachable) {
  using P = Pos;
  EXPECT_EQ(status_of(ConsentRule::Majority, {P::Consent, P::Consent, P::Object}), ClauseStatus::Satisfied);
  // A tie is not a majority: 2 of 4, and nobody left to ask.
  EXPECT_EQ(status_of(ConsentRule::Majority, {P::Consent, P::Consent, P::Object, P::Object}), ClauseStatus::Vetoed);
  EXPECT_EQ(status_of(ConsentRule::Majority, {P::Consent, P::Consent, P::Abstain, P::Abstain}), ClauseStatus::Vetoed);
  // 2 of 4 with one still to speak: a majority can still be reached.
  EXPECT_EQ(status_of(ConsentRule::Majority, {P::Consent, P::Consent, P::Object, P::None}), ClauseStatus::Pending);
  // 1 of 3 with two objections: can no longer be reached, even before anyone else speaks.
  EXPECT_EQ(status_of(ConsentRule::Majority, {P::Consent, P::Object, P::Object}), ClauseStatus::Vetoed);
  EXPECT_EQ(status_of(ConsentRule::Majority, {P::Object, P::Object, P::None, P::None, P::None}), ClauseStatus::Pending);
  EXPECT_EQ(status_of(ConsentRule::Majority, {P::Object, P::Object, P::Object, P::None, P::None}), ClauseStatus::Vetoed);
  EXPECT_EQ(status_of(ConsentRule::Majority, {P::None, P::None}), ClauseStatus::Pending);
}

TEST(ConsentRules, AnyAndConsult) {
  using P = Pos;
  EXPECT_EQ(status_of(ConsentRule::Any, {P::Object, P::Consent, P::Object}), ClauseStatus::Satisfied);
  EXPECT_EQ(status_of(ConsentRule::Any, {P::Object, P::None}), ClauseStatus::Pending);
  EXPECT_EQ(status_of(ConsentRule::Any, {P::Object, P::Abstain}), ClauseStatus::Vetoed);
  // Consult: an objection is recorded, not a veto.
  EXPECT_EQ(status_of(ConsentRule::Consult, {P::Object, P::Object}), ClauseStatus::Satisfied);
  EXPECT_EQ(status_of(ConsentRule::Consult, {P::Object, P::None}), ClauseStatus::Pending);
}

// With nobody to ask every rule is satisfied (regression: majority of nobody read as "a
// majority can no longer be reached" and vetoed with an empty vetoed_by).
TEST(ConsentRules, NobodyToAskIsSatisfied) {
  for (ConsentRule rule : {ConsentRule::Unanimous, ConsentRule::NoObjection, ConsentRule::Majority,
                           ConsentRule::Any, ConsentRule::Consult}) {
    ClauseResult r;
    OwnedStances someone_objects;
    someone_objects.objected.set(7);  // not asked, so it cannot block
    EXPECT_EQ(consent_status(rule, Bits{}, someone_objects.view(), r), ClauseStatus::Satisfied) << rule_name(rule);
  }
}

// ---- the lattice over applying clauses --------------------------------------------------------

class LatticeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rules.add_instrument("main", "t", R"(  - id: t/permit
    when: action == "basing"
    effect: permit
  - id: t/consent
    when: action == "basing" and troops >= 10
    effect: consent
    consent: { from: '{"RUS"}', rule: no_objection }
  - id: t/prohibit
    when: action == "basing" and troops >= 100
    effect: prohibit
  - id: t/duty
    when: action == "basing" and troops >= 1000
    effect: obligation
    binds: members("CSTO") - {host}
)");
    engine = rules.engine();
    ASSERT_NE(engine, nullptr);
  }
  Decision run(const std::string& troops, const fx::Pairs& positions = {}) {
    auto p = fx::propose(*engine, {{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"troops", troops},
                                   {"date", "2016-01-01"}}, positions);
    return fx::decide_on(*engine, p);
  }
  fx::RulesFixture rules;
  std::unique_ptr<Engine> engine;
};

TEST_F(LatticeTest, ExplicitPermitAlone) {
  Decision d = run("0");
  EXPECT_EQ(d.verdict, Verdict::Permitted);
  EXPECT_EQ(fx::statuses(*engine, d), (std::vector<std::string>{"t/permit=permitted"}));
}

TEST_F(LatticeTest, NeedsConsentBeatsPermitted) {
  Decision d = run("10");
  EXPECT_EQ(d.verdict, Verdict::NeedsConsent);
  EXPECT_EQ(fx::names(engine->tables(), d.pending), Names{"RUS"});
  EXPECT_TRUE(d.vetoed_by.empty());
}

TEST_F(LatticeTest, ConsentGivenIsPermitted) {
  Decision d = run("10", {{"RUS", "consent"}});
  EXPECT_EQ(d.verdict, Verdict::Permitted);
  EXPECT_EQ(fx::statuses(*engine, d), (std::vector<std::string>{"t/permit=permitted", "t/consent=satisfied"}));
  EXPECT_TRUE(d.pending.empty());
}

TEST_F(LatticeTest, VetoedBeatsPermitted) {
  Decision d = run("10", {{"RUS", "object"}});
  EXPECT_EQ(d.verdict, Verdict::Vetoed);
  EXPECT_EQ(fx::names(engine->tables(), d.vetoed_by), Names{"RUS"});
}

TEST_F(LatticeTest, ProhibitedBeatsVetoed) {
  Decision d = run("100", {{"RUS", "object"}});
  EXPECT_EQ(d.verdict, Verdict::Prohibited);
  ASSERT_EQ(d.prohibited_by.size(), 1u);
  EXPECT_EQ(engine->rules().clauses[d.prohibited_by[0]].id, "t/prohibit");
  EXPECT_EQ(fx::names(engine->tables(), d.vetoed_by), Names{"RUS"});  // still reported
  EXPECT_EQ(run("100", {{"RUS", "consent"}}).verdict, Verdict::Prohibited);
  EXPECT_EQ(run("100").verdict, Verdict::Prohibited);
}

TEST_F(LatticeTest, ObligationDoesNotChangeTheDecision) {
  Decision d = run("1000", {{"RUS", "consent"}});
  EXPECT_EQ(d.verdict, Verdict::Prohibited);
  ASSERT_EQ(d.obligations.size(), 1u);
  const ClauseResult& ob = d.clauses[d.obligations[0]];
  EXPECT_EQ(ob.status, ClauseStatus::Obligation);
  EXPECT_EQ(engine->rules().clauses[ob.clause].id, "t/duty");
  EXPECT_EQ(fx::names(engine->tables(), ob.binds), (Names{"KAZ", "RUS"}));
}

TEST_F(LatticeTest, NoClauseAppliesIsPermitted) {
  auto p = fx::propose(*engine, {{"action", "armed_attack"}, {"actor", "USA"}, {"host", "KGZ"}, {"date", "2016-01-01"}});
  Decision d = fx::decide_on(*engine, p);
  EXPECT_EQ(d.verdict, Verdict::Permitted);
  EXPECT_TRUE(d.clauses.empty());
  EXPECT_EQ(d.as_of, fx::D("2016-01-01"));
}

TEST(Lattice, VerdictNames) {
  EXPECT_STREQ(verdict_name(Verdict::Permitted), "permitted");
  EXPECT_STREQ(verdict_name(Verdict::NeedsConsent), "needs_consent");
  EXPECT_STREQ(verdict_name(Verdict::Vetoed), "vetoed");
  EXPECT_STREQ(verdict_name(Verdict::Prohibited), "prohibited");
  EXPECT_STREQ(clause_status_name(ClauseStatus::SetAside), "set_aside");
}

TEST(Decide, PendingAndVetoedByAreUnionsOverClauses) {
  fx::RulesFixture rules;
  rules.add_instrument("main", "t", R"(  - id: t/a
    when: action == "basing"
    effect: consent
    consent: { from: '{"RUS", "KAZ"}', rule: no_objection }
  - id: t/b
    when: action == "basing"
    effect: consent
    consent: { from: '{"KGZ", "USA"}', rule: unanimous }
)");
  auto engine = rules.engine();
  auto p = fx::propose(*engine, {{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"date", "2016-01-01"}},
                       {{"RUS", "object"}, {"USA", "consent"}});
  Decision d = fx::decide_on(*engine, p);
  EXPECT_EQ(d.verdict, Verdict::Vetoed);
  EXPECT_EQ(fx::names(engine->tables(), d.vetoed_by), Names{"RUS"});
  EXPECT_EQ(fx::names(engine->tables(), d.pending), (Names{"KAZ", "KGZ"}));
}

// A Decision is reused from proposal to proposal (the batch path): a result slot that served a
// consent clause and then serves a prohibition or an obligation must not keep the old sets.
TEST(Decide, AReusedDecisionKeepsNothingOfTheLastProposal) {
  fx::RulesFixture rules;
  rules.add_instrument("main", "t", R"(  - id: t/consent
    when: action == "basing"
    effect: consent
    consent: { from: '{"RUS", "KAZ"}', rule: unanimous }
  - id: t/duty
    when: action == "armed_attack"
    effect: obligation
    binds: '{"KGZ"}'
)");
  auto engine = rules.engine();
  const auto basing = fx::propose(*engine, {{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"date", "2016-01-01"}},
                                  {{"RUS", "object"}});
  const auto attack = fx::propose(*engine, {{"action", "armed_attack"}, {"actor", "USA"}, {"host", "KGZ"}, {"date", "2016-01-01"}});
  Decision reused;
  decide(*engine, basing, {}, reused);
  decide(*engine, attack, {}, reused);
  ASSERT_EQ(reused.clauses.size(), 1u);
  const ClauseResult& r = reused.clauses[0];
  EXPECT_EQ(r.status, ClauseStatus::Obligation);
  for (const Bits* b : {&r.required, &r.consented, &r.objected, &r.abstained, &r.pending, &r.blocking})
    EXPECT_TRUE(b->empty()) << fx::names(engine->tables(), *b).size() << " parties left from the basing proposal";
  decide(*engine, basing, {}, reused);
  EXPECT_TRUE(reused.clauses[0].binds.empty());
  EXPECT_EQ(fx::names(engine->tables(), reused.clauses[0].objected), Names{"RUS"});
}

// decide() computes consent sets over the words that can hold this engine's parties. A
// Decision reused with an engine of fewer parties (a server that reloaded its rules, a test
// that swaps packs) must not keep parties of the larger engine in the words above.
TEST(Decide, AReusedDecisionIsExactAcrossEnginesOfDifferentSizes) {
  const Engine& big = fx::shipped_engine();
  const auto accession = fx::propose(big, {{"action", "alliance_accession"}, {"actor", "UKR"}, {"org", "NATO"},
                                           {"date", "2026-01-01"}});
  Decision reused;
  decide(big, accession, {}, reused);
  unsigned highest = 0;
  reused.pending.for_each([&](unsigned id) { highest = id; });
  ASSERT_GE(highest, 64u) << "the test needs a pending party beyond the first word";

  fx::RulesFixture rules;
  rules.add_instrument("main", "t", R"(  - id: t/consent
    when: action == "basing"
    effect: consent
    consent: { from: '{"RUS", "KAZ"}', rule: unanimous }
)");
  auto small = rules.engine();
  ASSERT_LT(small->tables().parties.size(), 64u);
  const auto basing = fx::propose(*small, {{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"date", "2016-01-01"}},
                                  {{"RUS", "object"}});
  decide(*small, basing, {}, reused);
  const Decision fresh = fx::decide_on(*small, basing);
  // (Counts, not names, in the messages: a stale party id has no name in the small engine.)
  EXPECT_TRUE(reused.pending == fresh.pending) << reused.pending.count() << " pending, want " << fresh.pending.count();
  EXPECT_TRUE(reused.vetoed_by == fresh.vetoed_by) << reused.vetoed_by.count() << " vetoing, want " << fresh.vetoed_by.count();
  ASSERT_EQ(reused.clauses.size(), 1u);
  const ClauseResult &a = reused.clauses[0], &b = fresh.clauses[0];
  for (auto set : {&ClauseResult::required, &ClauseResult::consented, &ClauseResult::objected, &ClauseResult::abstained,
                   &ClauseResult::pending, &ClauseResult::blocking})
    ASSERT_TRUE(a.*set == b.*set) << (a.*set).count() << " parties, want " << (b.*set).count();
  EXPECT_EQ(fx::names(small->tables(), a.pending), Names{"KAZ"});
}

// ---- effective windows ------------------------------------------------------------------------

class WindowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rules.add_instrument("main", "w", R"(  - id: w/window
    effective: { from: 2010-01-01, to: 2012-01-01 }
    when: action == "basing"
    effect: prohibit
  - id: w/default
    when: action == "troop_deployment"
    effect: prohibit
)", "2005-06-01");
    engine = rules.engine();
    ASSERT_NE(engine, nullptr);
  }
  Verdict on(const std::string& action, const std::string& date) {
    auto p = fx::propose(*engine, {{"action", action}, {"actor", "USA"}, {"host", "KGZ"}, {"date", date}});
    return fx::decide_on(*engine, p).verdict;
  }
  fx::RulesFixture rules;
  std::unique_ptr<Engine> engine;
};

TEST_F(WindowTest, FromIsInclusiveToIsExclusive) {
  EXPECT_EQ(on("basing", "2009-12-31"), Verdict::Permitted);
  EXPECT_EQ(on("basing", "2010-01-01"), Verdict::Prohibited);
  EXPECT_EQ(on("basing", "2011-12-31"), Verdict::Prohibited);
  EXPECT_EQ(on("basing", "2012-01-01"), Verdict::Permitted);
}

TEST_F(WindowTest, DefaultWindowStartsAtTheInstrumentsEntryIntoForce) {
  EXPECT_EQ(on("troop_deployment", "2005-05-31"), Verdict::Permitted);
  EXPECT_EQ(on("troop_deployment", "2005-06-01"), Verdict::Prohibited);
  EXPECT_EQ(on("troop_deployment", "2099-12-31"), Verdict::Prohibited);
}

// Regression: an open-ended window used to end at 4707-11-28, so a clause silently stopped
// applying to proposals dated later, although such dates are accepted.
TEST_F(WindowTest, OpenWindowCoversEveryAcceptedDate) {
  EXPECT_EQ(on("troop_deployment", "5000-01-01"), Verdict::Prohibited);
  EXPECT_EQ(on("troop_deployment", "9999-12-31"), Verdict::Prohibited);
}

// ---- overrides --------------------------------------------------------------------------------

const char* kOverrideClauses[] = {
    R"(  - id: o/base
    when: action == "basing"
    effect: consent
    consent: { from: '{"RUS"}', rule: no_objection }
)",
    R"(  - id: o/special
    when: action == "basing" and troops >= 50
    effect: permit
    overrides: [o/base]
)",
    R"(  - id: o/exception
    when: action == "basing" and troops >= 70
    effect: permit
    overrides: [o/special]
)"};

class OverrideTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    // The same clauses in file order and reversed: the outcome must not depend on the order.
    std::string text;
    if (GetParam())
      for (int i = 2; i >= 0; --i) text += kOverrideClauses[i];
    else
      for (int i = 0; i < 3; ++i) text += kOverrideClauses[i];
    rules.add_instrument("main", "o", text);
    engine = rules.engine();
    ASSERT_NE(engine, nullptr);
  }
  Decision run(const std::string& troops) {
    auto p = fx::propose(*engine, {{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"troops", troops},
                                   {"date", "2016-01-01"}}, {{"RUS", "object"}});
    return fx::decide_on(*engine, p);
  }
  std::string by(const Decision& d, const char* id) {
    const ClauseResult* r = fx::result_of(*engine, d, id);
    if (!r) return "(not applying)";
    if (r->status != ClauseStatus::SetAside) return clause_status_name(r->status);
    return "set_aside by " + engine->rules().clauses[static_cast<size_t>(r->set_aside_by)].id;
  }
  fx::RulesFixture rules;
  std::unique_ptr<Engine> engine;
};

TEST_P(OverrideTest, OverriderThatDoesNotApplySetsNothingAside) {
  Decision d = run("0");
  EXPECT_EQ(d.verdict, Verdict::Vetoed);
  EXPECT_EQ(by(d, "o/base"), "vetoed");
  EXPECT_EQ(by(d, "o/special"), "(not applying)");
}

TEST_P(OverrideTest, ApplyingOverriderSetsAsideWithBy) {
  Decision d = run("50");
  EXPECT_EQ(d.verdict, Verdict::Permitted);
  EXPECT_EQ(by(d, "o/base"), "set_aside by o/special");
  EXPECT_EQ(by(d, "o/special"), "permitted");
  EXPECT_TRUE(d.vetoed_by.empty());  // a set-aside clause's objections do not count
  EXPECT_TRUE(d.pending.empty());
}

TEST_P(OverrideTest, OverriderThatIsItselfSetAsideDoesNotSetAside) {
  Decision d = run("70");
  EXPECT_EQ(by(d, "o/exception"), "permitted");
  EXPECT_EQ(by(d, "o/special"), "set_aside by o/exception");
  EXPECT_EQ(by(d, "o/base"), "vetoed");
  EXPECT_EQ(d.verdict, Verdict::Vetoed);
  EXPECT_EQ(fx::names(engine->tables(), d.vetoed_by), Names{"RUS"});
}

INSTANTIATE_TEST_SUITE_P(FileOrder, OverrideTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Reversed" : "Forward"; });

TEST(Overrides, SetAsideClausesAreStillListed) {
  fx::RulesFixture rules;
  rules.add_instrument("main", "o", std::string(kOverrideClauses[0]) + kOverrideClauses[1]);
  auto engine = rules.engine();
  auto p = fx::propose(*engine, {{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"troops", "60"},
                                 {"date", "2016-01-01"}});
  Decision d = fx::decide_on(*engine, p);
  EXPECT_EQ(fx::statuses(*engine, d), (std::vector<std::string>{"o/base=set_aside", "o/special=permitted"}));
}

// ---- obligations ------------------------------------------------------------------------------

TEST(Obligations, BindsAreComputedOnTheProposalsDate) {
  fx::RulesFixture rules;
  rules.add_instrument("main", "ob", R"(  - id: ob/duty
    when: action == "armed_attack" and member("CSTO", host)
    effect: obligation
    binds: members("CSTO") - {host, actor}
  - id: ob/plain
    when: action == "armed_attack"
    effect: obligation
)");
  auto engine = rules.engine();
  auto attack = [&](const std::string& actor, const std::string& date) {
    auto p = fx::propose(*engine, {{"action", "armed_attack"}, {"actor", actor}, {"host", "KGZ"}, {"date", date}});
    return fx::decide_on(*engine, p);
  };
  Decision d = attack("USA", "2016-01-01");
  EXPECT_EQ(d.verdict, Verdict::Permitted);
  ASSERT_EQ(d.obligations.size(), 2u);
  EXPECT_EQ(fx::names(engine->tables(), d.clauses[d.obligations[0]].binds), (Names{"KAZ", "RUS"}));
  EXPECT_TRUE(d.clauses[d.obligations[1]].binds.empty());
  // KAZ is out of the CSTO in 2012, and an attacking member is not bound.
  Decision gap = attack("RUS", "2012-01-01");
  ASSERT_EQ(gap.obligations.size(), 2u);
  EXPECT_EQ(fx::names(engine->tables(), gap.clauses[gap.obligations[0]].binds), Names{});
  Decision outside = attack("USA", "1999-01-01");
  ASSERT_EQ(outside.obligations.size(), 1u);  // KGZ not yet a member: only the plain duty
}

// ---- readings ---------------------------------------------------------------------------------

class ReadingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rules.add_instrument("main", "r", R"(  - id: r/art_7
    when: action == "basing" and member("CSTO", host) and not member("CSTO", actor)
    readings:
      consultation:
        effect: consent
        consent:
          from: members("CSTO") - {host}
          rule: consult
      agreement:
        effect: consent
        consent:
          from: members("CSTO") - {host}
          rule: unanimous
    default_reading: consultation
  - id: r/ban
    when: action == "basing" and troops >= 100
    effect: prohibit
)");
    engine = rules.engine();
    ASSERT_NE(engine, nullptr);
    art7 = static_cast<std::uint32_t>(engine->find_clause("r/art_7"));
  }
  Decision run(const fx::Pairs& positions, const DecideOptions& o = {}, const std::string& troops = "0") {
    auto p = fx::propose(*engine, {{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"troops", troops},
                                   {"date", "2016-01-01"}}, positions);
    return fx::decide_on(*engine, p, o);
  }
  DecideOptions choose(const char* reading_name) {
    DecideOptions o;
    o.readings.assign(engine->clauses().size(), -1);
    const Clause& c = engine->rules().clauses[art7];
    for (std::size_t i = 0; i < c.readings.size(); ++i)
      if (c.readings[i].name == reading_name) o.readings[art7] = static_cast<std::int16_t>(i);
    return o;
  }
  std::string reading_name(std::uint8_t r) { return engine->rules().clauses[art7].readings[r].name; }
  fx::RulesFixture rules;
  std::unique_ptr<Engine> engine;
  std::uint32_t art7 = 0;
};

TEST_F(ReadingsTest, DefaultReadingIsUsed) {
  Decision d = run({{"RUS", "object"}, {"KAZ", "consent"}});
  const ClauseResult* r = fx::result_of(*engine, d, "r/art_7");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(reading_name(r->reading), "consultation");
  EXPECT_EQ(r->status, ClauseStatus::Satisfied);  // consultation: the objection is recorded
  EXPECT_EQ(fx::names(engine->tables(), r->objected), Names{"RUS"});
  EXPECT_EQ(d.verdict, Verdict::Permitted);
}

TEST_F(ReadingsTest, ForkWhenTheAlternativeChangesTheDecisionNow) {
  Decision d = run({{"RUS", "object"}, {"KAZ", "consent"}});
  ASSERT_EQ(d.forks.size(), 1u);
  const ReadingFork& f = d.forks[0];
  EXPECT_EQ(f.clause, art7);
  EXPECT_EQ(reading_name(f.reading), "agreement");
  EXPECT_EQ(f.verdict, Verdict::Vetoed);
  EXPECT_TRUE(f.if_objecting.empty());  // nobody is pending
}

TEST_F(ReadingsTest, ForkWhenTheAlternativeDiffersIfThePendingObject) {
  Decision d = run({});
  EXPECT_EQ(d.verdict, Verdict::NeedsConsent);
  ASSERT_EQ(d.forks.size(), 1u);
  const ReadingFork& f = d.forks[0];
  EXPECT_EQ(f.verdict, Verdict::NeedsConsent);  // same decision now...
  EXPECT_EQ(fx::names(engine->tables(), f.if_objecting), (Names{"KAZ", "RUS"}));
  EXPECT_EQ(f.verdict_if_objecting, Verdict::Permitted);     // ...consulted objections do not block
  EXPECT_EQ(f.alt_verdict_if_objecting, Verdict::Vetoed);    // ...but under agreement they veto
}

TEST_F(ReadingsTest, NoForkWhenEveryReadingAgrees) {
  Decision d = run({{"RUS", "consent"}, {"KAZ", "consent"}});
  EXPECT_EQ(d.verdict, Verdict::Permitted);
  EXPECT_TRUE(d.forks.empty());
}

TEST_F(ReadingsTest, NoForkWhenAnotherClauseDecidesAnyway) {
  Decision d = run({{"RUS", "object"}}, {}, "100");
  EXPECT_EQ(d.verdict, Verdict::Prohibited);
  EXPECT_TRUE(d.forks.empty()) << "prohibited under either reading";
}

TEST_F(ReadingsTest, ChosenReadingViaOptions) {
  Decision d = run({{"RUS", "object"}, {"KAZ", "consent"}}, choose("agreement"));
  const ClauseResult* r = fx::result_of(*engine, d, "r/art_7");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(reading_name(r->reading), "agreement");
  EXPECT_EQ(r->status, ClauseStatus::Vetoed);
  EXPECT_EQ(d.verdict, Verdict::Vetoed);
  EXPECT_EQ(fx::names(engine->tables(), d.vetoed_by), Names{"RUS"});
  // The report now names the default as the alternative that would permit it.
  ASSERT_EQ(d.forks.size(), 1u);
  EXPECT_EQ(reading_name(d.forks[0].reading), "consultation");
  EXPECT_EQ(d.forks[0].verdict, Verdict::Permitted);
}

TEST_F(ReadingsTest, ChoosingTheDefaultExplicitlyChangesNothing) {
  Decision a = run({{"RUS", "object"}});
  Decision b = run({{"RUS", "object"}}, choose("consultation"));
  EXPECT_EQ(a.verdict, b.verdict);
  EXPECT_EQ(fx::statuses(*engine, a), fx::statuses(*engine, b));
  EXPECT_EQ(a.forks.size(), b.forks.size());
}

// ---- which clauses apply ------------------------------------------------------------------------

// decide() selects clauses by their effective window and `when` (and skips clauses whose
// condition pins another action without evaluating them). Whatever shape the condition has,
// the applying clauses must be exactly those in force whose condition holds.
TEST(Decide, ApplyingClausesAreExactlyThoseWhoseConditionHolds) {
  const std::vector<std::pair<std::string, std::string>> whens = {
      {"sel/eq_first", "action == \"basing\" and troops > 10"},
      {"sel/in_first", "action in {\"basing\", \"troop_deployment\"} and member(\"CSTO\", host)"},
      {"sel/eq_later", "member(\"CSTO\", host) and action == \"troop_deployment\""},
      {"sel/eq_reversed", "\"armed_attack\" == action"},
      {"sel/ne", "action != \"basing\" and actor == \"USA\""},
      {"sel/not_eq", "not (action == \"armed_attack\") and troops >= 100"},
      {"sel/or", "action == \"alliance_accession\" or troops == 50"},
      {"sel/nested", "(action == \"basing\" and request) and host == \"KGZ\""},
      {"sel/not_in", "action not in {\"basing\"} and member(\"NATO\", actor)"},
      {"sel/plain", "member(\"CSTO\", actor)"},
      {"sel/bool", "request"},
      {"sel/always", "true"},
      {"sel/never_twice", "action == \"basing\" and action == \"troop_deployment\""},
  };
  std::string clauses;
  for (const auto& [id, when] : whens)
    clauses += "  - id: " + id + "\n    when: '" + when + "'\n    effect: obligation\n";
  clauses += "  - id: sel/windowed\n    effective: { from: 2010-01-01, to: 2015-01-01 }\n"
             "    when: action == \"basing\"\n    effect: obligation\n";
  fx::RulesFixture rules;
  rules.add_instrument("main", "sel", clauses);
  auto engine = rules.engine();
  fx::ExprHarness h(rules);
  std::vector<std::uint32_t> nodes;
  for (const auto& [id, when] : whens) nodes.push_back(h.compile(when));
  const std::uint32_t windowed = h.compile("action == \"basing\"");

  std::mt19937 rng(11);
  auto pick = [&](std::vector<std::string> xs) { return xs[rng() % xs.size()]; };
  const std::vector<std::string> parties = {"KAZ", "KGZ", "RUS", "USA", "CSTO", "NATO"};
  std::set<std::string> seen;
  for (int n = 0; n < 2000; ++n) {
    const std::string action = pick({"basing", "troop_deployment", "alliance_accession", "armed_attack"});
    const std::string date = pick({"2005-01-01", "2010-01-01", "2014-12-31", "2015-01-01", "2020-06-01"});
    fx::Pairs f = {{"action", action}, {"actor", pick(parties)}, {"date", date}};
    if (action == "alliance_accession") {
      f.emplace_back("org", pick(parties));
    } else {
      f.emplace_back("host", pick(parties));
      if (action != "armed_attack") {
        if (rng() % 2) f.emplace_back("troops", pick({"0", "20", "50", "100"}));
        if (rng() % 2) f.emplace_back("request", pick({"true", "false"}));
      }
    }
    const Decision d = fx::decide_on(*engine, fx::propose(*engine, f));
    std::set<std::string> got;
    for (const auto& r : d.clauses) got.insert(engine->rules().clauses[r.clause].id);
    std::set<std::string> want;
    const Proposal hp = h.propose(f);
    for (std::size_t i = 0; i < whens.size(); ++i)
      if (h.eval(nodes[i], hp)) want.insert(whens[i].first);
    const Date day = fx::D(date);
    if (day >= fx::D("2010-01-01") && day < fx::D("2015-01-01") && h.eval(windowed, hp)) want.insert("sel/windowed");
    ASSERT_EQ(got, want) << "action " << action << " on " << date;
    seen.insert(got.begin(), got.end());
  }
  EXPECT_EQ(seen.size(), whens.size()) << "every clause applied at least once, but for the impossible one";
  EXPECT_FALSE(seen.count("sel/never_twice"));
}

TEST(Decide, DecisionObjectIsReusable) {
  fx::RulesFixture rules;
  rules.add_instrument("main", "t", R"(  - id: t/a
    when: action == "basing" and troops >= 10
    effect: consent
    consent: { from: '{"RUS"}', rule: no_objection }
)");
  auto engine = rules.engine();
  Decision d;
  auto vetoed = fx::propose(*engine, {{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"troops", "10"},
                                      {"date", "2016-01-01"}}, {{"RUS", "object"}});
  auto clean = fx::propose(*engine, {{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"date", "2016-01-01"}});
  decide(*engine, vetoed, {}, d);
  EXPECT_EQ(d.verdict, Verdict::Vetoed);
  decide(*engine, clean, {}, d);
  EXPECT_EQ(d.verdict, Verdict::Permitted);
  EXPECT_TRUE(d.clauses.empty());
  EXPECT_TRUE(d.vetoed_by.empty());
  EXPECT_TRUE(d.pending.empty());
}

}  // namespace
}  // namespace accord::internal
