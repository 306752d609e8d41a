#include "decide/cases.h"

#include <algorithm>

#include "decide/domain.h"

namespace accord::internal {

Verdict Answer::verdict() const {
  Verdict v = cases[0].decision.verdict;
  for (std::size_t k = 1; k < count; ++k) v = std::max(v, cases[k].decision.verdict);
  return v;
}

static bool enumerable(FieldType t) {
  return t == FieldType::Bool || t == FieldType::String || t == FieldType::Site || t == FieldType::Party;
}

std::uint64_t unknown_fields(const Engine& e, const Proposal& p) {
  const Tables& t = e.tables();
  const SymId action = p.action();
  std::uint64_t open = e.fields_read_for(action) & t.action_allowed[action] & ~p.present;
  for (std::uint64_t bits = open; bits; bits &= bits - 1) {
    const auto fi = static_cast<std::size_t>(__builtin_ctzll(bits));
    if (!enumerable(t.fields[fi].type)) open &= ~(std::uint64_t{1} << fi);
  }
  return open;
}

// The values an unknown field can take on the proposal's date, into `out`.
static void candidates(const Engine& e, const Proposal& p, const Field& f, std::vector<std::int64_t>& out) {
  const Tables& t = e.tables();
  out.clear();
  switch (f.type) {
    case FieldType::Bool: out = {1, 0}; break;
    case FieldType::String:
      for (SymId v : t.domains[f.domain].values) out.push_back(v);
      break;
    case FieldType::Site:
      for (SymId s = 1; s < t.sites.size(); ++s) out.push_back(s);
      out.push_back(kNone);
      break;
    case FieldType::Party: {
      // The parties the proposal already names (so that "the same as the supplier" is a
      // case), then one of each class, then none; each once, in that order.
      auto add = [&](std::int64_t v) { if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v); };
      for (std::size_t fi = 2; fi < t.fields.size(); ++fi)
        if (t.fields[fi].type == FieldType::Party && (p.present >> fi & 1)) add(p.scalars[t.fields[fi].slot]);
      for (SymId r : party_representatives(e, p.date, 1)) add(r);
      add(kNone);
      break;
    }
    case FieldType::Date: case FieldType::Int: case FieldType::Parties: break;
  }
}

// Two cases have the same outcome when the same clauses decide or bind the same way. Notes are
// left out: they decide nothing, so they do not make an answer "depend".
static bool same_outcome(const Decision& a, const Decision& b) {
  if (a.verdict != b.verdict) return false;
  std::size_t i = 0, j = 0;
  for (;; ++i, ++j) {
    while (i < a.clauses.size() && a.clauses[i].status == ClauseStatus::Noted) ++i;
    while (j < b.clauses.size() && b.clauses[j].status == ClauseStatus::Noted) ++j;
    if (i == a.clauses.size() || j == b.clauses.size()) return i == a.clauses.size() && j == b.clauses.size();
    if (a.clauses[i].clause != b.clauses[j].clause || a.clauses[i].status != b.clauses[j].status) return false;
  }
}

static void fill(const Tables& t, const Answer& a, std::size_t k, Proposal& q) {
  for (std::size_t u = 0; u < a.unknown.size(); ++u) {
    const Field& f = t.fields[a.unknown[u]];
    q.scalars[f.slot] = a.cases[k].values[u];
    if (a.cases[k].values[u] != kNone || f.type == FieldType::Bool) q.present |= std::uint64_t{1} << a.unknown[u];
  }
}

Proposal case_proposal(const Engine& e, const Proposal& p, const Answer& a, std::size_t k) {
  Proposal q = p;
  fill(e.tables(), a, k, q);
  return q;
}

