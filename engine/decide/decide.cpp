#include "decide/decide.h"

#include <algorithm>

#include "core/diagnostics.h"
#include "core/unreachable.h"
#include "eval/evaluator.h"

namespace accord::internal {

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::Permitted: return "permitted";
    case Verdict::NeedsConsent: return "needs_consent";
    case Verdict::Vetoed: return "vetoed";
    case Verdict::Prohibited: return "prohibited";
  }
  return "permitted";
}

const char* clause_status_name(ClauseStatus s) {
  switch (s) {
    case ClauseStatus::Permitted: return "permitted";
    case ClauseStatus::Satisfied: return "satisfied";
    case ClauseStatus::Pending: return "pending";
    case ClauseStatus::Vetoed: return "vetoed";
    case ClauseStatus::Prohibited: return "prohibited";
    case ClauseStatus::Obligation: return "obligation";
    case ClauseStatus::SetAside: return "set_aside";
    case ClauseStatus::Noted: return "noted";
  }
  return "permitted";
}

static Verdict verdict_of(ClauseStatus s) {
  switch (s) {
    case ClauseStatus::Prohibited: return Verdict::Prohibited;
    case ClauseStatus::Vetoed: return Verdict::Vetoed;
    case ClauseStatus::Pending: return Verdict::NeedsConsent;
    case ClauseStatus::Noted: case ClauseStatus::Obligation: case ClauseStatus::Permitted:
    case ClauseStatus::Satisfied: case ClauseStatus::SetAside: return Verdict::Permitted;
  }
  unreachable("verdict_of: a status outside ClauseStatus");
}

// The sets of a consent clause from r.required and the stated positions, over the first
// `words` words of each set: every party id is below the number of parties, so the words
// above are zero in every set decide() reads and stay zero in every set it writes (a
// Decision reused with a larger engine first widens `words` to cover what it wrote before).
static ClauseStatus consent_in_place(ConsentRule rule, const Stances& p, ClauseResult& r, unsigned words) {
  std::uint64_t any_required = 0, any_objected = 0, any_pending = 0, any_consented = 0;
  for (unsigned k = 0; k < words; ++k) {
    const std::uint64_t req = r.required.w[k], yes = p.consented->w[k], no = p.objected->w[k], abs = p.abstained->w[k];
    const std::uint64_t objected = req & no, pending = req & ~(yes | no | abs);
    r.consented.w[k] = req & yes;
    r.objected.w[k] = objected;
    r.abstained.w[k] = req & abs;
    r.pending.w[k] = pending;
    r.blocking.w[k] = objected;
    any_required |= req;
    any_objected |= objected;
    any_pending |= pending;
    any_consented |= req & yes;
  }
  if (!any_required) return ClauseStatus::Satisfied;  // nobody to ask
  // Emptiness tests where they suffice; counting only for majority.
  const bool objection = any_objected != 0, open = any_pending != 0;
  auto add_abstained = [&](Bits& b) { for (unsigned k = 0; k < words; ++k) b.w[k] |= r.abstained.w[k]; };
  switch (rule) {
    case ConsentRule::Unanimous:
      // Abstaining is not consenting: the abstainer is still needed.
      add_abstained(r.pending);
      if (objection) return ClauseStatus::Vetoed;
      return r.pending.empty() ? ClauseStatus::Satisfied : ClauseStatus::Pending;
    case ConsentRule::NoObjection:
      if (objection) return ClauseStatus::Vetoed;
      return open ? ClauseStatus::Pending : ClauseStatus::Satisfied;
    case ConsentRule::Majority: {
      const unsigned n = r.required.count(), yes = r.consented.count(), waiting = r.pending.count();
      if (2 * yes > n) return ClauseStatus::Satisfied;
      if (2 * (yes + waiting) <= n) {
        // Lost: those who objected or abstained together blocked it.
        add_abstained(r.blocking);
        return ClauseStatus::Vetoed;
      }
      return ClauseStatus::Pending;
    }
    case ConsentRule::Any:
      if (any_consented) return ClauseStatus::Satisfied;
      if (open) return ClauseStatus::Pending;
      add_abstained(r.blocking);
      return ClauseStatus::Vetoed;
    case ConsentRule::Consult:
      return open ? ClauseStatus::Pending : ClauseStatus::Satisfied;
  }
  return ClauseStatus::Pending;
}

