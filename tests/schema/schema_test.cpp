// The JSON Schemas in docs/schema/ against real files, through tests/schema/validate.py
// (python3-jsonschema and python3-yaml, installed by scripts/install-deps):
//  * every shipped file validates against its schema (rules/schema.yaml, rules/facts/*.yaml,
//    rules/<pack>/*.yaml, scenarios/proposals/*.yaml, scenarios/*.yaml);
//  * a file with a typo'd key (tests/schema/data/*-typo.yaml) is rejected, naming the key;
//    the same file with the typo fixed validates, and the engine agrees on both.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/run_command.h"

namespace {

namespace fs = std::filesystem;
using accord::internal::cmd::Result;

const fs::path kRepo = ACCORD_REPO;

// Debian's interpreter, where scripts/install-deps puts python3-jsonschema; else PATH's.
std::string python() {
  std::error_code ec;
  return fs::exists("/usr/bin/python3", ec) ? "/usr/bin/python3" : "python3";
}

Result validate(std::vector<std::string> args) {
  args.insert(args.begin(), {python(), "tests/schema/validate.py"});
  return accord::internal::cmd::run(args, 120);
}

std::size_t yaml_files_in(const fs::path& dir) {
  std::size_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".yaml") ++n;
  return n;
}

// What validate.py checks by default, counted independently.
std::size_t shipped_count() {
  std::size_t n = 1;  // rules/schema.yaml
  n += yaml_files_in(kRepo / "rules" / "facts");
  for (const auto& e : fs::directory_iterator(kRepo / "rules"))
    if (e.is_directory() && e.path().filename() != "facts") n += yaml_files_in(e.path());
  n += yaml_files_in(kRepo / "scenarios" / "proposals");
  n += yaml_files_in(kRepo / "scenarios");
  return n;
}

std::string read(const fs::path& p) { return accord::internal::cmd::slurp(p); }

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(JsonSchemas, ValidatorIsInstalled) {
  const Result r = accord::internal::cmd::run({python(), "-c", "import jsonschema, yaml"});
  ASSERT_EQ(r.exit_code, 0) << "python3-jsonschema and python3-yaml are needed (scripts/install-deps): " << r.err;
}

TEST(JsonSchemas, EveryShippedFileValidates) {
  const Result r = validate({});
  ASSERT_EQ(r.problem, "");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string n = std::to_string(shipped_count());
  EXPECT_TRUE(has(r.out, n + " of " + n + " files valid\n")) << r.out << r.err;
}

struct Typo {
  const char* schema;
  const char* file;     // in tests/schema/data/
  const char* message;  // what validate.py must say
  const char* wrong;    // the typo, and its fix
  const char* right;
};

const Typo kTypos[] = {
    {"rule-pack", "clause-typo.yaml", "clauses/0: Additional properties are not allowed ('efect' was unexpected)",
     "    efect: prohibit", "    effect: prohibit"},
    {"scenario", "scenario-typo.yaml", "(top): Additional properties are not allowed ('breifing' was unexpected)",
     "breifing:", "briefing:"},
    {"facts", "facts-typo.yaml", "organizations/CSTO: Additional properties are not allowed ('memebers' was unexpected)",
     "memebers:", "members:"},
    {"schema", "schema-typo.yaml", "actions/basing: Additional properties are not allowed ('requried' was unexpected)",
     "requried:", "required:"},
    {"proposal", "proposal-typo.yaml", "positions/RUS: 'objet' is not one of ['consent', 'object', 'abstain', 'none']",
     "objet", "object"},
};

TEST(JsonSchemas, TypoedKeysAreRejectedAndTheFixValidates) {
  accord::internal::cmd::Result r;
  for (const Typo& t : kTypos) {
    SCOPED_TRACE(t.file);
    const std::string rel = std::string("tests/schema/data/") + t.file;
    r = validate({"--expect-invalid", t.schema, rel});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_TRUE(has(r.out, rel + ": " + t.message + "\n")) << r.out;

    // The same file with the typo fixed is valid.
    std::string text = read(kRepo / rel);
    const auto at = text.rfind(t.wrong);  // the last one: the comment on top names the typo too
    ASSERT_NE(at, std::string::npos);
    text.replace(at, std::string(t.wrong).size(), t.right);
    const fs::path fixed = fs::temp_directory_path() / (std::string("accord-schema-fixed-") + t.file);
    std::ofstream(fixed) << text;
    r = validate({t.schema, fixed.string()});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    fs::remove(fixed);
  }
}

// The engine rejects the same typos, so the schemas do not claim more than the loaders do.
TEST(JsonSchemas, TheEngineRejectsTheSameTypos) {
  // A pack beside the shipped rules.
  const fs::path dir = fs::temp_directory_path() / ("accord-schema-pack-" + std::to_string(::getpid()));
  fs::create_directories(dir / "typo");
  fs::copy_file(kRepo / "tests/schema/data/clause-typo.yaml", dir / "typo" / "clause-typo.yaml",
                fs::copy_options::overwrite_existing);
  Result r = accord::internal::cmd::accord({"lint", "--rules", "rules", "--rules", dir.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(has(r.err, "clause-typo.yaml:12:5: error: unknown key 'efect' in a clause; did you mean 'effect'?")) << r.err;
  fs::remove_all(dir);

  r = accord::internal::cmd::accord({"test", "tests/schema/data/scenario-typo.yaml", "--rules", "rules"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(has(r.out + r.err, "scenario-typo.yaml:4:1: error: unknown key 'breifing' in a scenario; did you mean 'briefing'?"))
      << r.out << r.err;

  r = accord::internal::cmd::accord({"check", "tests/schema/data/proposal-typo.yaml", "--rules", "rules"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(has(r.err, "proposal-typo.yaml:7:19: error: unknown position 'objet' for RUS")) << r.err;
}

}  // namespace
