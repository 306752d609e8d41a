// Loading rules directories: what a valid directory turns into (facts with dated intervals,
// instruments, clauses with their defaults, readings, `because` templates), merging several
// --rules directories, and every class of load error with the exact message a rule author sees.
#include "load/rules_loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>

#include "report/report.h"
#include "support/fixture.h"

namespace accord::internal {
namespace {

using fx::contains;
using fx::D;
using fx::RulesFixture;

const char* kPact = R"(  - id: pact/art_1
    cite: "Pact, Art. 1"
    title: Foreign bases need the absence of objections
    text: "Foreign forces are stationed only in the absence of objections."
    when: >-
      action == "basing" and member("CSTO", host)
      and not member("CSTO", actor)
    effect: consent
    consent:
      from: members("CSTO") - {host}
      rule: no_objection
    because: "{actor} is not a member; {host} needs the others. {{literal braces}}"
    tags: [basing, consent]
  - id: pact/art_2
    cite: "Pact, Art. 2"
    text: "Deployments are agreed."
    source: https://example.org/other-source
    effective: { from: 2005-01-01, to: 2010-01-01 }
    when: action == "troop_deployment"
    readings:
      consultation:
        effect: consent
        consent: { from: 'members("CSTO")', rule: consult }
      agreement:
        effect: consent
        consent: { from: 'members("CSTO")', rule: unanimous }
    default_reading: agreement
    overrides: [pact/art_1]
    notes: contested
)";

const Membership* membership(const RuleSet& r, const std::string& org, const std::string& party) {
  for (const auto& o : r.facts.organizations)
    if (o.id == org)
      for (const auto& m : o.members)
        if (m.party == party) return &m;
  return nullptr;
}

const Clause* clause(const RuleSet& r, const std::string& id) {
  for (const auto& c : r.clauses)
    if (c.id == id) return &c;
  return nullptr;
}

TEST(RulesLoader, ValidFixtureLoadsWithoutDiagnostics) {
  RulesFixture fx;
  fx.add_instrument("main", "pact", kPact, "2001-01-01");
  Diagnostics d;
  auto rules = fx.load(d);
  ASSERT_TRUE(rules.has_value()) << d.str();
  EXPECT_TRUE(d.empty()) << d.str();
  EXPECT_EQ(rules->facts.states.size(), 4u);
  EXPECT_EQ(rules->facts.organizations.size(), 2u);
  EXPECT_EQ(rules->facts.sites.size(), 2u);
  EXPECT_EQ(rules->schema.actions.size(), 4u);
  EXPECT_EQ(rules->schema.fields.size(), 9u);
  ASSERT_EQ(rules->instruments.size(), 1u);
  EXPECT_EQ(rules->instruments[0].id, "pact");
  EXPECT_EQ(rules->instruments[0].pack, "main");
  EXPECT_EQ(rules->instruments[0].in_force, D("2001-01-01"));
  EXPECT_EQ(rules->clauses.size(), 2u);
}

TEST(RulesLoader, MembershipIntervalsFromToStatusSince) {
  RulesFixture fx;
  Diagnostics d;
  auto rules = fx.load(d);
  ASSERT_TRUE(rules.has_value()) << d.str();
  const Membership* rus = membership(*rules, "CSTO", "RUS");
  ASSERT_NE(rus, nullptr);
  ASSERT_EQ(rus->intervals.size(), 1u);
  EXPECT_EQ(rus->intervals[0].from, D("2000-01-01"));
  EXPECT_EQ(rus->intervals[0].to, kDateMax);  // no `to`: open
  EXPECT_EQ(rus->intervals[0].status, "");

  const Membership* kaz = membership(*rules, "CSTO", "KAZ");
  ASSERT_NE(kaz, nullptr);
  ASSERT_EQ(kaz->intervals.size(), 2u);
  EXPECT_EQ(kaz->intervals[0].from, D("2000-01-01"));
  EXPECT_EQ(kaz->intervals[0].to, D("2010-01-01"));
  EXPECT_EQ(kaz->intervals[1].from, D("2015-01-01"));
  EXPECT_EQ(kaz->intervals[1].to, kDateMax);

  const Membership* kgz = membership(*rules, "CSTO", "KGZ");
  ASSERT_NE(kgz, nullptr);
  ASSERT_EQ(kgz->intervals.size(), 1u);
  EXPECT_EQ(kgz->intervals[0].status, "frozen");
  EXPECT_EQ(kgz->intervals[0].since, D("2020-06-01"));
  EXPECT_EQ(kgz->intervals[0].to, kDateMax);  // a status does not end the membership

  ASSERT_EQ(rules->facts.sites.size(), 2u);
  EXPECT_EQ(rules->facts.sites[0].id, "manas");
  EXPECT_EQ(rules->facts.sites[0].state, "KGZ");
  EXPECT_EQ(rules->facts.sites[0].kind, "airbase");
}

TEST(RulesLoader, IntervalsGivenOutOfOrderAreSortedAndStatusWithoutSinceStartsAtFrom) {
  std::string f = fx::kFacts;
  f.replace(f.find("KAZ: [{ from: 2000-01-01, to: 2010-01-01 }, { from: 2015-01-01 }]"),
            std::string("KAZ: [{ from: 2000-01-01, to: 2010-01-01 }, { from: 2015-01-01 }]").size(),
            "KAZ: [{ from: 2015-01-01, status: observer }, { from: 2000-01-01, to: 2010-01-01 }]");
  RulesFixture fx(fx::kSchema, f);
  Diagnostics d;
  auto rules = fx.load(d);
  ASSERT_TRUE(rules.has_value()) << d.str();
  const Membership* kaz = membership(*rules, "CSTO", "KAZ");
  ASSERT_EQ(kaz->intervals.size(), 2u);
  EXPECT_EQ(kaz->intervals[0].from, D("2000-01-01"));
  EXPECT_EQ(kaz->intervals[1].from, D("2015-01-01"));
  EXPECT_EQ(kaz->intervals[1].status, "observer");
  EXPECT_EQ(kaz->intervals[1].since, D("2015-01-01"));
}

TEST(RulesLoader, ClauseDefaultsEffectiveAndSourceToTheInstrument) {
  RulesFixture fx;
  fx.add_instrument("main", "pact", kPact, "2001-01-01");
  Diagnostics d;
  auto rules = fx.load(d);
  ASSERT_TRUE(rules.has_value()) << d.str();
  const Clause* a1 = clause(*rules, "pact/art_1");
  ASSERT_NE(a1, nullptr);
  EXPECT_EQ(a1->cite, "Pact, Art. 1");
  EXPECT_EQ(a1->title, "Foreign bases need the absence of objections");
  EXPECT_EQ(a1->text, "Foreign forces are stationed only in the absence of objections.");
  EXPECT_EQ(a1->effective_from, D("2001-01-01"));  // the instrument's in_force
  EXPECT_EQ(a1->effective_to, kDateMax);
  EXPECT_EQ(a1->source, "https://example.org/pact");  // the instrument's source
  EXPECT_EQ(a1->tags, (std::vector<std::string>{"basing", "consent"}));
  EXPECT_EQ(a1->when.text, "action == \"basing\" and member(\"CSTO\", host) and not member(\"CSTO\", actor)");
  ASSERT_EQ(a1->readings.size(), 1u);
  EXPECT_EQ(a1->readings[0].name, "");
  EXPECT_EQ(a1->readings[0].outcome.effect, Effect::Consent);
  EXPECT_EQ(a1->readings[0].outcome.rule, ConsentRule::NoObjection);
  ASSERT_TRUE(a1->readings[0].outcome.consent_from.has_value());
  EXPECT_EQ(a1->readings[0].outcome.consent_from->text, "members(\"CSTO\") - {host}");
  EXPECT_TRUE(a1->overrides.empty());

  const Clause* a2 = clause(*rules, "pact/art_2");
  ASSERT_NE(a2, nullptr);
  EXPECT_EQ(a2->effective_from, D("2005-01-01"));
  EXPECT_EQ(a2->effective_to, D("2010-01-01"));
  EXPECT_EQ(a2->source, "https://example.org/other-source");
  EXPECT_EQ(a2->notes, "contested");
  EXPECT_EQ(a2->overrides, (std::vector<std::string>{"pact/art_1"}));
}

TEST(RulesLoader, ReadingsAndDefaultReading) {
  RulesFixture fx;
  fx.add_instrument("main", "pact", kPact, "2001-01-01");
  Diagnostics d;
  auto rules = fx.load(d);
  ASSERT_TRUE(rules.has_value()) << d.str();
  const Clause* a2 = clause(*rules, "pact/art_2");
  ASSERT_EQ(a2->readings.size(), 2u);
  EXPECT_EQ(a2->readings[0].name, "consultation");  // file order
  EXPECT_EQ(a2->readings[0].outcome.rule, ConsentRule::Consult);
  EXPECT_EQ(a2->readings[1].name, "agreement");
  EXPECT_EQ(a2->readings[1].outcome.rule, ConsentRule::Unanimous);
  EXPECT_EQ(a2->default_reading, 1u);
}

TEST(RulesLoader, BecauseTemplateParts) {
  RulesFixture fx;
  fx.add_instrument("main", "pact", kPact, "2001-01-01");
  Diagnostics d;
  auto rules = fx.load(d);
  ASSERT_TRUE(rules.has_value()) << d.str();
  const auto& parts = clause(*rules, "pact/art_1")->because;
  ASSERT_EQ(parts.size(), 4u);
  ASSERT_TRUE(parts[0].expr.has_value());
  EXPECT_EQ(parts[0].expr->text, "actor");
  EXPECT_EQ(parts[1].literal, " is not a member; ");
  EXPECT_FALSE(parts[1].expr.has_value());
  ASSERT_TRUE(parts[2].expr.has_value());
  EXPECT_EQ(parts[2].expr->text, "host");
  EXPECT_EQ(parts[3].literal, " needs the others. {literal braces}");  // {{ }} escape braces
  // The hole's position is in the file: line of `because`, column of 'host'.
  const SourcePos p = parts[2].expr->loc(0).pos();
  const std::string line(p.file.empty() ? "" : std::string(parts[2].expr->file->line_text(p.line)));
  EXPECT_EQ(line.substr(static_cast<size_t>(p.col - 1), 4), "host");
}

TEST(RulesLoader, BecauseTemplateErrors) {
  RulesFixture fx;
  fx.add_instrument("main", "pact", R"(  - id: pact/a
    when: action == "basing"
    effect: prohibit
    because: "unclosed {actor"
  - id: pact/b
    when: action == "basing"
    effect: prohibit
    because: "stray } brace"
)");
  Diagnostics d;
  EXPECT_FALSE(fx.load(d).has_value());
  const std::string all = d.str();
  EXPECT_TRUE(contains(all, "unclosed '{' in template")) << all;
  EXPECT_TRUE(contains(all, "unmatched '}' in template (write '}}' for a brace)")) << all;
}

// A hole's braces are matched, so its expression may contain a set literal (regression: the
// hole used to end at the first '}' and the clause failed to load with "expected '}'").
TEST(RulesLoader, BecauseHoleMayContainASetLiteral) {
  RulesFixture fx;
  fx.add_instrument("main", "pact", R"(  - id: pact/a
    when: action == "basing" and member("CSTO", host)
    effect: consent
    consent:
      from: members("CSTO") - {host}
      rule: no_objection
    because: '{members("CSTO") - {host}} must not object.'
)");
  Diagnostics d;
  auto engine = fx.build(d);
  ASSERT_NE(engine, nullptr) << d.str();
  auto p = fx::propose(*engine, {{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"date", "2016-01-01"}});
  EXPECT_EQ(render_because(*engine, p, 0), "Kazakhstan and Russia must not object.");
}

TEST(RulesLoader, MergesTwoRulesDirectoriesWithAPackBesideTheFirst) {
  RulesFixture first;
  first.add_instrument("main", "pact", kPact, "2001-01-01");
  RulesFixture second("", "");  // only a pack: no schema, no facts
  second.add_instrument("extra", "accord2", R"(  - id: accord2/art_1
    cite: "Accord 2, Art. 1"
    text: "No bases at depots."
    when: action == "basing" and site.kind == "depot"
    effect: prohibit
)");
  Diagnostics d;
  auto rules = load_rules({first.dir(), second.dir()}, d);
  ASSERT_TRUE(rules.has_value()) << d.str();
  EXPECT_TRUE(d.empty()) << d.str();
  ASSERT_EQ(rules->instruments.size(), 2u);
  EXPECT_EQ(rules->instruments[0].pack, "main");
  EXPECT_EQ(rules->instruments[1].pack, "extra");
  ASSERT_EQ(rules->clauses.size(), 3u);
  EXPECT_EQ(rules->clauses[2].id, "accord2/art_1");
  EXPECT_EQ(rules->clauses[2].instrument, 1u);
  // The second directory's clause uses the first's schema and facts and compiles.
  auto engine = Engine::build(std::move(*rules), d);
  ASSERT_NE(engine, nullptr) << d.str();
  auto p = fx::propose(*engine, {{"action", "basing"}, {"actor", "USA"}, {"host", "KAZ"}, {"site", "depot"},
                                 {"date", "2016-01-01"}});
  EXPECT_EQ(fx::decide_on(*engine, p).verdict, Verdict::Prohibited);
}

TEST(RulesLoader, SecondDirectoryMayAddSchemaAndFacts) {
  RulesFixture first;
  RulesFixture second(R"(fields:
  mission: { type: string, values: [monitoring] }
actions:
  civilian_mission: { required: [actor, host], optional: [mission] }
)",
                      R"(states:
  ARM: { name: Armenia }
organizations:
  EU:
    name: European Union
    members: {}
)");
  second.add_instrument("extra", "eu", R"(  - id: eu/art_1
    cite: "EU, Art. 1"
    text: "Missions are consulted."
    when: action == "civilian_mission" and host == "ARM"
    effect: obligation
    binds: '{host}'
)");
  Diagnostics d;
  auto rules = load_rules({first.dir(), second.dir()}, d);
  ASSERT_TRUE(rules.has_value()) << d.str();
  EXPECT_EQ(rules->facts.states.size(), 5u);
  EXPECT_EQ(rules->schema.actions.size(), 5u);
  auto engine = Engine::build(std::move(*rules), d);
  ASSERT_NE(engine, nullptr) << d.str();
  auto p = fx::propose(*engine, {{"action", "civilian_mission"}, {"actor", "USA"}, {"host", "ARM"},
                                 {"mission", "monitoring"}, {"date", "2020-01-01"}});
  auto dec = fx::decide_on(*engine, p);
  EXPECT_EQ(fx::statuses(*engine, dec), (std::vector<std::string>{"eu/art_1=obligation"}));
}

