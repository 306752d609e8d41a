// "It depends": a field the clauses read but the proposal leaves out is decided for each of its
// values (bool, string values, sites) or party classes, by the real decide(), and the cases
// are grouped by outcome and described in the schema's words.
#include "decide/cases.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/report.h"
#include "report/summary.h"
#include "support/fixture.h"

namespace accord::internal {
namespace {

const char* kSchemaWithLabels = R"(fields:
  actor: { type: party }
  host: { type: party }
  site: { type: site }
  other: { type: party }
  request:
    type: bool
    labels: { true: "the host asked for it", false: "the host did not ask for it" }
  purpose: { type: string, values: [logistics, training, combat] }
  troops: { type: int }
actions:
  basing:
    required: [actor, host]
    optional: [site, other, request, purpose, troops]
)";

const char* kClauses = R"(  - id: c/request
    cite: "C Art. 1"
    when: action == "basing" and request == true and member("CSTO", host)
    effect: consent
    consent: { from: 'members("CSTO") - {host}', rule: unanimous }
  - id: c/combat
    cite: "C Art. 2"
    when: action == "basing" and purpose == "combat"
    effect: prohibit
  - id: c/depot
    cite: "C Art. 3"
    when: action == "basing" and site == "depot"
    effect: prohibit
  - id: c/other
    cite: "C Art. 4"
    when: action == "basing" and member("NATO", other)
    effect: prohibit
  - id: c/troops
    cite: "C Art. 5"
    when: action == "basing" and troops > 100
    effect: prohibit
)";

class CasesTest : public ::testing::Test {
 protected:
  CasesTest() : rules(kSchemaWithLabels) {}
  void SetUp() override {
    rules.add_instrument("main", "c", kClauses);
    engine = rules.engine();
  }
  Proposal proposal(fx::Pairs fields) {
    fields.emplace_back("date", "2020-01-01");
    return fx::propose(*engine, fields);
  }
  std::vector<std::string> unknown(const Proposal& p) {
    std::vector<std::string> out;
    const std::uint64_t u = unknown_fields(*engine, p);
    for (std::size_t fi = 0; fi < engine->tables().fields.size(); ++fi)
      if (u >> fi & 1) out.push_back(engine->tables().fields[fi].name);
    return out;
  }
  fx::RulesFixture rules;
  std::unique_ptr<Engine> engine;
};

TEST_F(CasesTest, UnknownAreTheFieldsLeftOutThatAClauseReadsAndThatCanBeListed) {
  // troops is read but an int cannot be listed: it stays absent, as before.
  EXPECT_EQ(unknown(proposal({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}})),
            (std::vector<std::string>{"site", "other", "request", "purpose"}));
  EXPECT_TRUE(unknown(proposal({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"site", "manas"},
                                {"other", "RUS"}, {"request", "false"}, {"purpose", "training"}})).empty());
}

TEST_F(CasesTest, ACompleteProposalHasOneCase) {
  const Proposal p = proposal({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"site", "manas"},
                               {"other", "RUS"}, {"request", "true"}, {"purpose", "training"}});
  Answer a;
  ASSERT_EQ(decide_answer(*engine, p, {}, a), "");
  EXPECT_EQ(a.count, 1u);
  EXPECT_FALSE(a.depends());
  EXPECT_EQ(a.verdict(), Verdict::NeedsConsent);
  EXPECT_EQ(a.decision().verdict, fx::decide_on(*engine, p).verdict);
}

TEST_F(CasesTest, ABoolFieldSplitsInTheSchemasWords) {
  const Proposal p = proposal({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"site", "manas"},
                               {"other", "RUS"}, {"purpose", "training"}});
  Answer a;
  ASSERT_EQ(decide_answer(*engine, p, {}, a), "");
  ASSERT_TRUE(a.depends());
  ASSERT_EQ(a.groups.size(), 2u);
  EXPECT_EQ(a.verdict(), Verdict::NeedsConsent);  // the most restrictive case
  EXPECT_EQ(case_condition(*engine, p, a, 0), "the host asked for it");
  EXPECT_EQ(case_condition(*engine, p, a, 1), "the host did not ask for it");
  EXPECT_EQ(a.cases[a.groups[0][0]].decision.verdict, Verdict::NeedsConsent);
  EXPECT_EQ(a.cases[a.groups[1][0]].decision.verdict, Verdict::Permitted);
  const auto s = summary(*engine, p, a);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0], "It depends on 'request', which the proposal does not give.");
  EXPECT_EQ(s[1], "If the host asked for it: NEEDS CONSENT (C Art. 1).");
  EXPECT_EQ(s[2], "If the host did not ask for it: NO CLAUSE APPLIES.");
}

