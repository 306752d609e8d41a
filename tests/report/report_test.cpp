// Reports: the JSON decision (the stable keys of docs/cli.md, sorted party lists, set_aside with `by`,
// readings, --explain with each sub-condition's value and the first that failed), and the text
// report (decision word first, citation, quote, filled-in `because`, no ANSI unless asked).
#include "report/report.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/fixture.h"

namespace accord::internal {
namespace {

using fx::contains;
using json = nlohmann::json;

// A larger organization whose members are listed out of order in the file, so sorted output
// is something the report has to do, not an accident of the input.
const char* kMoreFacts = R"(states:
  ARM: { name: Armenia }
  BLR: { name: Belarus }
  TJK: { name: Tajikistan }
organizations:
  BIG:
    name: Big Organization
    members:
      TJK: [{ from: 2000-01-01 }]
      RUS: [{ from: 2000-01-01 }]
      KGZ: [{ from: 2000-01-01 }]
      BLR: [{ from: 2000-01-01 }]
      ARM: [{ from: 2000-01-01 }]
      KAZ: [{ from: 2000-01-01 }]
)";

const char* kClauses = R"(  - id: rep/art_1
    cite: "Rep Protocol (2012), Art. 1"
    title: Foreign bases need the absence of objections
    text: 'Stationing needs "the absence of official objections" of the other members.'
    effective: { from: 2012-12-19 }
    when: >-
      action == "basing"
      and member("BIG", host)
      and not member("BIG", actor)
    effect: consent
    consent:
      from: members("BIG") - {host}
      rule: no_objection
    overrides: [rep/art_7]
    because: '{actor} is not a member of the {count(members("BIG"))}-member organization; the others must not object to a base in {host}.'
  - id: rep/art_7
    cite: "Rep Charter, Art. 7"
    text: "Stationing is decided after consultations (soglasovanie) with the other members."
    when: action == "basing" and member("BIG", host) and not member("BIG", actor)
    readings:
      consultation:
        effect: consent
        consent:
          from: members("BIG") - {host}
          rule: consult
      agreement:
        effect: consent
        consent:
          from: members("BIG") - {host}
          rule: unanimous
    default_reading: consultation
    notes: "'soglasovanie' reads as coordination or as agreement."
    because: "{host} consults the other members."
  - id: rep/depot
    cite: "Rep Treaty, Art. 3"
    text: "No foreign forces at depots."
    when: action == "basing" and site == "depot"
    effect: prohibit
    because: "{site} is a depot."
  - id: rep/defence
    cite: "Rep Treaty, Art. 4"
    text: "An attack on one is an attack on all."
    when: action == "armed_attack" and member("BIG", host)
    effect: obligation
    binds: members("BIG") - {host, actor}
    because: "{host} was attacked."
)";

class ReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rules.write("facts/more.yaml", kMoreFacts);
    rules.add_instrument("main", "rep", kClauses, "2003-09-18");
    engine = rules.engine();
    ASSERT_NE(engine, nullptr);
  }
  Proposal proposal(const fx::Pairs& fields, const fx::Pairs& positions = {}) {
    Proposal p = fx::propose(*engine, fields, positions);
    p.id = "test-proposal";
    p.title = "A test proposal";
    return p;
  }
  json to_json(const Proposal& p, bool explain = false, const DecideOptions& o = {}) {
    Decision d = fx::decide_on(*engine, p, o);
    std::string out;
    render_json(*engine, p, d, explain, out);
    EXPECT_EQ(out.find('\n'), std::string::npos) << "one line";
    json j = json::parse(out, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << out;
    return j;
  }
  std::string text(const Proposal& p, bool explain = false, bool color = false) {
    Decision d = fx::decide_on(*engine, p);
    return render_text(*engine, p, d, {explain, color});
  }
  const json* clause(const json& j, const std::string& id) {
    for (const auto& c : j["clauses"])
      if (c["id"] == id) return &c;
    return nullptr;
  }
  fx::Pairs usa_base(const std::string& date) {
    return {{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"date", date}};
  }
  fx::RulesFixture rules;
  std::unique_ptr<Engine> engine;
};

