#include "decide/domain.h"

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

std::vector<SymId> party_representatives(const Engine& e, const Mentions& m, Date d, int per_class) {
  const Tables& t = e.tables();
  const Bits& literals = m.literal_parties;
  std::map<std::vector<std::int64_t>, int> seen;
  std::vector<SymId> reps;
  for (SymId p = 1; p < t.parties.size(); ++p) {
    // Organizations are few and differ by their members (member(org, x) with org a field):
    // each is its own class, as is every party the rules name.
    std::vector<std::int64_t> sig = {t.is_org[p] ? 1 : 0, literals.test(p) || t.is_org[p] ? p : 0};
    for (SymId o = 1; o < t.parties.size(); ++o)
      if (!t.orgs[o].epoch_from.empty() && (m.org_other || literals.test(o))) sig.push_back(standing(t, o, p, d));
    if (seen[sig]++ < per_class) reps.push_back(p);
  }
  return reps;
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
