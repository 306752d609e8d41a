#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "cli/manual.h"
#include "core/diagnostics.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <iostream>

namespace accord::internal {

namespace {

// The command's logger ("accord: warn: ...") for the length of one run_cli; the logger that
// was the default before is the default again afterwards. (Dropping the command's logger while
// it was the default left spdlog without one, and the next log call of a server, a test or an
// embedding program in the same process dereferenced null.)
class CommandLogging {
 public:
  CommandLogging(int verbose, bool quiet) : previous_(spdlog::default_logger()) {
    if (previous_) previous_level_ = previous_->level();
    auto logger = spdlog::stderr_color_mt("accord");
    logger->set_pattern("accord: %l: %v");
    logger->set_level(quiet ? spdlog::level::err : verbose >= 2 ? spdlog::level::debug
                                                 : verbose == 1 ? spdlog::level::info
                                                                : spdlog::level::warn);
    spdlog::set_default_logger(std::move(logger));
  }
  ~CommandLogging() {
    spdlog::set_default_logger(previous_);
    if (previous_) previous_->set_level(previous_level_);  // `serve` raises every logger's level
    spdlog::drop("accord");
  }
  CommandLogging(const CommandLogging&) = delete;
  CommandLogging& operator=(const CommandLogging&) = delete;

 private:
  std::shared_ptr<spdlog::logger> previous_;
  spdlog::level::level_enum previous_level_ = spdlog::level::info;
};

}  // namespace

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  CLI::App app{"Accord: decides proposed actions against treaty and charter clauses.", "accord"};
  app.set_version_flag("--version", std::string("accord ") + ACCORD_VERSION);
  app.require_subcommand(1);
  app.footer(R"(Examples:
  accord check scenarios/proposals/us-airbase-manas-2026.yaml
  accord check --action basing --actor "United States" --host Kyrgyzstan --date 2026-03-01
  accord check --action basing --actor USA --host KGZ --position Russia=object
  accord check --action alliance_accession --actor Armenia --org NATO --date 2025-06-01
  accord whatif --action basing --actor USA --host Uzbekistan --from 1994-01-01 --to 2030-01-01
  accord vocab actions              # what proposals can say
  accord test scenarios/            # run the exercises' expectations
  accord lint --strict              # analyse the rule packs
  accord diff --git HEAD            # what the uncommitted rule changes change, decision by decision
  accord serve                      # the API and the workbench on http://127.0.0.1:8181/

Rules: --rules DIR (repeatable), else $ACCORD_RULES, else ./rules when it has a schema.yaml,
else the installed rules (share/accord/rules).

Exit codes: 0 the command did its job, whatever the decision; 1 bad input (rules, proposal,
scenario) or failed expectations; 2 usage error; 3 (accord diff) decisions change.)");
  int verbose = 0;
  bool quiet = false;
  app.add_flag("-v,--verbose", verbose, "More logging on stderr (-vv for debug)");
  app.add_flag("-q,--quiet", quiet, "Only errors on stderr");

  // The proposal options `check` and `whatif` share.
  auto proposal_options = [](CLI::App* c, CheckOptions& o) {
    c->add_option("proposals", o.files, "Proposal files (YAML or JSON)");
    c->add_option("--rules", o.rules.dirs, "Rules directory (repeatable; default: ./rules, else the installed rules)")->allow_extra_args(false);
    c->add_option("--as-of", o.as_of, "Decide as of this date (YYYY-MM-DD), overriding the proposal's");
    c->add_option("--format", o.format, "Output format")->check(CLI::IsMember({"text", "json"}));
    c->add_option("--color", o.color, "Colour the text output")->check(CLI::IsMember({"auto", "always", "never"}));
    for (const char* f : {"action", "date"}) {
      c->add_option_function<std::string>(std::string("--") + f,
          [&o, f](const std::string& v) { o.fields.push_back({f, v, std::string("--") + f}); },
          std::string("Set the proposal's ") + f + (std::string(f) == "action" ? " (accord vocab actions lists them)" : ""));
    }
    c->add_option_function<std::vector<std::string>>("--field",
        [&o](const std::vector<std::string>& vs) {
          for (const auto& v : vs) {
            const auto eq = v.find('=');
            if (eq == std::string::npos) throw CLI::ValidationError("--field", "expected NAME=VALUE, got '" + v + "'");
            o.fields.push_back({v.substr(0, eq), v.substr(eq + 1), "--field " + v.substr(0, eq)});
          }
        }, "Set any proposal field: NAME=VALUE (repeatable; lists as A,B)")->allow_extra_args(false);
    const CLI::Validator key_value(
        [](std::string& v) { return v.find('=') == std::string::npos ? "expected NAME=VALUE, got '" + v + "'" : std::string(); },
        "NAME=VALUE");
    c->add_option("--position", o.positions, "A party's stance: PARTY=consent|object|abstain|none (repeatable)")
        ->allow_extra_args(false)->check(key_value);
    c->add_option("--reading", o.readings, "Use a clause's alternative reading: CLAUSE_ID=NAME (repeatable)")
        ->allow_extra_args(false)->check(key_value);
  };

