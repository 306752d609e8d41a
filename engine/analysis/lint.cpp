#include "analysis/lint.h"

#include <algorithm>
#include <bit>
#include <map>
#include <set>

#include "decide/decide.h"
#include "report/report.h"

namespace accord::internal {

namespace {

// The first proposal that showed something, and the slice of the enumeration it is in: of
// two threads' examples, the one from the earlier slice is the one a single thread would
// have met first.
struct Example {
  std::size_t slice = SIZE_MAX;  // SIZE_MAX: none yet
  Proposal proposal;
  std::int32_t by = -1;  // set aside: the clause that does it
  explicit operator bool() const { return slice != SIZE_MAX; }
  void keep_earlier(Example&& other) {
    if (other.slice < slice) *this = std::move(other);
  }
};

using ClausePair = std::pair<std::uint32_t, std::uint32_t>;

// What one thread saw.
struct Findings {
  std::vector<Example> applies, active, set_aside;
  std::map<ClausePair, Example> both_apply;  // (overrider, overridden)
  std::map<ClausePair, Example> conflicts;   // (prohibit, other)

  explicit Findings(std::size_t clauses) : applies(clauses), active(clauses), set_aside(clauses) {}

  void merge(Findings&& other) {
    for (std::size_t i = 0; i < applies.size(); ++i) {
      applies[i].keep_earlier(std::move(other.applies[i]));
      active[i].keep_earlier(std::move(other.active[i]));
      set_aside[i].keep_earlier(std::move(other.set_aside[i]));
    }
    for (auto [mine, theirs] : {std::pair{&both_apply, &other.both_apply}, std::pair{&conflicts, &other.conflicts}})
      for (auto& [key, example] : *theirs)
        if (auto [it, fresh] = mine->try_emplace(key, std::move(example)); !fresh) it->second.keep_earlier(std::move(example));
  }
};

void record(const Engine& e, std::size_t slice, const Proposal& p, const Decision& d, Findings& f) {
  const auto& rules = e.rules().clauses;
  auto note = [&](Example& x, std::int32_t by = -1) {
    if (!x) x = {slice, p, by};
  };
  for (const ClauseResult& r : d.clauses) {
    note(f.applies[r.clause]);
    if (r.status == ClauseStatus::SetAside) note(f.set_aside[r.clause], r.set_aside_by);
    else note(f.active[r.clause]);
  }
  for (const ClauseResult& r : d.clauses)
    for (auto by : e.clauses()[r.clause].overridden_by)
      if (std::any_of(d.clauses.begin(), d.clauses.end(), [&](const ClauseResult& x) { return x.clause == by; }))
        note(f.both_apply[{by, r.clause}]);
  for (const ClauseResult& a : d.clauses) {
    if (a.status != ClauseStatus::Prohibited) continue;
    for (const ClauseResult& b : d.clauses) {
      const Effect eff = rules[b.clause].readings[b.reading].outcome.effect;
      if (b.status == ClauseStatus::SetAside || (eff != Effect::Permit && eff != Effect::Consent)) continue;
      note(f.conflicts[{a.clause, b.clause}]);
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

LintStats lint(const Engine& e, Date today, Diagnostics& out, const LintLimits& limits, unsigned threads) {
  const Tables& t = e.tables();
  const RuleSet& rules = e.rules();
  const std::size_t n = rules.clauses.size();
  threads = std::max(1u, threads);
  // Each thread's own: cache-line aligned, so that two threads never write one line (a
  // Decision shared a line with its neighbour's, and two threads took twice the CPU of one).
  struct alignas(64) Own {
    explicit Own(std::size_t clauses) : seen(clauses) {}
    Findings seen;
    Decision decision;
  };
  std::vector<Own> own(threads, Own(n));
  const DecideOptions opts;
  const ProposalDomain domain(e);
  const LintStats stats = enumerate_in_slices(domain, limits, threads, [&](unsigned thread, std::size_t slice, const Proposal& p) {
    Own& o = own[thread];
    decide(e, p, opts, o.decision);
    record(e, slice, p, o.decision, o.seen);
  });
  Findings& f = own[0].seen;
  for (unsigned k = 1; k < threads; ++k) f.merge(std::move(own[k].seen));

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
      const Clause& by = rules.clauses[static_cast<std::size_t>(f.set_aside[i].by)];
      report(out, c, c.loc, "dead",
             named + " is dead: whenever it applies, '" + by.id + "' sets it aside; e.g. " +
                 replay_command(e, f.set_aside[i].proposal));
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
               ") both apply to the same proposal with no override between them; e.g. " +
               replay_command(e, example.proposal));
  }
  return stats;
}

}  // namespace accord::internal
