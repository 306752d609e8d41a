// A compiled rule set: the loaded rules (kept for citations and texts), the resolved tables,
// and one Program holding every clause's condition, consent set, obligation set and
// explanation holes. Built once by Engine::build (check + compile); immutable afterwards, so
// one Engine serves any number of threads.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <span>
#include <vector>

#include "check/checker.h"
#include "compile/mentions.h"
#include "compile/program.h"
#include "env/tables.h"
#include "core/diagnostics.h"
#include "model/rules.h"

namespace accord::internal {

inline constexpr std::uint32_t kNoNode = UINT32_MAX;

struct CompiledOutcome {
  Effect effect = Effect::Permit;
  ConsentRule rule = ConsentRule::NoObjection;
  std::uint32_t from = kNoNode;   // set of parties (effect Consent)
  std::uint32_t binds = kNoNode;  // set of parties (effect Obligation), optional
};

// One top-level conjunct of a clause's `when`, for --explain.
struct SubCondition {
  std::uint32_t node;
  std::string text;  // as written (whitespace folded)
};

struct TemplateHole {
  std::string literal;
  std::uint32_t node = kNoNode;  // kNoNode: literal text only
  Type type;
};

struct CompiledClause {
  Date from = kDateMin, to = kDateMax;
  std::uint32_t when = kNoNode;
  // The actions for which `when` can hold (from a top-level `action == ...` or `action in
  // {...}` conjunct); all actions when the condition does not say. decide() skips the clause
  // for other actions without evaluating it: rule indexing, as policy engines do.
  Bits actions;
  // What decide() evaluates: `when` without those top-level action conjuncts, which hold for
  // every action the clause is listed under (the index is their intersection); kNoNode when
  // nothing else is left (the clause applies to each of its actions on its dates).
  std::uint32_t test = kNoNode;
  // The reading used when the options name none (Clause::default_reading).
  std::uint8_t default_reading = 0;
  std::vector<SubCondition> subs;
  std::vector<CompiledOutcome> readings;
  std::uint64_t reads = 0;     // proposal fields (bits over Tables::fields) its conditions read
  std::uint64_t observes = 0;  // the same and the fields named in present_since()
  std::vector<std::uint32_t> overridden_by;  // clause indices whose application sets this aside
  std::vector<TemplateHole> because;
  std::vector<TemplateHole> duty;
  // Rendered once for the JSON of every decision it takes part in: `"id"` (the id as a JSON
  // string) and `{"id":"…","cite":"…"` with `,"version":"…"` when it has one (the start of its
  // object in "clauses").
  std::string json_id, json_head;
};

class Engine {
 public:
  // Checks and compiles `rules`. All errors are reported; null if there were any.
  static std::unique_ptr<Engine> build(RuleSet rules, Diagnostics& diags);

  const RuleSet& rules() const { return rules_; }
  const Tables& tables() const { return tables_; }
  const Program& program() const { return program_; }
  const std::vector<CompiledClause>& clauses() const { return clauses_; }
  // Clause indices ordered so that every clause comes after all clauses that override it.
  const std::vector<std::uint32_t>& order() const { return order_; }
  // The clauses that can apply to `action` (CompiledClause::actions), in order() and in rule
  // order: decide() visits only these.
  std::span<const std::uint32_t> order_for(SymId action) const { return action_slice(action_order_, action); }
  std::span<const std::uint32_t> clauses_for(SymId action) const { return action_slice(action_clauses_, action); }
  // Index of the clause with this id (its first version), or -1.
  int find_clause(std::string_view id) const;
  // The indices of every dated version of the clause with this id (one for a clause without
  // versions); empty if there is no such clause.
  std::vector<std::size_t> clause_versions(std::string_view id) const;
  // What the rules observe of proposals (lint, whatif and partial answers enumerate it).
  const Mentions& mentions() const { return mentions_; }
  // What the clauses that can apply to `action` observe (lint and whatif work per action).
  Mentions mentions_for(SymId action) const;
  // The fields (bits over Tables::fields) read by the clauses that can apply to `action`.
  std::uint64_t fields_read_for(SymId action) const { return action_reads_[action]; }
  // The same with the fields named in present_since(): every field that can change the answer
  // (an absent one there counts as none, so it is not enumerated as unknown).
  std::uint64_t fields_observed_for(SymId action) const { return action_observes_[action]; }

 private:
  RuleSet rules_;
  Tables tables_;
  Program program_;
  std::vector<CompiledClause> clauses_;
  std::vector<std::uint32_t> order_;
  Mentions mentions_;
  std::vector<std::uint64_t> action_reads_, action_observes_;  // by string id of an action
  // Clause indices of every action one after another; start[a] .. start[a + 1] are action a's.
  struct ActionIndex {
    std::vector<std::uint32_t> clauses;
    std::vector<std::uint32_t> start;
  };
  ActionIndex action_order_, action_clauses_;
  static std::span<const std::uint32_t> action_slice(const ActionIndex& x, SymId action) {
    return {x.clauses.data() + x.start[action], x.clauses.data() + x.start[action + 1u]};
  }
};

}  // namespace accord::internal
