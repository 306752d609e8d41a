// accord diff: two decisions compared clause by clause, and their differences in words.
#include "analysis/rule_diff_compare.h"

#include <algorithm>

#include "report/summary.h"

namespace accord::internal {

Bits map_bits(const Bits& b, const std::vector<SymId>& m) {
  Bits out;
  b.for_each([&](unsigned i) {
    if (i < m.size() && m[i] != kNone) out.set(m[i]);
  });
  return out;
}

namespace {

// A consent rule in words: "no objection", "consultation".
const char* rule_words(ConsentRule r) {
  switch (r) {
    case ConsentRule::Unanimous: return "consent of all";
    case ConsentRule::NoObjection: return "no objection";
    case ConsentRule::Majority: return "consent of a majority";
    case ConsentRule::Any: return "consent of any one";
    case ConsentRule::Consult: return "consultation";
  }
  return "";
}

// A status that a consent rule gives: the clause asks some parties.
bool asks_consent(ClauseStatus s) {
  return s == ClauseStatus::Satisfied || s == ClauseStatus::Pending || s == ClauseStatus::Vetoed;
}

// What a consent rule asks, on two scales: whose consent it needs (0 no one's, 1 one, 2 a
// majority, 3 every one) and who can block (0 no one, 1 enough objections, 2 any one).
int consent_needed(ConsentRule r) {
  switch (r) {
    case ConsentRule::Unanimous: return 3;
    case ConsentRule::Majority: return 2;
    case ConsentRule::Any: return 1;
    case ConsentRule::NoObjection:
    case ConsentRule::Consult: return 0;
  }
  return 0;
}
int who_blocks(ConsentRule r) {
  switch (r) {
    case ConsentRule::Unanimous:
    case ConsentRule::NoObjection: return 2;
    case ConsentRule::Majority: return 1;
    case ConsentRule::Any:
    case ConsentRule::Consult: return 0;
  }
  return 0;
}

// What a change of consent rule means for the parties asked: "none of them can block it any
// more" (no objection -> consultation), "it needs the consent of every one of them instead of
// no one's consent; any one of them can still block it" (no objection -> unanimous).
std::string rule_consequence(ConsentRule before, ConsentRule after) {
  static const char* const kNeed[] = {"no one's consent", "the consent of one of them", "the consent of a majority of them",
                                      "the consent of every one of them"};
  static const char* const kBlockNow[] = {"none of them can block it any more", "enough objections can now block it",
                                          "any one of them can now block it"};
  static const char* const kBlockStill[] = {"none of them can block it", "enough objections can still block it",
                                            "any one of them can still block it"};
  const int na = consent_needed(before), nb = consent_needed(after), ba = who_blocks(before), bb = who_blocks(after);
  std::string s;
  if (na != nb) s = std::string("it needs ") + kNeed[nb] + " instead of " + kNeed[na] + "; ";
  s += ba != bb ? kBlockNow[bb] : kBlockStill[bb];
  return s;
}

}  // namespace

DecisionComparer::DecisionComparer(const Engine& older, const Engine& newer, const DiffIdMaps& ids)
    : eo(older), en(newer), maps(ids) {}

const Outcome& DecisionComparer::outcome(const Engine& e, const ClauseResult& r) const {
  return e.rules().clauses[r.clause].readings[r.reading].outcome;
}
const std::string& DecisionComparer::reading_name(const Engine& e, const ClauseResult& r) const {
  return e.rules().clauses[r.clause].readings[r.reading].name;
}
Bits DecisionComparer::to_new(const Bits& b) const { return maps.same_parties ? b : map_bits(b, maps.party_back); }
std::int64_t DecisionComparer::set_aside_new(const ClauseResult& r) const {
  return r.set_aside_by < 0 ? -1 : maps.clause_back[static_cast<std::size_t>(r.set_aside_by)];
}

bool DecisionComparer::same_clause(const ClauseResult& n, const ClauseResult& o) const {
  // A clause set aside decides nothing: which reading it would have used does not matter.
  if (n.status == ClauseStatus::SetAside || o.status == ClauseStatus::SetAside)
    return n.status == o.status && n.set_aside_by == set_aside_new(o);
  return n.status == o.status && outcome(en, n).effect == outcome(eo, o).effect && outcome(en, n).rule == outcome(eo, o).rule &&
         reading_name(en, n) == reading_name(eo, o) && n.required == to_new(o.required) && n.binds == to_new(o.binds) &&
         n.blocking == to_new(o.blocking) && n.pending == to_new(o.pending) && n.set_aside_by == set_aside_new(o);
}

const ClauseResult* DecisionComparer::match(const Decision& d, std::int64_t new_clause, const Engine& side) const {
  for (const ClauseResult& r : d.clauses) {
    const std::int64_t k = &side == &en ? static_cast<std::int64_t>(r.clause) : maps.clause_back[r.clause];
    if (k == new_clause) return &r;
  }
  return nullptr;
}

bool DecisionComparer::same(const Decision& n, const Decision& o) const {
  if (n.verdict != o.verdict || n.clauses.size() != o.clauses.size()) return false;
  if (n.vetoed_by != to_new(o.vetoed_by) || n.pending != to_new(o.pending)) return false;
  for (const ClauseResult& r : n.clauses) {
    const ClauseResult* x = match(o, r.clause, eo);
    if (!x || !same_clause(r, *x)) return false;
  }
  return true;
}

// The part a clause plays in a decision, in words that do not depend on which
// representative was tried (no counts, no lists): "pending, no objection".
std::string DecisionComparer::words(const Engine& e, const ClauseResult& r, const std::string& other_reading) const {
  const Outcome& out = outcome(e, r);
  const std::string& reading = reading_name(e, r);
  std::string s;
  switch (r.status) {
    case ClauseStatus::Permitted: s = "permits"; break;
    case ClauseStatus::Satisfied: s = std::string("satisfied, ") + rule_words(out.rule); break;
    case ClauseStatus::Pending: s = std::string("pending, ") + rule_words(out.rule); break;
    case ClauseStatus::Vetoed: s = std::string("vetoes, ") + rule_words(out.rule); break;
    case ClauseStatus::Prohibited: s = "prohibits"; break;
    case ClauseStatus::Obligation: s = "obligation"; break;
    case ClauseStatus::SetAside: s = "set aside by " + e.rules().clauses[static_cast<std::size_t>(r.set_aside_by)].cite; break;
    case ClauseStatus::Noted: s = "a note"; break;
  }
  // The reading, when it is not the same on both sides (and matters: not when set aside).
  if (!reading.empty() && reading != other_reading && r.status != ClauseStatus::SetAside) s += " (reading '" + reading + "')";
  return s;
}

// "; also Uzbekistan (UZB); no longer Georgia (GEO)" for a set of parties that changed.
std::string DecisionComparer::set_change(const Bits& n, const Bits& o_new, const char* what) const {
  const Tables& t = en.tables();
  std::string s;
  if (const Bits added = n - o_new; !added.empty()) s += std::string("; now also ") + what + " " + party_labels(t, added);
  if (const Bits gone = o_new - n; !gone.empty()) s += std::string("; no longer ") + what + " " + party_labels(t, gone);
  return s;
}

// One line per clause whose part changed, in NEW's rule order then OLD's clauses NEW lacks.
std::vector<std::string> DecisionComparer::changes(const Decision& n, const Decision& o, std::vector<std::string>& ids) const {
  std::vector<std::string> lines;
  auto label = [](const Clause& c) { return c.cite + " (" + c.id + (c.version.empty() ? "" : ", " + c.version) + ")"; };
  for (const ClauseResult& r : n.clauses) {
    const ClauseResult* x = match(o, r.clause, eo);
    const Clause& c = en.rules().clauses[r.clause];
    if (x && same_clause(r, *x)) continue;
    ids.push_back(c.id);
    const std::string old_words = x ? words(eo, *x, reading_name(en, r)) : "does not apply";
    const std::string new_words = words(en, r, x ? reading_name(eo, *x) : "");
    std::string line = label(c) + ": " + (old_words == new_words ? new_words + " (the parties differ)" : old_words + " → " + new_words);
    // Who must agree, or is bound, when both sides ask it: the parties added or dropped.
    if (x && asks_consent(x->status) && asks_consent(r.status)) line += set_change(r.required, to_new(x->required), "from");
    if (x && x->status == ClauseStatus::Obligation && r.status == ClauseStatus::Obligation)
      line += set_change(r.binds, to_new(x->binds), "binds");
    lines.push_back(std::move(line));
  }
  for (const ClauseResult& r : o.clauses) {
    const std::int64_t k = maps.clause_back[r.clause];
    if (k >= 0 && match(n, k, en)) continue;
    const Clause& c = eo.rules().clauses[r.clause];
    ids.push_back(c.id);
    lines.push_back(label(c) + ": " + words(eo, r, "") + " → does not apply" + (k < 0 ? " (not in NEW)" : ""));
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return lines;
}

// One sentence for a reviewer: which requirement decides now, and what that means for the
// parties asked. Empty when the change is not one of requirement (a note, a set-aside reading).
std::string plain_summary(const Engine& eo, const Decision& dold, const Engine& en, const Decision& dn) {
  auto rule = [](const Engine& e, const ClauseResult& r) { return e.rules().clauses[r.clause].readings[r.reading].outcome.rule; };
  auto cite = [](const Engine& e, const ClauseResult& r) { return e.rules().clauses[r.clause].cite; };
  auto id = [](const Engine& e, const ClauseResult& r) -> const std::string& { return e.rules().clauses[r.clause].id; };
  if (dn.verdict == Verdict::Prohibited && dold.verdict != Verdict::Prohibited)
    return "now prohibited, by " + en.rules().clauses[dn.prohibited_by.front()].cite;
  if (dold.verdict == Verdict::Prohibited && dn.verdict != Verdict::Prohibited)
    return "no longer prohibited (it was by " + eo.rules().clauses[dold.prohibited_by.front()].cite + ")";
  // The consent requirements of each side, without those both sides share unchanged.
  std::vector<const ClauseResult*> o, n;
  std::size_t o_all = 0, n_all = 0;
  for (const ClauseResult& r : dold.clauses) o_all += asks_consent(r.status);
  for (const ClauseResult& r : dn.clauses) n_all += asks_consent(r.status);
  for (const ClauseResult& r : dold.clauses) {
    if (!asks_consent(r.status)) continue;
    const bool shared = std::any_of(dn.clauses.begin(), dn.clauses.end(), [&](const ClauseResult& x) {
      return asks_consent(x.status) && id(en, x) == id(eo, r) && rule(en, x) == rule(eo, r);
    });
    if (!shared) o.push_back(&r);
  }
  for (const ClauseResult& r : dn.clauses) {
    if (!asks_consent(r.status)) continue;
    const bool shared = std::any_of(dold.clauses.begin(), dold.clauses.end(), [&](const ClauseResult& x) {
      return asks_consent(x.status) && id(eo, x) == id(en, r) && rule(eo, x) == rule(en, r);
    });
    if (!shared) n.push_back(&r);
  }
  if (o.size() == 1 && n.size() == 1) {
    const ConsentRule ro = rule(eo, *o[0]), rn = rule(en, *n[0]);
    const std::string head = id(eo, *o[0]) == id(en, *n[0])
                                 ? "under " + cite(en, *n[0]) + ", " + rule_words(ro) + " becomes " + rule_words(rn)
                                 : "decided by " + cite(en, *n[0]) + " (" + rule_words(rn) + ") instead of " + cite(eo, *o[0]) + " (" +
                                       rule_words(ro) + ")";
    return head + ": " + rule_consequence(ro, rn);
  }
  auto list = [&](const Engine& e, const std::vector<const ClauseResult*>& v) {
    std::vector<std::string> each;
    for (const ClauseResult* r : v) each.push_back(std::string(rule_words(rule(e, *r))) + " under " + cite(e, *r));
    return join_words(each);
  };
  if (n_all == 0 && !o.empty()) return "no one needs to be asked any more (it needed " + list(eo, o) + ")";
  if (o_all == 0 && !n.empty()) return "now needs " + list(en, n);
  return {};
}

DiffSideDecision side_decision(const Engine& e, const Decision& d) {
  const Tables& t = e.tables();
  DiffSideDecision s;
  s.verdict = verdict_name(d.verdict);
  s.headline = headline_key(headline(e, d));
  auto codes = [&](const Bits& b) {
    std::vector<std::string> v;
    b.for_each([&](unsigned i) { v.push_back(t.parties.name(static_cast<SymId>(i))); });
    return v;
  };
  s.vetoed_by = codes(d.vetoed_by);
  s.pending = codes(d.pending);
  for (auto i : d.prohibited_by) s.prohibited_by.push_back(e.rules().clauses[i].id);
  for (auto k : d.obligations) s.obligations.push_back({e.rules().clauses[d.clauses[k].clause].id, codes(d.clauses[k].binds)});
  for (const ClauseResult& r : d.clauses) s.clauses.push_back({e.rules().clauses[r.clause].id, clause_status_name(r.status)});
  return s;
}

}  // namespace accord::internal