ClauseStatus consent_status(ConsentRule rule, const Bits& required, const Stances& p, ClauseResult& r) {
  r.required = required;
  return consent_in_place(rule, p, r, Bits::kWords);
}

// A reused result slot still holds the sets of the decision it last served: every set the
// outcome does not write is cleared, since the summary reads `required` and `binds` of every
// applying clause (a batch line once counted the parties a previous line's clause asked).
static void clear_consent_sets(ClauseResult& r) {
  for (Bits* b : {&r.required, &r.consented, &r.objected, &r.abstained, &r.pending, &r.blocking}) b->clear();
}

static ClauseStatus outcome_status(const CompiledOutcome& o, Evaluator& ev, const Stances& p,
                                   ClauseResult& r, unsigned words) {
  if (o.effect != Effect::Consent) clear_consent_sets(r);
  if (o.effect != Effect::Obligation) r.binds.clear();
  switch (o.effect) {
    case Effect::Permit: return ClauseStatus::Permitted;
    case Effect::Note: return ClauseStatus::Noted;
    case Effect::Prohibit: return ClauseStatus::Prohibited;
    case Effect::Obligation:
      if (o.binds != kNoNode) ev.set(o.binds, r.binds);
      else r.binds.clear();
      return ClauseStatus::Obligation;
    case Effect::Consent:
      ev.set(o.from, r.required);
      return consent_in_place(o.rule, p, r, words);
  }
  unreachable("outcome_status: an effect outside Effect");
}

// The decision of `n` clause results, with the result at `skip` replaced by `with`.
static Verdict combine(const ClauseResult* rs, std::size_t n, std::size_t skip, Verdict with) {
  Verdict v = with;
  for (std::size_t i = 0; i < n; ++i)
    if (i != skip) v = std::max(v, verdict_of(rs[i].status));
  return v;
}

// Decision::scratch entries: a clause that does not apply, one that does, or (>= 0) the index
// of the clause that sets it aside.
constexpr std::int32_t kNotApplying = -2, kActive = -1;

