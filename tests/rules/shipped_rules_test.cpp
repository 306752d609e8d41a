// The shipped rules (`rules/`): they load and compile without a single diagnostic, every clause
// carries what a reader needs to check it (citation, quote, source, effective date), every UN
// member state can act and host, and each shipped proposal (scenarios/proposals/) decides as
// the analysts' table in docs/treaties.md says.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "load/proposal_loader.h"
#include "support/fixture.h"

namespace accord::internal {
namespace {

namespace fs = std::filesystem;
using fx::Names;

const std::string kRepo = ACCORD_REPO;
const std::string kRules = kRepo + "/rules";
const std::string kProposals = kRepo + "/scenarios/proposals";

class ShippedRules : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Diagnostics d;
    auto rules = load_rules({kRules}, d);
    load_diags_ = new std::string(d.str());
    if (rules) engine_ = Engine::build(std::move(*rules), d).release();
    build_diags_ = new std::string(d.str());
  }
  static void TearDownTestSuite() {
    delete engine_;
    delete load_diags_;
    delete build_diags_;
    engine_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(engine_, nullptr) << *build_diags_; }
  const Engine& engine() const { return *engine_; }
  Names members(const std::string& org, const std::string& date) const {
    const Tables& t = engine_->tables();
    const OrgIndex& idx = t.orgs[*t.parties.find(org)];
    return fx::names(t, idx.members[idx.epoch(fx::D(date))]);
  }

  static Engine* engine_;
  static std::string* load_diags_;
  static std::string* build_diags_;
};
Engine* ShippedRules::engine_ = nullptr;
std::string* ShippedRules::load_diags_ = nullptr;
std::string* ShippedRules::build_diags_ = nullptr;

TEST_F(ShippedRules, LoadAndCompileWithNoDiagnosticsAtAll) {
  EXPECT_EQ(*load_diags_, "");
  EXPECT_EQ(*build_diags_, "");
  EXPECT_GE(engine().rules().clauses.size(), 12u);
  EXPECT_GE(engine().rules().instruments.size(), 5u);
}

TEST_F(ShippedRules, EveryClauseCarriesCiteTextSourceAndEffectiveDate) {
  const Date floor = fx::D("1900-01-01");
  for (const Clause& c : engine().rules().clauses) {
    SCOPED_TRACE(c.id);
    EXPECT_FALSE(c.cite.empty()) << "cite";
    EXPECT_FALSE(c.text.empty()) << "text (a short verbatim quote)";
    EXPECT_FALSE(c.source.empty()) << "source";
    EXPECT_TRUE(c.source.rfind("http", 0) == 0) << "source is a URL: " << c.source;
    EXPECT_NE(c.effective_from, kDateMin) << "effective window start";
    EXPECT_GT(c.effective_from, floor);
    EXPECT_LT(c.effective_from, c.effective_to);
    const Instrument& inst = engine().rules().instruments[c.instrument];
    EXPECT_GE(c.effective_from, inst.in_force) << "a clause is not in force before its instrument";
    EXPECT_EQ(c.id.rfind(inst.id + "/", 0), 0u);
  }
}

// Ids are unique; a clause with dated versions repeats its id only in its own versions, which
// follow each other without a gap, each with its own label, cite and text.
TEST_F(ShippedRules, ClauseIdsAreUniqueAndVersionsFollowEachOther) {
  std::set<std::string> ids;
  const auto& clauses = engine().rules().clauses;
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    const Clause& c = clauses[i];
    if (c.version_seq == 0) {
      EXPECT_TRUE(ids.insert(c.id).second) << c.id;
      continue;
    }
    const Clause& prev = clauses[i - 1];
    EXPECT_EQ(prev.id, c.id);
    EXPECT_EQ(prev.effective_to, c.effective_from) << c.id << " " << c.version;
    EXPECT_FALSE(c.version.empty());
    EXPECT_NE(prev.version, c.version) << c.id;
    EXPECT_NE(prev.cite, c.cite) << c.id;
    EXPECT_NE(prev.text, c.text) << c.id;
  }
}

