#include "report/report.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "eval/evaluator.h"
#include "report/json_writer.h"
#include "report/summary.h"

namespace accord::internal {

std::vector<const ClauseResult*> report_order(const Decision& d) {
  std::vector<const ClauseResult*> shown;
  for (const ClauseResult& r : d.clauses) if (r.status != ClauseStatus::SetAside) shown.push_back(&r);
  for (const ClauseResult& r : d.clauses) if (r.status == ClauseStatus::SetAside) shown.push_back(&r);
  return shown;
}

std::string party_list(const Tables& t, const Bits& set, const char* sep) {
  std::string out;
  set.for_each([&](unsigned id) {
    if (!out.empty()) out += sep;
    out += t.parties.name(static_cast<SymId>(id));
  });
  return out;
}

std::string render_because(const Engine& engine, const Proposal& p, std::uint32_t clause) {
  return render_template(engine, p, engine.clauses()[clause].because);
}

std::vector<ExplainedClause> explain(const Engine& engine, const Proposal& p) {
  Evaluator ev(engine.program(), engine.tables(), p);
  std::vector<ExplainedClause> out;
  const auto& clauses = engine.clauses();
  for (std::uint32_t i = 0; i < clauses.size(); ++i) {
    const CompiledClause& c = clauses[i];
    ExplainedClause x;
    x.clause = i;
    x.in_force = c.from <= p.date && p.date < c.to;
    if (x.in_force) {
      for (const SubCondition& s : c.subs) {
        const bool v = ev.boolean(s.node);
        x.conditions.push_back({s.text, v});
        if (!v && x.first_failed < 0) x.first_failed = static_cast<int>(x.conditions.size() - 1);
      }
      x.applies = x.first_failed < 0;
    }
    out.push_back(std::move(x));
  }
  return out;
}

static std::string window(const CompiledClause& c) {
  std::string out = c.from == kDateMin ? "always" : "from " + format_date(c.from);
  if (c.to != kDateMax) out += " until " + format_date(c.to);
  return out;
}

static std::string short_quote(const std::string& text) {
  constexpr std::size_t kMax = 220;
  if (text.size() <= kMax) return text;
  std::size_t cut = text.rfind(' ', kMax);
  if (cut == std::string::npos || cut < kMax / 2) cut = kMax;
  return text.substr(0, cut) + " …";
}

// Party codes as a JSON array, each quoted once when the tables were built: written 16 bytes
// a party (Tables::party_short_json), or from party_json when a code is too long for that.
static void party_array(JsonWriter& w, const Tables& t, const Bits& s) {
  if (s.empty()) {
    w.raw("[]");
    return;
  }
  if (!(s & t.long_json).empty()) {
    w.begin_array();
    s.for_each([&](unsigned id) { w.raw(t.party_json[id]); });
    w.end_array();
    return;
  }
  // Each party takes at most 16 bytes (its comma, at most 15 of quoted code) and its copy 16
  // from where it starts: the last one ends within 2 + 16 * (n + 1) bytes.
  w.raw_in_place(2 + 16 * (s.count() + 1), [&](char* o) {
    *o++ = '[';
    bool first = true;
    s.for_each([&](unsigned id) {
      *o = ',';
      o += first ? 0 : 1;
      first = false;
      const Tables::ShortJson& j = t.party_short_json[id];
      std::memcpy(o, j.text, sizeof j.text);
      o += static_cast<unsigned char>(j.text[15]);
    });
    *o++ = ']';
    return o;
  });
}

static std::size_t reading_used(const Decision& d, std::uint32_t clause) {
  for (const auto& r : d.clauses)
    if (r.clause == clause) return r.reading;
  return 0;
}

// The text renderers below build lines by concatenating literals and strings; once GCC 12
// inlines them into each other it reports a bogus -Wrestrict in char_traits::copy (GCC bug
// 105329), at whichever concatenation it inlined last.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

namespace {

struct Paint {
  bool on;
  std::string operator()(const char* code, const std::string& s) const {
    return on ? std::string("\033[") + code + "m" + s + "\033[0m" : s;
  }
};

const char* headline_colour(Headline h) {
  switch (h) {
    case Headline::NoClause: case Headline::Permitted: case Headline::Obligations: return "1;32";
    case Headline::NeedsConsultation: case Headline::NeedsNoObjection: case Headline::NeedsConsent:
      return "1;33";
    case Headline::Depends: return "1;36";
    case Headline::Vetoed: case Headline::Prohibited: return "1;31";
  }
  return "1";
}

// What a consent clause's parties are asked for, as the label of their list.
const char* consent_label(ConsentRule rule) {
  switch (rule) {
    case ConsentRule::Unanimous: return "consent of every one of";
    case ConsentRule::Majority: return "consent of a majority of";
    case ConsentRule::Any: return "consent of at least one of";
    case ConsentRule::NoObjection: return "no objection from";
    case ConsentRule::Consult: return "consultation with";
  }
  return "consent of";
}

// The first lines: headline, id and date, title, plain summary, who blocks and who is awaited.
void head(const Engine& e, const Proposal& p, Headline h, Date as_of, const Sentences& sentences,
          const Paint& paint, std::string& out) {
  out += paint(headline_colour(h), headline_words(h));
  out += "  " + (p.id.empty() ? std::string("(proposal)") : p.id) + ", as of " + format_date(as_of) + "\n";
  if (!p.title.empty()) out += "  " + p.title + "\n";
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    out += "  ";
    out += sentences[i];
    out += '\n';
  }
}

// The summary's sentences (reused by each thread: no allocation once grown).
template <class Outcome>
const Sentences& summary_of(const Engine& e, const Proposal& p, const Outcome& d) {
  thread_local Sentences sentences;
  sentences.clear();
  write_summary(sentences, e, p, d);
  return sentences;
}

void clauses_text(const Engine& e, const Proposal& p, const Decision& d, const Paint& paint, std::string& out) {
  const Tables& t = e.tables();
  const auto& rules = e.rules().clauses;
  for (const ClauseResult* rp : report_order(d)) {
    const ClauseResult& r = *rp;
    const Clause& c = rules[r.clause];
    out += "\n" + paint("1", "[" + std::string(clause_status_name(r.status)) + "] " + c.cite);
    if (!c.title.empty()) out += " — " + c.title;
    out += "\n  " + paint("2", c.id) + "\n";
    if (!c.text.empty()) out += "  " + short_quote(c.text) + "\n";
    if (r.status == ClauseStatus::SetAside) {
      out += "  set aside by " + rules[static_cast<size_t>(r.set_aside_by)].cite + " (" +
             rules[static_cast<size_t>(r.set_aside_by)].id + ")\n";
      continue;
    }
    const std::string because = render_because(e, p, r.clause);
    if (!because.empty()) out += "  because: " + because + "\n";
    const Reading& reading = c.readings[r.reading];
    if (!reading.name.empty()) out += "  reading: " + reading.name + (r.reading == c.default_reading ? " (default)" : "") + "\n";
    if (reading.outcome.effect == Effect::Consent) {
      out += std::string("  ") + consent_label(reading.outcome.rule) + ": " +
             (r.required.empty() ? std::string("(nobody)") : party_labels(t, r.required)) + "\n";
      if (!r.consented.empty()) out += "    consented: " + party_labels(t, r.consented) + "\n";
      if (!r.objected.empty()) out += "    objected: " + party_labels(t, r.objected) + "\n";
      if (!r.abstained.empty()) out += "    abstained: " + party_labels(t, r.abstained) + "\n";
      if (!r.pending.empty()) out += "    waiting for: " + party_labels(t, r.pending) + "\n";
    }
    if (r.status == ClauseStatus::Obligation && !r.binds.empty()) out += "  binds: " + party_labels(t, r.binds) + "\n";
  }
  for (const ReadingFork& f : d.forks) {
    const Clause& c = rules[f.clause];
    const std::string& used = c.readings[reading_used(d, f.clause)].name;
    const std::string& alt = c.readings[f.reading].name;
    out += "\n" + paint("1;35", "Contested reading:") + " " + c.cite + " is read as '" + used + "'.\n";
    if (f.verdict != d.verdict)
      out += "  Read as '" + alt + "', the decision would be " + verdict_name(f.verdict) + ".\n";
    if (!f.if_objecting.empty())
      out += "  If " + party_words(t, f.if_objecting) + " objected: " + verdict_name(f.verdict_if_objecting) +
             " as '" + used + "', " + verdict_name(f.alt_verdict_if_objecting) + " as '" + alt + "'.\n";
    if (!c.notes.empty()) out += "  Note: " + c.notes + "\n";
  }
}

void explain_text(const Engine& e, const Proposal& p, const Paint& paint, std::string& out) {
  const auto& rules = e.rules().clauses;
  out += "\n" + paint("1", "Explain") + " (conditions of every clause, as of " + format_date(p.date) + ")\n";
  for (const ExplainedClause& x : explain(e, p)) {
    const Clause& c = rules[x.clause];
    out += "  " + c.id + (c.version.empty() ? "" : " (" + c.version + ")") + ": ";
    if (!x.in_force) { out += "not in force (" + window(e.clauses()[x.clause]) + ")\n"; continue; }
    out += x.applies ? "applies\n" : "does not apply\n";
    for (std::size_t k = 0; k < x.conditions.size(); ++k) {
      const auto& cond = x.conditions[k];
      out += std::string("    ") + (cond.holds ? "true " : "false") + "  " + cond.text;
      if (static_cast<int>(k) == x.first_failed) out += "   <- first failing condition";
      out += "\n";
    }
  }
}

void body_text(const Engine& e, const Proposal& p, const Decision& d, const Paint& paint, std::string& out) {
  const Tables& t = e.tables();
  head(e, p, headline(e, d), d.as_of, summary_of(e, p, d), paint, out);
  if (!d.vetoed_by.empty()) out += "  vetoed by: " + party_labels(t, d.vetoed_by) + "\n";
  if (!d.pending.empty()) out += "  waiting for: " + party_labels(t, d.pending) + "\n";
  for (auto c : d.prohibited_by) out += "  prohibited by: " + e.rules().clauses[c].cite + "\n";
  clauses_text(e, p, d, paint, out);
}

void explain_json(JsonWriter& w, const Engine& e, const Proposal& p) {
  const auto& rules = e.rules().clauses;
  w.key("explain").begin_array();
  for (const ExplainedClause& x : explain(e, p)) {
    w.begin_object().key("id").value(rules[x.clause].id).key("in_force").value(x.in_force).key("applies").value(x.applies);
    w.key("conditions").begin_array();
    for (const auto& cond : x.conditions) w.begin_object().key("text").value(cond.text).key("value").value(cond.holds).end_object();
    w.end_array();
    if (x.first_failed >= 0) w.key("first_failed").value(x.conditions[static_cast<size_t>(x.first_failed)].text);
    w.end_object();
  }
  w.end_array();
}

// The summary's sentences as one string, joined by spaces.
void summary_json(JsonWriter& w, const Sentences& sentences) { w.key("summary").value(sentences.text()); }

// A clause's `because` for `p`, as a JSON string.
void because_json(JsonWriter& w, const Engine& e, const Proposal& p, std::uint32_t clause) {
  thread_local std::string text;
  thread_local StringCursor out(text);  // kept open: each call on this thread reuses its room
  out.truncate(0);
  append_template(out, e, p, e.clauses()[clause].because);
  w.key("because").value(std::string_view(out.data(), out.size()));
}

// A case's values as JSON: true/false, a string value, a party code, a site id, or null.
void value_json(JsonWriter& w, const Tables& t, std::uint16_t field, std::int64_t v) {
  const Field& f = t.fields[field];
  if (f.type == FieldType::Bool) { w.value(v != 0); return; }
  if (v == kNone) { w.null(); return; }
  switch (f.type) {
    case FieldType::Party: w.value(t.parties.name(static_cast<SymId>(v))); break;
    case FieldType::Site: w.value(t.sites.name(static_cast<SymId>(v))); break;
    case FieldType::String: w.value(t.strings.name(static_cast<SymId>(v))); break;
    case FieldType::Bool: case FieldType::Date: case FieldType::Int: case FieldType::Parties:
      w.value(v); break;
  }
}

}  // namespace