TEST_F(CasesTest, AStringFieldGroupsItsValuesByOutcome) {
  const Proposal p = proposal({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"site", "manas"},
                               {"other", "RUS"}, {"request", "false"}});
  Answer a;
  ASSERT_EQ(decide_answer(*engine, p, {}, a), "");
  ASSERT_EQ(a.groups.size(), 2u);
  EXPECT_EQ(case_condition(*engine, p, a, 0), "purpose is logistics or purpose is training");
  EXPECT_EQ(case_condition(*engine, p, a, 1), "purpose is combat");
  EXPECT_EQ(a.verdict(), Verdict::Prohibited);
}

TEST_F(CasesTest, PartiesAreQuantifiedByClassAndSitesByName) {
  const Proposal p = proposal({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"request", "false"},
                               {"purpose", "training"}});
  Answer a;
  ASSERT_EQ(decide_answer(*engine, p, {}, a), "");
  ASSERT_TRUE(a.depends());
  std::vector<std::string> conditions;
  for (std::size_t g = 0; g < a.groups.size(); ++g) conditions.push_back(case_condition(*engine, p, a, g));
  // The depot prohibits (C Art. 3); a NATO member as `other` prohibits (C Art. 4): here the
  // only NATO member is the actor itself. The four outcomes, each in the fields' words:
  EXPECT_EQ(conditions, (std::vector<std::string>{
                            "(site is Manas air base (manas) or no site) and other is the same party as actor (United States)",
                            "site is Depot 7 (depot) and other is the same party as actor (United States)",
                            "(site is Manas air base (manas) or no site) and (other is the same party as host (Kyrgyzstan) "
                            "or other is CSTO or other is Kazakhstan or other is NATO or other is a member of CSTO or no other)",
                            "site is Depot 7 (depot) and (other is the same party as host (Kyrgyzstan) or other is CSTO or "
                            "other is Kazakhstan or other is NATO or other is a member of CSTO or no other)"}));
  EXPECT_EQ(a.cases[a.groups[0][0]].decision.verdict, Verdict::Prohibited);
  EXPECT_EQ(a.cases[a.groups[1][0]].decision.prohibited_by.size(), 2u);
  EXPECT_EQ(a.cases[a.groups[2][0]].decision.verdict, Verdict::Permitted);
}

TEST_F(CasesTest, TooManyCombinationsIsAnErrorNotAHang) {
  // Five unknown party fields over the fixture's classes would be well past kMaxCases.
  fx::RulesFixture big(R"(fields:
  a: { type: party }
  b: { type: party }
  c: { type: party }
  d: { type: party }
  e: { type: party }
  f: { type: party }
  g: { type: party }
actions:
  basing: { required: [a], optional: [b, c, d, e, f, g] }
)");
  big.add_instrument("main", "x", R"(  - id: x/all
    cite: "X"
    when: action == "basing" and b != c and d != e and f != g
    effect: prohibit
)");
  auto e = big.engine();
  const Proposal p = fx::propose(*e, {{"action", "basing"}, {"a", "USA"}, {"date", "2020-01-01"}});
  Answer a;
  EXPECT_EQ(decide_answer(*e, p, {}, a),
            "the answer depends on fields the proposal leaves out ('b', 'c', 'd', 'e', 'f', ...) in more than 4096 "
            "combinations; give some of them");
}

