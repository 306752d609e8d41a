// Exercises with decision points, the wave-2 keys and the handouts, through the `accord`
// command: every path is played and reported by `accord test`, a failed expectation on a
// branch names its path, `accord run --choose` plays one path, trainee handouts carry no
// answer, and each class of mistake in the new keys has its positioned message.
// Fixtures: tests/data/scenarios/branches/.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "support/run_command.h"

namespace {

using accord::internal::cmd::accord;
using accord::internal::cmd::Result;

const std::string kDir = "tests/data/scenarios/branches/";

Result run(std::vector<std::string> args) {
  args.push_back("--rules=rules");
  return accord(std::move(args));
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The headline words a decision is printed with: none may reach a trainee.
const char* const kDecisionWords[] = {"NO CLAUSE APPLIES", "PERMITTED", "OBLIGATIONS", "NEEDS CONSULTATION",
                                      "NEEDS NO OBJECTION", "NEEDS CONSENT", "VETOED", "PROHIBITED", "IT DEPENDS"};

TEST(ScenarioBranches, TestPlaysEveryPathAndReportsEach) {
  const Result r = run({"test", kDir + "branches.yaml"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  // Step 1 is shared by both paths and counted once; the last step is checked on each path.
  EXPECT_EQ(r.out,
            "  branches, path kaz-objects: 3 steps, 3 of 3 expectations hold\n"
            "  branches, path kaz-silent: 2 steps, 2 of 2 expectations hold\n"
            "4 passed, 0 failed\n");
}

TEST(ScenarioBranches, AFailedExpectationOnABranchIsPositionedAtItsExpectAndNamesThePath) {
  const Result r = run({"test", kDir + "wrong_branch_expect.yaml"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out,
            kDir + "wrong_branch_expect.yaml:15:15: expectation failed: step 2 \"Kazakhstan objects\" on path objects\n"
            "  expected: decision permitted\n"
            "  got:      vetoed (vetoed); vetoed_by [KAZ]; pending [ARM, BLR, RUS, TJK]; clauses "
            "[csto-charter-2002/art_7__para_4 (set_aside), csto-infrastructure-protocol-2011/art_1 (vetoed)]\n"
            "  decision: expected permitted, got vetoed\n"
            "  wrong-branch-expect, path objects: 2 steps, 1 of 2 expectations hold\n"
            "  wrong-branch-expect, path consents: 2 steps, 2 of 2 expectations hold\n"
            "2 passed, 1 failed\n");
}

TEST(ScenarioBranches, JUnitNamesTheCaseWithItsPath) {
  const std::string xml = ::testing::TempDir() + "branches.xml";
  run({"test", kDir + "wrong_branch_expect.yaml", "--junit", xml});
  const std::string text = accord::internal::cmd::slurp(xml);
  EXPECT_NE(text.find("<testcase name=\"2. Kazakhstan objects [path objects]\""), std::string::npos) << text;
  EXPECT_NE(text.find("<testcase name=\"2. Kazakhstan consents [path consents]\""), std::string::npos) << text;
}

TEST(ScenarioBranches, CoverageCountsOptionsAndNamesThoseNothingChecks) {
  const Result r = run({"test", kDir + "untested_option.yaml", "--coverage"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("branches: 1 of 2 options lead to a step with an expectation\n"
                       "  untested: " + kDir + "untested_option.yaml:16: option 'silent'\n"),
            std::string::npos) << r.out;
  const Result all = run({"test", kDir + "branches.yaml", "--coverage"});
  EXPECT_NE(all.out.find("branches: 2 of 2 options lead to a step with an expectation\n"), std::string::npos) << all.out;
}

TEST(ScenarioBranches, RunTakesTheFirstOptionUnlessChosen) {
  const Result first = run({"run", kDir + "branches.yaml", "--no-pause"});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("Decision point: The class decides whether Kazakhstan objects\n"
                           "  1. Kazakhstan objects (kaz-objects)\n"
                           "  2. Kazakhstan stays silent (kaz-silent)\n"
                           "→ Kazakhstan objects (the first option; take another with --choose)\n"),
            std::string::npos) << first.out;
  EXPECT_NE(first.out.find("Step 3 of 3: Russia objects too\nExercise clock 0:30 · arrives by news flash\n"), std::string::npos);

  for (const char* choice : {"kaz-silent", "2"}) {
    const Result r = run({"run", kDir + "branches.yaml", "--no-pause", "--choose", choice});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("→ Kazakhstan stays silent\n"), std::string::npos) << choice;
    EXPECT_NE(r.out.find("Step 2 of 2: Russia objects too\n"), std::string::npos) << choice;
    EXPECT_NE(r.out.find("What changes:\n  - Russia (RUS) objects\n"), std::string::npos) << choice;
  }
}

TEST(ScenarioBranches, ChooseErrorsAreUsageErrors) {
  Result r = run({"run", kDir + "branches.yaml", "--choose", "kaz-objcts"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: --choose: decision point 1 (\"The class decides whether Kazakhstan objects\") has no option "
                   "'kaz-objcts'; did you mean 'kaz-objects'? (choose 1 or kaz-objects, 2 or kaz-silent)\n");
  r = run({"run", kDir + "branches.yaml", "--choose", "1,2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: --choose: 2 choices given, but this path meets only 1 decision point\n");
  r = run({"run", kDir + "branches.yaml", "--handout", "trainee"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "error: a handout is written as --format markdown or --format html\n");
}

TEST(ScenarioHandouts, TraineeHandoutHasInjectsQuestionsAndSpaceButNoAnswer) {
  for (const char* format : {"markdown", "html"}) {
    SCOPED_TRACE(format);
    const Result r = run({"run", kDir + "branches.yaml", "--handout", "trainee", "--format", format});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    for (const char* word : kDecisionWords) EXPECT_EQ(r.out.find(word), std::string::npos) << word;
    for (const char* hidden : {"Debrief", "Instructor notes", "Ask who must be consulted", "One objection is enough",
                               "Expect a veto", "Play it twice"})
      EXPECT_EQ(r.out.find(hidden), std::string::npos) << hidden;
    for (const char* shown : {"Trainee handout", "Objectives", "Moscow — plays Belarus and Russia",
                              "You want no US base in Central Asia.", "Step 1: Kyrgyzstan receives the request",
                              "Exercise clock 0:10 · arrives by diplomatic note", "Who must Kyrgyzstan consult?",
                              "Kazakhstan (KAZ) objects", "Should a frozen member keep its veto?"})
      EXPECT_NE(r.out.find(shown), std::string::npos) << shown;
  }
  const Result md = run({"run", kDir + "branches.yaml", "--handout", "trainee", "--format", "markdown"});
  EXPECT_NE(md.out.find("- [ ] Kazakhstan objects\n- [ ] Kazakhstan stays silent\n"), std::string::npos);
  // Each step once (the last one, after the paths meet, too): two questions, and the closing one.
  EXPECT_EQ(count(md.out, "*Your answer:*"), 3u);
  EXPECT_NE(md.out.find("If the class chooses “Kazakhstan stays silent”: nothing changes.\n\n"
                        "Whichever option the class chose:\n\n"
                        "## Step 2 or 3: Russia objects too\n"),
            std::string::npos) << md.out;
}

TEST(ScenarioHandouts, InstructorHandoutFollowsEveryPathWithEachDecision) {
  const Result r = run({"run", kDir + "branches.yaml", "--format", "markdown", "--handout", "instructor"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // Step 1 once; then each option's steps: 1 + 2 (kaz-objects) + 1 (kaz-silent) decisions.
  EXPECT_EQ(count(r.out, "**Decision: "), 4u);
  EXPECT_EQ(count(r.out, "**Decision: VETOED**"), 3u);
  EXPECT_EQ(count(r.out, "**Decision: NEEDS NO OBJECTION**"), 1u);
  EXPECT_NE(r.out.find("If the class chose “Kazakhstan stays silent” (path kaz-silent)"), std::string::npos);
  EXPECT_NE(r.out.find("**Instructor notes:** Expect a veto."), std::string::npos);
  // The tally, the quote once per path, the clause that did not change summarised.
  EXPECT_NE(r.out.find("- Objected: Kazakhstan (KAZ)\n"), std::string::npos);
  EXPECT_EQ(count(r.out, "> [summary of the ratified text, not verbatim] Member states decide"), 1u);
  EXPECT_EQ(count(r.out, "(Text quoted in step 1.)"), 3u);
  EXPECT_NE(r.out.find("**Unchanged:** CSTO Charter, Art. 7 (paragraph on forces of non-member states) (set aside, since step 1)"),
            std::string::npos);
  // What would change it, from the what-if analysis.
  EXPECT_NE(r.out.find("- any one of Armenia (ARM), Belarus (BLR), Kazakhstan (KAZ), Russia (RUS), Tajikistan (TJK) objects → VETOED\n"),
            std::string::npos);
  // One path only with --choose.
  const Result one = run({"run", kDir + "branches.yaml", "--format", "markdown", "--choose", "kaz-silent"});
  EXPECT_EQ(count(one.out, "**Decision: "), 2u);
  EXPECT_EQ(one.out.find("path kaz-objects"), std::string::npos);
}

TEST(ScenarioHandouts, HtmlIsOneSelfContainedPrintableFile) {
  const Result a4 = run({"run", kDir + "branches.yaml", "--format", "html", "--handout", "trainee"});
  EXPECT_EQ(a4.exit_code, 0) << a4.err;
  EXPECT_EQ(a4.out.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(a4.out.find("@page { size: A4;"), std::string::npos);
  EXPECT_NE(a4.out.find("section.step { break-before: page;"), std::string::npos);
  EXPECT_EQ(count(a4.out, "<section class=\"step\">"), 4u);  // 3 steps and the closing questions
  for (const char* external : {"<script", "<link", "src=", "http://", "https://"})
    EXPECT_EQ(a4.out.find(external), std::string::npos) << external;
  const Result letter = run({"run", kDir + "branches.yaml", "--format", "html", "--paper", "letter"});
  EXPECT_NE(letter.out.find("@page { size: letter;"), std::string::npos);
}

struct BadFile {
  const char* name;
  std::string err;
};

TEST(ScenarioBranches, EachMistakeHasItsPositionedMessage) {
  const BadFile files[] = {
      // A mistake at the top does not hide those of the steps.
      {"bad_duration.yaml",
       ":3:11: error: 'a long afternoon' is not a duration: write minutes or hours, e.g. 90 min, 2 h or 1 h 30 min\n"
       "duration: a long afternoon\n"
       "          ^\n"
       "@:9:25: error: 'no_clause' is a headline, not a decision: write 'headline: no_clause' (or 'expect: no_clause' alone)\n"
       "    expect: { decision: no_clause }\n"
       "                        ^\n"
       "@:7:5: error: unknown key 'chanel'; did you mean 'channel'?\n"
       "    chanel: diplomatic note\n"
       "    ^\n"
       // Not "did you mean 'notes'": that key is a mistake too (reported with the keys meant).
       "@:8:5: error: unknown key 'note'\n"
       "    note: the request came by a diplomatic note\n"
       "    ^\n"},
      // A new action keeps what earlier steps set: how to drop it, said once (not again at the
      // next step, which inherits it).
      {"field_left_over.yaml",
       ":8:13: error: action 'military_infrastructure' does not take the field 'org' (it takes: actor, host, site, "
       "purpose); to remove what earlier steps set, write 'org: ~' and 'request: ~'\n"
       "    action: military_infrastructure\n"
       "            ^\n"},
      {"bad_roles.yaml",
       ":5:13: error: unknown party 'Rusia'; did you mean 'RUS' (Russia)?\n"
       "    plays: [Rusia, KAZ]\n"
       "            ^\n"
       "@:7:12: error: Kazakhstan (KAZ) is already played by the team 'Moscow'\n"
       "    plays: KAZ\n"
       "           ^\n"
       "@:9:12: error: 'NATO' is an organization; a team plays states\n"
       "    plays: NATO\n"
       "           ^\n"},
      {"bad_options.yaml",
       ":6:11: error: '0:75' is not a time on the exercise clock: write hours:minutes from the start, e.g. 0:15 or 1:05\n"
       "    time: \"0:75\"\n"
       "          ^\n"
       "@:10:11: error: an option needs an 'id': a short name for --choose and test reports, e.g. kaz-objects\n"
       "        - option: Kazakhstan objects\n"
       "          ^\n"
       "@:11:15: error: option id '2' must be letters, digits, '-' or '_' (not only digits, which --choose reads as a number)\n"
       "        - id: \"2\"\n"
       "              ^\n"
       "@:15:15: error: two options of this decision point have the id 'same'\n"
       "        - id: same\n"
       "              ^\n"
       "@:19:11: error: unknown key 'step' in an option; did you mean 'steps'?\n"
       "          step: []\n"
       "          ^\n"
       "@:21:5: error: unknown key 'notes'; did you mean 'instructor_notes' (for the instructor only) or 'debrief' (read to the class)?\n"
       "    notes: say something\n"
       "    ^\n"
       "@:25:9: error: a decision point needs at least two options, e.g. [{ id: objects, option: \"Kazakhstan objects\", steps: [...] }, ...]\n"
       "        - { id: only, option: The only way }\n"
       "        ^\n"},
      // Complete on one path, not on the other: the error names the path.
      {"path_specific_error.yaml",
       ":22:5: error: action 'alliance_accession' does not take the field 'site' (it takes: actor, org) (on path accession)\n"
       "  - title: The base moves to Kant\n"
       "    ^\n"},
  };
  for (const BadFile& b : files) {
    SCOPED_TRACE(b.name);
    const std::string path = kDir + b.name;
    const std::string want = path + std::regex_replace(b.err, std::regex("@"), path);
    const Result t = run({"test", path});
    EXPECT_EQ(t.exit_code, 1);
    EXPECT_EQ(t.out, "0 passed, 1 failed\n");
    EXPECT_EQ(t.err, want);
    // `accord run` reports the same and plays nothing.
    const Result r = run({"run", path, "--no-pause"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, want);
  }
}

// On the path through "Kazakhstan objects" (1:00) the clock runs back to 0:45; on the other
// it does not: one warning, at the step, naming the step before it on that path.
TEST(ScenarioBranches, AClockRunningBackwardsOnAPathIsAWarning) {
  const Result r = run({"test", kDir + "time_backwards.yaml"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, kDir + "time_backwards.yaml:20:5: warning: this step's time 0:45 is before the time of the step "
                          "before it, 1:00 (\"Kazakhstan objects\")\n"
                          "  - title: Russia objects\n"
                          "    ^\n");
}

}  // namespace
