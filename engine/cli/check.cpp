// accord check: decide proposal files, or a proposal given by flags.
#include <chrono>
#include <functional>
#include <ostream>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "analysis/whatif.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "decide/cases.h"
#include "load/proposal_loader.h"
#include "load/rules_loader.h"
#include "load/yaml_doc.h"
#include "report/report.h"

namespace accord::internal {

void print_diagnostics(const Diagnostics& d, std::ostream& err) { err << d.str(); }

std::string rules_dirs_text(const std::vector<std::string>& dirs) {
  std::string out;
  for (const auto& d : dirs) out += (out.empty() ? "" : ", ") + d + (!d.empty() && d.back() == '/' ? "" : "/");
  return out;
}

std::optional<std::vector<std::string>> rules_dirs(const RulesOptions& o, std::ostream& err) {
  if (!o.dirs.empty()) return o.dirs;
  std::string why;
  auto dir = default_rules_dir(why);
  if (!dir) {
    err << "accord: error: " << why << "\n";
    return std::nullopt;
  }
  return std::vector<std::string>{*dir};
}

std::unique_ptr<Engine> load_engine(const RulesOptions& o, std::ostream& err, std::string* dirs_read) {
  const auto start = std::chrono::steady_clock::now();
  const auto found = rules_dirs(o, err);
  if (!found) return nullptr;
  const std::vector<std::string>& dirs = *found;
  if (dirs_read) *dirs_read = rules_dirs_text(dirs);
  Diagnostics d;
  std::unique_ptr<Engine> engine;
  if (auto rules = load_rules(dirs, d)) engine = Engine::build(std::move(*rules), d);
  print_diagnostics(d, err);
  if (!engine) {
    err << "accord: error: the rules have errors; no decision was made\n";
    return nullptr;
  }
  const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  spdlog::info("rules from {}", rules_dirs_text(dirs));
  spdlog::info("loaded {} clauses from {} instruments in {:.1f} ms", engine->rules().clause_count(),
               engine->rules().instruments.size(), ms);
  return engine;
}

bool parse_readings(const Engine& e, const std::vector<std::string>& specs, DecideOptions& opts,
                           std::ostream& err) {
  opts.readings.assign(e.clauses().size(), -1);
  for (const auto& s : specs) {
    if (const std::string problem = resolve_reading(e, s, opts); !problem.empty()) {
      err << "accord: error: --reading " << s << ": " << problem << "\n";
      return false;
    }
  }
  return true;
}

// Applies the what-if flags on top of a proposal (from a file, or empty).
static bool apply_flags(const ProposalBuilder& b, const CheckOptions& o, Proposal& p, std::ostream& err) {
  bool ok = true;
  for (const auto& f : o.fields) {
    if (const FieldError e = b.set_text(p, f.name, f.value)) {
      err << "accord: error: " << f.flag << " " << f.value << ": " << e.message << "\n";
      ok = false;
    }
  }
  for (const auto& s : o.positions) {
    if (const FieldError e = b.set_position(p, s)) {
      err << "accord: error: --position " << s << ": " << e.message << "\n";
      ok = false;
    }
  }
  return ok;
}

bool use_color(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* term = std::getenv("TERM");
  return ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR") && !(term && std::string(term) == "dumb");
}

// The proposals of a check or whatif command line: each file with the flags on top, or the
// flags alone. `answer` renders one (as a JSON line, or as text) into its last argument, or
// returns an error message; the texts are printed separated by a rule. Bad proposals are
// reported and the others still answered. Returns the exit code.
using Answerer = std::function<std::string(const Proposal&, bool json, std::string& rendered)>;
static int answer_each(const Engine& engine, const CheckOptions& o, std::optional<Date> as_of, std::ostream& out,
                       std::ostream& err, const Answerer& answer) {
  const ProposalBuilder builder(engine.tables());
  // `--NAME VALUE` that names no field of the schema is a mistyped option (--forma): a usage error.
  for (const auto& f : o.fields) {
    if (f.flag != "--" + f.name || builder.field_index(f.name) >= 0 || f.name == "id" || f.name == "title") continue;
    std::vector<std::string> names = o.option_names;
    for (const auto& field : builder.field_names()) names.push_back("--" + field);
    err << "accord: error: " << with_suggestion("unknown option '" + f.flag + "'", f.flag, names)
        << " (the proposal fields are listed by accord vocab fields)\n";
    return kExitUsage;
  }
  const Date default_date = today_utc();
  std::vector<std::string> inputs = o.files;
  if (inputs.empty()) inputs.emplace_back();  // one proposal from flags alone
  const bool json = o.format == "json";
  int rc = kExitOk;
  bool first = true;
  for (const auto& file : inputs) {
    Proposal p;
    builder.reset(p);
    Diagnostics d;
    SourceRef src;
    std::optional<yaml::Node> root;
    if (!file.empty()) {
      src = SourceFile::read(file, d);
      if (src) root = parse_yaml(src, d);
      if (!root || !apply_proposal_fields(src, *root, builder, p, d)) {
        print_diagnostics(d, err);
        rc = kExitInput;
        continue;
      }
    }
    // Flags apply on top of the file, so a what-if changes one thing of a real proposal.
    if (!apply_flags(builder, o, p, err)) { rc = kExitInput; continue; }
    if (root) {
      if (!finish_proposal(src, *root, builder, default_date, p, d)) {
        print_diagnostics(d, err);
        rc = kExitInput;
        continue;
      }
    } else {
      if (const FieldError e = builder.finish(p, default_date)) {
        err << "accord: error: " << e.message << "\n";
        rc = kExitInput;
        continue;
      }
      p.id = "what-if";
    }
    if (as_of) p.date = *as_of, p.scalars[kDateSlot] = *as_of;
    std::string rendered;
    if (const std::string e = answer(p, json, rendered); !e.empty()) {
      err << "accord: error: " << e << "\n";
      rc = kExitInput;
      continue;
    }
    if (!json && !first) out << "\n" << std::string(60, '-') << "\n\n";
    out << rendered << (json ? "\n" : "");
    first = false;
  }
  return rc;
}

static std::optional<Date> date_flag(const char* flag, const std::string& value, std::ostream& err, bool& ok) {
  if (value.empty()) return std::nullopt;
  auto d = parse_date(value);
  if (!d) {
    err << "accord: error: " << flag << " " << value << ": not a date: expected YYYY-MM-DD\n";
    ok = false;
  }
  return d;
}

int cmd_check(const CheckOptions& o, std::ostream& out, std::ostream& err) {
  bool dates_ok = true;
  const std::optional<Date> as_of = date_flag("--as-of", o.as_of, err, dates_ok);
  if (!dates_ok) return kExitUsage;
  if (!o.batch.empty() && o.format == "text") {
    err << "accord: error: --batch writes one JSON decision per line; --format text is not available with it\n";
    return kExitUsage;
  }
  if (!o.batch.empty() && (!o.files.empty() || !o.fields.empty())) {
    err << "accord: error: --batch takes its proposals from the file; do not also give proposal files or fields\n";
    return kExitUsage;
  }
  if (o.batch.empty() && o.files.empty() && o.fields.empty()) {
    err << "accord: error: nothing to check: give a proposal file, --batch FILE, or --action with the fields\n";
    return kExitUsage;
  }
  auto engine = load_engine(o.rules, err);
  if (!engine) return kExitInput;
  if (!o.batch.empty()) return cmd_batch(*engine, o, as_of, out, err);

  DecideOptions dopts;
  if (!parse_readings(*engine, o.readings, dopts, err)) return kExitInput;
  const bool color = use_color(o.color);
  return answer_each(*engine, o, as_of, out, err, [&](const Proposal& p, bool json, std::string& rendered) {
    Answer a;
    if (std::string e = decide_answer(*engine, p, dopts, a); !e.empty()) return e;
    if (json) render_json(*engine, p, a, o.explain, rendered);
    else rendered = render_text(*engine, p, a, {o.explain, color});
    return std::string();
  });
}

int cmd_whatif(const CheckOptions& o, std::ostream& out, std::ostream& err) {
  bool dates_ok = true;
  const std::optional<Date> as_of = date_flag("--as-of", o.as_of, err, dates_ok);
  WhatIfRange range;
  range.from = date_flag("--from", o.from, err, dates_ok);
  range.to = date_flag("--to", o.to, err, dates_ok);
  if (!dates_ok) return kExitUsage;
  if (range.from && range.to && *range.to <= *range.from) {
    err << "accord: error: --to " << o.to << " must be after --from " << o.from << "\n";
    return kExitUsage;
  }
  if (o.files.empty() && o.fields.empty()) {
    err << "accord: error: nothing to analyse: give a proposal file, or --action with the fields\n";
    return kExitUsage;
  }
  auto engine = load_engine(o.rules, err);
  if (!engine) return kExitInput;
  DecideOptions dopts;
  if (!parse_readings(*engine, o.readings, dopts, err)) return kExitInput;
  const bool color = use_color(o.color);
  return answer_each(*engine, o, as_of, out, err, [&](const Proposal& p, bool json, std::string& rendered) {
    WhatIf w;
    if (std::string e = what_if(*engine, p, dopts, range, w); !e.empty()) return e;
    if (json) render_whatif_json(*engine, p, w, rendered);
    else rendered = render_whatif_text(*engine, p, w, color);
    return std::string();
  });
}

}  // namespace accord::internal
