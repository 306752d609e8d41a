// Rule packs with the 2026 additions: dated `versions:` of a clause (one Clause per version,
// each with its own text, condition and effect, the periods following each other), the `note`
// effect, instrument parties in the facts (party_to, parties_to) and dated presences on sites
// (present_since) — what they load into, how they decide, and every error an author can make
// with them, verbatim.
#include <gtest/gtest.h>

#include <string>

#include "support/fixture.h"

namespace accord::internal {
namespace {

using fx::contains;
using fx::D;
using fx::RulesFixture;

const char* kVersioned = R"yaml(  - id: pact/art_4
    title: Help against aggression
    effective: { from: 2000-01-01 }
    when: action == "basing" and member("CSTO", host)
    effect: obligation
    binds: members("CSTO") - {host}
    duty: "help {host}"
    notes: "General note."
    versions:
      - label: 2000 text
        cite: "Pact, Art. 4 (2000 text)"
        text: "Old words."
      - label: as amended
        from: 2012-12-19
        cite: "Pact, Art. 4 (as amended)"
        text: "New words."
        when: action == "basing" and member("CSTO", host) and not member("CSTO", actor)
        notes: "Amended in 2010."
)yaml";

using fx::load;
using fx::Loaded;

// The engine built from `clauses` (instrument "pact", in force from `in_force`) beside the
// fixture facts and `more_facts`.
std::unique_ptr<Engine> engine_of(const std::string& clauses, const std::string& in_force = "2000-01-01",
                                  const std::string& more_facts = "") {
  RulesFixture fx;
  if (!more_facts.empty()) fx.write("facts/more.yaml", more_facts);
  fx.add_instrument("main", "pact", clauses, in_force);
  Diagnostics d;
  auto engine = fx.build(d);
  EXPECT_TRUE(engine) << d.str();
  return engine;
}

Decision decide_on(const Engine& e, const fx::Pairs& fields) { return fx::decide_on(e, fx::propose(e, fields)); }

TEST(Versions, EachVersionIsAClauseWithTheSameIdAndItsOwnPeriod) {
  RulesFixture fx;
  fx.add_instrument("main", "pact", kVersioned, "2000-01-01");
  Diagnostics d;
  auto rules = fx.load(d);
  ASSERT_TRUE(rules) << d.str();
  ASSERT_EQ(rules->clauses.size(), 2u);
  EXPECT_EQ(rules->clause_count(), 1u);
  const Clause& a = rules->clauses[0];
  const Clause& b = rules->clauses[1];
  EXPECT_EQ(a.id, "pact/art_4");
  EXPECT_EQ(b.id, "pact/art_4");
  EXPECT_EQ(a.version, "2000 text");
  EXPECT_EQ(a.version_seq, 0u);
  EXPECT_EQ(b.version_seq, 1u);
  EXPECT_EQ(a.effective_from, D("2000-01-01"));
  EXPECT_EQ(a.effective_to, D("2012-12-19"));
  EXPECT_EQ(b.effective_from, D("2012-12-19"));
  EXPECT_EQ(b.effective_to, kDateMax);
  EXPECT_EQ(a.text, "Old words.");
  EXPECT_EQ(b.text, "New words.");
  EXPECT_EQ(a.when.text, "action == \"basing\" and member(\"CSTO\", host)");
  EXPECT_EQ(b.when.text, "action == \"basing\" and member(\"CSTO\", host) and not member(\"CSTO\", actor)");
  // What a version does not give is the clause's; a version's notes follow the clause's.
  EXPECT_EQ(a.title, "Help against aggression");
  EXPECT_EQ(b.readings[0].outcome.effect, Effect::Obligation);
  EXPECT_EQ(a.notes, "General note.");
  EXPECT_EQ(b.notes, "General note.\n\nAmended in 2010.");
}

TEST(Versions, TheVersionInForceOnTheDateDecides) {
  const auto engine = engine_of(kVersioned);
  ASSERT_TRUE(engine);
  // RUS, a member, bases in KGZ: the 2000 text applies, the amended text (members excluded) not.
  const Decision old = decide_on(*engine, {{"action", "basing"}, {"actor", "RUS"}, {"host", "KGZ"}, {"date", "2005-01-01"}});
  ASSERT_EQ(old.clauses.size(), 1u);
  EXPECT_EQ(engine->rules().clauses[old.clauses[0].clause].cite, "Pact, Art. 4 (2000 text)");
  const Decision later = decide_on(*engine, {{"action", "basing"}, {"actor", "RUS"}, {"host", "KGZ"}, {"date", "2015-01-01"}});
  EXPECT_TRUE(later.clauses.empty());
  const Decision usa = decide_on(*engine, {{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"date", "2015-01-01"}});
  ASSERT_EQ(usa.clauses.size(), 1u);
  EXPECT_EQ(engine->rules().clauses[usa.clauses[0].clause].cite, "Pact, Art. 4 (as amended)");
  // An override of the clause's id reaches every version.
  EXPECT_EQ(engine->clause_versions("pact/art_4").size(), 2u);
}

TEST(Versions, OverridesOfAVersionedClauseSetEveryVersionAside) {
  const auto engine = engine_of(std::string(kVersioned) + R"yaml(  - id: pact/art_5
    cite: "Pact, Art. 5"
    text: "Special rule."
    when: action == "basing"
    effect: permit
    overrides: [pact/art_4]
)yaml");
  ASSERT_TRUE(engine);
  for (const char* date : {"2005-01-01", "2015-01-01"}) {
    const Decision dec = decide_on(*engine, {{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"date", date}});
    EXPECT_EQ(fx::statuses(*engine, dec), (std::vector<std::string>{"pact/art_4=set_aside", "pact/art_5=permitted"})) << date;
  }
}

// Each mistake an author can make with versions, with its message and position.
struct VersionError {
  const char* name;
  const char* clause;
  const char* message;
  int line, col;
};

void PrintTo(const VersionError& v, std::ostream* os) { *os << v.name; }

class VersionErrors : public ::testing::TestWithParam<VersionError> {};

TEST_P(VersionErrors, AreReportedWhereTheyAre) {
  const VersionError& v = GetParam();
  RulesFixture fx;
  const std::string path = fx.add_instrument("main", "pact", v.clause, "2000-01-01");
  Loaded l = load(fx);
  EXPECT_FALSE(l.ok);
  ASSERT_EQ(l.items.size(), 1u) << l.all;
  EXPECT_EQ(l.items[0].message, v.message);
  EXPECT_EQ(l.items[0].pos.file, path);
  EXPECT_EQ(l.items[0].pos.line, v.line) << l.all;
  EXPECT_EQ(l.items[0].pos.col, v.col) << l.all;
}

INSTANTIATE_TEST_SUITE_P(
    Loader, VersionErrors,
    ::testing::Values(
        VersionError{"one_version", R"yaml(  - id: pact/a
    when: action == "basing"
    effect: permit
    versions:
      - { label: only, cite: A }
)yaml",
                     "'versions' must be a list of at least two dated versions", 12, 7},
        VersionError{"no_label", R"yaml(  - id: pact/a
    when: action == "basing"
    effect: permit
    versions:
      - { cite: A }
      - { label: b, from: 2010-01-01, cite: B }
)yaml",
                     "missing required key 'label' in a version", 12, 9},
        VersionError{"later_without_from", R"yaml(  - id: pact/a
    when: action == "basing"
    effect: permit
    versions:
      - { label: a, cite: A }
      - { label: b, cite: B }
)yaml",
                     "every version after the first needs a 'from' date", 13, 9},
        VersionError{"dates_out_of_order", R"yaml(  - id: pact/a
    when: action == "basing"
    effect: permit
    versions:
      - { label: a, cite: A }
      - { label: b, from: 2010-01-01, cite: B }
      - { label: c, from: 2005-01-01, cite: C }
)yaml",
                     "a version's 'from' must be after the previous version's (2010-01-01)", 14, 27},
        VersionError{"first_from_differs", R"yaml(  - id: pact/a
    when: action == "basing"
    effect: permit
    versions:
      - { label: a, from: 2001-01-01, cite: A }
      - { label: b, from: 2010-01-01, cite: B }
)yaml",
                     "the first version starts when the clause does (2000-01-01); leave out its 'from'", 12, 27},
        VersionError{"after_the_clause_ends", R"yaml(  - id: pact/a
    effective: { to: 2005-01-01 }
    when: action == "basing"
    effect: permit
    versions:
      - { label: a, cite: A }
      - { label: b, from: 2010-01-01, cite: B }
)yaml",
                     "a version's 'from' must be before the clause's 'effective: to' (2005-01-01)", 14, 27},
        VersionError{"no_effect_anywhere", R"yaml(  - id: pact/a
    when: action == "basing"
    versions:
      - { label: a, cite: A }
      - { label: b, from: 2010-01-01, cite: B, effect: permit }
)yaml",
                     "missing required key 'effect' (or 'readings')", 11, 9},
        VersionError{"no_when_anywhere", R"yaml(  - id: pact/a
    effect: permit
    versions:
      - { label: a, cite: A }
      - { label: b, from: 2010-01-01, cite: B, when: action == "basing" }
)yaml",
                     "missing required key 'when' in a version", 11, 9},
        VersionError{"unknown_key_in_a_version", R"yaml(  - id: pact/a
    when: action == "basing"
    effect: permit
    versions:
      - { label: a, cite: A }
      - { label: b, from: 2010-01-01, cite: B, overrides: [pact/b] }
)yaml",
                     "unknown key 'overrides' in a version", 13, 48},
        VersionError{"consent_without_effect", R"yaml(  - id: pact/a
    when: action == "basing"
    effect: consent
    consent: { from: 'members("CSTO")', rule: unanimous }
    versions:
      - { label: a, cite: A }
      - { label: b, from: 2010-01-01, cite: B, consent: { from: 'members("CSTO")', rule: no_objection } }
)yaml",
                     "a version that changes 'consent' must also give 'effect'", 14, 57},
        VersionError{"duty_on_a_consent_version", R"yaml(  - id: pact/a
    when: action == "basing"
    effect: obligation
    versions:
      - { label: a, cite: A, duty: "help" }
      - { label: b, from: 2010-01-01, cite: B, effect: permit, duty: "help" }
)yaml",
                     "'duty' is only for effect 'obligation'", 13, 70}),
    [](const ::testing::TestParamInfo<VersionError>& i) { return std::string(i.param.name); });

