#include "report/summary.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "core/unreachable.h"
#include "compile/mentions.h"
#include "eval/evaluator.h"

namespace accord::internal {

std::string join_words(const std::vector<std::string>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) out += (i == 0 ? "" : i + 1 == v.size() ? " and " : ", ") + v[i];
  return out;
}

namespace {

// The pieces of a sentence that are not text: parties by name ("Armenia and Russia"), a
// party group ("all 31 NATO members other than Estonia"; with `each`, a list of names reads
// "every one of ..."), what a consent rule asks of a group.
struct Names {
  const Tables& t;
  const Bits& set;
};
struct Group {
  const Tables& t;
  const PartyGroup& who;
  bool each = false;
};
struct Requirement {
  const Group& group;
  ConsentRule rule;
};

void put(StringCursor& out, std::string_view text) { out += text; }
void put(StringCursor& out, char c) { out += c; }
void put(StringCursor& out, const Names& n) { append_party_words(out, n.t, n.set); }
void put(StringCursor& out, const Group& g) {
  if (g.each && !g.who.org) out += "every one of ";
  append_party_group(out, g.t, g.who);
}
void put(StringCursor& out, const Requirement& r);

// Appends each piece in turn (no temporary strings).
template <class... Piece>
void append(StringCursor& out, const Piece&... piece) {
  (put(out, piece), ...);
}

// "A", "A and B", "A, B and C": the i-th of n items is preceded by this.
const char* list_sep(std::size_t i, std::size_t n) { return i == 0 ? "" : i + 1 == n ? " and " : ", "; }

// Appends the value of node `n` (of type `type`) as a sentence says it.
void append_value(StringCursor& out, const Engine& e, Evaluator& ev, std::uint32_t n, const Type& type) {
  const Tables& t = e.tables();
  if (type.set) {
    Bits s;
    ev.set(n, s);
    if (type.base == Base::Party) {
      if (s.empty()) out += "no one";
      else append_party_words(out, t, s);
      return;
    }
    const std::size_t count = s.count();
    if (count == 0) { out += "(none)"; return; }
    std::size_t i = 0;
    s.for_each([&](unsigned id) { out += list_sep(i++, count); out += t.strings.name(static_cast<SymId>(id)); });
    return;
  }
  switch (type.base) {
    case Base::Bool: out += ev.boolean(n) ? "true" : "false"; return;
    case Base::Int: out += std::to_string(ev.scalar(n)); return;
    case Base::Date: out += format_date(static_cast<Date>(ev.scalar(n))); return;
    case Base::Str: { const auto v = ev.scalar(n); out += v ? t.strings.name(static_cast<SymId>(v)) : "(none)"; return; }
    case Base::Party: { const auto v = ev.scalar(n); out += v ? party_word(t, static_cast<SymId>(v)) : "(none)"; return; }
    case Base::Site: {
      const auto v = static_cast<SymId>(ev.scalar(n));
      out += v ? (t.site_title[v].empty() ? t.sites.name(v) : t.site_title[v]) : "(none)";
      return;
    }
  }
}

const char* verdict_words(Verdict v) {
  switch (v) {
    case Verdict::Permitted: return "permitted";
    case Verdict::NeedsConsent: return "waiting for consent";
    case Verdict::Vetoed: return "vetoed";
    case Verdict::Prohibited: return "prohibited";
  }
  return "permitted";
}

// What a consent rule asks of the parties of a group (no citation).
void put(StringCursor& out, const Requirement& r) {
  const Group& group = r.group;
  const Group each{group.t, group.who, true};
  const unsigned n = group.who.count;
  switch (r.rule) {
    case ConsentRule::Unanimous: return append(out, "the consent of ", each, " — any one of them can block it by objecting");
    case ConsentRule::Majority:
      return append(out, "the consent of a majority of ", group, " (", std::to_string(n / 2 + 1), " of ", std::to_string(n), ")");
    case ConsentRule::Any: return append(out, "the consent of at least one of ", group);
    case ConsentRule::NoObjection:
      return append(out, "no objection from ", group,
                    " — each must be consulted and any one of them can block it by objecting; no one's consent is required");
    case ConsentRule::Consult:
      return append(out, "consultation with ", group, " — each must be consulted, but none of them can block it");
  }
}

std::string requirement(const Tables& t, ConsentRule rule, const PartyGroup& who) {
  return written([&](StringCursor& out) { append(out, Requirement{Group{t, who}, rule}); });
}

// The sentence of a consent clause that is pending, vetoed or satisfied.
void consent_sentence(StringCursor& s, const Engine& e, const Clause& c, const CompiledOutcome& o, const ClauseResult& r, Date d) {
  const Tables& t = e.tables();
  append(s, "Under ", c.cite, ": ");
  if (r.required.empty()) return append(s, "it would need someone's consent, but no party is left to ask.");
  const PartyGroup who = party_group_of(e, r.required, d);
  const Group group{t, who}, each{t, who, true};
  const Requirement needs{group, o.rule};
  switch (r.status) {
    case ClauseStatus::Pending: {
      append(s, "needs ", needs, '.');
      const Bits heard = r.consented | r.objected | r.abstained;
      if (o.rule == ConsentRule::Unanimous && !r.consented.empty())
        append(s, " Consented: ", Names{t, r.consented}, "; still needed: ", Names{t, r.pending}, '.');
      else if (!heard.empty())
        append(s, " Heard from: ", Names{t, heard}, "; waiting for ", Names{t, r.pending}, '.');
      return;
    }
    case ClauseStatus::Vetoed:
      switch (o.rule) {
        case ConsentRule::Majority:
          return append(s, "vetoed — a majority of ", group, " can no longer be reached (", Names{t, r.blocking},
                        " objected or abstained).");
        case ConsentRule::Any:
          return append(s, "vetoed — none of ", group, " consented (", Names{t, r.blocking}, " objected or abstained).");
        case ConsentRule::Consult: case ConsentRule::NoObjection: case ConsentRule::Unanimous:
          return append(s, "vetoed by ", Names{t, r.objected}, "; it needs ", needs, '.');
      }
      unreachable("consent_sentence: a rule outside ConsentRule");
    case ClauseStatus::Satisfied:
      switch (o.rule) {
        case ConsentRule::NoObjection: return append(s, each, " was consulted and none objected.");
        case ConsentRule::Consult:
          append(s, each, " was consulted");
          if (!r.objected.empty()) append(s, "; ", Names{t, r.objected}, " objected, which under this clause does not block it");
          s += '.';
          return;
        case ConsentRule::Any: case ConsentRule::Majority: case ConsentRule::Unanimous:
          return append(s, "the consent it requires was given (", Names{t, r.consented}, ").");
      }
      unreachable("consent_sentence: a rule outside ConsentRule");
    case ClauseStatus::Noted: case ClauseStatus::Obligation: case ClauseStatus::Permitted:
    case ClauseStatus::Prohibited: case ClauseStatus::SetAside: break;
  }
  unreachable("consent_sentence: a status that asks no one's consent");
}

std::string fork_sentence(const Engine& e, const Decision& d, const ReadingFork& f) {
  const Clause& c = e.rules().clauses[f.clause];
  const CompiledOutcome& alt = e.clauses()[f.clause].readings[f.reading];
  const ClauseResult* used = nullptr;
  for (const auto& r : d.clauses) if (r.clause == f.clause) used = &r;
  std::string s = "Read as '" + c.readings[f.reading].name + "' (a contested reading), " + c.cite;
  switch (alt.effect) {
    case Effect::Consent:
      s += used ? " would need " + requirement(e.tables(), alt.rule, party_group_of(e, used->required, d.as_of))
                : std::string(" would need consent");
      break;
    case Effect::Prohibit: s += " would prohibit it"; break;
    case Effect::Permit: s += " would permit it"; break;
    case Effect::Obligation: s += " would bind parties to obligations"; break;
    case Effect::Note: s += " would be only a note, deciding nothing"; break;
  }
  std::vector<std::string> parts;
  if (f.verdict != d.verdict) parts.push_back(std::string("the decision would be ") + verdict_words(f.verdict) + " now");
  if (!f.if_objecting.empty()) {
    // The fork is computed with every awaited party objecting; under a rule where one
    // objection vetoes, say so rather than suggest that it takes all of them.
    const std::string used_name = used ? c.readings[used->reading].name : std::string();
    const bool one_suffices = alt.effect == Effect::Consent &&
                              (alt.rule == ConsentRule::Unanimous || alt.rule == ConsentRule::NoObjection) &&
                              f.alt_verdict_if_objecting == Verdict::Vetoed;
    if (one_suffices)
      parts.push_back("a single objection would veto it, while read as '" + used_name + "' it would be " +
                      verdict_words(f.verdict_if_objecting) + " even if every one of them objected");
    else
      parts.push_back("if " + party_group(e, f.if_objecting, d.as_of) + " all objected, it would be " +
                      verdict_words(f.alt_verdict_if_objecting) + " rather than " + verdict_words(f.verdict_if_objecting));
  }
  if (!parts.empty()) s += ". Under that reading " + parts[0] + (parts.size() > 1 ? "; " + parts[1] : "");
  return s + ".";
}

}  // namespace

