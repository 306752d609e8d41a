// accord_diff: the compiled evaluator against the reference interpreter
// (tests/support/reference.h), at scale. For each random proposal, over the shipped packs and
// over randomly generated packs (on the shipped vocabulary and facts, and on a second one with
// every field type, tests/data/diff_rules/), it compares:
//   - which clauses apply: decide() (rule index by action, date windows, compiled conditions)
//     against the clause's window and its `when` walked by the interpreter;
//   - for each applying clause and each reading, the parties asked (`consent: from:`) and the
//     parties bound (`binds:`), evaluated both ways.
// Any difference is printed with the proposal and the expression, and the exit code is 1.
//
//   accord_diff [--proposals N] [--seed S]      (make check-diff: 1,000,000; make test: 20,000)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "check/checker.h"
#include "compile/engine.h"
#include "env/tables.h"
#include "decide/decide.h"
#include "eval/evaluator.h"
#include "load/proposal_builder.h"
#include "load/rules_loader.h"
#include "load/yaml_doc.h"
#include "support/reference.h"

namespace accord::internal {
namespace {

using Rng = std::mt19937_64;

std::size_t below(Rng& rng, std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); }
bool coin(Rng& rng, double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }
template <class T>
const T& pick(Rng& rng, const std::vector<T>& xs) {
  return xs[below(rng, xs.size())];
}

// What the generators draw from: the vocabulary and facts of one rules base.
struct Domain {
  const RuleSet* rules = nullptr;
  std::vector<std::string> parties, others, orgs, sites, actions;  // parties: in some organization or hosting a site
  std::vector<std::string> dates;  // every date where a fact changes, and around them
  std::vector<const FieldDecl*> by_type[7];
  std::vector<std::string> statuses = {"member", "frozen", "none"};
  std::vector<std::string> instruments;  // facts `instruments:`, for party_to / parties_to

  explicit Domain(const RuleSet& r) : rules(&r) {
    // Parties the facts say something about come first and are drawn more often (a random
    // state out of 193 rarely meets a clause).
    std::set<std::string> known;
    for (const auto& o : r.facts.organizations) {
      if (o.instrument) instruments.push_back(o.id);  // not a party a proposal can name
      else known.insert(o.id), orgs.push_back(o.id);
      for (const auto& m : o.members) known.insert(m.party);
    }
    for (const auto& s : r.facts.sites) {
      known.insert(s.state);
      for (const auto& pr : s.presences) known.insert(pr.party);
    }
    parties.assign(known.begin(), known.end());
    for (const auto& s : r.facts.states)
      if (!known.count(s.id)) others.push_back(s.id);
    for (const auto& s : r.facts.sites) sites.push_back(s.id);
    for (const auto& a : r.schema.actions) actions.push_back(a.name);
    std::set<Date> ds = {parse_date("1990-01-01").value(), parse_date("2026-03-01").value()};
    for (const auto& o : r.facts.organizations)
      for (const auto& m : o.members)
        for (const auto& iv : m.intervals)
          for (Date d : {iv.from, iv.to, iv.since})
            if (d > kDateMin && d < kDateMax) ds.insert(d - 1), ds.insert(d), ds.insert(d + 1);
    for (const auto& s : r.facts.sites)
      for (const auto& pr : s.presences)
        for (Date d : {pr.from, pr.to})
          if (d > kDateMin && d < kDateMax) ds.insert(d - 1), ds.insert(d), ds.insert(d + 1);
    for (Date d : ds) dates.push_back(format_date(d));
    for (const auto& f : r.schema.fields) by_type[static_cast<int>(f.type)].push_back(&f);
  }
  const std::vector<const FieldDecl*>& fields(FieldType t) const { return by_type[static_cast<int>(t)]; }
};

// Random well-typed expressions of the rule language (most pass the checker; those that do
// not, e.g. over the cost bound, are dropped by the caller).
class ExprGen {
 public:
  ExprGen(const Domain& d, Rng& rng) : d_(d), rng_(rng) {}

