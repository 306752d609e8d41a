#include "compile/mentions.h"

namespace accord::internal {

void scan_mentions(const Expr& e, const Tables& t, Mentions& m, bool presence) {
  switch (e.kind) {
    case ExprKind::Name: (presence ? m.presence_names : m.names).insert(e.text); break;
    case ExprKind::Str:
      if (auto id = t.parties.find(e.text); id && *id != kNone) m.literal_parties.set(*id);
      if (auto id = t.sites.find(e.text); id && *id != kNone) m.literal_sites.set(*id);
      break;
    case ExprKind::Attr: m.site_attrs.insert(e.text); break;
    case ExprKind::Date: m.dates.insert(static_cast<Date>(e.ival)); break;
    case ExprKind::Int: m.ints.insert(e.ival); break;
    case ExprKind::Call:
      if ((e.text == "member" || e.text == "members" || e.text == "status" || e.text == "party_to" ||
           e.text == "parties_to") && !e.kids.empty() && e.kids[0].kind != ExprKind::Str)
        m.org_other = true;
      if (e.text == "position" && e.kids.size() == 1) {
        const Expr& a = e.kids[0];
        if (a.kind == ExprKind::Name && t.field(a.text)) m.position_fields.insert(a.text);
        else if (a.kind == ExprKind::Str && t.parties.find(a.text)) m.position_literals.set(*t.parties.find(a.text));
        else m.position_other = true;
      }
      break;
    case ExprKind::Binary: case ExprKind::Bool: case ExprKind::Not: case ExprKind::Quant:
    case ExprKind::Set: break;
  }
  const bool args_of_presence = presence || (e.kind == ExprKind::Call && e.text == "present_since");
  for (const auto& k : e.kids) scan_mentions(k, t, m, args_of_presence);
}

static void scan_clause(const Clause& c, const Tables& t, Mentions& m) {
  scan_mentions(c.when.ast, t, m);
  for (const Reading& r : c.readings) {
    if (r.outcome.consent_from) scan_mentions(r.outcome.consent_from->ast, t, m);
    if (r.outcome.binds) scan_mentions(r.outcome.binds->ast, t, m);
  }
}

Mentions collect_mentions(const RuleSet& rules, const Tables& t) {
  return collect_mentions(rules, t, std::vector<bool>(rules.clauses.size(), true));
}

Mentions collect_mentions(const RuleSet& rules, const Tables& t, const std::vector<bool>& only) {
  Mentions m;
  // A site's state can be compared with party fields (site.state == host): every such state
  // is observable by identity, like a literal.
  for (SymId s = 1; s < t.sites.size(); ++s) m.literal_parties.set(t.site_state[s]);
  // So is every party with a presence at a site (present_since(actor, site, D)).
  for (const auto& at_site : t.presences)
    for (const SitePresence& pr : at_site) m.literal_parties.set(pr.party);
  for (std::size_t i = 0; i < rules.clauses.size(); ++i)
    if (only[i]) scan_clause(rules.clauses[i], t, m);
  for (const auto& name : m.position_fields)
    if (const Field* f = t.field(name); f && f->type == FieldType::Party) m.position_slots.push_back(f->slot);
  return m;
}

static std::uint64_t field_bits(const Clause& c, const Tables& t, bool with_presence) {
  Mentions m;
  scan_clause(c, t, m);
  std::uint64_t out = 0;
  for (std::size_t fi = 0; fi < t.fields.size(); ++fi)
    if (m.names.count(t.fields[fi].name) || (with_presence && m.presence_names.count(t.fields[fi].name)))
      out |= std::uint64_t{1} << fi;
  return out;
}

std::uint64_t fields_read(const Clause& c, const Tables& t) { return field_bits(c, t, false); }
std::uint64_t fields_observed(const Clause& c, const Tables& t) { return field_bits(c, t, true); }

}  // namespace accord::internal