std::vector<std::string> strings(const json& a) {
  std::vector<std::string> out;
  for (const auto& x : a) out.push_back(x.get<std::string>());
  return out;
}

TEST_F(ReportTest, JsonHasTheStableTopLevelKeys) {
  json j = to_json(proposal(usa_base("2016-01-01"), {{"RUS", "object"}}));
  for (const char* key : {"proposal", "as_of", "decision", "headline", "summary", "vetoed_by", "pending", "prohibited_by", "obligations",
                          "clauses", "readings"})
    EXPECT_TRUE(j.contains(key)) << key << " in " << j.dump();
  EXPECT_EQ(j["proposal"], "test-proposal");
  EXPECT_EQ(j["as_of"], "2016-01-01");
  EXPECT_EQ(j["decision"], "vetoed");
  EXPECT_EQ(j["headline"], "vetoed");
  EXPECT_EQ(j["summary"],
            "Under Rep Protocol (2012), Art. 1: vetoed by Russia; it needs no objection from Armenia, Belarus, Kazakhstan, "
            "Russia and Tajikistan — each must be consulted and any one of them can block it by objecting; no one's "
            "consent is required.");
  EXPECT_EQ(strings(j["vetoed_by"]), (std::vector<std::string>{"RUS"}));
  EXPECT_EQ(strings(j["pending"]), (std::vector<std::string>{"ARM", "BLR", "KAZ", "TJK"}));
  EXPECT_TRUE(j["prohibited_by"].is_array() && j["prohibited_by"].empty());
  EXPECT_TRUE(j["obligations"].is_array() && j["obligations"].empty());
  EXPECT_TRUE(j["readings"].is_array() && j["readings"].empty());
  EXPECT_FALSE(j.contains("explain"));
}

TEST_F(ReportTest, ConsentClauseEntry) {
  json j = to_json(proposal(usa_base("2016-01-01"), {{"TJK", "object"}, {"RUS", "object"}, {"BLR", "consent"},
                                                     {"ARM", "consent"}}));
  const json* c = clause(j, "rep/art_1");
  ASSERT_NE(c, nullptr) << j.dump();
  EXPECT_EQ((*c)["cite"], "Rep Protocol (2012), Art. 1");
  EXPECT_EQ((*c)["status"], "vetoed");
  EXPECT_EQ(strings((*c)["required"]), (std::vector<std::string>{"ARM", "BLR", "KAZ", "RUS", "TJK"}));
  EXPECT_EQ(strings((*c)["consented"]), (std::vector<std::string>{"ARM", "BLR"}));
  EXPECT_EQ(strings((*c)["objected"]), (std::vector<std::string>{"RUS", "TJK"}));
  EXPECT_EQ(strings((*c)["pending"]), (std::vector<std::string>{"KAZ"}));
  // `because` is prose: parties by name (the lists stay codes).
  EXPECT_EQ((*c)["because"], "United States is not a member of the 6-member organization; the others must not object to a base in Kyrgyzstan.");
  EXPECT_EQ(strings(j["vetoed_by"]), (std::vector<std::string>{"RUS", "TJK"}));
}

TEST_F(ReportTest, EveryPartyListIsSorted) {
  json j = to_json(proposal(usa_base("2016-01-01"), {{"TJK", "object"}, {"KAZ", "abstain"}, {"BLR", "object"},
                                                     {"ARM", "consent"}}));
  auto sorted = [](const json& a) {
    auto v = strings(a);
    return std::is_sorted(v.begin(), v.end());
  };
  EXPECT_TRUE(sorted(j["vetoed_by"]));
  EXPECT_TRUE(sorted(j["pending"]));
  EXPECT_EQ(strings(j["vetoed_by"]), (std::vector<std::string>{"BLR", "TJK"}));
  for (const auto& c : j["clauses"])
    for (const char* k : {"required", "consented", "objected", "abstained", "pending", "binds"})
      if (c.contains(k)) { EXPECT_TRUE(sorted(c[k])) << k << " of " << c["id"]; }
}