  std::string boolean(int depth) {
    const int choice = static_cast<int>(below(rng_, depth > 0 ? 16 : 11));
    switch (choice) {
      case 0: return party(depth) + (coin(rng_, 0.7) ? " == " : " != ") + party(depth);
      case 1:
        if (!d_.instruments.empty() && coin(rng_, 0.3))
          return "party_to(" + quoted(pick(rng_, d_.instruments)) + ", " + party(depth) + ")";
        return "member(" + quoted(pick(rng_, d_.orgs)) + ", " + party(depth) + ")";
      case 2: return party(depth) + (coin(rng_, 0.6) ? " in " : " not in ") + set(depth);
      case 3: return "status(" + quoted(pick(rng_, d_.orgs)) + ", " + party(depth) + ") == " + quoted(pick(rng_, d_.statuses));
      case 4: return "position(" + party(depth) + ") " + (coin(rng_, 0.5) ? "== " : "!= ") +
                     quoted(pick(rng_, std::vector<std::string>{"consent", "object", "abstain", "none"}));
      case 5: return "count(" + set(depth) + ") " + cmp() + " " + std::to_string(below(rng_, 5));
      case 6: return "date " + cmp() + " " + pick(rng_, d_.dates);
      case 7: return std::string(coin(rng_, 0.5) ? "is_state(" : "is_org(") + party(depth) + ")";
      case 8: return "action " + std::string(coin(rng_, 0.6) ? "== " : "!= ") + quoted(pick(rng_, d_.actions));
      case 9: return field_test();
      case 10:
        if (!d_.fields(FieldType::Site).empty()) {
          if (coin(rng_, 0.3))
            return "present_since(" + party(depth) + ", " + (coin(rng_, 0.5) ? std::string("site") : quoted(pick(rng_, d_.sites))) +
                   ", " + pick(rng_, d_.dates) + ")";
          return coin(rng_, 0.5) ? "site.kind == " + quoted(coin(rng_, 0.5) ? "airbase" : "depot")
                                 : "site == " + quoted(pick(rng_, d_.sites));
        }
        return "true";
      case 11: return "not " + atom(depth - 1);
      case 12:
      case 13: return atom(depth - 1) + (choice == 12 ? " and " : " or ") + atom(depth - 1);
      case 14: return set(depth - 1) + (coin(rng_, 0.5) ? " == " : " != ") + set(depth - 1);
      default: {
        if (vars_.size() >= 2) return atom(depth - 1);
        const std::string v = "v" + std::to_string(vars_.size());
        const std::string over = set(depth - 1);
        vars_.push_back(v);
        const std::string body = boolean(depth - 1);
        vars_.pop_back();
        return std::string(coin(rng_, 0.5) ? "any(" : "all(") + v + " in " + over + ": " + body + ")";
      }
    }
  }

  std::string set(int depth) {
    const int choice = static_cast<int>(below(rng_, depth > 0 ? 7 : 4));
    switch (choice) {
      case 0:
        if (!d_.instruments.empty() && coin(rng_, 0.3)) return "parties_to(" + quoted(pick(rng_, d_.instruments)) + ")";
        return "members(" + quoted(pick(rng_, d_.orgs)) + ")";
      case 1: {
        std::string s = "{" + party(depth);
        for (std::size_t k = below(rng_, 3); k > 0; --k) s += ", " + party(depth);
        return s + "}";
      }
      case 2:
        if (!d_.fields(FieldType::Parties).empty()) return pick(rng_, d_.fields(FieldType::Parties))->name;
        return "members(" + party(depth) + ")";
      case 3: return "members(" + party(depth) + ")";
      default: return "(" + set(depth - 1) + (choice == 4 ? " + " : choice == 5 ? " - " : " & ") + set(depth - 1) + ")";
    }
  }

 private:
  std::string atom(int depth) { return "(" + boolean(depth) + ")"; }
  std::string quoted(const std::string& s) { return "\"" + s + "\""; }
  std::string cmp() { return pick(rng_, std::vector<std::string>{"==", "!=", "<", "<=", ">", ">="}); }