TEST(Versions, OneBadVersionMakesNoClauseAtAll) {
  RulesFixture fx;
  fx.add_instrument("main", "pact", R"yaml(  - id: pact/a
    when: action == "basing"
    effect: permit
    versions:
      - { label: a, cite: A }
      - { label: b, from: 2010-01-01, cite: B, when: action == }
)yaml",
                    "2000-01-01");
  Diagnostics d;
  EXPECT_FALSE(fx.load(d).has_value());
  EXPECT_TRUE(contains(d.str(), "error: expected an expression")) << d.str();
}

// ---- the note effect -----------------------------------------------------------------------

TEST(NoteEffect, AppliesIsReportedAndDecidesNothing) {
  const auto engine = engine_of(R"yaml(  - id: pact/a
    cite: "Pact, scope"
    text: "A remark."
    when: action == "basing"
    effect: note
    because: "{host} should know this."
)yaml");
  ASSERT_TRUE(engine);
  const Decision dec = decide_on(*engine, {{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"date", "2005-01-01"}});
  EXPECT_EQ(dec.verdict, Verdict::Permitted);
  EXPECT_EQ(fx::statuses(*engine, dec), (std::vector<std::string>{"pact/a=noted"}));
}

// ---- instruments and presences in the facts --------------------------------------------------