TEST_F(ReportTest, SetAsideClauseHasBy) {
  json j = to_json(proposal(usa_base("2016-01-01")));
  const json* c = clause(j, "rep/art_7");
  ASSERT_NE(c, nullptr) << j.dump();
  EXPECT_EQ((*c)["status"], "set_aside");
  EXPECT_EQ((*c)["by"], "rep/art_1");
  EXPECT_EQ((*c)["cite"], "Rep Charter, Art. 7");
  EXPECT_EQ(j["decision"], "needs_consent");
  EXPECT_EQ(clause(j, "rep/art_1")->at("status"), "pending");
}

TEST_F(ReportTest, ReadingsEntryForAContestedClause) {
  // 2005: the protocol is not yet in force; Art. 7 applies under its default reading.
  json j = to_json(proposal(usa_base("2005-01-01"), {{"RUS", "object"}, {"ARM", "consent"}, {"BLR", "consent"},
                                                     {"KAZ", "consent"}, {"TJK", "consent"}}));
  EXPECT_EQ(j["decision"], "permitted");
  EXPECT_EQ(clause(j, "rep/art_1"), nullptr);
  const json* c = clause(j, "rep/art_7");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ((*c)["status"], "satisfied");
  EXPECT_EQ((*c)["reading"], "consultation");
  EXPECT_EQ(strings((*c)["objected"]), (std::vector<std::string>{"RUS"}));
  ASSERT_EQ(j["readings"].size(), 1u) << j.dump();
  const json& f = j["readings"][0];
  EXPECT_EQ(f["clause"], "rep/art_7");
  EXPECT_EQ(f["reading"], "consultation");
  EXPECT_EQ(f["alternative"], "agreement");
  EXPECT_EQ(f["decision"], "vetoed");
}

TEST_F(ReportTest, ReadingsEntryWhenThePendingWouldSplitTheReadings) {
  json j = to_json(proposal(usa_base("2005-01-01")));
  EXPECT_EQ(j["decision"], "needs_consent");
  ASSERT_EQ(j["readings"].size(), 1u) << j.dump();
  const json& f = j["readings"][0];
  EXPECT_EQ(f["alternative"], "agreement");
  EXPECT_EQ(f["decision"], "needs_consent");
  EXPECT_EQ(strings(f["if_objecting"]), (std::vector<std::string>{"ARM", "BLR", "KAZ", "RUS", "TJK"}));
  EXPECT_EQ(f["decision_if_objecting"], "permitted");
  EXPECT_EQ(f["alternative_decision_if_objecting"], "vetoed");
}

TEST_F(ReportTest, ChosenReadingIsReported) {
  DecideOptions o;
  o.readings.assign(engine->clauses().size(), -1);
  o.readings[static_cast<size_t>(engine->find_clause("rep/art_7"))] = 1;  // agreement
  json j = to_json(proposal(usa_base("2005-01-01"), {{"RUS", "object"}}), false, o);
  EXPECT_EQ(j["decision"], "vetoed");
  EXPECT_EQ(clause(j, "rep/art_7")->at("reading"), "agreement");
  ASSERT_EQ(j["readings"].size(), 1u);
  EXPECT_EQ(j["readings"][0]["reading"], "agreement");
  EXPECT_EQ(j["readings"][0]["alternative"], "consultation");
}

TEST_F(ReportTest, ProhibitedByListsClauseIds) {
  json j = to_json(proposal({{"action", "basing"}, {"actor", "RUS"}, {"host", "KAZ"}, {"site", "depot"},
                             {"date", "2016-01-01"}}));
  EXPECT_EQ(j["decision"], "prohibited");
  EXPECT_EQ(strings(j["prohibited_by"]), (std::vector<std::string>{"rep/depot"}));
  EXPECT_EQ(clause(j, "rep/depot")->at("status"), "prohibited");
  EXPECT_EQ(clause(j, "rep/depot")->at("because"), "Depot 7 is a depot.");
}