std::string render_text(const Engine& e, const Proposal& p, const Decision& d, const ReportOptions& o) {
  Paint paint{o.color};
  std::string out;
  body_text(e, p, d, paint, out);
  if (o.explain) explain_text(e, p, paint, out);
  return out;
}

std::string render_text(const Engine& e, const Proposal& p, const Answer& a, const ReportOptions& o) {
  if (!a.depends()) return render_text(e, p, a.decision(), o);
  Paint paint{o.color};
  std::string out;
  head(e, p, Headline::Depends, p.date, summary_of(e, p, a), paint, out);
  for (std::size_t g = 0; g < a.groups.size(); ++g) {
    const std::size_t k = a.groups[g][0];
    out += "\n" + paint("1;36", "Case " + std::to_string(g + 1) + " of " + std::to_string(a.groups.size()) + ": if " +
                         case_condition(e, p, a, g)) + "\n\n";
    body_text(e, case_proposal(e, p, a, k), a.cases[k].decision, paint, out);
  }
  if (o.explain) explain_text(e, p, paint, out);
  return out;
}

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

namespace {

// `"decision":"permitted","headline":"no_clause"`, built once for each verdict and headline.
const std::string& decision_head(Verdict v, Headline h) {
  constexpr std::size_t kVerdicts = static_cast<std::size_t>(Verdict::Prohibited) + 1;
  constexpr std::size_t kHeadlines = static_cast<std::size_t>(Headline::Depends) + 1;
  static const auto heads = [] {
    std::array<std::array<std::string, kHeadlines>, kVerdicts> out;
    for (std::size_t v = 0; v < kVerdicts; ++v)
      for (std::size_t h = 0; h < kHeadlines; ++h)
        JsonWriter(out[v][h]).key("decision").word(verdict_name(static_cast<Verdict>(v))).key("headline").word(
            headline_key(static_cast<Headline>(h)));
    return out;
  }();
  return heads[static_cast<std::size_t>(v)][static_cast<std::size_t>(h)];
}

}  // namespace

