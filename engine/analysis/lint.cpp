#include "analysis/lint.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <map>
#include <optional>
#include <set>

#include "decide/decide.h"
#include "decide/domain.h"
#include "load/proposal_builder.h"
#include "report/report.h"

namespace accord::internal {

namespace {

struct Value {
  bool present = false;
  std::int64_t scalar = 0;
  Bits set;
};

// The values a field takes in the enumeration on one date.
// One site per class on `date`: sites that no literal names differ for the rules only by the
// attributes the rules read (state, kind, name) and by who is present there on the date.
std::vector<SymId> site_representatives(const Tables& t, const Mentions& m, Date date) {
  std::set<std::vector<std::int64_t>> seen;
  std::vector<SymId> out;
  for (SymId s = 1; s < t.sites.size(); ++s) {
    std::vector<std::int64_t> sig = {m.literal_sites.test(s) ? s : 0};
    if (m.site_attrs.count("state")) sig.push_back(t.site_state[s]);
    if (m.site_attrs.count("kind")) sig.push_back(t.site_kind[s]);
    if (m.site_attrs.count("name")) sig.push_back(s);
    std::vector<std::int64_t> present;
    for (const SitePresence& pr : t.presences[s])
      if (pr.from <= date && date < pr.to) present.push_back(pr.party);
    std::sort(present.begin(), present.end());
    sig.insert(sig.end(), present.begin(), present.end());
    if (seen.insert(sig).second) out.push_back(s);
  }
  return out;
}

// GCC 12 reports a bogus -Wstringop-overflow in std::vector<Value>::push_back inlined here
// (GCC bug 106199); the vector only ever grows through push_back.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#endif
std::vector<Value> field_values(const Tables& t, const Field& f, bool required, bool read,
                                const std::vector<SymId>& reps, const std::vector<SymId>& sites,
                                const std::vector<Date>& dates, const Mentions& m) {
  std::vector<Value> out;
  auto add = [&](std::int64_t v) { out.push_back({true, v, {}}); };
  if (!read) {
    // No clause reads this field: its value cannot change any decision.
    if (required) {
      if (f.type == FieldType::Party) add(reps.empty() ? 0 : reps.front());
      else if (f.type == FieldType::Site) add(t.sites.size() > 1 ? 1 : 0);
      else if (f.type == FieldType::String) add(t.domains[f.domain].values.empty() ? 0 : t.domains[f.domain].values.front());
      else if (f.type == FieldType::Parties) out.push_back({true, 0, {}});
      else add(0);
    } else {
      out.push_back({});
    }
    return out;
  }
  if (!required) out.push_back({});
  switch (f.type) {
    case FieldType::Party: for (SymId p : reps) add(p); break;
    case FieldType::Site: for (SymId s : sites) add(s); break;
    case FieldType::Bool: add(0); add(1); break;
    case FieldType::String: for (SymId s : t.domains[f.domain].values) add(s); break;
    case FieldType::Int:
      add(0);
      for (auto v : m.ints) add(v - 1), add(v), add(v + 1);
      break;
    case FieldType::Date: for (Date d : dates) add(d); break;
    case FieldType::Parties: {
      Value empty{true, 0, {}}, all{true, 0, {}};
      out.push_back(empty);
      for (SymId p : reps) {
        Value one{true, 0, {}};
        one.set.set(p);
        all.set.set(p);
        out.push_back(one);
      }
      out.push_back(all);
      break;
    }
  }
  return out;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

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
  const std::vector<Date> dates = boundary_dates(e);
  LintStats stats;
  stats.epochs = dates.size();
  Findings f;
  f.applies.resize(n);
  f.active.resize(n);
  f.set_aside.resize(n);
  f.set_aside_by.assign(n, -1);

  const ProposalBuilder builder(t);
  Proposal p;
  Decision d;
  const DecideOptions opts;
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(std::min(limits.seconds, 1e9)));
  for (SymId action : t.domains[kActionDomain].values) {
    // What the clauses that can apply to this action observe: only that tells its proposals apart.
    const Mentions m = e.mentions_for(action);
    // A field matters when such a clause reads it (or names it in present_since(), where an
    // absent value counts as none).
    auto reads = [&](std::size_t fi) { return (e.fields_observed_for(action) >> fi & 1) != 0; };
    // Representatives per class: as many as the party fields the action reads (at least 2).
    int per_class = 2, party_fields = 0;
    for (std::size_t fi = 2; fi < t.fields.size(); ++fi)
      if ((t.action_allowed[action] >> fi & 1) && t.fields[fi].type == FieldType::Party && reads(fi)) ++party_fields;
    per_class = std::max(per_class, party_fields);
    for (Date date : dates) {
      const std::vector<SymId> reps = party_representatives(e, m, date, per_class);
      const std::vector<SymId> sites = site_representatives(t, m, date);
      // The fields this action takes, each with its candidate values.
      std::vector<const Field*> fields;
      std::vector<std::vector<Value>> values;
      for (std::size_t fi = 2; fi < t.fields.size(); ++fi) {
        if (!(t.action_allowed[action] >> fi & 1)) continue;
        const Field& fd = t.fields[fi];
        fields.push_back(&fd);
        values.push_back(field_values(t, fd, t.action_required[action] >> fi & 1, reads(fi), reps, sites, dates, m));
      }
      std::vector<std::size_t> pick(fields.size(), 0);
      while (true) {
        builder.reset(p);
        p.scalars[kActionSlot] = action;
        p.scalars[kDateSlot] = date;
        p.date = date;
        p.has_date = true;
        p.present = 0b11;
        Bits stance_parties = m.position_literals;
        for (std::size_t k = 0; k < fields.size(); ++k) {
          const Value& v = values[k][pick[k]];
          if (!v.present) continue;
          const Field& fd = *fields[k];
          if (fd.type == FieldType::Parties) p.sets[fd.slot] = v.set;
          else p.scalars[fd.slot] = v.scalar;
          p.present |= std::uint64_t{1} << (&fd - t.fields.data());
          if (m.position_fields.count(fd.name) && v.scalar > 0) stance_parties.set(static_cast<unsigned>(v.scalar));
        }
        // Every combination of stances of the parties whose position a clause asks for.
        std::vector<unsigned> who;
        stance_parties.for_each([&](unsigned id) { who.push_back(id); });
        // position() of something else (a quantified variable, site.state): everybody else
        // takes one uniform stance, in turn each of the four (an approximation; see
        // docs/analysis.md).
        std::size_t combos = m.position_other ? 4 : 1;
        for (std::size_t k = 0; k < who.size(); ++k) combos *= 4;
        Bits everyone;
        if (m.position_other)
          for (SymId q = 1; q < t.parties.size(); ++q) everyone.set(q);
        for (std::size_t c = 0; c < combos; ++c) {
          p.consented.clear();
          p.objected.clear();
          p.abstained.clear();
          std::size_t code = c;
          if (m.position_other) {
            switch (code % 4) {
              case 1: p.consented = everyone; break;
              case 2: p.objected = everyone; break;
              case 3: p.abstained = everyone; break;
              default: break;
            }
            code /= 4;
          }
          for (unsigned id : who) {
            p.consented.reset(id);
            p.objected.reset(id);
            p.abstained.reset(id);
            switch (code % 4) {
              case 1: p.consented.set(id); break;
              case 2: p.objected.set(id); break;
              case 3: p.abstained.set(id); break;
              default: break;
            }
            code /= 4;
          }
          decide(e, p, opts, d);
          record(e, p, d, f);
          if (++stats.proposals >= limits.max_proposals) stats.stopped = LintStop::proposals;
          else if (stats.proposals % 4096 == 0 && std::chrono::steady_clock::now() > deadline) stats.stopped = LintStop::time;
          if (stats.stopped != LintStop::none) break;
        }
        if (stats.stopped != LintStop::none) break;
        std::size_t k = 0;
        while (k < pick.size() && ++pick[k] == values[k].size()) pick[k++] = 0;
        if (k == pick.size()) break;
      }
      if (stats.stopped != LintStop::none) break;
    }
    if (stats.stopped != LintStop::none) break;
  }

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