// People read lists of names in alphabetical order of the names (JSON keeps code order): the
// set's parties ordered by the rank of their text (Tables::word_rank / label_rank), no strings
// built or compared. A short list is sorted by insertion; a long one is moved to the bits of
// its ranks, which are then read in order.
static void append_sorted(StringCursor& out, const Tables& t, const Bits& set, bool labels) {
  const std::vector<std::uint16_t>& rank = labels ? t.label_rank : t.word_rank;
  const std::vector<std::string>& text = labels ? t.party_label_text : t.party_word_text;
  constexpr unsigned kShort = 16;
  SymId ids[kShort];
  unsigned n = 0;
  Bits ranked;
  set.for_each([&](unsigned id) {
    if (n < kShort) {
      unsigned k = n;  // insertion: move the higher ranks up
      for (; k > 0 && rank[ids[k - 1]] > rank[id]; --k) ids[k] = ids[k - 1];
      ids[k] = static_cast<SymId>(id);
    } else if (n == kShort) {
      for (const SymId s : ids) ranked.set(rank[s]);
      ranked.set(rank[id]);
    } else {
      ranked.set(rank[id]);
    }
    ++n;
  });
  if (n == 0) return;
  // The names and their separators are written into room made once ("A, B and C"; labels
  // are all separated by commas).
  const std::vector<SymId>& by_rank = labels ? t.by_label_rank : t.by_word_rank;
  auto each = [&](auto&& f) {
    if (n <= kShort) {
      for (unsigned k = 0; k < n; ++k) f(ids[k]);
    } else {
      ranked.for_each([&](unsigned r) { f(by_rank[r]); });
    }
  };
  std::size_t size = labels || n == 1 ? 2 * (n - 1) : 2 * (n - 2) + 5;
  each([&](SymId id) { size += text[id].size(); });
  out.room(size);
  char* o = out.at();
  unsigned i = 0;
  each([&](SymId id) {
    if (i > 0) {
      const bool last_and = !labels && i + 1 == n;
      std::memcpy(o, last_and ? " and " : ", ", last_and ? 5 : 2);
      o += last_and ? 5 : 2;
    }
    ++i;
    const std::string& name = text[id];
    std::memcpy(o, name.data(), name.size());
    o += name.size();
  });
  out.advance_to(o);
}

