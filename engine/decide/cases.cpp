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

// The values an unknown field can take on `d`.
static std::vector<std::int64_t> candidates(const Engine& e, const Proposal& p, const Field& f) {
  const Tables& t = e.tables();
  std::vector<std::int64_t> out;
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
      // case), then one of each class, then none.
      for (std::size_t fi = 2; fi < t.fields.size(); ++fi)
        if (t.fields[fi].type == FieldType::Party && (p.present >> fi & 1)) out.push_back(p.scalars[t.fields[fi].slot]);
      for (SymId r : party_representatives(e, p.date, 1)) out.push_back(r);
      out.push_back(kNone);
      std::vector<std::int64_t> unique;
      for (auto v : out) if (std::find(unique.begin(), unique.end(), v) == unique.end()) unique.push_back(v);
      out = std::move(unique);
      break;
    }
    case FieldType::Date: case FieldType::Int: case FieldType::Parties: break;
  }
  return out;
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

  std::vector<std::vector<std::int64_t>> values;
  std::size_t total = 1;
  for (std::uint64_t bits = open; bits; bits &= bits - 1) {
    const auto fi = static_cast<std::uint16_t>(__builtin_ctzll(bits));
    out.unknown.push_back(fi);
    values.push_back(candidates(e, p, t.fields[fi]));
    total *= std::max<std::size_t>(1, values.back().size());
    if (total > kMaxCases) {
      std::string names;
      for (auto u : out.unknown) names += (names.empty() ? "'" : ", '") + t.fields[u].name + "'";
      return "the answer depends on fields the proposal leaves out (" + names + ", ...) in more than " +
             std::to_string(kMaxCases) + " combinations; give some of them";
    }
  }
  if (out.cases.size() < total) out.cases.resize(total);
  out.count = total;
  Proposal q = p;
  std::vector<std::size_t> pick(values.size(), 0);
  for (std::size_t k = 0; k < total; ++k) {
    Answer::Case& c = out.cases[k];
    c.values.resize(values.size());
    for (std::size_t u = 0; u < values.size(); ++u) c.values[u] = values[u][pick[u]];
    q = p;
    fill(t, out, k, q);
    decide(e, q, opts, c.decision);
    for (std::size_t u = 0; u < pick.size() && ++pick[u] == values[u].size(); ++u) pick[u] = 0;
  }

  out.groups.clear();
  std::vector<std::size_t> group_of(total);
  for (std::size_t k = 0; k < total; ++k) {
    std::size_t g = 0;
    while (g < out.groups.size() && !same_outcome(out.cases[out.groups[g][0]].decision, out.cases[k].decision)) ++g;
    if (g == out.groups.size()) out.groups.emplace_back();
    out.groups[g].push_back(static_cast<std::uint32_t>(k));
    group_of[k] = g;
  }
  // A field matters when two cases that differ only in it fall in different groups. Cases
  // are numbered in mixed radix, the first unknown field varying fastest.
  out.matters.assign(values.size(), false);
  std::size_t stride = 1;
  for (std::size_t u = 0; u < values.size(); ++u) {
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