  std::string party(int depth) {
    const auto& fields = d_.fields(FieldType::Party);
    switch (below(rng_, 5)) {
      case 0:
      case 1:
        if (!fields.empty()) return pick(rng_, fields)->name;
        [[fallthrough]];
      case 2: return quoted(pick(rng_, d_.parties));
      case 3:
        if (!vars_.empty()) return pick(rng_, vars_);
        [[fallthrough]];
      default:
        if (!d_.fields(FieldType::Site).empty() && coin(rng_, 0.5)) return "site.state";
        return quoted(pick(rng_, d_.parties));
    }
  }

  // A test of a bool, string, int or date field.
  std::string field_test() {
    for (int tries = 0; tries < 4; ++tries) {
      switch (below(rng_, 4)) {
        case 0:
          if (!d_.fields(FieldType::Bool).empty())
            return pick(rng_, d_.fields(FieldType::Bool))->name + (coin(rng_, 0.5) ? "" : " == false");
          break;
        case 1:
          if (!d_.fields(FieldType::String).empty()) {
            const FieldDecl* f = pick(rng_, d_.fields(FieldType::String));
            return f->name + (coin(rng_, 0.5) ? " == " : " != ") + quoted(pick(rng_, f->values));
          }
          break;
        case 2:
          if (!d_.fields(FieldType::Int).empty())
            return pick(rng_, d_.fields(FieldType::Int))->name + " " + cmp() + " " + std::to_string(below(rng_, 4) * 50);
          break;
        default:
          if (!d_.fields(FieldType::Date).empty())
            return pick(rng_, d_.fields(FieldType::Date))->name + " " + cmp() +
                   (coin(rng_, 0.5) ? " date" : " " + pick(rng_, d_.dates));
          break;
      }
    }
    return "true";
  }