void append_party_words(StringCursor& out, const Tables& t, const Bits& set) { append_sorted(out, t, set, false); }

std::string party_words(const Tables& t, const Bits& set) {
  return written([&](StringCursor& out) { append_sorted(out, t, set, false); });
}

std::string party_labels(const Tables& t, const Bits& set) {
  return written([&](StringCursor& out) { append_sorted(out, t, set, true); });
}

PartyGroup party_group_of(const Engine& e, const Bits& set, Date d) {
  const Tables& t = e.tables();
  // A long list that is (almost) all the members of an organization the rules name reads
  // better as that: "all 31 NATO members other than Estonia".
  constexpr unsigned kLong = 8;
  const unsigned n = set.count();
  if (n >= kLong)
    for (SymId o = 1; o < t.parties.size(); ++o) {
      if (!t.is_org[o] || t.orgs[o].epoch_from.empty() || !e.mentions().literal_parties.test(o)) continue;
      const Bits& members = t.orgs[o].members[t.orgs[o].epoch(d)];
      if (!(set - members).empty()) continue;
      const Bits left = members - set;
      if (left.count() > 2) continue;
      return {&set, o, n, left};
    }
  return {&set, 0, n, {}};
}

void append_party_group(StringCursor& out, const Tables& t, const PartyGroup& g) {
  if (!g.org) return append_sorted(out, t, *g.set, false);
  out += "all ";
  out += std::to_string(g.count);
  out += ' ';
  out += t.parties.name(g.org);
  out += " members";
  if (g.left.empty()) return;
  out += " other than ";
  append_sorted(out, t, g.left, false);
}