// ---- errors ---------------------------------------------------------------------------------

using fx::load;
using fx::Loaded;

TEST(RulesLoaderErrors, UnknownClauseKeyWithSuggestion) {
  RulesFixture fx;
  const std::string path = fx.add_instrument("main", "pact", R"(  - id: pact/a
    cite: "A"
    when: action == "basing"
    efect: prohibit
)");
  Loaded l = load(fx);
  EXPECT_FALSE(l.ok);
  ASSERT_EQ(l.items.size(), 1u) << l.all;
  EXPECT_EQ(l.items[0].message, "unknown key 'efect' in a clause; did you mean 'effect'?");
  EXPECT_EQ(l.items[0].pos.file, path);
  EXPECT_EQ(l.items[0].pos.line, 11);
  EXPECT_EQ(l.items[0].pos.col, 5);
  EXPECT_TRUE(contains(l.all, path + ":11:5: error: unknown key 'efect'")) << l.all;
  EXPECT_TRUE(contains(l.all, "    efect: prohibit\n    ^\n")) << l.all;
}

TEST(RulesLoaderErrors, UnknownInstrumentKeyAndFactsKey) {
  RulesFixture fx;
  fx.add("main", "p.yaml", "instrument:\n  id: p\n  title: P\n  in_forse: 2000-01-01\nclauses: []\n");
  Loaded l = load(fx);
  EXPECT_FALSE(l.ok);
  EXPECT_TRUE(contains(l.all, "unknown key 'in_forse' in instrument; did you mean 'in_force'?")) << l.all;

  RulesFixture fx2;
  fx2.write("facts/more.yaml", "states:\n  ARM: { name: Armenia, nmae: x }\n");
  Loaded l2 = load(fx2);
  EXPECT_FALSE(l2.ok);
  EXPECT_TRUE(contains(l2.all, "unknown key 'nmae' in state 'ARM'; did you mean 'name'?")) << l2.all;
}