TEST_F(ReportTest, Obligations) {
  json j = to_json(proposal({{"action", "armed_attack"}, {"actor", "RUS"}, {"host", "KGZ"}, {"date", "2016-01-01"}}));
  EXPECT_EQ(j["decision"], "permitted");
  ASSERT_EQ(j["obligations"].size(), 1u) << j.dump();
  const json& o = j["obligations"][0];
  EXPECT_EQ(o["id"], "rep/defence");
  EXPECT_EQ(o["cite"], "Rep Treaty, Art. 4");
  EXPECT_EQ(strings(o["binds"]), (std::vector<std::string>{"ARM", "BLR", "KAZ", "TJK"}));
  const json* c = clause(j, "rep/defence");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ((*c)["status"], "obligation");
  EXPECT_EQ(strings((*c)["binds"]), (std::vector<std::string>{"ARM", "BLR", "KAZ", "TJK"}));
  EXPECT_EQ((*c)["because"], "Kyrgyzstan was attacked.");
}

TEST_F(ReportTest, ExplainAddsConditionsWithValuesAndFirstFailed) {
  json j = to_json(proposal(usa_base("2016-01-01")), true);
  ASSERT_TRUE(j.contains("explain")) << j.dump();
  ASSERT_EQ(j["explain"].size(), engine->clauses().size());  // every clause considered
  auto entry = [&](const std::string& id) -> const json& {
    for (const auto& e : j["explain"])
      if (e["id"] == id) return e;
    static const json none;
    ADD_FAILURE() << "no explain entry for " << id;
    return none;
  };
  const json& a1 = entry("rep/art_1");
  EXPECT_EQ(a1["in_force"], true);
  EXPECT_EQ(a1["applies"], true);
  ASSERT_EQ(a1["conditions"].size(), 3u);
  EXPECT_EQ(a1["conditions"][0]["text"], "action == \"basing\"");
  EXPECT_EQ(a1["conditions"][1]["text"], "member(\"BIG\", host)");
  EXPECT_EQ(a1["conditions"][2]["text"], "not member(\"BIG\", actor)");
  for (const auto& c : a1["conditions"]) EXPECT_EQ(c["value"], true);
  EXPECT_FALSE(a1.contains("first_failed"));

  const json& depot = entry("rep/depot");
  EXPECT_EQ(depot["applies"], false);
  ASSERT_EQ(depot["conditions"].size(), 2u);
  EXPECT_EQ(depot["conditions"][0]["value"], true);
  EXPECT_EQ(depot["conditions"][1]["value"], false);
  EXPECT_EQ(depot["first_failed"], "site == \"depot\"");

  const json& defence = entry("rep/defence");
  EXPECT_EQ(defence["applies"], false);
  EXPECT_EQ(defence["first_failed"], "action == \"armed_attack\"");
}

TEST_F(ReportTest, ExplainMarksClausesNotInForce) {
  json j = to_json(proposal(usa_base("2005-01-01")), true);
  for (const auto& e : j["explain"])
    if (e["id"] == "rep/art_1") {
      EXPECT_EQ(e["in_force"], false);
      EXPECT_EQ(e["applies"], false);
      return;
    }
  ADD_FAILURE() << "rep/art_1 missing from explain";
}

TEST_F(ReportTest, JsonEscapesQuotesAndControlCharacters) {
  Proposal p = proposal(usa_base("2016-01-01"));
  p.id = "with \"quotes\", a back\\slash,\ta tab and\na newline";
  json j = to_json(p);
  EXPECT_EQ(j["proposal"], p.id);
}

// ---- text -------------------------------------------------------------------------------------

std::string normalized_start(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < s.size() && out.size() < n; ++i)
    out += s[i] == '_' ? ' ' : static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
  return out;
}

TEST_F(ReportTest, TextStartsWithTheHeadline) {
  EXPECT_EQ(normalized_start(text(proposal(usa_base("2016-01-01"), {{"RUS", "object"}})), 6), "vetoed");
  EXPECT_EQ(normalized_start(text(proposal(usa_base("2016-01-01"))), 18), "needs no objection");
  EXPECT_EQ(normalized_start(text(proposal(usa_base("2005-01-01"))), 18), "needs consultation");
  EXPECT_EQ(normalized_start(text(proposal(usa_base("1999-01-01"))), 17), "no clause applies");
  EXPECT_EQ(normalized_start(text(proposal({{"action", "basing"}, {"actor", "RUS"}, {"host", "KAZ"},
                                            {"site", "depot"}, {"date", "2016-01-01"}})), 10),
            "prohibited");
}

