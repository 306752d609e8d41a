// accord diff: what a rule change changes, decision by decision (analysis/rule_diff.h), and
// the scenario expectations it flips (scenario/impact.h).
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <ostream>
#include <sstream>

#include "analysis/rule_diff.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "core/dir_listing.h"
#include "core/source.h"
#include "load/rules_loader.h"
#include "scenario/impact.h"

namespace accord::internal {

namespace fs = std::filesystem;

namespace {

// Runs a shell command; its exit status, and its stdout and stderr together in `output`.
int run(const std::string& cmd, std::string& output) {
  output.clear();
  FILE* f = popen((cmd + " 2>&1").c_str(), "r");
  if (!f) return -1;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, f)) output.append(buf, n);
  const int status = pclose(f);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string first_line(const std::string& s) {
  std::string line = s.substr(0, s.find('\n'));
  return line.empty() ? "(no message)" : line;
}

// The rules directories as they were at a git revision, extracted into a temporary directory
// that is removed when this goes out of scope.
class GitTree {
 public:
  ~GitTree() {
    std::error_code ec;
    if (!tmp_.empty()) fs::remove_all(tmp_, ec);
  }
  // The extracted directories, in the order of `dirs`; empty (reported to `err`) on failure.
  std::vector<std::string> extract(const std::string& rev, const std::vector<std::string>& dirs, std::ostream& err) {
    std::error_code ec;
    const fs::path first = fs::weakly_canonical(fs::absolute(dirs.front(), ec), ec);
    std::string top;
    if (run("git -C " + sh_quote(first.string()) + " rev-parse --show-toplevel", top) != 0) {
      err << "accord: error: --git " << rev << ": " << dirs.front() << " is not in a git repository\n";
      return {};
    }
    top = top.substr(0, top.find('\n'));
    std::vector<std::string> rel;
    for (const auto& d : dirs) {
      // git names the top level with symbolic links resolved: so must the directory.
      const fs::path r = fs::weakly_canonical(fs::absolute(d, ec), ec).lexically_relative(fs::path(top));
      if (r.empty() || r.native().rfind("..", 0) == 0) {
        err << "accord: error: --git " << rev << ": " << d << " is not inside the repository at " << top << "\n";
        return {};
      }
      rel.push_back(r.string());
    }
    // In $TMPDIR (fs::temp_directory_path), else /tmp.
    std::string pattern = (fs::temp_directory_path(ec) / "accord-diff-XXXXXX").string();
    if (ec || !mkdtemp(pattern.data())) {
      err << "accord: error: cannot make a temporary directory for --git " << rev << "\n";
      return {};
    }
    tmp_ = pattern;
    const std::string tree = tmp_ + "/tree", archive = tmp_ + "/tree.tar";
    fs::create_directory(tree, ec);
    std::string paths, output;
    for (const auto& r : rel) {
      paths += ' ';  // not `" " + sh_quote(r)`: GCC 12 warns falsely on that (-Wrestrict, bug 105329)
      paths += sh_quote(r);
    }
    // `git archive` fails (and says why) on an unknown revision or a path not in it; tar then
    // reads nothing. pipefail is not POSIX: check git first, then extract.
    if (run("git -C " + sh_quote(top) + " rev-parse --verify --quiet " + sh_quote(rev + "^{tree}"), output) != 0) {
      err << "accord: error: --git " << rev << ": not a revision of the repository at " << top << "\n";
      return {};
    }
    if (run("git -C " + sh_quote(top) + " archive --format=tar " + sh_quote(rev) + " --" + paths + " > " + sh_quote(archive), output) != 0) {
      err << "accord: error: --git " << rev << ": git cannot read" << paths << " at " << rev << ": " << first_line(output) << "\n";
      return {};
    }
    if (run("tar -x -f " + sh_quote(archive) + " -C " + sh_quote(tree), output) != 0) {
      err << "accord: error: --git " << rev << ": cannot extract the rules: " << first_line(output) << "\n";
      return {};
    }
    std::vector<std::string> out;
    for (const auto& r : rel) out.push_back(r == "." ? tree : tree + "/" + r);
    return out;
  }
  // Where the revision's files are ("" before extract()).
  std::string dir() const { return tmp_.empty() ? tmp_ : tmp_ + "/tree"; }

 private:
  std::string tmp_;
};

// Loads one side; every diagnostic printed (with `from` replaced by `to` in paths, for a git
// revision's temporary copy).
std::shared_ptr<const Engine> load_side(const std::vector<std::string>& dirs, const char* side, std::ostream& err,
                                        const std::string& from = {}, const std::string& to = {}) {
  Diagnostics d;
  std::shared_ptr<const Engine> engine;
  if (auto rules = load_rules(dirs, d)) engine = Engine::build(std::move(*rules), d);
  std::ostringstream text;
  print_diagnostics(d, text);
  std::string s = text.str();
  if (!from.empty())
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  err << s;
  if (!engine) err << "accord: error: the " << side << " rules have errors; nothing was compared\n";
  return engine;
}

std::string rules_flags(const std::vector<std::string>& dirs) {
  std::string s;
  for (const auto& d : dirs) s += " --rules " + (d.find_first_of(" '\"") == std::string::npos ? d : sh_quote(d));
  return s;
}

}  // namespace