const char* kMoreFacts = R"yaml(instruments:
  pact:
    name: The Pact
    parties:
      RUS: [{ from: 2005-01-01 }]
      KGZ: [{ from: 2010-01-01 }]
sites:
  kant:
    name: Kant air base
    state: KGZ
    kind: airbase
    presences:
      - { party: RUS, from: 2003-10-23 }
      - { party: USA, from: 2001-12-01, to: 2006-01-01 }
)yaml";

TEST(Instruments, PartiesAreBoundFromTheirDatesAndCannotBeNamedByProposals) {
  const auto engine = engine_of(R"yaml(  - id: pact/a
    cite: "Pact, Art. 1"
    text: "Parties consult."
    when: action == "basing" and party_to("pact", host)
    effect: consent
    consent: { from: 'parties_to("pact") - {host}', rule: consult }
)yaml",
                                "1990-01-01", kMoreFacts);
  ASSERT_TRUE(engine);
  auto decide = [&](const char* date) {
    return decide_on(*engine, {{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"date", date}});
  };
  EXPECT_TRUE(decide("2009-12-31").clauses.empty());
  const Decision bound = decide("2010-01-01");
  ASSERT_EQ(bound.clauses.size(), 1u);
  EXPECT_EQ(fx::names(engine->tables(), bound.pending), (fx::Names{"RUS"}));
  SymId id = kNone;
  EXPECT_EQ(resolve_party(engine->tables(), "pact", id), "unknown party 'pact'");
}

TEST(Presences, PresentSinceNeedsAnUnbrokenPresenceFromTheDateToTheProposal) {
  const auto engine = engine_of(R"yaml(  - id: pact/a
    cite: "Pact, Art. 1"
    text: "Existing facilities are exempt."
    when: action == "basing" and present_since(actor, site, 2004-01-01)
    effect: note
)yaml",
                                "1990-01-01", kMoreFacts);
  ASSERT_TRUE(engine);
  auto applies = [&](const char* actor, const char* site, const char* date) {
    fx::Pairs f = {{"action", "basing"}, {"actor", actor}, {"host", "KGZ"}, {"date", date}};
    if (*site) f.push_back({"site", site});
    return !decide_on(*engine, f).clauses.empty();
  };
  EXPECT_TRUE(applies("RUS", "kant", "2020-01-01"));   // there since 2003, still there
  EXPECT_TRUE(applies("USA", "kant", "2005-06-01"));   // there on 2004-01-01 and still on the date
  EXPECT_FALSE(applies("USA", "kant", "2007-01-01"));  // gone on 2006-01-01
  EXPECT_FALSE(applies("RUS", "manas", "2020-01-01")); // another site
  EXPECT_FALSE(applies("RUS", "", "2020-01-01"));      // no site named: a new facility
}