std::string party_group(const Engine& e, const Bits& set, Date d) {
  return written([&](StringCursor& out) { append_party_group(out, e.tables(), party_group_of(e, set, d)); });
}

void append_template(StringCursor& out, const Engine& e, const Proposal& p, const std::vector<TemplateHole>& holes) {
  Evaluator ev(e.program(), e.tables(), p);
  for (const TemplateHole& h : holes) {
    out += h.literal;
    if (h.node != kNoNode) append_value(out, e, ev, h.node, h.type);
  }
}

std::string render_template(const Engine& e, const Proposal& p, const std::vector<TemplateHole>& holes) {
  return written([&](StringCursor& out) { append_template(out, e, p, holes); });
}

Headline headline(const Engine& e, const Decision& d) {
  switch (d.verdict) {
    case Verdict::Prohibited: return Headline::Prohibited;
    case Verdict::Vetoed: return Headline::Vetoed;
    case Verdict::NeedsConsent: {
      // The strongest requirement still outstanding.
      Headline h = Headline::NeedsConsultation;
      for (const ClauseResult& r : d.clauses) {
        if (r.status != ClauseStatus::Pending) continue;
        const ConsentRule rule = e.clauses()[r.clause].readings[r.reading].rule;
        const Headline k = rule == ConsentRule::Consult ? Headline::NeedsConsultation
                           : rule == ConsentRule::NoObjection ? Headline::NeedsNoObjection : Headline::NeedsConsent;
        h = std::max(h, k);
      }
      return h;
    }
    case Verdict::Permitted: break;
  }
  if (d.clauses.empty()) return Headline::NoClause;
  const bool only_duties = std::all_of(d.clauses.begin(), d.clauses.end(), [](const ClauseResult& r) {
    return r.status == ClauseStatus::Obligation || r.status == ClauseStatus::SetAside || r.status == ClauseStatus::Noted;
  });
  const bool duties = std::any_of(d.clauses.begin(), d.clauses.end(),
                                  [](const ClauseResult& r) { return r.status == ClauseStatus::Obligation; });
  return only_duties && duties ? Headline::Obligations : Headline::Permitted;
}

Headline headline(const Engine& e, const Answer& a) {
  return a.depends() ? Headline::Depends : headline(e, a.decision());
}

const char* headline_key(Headline h) {
  switch (h) {
    case Headline::NoClause: return "no_clause";
    case Headline::Permitted: return "permitted";
    case Headline::Obligations: return "obligations";
    case Headline::NeedsConsultation: return "needs_consultation";
    case Headline::NeedsNoObjection: return "needs_no_objection";
    case Headline::NeedsConsent: return "needs_consent";
    case Headline::Vetoed: return "vetoed";
    case Headline::Prohibited: return "prohibited";
    case Headline::Depends: return "depends";
  }
  return "permitted";
}

const std::vector<std::string>& headline_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k;
    for (int h = 0; h <= static_cast<int>(Headline::Depends); ++h) k.push_back(headline_key(static_cast<Headline>(h)));
    return k;
  }();
  return keys;
}

