// Tests for scenario exercises through the `accord` command itself (ACCORD_BIN, run as a child
// process so exit codes, stdout and stderr are the real ones): `accord test` failure reports,
// JUnit XML, coverage and --min-coverage, `accord run --no-pause` and the Markdown handout, and
// positioned errors in bad scenario files. Fixtures: tests/data/scenarios/.
#include <gtest/gtest.h>

#include <map>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/yaml_file.h"

namespace {

namespace fs = std::filesystem;

const std::string kRepo = ACCORD_REPO;
const std::string kData = std::string(ACCORD_TEST_DATA) + "/scenarios";
const std::string kRules = "--rules=" + kRepo + "/rules";

struct Result {
  int code = -1;
  std::string out, err;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Output files of this process, removed at exit.
struct TempDir {
  fs::path path = fs::temp_directory_path() / ("accord-scenario-test-" + std::to_string(::getpid()));
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string temp_path(const std::string& name) {
  static TempDir dir;
  static int counter = 0;
  fs::create_directories(dir.path);
  return (dir.path / (std::to_string(++counter) + "-" + name)).string();
}

// Runs `accord ARGS` with stdin from /dev/null (so a pause could never block the test).
Result accord(const std::string& args) {
  const std::string out = temp_path("stdout"), err = temp_path("stderr");
  const std::string cmd = std::string("'") + ACCORD_BIN + "' " + args + " </dev/null >'" + out + "' 2>'" + err + "'";
  const int st = std::system(cmd.c_str());
  Result r;
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line);) out.push_back(line);
  return out;
}

std::string last_line(const std::string& text) {
  const auto ls = lines_of(text);
  return ls.empty() ? "" : ls.back();
}

std::string fixture(const std::string& name) { return kData + "/" + name; }

// 1-based line of the first line of `file` that contains `needle`.
int line_containing(const std::string& file, const std::string& needle) {
  const auto ls = lines_of(slurp(file));
  for (std::size_t i = 0; i < ls.size(); ++i)
    if (ls[i].find(needle) != std::string::npos) return static_cast<int>(i) + 1;
  return -1;
}

// "needs_consent" -> "NEEDS CONSENT", as the text report and the handout print decisions.
std::string upper(std::string s) {
  for (char& c : s) c = c == '_' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// The decision word a step's `expect` names, or "" when it names none.
std::string expected_decision(const accord::internal::yaml::Node& step) {
  const accord::internal::yaml::Node x = step["expect"];
  if (!x) return "";
  if (x.IsScalar()) return x.Scalar();
  if (x.IsMap() && x["decision"]) return x["decision"].Scalar();
  return "";
}

std::vector<std::string> shipped_scenarios() {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(kRepo + "/scenarios"))
    if (e.is_regular_file() && e.path().extension() == ".yaml") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

// Every clause id of the shipped packs (rules/<pack>/*.yaml).
std::set<std::string> shipped_clause_ids() {
  std::set<std::string> ids;
  for (const auto& pack : fs::directory_iterator(kRepo + "/rules")) {
    if (!pack.is_directory() || pack.path().filename() == "facts") continue;
    for (const auto& f : fs::directory_iterator(pack.path())) {
      if (f.path().extension() != ".yaml") continue;
      const accord::internal::yaml::Node doc = accord::test::load_yaml_file(f.path().string());
      // A clause with dated versions counts once per version ("ID (LABEL)").
      for (const auto& c : doc["clauses"]) {
        if (!c["versions"]) ids.insert(c["id"].Scalar());
        else
          for (const auto& v : c["versions"]) ids.insert(c["id"].Scalar() + " (" + v["label"].Scalar() + ")");
      }
    }
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------
// accord test: a failing expectation

TEST(ScenarioTest, FailingExpectationNamesTheExpectLineAndBothSides) {
  const std::string file = fixture("wrong_expectation.yaml");
  const int line = line_containing(file, "expect: { decision: permitted, pending: [] }");
  ASSERT_EQ(line, 11);
  const Result r = accord("test '" + file + "' " + kRules);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            file + ":11:5: expectation failed: step 2 \"Under the 2011 Protocol\"\n"
            "  expected: decision permitted; pending []\n"
            "  got:      needs_consent (needs_no_objection); pending [ARM, BLR, KAZ, RUS, TJK]; clauses "
            "[csto-charter-2002/art_7__para_4 (set_aside), csto-infrastructure-protocol-2011/art_1 (pending)]\n"
            "  decision: expected permitted, got needs_consent\n"
            "  pending: expected [], got [ARM, BLR, KAZ, RUS, TJK]\n"
            "1 passed, 1 failed\n");
  EXPECT_EQ(last_line(r.out), "1 passed, 1 failed");
}

TEST(ScenarioTest, PassingFileExitsZero) {
  const Result r = accord("test '" + fixture("passing.yaml") + "' " + kRules);
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "2 passed, 0 failed\n");
}

// ---------------------------------------------------------------------------------------------
// accord test --junit

TEST(ScenarioJUnit, WritesWellFormedXmlWithTheRightCounts) {
  const std::string xml = temp_path("junit.xml");
  const Result r = accord("test '" + fixture("wrong_expectation.yaml") + "' '" + fixture("passing.yaml") + "' '" +
                          fixture("bad_decision.yaml") + "' --junit '" + xml + "' " + kRules);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(last_line(r.out), "3 passed, 2 failed");
  ASSERT_TRUE(fs::exists(xml));

  // Parse with Python's XML parser: a parse error makes the script fail.
  const std::string script = temp_path("junit.py");
  std::ofstream(script) << "import sys, xml.dom.minidom as m\n"
                           "d = m.parse(sys.argv[1])\n"
                           "r = d.documentElement\n"
                           "print(r.tagName, r.getAttribute('tests'), r.getAttribute('failures'))\n"
                           "for s in r.getElementsByTagName('testsuite'):\n"
                           "    print('suite', s.getAttribute('name'), s.getAttribute('tests'), s.getAttribute('failures'),\n"
                           "          len(s.getElementsByTagName('testcase')), len(s.getElementsByTagName('failure')))\n"
                           "    for c in s.getElementsByTagName('testcase'):\n"
                           "        print('  case', c.getAttribute('name'), '|', c.getAttribute('line'), '|',\n"
                           "              'FAIL' if c.getElementsByTagName('failure') else 'ok')\n";
  const std::string parsed = temp_path("junit.txt");
  const int st = std::system(("python3 '" + script + "' '" + xml + "' >'" + parsed + "' 2>&1").c_str());
  ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << slurp(parsed) << slurp(xml);
  EXPECT_EQ(slurp(parsed),
            "testsuites 5 2\n"
            "suite wrong-expectation 2 1 2 1\n"
            "  case 1. Before the Charter | 8 | ok\n"
            "  case 2. Under the 2011 Protocol | 11 | FAIL\n"
            "suite passing 2 0 2 0\n"
            "  case 1. Nobody has spoken | 7 | ok\n"
            "  case 2. Russia objects | 10 | ok\n"
            "suite bad-decision 1 1 1 1\n"
            "  case load |  | FAIL\n")
      << slurp(xml);
}

// ---------------------------------------------------------------------------------------------
// Coverage

TEST(ScenarioCoverage, MinCoverageFailsOnASubsetAndNamesTheMissingClauses) {
  const Result r = accord("test '" + kRepo + "/scenarios/manas-2001-2014.yaml' --min-coverage 100 " + kRules);
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  // The Manas exercise makes exactly four clauses apply: Charter Art. 7, the 2011 Protocol, the
  // Protocol's reported exemption for facilities already present, and the Charter towards
  // Kazakhstan before it ratified the Protocol.
  std::set<std::string> missing = shipped_clause_ids();
  const std::size_t total = missing.size();
  missing.erase("csto-charter-2002/art_7__para_4");
  missing.erase("csto-infrastructure-protocol-2011/art_1");
  missing.erase("csto-infrastructure-protocol-2011/existing_facilities");
  missing.erase("csto-charter-2002/art_7__para_4__beside_protocol");
  ASSERT_EQ(missing.size(), total - 4);

  std::set<std::string> named;
  for (const auto& l : lines_of(r.out))
    if (l.rfind("  never applied: ", 0) == 0) named.insert(l.substr(17));
  EXPECT_EQ(named, missing);

  char pct[32];
  std::snprintf(pct, sizeof pct, "%.1f%%", 400.0 / static_cast<double>(total));
  EXPECT_NE(r.out.find("coverage: 4 of " + std::to_string(total) + " clauses (dated versions counted apart) applied in some step (" +
                       pct + ")\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(std::string("coverage ") + pct + " is below the minimum of 100%\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  never applied: cst-1992/art_4 (1992 text)\n"), std::string::npos) << r.out;
  EXPECT_EQ(last_line(r.out), "13 passed, 0 failed");
}

TEST(ScenarioCoverage, ShippedScenariosPassWithFullCoverage) {
  const Result r = accord("test '" + kRepo + "/scenarios' --min-coverage 100 " + kRules);
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  const std::size_t total = shipped_clause_ids().size();
  EXPECT_NE(r.out.find("coverage: " + std::to_string(total) + " of " + std::to_string(total) +
                       " clauses (dated versions counted apart) applied in some step (100.0%)\n"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("never applied"), std::string::npos) << r.out;
  int passed = -1, failed = -1;
  ASSERT_EQ(std::sscanf(last_line(r.out).c_str(), "%d passed, %d failed", &passed, &failed), 2) << r.out;
  EXPECT_EQ(failed, 0);
  EXPECT_GE(passed, 60);
}

// ---------------------------------------------------------------------------------------------
// accord run

// The headline refines the decision word: the same lattice value, read for people.
const std::map<std::string, std::string>& verdict_of_headline() {
  static const std::map<std::string, std::string> m = {
      {"NO CLAUSE APPLIES", "PERMITTED"}, {"PERMITTED", "PERMITTED"}, {"OBLIGATIONS", "PERMITTED"},
      {"NEEDS CONSULTATION", "NEEDS CONSENT"}, {"NEEDS NO OBJECTION", "NEEDS CONSENT"},
      {"NEEDS CONSENT", "NEEDS CONSENT"}, {"VETOED", "VETOED"}, {"PROHIBITED", "PROHIBITED"}};
  return m;
}

// The steps `accord run` plays without --choose: at each decision point, the first option's
// steps, then the steps after it.
void first_path(const accord::internal::yaml::Node& steps, std::vector<accord::internal::yaml::Node>& out) {
  for (const auto& step : steps) {
    out.push_back(step);
    if (step["branch"] && step["branch"]["options"][0]["steps"]) first_path(step["branch"]["options"][0]["steps"], out);
  }
}

TEST(ScenarioRun, NoPausePrintsEveryStepTitleAndDecision) {
  const auto files = shipped_scenarios();
  ASSERT_GE(files.size(), 12u);
  for (const auto& file : files) {
    SCOPED_TRACE(file);
    const accord::internal::yaml::Node doc = accord::test::load_yaml_file(file);
    const std::string id = doc["scenario"].Scalar();
    std::vector<accord::internal::yaml::Node> steps;
    first_path(doc["steps"], steps);
    const Result r = accord("run '" + file + "' --no-pause --color never " + kRules);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.rfind(doc["title"].Scalar() + "\n", 0), 0u) << "the title comes first";
    std::size_t at = 0;
    for (std::size_t k = 0; k < steps.size(); ++k) {
      const std::string n = std::to_string(k + 1);
      // "Step 2 of 12: title", or "of 9–10" while the paths still open differ in length.
      const std::string total = std::to_string(steps.size());
      const std::string title = ": " + steps[k]["title"].Scalar() + "\n";
      std::size_t h = r.out.find("\nStep " + n + " of " + total + title, at);
      for (std::size_t more = steps.size() + 1; h == std::string::npos && more < steps.size() + 20; ++more)
        h = r.out.find("\nStep " + n + " of " + total + "–" + std::to_string(more) + title, at);
      if (h == std::string::npos)
        for (std::size_t fewer = 1; h == std::string::npos && fewer < steps.size(); ++fewer)
          h = r.out.find("\nStep " + n + " of " + std::to_string(fewer) + "–" + total + title, at);
      ASSERT_NE(h, std::string::npos) << "missing or out of order: step " << n << title;
      // The decision line: "NEEDS CONSENT  <id>#<n>, as of <date>".
      const std::size_t d = r.out.find("  " + id + "#" + n + ", as of ", h);
      ASSERT_NE(d, std::string::npos) << "no decision for step " << n;
      const std::size_t bol = r.out.rfind('\n', d) + 1;
      const std::string word = r.out.substr(bol, d - bol);
      at = d;
      if (word == "IT DEPENDS") continue;  // its decision is the most restrictive case: not in the headline
      ASSERT_TRUE(verdict_of_headline().count(word)) << word;
      if (const std::string want = expected_decision(steps[k]); !want.empty()) {
        EXPECT_EQ(verdict_of_headline().at(word), upper(want)) << "step " << n;
      }
    }
  }
}

TEST(ScenarioRun, MarkdownHandoutOfManasHasTheDocumentedStructure) {
  const std::string file = kRepo + "/scenarios/manas-2001-2014.yaml";
  const accord::internal::yaml::Node doc = accord::test::load_yaml_file(file);
  const accord::internal::yaml::Node steps = doc["steps"];
  const Result r = accord("run '" + file + "' --no-pause --format markdown " + kRules);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto ls = lines_of(r.out);
  ASSERT_FALSE(ls.empty());
  EXPECT_EQ(ls[0], "# " + doc["title"].Scalar());

  std::vector<std::string> h2, decisions, debriefs;
  std::vector<std::size_t> h2_at, decision_at;
  for (std::size_t i = 0; i < ls.size(); ++i) {
    if (ls[i].rfind("## ", 0) == 0) h2.push_back(ls[i]), h2_at.push_back(i);
    if (ls[i].rfind("**Decision: ", 0) == 0) decisions.push_back(ls[i]), decision_at.push_back(i);
    if (ls[i].rfind("**Debrief:** ", 0) == 0) debriefs.push_back(ls[i].substr(13));
  }
  // "## Briefing", then one "## Step N: title" per step in order, then the closing sections.
  ASSERT_GE(h2.size(), steps.size() + 1);
  EXPECT_EQ(h2[0], "## Briefing");
  for (std::size_t k = 0; k < steps.size(); ++k)
    EXPECT_EQ(h2[k + 1], "## Step " + std::to_string(k + 1) + ": " + steps[k]["title"].Scalar());
  for (std::size_t k = steps.size() + 1; k < h2.size(); ++k)
    EXPECT_TRUE(h2[k] == "## Debrief" || h2[k] == "## Questions for discussion") << h2[k];

  // One decision line per step, inside that step's section, matching the expectation.
  ASSERT_EQ(decisions.size(), steps.size());
  for (std::size_t k = 0; k < steps.size(); ++k) {
    const std::size_t end = k + 2 < h2_at.size() ? h2_at[k + 2] : ls.size();
    EXPECT_GT(decision_at[k], h2_at[k + 1]);
    EXPECT_LT(decision_at[k], end);
    if (const std::string want = expected_decision(steps[k]); !want.empty()) {
      const std::string word = decisions[k].substr(12, decisions[k].size() - 14);
      ASSERT_TRUE(verdict_of_headline().count(word)) << decisions[k];
      EXPECT_EQ(verdict_of_headline().at(word), upper(want)) << decisions[k];
    }
  }

  // Every step debrief, in order, as a "**Debrief:**" paragraph.
  std::vector<std::string> want_debriefs;
  for (const auto& s : steps)
    if (s["debrief"]) want_debriefs.push_back(s["debrief"].Scalar());
  EXPECT_EQ(debriefs, want_debriefs);
}

// ---------------------------------------------------------------------------------------------
// Positioned errors in bad scenario files. Each is reported once on stderr as
// path:line:col: error: message, the source line and a caret; the file counts as one failure.

struct BadFile {
  const char* name;
  const char* diagnostic;  // after "path:"
};

void expect_positioned_error(const BadFile& b) {
  SCOPED_TRACE(b.name);
  const std::string file = fixture(b.name);
  const Result r = accord("test '" + file + "' " + kRules);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "0 passed, 1 failed\n");
  const std::string want = file + ":" + b.diagnostic;
  EXPECT_NE(r.err.find(want), std::string::npos) << "stderr was:\n" << r.err;
  EXPECT_TRUE(r.err.rfind(want, 0) == 0 || r.err.find("\n" + want) != std::string::npos) << r.err;
  // `accord run` reports the same error and makes no decision.
  const Result run = accord("run '" + file + "' --no-pause " + kRules);
  EXPECT_EQ(run.code, 1);
  EXPECT_EQ(run.out, "");
  EXPECT_NE(run.err.find(want), std::string::npos) << run.err;
}

TEST(ScenarioErrors, UnknownKeyInAStepWithSuggestion) {
  expect_positioned_error({"bad_step_key.yaml",
                           "7:5: error: unknown key 'positons'; did you mean 'positions'?\n"
                           "    positons: { RUS: object }\n"
                           "    ^\n"});
}

TEST(ScenarioErrors, UnknownDecisionWord) {
  expect_positioned_error({"bad_decision.yaml",
                           "7:13: error: unknown decision 'permited' (one of permitted, needs_consent, vetoed, "
                           "prohibited, or a headline: no_clause, obligations, needs_consultation, needs_no_objection, "
                           "depends); did you mean 'permitted'?\n"
                           "    expect: permited\n"
                           "            ^\n"});
}

TEST(ScenarioErrors, UnknownClauseIdInExpect) {
  expect_positioned_error({"bad_clause_id.yaml",
                           "7:50: error: unknown clause 'csto-infrastructure-protocol-2011/art_2'; did you mean "
                           "'csto-infrastructure-protocol-2011/art_1'? (a clause of a pack of your own is known once "
                           "its directory is loaded with --rules DIR)\n"
                           "    expect: { decision: needs_consent, clauses: [csto-infrastructure-protocol-2011/art_2] }\n"
                           "                                                 ^\n"});
}

TEST(ScenarioErrors, UnknownPartyInExpect) {
  expect_positioned_error({"bad_expect_party.yaml",
                           "8:45: error: unknown party 'RUSS'; did you mean 'RUS' (Russia)?\n"
                           "    expect: { decision: vetoed, vetoed_by: [RUSS] }\n"
                           "                                            ^\n"});
}

TEST(ScenarioErrors, UnknownPartyInAFactChange) {
  expect_positioned_error({"bad_fact_party.yaml",
                           "8:9: error: unknown party 'UZK'; did you mean 'UZB' (Uzbekistan)?\n"
                           "      - { org: CSTO, party: UZK, joins: 2012-12-19 }\n"
                           "        ^\n"});
}

TEST(ScenarioErrors, FactChangeLeavingAnOrganizationThePartyIsNotIn) {
  expect_positioned_error({"bad_fact_leave.yaml",
                           "8:9: error: UZB is not a member of CSTO on 2013-01-01\n"
                           "      - { org: CSTO, party: UZB, leaves: 2013-01-01 }\n"
                           "        ^\n"});
}

TEST(ScenarioErrors, UnknownReadingName) {
  expect_positioned_error({"bad_reading.yaml",
                           "7:50: error: clause 'csto-charter-2002/art_7__para_4' has no reading 'agreemnt'; did you "
                           "mean 'agreement'?\n"
                           "    readings: { csto-charter-2002/art_7__para_4: agreemnt }\n"
                           "                                                 ^\n"});
}

TEST(ScenarioErrors, UnknownHeadline) {
  expect_positioned_error({"bad_headline.yaml",
                           "7:25: error: unknown headline 'no_clauses'; did you mean 'no_clause'? (one of: no_clause, "
                           "permitted, obligations, needs_consultation, needs_no_objection, needs_consent, vetoed, "
                           "prohibited, depends)\n"
                           "    expect: { headline: no_clauses }\n"
                           "                        ^\n"});
}

TEST(ScenarioErrors, EveryErrorOfAFileIsReportedInOneRun) {
  const std::string file = fixture("many_errors.yaml");
  const Result r = accord("test '" + file + "' " + kRules);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "0 passed, 1 failed\n");
  EXPECT_EQ(r.err,
            file + ":7:18: error: unknown party 'RUZ'; did you mean 'RUS' (Russia)?\n"
                   "    positions: { RUZ: object }\n"
                   "                 ^\n" +
            file + ":10:17: error: unknown clause 'my-pack/art_1' (a clause of a pack of your own is known once its "
                   "directory is loaded with --rules DIR)\n"
                   "    readings: { my-pack/art_1: strict }\n"
                   "                ^\n" +
            file + ":13:27: error: unknown party 'Rusia'; did you mean 'RUS' (Russia)?\n"
                   "    expect: { vetoed_by: [Rusia] }\n"
                   "                          ^\n");
}

TEST(ScenarioWarnings, EmptyClausesListWarnsAndHeadlineNoClauseAsserts) {
  const std::string file = fixture("empty_clauses.yaml");
  const Result r = accord("test '" + file + "' " + kRules);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "4 passed, 0 failed\n");
  EXPECT_EQ(r.err, file + ":7:45: warning: 'clauses: []' asserts nothing: it lists clauses that must apply, and an "
                          "empty list is always met; to assert that no clause applies, write 'headline: no_clause'\n"
                          "    expect: { decision: permitted, clauses: [] }\n"
                          "                                            ^\n");
}

// ---------------------------------------------------------------------------------------------
// Regressions: problems found while writing the shipped exercises, now fixed.

// A fact change that ends a membership on the day it began (`leaves:` equal to the interval's
// `from`) used to crash (a stale iterator in apply_facts); it now ends the membership.
TEST(ScenarioRegressions, LeavingOnTheFirstDayOfMembershipDoesNotCrash) {
  const Result r = accord("test '" + fixture("leave_on_first_day.yaml") + "' " + kRules);
  EXPECT_EQ(r.code, 0) << "exit " << r.code << "\n" << r.out << r.err;
  EXPECT_EQ(r.out, "1 passed, 0 failed\n");
}

// A misspelt scenario key in a step is suggested among the step keys too, not only among
// proposal fields.
TEST(ScenarioRegressions, UnknownStepKeySuggestsTheScenarioKey) {
  const std::string file = fixture("bad_step_key_far.yaml");
  const Result r = accord("test '" + file + "' " + kRules);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find(file + ":7:5: error: unknown key 'expct'; did you mean 'expect'?\n"), std::string::npos)
      << r.err;
}

// A failing expectation written as a block mapping (`expect:` then `decision:` on the next
// line) is reported at the line of `expect:`.
TEST(ScenarioRegressions, BlockExpectationFailureNamesTheExpectLine) {
  const std::string file = fixture("block_expect.yaml");
  ASSERT_EQ(line_containing(file, "expect:"), 7);
  const Result r = accord("test '" + file + "' " + kRules);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out.rfind(file + ":7:", 0), 0u) << r.out;
}

}  // namespace