void write_decision(JsonWriter& w, const Engine& e, const Proposal& p, const Decision& d) {
  const Tables& t = e.tables();
  const auto& rules = e.rules().clauses;
  w.raw_members(decision_head(d.verdict, headline(e, d)));
  summary_json(w, summary_of(e, p, d));
  if (d.clauses.empty() && d.vetoed_by.empty() && d.pending.empty() && d.prohibited_by.empty() &&
      d.obligations.empty() && d.forks.empty()) {
    // No clause applies (most lines of a batch): every list is empty, written in one piece.
    w.raw_members(R"("vetoed_by":[],"pending":[],"prohibited_by":[],"obligations":[],"clauses":[],"readings":[])");
    return;
  }
  w.key("vetoed_by");
  party_array(w, t, d.vetoed_by);
  w.key("pending");
  party_array(w, t, d.pending);
  const auto& compiled = e.clauses();  // each clause's id and head, rendered when it was compiled
  w.key("prohibited_by").begin_array();
  for (auto c : d.prohibited_by) w.raw(compiled[c].json_id);
  w.end_array();
  w.key("obligations").begin_array();
  for (auto k : d.obligations) {
    const ClauseResult& r = d.clauses[k];
    w.begin_object().key("id").raw(compiled[r.clause].json_id).key("cite").value(rules[r.clause].cite).key("binds");
    party_array(w, t, r.binds);
    w.end_object();
  }
  w.end_array();
  w.key("clauses").begin_array();
  for (const ClauseResult& r : d.clauses) {
    const Clause& c = rules[r.clause];
    w.raw_object_start(compiled[r.clause].json_head);  // {"id":…,"cite":…[,"version":…] (the dated version in force)
    w.key("status").word(clause_status_name(r.status));
    if (r.status == ClauseStatus::SetAside) {
      w.key("by").raw(compiled[static_cast<size_t>(r.set_aside_by)].json_id);
    } else {
      const Reading& reading = c.readings[r.reading];
      if (!reading.name.empty()) w.key("reading").value(reading.name);
      if (reading.outcome.effect == Effect::Consent) {
        w.key("rule").word(consent_rule_name(reading.outcome.rule));
        w.key("required"); party_array(w, t, r.required);
        w.key("consented"); party_array(w, t, r.consented);
        w.key("objected"); party_array(w, t, r.objected);
        w.key("abstained"); party_array(w, t, r.abstained);
        w.key("pending"); party_array(w, t, r.pending);
      }
      if (r.status == ClauseStatus::Obligation) { w.key("binds"); party_array(w, t, r.binds); }
      because_json(w, e, p, r.clause);
    }
    w.end_object();
  }
  w.end_array();
  w.key("readings").begin_array();
  for (const ReadingFork& f : d.forks) {
    const Clause& c = rules[f.clause];
    w.begin_object().key("clause").value(c.id).key("reading").value(c.readings[reading_used(d, f.clause)].name)
        .key("alternative").value(c.readings[f.reading].name).key("decision").word(verdict_name(f.verdict));
    if (!f.if_objecting.empty()) {
      w.key("if_objecting");
      party_array(w, t, f.if_objecting);
      w.key("decision_if_objecting").word(verdict_name(f.verdict_if_objecting));
      w.key("alternative_decision_if_objecting").word(verdict_name(f.alt_verdict_if_objecting));
    }
    w.end_object();
  }
  w.end_array();
}