const char* headline_words(Headline h) {
  switch (h) {
    case Headline::NoClause: return "NO CLAUSE APPLIES";
    case Headline::Permitted: return "PERMITTED";
    case Headline::Obligations: return "OBLIGATIONS";
    case Headline::NeedsConsultation: return "NEEDS CONSULTATION";
    case Headline::NeedsNoObjection: return "NEEDS NO OBJECTION";
    case Headline::NeedsConsent: return "NEEDS CONSENT";
    case Headline::Vetoed: return "VETOED";
    case Headline::Prohibited: return "PROHIBITED";
    case Headline::Depends: return "IT DEPENDS";
  }
  return "PERMITTED";
}

// Stated positions that count for nothing: no applying clause asks the party, and no
// condition reads its position. Said, so that "Tajikistan objects" is not thought to matter.
static void ignored_positions(Sentences& out, const Engine& e, const Proposal& p, const Decision& d) {
  const Mentions& m = e.mentions();
  if (m.position_other) return;  // position() of a quantified party: any position may count
  const Bits stated = p.consented | p.objected | p.abstained;
  if (stated.empty()) return;
  Bits counted = m.position_literals;
  for (const std::uint16_t slot : m.position_slots)
    if (p.scalars[slot] > 0) counted.set(static_cast<unsigned>(p.scalars[slot]));
  for (const ClauseResult& r : d.clauses)
    if (r.status != ClauseStatus::SetAside) counted |= r.required;
  const Bits ignored = stated - counted;
  if (ignored.empty()) return;
  append(out.open(), ignored.count() == 1 ? "Not counted: the position of " : "Not counted: the positions of ",
         Names{e.tables(), ignored}, ", whom no applying clause asks.");
  out.close();
}

// Memberships with a status ("frozen") of the parties the proposal names or the decision asks
// or binds: "Armenia's membership of CSTO is frozen (since 2024-02-22). A status does not end
// a membership: ..."
static void standing(Sentences& out, const Engine& e, const Proposal& p, const Decision& d) {
  const Tables& t = e.tables();
  if (t.statuses.empty()) return;
  Bits who = named_parties(t, p);
  for (const ClauseResult& r : d.clauses)
    if (r.status != ClauseStatus::SetAside) who |= r.required | r.binds;
  std::size_t parts = 0;
  StringCursor& s = out.open();
  for (const StatusSpan& span : t.statuses) {
    if (!who.test(span.party) || d.as_of < span.since || span.to <= d.as_of) continue;
    s += parts++ == 0 ? "Standing: " : "; ";
    s += party_word(t, span.party) + "'s membership of " + t.parties.name(span.org) + " is " + t.strings.name(span.status) +
         " (since " + format_date(span.since) + ")";
  }
  if (parts) s += parts == 1 ? ". A status does not end a membership: the party is still a member in law."
                             : ". A status does not end a membership: each party is still a member in law.";
  out.close();
}