TEST(RulesLoaderErrors, MissingRequiredKeys) {
  RulesFixture fx;
  fx.add_instrument("main", "pact", R"(  - id: pact/a
    cite: "A"
    effect: prohibit
  - id: pact/b
    cite: "B"
    when: action == "basing"
)");
  Loaded l = load(fx);
  EXPECT_FALSE(l.ok);
  EXPECT_TRUE(contains(l.all, "missing required key 'when' in a clause")) << l.all;
  EXPECT_TRUE(contains(l.all, "missing required key 'effect' (or 'readings')")) << l.all;
}

TEST(RulesLoaderErrors, MissingInstrumentInForce) {
  RulesFixture fx;
  fx.add("main", "p.yaml", "instrument:\n  id: p\n  title: P\nclauses: []\n");
  Loaded l = load(fx);
  EXPECT_FALSE(l.ok);
  EXPECT_TRUE(contains(l.all, "missing required key 'in_force' in instrument")) << l.all;
}

TEST(RulesLoaderErrors, DuplicateClauseId) {
  RulesFixture fx;
  const std::string path = fx.add_instrument("main", "pact", R"(  - id: pact/a
    when: action == "basing"
    effect: prohibit
  - id: pact/a
    when: action == "troop_deployment"
    effect: permit
)");
  Loaded l = load(fx);
  EXPECT_FALSE(l.ok);
  ASSERT_EQ(l.items.size(), 1u) << l.all;
  EXPECT_EQ(l.items[0].message, "duplicate clause id 'pact/a' (first defined at " + path + ":8:5)");
  EXPECT_EQ(l.items[0].pos.line, 11);
}

