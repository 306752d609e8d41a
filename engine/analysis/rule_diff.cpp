#include "analysis/rule_diff.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <thread>
#include <unordered_map>

#include "analysis/rule_diff_compare.h"

#include "decide/decide.h"
#include "decide/domain.h"
#include "load/proposal_builder.h"
#include "report/report.h"
#include "report/summary.h"

namespace accord::internal {

namespace {

// A clause, or one dated version of it, as both sides name it.
std::string clause_key(const Clause& c) { return c.version.empty() ? c.id : c.id + "@" + c.version; }

// The domain both rule sets share, in NEW's ids.
class SharedDomain : public ProposalDomain {
 public:
  SharedDomain(const Engine& older, const Engine& newer, const DiffIdMaps& maps, std::vector<std::string>& not_compared)
      : ProposalDomain(newer), old_(older), maps_(maps) {
    const Tables& tn = newer.tables();
    const Tables& to = older.tables();
    std::set<Date> cuts;
    for (Date d : boundary_dates(newer)) cuts.insert(d);
    for (Date d : boundary_dates(older)) cuts.insert(d);
    dates_.assign(cuts.begin(), cuts.end());
    // Parties and sites only one side has: they cannot be in a proposal both sides decide.
    auto only = [&](const SymbolTable& a, const SymbolTable& b, const char* what, const char* whats, const char* side,
                    const std::vector<std::string>* labels) {
      std::vector<std::string> names;
      for (SymId i = 1; i < a.size(); ++i)
        if (!b.find(a.name(i))) names.push_back(labels ? (*labels)[i] : a.name(i));
      if (names.empty()) return;
      std::string list;
      for (std::size_t k = 0; k < names.size() && k < 10; ++k) list += (k ? ", " : "") + names[k];
      if (names.size() > 10) list += " and " + std::to_string(names.size() - 10) + " more";
      not_compared.push_back(std::to_string(names.size()) + " " + (names.size() == 1 ? what : whats) + " only in " + side +
                             " (" + list + "): not in any proposal compared");
    };
    only(to.parties, tn.parties, "party", "parties", "OLD", &to.party_label_text);
    only(tn.parties, to.parties, "party", "parties", "NEW", &tn.party_label_text);
    only(to.sites, tn.sites, "site", "sites", "OLD", nullptr);
    only(tn.sites, to.sites, "site", "sites", "NEW", nullptr);
    for (SymId a : to.domains[kActionDomain].values)
      if (const auto n = tn.strings.find(to.strings.name(a)); !n || !tn.domains[kActionDomain].set.test(*n))
        not_compared.push_back("action '" + to.strings.name(a) + "' is only in OLD: its proposals were not compared");
    for (SymId a : tn.domains[kActionDomain].values) {
      const std::string& name = tn.strings.name(a);
      const SymId oa = maps.string[a];
      if (oa == kNone || !to.domains[kActionDomain].set.test(oa)) {
        not_compared.push_back("action '" + name + "' is only in NEW: its proposals were not compared");
        continue;
      }
      // The fields the action takes on each side: the same ones (same types, both required or
      // both optional), except optional fields one side lacks, which stay absent.
      std::uint64_t absent = 0;
      std::string problem;
      for (std::size_t fi = 2; fi < tn.fields.size() && problem.empty(); ++fi) {
        if (!(tn.action_allowed[a] >> fi & 1)) continue;
        const int ofi = maps.field[fi];
        const bool req = tn.action_required[a] >> fi & 1;
        const bool other = ofi >= 0 && (to.action_allowed[oa] >> ofi & 1);
        if (other && to.fields[static_cast<std::size_t>(ofi)].type != tn.fields[fi].type)
          problem = "field '" + tn.fields[fi].name + "' has another type in OLD";
        else if (other && req != static_cast<bool>(to.action_required[oa] >> ofi & 1))
          problem = "field '" + tn.fields[fi].name + "' is required on one side only";
        else if (!other && req)
          problem = "field '" + tn.fields[fi].name + "' is required in NEW only";
        else if (!other) {
          absent |= std::uint64_t{1} << fi;
          not_compared.push_back("field '" + tn.fields[fi].name + "' of action '" + name +
                                 "' is only in NEW: compared only with it absent");
        }
      }
      for (std::size_t ofi = 2; ofi < to.fields.size() && problem.empty(); ++ofi) {
        if (!(to.action_allowed[oa] >> ofi & 1)) continue;
        const auto nf = tn.field(to.fields[ofi].name);
        const bool other = nf && (tn.action_allowed[a] >> (nf - tn.fields.data()) & 1);
        if (other) continue;
        if (to.action_required[oa] >> ofi & 1) problem = "field '" + to.fields[ofi].name + "' is required in OLD only";
        else
          not_compared.push_back("field '" + to.fields[ofi].name + "' of action '" + name +
                                 "' is only in OLD: compared only with it absent");
      }
      if (!problem.empty()) {
        not_compared.push_back("action '" + name + "' takes other fields on each side (" + problem + "): its proposals were not compared");
        continue;
      }
      actions_.push_back(a);
      PerAction pa;
      pa.m_new = newer.mentions_for(a);
      pa.m_old = older.mentions_for(oa);
      pa.m = pa.m_new;
      // What OLD's clauses observe, in NEW's ids: positions, integers, dates, site attributes.
      pa.m.ints.insert(pa.m_old.ints.begin(), pa.m_old.ints.end());
      pa.m.dates.insert(pa.m_old.dates.begin(), pa.m_old.dates.end());
      pa.m.position_fields.insert(pa.m_old.position_fields.begin(), pa.m_old.position_fields.end());
      pa.m.position_literals |= map_bits(pa.m_old.position_literals, maps.party_back);
      pa.m.position_other = pa.m.position_other || pa.m_old.position_other;
      pa.observed = newer.fields_observed_for(a);
      const std::uint64_t old_observed = older.fields_observed_for(oa);
      for (std::size_t ofi = 2; ofi < to.fields.size(); ++ofi)
        if (old_observed >> ofi & 1)
          if (const Field* nf = tn.field(to.fields[ofi].name)) pa.observed |= std::uint64_t{1} << (nf - tn.fields.data());
      pa.absent = absent;
      per_action_.emplace(a, std::move(pa));
    }
    // Values of string fields one side does not declare.
    for (std::size_t fi = 2; fi < tn.fields.size(); ++fi) {
      const Field& f = tn.fields[fi];
      if (f.type != FieldType::String || maps.field[fi] < 0) continue;
      const Field& of = to.fields[static_cast<std::size_t>(maps.field[fi])];
      if (of.type != FieldType::String) continue;
      for (SymId v : tn.domains[f.domain].values)
        if (maps.string[v] == kNone || !to.domains[of.domain].set.test(maps.string[v]))
          not_compared.push_back("value '" + tn.strings.name(v) + "' of field '" + f.name + "' is only in NEW: not in any proposal compared");
      for (SymId v : to.domains[of.domain].values)
        if (auto n = tn.strings.find(to.strings.name(v)); !n || !tn.domains[f.domain].set.test(*n))
          not_compared.push_back("value '" + to.strings.name(v) + "' of field '" + f.name + "' is only in OLD: not in any proposal compared");
    }
  }