TEST_F(ReportTest, TextHasCiteQuoteBecauseAndParties) {
  const std::string t = text(proposal(usa_base("2016-01-01"), {{"RUS", "object"}, {"KAZ", "consent"}}));
  EXPECT_TRUE(contains(t, "test-proposal")) << t;
  EXPECT_TRUE(contains(t, "2016-01-01")) << t;
  EXPECT_TRUE(contains(t, "Rep Protocol (2012), Art. 1")) << t;
  EXPECT_TRUE(contains(t, "Stationing needs \"the absence of official objections\" of the other members.")) << t;
  EXPECT_TRUE(contains(t, "United States is not a member of the 6-member organization; the others must not object to a base in Kyrgyzstan.")) << t;
  EXPECT_TRUE(contains(t, "  vetoed by: Russia (RUS)\n")) << t;
  EXPECT_TRUE(contains(t, "  waiting for: Armenia (ARM), Belarus (BLR), Tajikistan (TJK)\n")) << t;  // sorted by code
  // The set-aside clause comes after the deciding one, saying by what.
  const auto deciding = t.find("Rep Protocol (2012), Art. 1");
  const auto aside = t.find("Rep Charter, Art. 7");
  ASSERT_NE(aside, std::string::npos) << t;
  EXPECT_LT(deciding, aside);
  EXPECT_TRUE(contains(t.substr(aside), "set aside by Rep Protocol (2012), Art. 1")) << t;
}

TEST_F(ReportTest, TextShowsTheContestedReading) {
  const std::string t = text(proposal(usa_base("2005-01-01"), {{"RUS", "object"}, {"ARM", "consent"}, {"BLR", "consent"},
                                                               {"KAZ", "consent"}, {"TJK", "consent"}}));
  EXPECT_EQ(normalized_start(t, 9), "permitted");
  EXPECT_TRUE(contains(t, "consultation")) << t;
  EXPECT_TRUE(contains(t, "'agreement'")) << t;
  EXPECT_TRUE(contains(t, "vetoed")) << t;
  EXPECT_TRUE(contains(t, "'soglasovanie' reads as coordination or as agreement.")) << t;
}

TEST_F(ReportTest, TextNoClauseApplies) {
  const std::string t = text(proposal(usa_base("1999-01-01")));
  EXPECT_TRUE(contains(t, "No encoded clause applies to this proposal on 1999-01-01: the loaded treaties neither require anything for it nor forbid it.")) << t;
}

TEST_F(ReportTest, TextExplainNamesTheFirstFailingCondition) {
  const std::string t = text(proposal(usa_base("2016-01-01")), true);
  EXPECT_TRUE(contains(t, "site == \"depot\"")) << t;
  EXPECT_TRUE(contains(t, "first failing condition")) << t;
  const std::string plain = text(proposal(usa_base("2016-01-01")), false);
  EXPECT_FALSE(contains(plain, "first failing condition")) << plain;
}

TEST_F(ReportTest, NoAnsiCodesUnlessColourIsOn) {
  Proposal p = proposal(usa_base("2016-01-01"), {{"RUS", "object"}});
  EXPECT_FALSE(contains(text(p, true, false), "\033[")) << "colour off";
  const std::string coloured = text(p, false, true);
  EXPECT_TRUE(contains(coloured, "\033[")) << "colour on";
  EXPECT_TRUE(contains(coloured, "VETOED") || contains(coloured, "vetoed"));
  std::string json_out;
  render_json(*engine, p, fx::decide_on(*engine, p), true, json_out);
  EXPECT_FALSE(contains(json_out, "\033["));
}