  const char* kFieldFlags =
      "Every proposal field of the schema is an option too: --actor P, --host P, --site S, --org O,\n"
      "--supplier P, --recipient P, --partners A,B, --domestic_price true, ... (accord vocab fields).\n"
      "Parties by code, alpha-2 code, name or alias: --actor \"United States\" --host Kyrgyzstan.";
  CheckOptions check;
  CLI::App* c = app.add_subcommand("check", "Decide proposals (files, flags, or a JSONL batch)");
  proposal_options(c, check);
  c->footer(kFieldFlags);
  c->add_flag("--explain", check.explain, "Show the value of every sub-condition");
  c->add_option("--batch", check.batch, "Decide one JSON proposal per line of FILE (- for stdin)");
  c->add_option("--threads", check.threads, "Worker threads for --batch")->check(CLI::Range(1u, 64u));

  CheckOptions whatif;
  CLI::App* w = app.add_subcommand("whatif", "What would change a decision: swing parties, the timeline, readings");
  proposal_options(w, whatif);
  w->footer(kFieldFlags);
  w->add_option("--from", whatif.from, "Start the timeline on this date (default: the first date anything changes)");
  w->add_option("--to", whatif.to, "End the timeline before this date (default: open-ended)");

  VocabOptions vocab;
  CLI::App* v = app.add_subcommand("vocab", "List what proposals can say: actions, fields, parties, organizations, sites");
  v->add_option("topic", vocab.topic,
                "actions, fields, parties, organizations or sites; or one action, party, site or organization by name");
  v->add_option("--rules", vocab.rules.dirs, "Rules directory (repeatable)")->allow_extra_args(false);
  v->add_option("--as-of", vocab.as_of, "Memberships as of this date (default: today)");
  v->add_option("--format", vocab.format, "Output format")->check(CLI::IsMember({"text", "json"}));

  TestOptions test;
  CLI::App* t = app.add_subcommand("test", "Run the expectations of scenario files (default: scenarios/)");
  t->add_option("paths", test.paths, "Scenario files or directories");
  t->add_option("--rules", test.rules.dirs, "Rules directory (repeatable)")->allow_extra_args(false);
  t->add_option("--junit", test.junit, "Also write the results as JUnit XML to FILE");
  t->add_flag("--coverage", test.coverage, "List clauses that no step made apply, and the percentage covered");
  t->add_option("--min-coverage", test.min_coverage, "Fail when clause coverage is below P percent")->check(CLI::Range(0.0, 100.0));

  RunOptions run;
  CLI::App* r = app.add_subcommand("run", "Play a scenario exercise step by step, or write a handout");
  r->add_option("scenario", run.file, "The scenario file")->required();
  r->add_option("--rules", run.rules.dirs, "Rules directory (repeatable)")->allow_extra_args(false);
  r->add_flag("--no-pause", run.no_pause, "Do not wait for Enter between steps");
  r->add_flag("--reveal", run.reveal, "Hide each decision until Enter is pressed");
  r->add_option("--format", run.format, "text (played in class), or a printable handout: markdown or html")
      ->check(CLI::IsMember({"text", "markdown", "html"}));
  r->add_option("--handout", run.handout, "trainee (no decisions, debriefs or instructor notes) or instructor (everything)")
      ->check(CLI::IsMember({"trainee", "instructor"}));
  r->add_option("--paper", run.paper, "Page size of the HTML handout")->check(CLI::IsMember({"a4", "letter"}));
  r->add_option("--choose", run.choose, "The option taken at each decision point, in order: ids or numbers (e.g. objects,2)")
      ->delimiter(',');
  r->add_option("--color", run.color, "Colour the text output")->check(CLI::IsMember({"auto", "always", "never"}));