  std::vector<Date> dates() const override { return dates_; }
  std::vector<SymId> actions() const override { return actions_; }
  Mentions mentions(SymId action) const override { return per_action_.at(action).m; }
  std::uint64_t observed(SymId action) const override { return per_action_.at(action).observed; }
  std::uint64_t absent(SymId action) const override { return per_action_.at(action).absent; }

  // Parties both sides have, in one class when both sides' signatures agree.
  std::vector<SymId> parties(SymId action, const Mentions&, Date d, int per_class) const override {
    const PerAction& pa = per_action_.at(action);
    std::map<std::vector<std::int64_t>, int> seen;
    std::vector<SymId> reps;
    std::vector<std::vector<std::int64_t>> sigs(engine().tables().parties.size());
    for (SymId p = 1; p < engine().tables().parties.size(); ++p) {
      if (maps_.party[p] == kNone) continue;
      std::vector<std::int64_t> sig = party_signature(engine(), pa.m_new, p, d);
      sig.push_back(-1);
      for (auto x : party_signature(old_, pa.m_old, maps_.party[p], d)) sig.push_back(x);
      if (seen[sig]++ < per_class) reps.push_back(p);
      sigs[p] = std::move(sig);
    }
    class_size_.assign(engine().tables().parties.size(), 0);
    for (SymId p : reps) class_size_[p] = seen[sigs[p]];
    return reps;
  }
  std::vector<SymId> sites(SymId action, const Mentions&, Date d) const override {
    const PerAction& pa = per_action_.at(action);
    const Tables& t = engine().tables();
    std::map<std::vector<std::int64_t>, int> seen;
    std::vector<SymId> reps;
    std::vector<std::vector<std::int64_t>> sigs(t.sites.size());
    for (SymId s = 1; s < t.sites.size(); ++s) {
      if (maps_.site[s] == kNone) continue;
      std::vector<std::int64_t> sig = site_signature(t, pa.m_new, s, d);
      sig.push_back(-1);
      // OLD's signature (in OLD's ids: only equality between signatures matters).
      std::vector<std::int64_t> o = site_signature(old_.tables(), pa.m_old, maps_.site[s], d);
      sig.insert(sig.end(), o.begin(), o.end());
      if (seen[sig]++ == 0) reps.push_back(s);
      sigs[s] = std::move(sig);
    }
    site_class_size_.assign(t.sites.size(), 0);
    for (SymId s : reps) site_class_size_[s] = seen[sigs[s]];
    return reps;
  }
  std::vector<SymId> values(const Field& f) const override {
    std::vector<SymId> out;
    const int ofi = maps_.field[static_cast<std::size_t>(&f - engine().tables().fields.data())];
    const Tables& to = old_.tables();
    if (ofi < 0 || to.fields[static_cast<std::size_t>(ofi)].type != FieldType::String) return out;
    const Domain& old_values = to.domains[to.fields[static_cast<std::size_t>(ofi)].domain];
    for (SymId v : engine().tables().domains[f.domain].values)
      if (maps_.string[v] != kNone && old_values.set.test(maps_.string[v])) out.push_back(v);
    return out;
  }