TEST(RulesLoaderErrors, DuplicateInstrumentIdAcrossDirectories) {
  RulesFixture a, b("", "");
  a.add_instrument("one", "pact", "  - id: pact/a\n    when: action == \"basing\"\n    effect: prohibit\n");
  b.add("two", "pact-copy.yaml",
        "instrument:\n  id: pact\n  title: Copy\n  in_force: 2000-01-01\nclauses: []\n");
  Diagnostics d;
  EXPECT_FALSE(load_rules({a.dir(), b.dir()}, d).has_value());
  EXPECT_TRUE(contains(d.str(), "duplicate instrument id 'pact' (first defined at ")) << d.str();
}

TEST(RulesLoaderErrors, UnknownOverrideWithSuggestion) {
  RulesFixture fx;
  const std::string path = fx.add_instrument("main", "pact", R"(  - id: pact/art_1
    when: action == "basing"
    effect: prohibit
  - id: pact/art_2
    when: action == "basing"
    effect: permit
    overrides: [pact/art_l]
)");
  Loaded l = load(fx);
  EXPECT_FALSE(l.ok);
  ASSERT_EQ(l.items.size(), 1u) << l.all;
  EXPECT_EQ(l.items[0].message, "'pact/art_2' overrides unknown clause 'pact/art_l'; did you mean 'pact/art_1'?");
  EXPECT_EQ(l.items[0].pos.line, 14);
  EXPECT_EQ(l.items[0].pos.col, 17);  // at the id inside the list
}