  LintOptions lint;
  CLI::App* l = app.add_subcommand("lint", "Load, type-check and analyse rule packs exhaustively");
  l->add_option("--rules", lint.rules.dirs, "Rules directory (repeatable)")->allow_extra_args(false);
  l->add_flag("--strict", lint.strict, "Exit 1 on warnings too");
  l->add_option("--time-limit", lint.time_limit, "Seconds the analysis may take; past them it stops, incomplete (exit 1)")
      ->type_name("SECONDS")
      ->capture_default_str();
  l->add_option("--threads", lint.threads, "Worker threads for the analysis (the findings are the same for any number)")
      ->check(CLI::Range(1u, 64u))->capture_default_str();

  DiffOptions diff;
  CLI::App* df = app.add_subcommand("diff", "What a rule change changes: every class of proposals decided differently");
  df->add_option("dirs", diff.sides, "OLD NEW: the two rules directories (with --git: those to read at REV and now; default ./rules)")
      ->type_name("DIR");
  df->add_option("--old", diff.old_dirs, "An OLD rules directory (repeatable: merged, as --rules)")->allow_extra_args(false);
  df->add_option("--new", diff.new_dirs, "A NEW rules directory (repeatable)")->allow_extra_args(false);
  df->add_option("--git", diff.git, "OLD is the rules as committed at this git revision, NEW as they are now")->type_name("REV");
  df->add_option("--format", diff.format, "Output format (default text; markdown with --expect-no-change)")
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  df->add_flag("--expect-no-change", diff.expect_no_change, "CI mode: any change fails (exit 3), reported in Markdown");
  df->add_option("--allow", diff.allow, "The changes expected, one per line (ACTION DATES CLAUSE); others fail (exit 3)")
      ->type_name("FILE");
  df->add_option("--scenarios", diff.scenarios, "Scenario files or directories to play under both sides (default: ./scenarios)")
      ->allow_extra_args(false)->type_name("PATH");
  df->add_flag("--no-scenarios", diff.no_scenarios, "Play no scenarios");
  df->add_option("--threads", diff.threads, "Worker threads for the comparison (the report is the same for any number)")
      ->check(CLI::Range(1u, 64u))->capture_default_str();
  df->add_option("--time-limit", diff.time_limit, "Seconds the comparison may take; past them it stops, incomplete (exit 1)")
      ->type_name("SECONDS")
      ->capture_default_str();
  df->footer(R"(Exit codes: 0 no decision changes (or every change is in the --allow file); 3 decisions
change, the vocabulary differs or scenario expectations flip; 1 bad rules, allow file or
scenarios, or the comparison was incomplete; 2 usage error.

Examples:
  accord diff rules/ /tmp/rules-edited/
  accord diff --git HEAD~1 --format markdown
  accord diff --git main --allow expected-changes.txt)");

  RulesListOptions rules_list;
  CLI::App* rl = app.add_subcommand("rules", "List clauses, or show one with its text");
  rl->add_option("id", rules_list.id, "A clause id (or an instrument id) to show in full");
  rl->add_option("--rules", rules_list.rules.dirs, "Rules directory (repeatable)")->allow_extra_args(false);
  rl->add_option("--format", rules_list.format, "Output format")->check(CLI::IsMember({"text", "json"}));

  ServeOptions serve;
  CLI::App* sv = app.add_subcommand("serve", "Serve decisions over HTTP, with the web workbench at / (docs/serve.md)");
  sv->add_option("--rules", serve.rules.dirs, "Rules directory (repeatable); reloaded when its files change")->allow_extra_args(false);
  sv->add_option("--scenarios", serve.scenario_dirs, "Exercise directory (repeatable; default: ./scenarios)")->allow_extra_args(false);
  sv->add_option("--addr", serve.addr, "HOST:PORT to listen on (port 0: any free port)")->capture_default_str();
  sv->add_option("--threads", serve.threads, "Worker threads: requests decided at once")->check(CLI::Range(1u, 256u))->capture_default_str();
  sv->add_option("--log", serve.log, "Append one JSON line per decision to FILE (the decision log)");
  sv->add_option("--log-max-mb", serve.log_max_mb, "Rotate the decision log past this size")->check(CLI::Range(1, 1 << 20))->capture_default_str();
  sv->add_option("--log-keep", serve.log_keep, "Rotated decision logs kept (FILE.1 ...)")->check(CLI::Range(0u, 1000u))->capture_default_str();
  sv->add_option("--token-file", serve.token_file, "Require Authorization: Bearer TOKEN (the file's first line) on /v1/ and /metrics");
  sv->add_option("--cors-origin", serve.cors_origin, "Allow browser requests from this origin (default: none)");
  sv->add_flag("!--no-watch", serve.watch, "Do not reload when the rules' files change (SIGHUP still does)");
  sv->add_option("--max-rooms", serve.max_rooms, "Live role-play rooms kept at once (0: none)")->check(CLI::Range(0, 100000))->capture_default_str();
  sv->add_option("--room-ttl-minutes", serve.room_ttl_minutes, "Drop a live room this long after its last request")->check(CLI::Range(1u, 10080u))->capture_default_str();