  // How many shared parties (sites) are in the class of representative `p` on the date last
  // enumerated.
  int class_size(SymId p) const { return p < class_size_.size() ? class_size_[p] : 0; }
  int site_class_size(SymId s) const { return s < site_class_size_.size() ? site_class_size_[s] : 0; }

 private:
  struct PerAction {
    Mentions m, m_new, m_old;
    std::uint64_t observed = 0, absent = 0;
  };
  const Engine& old_;
  const DiffIdMaps& maps_;
  std::vector<Date> dates_;
  std::vector<SymId> actions_;
  std::unordered_map<SymId, PerAction> per_action_;
  // Per thread: each worker enumerates its own slices.
  static thread_local std::vector<int> class_size_, site_class_size_;
};

thread_local std::vector<int> SharedDomain::class_size_, SharedDomain::site_class_size_;

// `pn` (in NEW's ids) in OLD's ids: every field it sets is one both sides' action takes.
void translate(const Proposal& pn, const Tables& tn, const Tables& to, const DiffIdMaps& maps, const ProposalBuilder& old_builder,
               Proposal& po) {
  old_builder.reset(po);
  po.scalars[kActionSlot] = maps.string[pn.action()];
  po.scalars[kDateSlot] = pn.scalars[kDateSlot];
  po.date = pn.date;
  po.has_date = true;
  po.present = 0b11;
  for (std::size_t fi = 2; fi < tn.fields.size(); ++fi) {
    if (!(pn.present >> fi & 1)) continue;
    const Field& f = tn.fields[fi];
    const auto ofi = static_cast<std::size_t>(maps.field[fi]);
    const Field& of = to.fields[ofi];
    const std::int64_t v = f.type == FieldType::Parties ? 0 : pn.scalars[f.slot];
    switch (f.type) {
      case FieldType::Party: po.scalars[of.slot] = maps.party[static_cast<std::size_t>(v)]; break;
      case FieldType::Site: po.scalars[of.slot] = maps.site[static_cast<std::size_t>(v)]; break;
      case FieldType::String: po.scalars[of.slot] = maps.string[static_cast<std::size_t>(v)]; break;
      case FieldType::Parties: po.sets[of.slot] = maps.same_parties ? pn.sets[f.slot] : map_bits(pn.sets[f.slot], maps.party); break;
      default: po.scalars[of.slot] = v; break;
    }
    po.present |= std::uint64_t{1} << ofi;
  }
  po.consented = maps.same_parties ? pn.consented : map_bits(pn.consented, maps.party);
  po.objected = maps.same_parties ? pn.objected : map_bits(pn.objected, maps.party);
  po.abstained = maps.same_parties ? pn.abstained : map_bits(pn.abstained, maps.party);
}

// The class of each field the clauses of either side read, in words: a party class as each
// side describes it ("a member of CSTO"; a class of one party by name), a site, a value.
std::vector<std::pair<std::string, std::string>> field_classes(const Proposal& pn, const SharedDomain& domain, const Engine& en,
                                                                const Engine& eo, const DiffIdMaps& maps) {
  const Tables& tn = en.tables();
  const SymId action = pn.action();
  const std::uint64_t observed = domain.observed(action);
  std::vector<std::pair<std::string, std::string>> fields;
  for (std::size_t fi = 2; fi < tn.fields.size(); ++fi) {
    if (!(tn.action_allowed[action] >> fi & 1) || !(observed >> fi & 1)) continue;
    const Field& f = tn.fields[fi];
    std::string w;
    if (!(pn.present >> fi & 1)) w = "none";
    else if (f.type == FieldType::Party) {
      const auto p = static_cast<SymId>(pn.scalars[f.slot]);
      const std::string a = describe_party_class(en, p, pn.date), b = describe_party_class(eo, maps.party[p], pn.date);
      w = domain.class_size(p) == 1 ? party_label(tn, p) : a == b ? a : a + " (in OLD: " + b + ")";
    } else if (f.type == FieldType::Parties) {
      std::vector<std::string> each;
      pn.sets[f.slot].for_each([&](unsigned p) {
        each.push_back(domain.class_size(static_cast<SymId>(p)) == 1 ? party_label(tn, static_cast<SymId>(p))
                                                                     : describe_party_class(en, static_cast<SymId>(p), pn.date));
      });
      w = each.empty() ? "no one" : join_words(each);
    } else if (f.type == FieldType::Site) {
      const auto s = static_cast<SymId>(pn.scalars[f.slot]);
      const int n = domain.site_class_size(s);
      w = n <= 1 ? site_label(tn, s) : "one of " + std::to_string(n) + " alike, e.g. " + site_label(tn, s);
    } else {
      w = field_text(tn, pn, fi, ", ");
    }
    fields.push_back({f.name, std::move(w)});
  }
  return fields;
}

}  // namespace

std::string DiffGroup::date_words() const {
  std::string s;
  for (const auto& [from, to] : dates) {
    if (!s.empty()) s += ", ";
    if (to == kDateMax) s += "from " + format_date(from);
    else if (to == from + 1) s += "on " + format_date(from);
    else s += format_date(from) + " to " + format_date(to - 1);
  }
  return s;
}

std::string DiffGroup::allow_entry() const {
  const Date from = dates.empty() ? kDateMin : dates.front().first;
  const Date to = dates.empty() ? kDateMax : dates.back().second;
  std::string range = format_date(from) + ".." + (to == kDateMax ? "" : format_date(to - 1));
  return action + " " + range + " " + (clauses.empty() ? "*" : clauses.front());
}

DiffResult diff_rules(const Engine& eo, const Engine& en, const LintLimits& limits, unsigned threads_wanted) {
  const Tables& tn = en.tables();
  const Tables& to = eo.tables();
  DiffIdMaps maps;
  maps.party = DiffIdMaps::by_name(tn.parties, to.parties);
  maps.party_back = DiffIdMaps::by_name(to.parties, tn.parties);
  maps.site = DiffIdMaps::by_name(tn.sites, to.sites);
  maps.string = DiffIdMaps::by_name(tn.strings, to.strings);
  maps.same_parties = tn.parties.size() == to.parties.size();
  for (SymId i = 1; maps.same_parties && i < tn.parties.size(); ++i) maps.same_parties = maps.party[i] == i;
  maps.field.assign(tn.fields.size(), -1);
  for (std::size_t fi = 0; fi < tn.fields.size(); ++fi)
    if (const Field* f = to.field(tn.fields[fi].name)) maps.field[fi] = static_cast<int>(f - to.fields.data());
  std::map<std::string, std::size_t> new_clauses;
  for (std::size_t i = 0; i < en.rules().clauses.size(); ++i) new_clauses[clause_key(en.rules().clauses[i])] = i;
  maps.clause_back.assign(eo.rules().clauses.size(), -1);
  for (std::size_t i = 0; i < eo.rules().clauses.size(); ++i)
    if (auto it = new_clauses.find(clause_key(eo.rules().clauses[i])); it != new_clauses.end())
      maps.clause_back[i] = static_cast<std::int64_t>(it->second);

  DiffResult result;
  result.old_clauses = eo.rules().clause_count();
  result.new_clauses = en.rules().clause_count();
  const SharedDomain domain(eo, en, maps, result.not_compared);
  const std::vector<Date> dates = domain.dates();
  result.actions = domain.actions().size();
  const DecisionComparer cmp(eo, en, maps);
  const ProposalBuilder old_builder(to);

  // The enumeration in slices (an action on one epoch), shared out to the workers; each
  // slice's groups are merged back in slice order, so the report does not depend on threads.
  struct Part {
    std::vector<DiffGroup> groups;
    std::unordered_map<std::string, std::size_t> index;
    std::size_t changed = 0;
  };
  std::vector<Part> parts(enumeration_slices(domain).size());
  const unsigned threads = std::max(1u, threads_wanted);
  struct alignas(64) Scratch {  // one per thread, on cache lines of its own
    Proposal po;
    Decision dn, dold;
  };
  std::vector<Scratch> scratch(threads);
  const DecideOptions opts;
  const LintStats stats = enumerate_in_slices(domain, limits, threads, [&](unsigned thread, std::size_t slice, const Proposal& pn) {
    Part& part = parts[slice];
    auto& [po, dn, dold] = scratch[thread];
    translate(pn, tn, to, maps, old_builder, po);
    decide(en, pn, opts, dn);
    decide(eo, po, opts, dold);
    if (cmp.same(dn, dold)) return;
    ++part.changed;

    // The group: the action, the class of every field the clauses read, what changed.
    std::vector<std::string> ids;
    std::vector<std::string> lines = cmp.changes(dn, dold, ids);
    const SymId action = pn.action();
    std::vector<std::pair<std::string, std::string>> fields = field_classes(pn, domain, en, eo, maps);
    const std::string old_head = headline_words(headline(eo, dold)), new_head = headline_words(headline(en, dn));
    std::string key = tn.strings.name(action) + '\x1f' + old_head + '\x1f' + new_head;
    for (const auto& l : lines) key += '\x1e' + l;
    const auto epoch = static_cast<std::size_t>(std::upper_bound(dates.begin(), dates.end(), pn.date) - dates.begin() - 1);
    auto [it, fresh] = part.index.emplace(std::move(key), part.groups.size());
    if (fresh) {
      DiffGroup g;
      g.action = tn.strings.name(action);
      for (const auto& [name, w] : fields) g.fields.push_back({name, {}});
      g.old_headline = old_head;
      g.new_headline = new_head;
      g.changes = std::move(lines);
      g.clauses = std::move(ids);
      g.replay_old = replay_command(eo, po);
      g.replay_new = replay_command(en, pn);
      g.old_decision = side_decision(eo, dold);
      g.new_decision = side_decision(en, dn);
      g.summary = plain_summary(eo, dold, en, dn);
      part.groups.push_back(std::move(g));
    }
    DiffGroup& g = part.groups[it->second];
    ++g.proposals;
    if (g.epochs.empty() || g.epochs.back() != epoch) g.epochs.push_back(epoch);
    // The classes each field's value took in the group, in the order first seen.
    for (std::size_t k = 0; k < fields.size() && k < g.fields.size(); ++k) {
      auto& seen = g.fields[k].second;
      if (std::find(seen.begin(), seen.end(), fields[k].second) == seen.end()) seen.push_back(std::move(fields[k].second));
    }
  });

  // Merged in slice order: the groups in the order a single thread would have met them.
  std::unordered_map<std::string, std::size_t> index;
  for (Part& part : parts) {
    result.changed += part.changed;
    std::vector<std::string> keys(part.groups.size());
    for (auto& [key, i] : part.index) keys[i] = key;
    for (std::size_t i = 0; i < part.groups.size(); ++i) {
      DiffGroup& from = part.groups[i];
      auto [it, fresh] = index.emplace(keys[i], result.groups.size());
      if (fresh) {
        result.groups.push_back(std::move(from));
        continue;
      }
      DiffGroup& g = result.groups[it->second];
      g.proposals += from.proposals;
      g.epochs.insert(g.epochs.end(), from.epochs.begin(), from.epochs.end());
      for (std::size_t k = 0; k < g.fields.size() && k < from.fields.size(); ++k)
        for (auto& c : from.fields[k].second)
          if (std::find(g.fields[k].second.begin(), g.fields[k].second.end(), c) == g.fields[k].second.end())
            g.fields[k].second.push_back(std::move(c));
    }
  }
  result.proposals = stats.proposals;
  result.epochs = stats.epochs;
  result.stopped = stats.stopped;
  // Consecutive epochs make one date range.
  for (DiffGroup& g : result.groups) {
    std::sort(g.epochs.begin(), g.epochs.end());
    g.epochs.erase(std::unique(g.epochs.begin(), g.epochs.end()), g.epochs.end());
    for (std::size_t k = 0; k < g.epochs.size(); ++k) {
      const std::size_t e = g.epochs[k];
      const Date to_date = e + 1 < dates.size() ? dates[e + 1] : kDateMax;
      if (k > 0 && g.epochs[k - 1] + 1 == e) g.dates.back().second = to_date;
      else g.dates.push_back({dates[e], to_date});
    }
  }
  return result;
}

}  // namespace accord::internal