struct FactsError {
  const char* name;
  const char* facts;
  const char* message;
};

void PrintTo(const FactsError& v, std::ostream* os) { *os << v.name; }

class FactsErrors : public ::testing::TestWithParam<FactsError> {};

TEST_P(FactsErrors, SayWhatIsWrong) {
  RulesFixture fx;
  fx.write("facts/more.yaml", GetParam().facts);
  Loaded l = load(fx);
  EXPECT_FALSE(l.ok);
  ASSERT_EQ(l.items.size(), 1u) << l.all;
  EXPECT_EQ(l.items[0].message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Loader, FactsErrors,
    ::testing::Values(
        FactsError{"unknown_instrument_party", "instruments:\n  pact:\n    name: P\n    parties:\n      RUZ: [{ from: 2005-01-01 }]\n",
                   "unknown party 'RUZ' in the parties to pact; did you mean 'RUS'?"},
        FactsError{"members_in_an_instrument", "instruments:\n  pact:\n    name: P\n    members:\n      RUS: [{ from: 2005-01-01 }]\n",
                   "an instrument lists the states bound by it under 'parties', not 'members'"},
        FactsError{"presence_not_a_list",
                   "sites:\n  kant: { name: Kant, state: KGZ, kind: airbase, presences: { party: RUS, from: 2003-10-23 } }\n",
                   "'presences' must be a list, e.g. [{ party: USA, from: 2001-12-16 }]"},
        FactsError{"presence_unknown_party",
                   "sites:\n  kant: { name: Kant, state: KGZ, kind: airbase, presences: [{ party: RUZ, from: 2003-10-23 }] }\n",
                   "unknown party 'RUZ' present at site kant; did you mean 'RUS'?"},
        FactsError{"presence_to_before_from",
                   "sites:\n  kant: { name: Kant, state: KGZ, kind: airbase, presences: [{ party: RUS, from: 2003-10-23, to: 2003-01-01 }] }\n",
                   "'to' must be after 'from' (2003-10-23)"},
        FactsError{"presence_without_from",
                   "sites:\n  kant: { name: Kant, state: KGZ, kind: airbase, presences: [{ party: RUS }] }\n",
                   "missing required key 'from' in a presence"}),
    [](const ::testing::TestParamInfo<FactsError>& i) { return std::string(i.param.name); });

TEST(Schema, WithinNamesADeclaredPartyField) {
  std::string schema = fx::kSchema;
  const std::string site = "site:";
  const auto at = schema.find(site);
  ASSERT_NE(at, std::string::npos) << schema;
  const auto eol = schema.find('\n', at);
  schema.replace(at, eol - at, "site: { type: site, within: hots }");
  RulesFixture fx(schema, fx::kFacts);
  Loaded l = load(fx);
  EXPECT_FALSE(l.ok);
  ASSERT_EQ(l.items.size(), 1u) << l.all;
  EXPECT_EQ(l.items[0].message, "field 'site' is within undeclared field 'hots'; did you mean 'host'?");
}

// The builtins check what they are given.
TEST(Instruments, TheCheckerKeepsInstrumentsAndOrganizationsApart) {
  RulesFixture fx;
  fx.write("facts/more.yaml", kMoreFacts);
  // The checker reports the first error of each expression: one clause per mistake.
  std::string clauses;
  const char* whens[] = {"member(\"pact\", host)", "party_to(\"CSTO\", host)", "party_to(\"KGZ\", host)",
                         "present_since(actor, host, 2000-01-01)"};
  for (int i = 0; i < 4; ++i)
    clauses += "  - id: pact/a" + std::to_string(i) + "\n    cite: \"A\"\n    when: '" + whens[i] + "'\n    effect: permit\n";
  fx.add_instrument("main", "pact", clauses);
  Diagnostics d;
  EXPECT_FALSE(fx.build(d));
  const std::string all = d.str();
  EXPECT_TRUE(contains(all, "error: 'pact' is an instrument, not an organization: use party_to(\"pact\", ...) or parties_to(...)")) << all;
  EXPECT_TRUE(contains(all, "error: 'CSTO' is an organization, not an instrument listed under 'instruments:' in the facts: use "
                            "member(...) or members(...)"))
      << all;
  EXPECT_TRUE(contains(all, "error: 'KGZ' is a state, not an instrument listed under 'instruments:' in the facts")) << all;
  EXPECT_TRUE(contains(all, "error: argument 2 of present_since() must be site, found party")) << all;
}

}  // namespace
}  // namespace accord::internal
