// `accord diff --git REV`: the rules as committed at a revision against the work tree, read
// from a temporary directory that is removed afterwards; diagnostics of the old side name
// `REV:path`. (The output for each kind of change is asserted by the golden cases
// tests/data/golden/diff_*.)
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/fixture.h"
#include "support/run_command.h"

namespace {

namespace fs = std::filesystem;
using accord::internal::cmd::Result;
using accord::internal::fx::TempDir;

const std::string kBase = std::string(ACCORD_TEST_DATA) + "/diff/base";

Result git(const std::string& repo, std::vector<std::string> args) {
  std::vector<std::string> argv = {"git", "-C", repo, "-c", "user.name=Accord Test", "-c", "user.email=test@example.org"};
  argv.insert(argv.end(), args.begin(), args.end());
  return accord::internal::cmd::run(argv);
}

// A git repository holding the fixture rules, committed.
std::string committed_rules(const TempDir& tmp) {
  const std::string rules = tmp.str() + "/rules";
  fs::copy(kBase, rules, fs::copy_options::recursive);
  EXPECT_EQ(git(tmp.str(), {"init", "-q"}).exit_code, 0);
  EXPECT_EQ(git(tmp.str(), {"add", "."}).exit_code, 0);
  EXPECT_EQ(git(tmp.str(), {"commit", "-q", "-m", "rules"}).exit_code, 0);
  return rules;
}

void replace_in(const std::string& path, const std::string& from, const std::string& to) {
  std::stringstream ss;
  ss << std::ifstream(path).rdbuf();
  std::string text = ss.str();
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, from.size(), to);
  std::ofstream(path) << text;
}

// `accord diff ARGS` with TMPDIR set to `tmpdir`, so that what it leaves there is this test's
// alone (other tests extract revisions at the same time).
Result diff_in(const std::string& tmpdir, std::vector<std::string> args) {
  args.insert(args.begin(), "diff");
  accord::internal::cmd::RunOptions o;
  o.in_child = [tmpdir] { return ::setenv("TMPDIR", tmpdir.c_str(), 1) == 0; };
  return accord::internal::cmd::accord(std::move(args), o);
}

TEST(DiffGit, TheCommittedRulesAgainstTheWorkTree) {
  TempDir tmp;
  const std::string rules = committed_rules(tmp);
  const fs::path tmpdir = tmp.path() / "tmpdir";
  fs::create_directory(tmpdir);
  // Unchanged: nothing to say.
  Result same = diff_in(tmpdir, {"--git", "HEAD", rules, "--no-scenarios"});
  EXPECT_EQ(same.exit_code, 0) << same.err;
  EXPECT_EQ(same.out, "");
  EXPECT_EQ(same.err, "");
  replace_in(rules + "/treaty/treaty.yaml", "rule: no_objection", "rule: unanimous");
  Result changed = diff_in(tmpdir, {"--git", "HEAD", rules, "--no-scenarios"});
  EXPECT_EQ(changed.exit_code, 3) << changed.err;
  EXPECT_EQ(changed.err, "");
  EXPECT_NE(changed.out.find("accord diff: OLD " + rules + "/ at git revision HEAD (4 clauses) → NEW " + rules + "/ (4 clauses)\n"),
            std::string::npos)
      << changed.out;
  EXPECT_NE(changed.out.find("   Protocol, Art. 1 (treaty/protocol): pending, no objection → pending, consent of all\n"), std::string::npos)
      << changed.out;
  EXPECT_NE(changed.out.find("   old: (" + rules + "/ at git revision HEAD) accord check --action basing"), std::string::npos)
      << changed.out;
  EXPECT_TRUE(fs::is_empty(tmpdir));  // the extraction is removed
  // It was made in TMPDIR: where no directory can be made, the command says so.
  Result nowhere = diff_in((tmpdir / "missing").string(), {"--git", "HEAD", rules, "--no-scenarios"});
  EXPECT_EQ(nowhere.exit_code, 1);
  EXPECT_EQ(nowhere.err, "accord: error: cannot make a temporary directory for --git HEAD\n");
}

TEST(DiffGit, ErrorsAtTheRevisionNameTheRevision) {
  TempDir tmp;
  const std::string rules = committed_rules(tmp);
  // A broken clause committed, then fixed in the work tree: OLD does not load.
  replace_in(rules + "/treaty/treaty.yaml", "member(\"CSTO\", host) and member(\"CSTO\", actor)",
             "member(\"CSTO\", hots) and member(\"CSTO\", actor)");
  ASSERT_EQ(git(tmp.str(), {"commit", "-q", "-a", "-m", "typo"}).exit_code, 0);
  replace_in(rules + "/treaty/treaty.yaml", "hots", "host");
  Result r = accord::internal::cmd::accord({"diff", "--git", "HEAD", rules, "--no-scenarios"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("HEAD:rules/treaty/treaty.yaml:", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(": error: unknown name 'hots'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("accord: error: the OLD rules have errors; nothing was compared\n"), std::string::npos) << r.err;

  Result rev = accord::internal::cmd::accord({"diff", "--git", "no-such-rev", rules, "--no-scenarios"});
  EXPECT_EQ(rev.exit_code, 1);
  EXPECT_EQ(rev.err, "accord: error: --git no-such-rev: not a revision of the repository at " + fs::canonical(tmp.path()).string() + "\n");
}

TEST(DiffGit, OutsideARepositoryIsAnError) {
  TempDir tmp;
  const std::string rules = tmp.str() + "/rules";
  fs::copy(kBase, rules, fs::copy_options::recursive);
  Result r = accord::internal::cmd::accord({"diff", "--git", "HEAD", rules, "--no-scenarios"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "accord: error: --git HEAD: " + rules + " is not in a git repository\n");
}

}  // namespace

namespace {

// Every group's two `accord check` commands decide, under each side's rules, what the group
// says that side decides.
TEST(DiffReplay, EachGroupsCommandsReproduceBothSides) {
  for (const char* change : {"membership_changed", "consent_rule_changed", "clause_removed", "reading_default_changed"}) {
    SCOPED_TRACE(change);
    const Result r = accord::internal::cmd::accord(
        {"diff", "--no-scenarios", "--format", "json", "tests/data/diff/base", std::string("tests/data/diff/") + change});
    ASSERT_EQ(r.exit_code, 3) << r.err;
    const auto report = nlohmann::json::parse(r.out);
    ASSERT_FALSE(report["groups"].empty());
    for (const auto& g : report["groups"]) {
      for (const char* side : {"old", "new"}) {
        std::vector<std::string> args = accord::internal::cmd::words(g["replay"][side].get<std::string>());
        ASSERT_EQ(args.at(0), "accord");
        args.erase(args.begin());
        args.push_back("--format");
        args.push_back("json");
        const Result check = accord::internal::cmd::accord(args);
        ASSERT_EQ(check.exit_code, 0) << check.err;
        const auto decision = nlohmann::json::parse(check.out);
        EXPECT_EQ(decision["decision"], g[side]["decision"]) << g["replay"][side];
        EXPECT_EQ(decision["headline"], g[side]["headline"]) << g["replay"][side];
        EXPECT_EQ(decision["pending"], g[side]["pending"]) << g["replay"][side];
      }
    }
  }
}

}  // namespace
