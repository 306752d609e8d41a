// accord lint: every load and type error of the packs, then the exhaustive analysis.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ostream>

#include "analysis/lint.h"
#include "cli/cli.h"
#include "cli/commands.h"

namespace accord::internal {

bool parse_time_limit(const std::string& text, double& seconds, std::ostream& err) {
  char* end = nullptr;
  seconds = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(seconds >= 0)) {
    err << "accord: error: --time-limit " << text << ": expected a number of seconds, 0 or more\n";
    return false;
  }
  return true;
}

int cmd_lint(const LintOptions& o, std::ostream& out, std::ostream& err) {
  LintLimits limits;
  if (!parse_time_limit(o.time_limit, limits.seconds, err)) return kExitUsage;
  std::string dirs;
  auto engine = load_engine(o.rules, err, &dirs);
  if (!engine) return kExitInput;
  const auto start = std::chrono::steady_clock::now();
  Diagnostics findings;
  const LintStats stats = lint(*engine, today_utc(), findings, limits, o.threads);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::size_t warnings = 0, infos = 0;
  for (const auto& d : findings.items()) (d.severity == Severity::Warning ? warnings : infos)++;
  out << findings.str();
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f ms", ms);
  out << "lint: rules from " << dirs << ": " << engine->rules().clause_count() << " clauses, " << warnings << " warnings, " << infos
      << " notes; " << stats.proposals << " representative proposals over " << stats.epochs << " date epochs in " << buf << "\n";
  // An analysis stopped early has not decided every proposal: never a pass, and the findings
  // that need them all (clauses that never apply, dead clauses, unused overrides) are not made.
  if (stats.stopped != LintStop::none) {
    err << "accord: error: lint stopped at its "
        << (stats.stopped == LintStop::time ? "time limit of " + o.time_limit + " s"
                                            : "limit of " + std::to_string(limits.max_proposals) + " proposals")
        << " before deciding every representative proposal; clauses that never apply, dead clauses and unused "
           "overrides were not looked for"
        << (stats.stopped == LintStop::time ? " (allow more time with --time-limit SECONDS)" : "") << "\n";
  }
  return (o.strict && warnings > 0) || stats.stopped != LintStop::none ? kExitInput : kExitOk;
}

}  // namespace accord::internal
