#include "decide/domain.h"

#include <algorithm>
#include <map>
#include <set>

namespace accord::internal {

std::vector<Date> boundary_dates(const Engine& e) {
  std::set<Date> cuts = {date_from_ymd(1900, 1, 1)};
  for (Date d : e.tables().epochs) if (d != kDateMin) cuts.insert(d);
  for (const auto& c : e.clauses()) {
    if (c.from != kDateMin) cuts.insert(c.from);
    if (c.to != kDateMax) cuts.insert(c.to);
  }
  // `date < d` and `date <= d` change at d and the day after.
  for (Date d : e.mentions().dates) cuts.insert(d), cuts.insert(d + 1);
  return {cuts.begin(), cuts.end()};
}

// What a party is to every organization on `d`: not a member, a member, or a status.
static SymId standing(const Tables& t, SymId org, SymId p, Date d) {
  const OrgIndex& idx = t.orgs[org];
  const std::size_t ep = idx.epoch(d);
  SymId status = idx.members[ep].test(p) ? t.status_member : kNone;
  for (const auto& [who, st] : idx.status[ep]) if (who == p) status = st;
  return status;
}

std::vector<SymId> party_representatives(const Engine& e, Date d, int per_class) {
  return party_representatives(e, e.mentions(), d, per_class);
}

std::vector<std::int64_t> party_signature(const Engine& e, const Mentions& m, SymId p, Date d) {
  const Tables& t = e.tables();
  const Bits& literals = m.literal_parties;
  // Organizations are few and differ by their members (member(org, x) with org a field):
  // each is its own class, as is every party the rules name.
  std::vector<std::int64_t> sig = {t.is_org[p] ? 1 : 0, literals.test(p) || t.is_org[p] ? p : 0};
  for (SymId o = 1; o < t.parties.size(); ++o)
    if (!t.orgs[o].epoch_from.empty() && (m.org_other || literals.test(o))) sig.push_back(standing(t, o, p, d));
  return sig;
}

std::vector<SymId> party_representatives(const Engine& e, const Mentions& m, Date d, int per_class) {
  std::map<std::vector<std::int64_t>, int> seen;
  std::vector<SymId> reps;
  for (SymId p = 1; p < e.tables().parties.size(); ++p)
    if (seen[party_signature(e, m, p, d)]++ < per_class) reps.push_back(p);
  return reps;
}

std::vector<std::int64_t> site_signature(const Tables& t, const Mentions& m, SymId s, Date d) {
  std::vector<std::int64_t> sig = {m.literal_sites.test(s) ? s : 0};
  if (m.site_attrs.count("state")) sig.push_back(t.site_state[s]);
  if (m.site_attrs.count("kind")) sig.push_back(t.site_kind[s]);
  if (m.site_attrs.count("name")) sig.push_back(s);
  std::vector<std::int64_t> present;
  for (const SitePresence& pr : t.presences[s])
    if (pr.from <= d && d < pr.to) present.push_back(pr.party);
  std::sort(present.begin(), present.end());
  sig.insert(sig.end(), present.begin(), present.end());
  return sig;
}

std::vector<SymId> site_representatives(const Tables& t, const Mentions& m, Date d) {
  std::set<std::vector<std::int64_t>> seen;
  std::vector<SymId> out;
  for (SymId s = 1; s < t.sites.size(); ++s)
    if (seen.insert(site_signature(t, m, s, d)).second) out.push_back(s);
  return out;
}

std::string describe_party_class(const Engine& e, SymId p, Date d) {
  const Tables& t = e.tables();
  if (p == kNone) return "none";
  if (t.is_org[p] || e.mentions().literal_parties.test(p)) return party_word(t, p);
  // The organizations the rules name, and which of them the party belongs to.
  std::vector<std::string> in, named;
  for (SymId o = 1; o < t.parties.size(); ++o) {
    if (!t.is_org[o] || !e.mentions().literal_parties.test(o)) continue;
    named.push_back(t.parties.name(o));
    const SymId s = standing(t, o, p, d);
    if (s == kNone) continue;
    in.push_back(s == t.status_member ? t.parties.name(o) : t.parties.name(o) + " (" + t.strings.name(s) + ")");
  }
  auto join = [](const std::vector<std::string>& v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += (i == 0 ? "" : i + 1 == v.size() ? " and " : ", ") + v[i];
    return out;
  };
  if (!in.empty()) return "a member of " + join(in);
  if (named.empty()) return "any state";
  std::string none;
  for (std::size_t i = 0; i < named.size(); ++i) none += (i ? ", " : "") + named[i];
  return "a state in none of " + none;
}

}  // namespace accord::internal