TEST(RulesLoaderErrors, OverrideCycle) {
  RulesFixture fx;
  fx.add_instrument("main", "pact", R"(  - id: pact/a
    when: action == "basing"
    effect: prohibit
    overrides: [pact/b]
  - id: pact/b
    when: action == "basing"
    effect: permit
    overrides: [pact/c]
  - id: pact/c
    when: action == "basing"
    effect: permit
    overrides: [pact/a]
)");
  Loaded l = load(fx);
  EXPECT_FALSE(l.ok);
  ASSERT_EQ(l.items.size(), 1u) << l.all;
  EXPECT_EQ(l.items[0].message, "override cycle: pact/a -> pact/b -> pact/c -> pact/a");
}

TEST(RulesLoaderErrors, OverrideOfItself) {
  RulesFixture fx;
  fx.add_instrument("main", "pact", R"(  - id: pact/a
    when: action == "basing"
    effect: prohibit
    overrides: [pact/a]
)");
  Loaded l = load(fx);
  EXPECT_FALSE(l.ok);
  EXPECT_TRUE(contains(l.all, "clause 'pact/a' overrides itself")) << l.all;
}

TEST(RulesLoaderErrors, OverlappingMembershipIntervals) {
  std::string facts = fx::kFacts;
  const std::string from = "KAZ: [{ from: 2000-01-01, to: 2010-01-01 }, { from: 2015-01-01 }]";
  facts.replace(facts.find(from), from.size(), "KAZ: [{ from: 2000-01-01, to: 2010-01-01 }, { from: 2009-12-31 }]");
  RulesFixture fx(fx::kSchema, facts);
  Loaded l = load(fx);
  EXPECT_FALSE(l.ok);
  ASSERT_EQ(l.items.size(), 1u) << l.all;
  EXPECT_EQ(l.items[0].message, "membership interval of KAZ in CSTO overlaps the one from 2000-01-01");
  EXPECT_EQ(l.items[0].pos.line, 11);
}

