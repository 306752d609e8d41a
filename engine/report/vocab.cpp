#include "report/vocab.h"

#include <algorithm>

#include "report/json_writer.h"
#include "report/summary.h"

namespace accord::internal {

namespace {

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// An organization (not an instrument of the facts, which are kept in the same tables).
bool is_organization(const Tables& t, SymId p) { return t.is_org[p] && !t.is_instrument[p]; }

// The organizations `p` belongs to on `d`, with a status where it has one: "CSTO (frozen)".
std::vector<std::string> memberships(const Tables& t, SymId p, Date d) {
  std::vector<std::string> out;
  for (SymId o = 1; o < t.parties.size(); ++o) {
    const OrgIndex& idx = t.orgs[o];
    if (!is_organization(t, o) || idx.epoch_from.empty()) continue;
    const std::size_t ep = idx.epoch(d);
    if (!idx.members[ep].test(p)) continue;
    std::string s = t.parties.name(o);
    for (const auto& [who, st] : idx.status[ep]) if (who == p) s += " (" + t.strings.name(st) + ")";
    out.push_back(s);
  }
  return out;
}

Bits members_on(const Tables& t, SymId org, Date d) {
  const OrgIndex& idx = t.orgs[org];
  return idx.epoch_from.empty() ? Bits{} : idx.members[idx.epoch(d)];
}

const State* state_of(const Engine& e, SymId p) {
  const std::string& code = e.tables().parties.name(p);
  for (const auto& s : e.rules().facts.states) if (s.id == code) return &s;
  return nullptr;
}
const Organization* org_of(const Engine& e, SymId p) {
  const std::string& code = e.tables().parties.name(p);
  for (const auto& o : e.rules().facts.organizations) if (o.id == code) return &o;
  return nullptr;
}
const Site* site_of(const Engine& e, SymId s) {
  const std::string& id = e.tables().sites.name(s);
  for (const auto& x : e.rules().facts.sites) if (x.id == id) return &x;
  return nullptr;
}

// The fields of `a` that some clause applicable to it reads: the ones that can change its answer.
std::vector<std::string> fields_read(const Engine& e, const ActionDecl& a) {
  const Tables& t = e.tables();
  std::vector<std::string> out;
  SymId action = kNone;
  if (!resolve_value(t, kActionDomain, a.name, action).empty()) return out;
  const std::uint64_t read = e.fields_observed_for(action);
  for (std::size_t fi = 2; fi < t.fields.size(); ++fi)
    if ((read >> fi & 1) && (t.action_allowed[action] >> fi & 1)) out.push_back(t.fields[fi].name);
  return out;
}

std::string fields_line(const Engine& e, const ActionDecl& a) {
  std::string out = "needs: " + (a.required.empty() ? std::string("-") : join(a.required));
  if (!a.optional.empty()) out += "; may give: " + join(a.optional);
  const auto read = fields_read(e, a);
  out += read.empty() ? "; no clause reads its fields" : "; the clauses look at: " + join(read);
  return out;
}

void actions_text(const Engine& e, std::string& out) {
  out += "Actions (--action NAME; the fields each needs and may give):\n";
  for (const auto& a : e.rules().schema.actions) {
    out += "  " + a.name + "\n";
    if (!a.doc.empty()) out += "      " + a.doc + "\n";
    out += "      " + fields_line(e, a) + "\n";
  }
}

void fields_text(const Engine& e, std::string& out) {
  out += "Fields (--actor, --host, --site, or --field NAME=VALUE):\n";
  for (const auto& f : e.rules().schema.fields) {
    out += "  " + f.name + " (" + field_type_name(f.type) + ")" + (f.doc.empty() ? "" : ": " + f.doc) + "\n";
    if (!f.values.empty()) out += "      values: " + join(f.values) + "\n";
  }
}

void parties_text(const Engine& e, Date d, std::string& out) {
  const Tables& t = e.tables();
  out += "Parties on " + format_date(d) + " (type a party by its code in any case, its alpha-2 code, name or alias):\n";
  for (SymId p = 1; p < t.parties.size(); ++p) {
    if (t.is_org[p]) continue;
    const State* s = state_of(e, p);
    std::string line = "  " + t.parties.name(p) + "  " + (s && !s->alpha2.empty() ? s->alpha2 : "  ") + "  " + t.party_name[p];
    const auto in = memberships(t, p, d);
    if (!in.empty()) line += " — " + join(in);
    out += line + "\n";
    if (s && !s->aliases.empty()) out += "          also: " + join(s->aliases, "; ") + "\n";
  }
}

void organizations_text(const Engine& e, Date d, std::string& out) {
  const Tables& t = e.tables();
  out += "Organizations on " + format_date(d) + ":\n";
  for (SymId o = 1; o < t.parties.size(); ++o) {
    if (!is_organization(t, o)) continue;
    const Bits m = members_on(t, o, d);
    out += "  " + t.parties.name(o) + "  " + t.party_name[o] + " — " + std::to_string(m.count()) + " members";
    out += m.empty() ? "\n" : ": " + party_words(t, m) + "\n";
  }
}

void sites_text(const Engine& e, std::string& out) {
  const Tables& t = e.tables();
  out += "Sites (--site ID or name):\n";
  for (const auto& s : e.rules().facts.sites) {
    SymId state = kNone;
    resolve_party(t, s.state, state);
    out += "  " + s.id + "  " + s.name + " — " + s.kind + " in " + party_word(t, state) + "\n";
  }
}

void party_json(JsonWriter& w, const Engine& e, SymId p, Date d) {
  const Tables& t = e.tables();
  w.begin_object().key("code").value(t.parties.name(p)).key("name").value(t.party_name[p]);
  w.key("organization").value(static_cast<bool>(t.is_org[p]));
  std::vector<std::string> aliases;
  if (const State* s = state_of(e, p)) {
    w.key("alpha2").value(s->alpha2);
    aliases = s->aliases;
  } else if (const Organization* o = org_of(e, p)) {
    aliases = o->aliases;
  }
  w.key("aliases").begin_array();
  for (const auto& a : aliases) w.value(a);
  w.end_array();
  if (t.is_org[p]) {
    w.key("members").begin_array();
    members_on(t, p, d).for_each([&](unsigned id) { w.value(t.parties.name(static_cast<SymId>(id))); });
    w.end_array();
  } else {
    w.key("memberships").begin_array();
    for (const auto& m : memberships(t, p, d)) w.value(m);
    w.end_array();
  }
  w.end_object();
}

void action_json(JsonWriter& w, const Engine& e, const ActionDecl& a) {
  w.begin_object().key("name").value(a.name).key("doc").value(a.doc).key("required").begin_array();
  for (const auto& f : a.required) w.value(f);
  w.end_array().key("optional").begin_array();
  for (const auto& f : a.optional) w.value(f);
  w.end_array().key("read").begin_array();
  for (const auto& f : fields_read(e, a)) w.value(f);
  w.end_array().end_object();
}

void field_json(JsonWriter& w, const FieldDecl& f) {
  w.begin_object().key("name").value(f.name).key("type").value(field_type_name(f.type)).key("doc").value(f.doc);
  w.key("values").begin_array();
  for (const auto& v : f.values) w.value(v);
  w.end_array().key("labels").begin_object();
  for (const auto& [v, label] : f.labels) w.key(v).value(label);
  w.end_object().end_object();
}

void site_json(JsonWriter& w, const Site& s) {
  w.begin_object().key("id").value(s.id).key("name").value(s.name).key("state").value(s.state).key("kind").value(s.kind);
  w.key("aliases").begin_array();
  for (const auto& a : s.aliases) w.value(a);
  w.end_array().end_object();
}

}  // namespace

bool parse_vocab_topic(const std::string& word, VocabTopic& out) {
  static const std::pair<const char*, VocabTopic> kTopics[] = {
      {"actions", VocabTopic::Actions}, {"action", VocabTopic::Actions}, {"fields", VocabTopic::Fields},
      {"field", VocabTopic::Fields}, {"parties", VocabTopic::Parties}, {"party", VocabTopic::Parties},
      {"states", VocabTopic::Parties}, {"organizations", VocabTopic::Organizations},
      {"organization", VocabTopic::Organizations}, {"orgs", VocabTopic::Organizations}, {"sites", VocabTopic::Sites},
      {"site", VocabTopic::Sites}, {"all", VocabTopic::All}};
  for (const auto& [w, t] : kTopics)
    if (word == w) return out = t, true;
  return false;
}

std::string vocab_text(const Engine& e, VocabTopic topic, Date d) {
  std::string out;
  switch (topic) {
    case VocabTopic::Actions: actions_text(e, out); break;
    case VocabTopic::Fields: fields_text(e, out); break;
    case VocabTopic::Parties: parties_text(e, d, out); break;
    case VocabTopic::Organizations: organizations_text(e, d, out); break;
    case VocabTopic::Sites: sites_text(e, out); break;
    case VocabTopic::All: {
      actions_text(e, out);
      out += "\n";
      organizations_text(e, d, out);
      out += "\n";
      sites_text(e, out);
      std::size_t states = 0;
      for (SymId p = 1; p < e.tables().parties.size(); ++p) states += e.tables().is_org[p] ? 0 : 1;
      out += "\n" + std::to_string(states) + " states: `accord vocab parties` lists them with their codes, names and memberships;\n"
             "`accord vocab fields` the proposal fields; `accord vocab NAME` one action, party, site or organization.\n";
      break;
    }
  }
  return out;
}

void vocab_json(const Engine& e, VocabTopic topic, Date d, std::string& out) {
  const Tables& t = e.tables();
  JsonWriter w(out);
  w.begin_object().key("as_of").value(format_date(d));
  const bool all = topic == VocabTopic::All;
  if (all || topic == VocabTopic::Actions) {
    w.key("actions").begin_array();
    for (const auto& a : e.rules().schema.actions) action_json(w, e, a);
    w.end_array();
  }
  if (all || topic == VocabTopic::Fields) {
    w.key("fields").begin_array();
    for (const auto& f : e.rules().schema.fields) field_json(w, f);
    w.end_array();
  }
  if (all || topic == VocabTopic::Parties) {
    w.key("parties").begin_array();
    for (SymId p = 1; p < t.parties.size(); ++p) if (!t.is_org[p]) party_json(w, e, p, d);
    w.end_array();
  }
  if (all || topic == VocabTopic::Organizations) {
    w.key("organizations").begin_array();
    for (SymId p = 1; p < t.parties.size(); ++p) if (is_organization(t, p)) party_json(w, e, p, d);
    w.end_array();
  }
  if (all || topic == VocabTopic::Sites) {
    w.key("sites").begin_array();
    for (const auto& s : e.rules().facts.sites) site_json(w, s);
    w.end_array();
  }
  w.end_object();
}

std::string vocab_item_text(const Engine& e, const std::string& name, Date d) {
  const Tables& t = e.tables();
  std::string out;
  SymId id = kNone;
  if (resolve_value(t, kActionDomain, name, id).empty()) {
    for (const auto& a : e.rules().schema.actions)
      if (a.name == t.strings.name(id)) {
        out += "action " + a.name + "\n";
        if (!a.doc.empty()) out += "  " + a.doc + "\n";
        out += "  " + fields_line(e, a) + "\n";
        std::vector<std::string> cites;
        for (std::size_t i = 0; i < e.clauses().size(); ++i)
          if (e.clauses()[i].actions.test(id)) cites.push_back(e.rules().clauses[i].cite + " (" + e.rules().clauses[i].id + ")");
        out += "  clauses that can apply to it:" + std::string(cites.empty() ? " none\n" : "\n");
        for (const auto& c : cites) out += "    " + c + "\n";
      }
    return out;
  }
  if (resolve_party(t, name, id).empty()) {
    out += (t.is_org[id] ? "organization " : "party ") + t.parties.name(id) + " — " + t.party_name[id] + "\n";
    if (const State* s = state_of(e, id)) {
      if (!s->alpha2.empty()) out += "  alpha-2: " + s->alpha2 + "\n";
      if (!s->aliases.empty()) out += "  also: " + join(s->aliases, "; ") + "\n";
      const auto in = memberships(t, id, d);
      out += "  on " + format_date(d) + ": " + (in.empty() ? std::string("a member of no organization") : "a member of " + join_words(in)) + "\n";
      // Organizations first, then the instruments it is a party to.
      for (const bool instruments : {false, true})
        for (const auto& o : e.rules().facts.organizations)
          for (const auto& m : o.members) {
            if (m.party != s->id || o.instrument != instruments) continue;
            for (const auto& iv : m.intervals) {
              out += std::string("  ") + (instruments ? "party to " : "") + o.id + ": from " + format_date(iv.from) +
                     (iv.to == kDateMax ? "" : " to " + format_date(iv.to));
              if (!iv.status.empty()) out += ", " + iv.status + " since " + format_date(iv.since);
              out += "\n";
            }
          }
    } else if (const Organization* o = org_of(e, id)) {
      if (!o->aliases.empty()) out += "  also: " + join(o->aliases, "; ") + "\n";
      const Bits m = members_on(t, id, d);
      out += "  members on " + format_date(d) + ": " + (m.empty() ? std::string("none") : party_labels(t, m)) + "\n";
    }
    return out;
  }
  if (resolve_site(t, name, id).empty()) {
    const Site* s = site_of(e, id);
    SymId state = kNone;
    resolve_party(t, s->state, state);
    out += "site " + s->id + " — " + s->name + "\n  " + s->kind + " in " + party_label(t, state) + "\n";
    if (!s->aliases.empty()) out += "  also: " + join(s->aliases, "; ") + "\n";
    if (!s->notes.empty()) out += "  " + s->notes + "\n";
  }
  return out;
}

bool vocab_item_json(const Engine& e, const std::string& name, Date d, std::string& out) {
  const Tables& t = e.tables();
  SymId id = kNone;
  JsonWriter w(out);
  if (resolve_value(t, kActionDomain, name, id).empty()) {
    for (const auto& a : e.rules().schema.actions)
      if (a.name == t.strings.name(id)) action_json(w, e, a);
    return true;
  }
  if (resolve_party(t, name, id).empty()) return party_json(w, e, id, d), true;
  if (resolve_site(t, name, id).empty()) return site_json(w, *site_of(e, id)), true;
  return false;
}

}  // namespace accord::internal
