#include "compile/engine.h"

#include <functional>

#include "compile/compiler.h"
#include "core/utf8.h"

namespace accord::internal {

// The source text of a node, whitespace folded, for --explain.
static std::string span_text(const SourceExpr& src, const Expr& e) {
  std::string out;
  const std::size_t end = std::min<std::size_t>(e.end, src.text.size());
  for (std::size_t i = e.offset; i < end; ++i) {
    const char c = src.text[i];
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

static void top_conjuncts(const Typed& t, std::vector<const Typed*>& out) {
  if (t.expr->kind == ExprKind::Binary && t.expr->op == BinOp::And)
    for (const auto& k : t.kids) top_conjuncts(k, out);
  else
    out.push_back(&t);
}

// A top-level conjunct on `action` (`action == K`, `action in {...}`): the rule index.
static bool on_action(const Node& n) {
  return n.a == kActionSlot && (n.op == Op::FieldEqK || n.op == Op::FieldInK);
}

// Actions a compiled condition can hold for: narrowed by top-level conjuncts on `action`.
static Bits action_index(const Program& prog, const Tables& t, std::uint32_t root) {
  Bits all = t.domains[kActionDomain].set;
  auto narrow = [&](const Node& n) {
    if (!on_action(n)) return;
    if (n.op == Op::FieldEqK) {
      Bits one;
      one.set(static_cast<unsigned>(n.k));
      all &= one;
    } else {
      all &= prog.sets[n.b];
    }
  };
  const Node& r = prog.nodes[root];
  if (r.op == Op::And)
    for (std::uint32_t k = 0; k < r.b; ++k) narrow(prog.nodes[prog.args[r.a + k]]);
  else
    narrow(r);
  return all;
}

// `root` without its top-level conjuncts on `action` (CompiledClause::test): the same node
// when it has none, one conjunct alone, or a new `and` of those left; kNoNode for none left.
static std::uint32_t residual_test(Program& prog, std::uint32_t root) {
  const Node r = prog.nodes[root];
  if (r.op != Op::And) return on_action(r) ? kNoNode : root;
  std::vector<std::uint32_t> kept;
  for (std::uint32_t k = 0; k < r.b; ++k)
    if (const std::uint32_t c = prog.args[r.a + k]; !on_action(prog.nodes[c])) kept.push_back(c);
  if (kept.size() == r.b) return root;
  if (kept.empty()) return kNoNode;
  if (kept.size() == 1) return kept[0];
  Node n{Op::And};
  n.a = static_cast<std::uint32_t>(prog.args.size());
  n.b = static_cast<std::uint32_t>(kept.size());
  prog.args.insert(prog.args.end(), kept.begin(), kept.end());
  prog.nodes.push_back(n);
  return static_cast<std::uint32_t>(prog.nodes.size() - 1);
}

std::unique_ptr<Engine> Engine::build(RuleSet rules, Diagnostics& d) {
  auto eng = std::unique_ptr<Engine>(new Engine());
  eng->rules_ = std::move(rules);
  if (!build_tables(eng->rules_, eng->tables_, d)) return nullptr;
  Checker checker(eng->tables_, d);
  Compiler compiler(eng->program_, eng->tables_);
  auto compile = [&](const SourceExpr& e, Want want) -> std::uint32_t {
    auto typed = checker.check(e, want);
    return typed ? compiler.emit(*typed) : kNoNode;
  };

  for (const Clause& c : eng->rules_.clauses) {
    CompiledClause cc;
    cc.from = c.effective_from;
    cc.to = c.effective_to;
    cc.reads = fields_read(c, eng->tables_);
    cc.observes = fields_observed(c, eng->tables_);
    if (auto typed = checker.check(c.when, Want::Bool)) {
      cc.when = compiler.emit(*typed);
      cc.actions = action_index(eng->program_, eng->tables_, cc.when);
      cc.test = residual_test(eng->program_, cc.when);
      std::vector<const Typed*> conj;
      top_conjuncts(*typed, conj);
      for (const Typed* k : conj) cc.subs.push_back({compiler.emit(*k), span_text(c.when, *k->expr)});
    }
    for (const Reading& r : c.readings) {
      CompiledOutcome o;
      o.effect = r.outcome.effect;
      o.rule = r.outcome.rule;
      if (r.outcome.consent_from) o.from = compile(*r.outcome.consent_from, Want::PartySet);
      if (r.outcome.binds) o.binds = compile(*r.outcome.binds, Want::PartySet);
      cc.readings.push_back(o);
    }
    cc.default_reading = static_cast<std::uint8_t>(c.default_reading);
    auto holes = [&](const std::vector<TemplatePart>& parts, std::vector<TemplateHole>& out) {
      for (const TemplatePart& part : parts) {
        TemplateHole h;
        h.literal = part.literal;
        if (part.expr) {
          if (auto typed = checker.check(*part.expr, Want::Any)) {
            h.type = typed->type;
            h.node = compiler.emit(*typed);
          }
        }
        out.push_back(std::move(h));
      }
    };
    holes(c.because, cc.because);
    holes(c.duty, cc.duty);
    auto quoted = [](const std::string& text) {
      std::string q = "\"";
      append_json_escaped(q, text);
      return q + '"';
    };
    cc.json_id = quoted(c.id);
    cc.json_head = "{\"id\":" + cc.json_id + ",\"cite\":" + quoted(c.cite);
    if (!c.version.empty()) cc.json_head += ",\"version\":" + quoted(c.version);
    eng->clauses_.push_back(std::move(cc));
  }
  if (eng->tables_.strings.size() > kMaxSymbols)  // id 0 is "none": 511 strings
    d.error({}, "too many distinct strings: the limit is " + std::to_string(kMaxSymbols - 1));
  if (d.has_errors()) return nullptr;

  eng->mentions_ = collect_mentions(eng->rules_, eng->tables_);
  eng->action_reads_.assign(kMaxSymbols, 0);
  eng->action_observes_.assign(kMaxSymbols, 0);
  for (const CompiledClause& c : eng->clauses_)
    c.actions.for_each([&](unsigned a) {
      eng->action_reads_[a] |= c.reads;
      eng->action_observes_[a] |= c.observes;
    });

  // Overrides: who sets each clause aside, and an order with overriders first (the loader
  // has already rejected cycles).
  const auto n = eng->clauses_.size();
  for (std::size_t i = 0; i < n; ++i)
    for (const auto& target : eng->rules_.clauses[i].overrides)
      for (std::size_t t : eng->clause_versions(target))
        eng->clauses_[t].overridden_by.push_back(static_cast<std::uint32_t>(i));
  std::vector<bool> done(n, false);
  std::function<void(std::uint32_t)> place = [&](std::uint32_t i) {
    if (done[i]) return;
    done[i] = true;
    for (auto by : eng->clauses_[i].overridden_by) place(by);
    eng->order_.push_back(i);
  };
  for (std::uint32_t i = 0; i < n; ++i) place(i);
  // Each action's clauses, in the order of `sequence` (a counting sort by action).
  auto index_by_action = [&](const std::vector<std::uint32_t>& sequence, ActionIndex& x) {
    x.start.assign(kMaxSymbols + 1, 0);
    for (const std::uint32_t i : sequence) eng->clauses_[i].actions.for_each([&](unsigned a) { ++x.start[a + 1]; });
    for (unsigned a = 0; a < kMaxSymbols; ++a) x.start[a + 1] += x.start[a];
    x.clauses.resize(x.start[kMaxSymbols]);
    std::vector<std::uint32_t> next(x.start.begin(), x.start.end() - 1);
    for (const std::uint32_t i : sequence) eng->clauses_[i].actions.for_each([&](unsigned a) { x.clauses[next[a]++] = i; });
  };
  std::vector<std::uint32_t> rule_order(n);
  for (std::uint32_t i = 0; i < n; ++i) rule_order[i] = i;
  index_by_action(eng->order_, eng->action_order_);
  index_by_action(rule_order, eng->action_clauses_);
  return eng;
}

int Engine::find_clause(std::string_view id) const {
  for (std::size_t i = 0; i < rules_.clauses.size(); ++i)
    if (rules_.clauses[i].id == id) return static_cast<int>(i);
  return -1;
}

Mentions Engine::mentions_for(SymId action) const {
  std::vector<bool> only(clauses_.size());
  for (std::size_t i = 0; i < only.size(); ++i) only[i] = clauses_[i].actions.test(action);
  return collect_mentions(rules_, tables_, only);
}

std::vector<std::size_t> Engine::clause_versions(std::string_view id) const {
  std::vector<std::size_t> out;
  if (const int first = find_clause(id); first >= 0)
    for (auto i = static_cast<std::size_t>(first); i < rules_.versions_end(static_cast<std::size_t>(first)); ++i) out.push_back(i);
  return out;
}

}  // namespace accord::internal