std::string decide_answer(const Engine& e, const Proposal& p, const DecideOptions& opts, Answer& out) {
  const Tables& t = e.tables();
  out.unknown.clear();
  out.matters.clear();
  if (out.cases.empty()) out.cases.emplace_back();
  const std::uint64_t open = unknown_fields(e, p);
  if (open == 0) {
    out.count = 1;
    out.cases[0].values.clear();
    decide(e, p, opts, out.cases[0].decision);
    if (out.groups.size() != 1) out.groups.assign(1, {0});
    return {};
  }

  auto& values = out.scratch.values;  // values[u] for each unknown field u (more kept for reuse)
  std::size_t total = 1;
  for (std::uint64_t bits = open; bits; bits &= bits - 1) {
    const auto fi = static_cast<std::uint16_t>(__builtin_ctzll(bits));
    const std::size_t u = out.unknown.size();
    out.unknown.push_back(fi);
    if (values.size() <= u) values.resize(u + 1);
    candidates(e, p, t.fields[fi], values[u]);
    total *= std::max<std::size_t>(1, values[u].size());
    if (total > kMaxCases) {
      std::string names;
      for (auto f : out.unknown) names += (names.empty() ? "'" : ", '") + t.fields[f].name + "'";
      return "the answer depends on fields the proposal leaves out (" + names + ", ...) in more than " +
             std::to_string(kMaxCases) + " combinations; give some of them";
    }
  }
  const std::size_t unknown = out.unknown.size();
  if (out.cases.size() < total) out.cases.resize(total);
  out.count = total;
  Proposal& q = out.scratch.proposal;
  auto& pick = out.scratch.pick;
  pick.assign(unknown, 0);
  for (std::size_t k = 0; k < total; ++k) {
    Answer::Case& c = out.cases[k];
    c.values.resize(unknown);
    for (std::size_t u = 0; u < unknown; ++u) c.values[u] = values[u][pick[u]];
    q = p;
    fill(t, out, k, q);
    decide(e, q, opts, c.decision);
    for (std::size_t u = 0; u < pick.size() && ++pick[u] == values[u].size(); ++u) pick[u] = 0;
  }

  out.groups.clear();
  auto& group_of = out.scratch.group_of;
  group_of.resize(total);
  for (std::size_t k = 0; k < total; ++k) {
    std::size_t g = 0;
    while (g < out.groups.size() && !same_outcome(out.cases[out.groups[g][0]].decision, out.cases[k].decision)) ++g;
    if (g == out.groups.size()) out.groups.emplace_back();
    out.groups[g].push_back(static_cast<std::uint32_t>(k));
    group_of[k] = g;
  }
  // A field matters when two cases that differ only in it fall in different groups. Cases
  // are numbered in mixed radix, the first unknown field varying fastest.
  out.matters.assign(unknown, false);
  std::size_t stride = 1;
  for (std::size_t u = 0; u < unknown; ++u) {
    const std::size_t n = values[u].size();
    for (std::size_t k = 0; k < total && !out.matters[u]; ++k)
      if ((k / stride) % n != 0 && group_of[k] != group_of[k - ((k / stride) % n) * stride]) out.matters[u] = true;
    stride *= n;
  }
  return {};
}

std::string describe_value(const Engine& e, const Proposal& p, std::uint16_t field, std::int64_t v) {
  const Tables& t = e.tables();
  const Field& f = t.fields[field];
  std::string text;
  switch (f.type) {
    case FieldType::Bool: text = v ? "true" : "false"; break;
    case FieldType::String: text = v ? t.strings.name(static_cast<SymId>(v)) : "none"; break;
    case FieldType::Site: return v ? f.name + " is " + site_label(t, static_cast<SymId>(v)) : "no " + f.name;
    case FieldType::Party:
      if (!v) return "no " + f.name;
      for (std::size_t fi = 2; fi < t.fields.size(); ++fi)
        if (fi != field && t.fields[fi].type == FieldType::Party && (p.present >> fi & 1) && p.scalars[t.fields[fi].slot] == v)
          return f.name + " is the same party as " + t.fields[fi].name + " (" + party_word(t, static_cast<SymId>(v)) + ")";
      return f.name + " is " + describe_party_class(e, static_cast<SymId>(v), p.date);
    case FieldType::Date: case FieldType::Int: case FieldType::Parties: text = std::to_string(v); break;
  }
  // The schema's words for the value, when it has them.
  const auto& decls = e.rules().schema.fields;
  if (field >= 2 && static_cast<std::size_t>(field - 2) < decls.size())
    for (const auto& [value, label] : decls[field - 2].labels)
      if (value == text) return label;
  return f.name + " is " + text;
}

}  // namespace accord::internal
