// accord lint: every load and type error of the packs, then the exhaustive analysis.
#include <chrono>
#include <cstdio>
#include <ostream>

#include "analysis/lint.h"
#include "cli/cli.h"
#include "cli/commands.h"

namespace accord {

int cmd_lint(const LintOptions& o, std::ostream& out, std::ostream& err) {
  std::string dirs;
  auto engine = load_engine(o.rules, err, &dirs);
  if (!engine) return kExitInput;
  const auto start = std::chrono::steady_clock::now();
  Diagnostics findings;
  const LintStats stats = lint(*engine, today_utc(), findings);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::size_t warnings = 0, infos = 0;
  for (const auto& d : findings.items()) (d.severity == Severity::Warning ? warnings : infos)++;
  out << findings.str();
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f ms", ms);
  out << "lint: rules from " << dirs << ": " << engine->rules().clauses.size() << " clauses, " << warnings << " warnings, " << infos
      << " notes; " << stats.proposals << " representative proposals over " << stats.epochs << " date epochs in " << buf
      << (stats.truncated ? " (TRUNCATED: the enumeration hit its limit; findings are incomplete)" : "") << "\n";
  return (o.strict && warnings > 0) || stats.truncated ? kExitInput : kExitOk;
}

}  // namespace accord