void render_json(const Engine& e, const Proposal& p, const Decision& d, bool explain_on, std::string& out) {
  JsonWriter w(out);
  w.begin_object();
  w.key("proposal").value(p.id);
  w.key("as_of").date(d.as_of);
  write_decision(w, e, p, d);
  if (explain_on) explain_json(w, e, p);
  w.end_object();
}

void write_answer(JsonWriter& w, const Engine& e, const Proposal& p, const Answer& a) {
  if (!a.depends()) return write_decision(w, e, p, a.decision());
  const Tables& t = e.tables();
  w.key("decision").word(verdict_name(a.verdict()));
  w.key("headline").word(headline_key(Headline::Depends));
  summary_json(w, summary_of(e, p, a));
  for (const char* k : {"vetoed_by", "pending", "prohibited_by", "obligations", "clauses", "readings"}) w.key(k).begin_array().end_array();
  w.key("depends_on").begin_array();
  for (std::size_t u = 0; u < a.unknown.size(); ++u) if (a.matters[u]) w.value(t.fields[a.unknown[u]].name);
  w.end_array();
  w.key("cases").begin_array();
  for (std::size_t g = 0; g < a.groups.size(); ++g) {
    const std::size_t k = a.groups[g][0];
    w.begin_object().key("if").value(case_condition(e, p, a, g));
    w.key("given").begin_array();
    for (std::uint32_t c : a.groups[g]) {
      w.begin_object();
      for (std::size_t u = 0; u < a.unknown.size(); ++u) {
        if (!a.matters[u]) continue;
        w.key(t.fields[a.unknown[u]].name);
        value_json(w, t, a.unknown[u], a.cases[c].values[u]);
      }
      w.end_object();
    }
    w.end_array();
    write_decision(w, e, case_proposal(e, p, a, k), a.cases[k].decision);
    w.end_object();
  }
  w.end_array();
}