void write_summary(Sentences& out, const Engine& e, const Proposal& p, const Decision& d) {
  const auto& rules = e.rules().clauses;
  if (d.clauses.empty()) {
    StringCursor& s = out.open();
    s += "No encoded clause applies to this proposal on ";
    s.date(d.as_of);
    s += ": the loaded treaties neither require anything for it nor forbid it.";
    out.close();
    ignored_positions(out, e, p, d);
    return;
  }
  // Deciding clauses first (most restrictive first, in clause order within a kind), then
  // obligations.
  for (const ClauseStatus kind : {ClauseStatus::Prohibited, ClauseStatus::Vetoed, ClauseStatus::Pending, ClauseStatus::Permitted}) {
    for (const ClauseResult& r : d.clauses) {
      const bool last_rank = kind == ClauseStatus::Permitted && r.status == ClauseStatus::Satisfied;
      if (r.status != kind && !last_rank) continue;
      const Clause& c = rules[r.clause];
      StringCursor& s = out.open();
      switch (r.status) {
        case ClauseStatus::Prohibited:
          append(s, "Under ", c.cite, ": prohibited");
          if (!c.title.empty()) append(s, " — ", c.title);
          s += '.';
          break;
        case ClauseStatus::Permitted: append(s, "Under ", c.cite, ": explicitly permitted."); break;
        case ClauseStatus::Pending: case ClauseStatus::Satisfied: case ClauseStatus::Vetoed:
          consent_sentence(s, e, c, e.clauses()[r.clause].readings[r.reading], r, d.as_of);
          break;
        case ClauseStatus::Noted: case ClauseStatus::Obligation: case ClauseStatus::SetAside:
          unreachable("write_summary: not a deciding status");
      }
      out.close();
    }
  }
  for (const ClauseResult& r : d.clauses) {
    if (r.status != ClauseStatus::Obligation) continue;
    const Clause& c = rules[r.clause];
    StringCursor& s = out.open();
    if (r.binds.empty()) {
      append(s, "Under ", c.cite, ": an obligation that binds no party on this date.");
      out.close();
      continue;
    }
    append(s, c.cite, " binds ", Group{e.tables(), party_group_of(e, r.binds, d.as_of)});
    const std::size_t before = s.size();
    s += " to ";
    const std::size_t duty = s.size();
    append_template(s, e, p, e.clauses()[r.clause].duty);
    if (s.size() == duty) {  // no duty template: the title says what they are bound to
      s.truncate(before);
      if (!c.title.empty()) append(s, ": ", c.title);
    }
    s += '.';
    out.close();
  }
  // Notes last: what the clauses that decide nothing say about this proposal.
  for (const ClauseResult& r : d.clauses)
    if (r.status == ClauseStatus::Noted) {
      StringCursor& s = out.open();
      append(s, "Note — ", rules[r.clause].cite, ": ");
      append_template(s, e, p, e.clauses()[r.clause].because);
      out.close();
    }
  for (const ReadingFork& f : d.forks) {
    out.open() += fork_sentence(e, d, f);
    out.close();
  }
  standing(out, e, p, d);
  ignored_positions(out, e, p, d);
}

std::vector<std::string> summary(const Engine& e, const Proposal& p, const Decision& d) {
  Sentences s;
  write_summary(s, e, p, d);
  return s.strings();
}

std::string case_condition(const Engine& e, const Proposal& p, const Answer& a, std::size_t g) {
  const auto& cases = a.groups[g];
  // The fields that matter, each with the values this group's cases take.
  std::vector<std::size_t> fields;
  for (std::size_t u = 0; u < a.unknown.size(); ++u) if (a.matters[u]) fields.push_back(u);
  auto describe = [&](std::size_t u, std::int64_t v) { return describe_value(e, p, a.unknown[u], v); };
  std::vector<std::vector<std::int64_t>> taken(fields.size());
  for (std::uint32_t k : cases)
    for (std::size_t i = 0; i < fields.size(); ++i) {
      auto& vs = taken[i];
      const std::int64_t v = a.cases[k].values[fields[i]];
      if (std::find(vs.begin(), vs.end(), v) == vs.end()) vs.push_back(v);
    }
  // A product of per-field choices reads as "A and (B or C)"; anything else case by case.
  std::size_t product = 1, projected = 0;
  for (const auto& vs : taken) product *= vs.size();
  {
    std::vector<std::vector<std::int64_t>> seen;
    for (std::uint32_t k : cases) {
      std::vector<std::int64_t> key;
      for (std::size_t u : fields) key.push_back(a.cases[k].values[u]);
      if (std::find(seen.begin(), seen.end(), key) == seen.end()) seen.push_back(key);
    }
    projected = seen.size();
  }
  // Alternatives of one field read "A or B"; with several fields each such list is bracketed.
  auto either = [&](const std::vector<std::string>& alts, bool bracket) {
    std::string s;
    for (std::size_t j = 0; j < alts.size(); ++j) s += (j ? " or " : "") + alts[j];
    return bracket && alts.size() > 1 ? "(" + s + ")" : s;
  };
  if (product == projected) {
    std::string out;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      std::vector<std::string> alts;
      for (auto v : taken[i]) alts.push_back(describe(fields[i], v));
      out += (i ? " and " : "") + either(alts, fields.size() > 1);
    }
    return out;
  }
  std::vector<std::string> combos;
  for (std::uint32_t k : cases) {
    std::string c;
    for (std::size_t i = 0; i < fields.size(); ++i) c += (i ? " and " : "") + describe(fields[i], a.cases[k].values[fields[i]]);
    if (std::find(combos.begin(), combos.end(), c) == combos.end()) combos.push_back(c);
  }
  for (auto& c : combos) if (fields.size() > 1) c = "(" + c + ")";
  return either(combos, false);
}

