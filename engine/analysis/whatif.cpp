#include "analysis/whatif.h"

#include <algorithm>
#include <map>
#include <set>

#include "decide/domain.h"

namespace accord::internal {

namespace {

WhatIfOutcome outcome_of(const Engine& e, const Answer& a) { return {a.verdict(), headline(e, a)}; }

void set_position(Proposal& p, SymId who, Position to) {
  p.consented.reset(who);
  p.objected.reset(who);
  p.abstained.reset(who);
  if (to == Position::Consent) p.consented.set(who);
  if (to == Position::Object) p.objected.set(who);
  if (to == Position::Abstain) p.abstained.set(who);
}

Position position_of(const Proposal& p, SymId who) {
  if (p.consented.test(who)) return Position::Consent;
  if (p.objected.test(who)) return Position::Object;
  if (p.abstained.test(who)) return Position::Abstain;
  return Position::None;
}

// What tells two dates' answers apart: the verdict, and each applying clause with its status,
// the parties it asks and the parties it binds.
bool same_answer(const Answer& a, const Answer& b) {
  if (a.count != b.count || a.verdict() != b.verdict() || a.depends() != b.depends()) return false;
  for (std::size_t k = 0; k < a.count; ++k) {
    const Decision& x = a.cases[k].decision;
    const Decision& y = b.cases[k].decision;
    if (x.verdict != y.verdict || x.clauses.size() != y.clauses.size()) return false;
    for (std::size_t i = 0; i < x.clauses.size(); ++i) {
      const ClauseResult& r = x.clauses[i];
      const ClauseResult& s = y.clauses[i];
      if (r.clause != s.clause || r.status != s.status || !(r.required == s.required) || !(r.binds == s.binds)) return false;
    }
  }
  return true;
}


// What happens on each date: clause windows of the clauses that can apply to `action` (party
// kNone), membership and status changes in the organizations and instruments the rules name,
// and presences beginning or ending at sites (the party, and the site).
struct Event {
  SymId who = kNone;
  std::string text;    // "Russia becomes a party to X"
  std::string plural;  // events of several parties on one day share it: "become parties to X"
  SymId site = kNone;  // a presence: relevant only to a proposal about this site
};
using Events = std::map<Date, std::vector<Event>>;
Events events(const Engine& e, SymId action) {
  const Tables& t = e.tables();
  Events out;
  // Only the organizations and instruments named by the clauses that can apply to the action.
  const Mentions named = e.mentions_for(action);
  for (const Organization& o : e.rules().facts.organizations) {
    const auto org = t.parties.find(o.id);
    if (!org || !named.literal_parties.test(*org)) continue;
    for (const Membership& m : o.members) {
      const auto id = t.parties.find(m.party);
      if (!id) continue;
      const std::string who = party_word(t, *id);
      auto add = [&](Date d, const std::string& verb, const std::string& plural_verb) {
        out[d].push_back({*id, who + " " + verb + " " + o.id, plural_verb + " " + o.id, kNone});
      };
      for (const Interval& iv : m.intervals) {
        if (o.instrument) add(iv.from, "becomes a party to", "become parties to");
        else add(iv.from, "joins", "join");
        if (iv.to != kDateMax) {
          if (o.instrument) add(iv.to, "ceases to be a party to", "cease to be parties to");
          else add(iv.to, "leaves", "leave");
        }
        if (!iv.status.empty()) out[iv.since].push_back({*id, who + "'s membership of " + o.id + " becomes " + iv.status, {}, kNone});
      }
    }
  }
  for (const Site& s : e.rules().facts.sites)
    for (const Presence& pr : s.presences) {
      const auto id = t.parties.find(pr.party);
      const auto site = t.sites.find(s.id);
      if (!id || !site) continue;
      const std::string what = party_word(t, *id) + "'s presence at " + s.name;
      out[pr.from].push_back({*id, what + " begins", {}, *site});
      if (pr.to != kDateMax) out[pr.to].push_back({*id, what + " ends", {}, *site});
    }
  const auto& rules = e.rules().clauses;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const CompiledClause& c = e.clauses()[i];
    if (!c.actions.test(action)) continue;
    const bool replaces = rules[i].version_seq > 0;  // a dated version follows the one before it
    if (c.from != kDateMin)
      out[c.from].push_back({kNone, rules[i].cite + " takes effect" + (replaces ? ", replacing " + rules[i - 1].cite : ""),
                             {}, kNone});
    if (c.to != kDateMax && !e.rules().has_later_version(i)) out[c.to].push_back({kNone, rules[i].cite + " ceases to have effect", {}, kNone});
  }
  return out;
}

// The parties an answer involves: those asked, awaited or bound by its clauses.
Bits involved(const Answer& a) {
  Bits out;
  for (std::size_t k = 0; k < a.count; ++k)
    for (const ClauseResult& r : a.cases[k].decision.clauses) out |= r.required | r.binds;
  return out;
}

std::string swings(const Engine& e, const Proposal& p, const DecideOptions& opts, WhatIf& w) {
  const Tables& t = e.tables();
  const Verdict now = w.now.verdict();
  Proposal q = p;
  Answer a;
  for (SymId who = 1; who < t.parties.size(); ++who) {
    const Position was = position_of(p, who);
    for (Position to : {Position::Consent, Position::Object, Position::Abstain, Position::None}) {
      if (to == was) continue;
      set_position(q, who, to);
      if (auto err = decide_answer(e, q, opts, a); !err.empty()) return err;
      if (a.verdict() != now) w.swings.push_back({who, to, outcome_of(e, a)});
    }
    set_position(q, who, was);
  }
  // Every party still awaited taking the same position.
  for (std::size_t k = 0; k < w.now.count; ++k) w.awaited |= w.now.cases[k].decision.pending;
  if (!w.awaited.empty()) {
    for (Position to : {Position::Consent, Position::Abstain, Position::Object}) {
      q = p;
      w.awaited.for_each([&](unsigned who) { set_position(q, static_cast<SymId>(who), to); });
      if (auto err = decide_answer(e, q, opts, a); !err.empty()) return err;
      w.all_pending.emplace_back(to, outcome_of(e, a));
    }
  }
  return {};
}

// For each pending `majority` clause: how many of the awaited must consent to carry it, how
// many must object or abstain to block it, each checked by deciding with that many (and one
// fewer must not suffice).
std::string coalitions(const Engine& e, const Proposal& p, const DecideOptions& opts, WhatIf& w) {
  if (w.now.depends()) return {};
  const Decision& d = w.now.decision();
  Answer a;
  for (const ClauseResult& r : d.clauses) {
    if (r.status != ClauseStatus::Pending || e.clauses()[r.clause].readings[r.reading].rule != ConsentRule::Majority) continue;
    std::vector<SymId> awaited;
    r.pending.for_each([&](unsigned id) { awaited.push_back(static_cast<SymId>(id)); });
    // The smallest k whose first k awaited parties taking `to` settle the clause.
    auto smallest = [&](Position to, ClauseStatus settled, unsigned& k_out, WhatIfOutcome& outcome) -> std::string {
      Proposal q = p;
      for (unsigned k = 1; k <= awaited.size(); ++k) {
        set_position(q, awaited[k - 1], to);
        if (auto err = decide_answer(e, q, opts, a); !err.empty()) return err;
        for (const ClauseResult& x : a.decision().clauses)
          if (x.clause == r.clause && x.status == settled) {
            k_out = k;
            outcome = outcome_of(e, a);
            return {};
          }
      }
      return {};
    };
    Coalition c;
    c.clause = r.clause;
    c.among = r.pending;
    if (auto err = smallest(Position::Consent, ClauseStatus::Satisfied, c.carry, c.carried); !err.empty()) return err;
    if (auto err = smallest(Position::Object, ClauseStatus::Vetoed, c.block, c.blocked); !err.empty()) return err;
    w.coalitions.push_back(c);
  }
  return {};
}

std::string timeline(const Engine& e, const Proposal& p, const DecideOptions& opts, const WhatIfRange& range, WhatIf& w) {
  const Tables& t = e.tables();
  std::vector<Date> dates;
  for (Date d : boundary_dates(e)) if (d != date_from_ymd(1900, 1, 1)) dates.push_back(d);
  const Events all_events = events(e, p.action());
  // From the first thing that happens to what this action's clauses read (not from the oldest
  // date in the facts), unless asked otherwise.
  const Date first = !all_events.empty() ? all_events.begin()->first : dates.empty() ? p.date : dates.front();
  const Date from = range.from ? *range.from : std::min(first, p.date);
  const Date to = range.to ? *range.to : kDateMax;
  std::vector<Date> points = {from};
  for (Date d : dates) if (d > from && d < to) points.push_back(d);

  const Bits named = named_parties(t, p);
  SymId site = kNone;  // the proposal's site, if it names one: presences elsewhere do not matter
  for (const Field& f : t.fields)
    if (f.type == FieldType::Site && p.scalars[f.slot] > 0) site = static_cast<SymId>(p.scalars[f.slot]);
  Proposal q = p;
  Answer prev, cur;
  for (std::size_t i = 0; i < points.size(); ++i) {
    q.date = points[i];
    q.scalars[kDateSlot] = points[i];
    if (auto err = decide_answer(e, q, opts, cur); !err.empty()) return err;
    // What happens that day to the clauses, to the parties the proposal names, and, where the
    // answer changes, to the parties either answer asks or binds (another member joining
    // changes who is asked). Events that concern no one here are left out.
    const bool changed = i == 0 || !same_answer(prev, cur);
    Bits relevant = named;
    if (changed && i > 0) relevant |= involved(prev) | involved(cur);
    std::vector<std::string> happened;
    if (auto day = all_events.find(points[i]); day != all_events.end()) {
      std::vector<const Event*> shown;
      for (const Event& ev : day->second)
        if ((ev.who == kNone || relevant.test(ev.who)) && (ev.site == kNone || ev.site == site)) shown.push_back(&ev);
      // Several parties doing the same thing that day read as one event: "A and B join X".
      for (std::size_t k = 0; k < shown.size(); ++k) {
        if (!shown[k]) continue;
        std::vector<std::string> who = {party_word(t, shown[k]->who)};
        for (std::size_t j = k + 1; j < shown.size(); ++j)
          if (shown[j] && !shown[k]->plural.empty() && shown[j]->plural == shown[k]->plural) {
            who.push_back(party_word(t, shown[j]->who));
            shown[j] = nullptr;
          }
        std::sort(who.begin(), who.end());
        happened.push_back(who.size() == 1 ? shown[k]->text : join_words(who) + " " + shown[k]->plural);
      }
    }
    if (!changed && happened.empty()) continue;  // nothing this proposal depends on happens
    if (i > 0) {
      w.boundaries.push_back({points[i], std::move(happened)});
      w.timeline.back().to = points[i];
    }
    Segment s;
    s.from = points[i];
    s.to = to;
    s.outcome = outcome_of(e, cur);
    s.depends = cur.depends();
    if (!cur.depends())
      for (const ClauseResult& r : cur.decision().clauses)
        if (r.status != ClauseStatus::SetAside) s.deciding.push_back(r.clause);
    w.timeline.push_back(std::move(s));
    std::swap(prev, cur);
  }
  return {};
}

}  // namespace

std::string what_if(const Engine& e, const Proposal& p, const DecideOptions& opts, const WhatIfRange& range, WhatIf& w) {
  if (auto err = decide_answer(e, p, opts, w.now); !err.empty()) return err;
  if (auto err = swings(e, p, opts, w); !err.empty()) return err;
  if (auto err = coalitions(e, p, opts, w); !err.empty()) return err;
  return timeline(e, p, opts, range, w);
}

}  // namespace accord::internal