  const Domain& d_;
  Rng& rng_;
  std::vector<std::string> vars_;
};

// One random proposal, built twice: through ProposalBuilder (as accord reads it) and as the
// reference's plain record.
struct Generated {
  Proposal p;
  ref::Proposal r;
  std::string text;  // for messages
};

bool generate(const Domain& d, const ProposalBuilder& b, Rng& rng, Generated& g) {
  const RuleSet& rules = *d.rules;
  b.reset(g.p);
  g.r = ref::Proposal::blank(rules.schema);
  g.text.clear();
  auto set = [&](const std::string& name, const std::string& value) {
    g.text += name + "=" + value + " ";
    return !b.set(g.p, name, value);
  };
  const ActionDecl& a = pick(rng, rules.schema.actions);
  const std::string date = pick(rng, d.dates);
  if (!set("action", a.name) || !set("date", date)) return false;
  g.r.fields["action"] = ref::V::str(a.name);
  g.r.date = parse_date(date).value();
  auto fill = [&](const std::string& name) {
    const FieldDecl* f = nullptr;
    for (const auto& x : rules.schema.fields)
      if (x.name == name) f = &x;
    if (!f) return false;
    switch (f->type) {
      case FieldType::Party: {
        const std::string v = d.others.empty() || coin(rng, 0.85) ? pick(rng, d.parties) : pick(rng, d.others);
        g.r.fields[name] = ref::V::str(v);
        return set(name, v);
      }
      case FieldType::Site: {
        // A site `within` a party field must be in that state: pick among that state's sites.
        std::vector<std::string> candidates = d.sites;
        if (!f->within.empty()) {
          const auto host = g.r.fields.find(f->within);
          if (host == g.r.fields.end()) return true;  // the state is not set: leave the site out
          candidates.clear();
          for (const auto& site : rules.facts.sites)
            if (site.state == host->second.s) candidates.push_back(site.id);
          if (candidates.empty()) return true;
        }
        const std::string v = pick(rng, candidates);
        g.r.fields[name] = ref::V::str(v);
        return set(name, v);
      }
      case FieldType::Parties: {
        std::set<std::string> s;
        b.mark_present(g.p, name);
        for (const auto& party : d.parties)
          if (coin(rng, 2.0 / static_cast<double>(d.parties.size()))) {
            s.insert(party);
            g.text += name + "+=" + party + " ";
            if (b.add_to_set(g.p, name, party)) return false;
          }
        g.r.fields[name] = ref::V::of(s);
        return true;
      }
      case FieldType::Bool: {
        const bool v = coin(rng, 0.5);
        g.r.fields[name] = ref::V::boolean(v);
        return set(name, v ? "true" : "false");
      }
      case FieldType::Int: {
        const int v = static_cast<int>(below(rng, 4)) * 50;
        g.r.fields[name] = ref::V::integer(v);
        return set(name, std::to_string(v));
      }
      case FieldType::Date: {
        const std::string v = pick(rng, d.dates);
        g.r.fields[name] = ref::V::integer(parse_date(v).value());
        return set(name, v);
      }
      case FieldType::String: {
        const std::string v = pick(rng, f->values);
        g.r.fields[name] = ref::V::str(v);
        return set(name, v);
      }
    }
    return false;
  };
  for (const auto& name : a.required)
    if (!fill(name)) return false;
  for (const auto& name : a.optional)
    if (coin(rng, 0.5) && !fill(name)) return false;
  // Positions: often for the members of an organization, sometimes for anyone.
  const char* const kStances[] = {"consent", "object", "abstain"};
  for (const auto& party : d.parties) {
    if (!coin(rng, 0.3)) continue;
    const char* stance = kStances[below(rng, 3)];
    if (b.set_position(g.p, party, stance)) return false;
    g.r.positions[party] = stance;
    g.text += party + ":" + stance + " ";
  }
  return !b.finish(g.p, 0);
}

// A rules base (schema + facts + packs) loaded from a directory, and the engines compared on it.
struct Base {
  std::string name;
  RuleSet rules;  // schema and facts (and, for the shipped base, the packs)
  std::vector<std::unique_ptr<Engine>> engines;
};

// A pack of random clauses on `base`'s vocabulary. Each expression is checked first, and one
// that does not check (e.g. over the cost bound) is replaced, so the pack builds.
std::unique_ptr<Engine> random_pack(const RuleSet& base, const Domain& d, Rng& rng, int index,
                                    std::size_t& rejected) {
  Tables tables;
  Diagnostics td;
  if (!build_tables(base, tables, td)) return nullptr;
  ExprGen gen(d, rng);
  auto checked = [&](bool want_set) {
    for (;;) {
      const std::string text = want_set ? gen.set(2) : gen.boolean(3);
      Diagnostics diags;
      auto file = std::make_shared<const SourceFile>("expr", text);
      std::vector<std::uint32_t> offs(text.size() + 1);
      for (std::size_t i = 0; i < offs.size(); ++i) offs[i] = static_cast<std::uint32_t>(i);
      auto src = make_source_expr(file, text, std::move(offs), diags);
      if (src) {
        Tables copy = tables;
        intern_literals(*src, copy);
        Checker checker(copy, diags);
        if (checker.check(*src, want_set ? Want::PartySet : Want::Bool)) return text;
      }
      ++rejected;
    }
  };
  auto yaml_quoted = [](const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
  };
  const std::string id = "random" + std::to_string(index);
  std::string text = "instrument:\n  id: " + id + "\n  title: Random pack " + std::to_string(index) +
                     "\n  in_force: 1995-01-01\n  source: https://example.org/" + id + "\nclauses:\n";
  const int n = 4 + static_cast<int>(below(rng, 8));
  for (int k = 0; k < n; ++k) {
    text += "  - id: " + id + "/c" + std::to_string(k) + "\n    cite: \"Art. " + std::to_string(k) +
            "\"\n    text: \"...\"\n    source: https://example.org\n";
    if (coin(rng, 0.3)) {
      const std::string from = pick(rng, d.dates), to = pick(rng, d.dates);
      text += "    effective: { from: " + std::min(from, to) + (from == to ? "" : ", to: " + std::max(from, to)) + " }\n";
    }
    text += "    when: " + yaml_quoted(checked(false)) + "\n";
    switch (below(rng, 4)) {
      case 0: text += "    effect: permit\n"; break;
      case 1: text += "    effect: prohibit\n"; break;
      case 2:
        text += "    effect: consent\n    consent:\n      from: " + yaml_quoted(checked(true)) + "\n      rule: " +
                pick(rng, std::vector<std::string>{"unanimous", "no_objection", "majority", "any", "consult"}) + "\n";
        break;
      default: text += "    effect: obligation\n    binds: " + yaml_quoted(checked(true)) + "\n"; break;
    }
  }
  RuleSet rules = base;
  Diagnostics diags;
  auto file = std::make_shared<const SourceFile>("random/" + id + ".yaml", text);
  std::unique_ptr<Engine> e;
  if (load_pack_file(file, "random", rules, diags) && validate_rules(rules, diags))
    e = Engine::build(std::move(rules), diags);
  if (!e) std::fprintf(stderr, "accord_diff: a random pack does not build:\n%s\n%s", text.c_str(), diags.str().c_str());
  return e;
}

struct Counts {
  std::size_t proposals = 0, conditions = 0, sets = 0, applying = 0, mismatches = 0;
};

void report_mismatch(Counts& c, const std::string& what, const Clause& clause, const std::string& expr,
                     const Generated& g) {
  if (++c.mismatches <= 10)
    std::fprintf(stderr, "MISMATCH %s of %s\n  expression: %s\n  proposal: %s\n", what.c_str(), clause.id.c_str(),
                 expr.c_str(), g.text.c_str());
}

std::string names(const Tables& t, const Bits& b) {
  std::string s;
  b.for_each([&](unsigned id) { s += t.parties.name(static_cast<SymId>(id)) + " "; });
  return s;
}

void compare(const Engine& e, const Generated& g, Counts& c) {
  Decision d;
  decide(e, g.p, {}, d);
  std::set<std::uint32_t> compiled;
  for (const auto& r : d.clauses) compiled.insert(r.clause);
  ref::Interpreter in(e.rules());
  const Tables& t = e.tables();
  for (std::uint32_t i = 0; i < e.rules().clauses.size(); ++i) {
    const Clause& cl = e.rules().clauses[i];
    ++c.conditions;
    const bool applies = cl.effective_from <= g.r.date && g.r.date < cl.effective_to && in.eval(cl.when.ast, g.r).b;
    if (applies != (compiled.count(i) > 0)) {
      report_mismatch(c, std::string("'applies' (compiled ") + (applies ? "no" : "yes") + ")", cl, cl.when.text, g);
      continue;
    }
    if (!applies) continue;
    ++c.applying;
    const CompiledClause& cc = e.clauses()[i];
    for (std::size_t k = 0; k < cl.readings.size(); ++k) {
      const Outcome& o = cl.readings[k].outcome;
      for (const auto& [expr, node] : {std::pair{&o.consent_from, cc.readings[k].from}, {&o.binds, cc.readings[k].binds}}) {
        if (!*expr || node == kNoNode) continue;
        ++c.sets;
        Evaluator ev(e.program(), t, g.p);
        Bits got;
        ev.set(node, got);
        std::set<std::string> have;
        got.for_each([&](unsigned id) { have.insert(t.parties.name(static_cast<SymId>(id))); });
        const std::set<std::string> want = in.eval((*expr)->ast, g.r).set;
        if (have != want) report_mismatch(c, "a party set (compiled: " + names(t, got) + ")", cl, (*expr)->text, g);
      }
    }
  }
  ++c.proposals;
}

std::optional<RuleSet> load_dir(const std::string& dir, bool with_packs) {
  Diagnostics d;
  auto r = load_rules({dir}, d);
  if (!r) {
    std::fprintf(stderr, "accord_diff: %s does not load:\n%s", dir.c_str(), d.str().c_str());
    return std::nullopt;
  }
  if (!with_packs) r->instruments.clear(), r->clauses.clear();
  return r;
}

int run(std::size_t proposals, std::uint64_t seed) {
  const auto start = std::chrono::steady_clock::now();
  Rng rng(seed);
  std::vector<Base> bases;
  {
    auto shipped = load_dir(std::string(ACCORD_REPO) + "/rules", true);
    auto second = load_dir(std::string(ACCORD_REPO) + "/tests/data/diff_rules", false);
    if (!shipped || !second) return 2;
    Diagnostics d;
    Base s{"shipped", *shipped, {}};
    s.engines.push_back(Engine::build(std::move(*shipped), d));
    if (!s.engines.back()) return std::fprintf(stderr, "accord_diff: the shipped rules do not build\n"), 2;
    s.rules.instruments.clear(), s.rules.clauses.clear();
    bases.push_back(std::move(s));
    bases.push_back(Base{"all field types", std::move(*second), {}});
  }
  // Random packs: 24 on each base (a new pack every few thousand proposals).
  std::size_t rejected = 0, random_clauses = 0;
  int index = 0;
  for (Base& b : bases) {
    const Domain dom(b.rules);
    for (int k = 0; k < 24; ++k) {
      auto e = random_pack(b.rules, dom, rng, index++, rejected);
      if (!e) return 2;
      random_clauses += e->rules().clauses.size();
      b.engines.push_back(std::move(e));
    }
  }
  Counts shipped, random;
  std::size_t n = 0, invalid = 0;
  std::vector<std::unique_ptr<Domain>> domains;
  for (const Base& b : bases) domains.push_back(std::make_unique<Domain>(b.rules));
  // Half the proposals on the shipped packs, half spread over the random ones.
  std::vector<std::pair<std::size_t, const Engine*>> randoms;
  for (std::size_t bi = 0; bi < bases.size(); ++bi)
    for (std::size_t k = bi == 0 ? 1 : 0; k < bases[bi].engines.size(); ++k) randoms.emplace_back(bi, bases[bi].engines[k].get());
  const ProposalBuilder shipped_builder(bases[0].engines[0]->tables());
  std::size_t turn = 0;
  while (n < proposals) {
    const bool on_shipped = n % 2 == 0;
    const auto [bi, e] = on_shipped ? std::pair<std::size_t, const Engine*>{0, bases[0].engines[0].get()}
                                    : randoms[turn++ / 64 % randoms.size()];
    Generated g;
    if (!generate(*domains[bi], on_shipped ? shipped_builder : ProposalBuilder(e->tables()), rng, g)) {
      ++invalid;
      continue;
    }
    compare(*e, g, on_shipped ? shipped : random);
    ++n;
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "accord_diff: %zu proposals in %.1f s (seed %llu); shipped packs: %zu proposals, %zu conditions, %zu applying, "
      "%zu party sets; random packs: %zu clauses in %zu packs (%zu expressions regenerated), %zu proposals, %zu "
      "conditions, %zu applying, %zu party sets; %zu mismatches\n",
      n, s, static_cast<unsigned long long>(seed), shipped.proposals, shipped.conditions, shipped.applying, shipped.sets,
      random_clauses, bases[0].engines.size() + bases[1].engines.size() - 1, rejected, random.proposals,
      random.conditions, random.applying, random.sets, shipped.mismatches + random.mismatches);
  if (invalid > n / 10) {
    std::fprintf(stderr, "accord_diff: %zu generated proposals were invalid: the generator is off\n", invalid);
    return 1;
  }
  return shipped.mismatches + random.mismatches == 0 ? 0 : 1;
}

}  // namespace
}  // namespace accord::internal

int main(int argc, char** argv) {
  std::size_t proposals = 1'000'000;
  std::uint64_t seed = 20261130;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--proposals") && i + 1 < argc) proposals = std::strtoull(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--seed") && i + 1 < argc) seed = std::strtoull(argv[++i], nullptr, 10);
    else return std::fprintf(stderr, "usage: accord_diff [--proposals N] [--seed S]\n"), 2;
  }
  return accord::internal::run(proposals, seed);
}