TEST(RulesLoaderErrors, AdjacentIntervalsDoNotOverlapBecauseToIsExclusive) {
  std::string facts = fx::kFacts;
  const std::string from = "KAZ: [{ from: 2000-01-01, to: 2010-01-01 }, { from: 2015-01-01 }]";
  facts.replace(facts.find(from), from.size(), "KAZ: [{ from: 2000-01-01, to: 2010-01-01 }, { from: 2010-01-01 }]");
  RulesFixture fx(fx::kSchema, facts);
  Loaded l = load(fx);
  EXPECT_TRUE(l.ok) << l.all;
}

TEST(RulesLoaderErrors, IntervalToNotAfterFrom) {
  std::string facts = fx::kFacts;
  const std::string from = "RUS: [{ from: 2000-01-01 }]";
  facts.replace(facts.find(from), from.size(), "RUS: [{ from: 2000-01-01, to: 2000-01-01 }]");
  RulesFixture fx(fx::kSchema, facts);
  Loaded l = load(fx);
  EXPECT_FALSE(l.ok);
  EXPECT_TRUE(contains(l.all, "'to' must be after 'from' (2000-01-01)")) << l.all;
}

TEST(RulesLoaderErrors, UnknownPartyInMembers) {
  std::string facts = fx::kFacts;
  const std::string from = "RUS: [{ from: 2000-01-01 }]";
  facts.replace(facts.find(from), from.size(), "RUZ: [{ from: 2000-01-01 }]");
  RulesFixture fx(fx::kSchema, facts);
  Loaded l = load(fx);
  EXPECT_FALSE(l.ok);
  ASSERT_EQ(l.items.size(), 1u) << l.all;
  EXPECT_EQ(l.items[0].message, "unknown party 'RUZ' in the members of CSTO; did you mean 'RUS'?");
  EXPECT_EQ(l.items[0].pos.line, 10);
  EXPECT_EQ(l.items[0].pos.col, 7);
}

TEST(RulesLoaderErrors, UnknownSiteState) {
  std::string facts = fx::kFacts;
  const std::string from = "state: KAZ, kind: depot";
  facts.replace(facts.find(from), from.size(), "state: KAX, kind: depot");
  RulesFixture fx(fx::kSchema, facts);
  Loaded l = load(fx);
  EXPECT_FALSE(l.ok);
  EXPECT_TRUE(contains(l.all, "unknown party 'KAX' as the state of site depot; did you mean 'KAZ'?")) << l.all;
}