void render_json(const Engine& e, const Proposal& p, const Answer& a, bool explain_on, std::string& out) {
  JsonWriter w(out);
  w.begin_object();
  w.key("proposal").value(p.id);
  w.key("as_of").date(p.date);
  write_answer(w, e, p, a);
  if (explain_on) explain_json(w, e, p);
  w.end_object();
}

std::string field_text(const Tables& t, const Proposal& p, std::size_t fi, const char* list_sep) {
  const Field& f = t.fields[fi];
  const std::int64_t v = f.type == FieldType::Parties ? 0 : p.scalars[f.slot];
  switch (f.type) {
    case FieldType::Party: return t.parties.name(static_cast<SymId>(v));
    case FieldType::Parties: return party_list(t, p.sets[f.slot], list_sep);
    case FieldType::Site: return t.sites.name(static_cast<SymId>(v));
    case FieldType::Bool: return v ? "true" : "false";
    case FieldType::Int: return std::to_string(v);
    case FieldType::Date: return format_date(static_cast<Date>(v));
    case FieldType::String: return t.strings.name(static_cast<SymId>(v));
  }
  return {};
}

void write_proposal(JsonWriter& w, const Tables& t, const Proposal& p) {
  w.begin_object();
  if (!p.id.empty()) w.key("id").value(p.id);
  if (!p.title.empty()) w.key("title").value(p.title);
  for (std::size_t fi = 0; fi < t.fields.size(); ++fi) {
    const Field& f = t.fields[fi];
    const bool is_date = f.type != FieldType::Parties && f.slot == kDateSlot;  // always known
    if (!(p.present >> fi & 1) && !is_date) continue;
    w.key(f.name);
    if (f.type == FieldType::Parties) {
      w.begin_array();
      p.sets[f.slot].for_each([&](unsigned id) { w.value(t.parties.name(static_cast<SymId>(id))); });
      w.end_array();
    } else if (f.type == FieldType::Bool) {
      w.value(p.scalars[f.slot] != 0);
    } else if (f.type == FieldType::Int) {
      w.value(p.scalars[f.slot]);
    } else {
      w.value(field_text(t, p, fi, ","));
    }
  }
  w.key("positions").begin_object();
  const std::pair<const Bits*, const char*> stances[] = {
      {&p.consented, "consent"}, {&p.objected, "object"}, {&p.abstained, "abstain"}};
  for (const auto& entry : stances) {
    const char* stance = entry.second;  // not a structured binding: clang 14 cannot capture those
    entry.first->for_each([&](unsigned id) { w.key(t.parties.name(static_cast<SymId>(id))).value(stance); });
  }
  w.end_object();
  w.end_object();
}

