// The plain-language headline and summary: one headline per kind of requirement (consent, no
// objection, consultation), obligations named when they are what applies, "no clause" said as
// such, names instead of codes; asserted verbatim.
#include "report/summary.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "support/fixture.h"

namespace accord::internal {
namespace {

// On 2020-01-01 the fixture's CSTO is KAZ, KGZ and RUS.
const char* kClauses = R"(  - id: s/unanimous
    cite: "S Treaty, Art. 1"
    when: action == "troop_deployment" and member("CSTO", host) and not member("CSTO", actor)
    effect: consent
    consent: { from: 'members("CSTO") - {host}', rule: unanimous }
  - id: s/majority
    cite: "S Treaty, Art. 2"
    when: action == "basing" and purpose == "training"
    effect: consent
    consent: { from: 'members("CSTO")', rule: majority }
  - id: s/any
    cite: "S Treaty, Art. 3"
    when: action == "basing" and purpose == "logistics"
    effect: consent
    consent: { from: 'members("CSTO")', rule: any }
  - id: s/no_objection
    cite: "S Treaty, Art. 4"
    when: action == "basing" and request == true
    effect: consent
    consent: { from: 'members("CSTO") - {host}', rule: no_objection }
  - id: s/consult
    cite: "S Treaty, Art. 5"
    when: action == "basing" and troops > 1000
    effect: consent
    consent: { from: 'members("CSTO") - {host}', rule: consult }
  - id: s/prohibit
    cite: "S Treaty, Art. 6"
    title: No member joins a rival alliance
    when: action == "alliance_accession" and org == "NATO" and member("CSTO", actor)
    effect: prohibit
  - id: s/permit
    cite: "S Treaty, Art. 7"
    when: action == "alliance_accession" and org == "CSTO"
    effect: permit
  - id: s/defence
    cite: "S Treaty, Art. 8"
    title: Collective defence
    when: action == "armed_attack" and member("CSTO", host)
    effect: obligation
    binds: members("CSTO") - {host, actor}
    duty: "assist {host}"
)";

class SummaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rules.add_instrument("main", "s", kClauses);
    engine = rules.engine();
  }
  // "HEADLINE | sentence | sentence" for a proposal on 2020-01-01.
  std::string said(fx::Pairs fields, const fx::Pairs& positions = {}) {
    fields.emplace_back("date", "2020-01-01");
    const Proposal p = fx::propose(*engine, fields, positions);
    const Decision d = fx::decide_on(*engine, p);
    std::string out = headline_words(headline(*engine, d));
    for (const auto& s : summary(*engine, p, d)) out += " | " + s;
    return out;
  }
  fx::RulesFixture rules;
  std::unique_ptr<Engine> engine;
};

TEST_F(SummaryTest, NoClauseIsSaidAsSuch) {
  EXPECT_EQ(said({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}}),
            "NO CLAUSE APPLIES | No encoded clause applies to this proposal on 2020-01-01: the loaded treaties "
            "neither require anything for it nor forbid it.");
}

TEST_F(SummaryTest, ConsentOfEveryOne) {
  EXPECT_EQ(said({{"action", "troop_deployment"}, {"actor", "USA"}, {"host", "KGZ"}}),
            "NEEDS CONSENT | Under S Treaty, Art. 1: needs the consent of every one of Kazakhstan and Russia — any one "
            "of them can block it by objecting.");
  EXPECT_EQ(said({{"action", "troop_deployment"}, {"actor", "USA"}, {"host", "KGZ"}}, {{"KAZ", "consent"}}),
            "NEEDS CONSENT | Under S Treaty, Art. 1: needs the consent of every one of Kazakhstan and Russia — any one "
            "of them can block it by objecting. Consented: Kazakhstan; still needed: Russia.");
  EXPECT_EQ(said({{"action", "troop_deployment"}, {"actor", "USA"}, {"host", "KGZ"}}, {{"KAZ", "consent"}, {"RUS", "consent"}}),
            "PERMITTED | Under S Treaty, Art. 1: the consent it requires was given (Kazakhstan and Russia).");
  EXPECT_EQ(said({{"action", "troop_deployment"}, {"actor", "USA"}, {"host", "KGZ"}}, {{"RUS", "object"}}),
            "VETOED | Under S Treaty, Art. 1: vetoed by Russia; it needs the consent of every one of Kazakhstan and "
            "Russia — any one of them can block it by objecting.");
}

TEST_F(SummaryTest, MajorityAndAny) {
  EXPECT_EQ(said({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"purpose", "training"}}),
            "NEEDS CONSENT | Under S Treaty, Art. 2: needs the consent of a majority of Kazakhstan, Kyrgyzstan and "
            "Russia (2 of 3).");
  EXPECT_EQ(said({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"purpose", "training"}},
                 {{"KAZ", "object"}, {"RUS", "abstain"}}),
            "VETOED | Under S Treaty, Art. 2: vetoed — a majority of Kazakhstan, Kyrgyzstan and Russia can no longer "
            "be reached (Kazakhstan and Russia objected or abstained).");
  EXPECT_EQ(said({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"purpose", "logistics"}}),
            "NEEDS CONSENT | Under S Treaty, Art. 3: needs the consent of at least one of Kazakhstan, Kyrgyzstan and "
            "Russia.");
}

