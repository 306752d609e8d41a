#include "analysis/enumerate.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <set>
#include <thread>

#include "decide/domain.h"
#include "load/proposal_builder.h"

namespace accord::internal {

std::vector<Date> ProposalDomain::dates() const { return boundary_dates(e_); }
std::vector<SymId> ProposalDomain::actions() const { return e_.tables().domains[kActionDomain].values; }
Mentions ProposalDomain::mentions(SymId action) const { return e_.mentions_for(action); }
std::uint64_t ProposalDomain::observed(SymId action) const { return e_.fields_observed_for(action); }
std::uint64_t ProposalDomain::absent(SymId) const { return 0; }
std::vector<SymId> ProposalDomain::parties(SymId, const Mentions& m, Date d, int per_class) const {
  return party_representatives(e_, m, d, per_class);
}
std::vector<SymId> ProposalDomain::sites(SymId, const Mentions& m, Date d) const { return site_representatives(e_.tables(), m, d); }
std::vector<SymId> ProposalDomain::values(const Field& f) const { return e_.tables().domains[f.domain].values; }

namespace {

struct Value {
  bool present = false;
  std::int64_t scalar = 0;
  Bits set;
};

// GCC 12 reports a bogus -Wstringop-overflow in std::vector<Value>::push_back inlined here
// (GCC bug 106199); the vector only ever grows through push_back.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#endif
// The values a field takes in the enumeration on one date.
std::vector<Value> field_values(const Tables& t, const Field& f, bool required, bool read,
                                const std::vector<SymId>& reps, const std::vector<SymId>& sites,
                                const std::vector<SymId>& strings, const std::vector<Date>& dates,
                                const Mentions& m) {
  std::vector<Value> out;
  auto add = [&](std::int64_t v) { out.push_back({true, v, {}}); };
  if (!read) {
    // No clause reads this field: its value cannot change any decision.
    if (required) {
      if (f.type == FieldType::Party) add(reps.empty() ? 0 : reps.front());
      else if (f.type == FieldType::Site) add(sites.empty() ? (t.sites.size() > 1 ? 1 : 0) : sites.front());
      else if (f.type == FieldType::String) add(strings.empty() ? 0 : strings.front());
      else if (f.type == FieldType::Parties) out.push_back({true, 0, {}});
      else add(0);
    } else {
      out.push_back({});
    }
    return out;
  }
  if (!required) out.push_back({});
  switch (f.type) {
    case FieldType::Party: for (SymId p : reps) add(p); break;
    case FieldType::Site: for (SymId s : sites) add(s); break;
    case FieldType::Bool: add(0); add(1); break;
    case FieldType::String: for (SymId s : strings) add(s); break;
    case FieldType::Int:
      add(0);
      for (auto v : m.ints) add(v - 1), add(v), add(v + 1);
      break;
    case FieldType::Date: for (Date d : dates) add(d); break;
    case FieldType::Parties: {
      Value empty{true, 0, {}}, all{true, 0, {}};
      out.push_back(empty);
      for (SymId p : reps) {
        Value one{true, 0, {}};
        one.set.set(p);
        all.set.set(p);
        out.push_back(one);
      }
      out.push_back(all);
      break;
    }
  }
  return out;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

}  // namespace

LintStats enumerate(const ProposalDomain& domain, const LintLimits& limits, const std::function<void(const Proposal&)>& visit,
                    const EnumerationSlice* slice) {
  const Engine& e = domain.engine();
  const Tables& t = e.tables();
  const std::vector<Date> dates = domain.dates();
  LintStats stats;
  stats.epochs = dates.size();
  const ProposalBuilder builder(t);
  Proposal p;
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(std::min(limits.seconds, 1e9)));
  for (SymId action : domain.actions()) {
    if (slice && action != slice->action) continue;
    // What the clauses that can apply to this action observe: only that tells its proposals apart.
    const Mentions m = domain.mentions(action);
    // A field matters when such a clause reads it (or names it in present_since(), where an
    // absent value counts as none).
    const std::uint64_t observed = domain.observed(action), absent = domain.absent(action);
    auto reads = [&](std::size_t fi) { return (observed >> fi & 1) != 0; };
    // Representatives per class: as many as the party fields the action reads (at least 2).
    int per_class = 2, party_fields = 0;
    for (std::size_t fi = 2; fi < t.fields.size(); ++fi)
      if ((t.action_allowed[action] >> fi & 1) && t.fields[fi].type == FieldType::Party && reads(fi)) ++party_fields;
    per_class = std::max(per_class, party_fields);
    const std::size_t first = slice ? slice->date_begin : 0, last = slice ? std::min(slice->date_end, dates.size()) : dates.size();
    for (std::size_t di = first; di < last; ++di) {
      const Date date = dates[di];
      const std::vector<SymId> reps = domain.parties(action, m, date, per_class);
      const std::vector<SymId> sites = domain.sites(action, m, date);
      // The fields this action takes, each with its candidate values.
      std::vector<const Field*> fields;
      std::vector<std::vector<Value>> values;
      for (std::size_t fi = 2; fi < t.fields.size(); ++fi) {
        if (!(t.action_allowed[action] >> fi & 1)) continue;
        const Field& fd = t.fields[fi];
        fields.push_back(&fd);
        if (absent >> fi & 1) values.push_back({Value{}});
        else values.push_back(field_values(t, fd, t.action_required[action] >> fi & 1, reads(fi), reps, sites,
                                           fd.type == FieldType::String ? domain.values(fd) : std::vector<SymId>{}, dates, m));
      }
      std::vector<std::size_t> pick(fields.size(), 0);
      while (true) {
        builder.reset(p);
        p.scalars[kActionSlot] = action;
        p.scalars[kDateSlot] = date;
        p.date = date;
        p.has_date = true;
        p.present = 0b11;
        Bits stance_parties = m.position_literals;
        for (std::size_t k = 0; k < fields.size(); ++k) {
          const Value& v = values[k][pick[k]];
          if (!v.present) continue;
          const Field& fd = *fields[k];
          if (fd.type == FieldType::Parties) p.sets[fd.slot] = v.set;
          else p.scalars[fd.slot] = v.scalar;
          p.present |= std::uint64_t{1} << (&fd - t.fields.data());
          if (m.position_fields.count(fd.name) && v.scalar > 0) stance_parties.set(static_cast<unsigned>(v.scalar));
        }
        // Every combination of stances of the parties whose position a clause asks for.
        std::vector<unsigned> who;
        stance_parties.for_each([&](unsigned id) { who.push_back(id); });
        // position() of something else (a quantified variable, site.state): everybody else
        // takes one uniform stance, in turn each of the four (an approximation; see
        // docs/analysis.md).
        std::size_t combos = m.position_other ? 4 : 1;
        for (std::size_t k = 0; k < who.size(); ++k) combos *= 4;
        Bits everyone;
        if (m.position_other)
          for (SymId q = 1; q < t.parties.size(); ++q) everyone.set(q);
        for (std::size_t c = 0; c < combos; ++c) {
          p.consented.clear();
          p.objected.clear();
          p.abstained.clear();
          std::size_t code = c;
          if (m.position_other) {
            switch (code % 4) {
              case 1: p.consented = everyone; break;
              case 2: p.objected = everyone; break;
              case 3: p.abstained = everyone; break;
              default: break;
            }
            code /= 4;
          }
          for (unsigned id : who) {
            p.consented.reset(id);
            p.objected.reset(id);
            p.abstained.reset(id);
            switch (code % 4) {
              case 1: p.consented.set(id); break;
              case 2: p.objected.set(id); break;
              case 3: p.abstained.set(id); break;
              default: break;
            }
            code /= 4;
          }
          visit(p);
          if (++stats.proposals >= limits.max_proposals) stats.stopped = LintStop::proposals;
          else if (stats.proposals % 4096 == 0 && std::chrono::steady_clock::now() > deadline) stats.stopped = LintStop::time;
          if (stats.stopped != LintStop::none) break;
        }
        if (stats.stopped != LintStop::none) break;
        std::size_t k = 0;
        while (k < pick.size() && ++pick[k] == values[k].size()) pick[k++] = 0;
        if (k == pick.size()) break;
      }
      if (stats.stopped != LintStop::none) break;
    }
    if (stats.stopped != LintStop::none) break;
  }
  return stats;
}

std::vector<EnumerationSlice> enumeration_slices(const ProposalDomain& domain) {
  std::vector<EnumerationSlice> slices;
  const std::size_t epochs = domain.dates().size();
  for (SymId a : domain.actions())
    for (std::size_t di = 0; di < epochs; ++di) slices.push_back({a, di, di + 1});
  return slices;
}

LintStats enumerate_in_slices(const ProposalDomain& domain, const LintLimits& limits, unsigned threads,
                              const std::function<void(unsigned thread, std::size_t slice, const Proposal&)>& visit) {
  const std::vector<EnumerationSlice> slices = enumeration_slices(domain);
  std::vector<LintStats> parts(slices.size());
  std::atomic<std::size_t> next{0}, total{0};
  std::atomic<bool> stop{false};
  std::exception_ptr failure;  // from `visit` on a helper thread (out of memory): rethrown here
  std::mutex failure_lock;
  const auto start = std::chrono::steady_clock::now();
  auto worker = [&](unsigned thread) {
    try {
      for (std::size_t k; !stop && (k = next++) < slices.size();) {
        LintLimits lim = limits;
        const double spent = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (spent >= limits.seconds) {
          parts[k].stopped = LintStop::time;
          stop = true;
          break;
        }
        lim.seconds = limits.seconds - spent;
        const std::size_t used = total.load();
        lim.max_proposals = used >= limits.max_proposals ? 1 : limits.max_proposals - used;
        parts[k] = enumerate(domain, lim, [&](const Proposal& p) { visit(thread, k, p); }, &slices[k]);
        total += parts[k].proposals;
        if (parts[k].stopped != LintStop::none) stop = true;
      }
    } catch (...) {
      const std::lock_guard<std::mutex> hold(failure_lock);
      if (!failure) failure = std::current_exception();
      stop = true;
    }
  };
  threads = std::max(1u, std::min(threads, static_cast<unsigned>(std::max<std::size_t>(1, slices.size()))));
  {
    std::vector<std::jthread> pool;
    for (unsigned i = 1; i < threads; ++i) pool.emplace_back(worker, i);
    worker(0);
  }
  if (failure) std::rethrow_exception(failure);
  LintStats stats;
  stats.epochs = domain.dates().size();
  for (const LintStats& s : parts) {
    stats.proposals += s.proposals;
    if (s.stopped != LintStop::none && stats.stopped == LintStop::none) stats.stopped = s.stopped;
  }
  return stats;
}

}  // namespace accord::internal
