#include "analysis/lint.h"

#include <algorithm>
#include <bit>
#include <map>
#include <optional>
#include <set>

#include "decide/decide.h"
#include "report/report.h"

namespace accord::internal {

namespace {

struct Findings {
  std::vector<std::optional<Proposal>> applies, active, set_aside;
  std::vector<std::int32_t> set_aside_by;
  std::map<std::pair<std::uint32_t, std::uint32_t>, Proposal> both_apply;  // (overrider, overridden)
  std::map<std::pair<std::uint32_t, std::uint32_t>, Proposal> conflicts;   // (prohibit, other)
};

void record(const Engine& e, const Proposal& p, const Decision& d, Findings& f) {
  const auto& rules = e.rules().clauses;
  for (const ClauseResult& r : d.clauses) {
    if (!f.applies[r.clause]) f.applies[r.clause] = p;
    if (r.status == ClauseStatus::SetAside) {
      if (!f.set_aside[r.clause]) f.set_aside[r.clause] = p, f.set_aside_by[r.clause] = r.set_aside_by;
    } else if (!f.active[r.clause]) {
      f.active[r.clause] = p;
    }
  }
  for (const ClauseResult& r : d.clauses)
    for (auto by : e.clauses()[r.clause].overridden_by)
      if (std::any_of(d.clauses.begin(), d.clauses.end(), [&](const ClauseResult& x) { return x.clause == by; }))
        f.both_apply.emplace(std::make_pair(by, r.clause), p);
  for (const ClauseResult& a : d.clauses) {
    if (a.status != ClauseStatus::Prohibited) continue;
    for (const ClauseResult& b : d.clauses) {
      const Effect eff = rules[b.clause].readings[b.reading].outcome.effect;
      if (b.status == ClauseStatus::SetAside || (eff != Effect::Permit && eff != Effect::Consent)) continue;
      f.conflicts.emplace(std::make_pair(a.clause, b.clause), p);
    }
  }
}

bool allowed(const Clause& c, const char* kind) {
  return std::find(c.lint_allow.begin(), c.lint_allow.end(), kind) != c.lint_allow.end();
}

void report(Diagnostics& out, const Clause& c, const Loc& at, const char* kind, std::string message) {
  const bool ok = allowed(c, kind);
  if (ok) message += " [allowed by lint_allow: " + std::string(kind) + "; see the clause's notes]";
  Diagnostic d{ok ? Severity::Info : Severity::Warning, at.pos(), std::move(message), {}};
  d.source_line = std::string(at.file->line_text(d.pos.line));
  out.add(std::move(d));
}

}  // namespace

LintStats lint(const Engine& e, Date today, Diagnostics& out, const LintLimits& limits) {
  const Tables& t = e.tables();
  const RuleSet& rules = e.rules();
  const std::size_t n = rules.clauses.size();
  Findings f;
  f.applies.resize(n);
  f.active.resize(n);
  f.set_aside.resize(n);
  f.set_aside_by.assign(n, -1);

  Decision d;
  const DecideOptions opts;
  const ProposalDomain domain(e);
  const LintStats stats = enumerate(domain, limits, [&](const Proposal& p) {
    decide(e, p, opts, d);
    record(e, p, d, f);
  });

  // "Never", "whenever" and "no proposal" claims need every proposal decided: an enumeration
  // stopped early reports only what it saw happen (conflicts, each with its example).
  const bool complete = stats.stopped == LintStop::none;
  for (std::size_t i = 0; i < n; ++i) {
    const Clause& c = rules.clauses[i];
    const std::string named = "clause '" + c.id + "'" + (c.version.empty() ? "" : " (" + c.version + ")");
    const Loc when = c.when.loc(0);
    if (!complete) {
    } else if (!f.applies[i]) {
      // A common cause, named: the condition reads a field that no action it covers takes.
      const CompiledClause& cc = e.clauses()[i];
      std::uint64_t allowed = 0;
      std::string actions;
      cc.actions.for_each([&](unsigned a) {
        allowed |= t.action_allowed[a];
        actions += (actions.empty() ? "" : ", ") + t.strings.name(static_cast<SymId>(a));
      });
      std::string cause;
      if (const std::uint64_t missing = cc.reads & ~allowed; missing != 0 && !actions.empty())
        cause = " (it reads '" + t.fields[static_cast<std::size_t>(std::countr_zero(missing))].name +
                "', a field that " + actions + " does not take)";
      report(out, c, when, "never_applies",
             named + " can never apply: no action, party, site or date (while it is in force) makes its condition hold" + cause);
    } else if (!f.active[i]) {
      const Clause& by = rules.clauses[static_cast<std::size_t>(f.set_aside_by[i])];
      report(out, c, c.loc, "dead",
             named + " is dead: whenever it applies, '" + by.id + "' sets it aside; e.g. " +
                 replay_command(e, *f.set_aside[i]));
    }
    for (std::size_t k = 0; k < c.overrides.size(); ++k) {
      const auto targets = e.clause_versions(c.overrides[k]);
      const bool used = std::any_of(targets.begin(), targets.end(), [&](std::size_t t) {
        return f.both_apply.count({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(t)}) > 0;
      });
      if (complete && !targets.empty() && !used)
        report(out, c, c.override_locs[k], "override_unused",
               "'" + c.id + "' overrides '" + c.overrides[k] + "', but no proposal makes both apply: the override never matters");
    }
    if (c.effective_to != kDateMax && c.effective_to <= today && !rules.has_later_version(i)) {
      Diagnostic d{Severity::Info, c.loc.pos(),
                   "clause '" + c.id + "' is no longer in force (its window ended on " + format_date(c.effective_to) + ")", {}};
      out.add(std::move(d));
    }
    for (auto [key, value] : {std::pair{"cite", &c.cite}, {"text", &c.text}, {"source", &c.source}})
      if (value->empty())
        out.add({Severity::Warning, c.loc.pos(), named + " has no '" + key + "'", std::string(c.loc.file->line_text(c.loc.pos().line))});
    if (!c.lint_allow.empty() && c.notes.empty())
      out.add({Severity::Warning, c.lint_allow_loc.pos(), "clause '" + c.id + "' allows lint findings without a 'notes' line saying why",
               std::string(c.lint_allow_loc.file->line_text(c.lint_allow_loc.pos().line))});
  }
  for (const auto& [pair, example] : f.conflicts) {
    const Clause& a = rules.clauses[pair.first];
    const Clause& b = rules.clauses[pair.second];
    const Clause& owner = allowed(b, "conflict") ? b : a;
    report(out, owner, a.loc, "conflict",
           "'" + a.id + "' (prohibit) and '" + b.id + "' (" + effect_name(b.readings[b.default_reading].outcome.effect) +
               ") both apply to the same proposal with no override between them; e.g. " + replay_command(e, example));
  }
  return stats;
}

}  // namespace accord::internal