// The acceptance: the 1992 text of CST Art. 4 for an attack in 2005, the amended text
// (which the CSTO reads as engaged by a request) in 2015.
TEST_F(ShippedRules, ArticleFourQuotesTheTextInForceOnTheDate) {
  auto art4 = [&](const char* date) -> const Clause* {
    Decision d;
    decide(engine(), fx::propose(engine(), {{"action", "armed_attack"}, {"actor", "AFG"}, {"host", "TJK"}, {"request", "true"}, {"date", date}}),
           DecideOptions{}, d);
    for (const ClauseResult& r : d.clauses)
      if (engine().rules().clauses[r.clause].id == "cst-1992/art_4") return &engine().rules().clauses[r.clause];
    return nullptr;
  };
  const Clause* in2005 = art4("2005-06-01");
  const Clause* in2015 = art4("2015-06-01");
  ASSERT_TRUE(in2005 && in2015);
  EXPECT_EQ(in2005->version, "1992 text");
  EXPECT_NE(in2005->text.find("со стороны какого - либо государства или группы государств"), std::string::npos);
  EXPECT_EQ(in2005->cite, "Collective Security Treaty (1992), Art. 4 (1992 text)");
  EXPECT_EQ(in2015->version, "as amended by the 2010 protocol");
  EXPECT_NE(in2015->text.find("an armed attack threatening security, stability, territorial integrity and sovereignty"), std::string::npos);
  EXPECT_EQ(in2015->cite, "Collective Security Treaty (1992), Art. 4 (as amended 2010)");
}

// Facts the review asked to correct: Kyrgyzstan's EAEU accession took effect on 2015-08-12
// (not the announced 08-06); Uzbekistan's return counts from the Sochi protocol of 2006-08-16.
TEST_F(ShippedRules, DatesTheReviewCorrected) {
  auto member = [&](const char* org, const char* who, const char* date) {
    const Tables& t = engine().tables();
    const OrgIndex& idx = t.orgs[*t.parties.find(org)];
    return idx.members[idx.epoch(fx::D(date))].test(*t.parties.find(who));
  };
  EXPECT_FALSE(member("EAEU", "KGZ", "2015-08-11"));
  EXPECT_TRUE(member("EAEU", "KGZ", "2015-08-12"));
  EXPECT_FALSE(member("CSTO", "UZB", "2006-08-15"));
  EXPECT_TRUE(member("CSTO", "UZB", "2006-08-16"));
  EXPECT_FALSE(member("CSTO", "UZB", "2012-12-19"));
  // Who is bound by the 2011 Protocol: Kazakhstan only from its ratification law, Uzbekistan never.
  EXPECT_FALSE(member("csto-infrastructure-protocol-2011", "KAZ", "2014-01-29"));
  EXPECT_TRUE(member("csto-infrastructure-protocol-2011", "KAZ", "2014-01-30"));
  EXPECT_FALSE(member("csto-infrastructure-protocol-2011", "UZB", "2012-12-19"));
  EXPECT_TRUE(member("csto-infrastructure-protocol-2011", "RUS", "2012-12-19"));
}

