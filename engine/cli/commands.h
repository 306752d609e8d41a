// Options and entry points of the accord subcommands. run_cli (cli.cpp) parses the command
// line into these structs; each command lives in its own file.
#pragma once
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compile/engine.h"
#include "decide/decide.h"
#include "core/diagnostics.h"

namespace accord::internal {

struct RulesOptions {
  std::vector<std::string> dirs;  // empty: default_rules_dir()
};

struct CheckOptions {
  RulesOptions rules;
  std::vector<std::string> files;
  std::string as_of;
  std::string format;  // text or json; empty: text, or json with --batch
  std::string color = "auto";
  bool explain = false;
  // Quick what-if fields, as given: --action A, --date D, --NAME VALUE for any schema field
  // (--actor USA, --org NATO), or --field NAME=VALUE. `flag` is how the user wrote it.
  struct FieldFlag {
    std::string name, value, flag;
  };
  std::vector<FieldFlag> fields;
  std::vector<std::string> option_names;  // the command's own options, for "did you mean"
  std::vector<std::string> positions;  // PARTY=POSITION
  std::vector<std::string> readings;   // CLAUSE_ID=NAME
  std::string batch;
  unsigned threads = 1;
  std::string from, to;  // whatif: the timeline's range
};

struct TestOptions {
  RulesOptions rules;
  std::vector<std::string> paths;  // files or directories; default scenarios/
  std::string junit;
  bool coverage = false;
  double min_coverage = -1;  // percent; < 0: no minimum
};

struct RunOptions {
  RulesOptions rules;
  std::string file;
  bool no_pause = false;
  bool reveal = false;
  std::string format = "text";
  std::string color = "auto";
  std::string handout;  // trainee, instructor ("" with markdown/html: instructor)
  std::string paper = "a4";
  std::vector<std::string> choose;  // the option taken at each decision point, in order
};

struct LintOptions {
  RulesOptions rules;
  bool strict = false;  // warnings fail too
  std::string time_limit = "60";  // seconds the analysis may take (LintLimits::seconds)
  unsigned threads = 2;
};

struct VocabOptions {
  RulesOptions rules;
  std::string topic;
  std::string as_of;
  std::string format = "text";
};

struct ServeOptions {
  RulesOptions rules;
  std::vector<std::string> scenario_dirs;  // empty: ./scenarios when it exists
  std::string addr = "127.0.0.1:8181";
  unsigned threads = 8;
  std::string log;  // the decision log; empty: none
  std::uint64_t log_max_mb = 100;
  unsigned log_keep = 5;
  std::string token_file;
  std::string cors_origin;
  bool watch = true;  // reload when the rules' files change
  std::size_t max_rooms = 64;          // live role-play rooms kept at once
  unsigned room_ttl_minutes = 240;     // a room is dropped this long after its last request
};

struct DiffOptions {
  std::vector<std::string> sides;               // OLD NEW (each one rules directory)
  std::vector<std::string> old_dirs, new_dirs;  // --old DIR, --new DIR (repeatable: merged sets)
  std::string git;                              // --git REV: OLD is the rules at REV, NEW the work tree
  std::string format;                           // text, json, markdown; empty: text (markdown with --expect-no-change)
  bool expect_no_change = false;
  std::string allow;                            // the allow file
  std::vector<std::string> scenarios;           // empty: ./scenarios when it exists
  bool no_scenarios = false;
  std::string time_limit = "60";
  unsigned threads = 2;
};

struct RulesListOptions {
  RulesOptions rules;
  std::string id;
  std::string format = "text";
};

// The rules directories: --rules, else the default one (default_rules_dir); nullopt (reported
// to `err`) when there is none.
std::optional<std::vector<std::string>> rules_dirs(const RulesOptions& o, std::ostream& err);
// Loads, checks and compiles the rules; prints every diagnostic to `err`; null on errors.
// `dirs_read`, when given, receives the directories read ("rules", or the --rules list).
std::unique_ptr<Engine> load_engine(const RulesOptions& o, std::ostream& err, std::string* dirs_read = nullptr);
std::string rules_dirs_text(const std::vector<std::string>& dirs);
// Prints diagnostics (errors and warnings) to `err`.
void print_diagnostics(const Diagnostics& d, std::ostream& err);

int cmd_check(const CheckOptions& o, std::ostream& out, std::ostream& err);
int cmd_whatif(const CheckOptions& o, std::ostream& out, std::ostream& err);
int cmd_test(const TestOptions& o, std::ostream& out, std::ostream& err);
int cmd_run(const RunOptions& o, std::istream& in, std::ostream& out, std::ostream& err);
int cmd_lint(const LintOptions& o, std::ostream& out, std::ostream& err);
int cmd_vocab(const VocabOptions& o, std::ostream& out, std::ostream& err);
int cmd_rules(const RulesListOptions& o, std::ostream& out, std::ostream& err);
int cmd_serve(const ServeOptions& o, std::ostream& out, std::ostream& err);
int cmd_diff(const DiffOptions& o, std::ostream& out, std::ostream& err);
bool use_color(const std::string& mode);
// The value of --time-limit (seconds, 0 or more) into `seconds`; false (reported) otherwise.
bool parse_time_limit(const std::string& text, double& seconds, std::ostream& err);
// `s` as one word for a POSIX shell: in single quotes, each ' written '\''.
std::string sh_quote(std::string_view s);
// --reading CLAUSE_ID=NAME flags, resolved against the loaded clauses; false (reported) on
// an unknown clause or reading.
bool parse_readings(const Engine& e, const std::vector<std::string>& specs, DecideOptions& opts, std::ostream& err);
// accord check --batch: the batch pipeline (batch/batch.h) on the file or stdin.
int cmd_batch(const Engine& engine, const CheckOptions& o, std::optional<Date> as_of, std::ostream& out,
              std::ostream& err);

}  // namespace accord::internal