TEST_F(ReportTest, BecauseOfAnAbsentPartyIsNone) {
  // rep/depot's hole is {site}; with a proposal on 2016 for RUS at KAZ depot it names the site.
  Proposal p = proposal({{"action", "basing"}, {"actor", "RUS"}, {"host", "KAZ"}, {"site", "depot"}, {"date", "2016-01-01"}});
  EXPECT_EQ(render_because(*engine, p, static_cast<std::uint32_t>(engine->find_clause("rep/depot"))), "Depot 7 is a depot.");
  Proposal q = proposal({{"action", "basing"}, {"actor", "RUS"}, {"host", "KAZ"}, {"date", "2016-01-01"}});
  EXPECT_EQ(render_because(*engine, q, static_cast<std::uint32_t>(engine->find_clause("rep/depot"))), "(none) is a depot.");
}

TEST_F(ReportTest, PartyListHelper) {
  Bits b;
  b.set(*engine->tables().parties.find("TJK"));
  b.set(*engine->tables().parties.find("ARM"));
  b.set(*engine->tables().parties.find("KAZ"));
  EXPECT_EQ(party_list(engine->tables(), b), "ARM, KAZ, TJK");
  EXPECT_EQ(party_list(engine->tables(), b, ","), "ARM,KAZ,TJK");
  EXPECT_EQ(party_list(engine->tables(), Bits{}), "");
}

// Party arrays are written 16 bytes a party from codes quoted when the tables are built (up to
// 15 bytes quoted: 13 letters); a longer code is written from its full text. Short and long codes mixed in one array,
// byte for byte, in code order.
TEST(ReportJson, PartyArraysMixShortAndLongCodes) {
  fx::RulesFixture rules;
  rules.write("facts/long.yaml", R"(states:
  ABCDEFGHIJKL: { name: Twelve }
  ABCDEFGHIJKLM: { name: Thirteen }
  ABCDEFGHIJKLMN: { name: Fourteen }
  ZYXWVUTSRQPONMLK: { name: Sixteen }
organizations:
  WIDE:
    name: Wide Organization
    members:
      KGZ: [{ from: 2000-01-01 }]
      ABCDEFGHIJKL: [{ from: 2000-01-01 }]
      ABCDEFGHIJKLM: [{ from: 2000-01-01 }]
      ABCDEFGHIJKLMN: [{ from: 2000-01-01 }]
      ZYXWVUTSRQPONMLK: [{ from: 2000-01-01 }]
      RUS: [{ from: 2000-01-01 }]
)");
  rules.add_instrument("main", "wide", R"(  - id: wide/art_1
    cite: "Wide Treaty, Art. 1"
    text: "Bases need the consent of every member."
    when: action == "basing" and member("WIDE", host)
    effect: consent
    consent:
      from: members("WIDE") - {host}
      rule: unanimous
    because: "{host} hosts it."
)");
  const auto engine = rules.engine();
  Proposal p = fx::propose(*engine, {{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"date", "2020-01-01"}},
                           {{"ABCDEFGHIJKLM", "consent"}, {"ABCDEFGHIJKL", "consent"}, {"ABCDEFGHIJKLMN", "abstain"}});
  const Decision d = fx::decide_on(*engine, p);
  std::string out;
  render_json(*engine, p, d, false, out);
  // All short (the longest, 15 bytes quoted); one long; long and short.
  EXPECT_TRUE(contains(out, R"("consented":["ABCDEFGHIJKL","ABCDEFGHIJKLM"],"objected":[],"abstained":["ABCDEFGHIJKLMN"],)")) << out;
  EXPECT_TRUE(contains(out, R"("pending":["ABCDEFGHIJKLMN","RUS","ZYXWVUTSRQPONMLK"])")) << out;
  EXPECT_TRUE(contains(out, R"("required":["ABCDEFGHIJKL","ABCDEFGHIJKLM","ABCDEFGHIJKLMN","RUS","ZYXWVUTSRQPONMLK"],)")) << out;
  json j = json::parse(out);
  EXPECT_EQ(j["decision"], "needs_consent");
}

}  // namespace
}  // namespace accord::internal