void decide(const Engine& engine, const Proposal& p, const DecideOptions& opts, Decision& out) {
  out.as_of = p.date;
  std::size_t used = 0;  // out.clauses slots are reused: a ClauseResult is ~0.5 KB of bitsets
  out.prohibited_by.clear();
  out.obligations.clear();
  out.forks.clear();
  out.vetoed_by.clear();
  out.pending.clear();

  const auto& clauses = engine.clauses();
  // The words of a party set that can be non-zero (consent_in_place), for this engine and any
  // engine `out` served before.
  out.words = std::max<std::uint8_t>(out.words, static_cast<std::uint8_t>((engine.tables().parties.size() + 63) / 64));
  const unsigned words = out.words;
  const Stances stances{&p.consented, &p.objected, &p.abstained};
  Evaluator ev(engine.program(), engine.tables(), p);
  // state[i]: kNotApplying, kActive, or the index of the clause that sets i aside. Clauses
  // are visited overriders first, so an overrider's state is final when it is consulted.
  // Between calls every entry is kNotApplying: the entries this call sets are put back at
  // the end, so a decision costs the clauses of its action, not every clause.
  auto& state = out.scratch;
  const SymId action = p.action();
  const auto candidates = engine.order_for(action);  // the clauses that can apply to this action
  // The slots are counted once: a vector's size() divides by the element's size, and a
  // ClauseResult's is not a power of two.
  std::size_t slots = out.clauses.size();
  if (state.size() < clauses.size()) state.resize(clauses.size(), kNotApplying);
  for (const std::uint32_t i : candidates) {
    const CompiledClause& c = clauses[i];
    if (!(c.from <= p.date && p.date < c.to && (c.test == kNoNode || ev.holds(c.test)))) continue;
    state[i] = kActive;
    for (auto by : c.overridden_by)
      if (state[by] == kActive) { state[i] = static_cast<std::int32_t>(by); break; }
  }
  // Results in rule order (stable, readable output).
  for (const std::uint32_t i : engine.clauses_for(action)) {
    if (state[i] == kNotApplying) continue;
    if (used == slots) out.clauses.emplace_back(), ++slots;
    ClauseResult& r = out.clauses[used++];
    r.clause = i;
    r.set_aside_by = -1;
    const std::int16_t choice = i < opts.readings.size() ? opts.readings[i] : -1;
    r.reading = choice >= 0 ? static_cast<std::uint8_t>(choice) : clauses[i].default_reading;
    if (state[i] >= 0) {
      r.status = ClauseStatus::SetAside;
      r.set_aside_by = state[i];
      clear_consent_sets(r);
      r.binds.clear();
    } else {
      r.status = outcome_status(clauses[i].readings[r.reading], ev, stances, r, words);
    }
    state[i] = kNotApplying;
  }
  out.clauses.resize(used);  // shrinking never constructs
  const ClauseResult* results = out.clauses.data();
  out.verdict = Verdict::Permitted;
  for (std::size_t k = 0; k < used; ++k) {
    const ClauseResult& r = results[k];
    out.verdict = std::max(out.verdict, verdict_of(r.status));
    switch (r.status) {
      case ClauseStatus::Prohibited: out.prohibited_by.push_back(r.clause); break;
      case ClauseStatus::Vetoed:
        for (unsigned w = 0; w < words; ++w) out.vetoed_by.w[w] |= r.blocking.w[w], out.pending.w[w] |= r.pending.w[w];
        break;
      case ClauseStatus::Pending:
        for (unsigned w = 0; w < words; ++w) out.pending.w[w] |= r.pending.w[w];
        break;
      case ClauseStatus::Obligation: out.obligations.push_back(static_cast<std::uint32_t>(k)); break;
      case ClauseStatus::Noted: case ClauseStatus::Permitted: case ClauseStatus::Satisfied:
      case ClauseStatus::SetAside: break;
    }
  }

  // Contested readings: would another reading of an applying clause change the decision,
  // now or once the parties it still waits for object?
  for (std::size_t k = 0; k < used; ++k) {
    const ClauseResult& r = results[k];
    const CompiledClause& c = clauses[r.clause];
    if (c.readings.size() < 2 || r.status == ClauseStatus::SetAside) continue;
    const Bits objected_or_pending = p.objected | r.pending;
    Stances worst = stances;
    worst.objected = &objected_or_pending;
    ClauseResult tmp;
    const Verdict used_worst = combine(results, used, k, verdict_of(outcome_status(c.readings[r.reading], ev, worst, tmp, words)));
    for (std::size_t alt = 0; alt < c.readings.size(); ++alt) {
      if (alt == r.reading) continue;
      ReadingFork f{r.clause, static_cast<std::uint8_t>(alt), {}, {}, used_worst, {}};
      f.verdict = combine(results, used, k, verdict_of(outcome_status(c.readings[alt], ev, stances, tmp, words)));
      f.alt_verdict_if_objecting = combine(results, used, k, verdict_of(outcome_status(c.readings[alt], ev, worst, tmp, words)));
      if (f.alt_verdict_if_objecting != used_worst) f.if_objecting = r.pending;
      if (f.verdict != out.verdict || !f.if_objecting.empty()) out.forks.push_back(f);
    }
  }
}

std::string resolve_reading(const Engine& e, const std::string& spec, DecideOptions& opts) {
  if (opts.readings.size() != e.clauses().size()) opts.readings.assign(e.clauses().size(), -1);
  const auto eq = spec.find('=');
  if (eq == std::string::npos) return "expected CLAUSE_ID=READING";
  const std::string id = spec.substr(0, eq), name = spec.substr(eq + 1);
  const auto versions = e.clause_versions(id);
  std::vector<std::string> names;
  if (versions.empty()) {
    for (const auto& c : e.rules().clauses) if (c.readings.size() > 1) names.push_back(c.id);
    return with_suggestion("no clause '" + id + "' with readings", id, names);
  }
  bool found = false;  // a reading of any of the clause's dated versions
  for (std::size_t ci : versions) {
    const Clause& c = e.rules().clauses[ci];
    for (std::size_t r = 0; r < c.readings.size(); ++r) {
      names.push_back(c.readings[r].name);
      if (c.readings[r].name == name && !name.empty()) {
        opts.readings[ci] = static_cast<std::int16_t>(r);
        found = true;
      }
    }
  }
  if (found) return {};
  return with_suggestion("clause '" + id + "' has no reading '" + name + "'", name, names);
}

}  // namespace accord::internal