std::string field_words(const Tables& t, const Proposal& p, std::size_t fi) {
  const Field& f = t.fields[fi];
  if (f.type == FieldType::Party) return party_label(t, static_cast<SymId>(p.scalars[f.slot]));
  if (f.type == FieldType::Parties) return p.sets[f.slot].empty() ? "none" : party_labels(t, p.sets[f.slot]);
  if (f.type == FieldType::Site) return site_label(t, static_cast<SymId>(p.scalars[f.slot]));
  return field_text(t, p, fi, ", ");
}

std::string describe_proposal(const Engine& e, const Proposal& p) {
  const Tables& t = e.tables();
  std::string out = t.strings.name(p.action()) + " —";
  bool first = true;
  for (std::size_t fi = 2; fi < t.fields.size(); ++fi) {
    if (!(p.present >> fi & 1)) continue;
    out += (first ? " " : "; ") + t.fields[fi].name + " " + field_words(t, p, fi);
    first = false;
  }
  std::string pos;
  auto add = [&](const Bits& b, const char* word) {
    b.for_each([&](unsigned id) { pos += (pos.empty() ? "" : ", ") + party_label(t, static_cast<SymId>(id)) + " " + word; });
  };
  add(p.consented, "consents");
  add(p.objected, "objects");
  add(p.abstained, "abstains");
  if (!pos.empty()) out += "; " + pos;
  return out;
}

std::string replay_command(const Engine& e, const Proposal& p) {
  const Tables& t = e.tables();
  std::string cmd = "accord check --action " + t.strings.name(p.action()) + " --date " + format_date(p.date);
  for (std::size_t fi = 2; fi < t.fields.size(); ++fi) {
    if (!(p.present >> fi & 1)) continue;
    // Every schema field is an option of `accord check` (--actor USA, --org NATO).
    const std::string value = field_text(t, p, fi, ",");
    cmd += " --" + t.fields[fi].name + (value.empty() ? "=" : " " + value);  // an empty list: --partners=
  }
  auto add = [&](const Bits& b, const char* word) {
    b.for_each([&](unsigned id) { cmd += " --position " + t.parties.name(static_cast<SymId>(id)) + "=" + word; });
  };
  add(p.consented, "consent");
  add(p.objected, "object");
  add(p.abstained, "abstain");
  return cmd;
}

}  // namespace accord::internal
