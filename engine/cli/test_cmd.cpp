// accord test: runs every expectation of the scenario files; failures name the file:line of
// the `expect`; optional JUnit XML and clause coverage.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <set>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/dir_listing.h"
#include "report/markup.h"
#include "scenario/scenario.h"

namespace accord::internal {

// A clause, or one dated version of it, as coverage counts and names it: "cst-1992/art_4 (1992 text)".
static std::string coverage_key(const Clause& c) { return c.version.empty() ? c.id : c.id + " (" + c.version + ")"; }


namespace fs = std::filesystem;

namespace {

struct CaseResult {
  std::string name;
  SourcePos pos;
  std::vector<std::string> mismatches;
  std::string failure_text;
};

struct SuiteResult {
  std::string name, file;
  std::vector<CaseResult> cases;
  std::string error;  // the file could not be loaded or run
};

std::vector<std::string> scenario_files(const std::vector<std::string>& paths, std::ostream& err, bool& ok) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    const fs::file_status st = fs::status(p, ec);
    if (ec) {
      err << p << ": error: " << (ec == std::errc::no_such_file_or_directory ? "no such file or directory" : "cannot read: " + ec.message()) << "\n";
      ok = false;
    } else if (fs::is_directory(st)) {
      // A directory or entry that cannot be read is an error, not "0 passed, 0 failed".
      Diagnostics d;
      for (const auto& f : yaml_files_in(p, d)) files.push_back(f.string());
      if (d.has_errors()) {
        err << d.str();
        ok = false;
      }
    } else {
      files.push_back(p);
    }
  }
  return files;
}

void write_junit(const std::string& path, const std::vector<SuiteResult>& suites, std::size_t passed,
                 std::size_t failed) {
  std::ofstream x(path);
  x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  x << "<testsuites name=\"accord\" tests=\"" << passed + failed << "\" failures=\"" << failed << "\">\n";
  for (const auto& s : suites) {
    std::size_t f = s.error.empty() ? 0 : 1;
    for (const auto& c : s.cases) f += c.mismatches.empty() ? 0 : 1;
    x << "  <testsuite name=\"" << markup_escape(s.name) << "\" file=\"" << markup_escape(s.file) << "\" tests=\""
      << s.cases.size() + (s.error.empty() ? 0 : 1) << "\" failures=\"" << f << "\">\n";
    if (!s.error.empty())
      x << "    <testcase name=\"load\" classname=\"" << markup_escape(s.name) << "\">\n      <failure message=\"the scenario file has errors\">"
        << markup_escape(s.error) << "</failure>\n    </testcase>\n";
    for (const auto& c : s.cases) {
      x << "    <testcase name=\"" << markup_escape(c.name) << "\" classname=\"" << markup_escape(s.name) << "\" file=\""
        << markup_escape(c.pos.file) << "\" line=\"" << c.pos.line << "\"";
      if (c.mismatches.empty()) {
        x << "/>\n";
      } else {
        x << ">\n      <failure message=\"" << markup_escape(c.mismatches.front()) << "\">" << markup_escape(c.failure_text)
          << "</failure>\n    </testcase>\n";
      }
    }
    x << "  </testsuite>\n";
  }
  x << "</testsuites>\n";
}

}  // namespace

