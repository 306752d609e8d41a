// facts/*.yaml: states, organizations with dated membership intervals, sites (docs/rules-format.md#facts-factsyaml).
#include <algorithm>

#include "load/rules_loader.h"
#include "load/yaml_doc.h"

namespace accord::internal {

static std::optional<Interval> read_interval(const SourceRef& f, const yaml::Node& n,
                                             Diagnostics& d) {
  MapReader m(f, n, "a membership interval", {"from", "to", "status", "since", "notes"}, d);
  if (!m.ok()) return std::nullopt;
  Interval iv;
  iv.loc = m.loc();
  auto from = as_date(f, m.require("from"), d);
  if (!from) return std::nullopt;
  iv.from = *from;
  if (auto to = m.get("to"); to.IsDefined()) {
    auto t = as_date(f, to, d);
    if (!t) return std::nullopt;
    if (*t <= iv.from) {
      d.error_at(*f, m.loc("to").offset, "'to' must be after 'from' (" + format_date(iv.from) + ")");
      return std::nullopt;
    }
    iv.to = *t;
  }
  if (auto s = m.get("status"); s.IsDefined()) {
    auto st = as_string(f, s, d);
    if (!st) return std::nullopt;
    iv.status = *st;
    if (iv.status == "member" || iv.status == "none") {
      d.error_at(*f, m.loc("status").offset, "status '" + iv.status + "' is reserved; name the special status (e.g. frozen)");
      return std::nullopt;
    }
    auto since = m.get("since");
    if (since.IsDefined()) {
      auto sd = as_date(f, since, d);
      if (!sd) return std::nullopt;
      iv.since = *sd;
    } else {
      iv.since = iv.from;
    }
  } else if (m.get("since").IsDefined()) {
    d.error_at(*f, m.loc("since").offset, "'since' needs a 'status'");
    return std::nullopt;
  }
  return iv;
}

static std::vector<std::string> aliases(const SourceRef& f, const MapReader& m, Diagnostics& d) {
  auto n = m.get("aliases");
  if (!n.IsDefined()) return {};
  return as_string_list(f, n, d).value_or(std::vector<std::string>{});
}

// An organization and its `members`, or an instrument and its `parties`: the same shape.
static void read_organization(const SourceRef& f, const MapEntry& e, bool instrument, Facts& into, Diagnostics& d) {
  const char* list = instrument ? "parties" : "members";
  const char* other = instrument ? "members" : "parties";  // accepted only to say which word to use
  MapReader m(f, e.value, (instrument ? "instrument '" : "organization '") + e.key + "'",
              {"name", "aliases", "notes", list, other}, d);
  if (!m.ok()) return;
  if (m.get(other).IsDefined()) {
    d.error_at(*f, m.loc(other).offset,
               instrument ? "an instrument lists the states bound by it under 'parties', not 'members'"
                          : "an organization lists its 'members' (an instrument under 'instruments:' lists 'parties')");
    return;
  }
  Organization org;
  org.instrument = instrument;
  org.id = e.key;
  org.loc = e.key_loc;
  org.name = as_string(f, m.require("name"), d).value_or("");
  org.aliases = aliases(f, m, d);
  if (auto n = m.get("notes"); n.IsDefined()) org.notes = as_string(f, n, d).value_or("");
  auto members = m.get(list);
  if (members.IsDefined()) {
    auto entries = as_entries(f, members, std::string(list) + " of " + e.key, d);
    if (!entries) return;
    for (auto& me : *entries) {
      Membership ms;
      ms.party = me.key;
      ms.loc = me.key_loc;
      if (!me.value.IsSequence()) {
        d.error_at(*f, loc_of(f, me.value).offset,
                   (instrument ? "the participation of " : "membership of ") + me.key +
                       " must be a list of intervals, e.g. [{ from: 1994-04-20 }]");
        continue;
      }
      for (const auto& ivn : me.value)
        if (auto iv = read_interval(f, ivn, d)) ms.intervals.push_back(*iv);
      std::sort(ms.intervals.begin(), ms.intervals.end(),
                [](const Interval& a, const Interval& b) { return a.from < b.from; });
      for (size_t i = 1; i < ms.intervals.size(); ++i)
        if (ms.intervals[i].from < ms.intervals[i - 1].to)
          d.error_at(*f, ms.intervals[i].loc.offset,
                     "membership interval of " + me.key + " in " + e.key +
                         " overlaps the one from " + format_date(ms.intervals[i - 1].from));
      org.members.push_back(std::move(ms));
    }
  }
  into.organizations.push_back(std::move(org));
}

// A site's foreign military presences: [{ party: USA, from: 2001-12-16, to: 2014-07-11 }].
static std::vector<Presence> read_presences(const SourceRef& f, const yaml::Node& n, Diagnostics& d) {
  std::vector<Presence> out;
  if (!n.IsSequence()) {
    d.error_at(*f, loc_of(f, n).offset, "'presences' must be a list, e.g. [{ party: USA, from: 2001-12-16 }]");
    return out;
  }
  for (const auto& pn : n) {
    MapReader m(f, pn, "a presence", {"party", "from", "to", "notes"}, d);
    if (!m.ok()) continue;
    Presence pr;
    pr.loc = m.loc("party");
    pr.party = as_string(f, m.require("party"), d).value_or("");
    if (auto from = m.require("from"); from.IsDefined()) pr.from = as_date(f, from, d).value_or(kDateMin);
    if (auto to = m.get("to"); to.IsDefined()) {
      pr.to = as_date(f, to, d).value_or(kDateMax);
      if (pr.to <= pr.from) d.error_at(*f, m.loc("to").offset, "'to' must be after 'from' (" + format_date(pr.from) + ")");
    }
    if (auto notes = m.get("notes"); notes.IsDefined()) pr.notes = as_string(f, notes, d).value_or("");
    out.push_back(std::move(pr));
  }
  return out;
}

bool load_facts_file(const SourceRef& f, Facts& into, Diagnostics& d) {
  const size_t before = d.items().size();
  auto root = parse_yaml(f, d);
  if (!root) return false;
  MapReader top(f, *root, "a facts file", {"states", "organizations", "instruments", "sites"}, d);
  if (!top.ok()) return false;

  if (auto states = top.get("states"); states.IsDefined()) {
    if (auto entries = as_entries(f, states, "states", d))
      for (auto& e : *entries) {
        MapReader m(f, e.value, "state '" + e.key + "'", {"name", "alpha2", "aliases", "notes"}, d);
        if (!m.ok()) continue;
        State s;
        s.id = e.key;
        s.loc = e.key_loc;
        s.name = as_string(f, m.require("name"), d).value_or("");
        if (auto a2 = m.get("alpha2"); a2.IsDefined()) s.alpha2 = as_string(f, a2, d).value_or("");
        s.aliases = aliases(f, m, d);
        into.states.push_back(std::move(s));
      }
  }
  if (auto orgs = top.get("organizations"); orgs.IsDefined()) {
    if (auto entries = as_entries(f, orgs, "organizations", d))
      for (auto& e : *entries) read_organization(f, e, false, into, d);
  }
  if (auto insts = top.get("instruments"); insts.IsDefined()) {
    if (auto entries = as_entries(f, insts, "instruments", d))
      for (auto& e : *entries) read_organization(f, e, true, into, d);
  }
  if (auto sites = top.get("sites"); sites.IsDefined()) {
    if (auto entries = as_entries(f, sites, "sites", d))
      for (auto& e : *entries) {
        MapReader m(f, e.value, "site '" + e.key + "'", {"name", "aliases", "state", "kind", "notes", "presences"}, d);
        if (!m.ok()) continue;
        Site s;
        s.id = e.key;
        s.loc = e.key_loc;
        s.name = as_string(f, m.require("name"), d).value_or("");
        s.state = as_string(f, m.require("state"), d).value_or("");
        s.state_loc = m.loc("state");
        s.kind = as_string(f, m.require("kind"), d).value_or("");
        if (auto n = m.get("notes"); n.IsDefined()) s.notes = as_string(f, n, d).value_or("");
        s.aliases = aliases(f, m, d);
        if (auto pn = m.get("presences"); pn.IsDefined()) s.presences = read_presences(f, pn, d);
        into.sites.push_back(std::move(s));
      }
  }
  return d.items().size() == before;
}

}  // namespace accord::internal
