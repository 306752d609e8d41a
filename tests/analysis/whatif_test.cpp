// accord whatif: swing parties, coalitions for majority clauses, and the timeline, each
// computed by deciding again; on the fixture and on the shipped rules (the issue's examples).
#include <algorithm>
#include "analysis/whatif.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/fixture.h"
#include "support/run_command.h"

namespace accord::internal {
namespace {

std::vector<std::string> swing_lines(const Engine& e, const WhatIf& w) {
  std::vector<std::string> out;
  for (const Swing& s : w.swings)
    out.push_back(e.tables().parties.name(s.party) + " " + std::to_string(static_cast<int>(s.to)) + " -> " +
                  headline_key(s.outcome.headline));
  return out;
}

class ShippedWhatIf : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { engine_ = &fx::shipped_engine(); }
  static WhatIf run(const fx::Pairs& fields, WhatIfRange range = {}) {
    const Proposal p = fx::propose(*engine_, fields);
    WhatIf w;
    EXPECT_EQ(what_if(*engine_, p, {}, range, w), "");
    return w;
  }
  static const Engine* engine_;
};
const Engine* ShippedWhatIf::engine_ = nullptr;

// Position codes in swing_lines: 1 consent, 2 object, 3 abstain, 0 none.
TEST_F(ShippedWhatIf, Manas2026EachOfTheFiveIsASingleObjectionVeto) {
  const WhatIf w = run({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"site", "manas"}, {"date", "2026-03-01"}});
  EXPECT_EQ(headline(*engine_, w.now), Headline::NeedsNoObjection);
  EXPECT_EQ(swing_lines(*engine_, w), (std::vector<std::string>{"ARM 2 -> vetoed", "BLR 2 -> vetoed", "KAZ 2 -> vetoed",
                                                                "RUS 2 -> vetoed", "TJK 2 -> vetoed"}));
  ASSERT_EQ(w.all_pending.size(), 3u);
  EXPECT_EQ(w.all_pending[0].first, Position::Consent);
  EXPECT_EQ(w.all_pending[0].second.verdict, Verdict::Permitted);
  EXPECT_EQ(w.all_pending[1].first, Position::Abstain);
  EXPECT_EQ(w.all_pending[1].second.verdict, Verdict::Permitted);  // abstaining is no objection
  EXPECT_EQ(w.all_pending[2].second.verdict, Verdict::Vetoed);
}

TEST_F(ShippedWhatIf, UzbekistanTimelineShowsEveryBoundaryThatMatters) {
  WhatIfRange range;
  range.from = fx::D("1994-01-01");
  range.to = fx::D("2030-01-01");
  const WhatIf w = run({{"action", "basing"}, {"actor", "USA"}, {"host", "UZB"}, {"date", "2026-03-01"}}, range);
  std::vector<std::string> got;
  for (std::size_t i = 0; i < w.timeline.size(); ++i) {
    std::string line = format_date(w.timeline[i].from) + " " + headline_key(w.timeline[i].outcome.headline);
    if (i > 0)
      for (const auto& ev : w.boundaries[i - 1].events) line += " | " + ev;
    got.push_back(line);
  }
  EXPECT_EQ(got, (std::vector<std::string>{
                     "1994-01-01 no_clause",
                     "1994-04-20 no_clause | Uzbekistan joins CSTO",
                     "1999-04-20 no_clause | Uzbekistan leaves CSTO",
                     "2003-09-18 no_clause | CSTO Charter, Art. 7 (paragraph on forces of non-member states) takes effect",
                     "2006-08-16 needs_consultation | Uzbekistan joins CSTO",
                     "2012-12-19 no_clause | Armenia, Belarus, Kyrgyzstan, Russia and Tajikistan become parties to "
                     "csto-infrastructure-protocol-2011 | Uzbekistan leaves CSTO | CSTO Charter, Art. 7 (paragraph on forces "
                     "of non-member states), towards members not bound by the 2011 Protocol takes effect | Protocol (2011), "
                     "Art. 1 takes effect | Protocol (2011), scope as reported (facilities already present) takes effect"}));
  EXPECT_EQ(w.timeline.back().to, fx::D("2030-01-01"));
}

// Dated versions: the 1992 text of CST Art. 4 gives way to the amended one on 2012-12-19, and
// the timeline says so in the clause's own words.
TEST_F(ShippedWhatIf, ArmedAttackTimelineShowsArticleFourChangingText) {
  WhatIfRange range;
  range.from = fx::D("2010-01-01");
  range.to = fx::D("2016-01-01");
  const WhatIf w = run({{"action", "armed_attack"}, {"actor", "AFG"}, {"host", "TJK"}, {"request", "true"}, {"date", "2015-06-01"}}, range);
  std::vector<std::string> events;
  for (const auto& b : w.boundaries)
    for (const auto& ev : b.events) events.push_back(format_date(b.date) + " " + ev);
  EXPECT_NE(std::find(events.begin(), events.end(),
                      "2012-12-19 Collective Security Treaty (1992), Art. 4 (as amended 2010) takes effect, replacing "
                      "Collective Security Treaty (1992), Art. 4 (1992 text)"),
            events.end());
  // The 1992 text does not "cease to have effect" as if nothing followed it.
  for (const auto& ev : events) EXPECT_EQ(ev.find("Art. 4 (1992 text) ceases"), std::string::npos) << ev;
}

