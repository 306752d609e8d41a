// Evaluates compiled program nodes against one proposal. A switch over node ops, recursion
// bounded by the checked tree depth; sets live on the stack as Bits. No allocation, no
// string lookups.
#pragma once
#include <cstdint>

#include "check/checker.h"
#include "compile/program.h"
#include "env/tables.h"
#include "env/proposal.h"

namespace accord::internal {

class Evaluator {
 public:
  Evaluator(const Program& prog, const Tables& tables, const Proposal& p)
      : prog_(prog), t_(tables), p_(p) {}
  bool boolean(std::uint32_t node);
  // A clause's condition: an `and` of the fused leaves, the usual shape, is tested here
  // without a call; anything else by boolean().
  bool holds(std::uint32_t node) {
    const Node& n = prog_.nodes[node];
    return n.op == Op::And ? all_children(n) : child(node);
  }
  std::int64_t scalar(std::uint32_t node);
  // A set. The usual consent set, members(ORG) - {field}, is computed here without a call.
  void set(std::uint32_t node, Bits& out) {
    const Node& n = prog_.nodes[node];
    if (n.op == Op::MinusField) {
      if (const Node& from = prog_.nodes[n.a]; from.op == Op::MembersK) {
        members(static_cast<SymId>(from.k), out);
        if (const auto v = p_.scalars[n.b]; v > 0) out.reset(static_cast<unsigned>(v));
        return;
      }
    }
    any_set(n, out);
  }

 private:
  // A child of And, Or or Not: the fused leaves (field == constant, field in a constant set,
  // member(constant org, field) and its negation), which most conditions are made of, are
  // tested here without a recursive call.
  bool child(std::uint32_t i) {
    const Node& n = prog_.nodes[i];
    switch (n.op) {
      case Op::FieldEqK: return p_.scalars[n.a] == n.k;
      case Op::FieldNeK: return p_.scalars[n.a] != n.k;
      case Op::FieldInK: { const auto v = p_.scalars[n.a]; return v > 0 && prog_.sets[n.b].test(static_cast<unsigned>(v)); }
      case Op::MemberKField: return member(static_cast<SymId>(n.k), p_.scalars[n.a]);
      case Op::NotMemberKField: return !member(static_cast<SymId>(n.k), p_.scalars[n.a]);
      default: return boolean(i);
    }
  }
  // An `and` node: every child holds.
  bool all_children(const Node& n) {
    for (std::uint32_t k = 0; k < n.b; ++k)
      if (!child(prog_.args[n.a + k])) return false;
    return true;
  }
  bool member(SymId org, std::int64_t party) {
    const Bits* m = members_of(org);
    return m && m->test(static_cast<unsigned>(party));
  }
  void any_set(const Node& n, Bits& out);
  [[gnu::noinline]] bool set_equal(const Node& n);
  [[gnu::noinline]] bool in_set(const Node& n);
  [[gnu::noinline]] bool quantify(const Node& n);  // Any, All
  [[gnu::noinline]] std::int64_t count(const Node& n);
  [[gnu::noinline]] void combine(const Node& n, Bits& out);  // Union, Diff, Inter
  // Members of `org` on the proposal's date; the last organization's epoch is cached, since
  // a clause usually asks about the same organization several times.
  // The members of `org` on the date (none for a party without memberships).
  void members(SymId org, Bits& out) {
    const Bits* m = members_of(org);
    if (m) out = *m;
    else out.clear();
  }
  const Bits* members_of(SymId org) {
    if (org == cached_org_ && cached_members_) return cached_members_;
    const OrgIndex& idx = t_.orgs[org];
    if (idx.epoch_from.empty()) return nullptr;
    cached_org_ = org;
    cached_members_ = &idx.members[idx.epoch(p_.date)];
    return cached_members_;
  }
  const Program& prog_;
  const Tables& t_;
  const Proposal& p_;
  std::int64_t vars_[kMaxVars];  // quantifier variables, written before they are read
  SymId cached_org_ = kNone;
  const Bits* cached_members_ = nullptr;
};

}  // namespace accord::internal