void write_summary(Sentences& out, const Engine& e, const Proposal& p, const Answer& a) {
  if (!a.depends()) return write_summary(out, e, p, a.decision());
  const Tables& t = e.tables();
  {
    StringCursor& s = out.open();
    s += "It depends on ";
    std::size_t named = 0, count = 0;
    for (std::size_t u = 0; u < a.unknown.size(); ++u) count += a.matters[u];
    for (std::size_t u = 0; u < a.unknown.size(); ++u) {
      if (a.matters[u]) append(s, list_sep(named++, count), "'", t.fields[a.unknown[u]].name, "'");
    }
    s += ", which the proposal does not give.";
    out.close();
  }
  // Clauses that apply in every case; the others are what tells cases with the same headline apart.
  auto applying = [&](const Decision& d) {
    std::vector<std::uint32_t> ids;
    for (const ClauseResult& r : d.clauses) if (r.status != ClauseStatus::SetAside) ids.push_back(r.clause);
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  std::vector<std::uint32_t> common = applying(a.cases[a.groups[0][0]].decision);
  for (std::size_t g = 1; g < a.groups.size(); ++g) {
    const auto ids = applying(a.cases[a.groups[g][0]].decision);
    std::vector<std::uint32_t> both;
    std::set_intersection(common.begin(), common.end(), ids.begin(), ids.end(), std::back_inserter(both));
    common = std::move(both);
  }
  const auto& rules = e.rules().clauses;
  std::vector<const std::string*> cites;
  for (std::size_t g = 0; g < a.groups.size(); ++g) {
    const Decision& d = a.cases[a.groups[g][0]].decision;
    // The clauses that make this case's decision what it is; each case is shown in full after.
    const ClauseStatus deciding = d.verdict == Verdict::Prohibited ? ClauseStatus::Prohibited
                                  : d.verdict == Verdict::Vetoed   ? ClauseStatus::Vetoed
                                                                   : ClauseStatus::Pending;
    cites.clear();
    for (const ClauseResult& r : d.clauses)
      if (r.status == deciding || (d.verdict == Verdict::Permitted && r.status != ClauseStatus::SetAside))
        cites.push_back(&rules[r.clause].cite);
    StringCursor& s = out.open();
    append(s, "If ", case_condition(e, p, a, g), ": ", headline_words(headline(e, d)));
    for (std::size_t i = 0; i < cites.size(); ++i) append(s, i ? "; " : " (", *cites[i]);
    if (!cites.empty()) s += ')';
    bool also = false;
    for (const ClauseResult& r : d.clauses) {
      const std::string& cite = rules[r.clause].cite;
      if (r.status == ClauseStatus::SetAside || std::binary_search(common.begin(), common.end(), r.clause) ||
          std::any_of(cites.begin(), cites.end(), [&](const std::string* c) { return *c == cite; }))
        continue;
      append(s, also ? ", " : "; also ", cite, " (",
             r.status == ClauseStatus::Obligation ? "an obligation" : r.status == ClauseStatus::Noted ? "a note" : clause_status_name(r.status), ")");
      also = true;
    }
    s += '.';
    out.close();
  }
}

std::vector<std::string> summary(const Engine& e, const Proposal& p, const Answer& a) {
  Sentences s;
  write_summary(s, e, p, a);
  return s.strings();
}

}  // namespace accord::internal