TEST_F(CasesTest, JsonKeepsTheLatticeValueAndListsTheCases) {
  const Proposal p = proposal({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"site", "manas"},
                               {"other", "RUS"}, {"purpose", "training"}});
  Answer a;
  ASSERT_EQ(decide_answer(*engine, p, {}, a), "");
  std::string out;
  render_json(*engine, p, a, false, out);
  const auto j = nlohmann::json::parse(out);
  EXPECT_EQ(j["decision"], "needs_consent");
  EXPECT_EQ(j["headline"], "depends");
  EXPECT_EQ(j["depends_on"], nlohmann::json::array({"request"}));
  ASSERT_EQ(j["cases"].size(), 2u);
  EXPECT_EQ(j["cases"][0]["if"], "the host asked for it");
  EXPECT_EQ(j["cases"][0]["given"], nlohmann::json::parse(R"([{"request":true}])"));
  EXPECT_EQ(j["cases"][0]["decision"], "needs_consent");
  EXPECT_EQ(j["cases"][0]["pending"], nlohmann::json::parse(R"(["KAZ","RUS"])"));
  EXPECT_EQ(j["cases"][1]["headline"], "no_clause");
  EXPECT_TRUE(j["clauses"].empty());
}

TEST_F(CasesTest, TextShowsEachCaseInFull) {
  const Proposal p = proposal({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"site", "manas"},
                               {"other", "RUS"}, {"purpose", "training"}});
  Answer a;
  ASSERT_EQ(decide_answer(*engine, p, {}, a), "");
  const std::string t = render_text(*engine, p, a, {});
  EXPECT_EQ(t.rfind("IT DEPENDS  ", 0), 0u) << t;
  EXPECT_TRUE(fx::contains(t, "\nCase 1 of 2: if the host asked for it\n\nNEEDS CONSENT  ")) << t;
  EXPECT_TRUE(fx::contains(t, "\nCase 2 of 2: if the host did not ask for it\n\nNO CLAUSE APPLIES  ")) << t;
}

// The issue's example on the shipped rules: a re-transfer with the price unknown.
TEST(CasesShipped, ArmsRetransferWithoutDomesticPriceAnswersForBothValues) {
  const Engine* e = &fx::shipped_engine();
  const Proposal p = fx::propose(*e, {{"action", "arms_retransfer"}, {"actor", "KAZ"}, {"supplier", "RUS"},
                                      {"recipient", "AFG"}, {"date", "2025-06-01"}});
  Answer a;
  ASSERT_EQ(decide_answer(*e, p, {}, a), "");
  ASSERT_TRUE(a.depends());
  ASSERT_EQ(a.groups.size(), 2u);
  EXPECT_EQ(case_condition(*e, p, a, 0), "the arms were supplied at the supplier's domestic price");
  EXPECT_EQ(a.cases[a.groups[0][0]].decision.verdict, Verdict::Prohibited);
  EXPECT_EQ(case_condition(*e, p, a, 1), "the arms were not supplied at the supplier's domestic price");
  // Off the agreement's terms the 2000 agreement is silent, but Russia's own re-transfer terms
  // still forbid it without Russia's consent: the supplier's consent decides in both cases.
  const Decision& commercial = a.cases[a.groups[1][0]].decision;
  EXPECT_EQ(commercial.verdict, Verdict::Prohibited);
  ASSERT_EQ(commercial.prohibited_by.size(), 1u);
  EXPECT_EQ(e->rules().clauses[commercial.prohibited_by[0]].id, "rus-arms-export/retransfer");
  const Proposal consented = fx::propose(*e, {{"action", "arms_retransfer"}, {"actor", "KAZ"}, {"supplier", "RUS"},
                                              {"recipient", "AFG"}, {"date", "2025-06-01"}},
                                         {{"RUS", "consent"}});
  Answer b;
  ASSERT_EQ(decide_answer(*e, consented, {}, b), "");
  // With the supplier's consent the price no longer matters to the decision (only to which
  // notes say that consent was needed).
  for (std::size_t k = 0; k < b.count; ++k) EXPECT_EQ(b.cases[k].decision.verdict, Verdict::Permitted) << k;
}

}  // namespace
}  // namespace accord::internal