int cmd_test(const TestOptions& o, std::ostream& out, std::ostream& err) {
  std::shared_ptr<const Engine> engine = load_engine(o.rules, err);
  if (!engine) return kExitInput;
  bool ok = true;
  const auto files = scenario_files(o.paths.empty() ? std::vector<std::string>{"scenarios"} : o.paths, err, ok);
  std::vector<SuiteResult> suites;
  std::set<std::string> covered;
  std::size_t passed = 0, failed = 0;
  std::set<const Option*> options_seen, options_tested;
  std::map<std::string, const Option*> untested;
  std::vector<std::string> path_lines;  // one per path of the exercises with decision points
  for (const auto& file : files) {
    SuiteResult suite;
    suite.file = file;
    suite.name = fs::path(file).stem().string();
    Diagnostics d;
    auto src = SourceFile::read(file, d);
    std::optional<Scenario> s;
    std::optional<std::vector<Path>> paths;
    if (src) s = load_scenario(src, d);
    if (s) suite.name = s->id, paths = scenario_paths(*s, d);
    // Every path is played; steps shared by several paths are reported and counted once.
    std::vector<std::vector<StepOutcome>> played;
    bool playable = paths.has_value();
    if (paths)
      for (const Path& path : *paths) {
        auto outcomes = run_path(*s, path, engine, d);
        if (!outcomes) playable = false;
        else played.push_back(std::move(*outcomes));
      }
    if (!playable) {
      err << d.str();
      suite.error = d.str();
      ++failed;
      suites.push_back(std::move(suite));
      continue;
    }
    err << d.str();  // warnings
    std::set<std::vector<const Step*>> seen;  // step prefixes already counted
    for (std::size_t pi = 0; pi < paths->size(); ++pi) {
      const Path& path = (*paths)[pi];
      std::size_t branches_before = 0, expectations = 0, holding = 0;
      for (std::size_t k = 0; k < played[pi].size(); ++k) {
        const StepOutcome& so = played[pi][k];
        const Step& step = *path.steps[k];
        if (k > 0 && path.steps[k - 1]->branch) ++branches_before;
        if (step.expect.present) ++expectations, holding += so.mismatches.empty();
        if (!seen.insert(std::vector<const Step*>(path.steps.begin(), path.steps.begin() + static_cast<long>(k) + 1)).second) continue;
        for (std::size_t c = 0; c < so.answer.count; ++c)
          for (const auto& r : so.answer.cases[c].decision.clauses)
            if (r.status != ClauseStatus::SetAside) covered.insert(coverage_key(so.engine->rules().clauses[r.clause]));
        for (const Option* o : path.choices) options_seen.insert(o);
        if (!step.expect.present) continue;
        // The options taken to reach the step, when it is on a branch: "objects/rus-silent".
        std::string via;
        for (std::size_t b = 0; b < branches_before; ++b) via += (b ? "/" : "") + path.choices[b]->id;
        for (std::size_t b = 0; b < branches_before; ++b) options_tested.insert(path.choices[b]);
        CaseResult c;
        c.name = std::to_string(k + 1) + ". " + step.title + (via.empty() ? "" : " [path " + via + "]");
        c.pos = step.expect.loc.pos();
        c.mismatches = so.mismatches;
        if (c.mismatches.empty()) {
          ++passed;
        } else {
          ++failed;
          c.failure_text = "expected: " + describe(step.expect) + "\ngot:      " + summarize(*so.engine, so.answer) + "\n";
          for (const auto& m : c.mismatches) c.failure_text += m + "\n";
          out << c.pos.file << ":" << c.pos.line << ":" << c.pos.col << ": expectation failed: step " << k + 1 << " \""
              << step.title << "\"" << (via.empty() ? "" : " on path " + via) << "\n";
          std::string indented;
          for (char ch : c.failure_text) indented += ch == '\n' ? std::string("\n  ") : std::string(1, ch);
          out << "  " << indented.substr(0, indented.size() - 2);
        }
        suite.cases.push_back(std::move(c));
      }
      if (paths->size() > 1)
        path_lines.push_back("  " + s->id + ", path " + path.name() + ": " + std::to_string(path.steps.size()) + " steps, " +
                             std::to_string(holding) + " of " + std::to_string(expectations) + " expectations hold");
    }
    for (const Path& path : *paths)
      for (const Option* o : path.choices)
        if (!options_tested.count(o)) untested.insert({o->loc.pos().file + ":" + std::to_string(o->loc.pos().line) + ": option '" + o->id + "'", o});
    suites.push_back(std::move(suite));
  }

  bool coverage_ok = true;
  if (o.coverage || o.min_coverage >= 0) {
    // Each dated version of a clause is a text of its own: it counts apart.
    const auto& clauses = engine->rules().clauses;
    std::vector<std::string> missing;
    for (const auto& c : clauses)
      if (!covered.count(coverage_key(c))) missing.push_back(coverage_key(c));
    const double pct = clauses.empty() ? 100.0 : 100.0 * static_cast<double>(clauses.size() - missing.size()) / static_cast<double>(clauses.size());
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f%%", pct);
    const bool versions = engine->rules().clause_count() != clauses.size();
    out << "coverage: " << clauses.size() - missing.size() << " of " << clauses.size()
        << (versions ? " clauses (dated versions counted apart)" : " clauses") << " applied in some step (" << buf << ")\n";
    for (const auto& m : missing) out << "  never applied: " << m << "\n";
    if (!options_seen.empty()) {
      out << "branches: " << options_seen.size() - untested.size() << " of " << options_seen.size()
          << " options lead to a step with an expectation\n";
      for (const auto& [where, option] : untested) out << "  untested: " << where << "\n";
    }
    if (o.min_coverage >= 0 && pct + 1e-9 < o.min_coverage) {
      out << "coverage " << buf << " is below the minimum of " << o.min_coverage << "%\n";
      coverage_ok = false;
    }
  }
  for (const auto& line : path_lines) out << line << "\n";
  if (!o.junit.empty()) write_junit(o.junit, suites, passed, failed);
  out << passed << " passed, " << failed << " failed\n";
  return ok && failed == 0 && coverage_ok ? kExitOk : kExitInput;
}

}  // namespace accord::internal