TEST_F(SummaryTest, NoObjectionIsNotConsent) {
  EXPECT_EQ(said({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"request", "true"}}),
            "NEEDS NO OBJECTION | Under S Treaty, Art. 4: needs no objection from Kazakhstan and Russia — each must be "
            "consulted and any one of them can block it by objecting; no one's consent is required.");
  EXPECT_EQ(said({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"request", "true"}}, {{"KAZ", "abstain"}}),
            "NEEDS NO OBJECTION | Under S Treaty, Art. 4: needs no objection from Kazakhstan and Russia — each must be "
            "consulted and any one of them can block it by objecting; no one's consent is required. Heard from: "
            "Kazakhstan; waiting for Russia.");
  EXPECT_EQ(said({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"request", "true"}},
                 {{"KAZ", "abstain"}, {"RUS", "consent"}}),
            "PERMITTED | Under S Treaty, Art. 4: every one of Kazakhstan and Russia was consulted and none objected.");
}

TEST_F(SummaryTest, ConsultationCannotBeBlocked) {
  EXPECT_EQ(said({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"troops", "1500"}}),
            "NEEDS CONSULTATION | Under S Treaty, Art. 5: needs consultation with Kazakhstan and Russia — each must be "
            "consulted, but none of them can block it.");
  EXPECT_EQ(said({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"troops", "1500"}},
                 {{"KAZ", "object"}, {"RUS", "consent"}}),
            "PERMITTED | Under S Treaty, Art. 5: every one of Kazakhstan and Russia was consulted; Kazakhstan objected, "
            "which under this clause does not block it.");
}

TEST_F(SummaryTest, TheStrongestOutstandingRequirementHeadsTheAnswer) {
  // Consultation (Art. 5) and absence of objection (Art. 4) both outstanding.
  EXPECT_EQ(said({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"troops", "1500"}, {"request", "true"}})
                .substr(0, 20),
            "NEEDS NO OBJECTION |");
}

TEST_F(SummaryTest, ProhibitionAndPermission) {
  EXPECT_EQ(said({{"action", "alliance_accession"}, {"actor", "KAZ"}, {"org", "NATO"}}),
            "PROHIBITED | Under S Treaty, Art. 6: prohibited — No member joins a rival alliance.");
  EXPECT_EQ(said({{"action", "alliance_accession"}, {"actor", "USA"}, {"org", "CSTO"}}),
            "PERMITTED | Under S Treaty, Art. 7: explicitly permitted.");
}

TEST_F(SummaryTest, ObligationsHeadTheAnswerAndNameWhoIsBoundToDoWhat) {
  EXPECT_EQ(said({{"action", "armed_attack"}, {"actor", "USA"}, {"host", "KGZ"}}),
            "OBLIGATIONS | S Treaty, Art. 8 binds Kazakhstan and Russia to assist Kyrgyzstan.");
  // An attacker that is itself bound is left out by the clause; an obligation binding no one says so.
  fx::RulesFixture lonely;
  lonely.add_instrument("main", "s", kClauses);
  lonely.write("facts/solo.yaml", "organizations:\n  SOLO:\n    name: Solo\n    members:\n      KAZ: [{ from: 2000-01-01 }]\n");
  lonely.add_instrument("main", "t", R"(  - id: t/solo
    cite: "T Pact"
    when: action == "armed_attack" and member("SOLO", host)
    effect: obligation
    binds: members("SOLO") - {host}
)");
  auto e = lonely.engine();
  const Proposal p = fx::propose(*e, {{"action", "armed_attack"}, {"actor", "USA"}, {"host", "KAZ"}, {"date", "2020-01-01"}});
  const auto s = summary(*e, p, fx::decide_on(*e, p));
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0], "S Treaty, Art. 8 binds Kyrgyzstan and Russia to assist Kazakhstan.");
  EXPECT_EQ(s[1], "Under T Pact: an obligation that binds no party on this date.");
}

TEST(SummaryKeys, HeadlineKeysAreStable) {
  EXPECT_EQ(headline_keys(), (std::vector<std::string>{"no_clause", "permitted", "obligations", "needs_consultation",
                                                       "needs_no_objection", "needs_consent", "vetoed", "prohibited",
                                                       "depends"}));
}

// Lists of names are in byte order of the names however long: a short list is sorted by
// insertion, a long one (over 16) through the bits of its ranks. Random sets of the shipped
// packs' 193 states and 4 organizations, against sorting the strings.
TEST(PartyLists, SortedByNameAtEveryLength) {
  const Tables& t = fx::shipped_engine().tables();
  std::mt19937_64 rng(20260101);
  for (int round = 0; round < 400; ++round) {
    Bits set;
    const std::size_t want = rng() % 48;
    for (std::size_t k = 0; k < want; ++k) set.set(1 + static_cast<unsigned>(rng() % (t.parties.size() - 1)));
    for (const bool labels : {false, true}) {
      std::vector<std::string> names;
      set.for_each([&](unsigned id) { names.push_back(labels ? t.party_label_text[id] : t.party_word_text[id]); });
      std::sort(names.begin(), names.end());
      std::string expected;
      for (std::size_t i = 0; i < names.size(); ++i)
        expected += (i == 0 ? "" : labels || i + 1 < names.size() ? ", " : " and ") + names[i];
      ASSERT_EQ(labels ? party_labels(t, set) : party_words(t, set), expected) << set.count() << " parties, round " << round;
    }
  }
}

}  // namespace
}  // namespace accord::internal