TEST(RulesLoaderErrors, DuplicatePartyAcrossFactsFiles) {
  RulesFixture fx;
  fx.write("facts/more.yaml", "states:\n  RUS: { name: Russia again }\n");
  Loaded l = load(fx);
  EXPECT_FALSE(l.ok);
  EXPECT_TRUE(contains(l.all, "party 'RUS' is already defined at ")) << l.all;
}

TEST(RulesLoaderErrors, ReadingsWithoutDefaultReading) {
  RulesFixture fx;
  fx.add_instrument("main", "pact", R"(  - id: pact/a
    when: action == "basing"
    readings:
      soft: { effect: permit }
      hard: { effect: prohibit }
)");
  Loaded l = load(fx);
  EXPECT_FALSE(l.ok);
  ASSERT_EQ(l.items.size(), 1u) << l.all;
  EXPECT_EQ(l.items[0].message, "a clause with 'readings' needs a 'default_reading'");
  EXPECT_EQ(l.items[0].pos.line, 11);
}

TEST(RulesLoaderErrors, TooManyReadings) {
  RulesFixture fx;
  std::string clause = "  - id: pact/a\n    when: action == \"basing\"\n    readings:\n";
  for (int i = 0; i < 256; ++i) clause += "      r" + std::to_string(i) + ": { effect: permit }\n";
  clause += "    default_reading: r255\n";
  fx.add_instrument("main", "pact", clause);
  Loaded l = load(fx);
  EXPECT_FALSE(l.ok);
  ASSERT_EQ(l.items.size(), 1u) << l.all;
  EXPECT_EQ(l.items[0].message, "too many readings in one clause: the limit is 255");
  EXPECT_EQ(l.items[0].pos.line, 11);
}

TEST(RulesLoaderErrors, DefaultReadingNotAReading) {
  RulesFixture fx;
  fx.add_instrument("main", "pact", R"(  - id: pact/a
    when: action == "basing"
    readings:
      agreement: { effect: permit }
      consultation: { effect: prohibit }
    default_reading: agreemnt
)");
  Loaded l = load(fx);
  EXPECT_FALSE(l.ok);
  EXPECT_TRUE(contains(l.all, "default_reading 'agreemnt' is not one of the clause's readings; did you mean 'agreement'?"))
      << l.all;
}

TEST(RulesLoaderErrors, EffectBesideReadings) {
  RulesFixture fx;
  fx.add_instrument("main", "pact", R"(  - id: pact/a
    when: action == "basing"
    effect: permit
    readings:
      a: { effect: permit }
    default_reading: a
)");
  Loaded l = load(fx);
  EXPECT_FALSE(l.ok);
  EXPECT_TRUE(contains(l.all, "'effect' goes inside each reading when the clause has 'readings'")) << l.all;
}

TEST(RulesLoaderErrors, UnknownEffectAndConsentRule) {
  RulesFixture fx;
  fx.add_instrument("main", "pact", R"(  - id: pact/a
    when: action == "basing"
    effect: prohibt
  - id: pact/b
    when: action == "basing"
    effect: consent
    consent: { from: 'members("CSTO")', rule: unanimus }
  - id: pact/c
    when: action == "basing"
    effect: consent
)");
  Loaded l = load(fx);
  EXPECT_FALSE(l.ok);
  EXPECT_TRUE(contains(l.all, "unknown effect 'prohibt'; did you mean 'prohibit'?")) << l.all;
  EXPECT_TRUE(contains(l.all, "unknown consent rule 'unanimus'; did you mean 'unanimous'?")) << l.all;
  EXPECT_TRUE(contains(l.all, "effect 'consent' needs a 'consent' block with 'from' and 'rule'")) << l.all;
}