int cmd_diff(const DiffOptions& o, std::ostream& out, std::ostream& err) {
  // The two sides, from the arguments.
  std::vector<std::string> old_dirs = o.old_dirs, new_dirs = o.new_dirs;
  const bool listed = !old_dirs.empty() || !new_dirs.empty();
  const char* kUsage = "accord: error: diff compares two rule sets: accord diff OLD NEW, --old DIR... --new DIR..., or --git REV [DIR...]\n";
  if (!o.git.empty()) {
    if (listed) {
      err << "accord: error: --git REV compares the rules at REV with the same directories now: --old and --new do not apply\n";
      return kExitUsage;
    }
    if (o.sides.empty()) {
      const auto found = rules_dirs(RulesOptions{}, err);
      if (!found) return kExitInput;
      new_dirs = *found;
    } else {
      new_dirs = o.sides;
    }
  } else if (listed) {
    if (!o.sides.empty() || old_dirs.empty() || new_dirs.empty()) {
      err << kUsage;
      return kExitUsage;
    }
  } else if (o.sides.size() == 2) {
    old_dirs = {o.sides[0]};
    new_dirs = {o.sides[1]};
  } else {
    err << kUsage;
    return kExitUsage;
  }
  if (o.expect_no_change && !o.allow.empty()) {
    err << "accord: error: --expect-no-change and --allow cannot be used together: the allow file lists the changes expected\n";
    return kExitUsage;
  }
  LintLimits limits;
  if (!parse_time_limit(o.time_limit, limits.seconds, err)) return kExitUsage;

  // Everything is read and checked before anything is compared or printed.
  GitTree tree;
  DiffReport report;
  if (!o.git.empty()) {
    old_dirs = tree.extract(o.git, new_dirs, err);
    if (old_dirs.empty()) return kExitInput;
    report.old_label = rules_dirs_text(new_dirs) + " at git revision " + o.git;
    report.old_replay_note = "(" + report.old_label + ") ";
  } else {
    report.old_label = rules_dirs_text(old_dirs);
    report.old_rules = rules_flags(old_dirs);
  }
  report.new_label = rules_dirs_text(new_dirs);
  report.new_rules = rules_flags(new_dirs);
  const auto old_engine = load_side(old_dirs, "OLD", err, tree.dir().empty() ? "" : tree.dir() + "/", o.git + ":");
  const auto new_engine = load_side(new_dirs, "NEW", err);
  if (!old_engine || !new_engine) return kExitInput;

  std::vector<AllowEntry> allow;
  if (!o.allow.empty()) {
    Diagnostics d;
    if (auto src = SourceFile::read(o.allow, d)) allow = parse_allow(*src, d);
    if (d.has_errors()) {
      print_diagnostics(d, err);
      return kExitInput;
    }
  }

  std::vector<std::string> scenario_files;
  if (!o.no_scenarios) {
    std::vector<std::string> paths = o.scenarios;
    std::error_code ec;
    if (paths.empty() && fs::is_directory("scenarios", ec)) paths.push_back("scenarios");
    for (const auto& p : paths) {
      if (fs::is_directory(p, ec)) {
        Diagnostics d;
        for (const auto& f : yaml_files_in(p, d)) scenario_files.push_back(f.string());
        if (d.has_errors()) {
          print_diagnostics(d, err);
          return kExitInput;
        }
      } else if (fs::exists(p, ec)) {
        scenario_files.push_back(p);
      } else {
        err << p << ": error: no such file or directory\n";
        return kExitInput;
      }
    }
  }

  const DiffResult result = diff_rules(*old_engine, *new_engine, limits, o.threads);
  report.result = &result;
  if (!scenario_files.empty()) {
    ScenarioImpact impact = scenario_impact(scenario_files, old_engine, new_engine);
    report.scenarios_run = true;
    report.flips = std::move(impact.flips);
    report.scenario_files = impact.files;
    report.expectations = impact.expectations;
    // A few are named; many (the default ./scenarios beside rules of another vocabulary) are counted.
    if (impact.unplayable.size() <= 3)
      for (const auto& u : impact.unplayable) err << "accord: warning: a scenario plays under neither rule set, left out: " << u << "\n";
    else
      err << "accord: warning: " << impact.unplayable.size() << " of " << scenario_files.size()
          << " scenario files play under neither rule set and were left out (the first: " << impact.unplayable.front()
          << "); --no-scenarios skips them\n";
  }
  report.group_allowed.assign(result.groups.size(), false);
  for (const AllowEntry& a : allow) {
    bool used = false;
    if (a.vocabulary) used = report.vocabulary_allowed = !result.not_compared.empty();
    for (std::size_t i = 0; i < result.groups.size(); ++i)
      if (allows(a, result.groups[i])) report.group_allowed[i] = used = true;
    if (!used) report.unused_entries.push_back(&a);
  }

  const std::string format = !o.format.empty() ? o.format : o.expect_no_change ? "markdown" : "text";
  out << (format == "json" ? render_diff_json(report) : format == "markdown" ? render_diff_markdown(report) : render_diff_text(report));
  for (const AllowEntry* a : report.unused_entries)
    err << a->pos.file << ":" << a->pos.line << ":" << a->pos.col << ": warning: allow entry '" << a->text << "' matches no change\n";
  if (result.stopped != LintStop::none) {
    err << "accord: error: diff stopped at its "
        << (result.stopped == LintStop::time ? "time limit of " + o.time_limit + " s" : "limit of " + std::to_string(limits.max_proposals) + " proposals")
        << " before deciding every representative proposal: changes may be missing"
        << (result.stopped == LintStop::time ? " (allow more time with --time-limit SECONDS)" : "") << "\n";
    return kExitInput;
  }
  return report.fails() ? kExitChanged : kExitOk;
}

}  // namespace accord::internal
