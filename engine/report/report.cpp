#include "report/report.h"

#include <algorithm>

#include "eval/evaluator.h"
#include "report/json_writer.h"

namespace accord {

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

// Formats the value of node `n` (of type `type`) for a person.
static std::string format_value(const Engine& e, Evaluator& ev, std::uint32_t n, const Type& type) {
  const Tables& t = e.tables();
  if (type.set) {
    Bits s;
    ev.set(n, s);
    if (type.base == Base::Party) return s.empty() ? "(none)" : party_list(t, s);
    std::string out;
    s.for_each([&](unsigned id) { out += (out.empty() ? "" : ", ") + t.strings.name(static_cast<SymId>(id)); });
    return out.empty() ? "(none)" : out;
  }
  switch (type.base) {
    case Base::Bool: return ev.boolean(n) ? "true" : "false";
    case Base::Int: return std::to_string(ev.scalar(n));
    case Base::Date: return format_date(static_cast<Date>(ev.scalar(n)));
    case Base::Str: { const auto v = ev.scalar(n); return v ? t.strings.name(static_cast<SymId>(v)) : "(none)"; }
    case Base::Party: { const auto v = ev.scalar(n); return v ? t.parties.name(static_cast<SymId>(v)) : "(none)"; }
    case Base::Site: { const auto v = ev.scalar(n); return v ? t.sites.name(static_cast<SymId>(v)) : "(none)"; }
  }
  return {};
}

std::string render_because(const Engine& engine, const Proposal& p, std::uint32_t clause) {
  Evaluator ev(engine.program(), engine.tables(), p);
  std::string out;
  for (const TemplateHole& h : engine.clauses()[clause].because) {
    out += h.literal;
    if (h.node != kNoNode) out += format_value(engine, ev, h.node, h.type);
  }
  return out;
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
      x.applies = true;
      for (const SubCondition& s : c.subs) {
        const bool v = ev.boolean(s.node);
        x.conditions.push_back({s.text, v ? "true" : "false", v});
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

static void party_array(JsonWriter& w, const Tables& t, const Bits& s) {
  w.begin_array();
  s.for_each([&](unsigned id) { w.value(t.parties.name(static_cast<SymId>(id))); });
  w.end_array();
}

static std::size_t reading_used(const Decision& d, std::uint32_t clause) {
  for (const auto& r : d.clauses)
    if (r.clause == clause) return r.reading;
  return 0;
}

namespace {
struct Paint {
  bool on;
  std::string operator()(const char* code, const std::string& s) const {
    return on ? std::string("\033[") + code + "m" + s + "\033[0m" : s;
  }
};
const char* verdict_colour(Verdict v) {
  switch (v) {
    case Verdict::Permitted: return "1;32";
    case Verdict::NeedsConsent: return "1;33";
    default: return "1;31";
  }
}
std::string upper_words(const char* s) {
  std::string out;
  for (const char* c = s; *c; ++c) out += *c == '_' ? ' ' : static_cast<char>(std::toupper(static_cast<unsigned char>(*c)));
  return out;
}
}  // namespace

std::string render_text(const Engine& e, const Proposal& p, const Decision& d, const ReportOptions& o) {
  const Tables& t = e.tables();
  const auto& rules = e.rules().clauses;
  Paint paint{o.color};
  std::string out;
  out += paint(verdict_colour(d.verdict), upper_words(verdict_name(d.verdict)));
  out += "  " + (p.id.empty() ? std::string("(proposal)") : p.id) + ", as of " + format_date(d.as_of) + "\n";
  if (!p.title.empty()) out += "  " + p.title + "\n";
  if (!d.vetoed_by.empty()) out += "  vetoed by: " + party_list(t, d.vetoed_by) + "\n";
  if (!d.pending.empty()) out += "  waiting for: " + party_list(t, d.pending) + "\n";
  for (auto c : d.prohibited_by) out += "  prohibited by: " + rules[c].cite + "\n";
  if (d.clauses.empty()) out += "  No clause applies to this proposal on this date.\n";

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
      out += "  consent (" + std::string(consent_rule_name(reading.outcome.rule)) + ") from: " +
             (r.required.empty() ? std::string("(nobody)") : party_list(t, r.required)) + "\n";
      if (!r.consented.empty()) out += "    consented: " + party_list(t, r.consented) + "\n";
      if (!r.objected.empty()) out += "    objected: " + party_list(t, r.objected) + "\n";
      if (!r.abstained.empty()) out += "    abstained: " + party_list(t, r.abstained) + "\n";
      if (!r.pending.empty()) out += "    pending: " + party_list(t, r.pending) + "\n";
    }
    if (r.status == ClauseStatus::Obligation && !r.binds.empty()) out += "  binds: " + party_list(t, r.binds) + "\n";
  }
  for (const ReadingFork& f : d.forks) {
    const Clause& c = rules[f.clause];
    const std::string& used = c.readings[reading_used(d, f.clause)].name;
    const std::string& alt = c.readings[f.reading].name;
    out += "\n" + paint("1;35", "Contested reading:") + " " + c.cite + " is read as '" + used + "'.\n";
    if (f.verdict != d.verdict)
      out += "  Read as '" + alt + "', the decision would be " + verdict_name(f.verdict) + ".\n";
    if (!f.if_objecting.empty())
      out += "  If " + party_list(t, f.if_objecting) + " objected: " + verdict_name(f.verdict_if_objecting) +
             " as '" + used + "', " + verdict_name(f.alt_verdict_if_objecting) + " as '" + alt + "'.\n";
    if (!c.notes.empty()) out += "  Note: " + c.notes + "\n";
  }
  if (o.explain) {
    out += "\n" + paint("1", "Explain") + " (conditions of every clause, as of " + format_date(p.date) + ")\n";
    for (const ExplainedClause& x : explain(e, p)) {
      const Clause& c = rules[x.clause];
      out += "  " + c.id + ": ";
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
  return out;
}


void render_json(const Engine& e, const Proposal& p, const Decision& d, bool explain_on, std::string& out) {
  const Tables& t = e.tables();
  const auto& rules = e.rules().clauses;
  JsonWriter w(out);
  w.begin_object();
  w.key("proposal").value(p.id);
  w.key("as_of").value(format_date(d.as_of));
  w.key("decision").value(verdict_name(d.verdict));
  w.key("vetoed_by");
  party_array(w, t, d.vetoed_by);
  w.key("pending");
  party_array(w, t, d.pending);
  w.key("prohibited_by").begin_array();
  for (auto c : d.prohibited_by) w.value(rules[c].id);
  w.end_array();
  w.key("obligations").begin_array();
  for (auto k : d.obligations) {
    const ClauseResult& r = d.clauses[k];
    w.begin_object().key("id").value(rules[r.clause].id).key("cite").value(rules[r.clause].cite).key("binds");
    party_array(w, t, r.binds);
    w.end_object();
  }
  w.end_array();
  w.key("clauses").begin_array();
  for (const ClauseResult& r : d.clauses) {
    const Clause& c = rules[r.clause];
    w.begin_object().key("id").value(c.id).key("cite").value(c.cite).key("status").value(clause_status_name(r.status));
    if (r.status == ClauseStatus::SetAside) {
      w.key("by").value(rules[static_cast<size_t>(r.set_aside_by)].id);
    } else {
      const Reading& reading = c.readings[r.reading];
      if (!reading.name.empty()) w.key("reading").value(reading.name);
      if (reading.outcome.effect == Effect::Consent) {
        w.key("rule").value(consent_rule_name(reading.outcome.rule));
        w.key("required"); party_array(w, t, r.required);
        w.key("consented"); party_array(w, t, r.consented);
        w.key("objected"); party_array(w, t, r.objected);
        w.key("abstained"); party_array(w, t, r.abstained);
        w.key("pending"); party_array(w, t, r.pending);
      }
      if (r.status == ClauseStatus::Obligation) { w.key("binds"); party_array(w, t, r.binds); }
      w.key("because").begin_string();
      Evaluator ev(e.program(), t, p);
      for (const TemplateHole& h : e.clauses()[r.clause].because) {
        w.string_part(h.literal);
        if (h.node != kNoNode) w.string_part(format_value(e, ev, h.node, h.type));
      }
      w.end_string();
    }
    w.end_object();
  }
  w.end_array();
  w.key("readings").begin_array();
  for (const ReadingFork& f : d.forks) {
    const Clause& c = rules[f.clause];
    w.begin_object().key("clause").value(c.id).key("reading").value(c.readings[reading_used(d, f.clause)].name)
        .key("alternative").value(c.readings[f.reading].name).key("decision").value(verdict_name(f.verdict));
    if (!f.if_objecting.empty()) {
      w.key("if_objecting");
      party_array(w, t, f.if_objecting);
      w.key("decision_if_objecting").value(verdict_name(f.verdict_if_objecting));
      w.key("alternative_decision_if_objecting").value(verdict_name(f.alt_verdict_if_objecting));
    }
    w.end_object();
  }
  w.end_array();
  if (explain_on) {
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
  w.end_object();
}

}  // namespace accord

namespace accord {

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

std::string describe_proposal(const Engine& e, const Proposal& p) {
  const Tables& t = e.tables();
  std::string out = t.strings.name(p.action()) + " —";
  bool first = true;
  for (std::size_t fi = 2; fi < t.fields.size(); ++fi) {
    if (!(p.present >> fi & 1)) continue;
    out += (first ? " " : ", ") + t.fields[fi].name + " " + field_text(t, p, fi, "+");
    first = false;
  }
  std::string pos;
  auto add = [&](const Bits& b, const char* word) {
    b.for_each([&](unsigned id) { pos += (pos.empty() ? "" : ", ") + t.parties.name(static_cast<SymId>(id)) + " " + word; });
  };
  add(p.consented, "consents");
  add(p.objected, "objects");
  add(p.abstained, "abstains");
  if (!pos.empty()) out += "; " + pos;
  return out;
}

}  // namespace accord