TEST(RulesLoaderErrors, ClauseIdMustStartWithInstrumentId) {
  RulesFixture fx;
  fx.add_instrument("main", "pact", "  - id: other/a\n    when: action == \"basing\"\n    effect: prohibit\n");
  Loaded l = load(fx);
  EXPECT_FALSE(l.ok);
  EXPECT_TRUE(contains(l.all, "clause id 'other/a' must start with its instrument's id: 'pact/...'")) << l.all;
}

TEST(RulesLoaderErrors, EveryErrorIsReportedNotOnlyTheFirst) {
  RulesFixture fx;
  fx.add_instrument("a", "one", "  - id: one/x\n    when: action == \"basing\"\n    efect: prohibit\n");
  fx.add_instrument("b", "two", "  - id: two/x\n    when: action == \"basing\"\n    effect: prohbit\n");
  Loaded l = load(fx);
  EXPECT_FALSE(l.ok);
  EXPECT_EQ(l.items.size(), 2u) << l.all;
  EXPECT_TRUE(contains(l.all, "one.yaml")) << l.all;
  EXPECT_TRUE(contains(l.all, "two.yaml")) << l.all;
}

TEST(RulesLoaderErrors, MissingDirectoryAndMissingSchema) {
  Diagnostics d;
  EXPECT_FALSE(load_rules({"/nonexistent/accord/rules"}, d).has_value());
  EXPECT_EQ(d.str(), "/nonexistent/accord/rules: error: rules directory not found\n");

  RulesFixture noschema("", fx::kFacts);
  Loaded l = load(noschema);
  EXPECT_FALSE(l.ok);
  EXPECT_TRUE(contains(l.all, "no schema.yaml in the rules directories")) << l.all;
}

TEST(RulesLoaderErrors, ExpressionSyntaxErrorInAPackIsPositionedInTheFile) {
  RulesFixture fx;
  const std::string path = fx.add_instrument("main", "pact", R"(  - id: pact/a
    when: >-
      action == "basing"
      and (host == "KGZ"
    effect: prohibit
)");
  Loaded l = load(fx);
  EXPECT_FALSE(l.ok);
  ASSERT_EQ(l.items.size(), 1u) << l.all;
  EXPECT_EQ(l.items[0].message, "expected ')'");
  EXPECT_EQ(l.items[0].pos.file, path);
  EXPECT_EQ(l.items[0].pos.line, 11);
}

// A bad file never crashes or hangs the loader, and every failure says where. Random
// edits of a valid pack (characters deleted, YAML punctuation inserted, lines duplicated or
// swapped) either still load, or fail with at least one positioned error in that file.
TEST(RulesLoaderRobustness, MutatedPacksFailCleanly) {
  const std::string good = fx::pack_file("pact", kPact, "2001-01-01");
  const std::string punct = "{}[]:,-'\"|>#&*!%@` \t\n{}()\\";
  std::mt19937 rng(1234);
  int failed = 0;
  for (int n = 0; n < 200; ++n) {
    std::string text = good;
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = rng() % text.size();
      switch (rng() % 4) {
        case 0: text.erase(at, 1 + rng() % 3); break;
        case 1: text.insert(at, 1, punct[rng() % punct.size()]); break;
        case 2: {
          const std::size_t b = text.rfind('\n', at) == std::string::npos ? 0 : text.rfind('\n', at) + 1;
          const std::size_t end = text.find('\n', at);
          if (end != std::string::npos) text.insert(b, text.substr(b, end - b + 1));
          break;
        }
        default: text[at] = punct[rng() % punct.size()]; break;
      }
    }
    RulesFixture fx;
    const std::string path = fx.add("main", "pact.yaml", text);
    Diagnostics d;
    auto engine = fx.build(d);
    if (engine) continue;
    ++failed;
    ASSERT_TRUE(d.has_errors()) << "no engine and no error for:\n" << text;
    bool positioned = false;
    for (const auto& item : d.items())
      if (item.pos.file == path && item.pos.line >= 1) positioned = true;
    EXPECT_TRUE(positioned) << d.str() << "\nfor:\n" << text;
  }
  EXPECT_GT(failed, 60) << "the mutations should mostly break the file";
}

}  // namespace
}  // namespace accord::internal