  // Hidden: `accord --help-man [COMMAND]` and `accord completion bash`, the man pages and the
  // completion script made from the definitions above (cli/manual.cpp, cmake/manpages.cmake).
  if (is_manual_request(argc, argv)) return run_manual(app, argc, argv, out, err);

  // `--NAME VALUE` (or --NAME=VALUE) for any proposal field of the schema (--actor USA,
  // --org NATO): the schema is read after the command line, so an option of check or whatif
  // that is not one of theirs is taken as a field here and checked against the schema later.
  std::vector<std::string> args(argv, argv + argc);
  std::size_t command = 1;
  while (command < args.size() && args[command].rfind("-", 0) == 0) ++command;
  if (command < args.size() && (args[command] == "check" || args[command] == "whatif")) {
    CLI::App* sub = args[command] == "check" ? c : w;
    CheckOptions& target = args[command] == "check" ? check : whatif;
    for (const CLI::Option* opt : sub->get_options())
      for (const auto& n : opt->get_lnames()) target.option_names.push_back("--" + n);
    std::vector<std::string> kept(args.begin(), args.begin() + static_cast<long>(command) + 1);
    for (std::size_t i = command + 1; i < args.size(); ++i) {
      const std::string& a = args[i];
      if (a.rfind("--", 0) != 0 || a.size() < 3) { kept.push_back(a); continue; }
      const std::string name = a.substr(2, a.find('=') == std::string::npos ? std::string::npos : a.find('=') - 2);
      if (sub->get_option_no_throw("--" + name) || name == "help" || name == "verbose" || name == "quiet") {
        kept.push_back(a);
        continue;
      }
      std::string value;
      if (a.find('=') != std::string::npos) value = a.substr(a.find('=') + 1);
      else if (i + 1 < args.size()) value = args[++i];
      else { kept.push_back(a); continue; }  // CLI11 reports the missing value
      target.fields.push_back({name, value, "--" + name});
    }
    args = std::move(kept);
  }
  std::vector<const char*> arg_ptrs;
  for (const auto& a : args) arg_ptrs.push_back(a.c_str());
  argc = static_cast<int>(arg_ptrs.size());
  argv = arg_ptrs.data();

  // CLI11 reports a mistyped command as "a subcommand is required"; name it instead.
  if (argc > 1 && argv[1][0] != '-') {
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
    if (std::find(names.begin(), names.end(), argv[1]) == names.end()) {
      err << "accord: error: " << with_suggestion(std::string("unknown command '") + argv[1] + "'", argv[1], names)
          << "\nRun with --help for more information.\n";
      return kExitUsage;
    }
  }
  // -v/-q and --help may come after the command too.
  for (CLI::App* sub : {c, w, v, t, r, l, df, rl, sv}) sub->fallthrough();
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    app.exit(e, out, err);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    app.exit(e, out, err);
    return kExitUsage;
  }
  const CommandLogging logging(verbose, quiet);
  int rc = kExitUsage;
  if (c->parsed()) rc = cmd_check(check, out, err);
  else if (w->parsed()) rc = cmd_whatif(whatif, out, err);
  else if (v->parsed()) rc = cmd_vocab(vocab, out, err);
  else if (t->parsed()) rc = cmd_test(test, out, err);
  else if (r->parsed()) rc = cmd_run(run, std::cin, out, err);
  else if (l->parsed()) rc = cmd_lint(lint, out, err);
  else if (df->parsed()) rc = cmd_diff(diff, out, err);
  else if (rl->parsed()) rc = cmd_rules(rules_list, out, err);
  else if (sv->parsed()) rc = cmd_serve(serve, out, err);
  // A full disk or a closed pipe must not look like success.
  if (!out.flush()) {
    err << "accord: error: cannot write the output: " << std::strerror(errno ? errno : EIO) << "\n";
    return kExitInput;
  }
  return rc;
}

}  // namespace accord::internal