// A presence matters only to a proposal about its site: the US at Manas is not an event for
// a base elsewhere, and is one for Manas.
TEST_F(ShippedWhatIf, PresencesAreEventsOnlyForTheirSite) {
  WhatIfRange range;
  range.from = fx::D("2000-01-01");
  range.to = fx::D("2016-01-01");
  auto events_of = [&](const WhatIf& w) {
    std::vector<std::string> out;
    for (const auto& b : w.boundaries)
      for (const auto& ev : b.events) out.push_back(format_date(b.date) + " " + ev);
    return out;
  };
  const auto manas = events_of(run({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"site", "manas"}, {"date", "2013-06-01"}}, range));
  EXPECT_NE(std::find(manas.begin(), manas.end(), "2014-07-11 United States's presence at Manas air base ends"), manas.end());
  const auto elsewhere = events_of(run({{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"date", "2013-06-01"}}, range));
  for (const auto& ev : elsewhere) EXPECT_EQ(ev.find("presence"), std::string::npos) << ev;
}

TEST_F(ShippedWhatIf, Manas2005SaysConsultationAndWhatTheAgreementReadingWouldChange) {
  const Proposal p = fx::propose(*engine_, {{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"date", "2005-06-01"}});
  WhatIf w;
  ASSERT_EQ(what_if(*engine_, p, {}, {}, w), "");
  EXPECT_EQ(headline(*engine_, w.now), Headline::NeedsConsultation);
  EXPECT_TRUE(w.swings.empty()) << "consultation: no one can block it";
  const std::string text = render_whatif_text(*engine_, p, w, false);
  EXPECT_TRUE(fx::contains(text, "Read as 'agreement' (a contested reading), CSTO Charter, Art. 7 (paragraph on forces of "
                                 "non-member states) would need the consent of every one of Armenia, Belarus, Kazakhstan, "
                                 "Russia and Tajikistan")) << text;
  EXPECT_TRUE(fx::contains(text, "  No single party's change of position changes the decision.\n")) << text;
}

TEST(WhatIfMajority, SmallestCoalitionsThatCarryOrBlock) {
  fx::RulesFixture rules;
  rules.write("facts/five.yaml", R"(states:
  ARM: { name: Armenia }
  BLR: { name: Belarus }
organizations:
  FIVE:
    name: Five
    members:
      ARM: [{ from: 2000-01-01 }]
      BLR: [{ from: 2000-01-01 }]
      KAZ: [{ from: 2000-01-01 }]
      KGZ: [{ from: 2000-01-01 }]
      RUS: [{ from: 2000-01-01 }]
)");
  rules.add_instrument("main", "m", R"(  - id: m/vote
    cite: "M Art. 1"
    when: action == "basing"
    effect: consent
    consent: { from: 'members("FIVE")', rule: majority }
)");
  auto e = rules.engine();
  const Proposal p = fx::propose(*e, {{"action", "basing"}, {"actor", "USA"}, {"host", "KGZ"}, {"date", "2020-01-01"}},
                                 {{"ARM", "consent"}});
  WhatIf w;
  ASSERT_EQ(what_if(*e, p, {}, {}, w), "");
  ASSERT_EQ(w.coalitions.size(), 1u);
  const Coalition& c = w.coalitions[0];
  EXPECT_EQ(fx::names(e->tables(), c.among), (fx::Names{"BLR", "KAZ", "KGZ", "RUS"}));
  EXPECT_EQ(c.carry, 2u);  // 1 + 2 of 5 is a majority
  EXPECT_EQ(c.carried.verdict, Verdict::Permitted);
  EXPECT_EQ(c.block, 3u);  // with 3 objections at most 2 of 5 can consent
  EXPECT_EQ(c.blocked.verdict, Verdict::Vetoed);
  EXPECT_TRUE(w.swings.empty()) << "no single change decides a 5-party majority from here";
  const std::string text = render_whatif_text(*e, p, w, false);
  EXPECT_TRUE(fx::contains(text, "  M Art. 1: any 2 of Belarus, Kazakhstan, Kyrgyzstan and Russia consenting carry it → PERMITTED\n")) << text;
  EXPECT_TRUE(fx::contains(text, "  M Art. 1: any 3 of Belarus, Kazakhstan, Kyrgyzstan and Russia objecting block it → VETOED\n")) << text;
}

// The command: same inputs as check, names accepted, JSON with the documented keys.
TEST(WhatIfCli, JsonReportForTheManasProposal) {
  const auto r = cmd::accord({"whatif", "scenarios/proposals/us-airbase-manas-2026.yaml", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["now"]["headline"], "needs_no_objection");
  ASSERT_EQ(j["swing"].size(), 5u);
  EXPECT_EQ(j["swing"][3], nlohmann::json::parse(R"({"party":"RUS","position":"object","decision":"vetoed","headline":"vetoed"})"));
  EXPECT_EQ(j["all_awaited"]["parties"], nlohmann::json::parse(R"(["ARM","BLR","KAZ","RUS","TJK"])"));
  EXPECT_FALSE(j["timeline"].empty());
  EXPECT_TRUE(j["timeline"].back()["to"].is_null());
}

TEST(WhatIfCli, BadRangeIsAUsageError) {
  const auto r = cmd::accord({"whatif", "--action", "basing", "--actor", "USA", "--host", "KGZ", "--from", "2010-01-01",
                              "--to", "2000-01-01"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "accord: error: --to 2000-01-01 must be after --from 2010-01-01\n");
  const auto bad = cmd::accord({"whatif", "--action", "basing", "--actor", "USA", "--host", "KGZ", "--from", "2010-13-01"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "accord: error: --from 2010-13-01: not a date: expected YYYY-MM-DD\n");
  const auto none = cmd::accord({"whatif"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_EQ(none.err, "accord: error: nothing to analyse: give a proposal file, or --action with the fields\n");
}

}  // namespace
}  // namespace accord::internal