TEST_F(ShippedRules, TheUnMemberStatesAreAllThere) {
  const auto& states = engine().rules().facts.states;
  EXPECT_EQ(states.size(), 193u);
  std::set<std::string> codes;
  for (const State& s : states) {
    EXPECT_EQ(s.id.size(), 3u) << s.id;
    EXPECT_TRUE(std::all_of(s.id.begin(), s.id.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) << s.id;
    EXPECT_FALSE(s.name.empty()) << s.id;
    codes.insert(s.id);
  }
  EXPECT_EQ(codes.size(), 193u);
  for (const char* code : {"USA", "RUS", "KGZ", "KAZ", "TJK", "ARM", "BLR", "UZB", "AZE", "GEO", "EST", "CHN", "EGY", "AFG"})
    EXPECT_TRUE(codes.count(code)) << code;
}

TEST_F(ShippedRules, AnyPairOfStatesCanBeActorAndHostOfABasing) {
  // And the decision is what the two basing clauses say on 2026-03-01: a non-member's base in a
  // CSTO member needs the absence of objections of the other members; anything else is free.
  const auto& states = engine().rules().facts.states;
  const Names csto = members("CSTO", "2026-03-01");
  ASSERT_EQ(csto, (Names{"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}));
  const ProposalBuilder b(engine().tables());
  Proposal p;
  Decision d;
  int needs = 0;
  for (const State& actor : states)
    for (const State& host : states) {
      b.reset(p);
      ASSERT_EQ(b.set(p, "action", "basing").message, "");
      ASSERT_EQ(b.set(p, "actor", actor.id).message, "") << actor.id;
      ASSERT_EQ(b.set(p, "host", host.id).message, "") << host.id;
      ASSERT_EQ(b.set(p, "date", "2026-03-01").message, "");
      ASSERT_EQ(b.finish(p, 0).message, "") << actor.id << " in " << host.id;
      decide(engine(), p, {}, d);
      const bool host_member = std::count(csto.begin(), csto.end(), host.id) > 0;
      const bool actor_member = std::count(csto.begin(), csto.end(), actor.id) > 0;
      if (host_member && !actor_member) {
        ++needs;
        ASSERT_EQ(d.verdict, Verdict::NeedsConsent) << actor.id << " in " << host.id;
        Names others = csto;
        others.erase(std::find(others.begin(), others.end(), host.id));
        ASSERT_EQ(fx::names(engine().tables(), d.pending), others) << actor.id << " in " << host.id;
      } else {
        ASSERT_EQ(d.verdict, Verdict::Permitted) << actor.id << " in " << host.id;
      }
    }
  EXPECT_EQ(needs, 6 * (193 - 6));
}

// ---- the analysts' table (docs/treaties.md, "Expected decisions of the shipped proposals") ----

// "NATO" in a party list stands for every NATO member on the proposal's date; "NATO-EST" for
// all of them but Estonia.
struct Expect {
  std::string file;
  std::string decision;
  Names vetoed_by, pending, prohibited_by;
  std::vector<std::pair<std::string, std::string>> clauses = {};  // every applying clause: id, status
  std::map<std::string, Names> binds = {};                        // obligations: clause id -> parties
  std::string fork_alternative = {}, fork_decision = {};          // a reading fork that must be reported
};

// How ctest names a case's parameter: its proposal file (not its bytes).
void PrintTo(const Expect& e, std::ostream* os) { *os << e.file; }

const std::vector<Expect>& analyst_table() {
  static const std::vector<Expect> table = {
      {"us-airbase-manas-2026.yaml", "needs_consent", {}, {"ARM", "BLR", "KAZ", "RUS", "TJK"}, {},
       {{"csto-charter-2002/art_7__para_4", "set_aside"}, {"csto-infrastructure-protocol-2011/art_1", "pending"}}},
      {"case1-us-airbase-manas-2001.yaml", "permitted", {}, {}, {}, {}},
      {"case2-us-airbase-manas-2005.yaml", "permitted", {}, {}, {},
       {{"csto-charter-2002/art_7__para_4", "satisfied"}}, {}, "agreement", "vetoed"},
      {"case3-us-airbase-manas-2013.yaml", "needs_consent", {}, {"ARM", "BLR", "KAZ", "RUS", "TJK"}, {},
       {{"csto-charter-2002/art_7__para_4", "pending"}, {"csto-infrastructure-protocol-2011/existing_facilities", "noted"}},
       {}, "agreement", "needs_consent"},
      {"case3b-us-airbase-manas-2013-rus-objects.yaml", "needs_consent", {}, {"ARM", "BLR", "KAZ", "TJK"}, {},
       {{"csto-charter-2002/art_7__para_4", "pending"}, {"csto-infrastructure-protocol-2011/existing_facilities", "noted"}},
       {}, "agreement", "vetoed"},
      {"case3c-new-us-base-kyrgyzstan-2013.yaml", "needs_consent", {}, {"ARM", "BLR", "KAZ", "RUS", "TJK"}, {},
       {{"csto-charter-2002/art_7__para_4", "set_aside"}, {"csto-infrastructure-protocol-2011/art_1", "pending"},
        {"csto-charter-2002/art_7__para_4__beside_protocol", "pending"}}},
      {"case3d-new-us-base-kyrgyzstan-2013-rus-objects.yaml", "vetoed", {"RUS"}, {"ARM", "BLR", "KAZ", "TJK"}, {},
       {{"csto-charter-2002/art_7__para_4", "set_aside"}, {"csto-infrastructure-protocol-2011/art_1", "vetoed"},
        {"csto-charter-2002/art_7__para_4__beside_protocol", "pending"}}},
      {"case4-russia-expands-kant-2013.yaml", "permitted", {}, {}, {}, {}},
      {"case5-us-ct-base-tajikistan-2025.yaml", "needs_consent", {}, {"ARM", "BLR", "KAZ", "KGZ", "RUS"}, {},
       {{"csto-charter-2002/art_7__para_4", "set_aside"}, {"csto-infrastructure-protocol-2011/art_1", "pending"}}},
      {"case5b-us-ct-base-tajikistan-2025-rus-objects.yaml", "vetoed", {"RUS"}, {"ARM", "BLR", "KAZ", "KGZ"}, {},
       {{"csto-charter-2002/art_7__para_4", "set_aside"}, {"csto-infrastructure-protocol-2011/art_1", "vetoed"}}},
      {"case6-us-rotational-battalion-armenia-2025.yaml", "needs_consent", {}, {"BLR", "KAZ", "KGZ", "RUS", "TJK"}, {},
       {{"csto-charter-2002/art_7__para_4", "set_aside"}, {"csto-infrastructure-protocol-2011/art_1", "pending"}}},
      {"case6b-eu-monitoring-mission-armenia-2025.yaml", "permitted", {}, {}, {}, {}},
      {"case7-csto-forces-kazakhstan-2022.yaml", "permitted", {}, {}, {},
       {{"cst-1992/art_2__para_2", "obligation"}, {"csto-charter-2002/art_7__para_1", "satisfied"}},
       {{"cst-1992/art_2__para_2", {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}}}},
      {"case8-armenia-joins-nato-2025.yaml", "prohibited", {}, {"NATO"}, {"cst-1992/art_1__para_2", "cst-1992/art_8__para_3"},
       {{"cst-1992/art_1__para_2", "prohibited"}, {"cst-1992/art_8__para_3", "prohibited"}, {"north-atlantic-treaty/art_10", "pending"}}},
      {"case9-arms-retransfer-without-consent-2025.yaml", "prohibited", {}, {}, {"mtc-agreement-2000/art_6__para_1", "rus-arms-export/retransfer"},
       {{"mtc-agreement-2000/art_6__para_1", "prohibited"}, {"rus-arms-export/retransfer", "prohibited"}}},
      {"case9b-arms-retransfer-with-consent-2025.yaml", "permitted", {}, {}, {},
       {{"mtc-agreement-2000/art_6__para_1__consented", "noted"}, {"rus-arms-export/retransfer__consented", "noted"}}},
      {"case9c-china-retransfers-russian-arms-2025.yaml", "prohibited", {}, {}, {"rus-arms-export/retransfer"},
       {{"rus-arms-export/retransfer", "prohibited"}}},
      {"arms-purchase-domestic-price-2025.yaml", "permitted", {}, {}, {},
       {{"mtc-agreement-2000/art_2", "obligation"}},
       {{"mtc-agreement-2000/art_2", {"RUS"}}}},
      {"armed-attack-on-tajikistan-2025.yaml", "prohibited", {}, {}, {"un-charter/art_2__para_4"},
       {{"cst-1992/art_2__para_2", "obligation"}, {"cst-1992/art_4", "obligation"}, {"un-charter/art_2__para_4", "prohibited"},
        {"un-charter/art_51", "noted"}},
       {{"cst-1992/art_4", {"ARM", "BLR", "KAZ", "KGZ", "RUS"}},
        {"cst-1992/art_2__para_2", {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}}}},
      {"armed-attack-on-armenia-2022.yaml", "prohibited", {}, {}, {"un-charter/art_2__para_4"},
       {{"cst-1992/art_2__para_2", "obligation"}, {"cst-1992/art_4", "obligation"}, {"un-charter/art_2__para_4", "prohibited"},
        {"un-charter/art_51", "noted"}},
       {{"cst-1992/art_4", {"BLR", "KAZ", "KGZ", "RUS", "TJK"}},
        {"cst-1992/art_2__para_2", {"ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"}}}},
      {"armed-attack-on-estonia-2026.yaml", "prohibited", {}, {}, {"cst-1992/art_1__para_1", "un-charter/art_2__para_4"},
       {{"cst-1992/art_1__para_1", "prohibited"}, {"north-atlantic-treaty/art_4", "obligation"},
        {"north-atlantic-treaty/art_5", "obligation"}, {"un-charter/art_2__para_4", "prohibited"}, {"un-charter/art_51", "noted"}},
       {{"north-atlantic-treaty/art_5", {"NATO-EST"}}, {"north-atlantic-treaty/art_4", {"NATO"}}}},
  };
  return table;
}

class AnalystCase : public ShippedRules, public ::testing::WithParamInterface<Expect> {
 protected:
  // Expands the "NATO" / "NATO-EST" shorthands.
  Names expand(const Names& in, const std::string& date) {
    Names out;
    for (const auto& x : in) {
      if (x == "NATO" || x == "NATO-EST") {
        for (const auto& m : members("NATO", date))
          if (!(x == "NATO-EST" && m == "EST")) out.push_back(m);
      } else {
        out.push_back(x);
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }
};

TEST_P(AnalystCase, DecidesAsTheAnalystsExpect) {
  const Expect& e = GetParam();
  Diagnostics d;
  auto file = SourceFile::read(kProposals + "/" + e.file, d);
  ASSERT_NE(file, nullptr) << d.str();
  const ProposalBuilder b(engine().tables());
  Proposal p;
  ASSERT_TRUE(load_proposal_file(file, b, today_utc(), p, d)) << d.str();
  EXPECT_TRUE(d.empty()) << d.str();
  ASSERT_TRUE(p.has_date) << "every shipped proposal is dated";
  const std::string date = format_date(p.date);
  const Decision dec = fx::decide_on(engine(), p);
  const Tables& t = engine().tables();

  EXPECT_EQ(verdict_name(dec.verdict), e.decision);
  EXPECT_EQ(fx::names(t, dec.vetoed_by), e.vetoed_by);
  EXPECT_EQ(fx::names(t, dec.pending), expand(e.pending, date));
  Names prohibited;
  for (auto c : dec.prohibited_by) prohibited.push_back(engine().rules().clauses[c].id);
  EXPECT_EQ(prohibited, e.prohibited_by);

  std::vector<std::pair<std::string, std::string>> applying;
  for (const auto& r : dec.clauses) applying.emplace_back(engine().rules().clauses[r.clause].id, clause_status_name(r.status));
  std::sort(applying.begin(), applying.end());
  auto want = e.clauses;
  std::sort(want.begin(), want.end());
  EXPECT_EQ(applying, want);

  std::map<std::string, Names> binds;
  for (auto k : dec.obligations) {
    const ClauseResult& r = dec.clauses[k];
    binds[engine().rules().clauses[r.clause].id] = fx::names(t, r.binds);
  }
  std::map<std::string, Names> want_binds;
  for (const auto& [id, parties] : e.binds) want_binds[id] = expand(parties, date);
  EXPECT_EQ(binds, want_binds);

  if (!e.fork_alternative.empty()) {
    bool found = false;
    for (const auto& f : dec.forks) {
      const Clause& c = engine().rules().clauses[f.clause];
      if (c.readings[f.reading].name == e.fork_alternative) {
        found = true;
        EXPECT_EQ(verdict_name(f.verdict), e.fork_decision);
      }
    }
    EXPECT_TRUE(found) << "the report must show the reading '" << e.fork_alternative << "'";
  }
}

TEST_F(ShippedRules, Case8NeedsAllThirtyTwoNatoMembers) {
  EXPECT_EQ(members("NATO", "2025-06-01").size(), 32u);
}

INSTANTIATE_TEST_SUITE_P(Docs, AnalystCase, ::testing::ValuesIn(analyst_table()), [](const auto& info) {
  std::string name = info.param.file.substr(0, info.param.file.size() - 5);
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
});

// The table above and the one in docs/treaties.md list the same files, and every shipped
// proposal is in them: a new proposal (or a renamed one) must come with its expectation.
TEST(AnalystTable, CoversEveryShippedProposalAndMatchesTheDocs) {
  std::set<std::string> ours;
  for (const auto& e : analyst_table()) ours.insert(e.file);

  std::set<std::string> shipped;
  for (const auto& entry : fs::directory_iterator(kProposals))
    if (entry.path().extension() == ".yaml") shipped.insert(entry.path().filename().string());
  EXPECT_EQ(ours, shipped);

  std::ifstream docs(kRepo + "/docs/treaties.md");
  ASSERT_TRUE(docs.good());
  std::set<std::string> documented;
  std::string line;
  bool in_table = false;
  while (std::getline(docs, line)) {
    if (line.rfind("## Expected decisions", 0) == 0) in_table = true;
    else if (line.rfind("## ", 0) == 0) in_table = false;
    if (!in_table || line.rfind("| `", 0) != 0) continue;
    const auto end = line.find(".yaml`");
    if (end != std::string::npos) documented.insert(line.substr(3, end + 5 - 3));
  }
  EXPECT_EQ(ours, documented);
}

}  // namespace
}  // namespace accord::internal
