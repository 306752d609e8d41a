// accord diff in-process (analysis/rule_diff.h): the acceptance cases on the shipped packs
// (the 2011 Protocol removed; Uzbekistan's CSTO exit moved by a year), the enumeration being
// lint's, the report not depending on threads, the speed bound, the allow file. The command's
// output for each kind of change is asserted verbatim by the golden cases
// tests/data/golden/diff_* (fixtures in tests/data/diff/).
#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "analysis/lint.h"
#include "analysis/rule_diff.h"
#include "support/fixture.h"

namespace accord::internal {
namespace {

namespace fs = std::filesystem;

const std::string kRepo = ACCORD_REPO;
const std::string kDiffData = std::string(ACCORD_TEST_DATA) + "/diff/";

std::unique_ptr<Engine> load(const std::vector<std::string>& dirs) {
  Diagnostics d;
  std::unique_ptr<Engine> e;
  if (auto rules = load_rules(dirs, d)) e = Engine::build(std::move(*rules), d);
  EXPECT_TRUE(e) << d.str();
  return e;
}

// A copy of the shipped rules in `tmp`, with `edit` applied to its files.
std::string shipped_copy(const fx::TempDir& tmp) {
  const std::string dir = tmp.str() + "/rules";
  fs::copy(kRepo + "/rules", dir, fs::copy_options::recursive);
  return dir;
}

void replace_once(const std::string& path, const std::string& from, const std::string& to) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from << " not in " << path;
  ASSERT_EQ(text.find(from, at + 1), std::string::npos) << from << " more than once in " << path;
  text.replace(at, from.size(), to);
  std::ofstream(path) << text;
}

bool names(const DiffGroup& g, const std::string& what) {
  for (const auto& [field, classes] : g.fields)
    for (const auto& c : classes)
      if (c.find(what) != std::string::npos) return true;
  for (const auto& c : g.changes)
    if (c.find(what) != std::string::npos) return true;
  return false;
}

std::string text_of(const DiffResult& r) {
  DiffReport report;
  report.result = &r;
  report.old_label = "OLD";
  report.new_label = "NEW";
  return render_diff_text(report);
}

TEST(RuleDiff, IdenticalRuleSetsDecideLintsProposalsAndDifferNowhere) {
  auto a = load({kRepo + "/rules"});
  auto b = load({kRepo + "/rules"});
  const DiffResult r = diff_rules(*a, *b);
  EXPECT_TRUE(r.groups.empty());
  EXPECT_TRUE(r.not_compared.empty());
  EXPECT_EQ(r.changed, 0u);
  EXPECT_EQ(r.stopped, LintStop::none);
  // The same representative proposals as lint: one enumeration, not a second.
  Diagnostics findings;
  const LintStats lint_stats = lint(*a, today_utc(), findings);
  EXPECT_EQ(r.proposals, lint_stats.proposals);
  EXPECT_EQ(r.epochs, lint_stats.epochs);
  EXPECT_EQ(text_of(r), "");
}

// Acceptance: without the 2011 Protocol's pack, non-member basing (and deployments and
// infrastructure, which the Protocol also covers) in CSTO members goes back, from
// 2012-12-19, to the Charter's consultation reading; nothing else changes.
TEST(RuleDiff, RemovingTheProtocolChangesOnlyNonMemberBasingInCstoMembersFrom20121219) {
  fx::TempDir tmp;
  const std::string dir = shipped_copy(tmp);
  fs::remove(dir + "/csto/csto-infrastructure-protocol-2011.yaml");
  auto older = load({kRepo + "/rules"});
  auto newer = load({dir});
  const DiffResult r = diff_rules(*older, *newer, {}, 2);
  ASSERT_FALSE(r.groups.empty());
  EXPECT_TRUE(r.not_compared.empty());
  const std::set<std::string> stationing = {"basing", "troop_deployment", "military_infrastructure"};
  bool consultation = false;
  for (const DiffGroup& g : r.groups) {
    SCOPED_TRACE(g.action + ", " + g.date_words());
    EXPECT_TRUE(stationing.count(g.action));
    ASSERT_FALSE(g.dates.empty());
    EXPECT_EQ(format_date(g.dates.front().first), "2012-12-19");
    // Every change is a Protocol clause that no longer applies, and what that uncovers.
    EXPECT_TRUE(std::any_of(g.clauses.begin(), g.clauses.end(),
                            [](const std::string& id) { return id.rfind("csto-infrastructure-protocol-2011/", 0) == 0; }));
    // The host is a CSTO member (named, or described as one), never a state outside it.
    ASSERT_GE(g.fields.size(), 2u);
    EXPECT_EQ(g.fields[1].first, "host");
    for (const auto& c : g.fields[1].second) EXPECT_EQ(c.find("a state in none of CSTO"), std::string::npos) << c;
    if (g.old_headline == "NEEDS NO OBJECTION" && g.new_headline == "NEEDS CONSULTATION") {
      consultation = true;
      EXPECT_EQ(g.changes.size(), 2u);
      EXPECT_NE(g.changes[0].find("(csto-charter-2002/art_7__para_4): set aside by Protocol (2011), Art. 1 → pending, consultation"),
                std::string::npos)
          << g.changes[0];
      EXPECT_NE(g.changes[1].find("(csto-infrastructure-protocol-2011/art_1): pending, no objection → does not apply (not in NEW)"),
                std::string::npos)
          << g.changes[1];
      EXPECT_EQ(g.dates.back().second, kDateMax);  // from 2012-12-19 on
      EXPECT_EQ(g.summary,
                "decided by CSTO Charter, Art. 7 (paragraph on forces of non-member states) (consultation) instead of "
                "Protocol (2011), Art. 1 (no objection): none of them can block it any more");
      EXPECT_EQ(g.old_decision.headline, "needs_no_objection");
      EXPECT_EQ(g.new_decision.headline, "needs_consultation");
    }
  }
  EXPECT_TRUE(consultation);
}

// Acceptance: Uzbekistan's CSTO membership ending on 2013-12-19 instead of 2012-12-19 changes
// exactly the decisions of that year that name Uzbekistan (as a party to the proposal, or
// among those to be consulted).
TEST(RuleDiff, MovingUzbekistansExitByAYearChangesOnlyThatYearsDecisionsNamingUzbekistan) {
  fx::TempDir tmp;
  const std::string dir = shipped_copy(tmp);
  replace_once(dir + "/facts/organizations.yaml", "        - from: 2006-08-16\n          to: 2012-12-19",
               "        - from: 2006-08-16\n          to: 2013-12-19");
  auto older = load({kRepo + "/rules"});
  auto newer = load({dir});
  const DiffResult r = diff_rules(*older, *newer, {}, 2);
  ASSERT_FALSE(r.groups.empty());
  const Date from = *parse_date("2012-12-19"), to = *parse_date("2013-12-19");
  for (const DiffGroup& g : r.groups) {
    SCOPED_TRACE(g.action + ", " + g.date_words() + "\n" + text_of(r));
    for (const auto& [a, b] : g.dates) {
      EXPECT_GE(a, from);
      EXPECT_LE(b, to);
    }
    EXPECT_TRUE(names(g, "Uzbekistan (UZB)"));
  }
}

TEST(RuleDiff, TheReportIsTheSameOnAnyNumberOfThreads) {
  auto older = load({kDiffData + "base"});
  auto newer = load({kDiffData + "membership_changed"});
  const std::string one = text_of(diff_rules(*older, *newer, {}, 1));
  EXPECT_NE(one, "");
  EXPECT_EQ(text_of(diff_rules(*older, *newer, {}, 3)), one);
  EXPECT_EQ(text_of(diff_rules(*older, *newer, {}, 8)), one);
}

// Issue 15: the shipped packs against a copy with one clause changed, in under 2 s (CPU, one
// thread; bench/diff_bench.cpp measures it).
TEST(RuleDiff, ShippedPacksAgainstOneClauseChangedUnderTwoSeconds) {
  fx::TempDir tmp;
  const std::string dir = shipped_copy(tmp);
  replace_once(dir + "/csto/csto-infrastructure-protocol-2011.yaml", "      rule: no_objection", "      rule: unanimous");
  auto older = load({kRepo + "/rules"});
  auto newer = load({dir});
  const std::clock_t start = std::clock();
  const DiffResult r = diff_rules(*older, *newer, {}, 1);
  const double seconds = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  EXPECT_FALSE(r.groups.empty());
  for (const DiffGroup& g : r.groups) EXPECT_EQ(g.clauses, std::vector<std::string>{"csto-infrastructure-protocol-2011/art_1"});
  EXPECT_LT(seconds, 2.0 * ACCORD_TIME_SCALE);
}

TEST(RuleDiff, VocabularyOnlyOneSideHasIsNamedAndLeftOut) {
  auto older = load({kDiffData + "base"});
  auto newer = load({kDiffData + "new_action"});
  const DiffResult r = diff_rules(*older, *newer);
  EXPECT_TRUE(r.groups.empty());
  EXPECT_EQ(r.not_compared, std::vector<std::string>{"action 'troop_deployment' is only in NEW: its proposals were not compared"});
  const DiffResult back = diff_rules(*newer, *older);
  EXPECT_EQ(back.not_compared, std::vector<std::string>{"action 'troop_deployment' is only in OLD: its proposals were not compared"});
  // Far apart: the shipped packs against the fixture. Long lists are cut after ten names.
  auto shipped = load({kRepo + "/rules"});
  const DiffResult apart = diff_rules(*shipped, *older);
  ASSERT_GE(apart.not_compared.size(), 3u);
  EXPECT_EQ(apart.not_compared[0],
            "192 parties only in OLD (Afghanistan (AFG), Angola (AGO), Albania (ALB), Andorra (AND), United Arab Emirates (ARE), "
            "Argentina (ARG), Antigua and Barbuda (ATG), Australia (AUS), Austria (AUT), Azerbaijan (AZE) and 182 more): not in any "
            "proposal compared");
  EXPECT_EQ(apart.not_compared[1], "8 sites only in OLD (manas, kant, base_201, gyumri, ayni, termez, dushanbe_airport, vakhon): not in any proposal compared");
  EXPECT_EQ(apart.not_compared[2], "action 'troop_deployment' is only in OLD: its proposals were not compared");
}

std::vector<AllowEntry> parse(const std::string& text, Diagnostics& d) { return parse_allow(SourceFile("allow.txt", text), d); }

DiffGroup group(const std::string& action, const char* from, const char* until, std::vector<std::string> clauses) {
  DiffGroup g;
  g.action = action;
  g.dates = {{*parse_date(from), until ? *parse_date(until) + 1 : kDateMax}};
  g.clauses = std::move(clauses);
  return g;
}

TEST(RuleDiffAllow, EntriesMatchByActionDatesAndClause) {
  Diagnostics d;
  const auto entries = parse(
      "# expected\n"
      "basing 2012-12-19.. treaty/protocol   # the Protocol\n"
      "* 2012-12-19..2013-12-18 *\n"
      "basing 2013-06-01 *\n"
      "vocabulary\n",
      d);
  ASSERT_FALSE(d.has_errors()) << d.str();
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0].text, "basing 2012-12-19.. treaty/protocol");
  EXPECT_EQ(entries[0].pos.line, 2);
  EXPECT_TRUE(entries[3].vocabulary);
  const DiffGroup open = group("basing", "2012-12-19", nullptr, {"treaty/charter", "treaty/protocol"});
  const DiffGroup year = group("troop_deployment", "2013-01-01", "2013-12-18", {"treaty/charter"});
  EXPECT_TRUE(allows(entries[0], open));
  EXPECT_FALSE(allows(entries[0], year));  // another action
  EXPECT_FALSE(allows(entries[1], open));  // open-ended: not within the year
  EXPECT_TRUE(allows(entries[1], year));
  EXPECT_TRUE(allows(entries[2], open));   // a date the group's range contains
  EXPECT_FALSE(allows(entries[2], year));
  EXPECT_FALSE(allows(entries[3], open));  // `vocabulary` allows no group
}

TEST(RuleDiffAllow, ErrorsArePositioned) {
  Diagnostics d;
  const auto entries = parse("basing 2012-19-12 treaty/protocol\n  basing treaty/protocol\nbasing ..2013-01-01 x\n", d);
  EXPECT_EQ(entries.size(), 1u);
  EXPECT_EQ(d.str(),
            "allow.txt:1:8: error: bad date '2012-19-12' in '2012-19-12': expected YYYY-MM-DD, D.., ..E or D..E\n"
            "basing 2012-19-12 treaty/protocol\n"
            "       ^\n"
            "allow.txt:2:3: error: expected 'ACTION DATES CLAUSE' (each may be '*') or 'vocabulary', got 'basing treaty/protocol'\n"
            "  basing treaty/protocol\n"
            "  ^\n");
}

}  // namespace
}  // namespace accord::internal
