#include "env/tables.h"

#include <algorithm>
#include <set>

#include "core/utf8.h"

namespace accord::internal {

const Field* Tables::field(std::string_view name) const {
  for (const auto& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

static std::uint16_t add_domain(Tables& t, std::string what, const std::vector<std::string>& values) {
  Domain dom;
  dom.what = std::move(what);
  for (const auto& v : values) {
    const SymId s = t.strings.intern(v);
    if (s >= kMaxSymbols) continue;  // too many distinct strings: build_tables reports it
    if (!dom.set.test(s)) dom.values.push_back(s), dom.set.set(s), dom.index.add(v, s);
  }
  t.domains.push_back(std::move(dom));
  return static_cast<std::uint16_t>(t.domains.size() - 1);
}

static void index_org(const Organization& org, Tables& t, OrgIndex& idx) {
  const SymId id = *t.parties.find(org.id);
  for (const auto& m : org.members)
    for (const auto& iv : m.intervals)
      if (!iv.status.empty() && !org.instrument)
        t.statuses.push_back({id, *t.parties.find(m.party), t.strings.intern(iv.status), iv.since, iv.to});
  std::set<Date> cuts = {kDateMin};
  for (const auto& m : org.members)
    for (const auto& iv : m.intervals) {
      cuts.insert(iv.from);
      if (iv.to != kDateMax) cuts.insert(iv.to);
      if (!iv.status.empty()) cuts.insert(iv.since);
    }
  for (Date from : cuts) {
    Bits members;
    std::vector<std::pair<SymId, SymId>> status;
    for (const auto& m : org.members) {
      const SymId p = *t.parties.find(m.party);
      for (const auto& iv : m.intervals)
        if (iv.from <= from && from < iv.to) {
          members.set(p);
          if (!iv.status.empty() && iv.since <= from) status.emplace_back(p, t.strings.intern(iv.status));
        }
    }
    idx.epoch_from.push_back(from);
    idx.members.push_back(members);
    idx.status.push_back(std::move(status));
    t.epochs.push_back(from);
  }
}

// Every way of writing each party and site, checked for keys that would name two of them.
static bool index_names(const Facts& facts, Tables& t, Diagnostics& d) {
  const std::size_t before = d.items().size();
  t.party_name.assign(t.parties.size(), "");
  t.site_title.assign(t.sites.size(), "");
  auto add = [&](NameIndex& index, const SymbolTable& ids, const std::string& key, SymId id, const Loc& loc, const char* what) {
    if (const SymId other = index.add(key, id); other != kNone)
      d.error_at(*loc.file, loc.offset, std::string(what) + " '" + key + "' of " + ids.name(id) + " already names " + ids.name(other));
  };
  // Codes first, so that an alias can never take over another party's code.
  for (const auto& s : facts.states) add(t.party_index, t.parties, s.id, *t.parties.find(s.id), s.loc, "code");
  // Instruments are parties only inside the rules (party_to, parties_to): proposals cannot name them.
  for (const auto& o : facts.organizations)
    if (!o.instrument) add(t.party_index, t.parties, o.id, *t.parties.find(o.id), o.loc, "code");
  for (const auto& s : facts.states) {
    const SymId id = *t.parties.find(s.id);
    t.party_name[id] = s.name;
    if (!s.alpha2.empty()) add(t.party_index, t.parties, s.alpha2, id, s.loc, "alpha-2 code");
    add(t.party_index, t.parties, s.name, id, s.loc, "name");
    for (const auto& a : s.aliases) add(t.party_index, t.parties, a, id, s.loc, "alias");
  }
  for (const auto& o : facts.organizations) {
    const SymId id = *t.parties.find(o.id);
    t.party_name[id] = o.name;
    if (o.instrument) continue;
    add(t.party_index, t.parties, o.name, id, o.loc, "name");
    for (const auto& a : o.aliases) add(t.party_index, t.parties, a, id, o.loc, "alias");
  }
  for (const auto& s : facts.sites) add(t.site_index, t.sites, s.id, *t.sites.find(s.id), s.loc, "id");
  for (const auto& s : facts.sites) {
    const SymId id = *t.sites.find(s.id);
    t.site_title[id] = s.name;
    add(t.site_index, t.sites, s.name, id, s.loc, "name");
    for (const auto& a : s.aliases) add(t.site_index, t.sites, a, id, s.loc, "alias");
  }
  return d.items().size() == before;
}

static void report_names(Tables& t);

bool build_tables(const RuleSet& rules, Tables& t, Diagnostics& d) {
  const Facts& facts = rules.facts;
  // Parties are interned in code order, so iterating a set of them lists them sorted.
  std::vector<std::string> codes;
  for (const auto& s : facts.states) codes.push_back(s.id);
  for (const auto& o : facts.organizations) codes.push_back(o.id);
  std::sort(codes.begin(), codes.end());
  for (const auto& c : codes) t.parties.intern(c);
  for (const auto& s : facts.sites) t.sites.intern(s.id);
  if (t.parties.size() > kMaxSymbols || t.sites.size() > kMaxSymbols) {  // id 0 is "none": 511 of each
    d.error({}, "too many parties or sites: the limit is " + std::to_string(kMaxSymbols - 1));
    return false;
  }
  t.is_org.assign(t.parties.size(), false);
  t.is_instrument.assign(t.parties.size(), false);
  t.orgs.resize(t.parties.size());
  if (!index_names(facts, t, d)) return false;

  // Domains: free strings, then actions, site kinds, positions, statuses, field values.
  t.domains.emplace_back().what = "string";
  std::vector<std::string> actions, kinds;
  for (const auto& a : rules.schema.actions) actions.push_back(a.name);
  for (const auto& s : facts.sites) kinds.push_back(s.kind);
  add_domain(t, "action", actions);
  add_domain(t, "site kind", kinds);
  add_domain(t, "position", {"none", "consent", "object", "abstain"});
  std::vector<std::string> statuses = {"member", "none"};
  for (const auto& o : facts.organizations)
    for (const auto& m : o.members)
      for (const auto& iv : m.intervals)
        if (!iv.status.empty()) statuses.push_back(iv.status);
  add_domain(t, "status", statuses);
  for (int i = 0; i < 4; ++i) t.pos_sym[i] = t.domains[kPositionDomain].values[static_cast<size_t>(i)];
  t.status_member = t.strings.intern("member");
  t.status_none = t.strings.intern("none");

  for (const auto& o : facts.organizations) {
    const SymId id = *t.parties.find(o.id);
    t.is_org[id] = true;
    t.is_instrument[id] = o.instrument;
    index_org(o, t, t.orgs[id]);
  }
  report_names(t);
  t.presences.resize(t.sites.size());
  for (const auto& s : facts.sites)
    for (const auto& pr : s.presences) {
      t.presences[*t.sites.find(s.id)].push_back({*t.parties.find(pr.party), pr.from, pr.to});
      t.epochs.push_back(pr.from);
      if (pr.to != kDateMax) t.epochs.push_back(pr.to);
    }
  std::sort(t.epochs.begin(), t.epochs.end());
  t.epochs.erase(std::unique(t.epochs.begin(), t.epochs.end()), t.epochs.end());

  t.site_state.assign(t.sites.size(), kNone);
  t.site_kind.assign(t.sites.size(), kNone);
  t.site_name.assign(t.sites.size(), kNone);
  for (const auto& s : facts.sites) {
    const SymId id = *t.sites.find(s.id);
    t.site_state[id] = *t.parties.find(s.state);
    t.site_kind[id] = t.strings.intern(s.kind);
    t.site_name[id] = t.strings.intern(s.name);
  }

  t.fields.push_back({"action", FieldType::String, kActionSlot, kActionDomain});
  t.fields.push_back({"date", FieldType::Date, kDateSlot, kFreeString});
  t.scalar_slots = 2;
  for (const auto& f : rules.schema.fields) {
    Field field{f.name, f.type, 0, kFreeString};
    if (f.type == FieldType::Parties) {
      field.slot = t.set_slots++;
    } else {
      field.slot = t.scalar_slots++;
      if (f.type == FieldType::String) field.domain = add_domain(t, "value of '" + f.name + "'", f.values);
    }
    t.fields.push_back(std::move(field));
  }
  for (const auto& f : rules.schema.fields) {
    if (f.within.empty()) continue;
    const auto fi = static_cast<std::size_t>(t.field(f.name) - t.fields.data());
    t.fields[fi].within = static_cast<std::int16_t>(t.field(f.within) - t.fields.data());
    t.within_fields.push_back(static_cast<std::uint16_t>(fi));
  }
  if (t.fields.size() > kMaxFields) {
    d.error({}, "too many proposal fields: the limit is " + std::to_string(kMaxFields));
    return false;
  }
  // String ids index sets and tables of kMaxSymbols entries from here on.
  auto too_many_strings = [&] {
    if (t.strings.size() <= kMaxSymbols) return false;  // id 0 is "none": 511 strings
    d.error({}, "too many distinct strings: the limit is " + std::to_string(kMaxSymbols - 1));
    return true;
  };
  if (too_many_strings()) return false;
  t.action_required.assign(kMaxSymbols, 0);
  t.action_allowed.assign(kMaxSymbols, 0);
  for (const auto& a : rules.schema.actions) {
    const SymId s = *t.strings.find(a.name);
    auto bit = [&](const std::string& n) { return std::uint64_t{1} << (t.field(n) - t.fields.data()); };
    t.action_allowed[s] = 0b11;  // action and date
    for (const auto& n : a.required) t.action_required[s] |= bit(n), t.action_allowed[s] |= bit(n);
    for (const auto& n : a.optional) t.action_allowed[s] |= bit(n);
  }
  // Every string literal of the rules has an id before the checker runs, which only reads the
  // tables.
  for (const Clause& c : rules.clauses) {
    intern_literals(c.when, t);
    for (const Reading& r : c.readings) {
      if (r.outcome.consent_from) intern_literals(*r.outcome.consent_from, t);
      if (r.outcome.binds) intern_literals(*r.outcome.binds, t);
    }
    for (const auto* parts : {&c.because, &c.duty})
      for (const TemplatePart& part : *parts)
        if (part.expr) intern_literals(*part.expr, t);
  }
  return !too_many_strings();
}

static void intern_literals(const Expr& e, Tables& t) {
  if (e.kind == ExprKind::Str) t.strings.intern(e.text);
  for (const Expr& k : e.kids) intern_literals(k, t);
}

void intern_literals(const SourceExpr& e, Tables& t) { intern_literals(e.ast, t); }

const std::string& party_word(const Tables& t, SymId p) { return t.party_word_text[p]; }

const std::string& party_label(const Tables& t, SymId p) { return t.party_label_text[p]; }

// party_word_text, party_label_text, party_json and the ranks, from the names.
static void report_names(Tables& t) {
  const std::size_t n = t.parties.size();
  t.party_word_text.assign(n, "");
  t.party_label_text.assign(n, "");
  t.party_json.assign(n, "");
  for (SymId p = 0; p < n; ++p) {
    const std::string& code = t.parties.name(p);
    const bool by_code = t.is_org[p] || t.party_name[p].empty();  // an organization: "CSTO"
    t.party_word_text[p] = by_code ? code : t.party_name[p];
    t.party_label_text[p] = by_code ? code : t.party_name[p] + " (" + code + ")";
    t.party_json[p] = "\"";
    append_json_escaped(t.party_json[p], code);
    t.party_json[p] += '"';
  }
  t.party_short_json.assign(n, Tables::ShortJson{});
  t.long_json.clear();
  for (SymId p = 0; p < n; ++p) {
    const std::string& json = t.party_json[p];
    if (json.size() >= sizeof(Tables::ShortJson::text)) {  // text[15] holds the length (p < kMaxSymbols: checked above)
      t.long_json.set(p);
      continue;
    }
    std::copy(json.begin(), json.end(), t.party_short_json[p].text);
    t.party_short_json[p].text[15] = static_cast<char>(json.size());
  }
  auto rank = [n](const std::vector<std::string>& text, std::vector<std::uint16_t>& out, std::vector<SymId>& order) {
    order.resize(n);
    for (SymId p = 0; p < n; ++p) order[p] = p;
    std::sort(order.begin(), order.end(), [&](SymId a, SymId b) { return text[a] < text[b]; });
    out.assign(n, 0);
    for (std::size_t r = 0; r < n; ++r) out[order[r]] = static_cast<std::uint16_t>(r);
  };
  rank(t.party_word_text, t.word_rank, t.by_word_rank);
  rank(t.party_label_text, t.label_rank, t.by_label_rank);
}

std::string site_label(const Tables& t, SymId s) {
  return t.site_title[s].empty() ? t.sites.name(s) : t.site_title[s] + " (" + t.sites.name(s) + ")";
}

// "; did you mean 'A' (name) or 'B' (name)?"
static std::string did_you_mean(const std::vector<SymId>& ids, const SymbolTable& codes,
                                const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    out += i == 0 ? "; did you mean '" : " or '";
    out += codes.name(ids[i]) + "'";
    if (!names[ids[i]].empty() && names[ids[i]] != codes.name(ids[i])) out += " (" + names[ids[i]] + ")";
  }
  return out.empty() ? out : out + "?";
}

std::string party_suggestion(const Tables& t, std::string_view text) {
  return did_you_mean(t.party_index.suggest(text), t.parties, t.party_name);
}

std::string resolve_party(const Tables& t, std::string_view text, SymId& out) {
  if (auto id = t.party_index.find(text)) return out = *id, std::string();
  return "unknown party '" + std::string(text) + "'" + party_suggestion(t, text);
}

std::string resolve_site(const Tables& t, std::string_view text, SymId& out) {
  if (auto id = t.site_index.find(text)) return out = *id, std::string();
  return "unknown site '" + std::string(text) + "'" + did_you_mean(t.site_index.suggest(text), t.sites, t.site_title);
}

std::string resolve_value(const Tables& t, std::uint16_t domain, std::string_view text, SymId& out) {
  const Domain& dom = t.domains[domain];
  if (auto id = dom.index.find(text)) return out = *id, std::string();
  std::string msg = "unknown " + dom.what + " '" + std::string(text) + "'", all;
  const auto near = dom.index.suggest(text);
  for (std::size_t i = 0; i < near.size(); ++i) msg += (i == 0 ? "; did you mean '" : " or '") + t.strings.name(near[i]) + "'";
  if (!near.empty()) msg += "?";
  for (SymId v : dom.values) all += (all.empty() ? "" : ", ") + t.strings.name(v);
  const std::string plural = dom.what == "action" ? "actions" : "one of";
  return msg + " (" + plural + ": " + all + ")";
}

}  // namespace accord::internal
