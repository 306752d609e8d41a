#include "eval/evaluator.h"

#include "core/unreachable.h"

namespace accord::internal {

// The cases that need a set on the stack are out of line, so that the recursive boolean(),
// scalar() and set() keep small frames: most conditions never take them.
bool Evaluator::set_equal(const Node& n) {
  Bits x, y;
  set(n.a, x);
  set(n.b, y);
  return x == y;
}

bool Evaluator::in_set(const Node& n) {
  const std::int64_t v = scalar(n.a);
  Bits s;
  set(n.b, s);
  return v > 0 && s.test(static_cast<unsigned>(v));
}

bool Evaluator::quantify(const Node& n) {
  Bits s;
  set(n.a, s);
  const bool want = n.op == Op::Any;
  const auto slot = static_cast<size_t>(n.k);
  for (unsigned w = 0; w < Bits::kWords; ++w)
    for (std::uint64_t x = s.w[w]; x; x &= x - 1) {
      vars_[slot] = w * 64 + static_cast<unsigned>(__builtin_ctzll(x));
      if (boolean(n.b) == want) return want;
    }
  return !want;
}

std::int64_t Evaluator::count(const Node& n) {
  Bits s;
  set(n.a, s);
  return s.count();
}

void Evaluator::combine(const Node& n, Bits& out) {
  Bits r;
  set(n.a, out);
  set(n.b, r);
  if (n.op == Op::Union) out |= r;
  else if (n.op == Op::Diff) out.minus(r);
  else out &= r;
}

bool Evaluator::boolean(std::uint32_t i) {
  const Node& n = prog_.nodes[i];
  switch (n.op) {
    case Op::And: return all_children(n);
    case Op::Or:
      for (std::uint32_t k = 0; k < n.b; ++k)
        if (child(prog_.args[n.a + k])) return true;
      return false;
    case Op::Not: return !child(n.a);
    case Op::Eq: return scalar(n.a) == scalar(n.b);
    case Op::Ne: return scalar(n.a) != scalar(n.b);
    case Op::Lt: return scalar(n.a) < scalar(n.b);
    case Op::Le: return scalar(n.a) <= scalar(n.b);
    case Op::Gt: return scalar(n.a) > scalar(n.b);
    case Op::Ge: return scalar(n.a) >= scalar(n.b);
    case Op::SetEq: case Op::SetNe: return set_equal(n) == (n.op == Op::SetEq);
    case Op::In: case Op::NotIn: return in_set(n) == (n.op == Op::In);
    case Op::Member: return member(static_cast<SymId>(scalar(n.a)), scalar(n.b));
    case Op::IsState: { const auto v = scalar(n.a); return v > 0 && !t_.is_org[static_cast<size_t>(v)]; }
    case Op::IsOrg: { const auto v = scalar(n.a); return v > 0 && t_.is_org[static_cast<size_t>(v)]; }
    case Op::Any: case Op::All: return quantify(n);
    case Op::FieldEqK: case Op::FieldNeK: case Op::FieldInK: case Op::MemberKField: case Op::NotMemberKField:
      return child(i);
    case Op::FieldNotInK: { const auto v = p_.scalars[n.a]; return !(v > 0 && prog_.sets[n.b].test(static_cast<unsigned>(v))); }
    case Op::PresentSince: {
      const auto party = scalar(n.a), site = scalar(n.b);
      if (party <= 0 || site <= 0) return false;
      const Date since = static_cast<Date>(scalar(static_cast<std::uint32_t>(n.k)));
      for (const SitePresence& pr : t_.presences[static_cast<std::size_t>(site)])
        if (pr.party == party && pr.from <= since && since < pr.to && pr.from <= p_.date && p_.date < pr.to) return true;
      return false;
    }
    // A bool-typed scalar (a bool field, constant or variable) as a condition.
    case Op::Const: case Op::Field: case Op::Var: case Op::SiteKind: case Op::SiteState:
    case Op::SiteName: case Op::Status: case Op::Position: case Op::Count: return scalar(i) != 0;
    case Op::ConstSet: case Op::SetField: case Op::SetLit: case Op::Members: case Op::MembersK:
    case Op::Union: case Op::Diff: case Op::Inter: case Op::MinusField: break;
  }
  // The checker types every node and the compiler emits each where its type belongs.
  unreachable("evaluator: a set node evaluated as a condition");
}

std::int64_t Evaluator::scalar(std::uint32_t i) {
  const Node& n = prog_.nodes[i];
  switch (n.op) {
    case Op::Const: return n.k;
    case Op::Field: return p_.scalars[n.a];
    case Op::Var: return vars_[n.a];
    case Op::SiteKind: return t_.site_kind[static_cast<size_t>(scalar(n.a))];
    case Op::SiteState: return t_.site_state[static_cast<size_t>(scalar(n.a))];
    case Op::SiteName: return t_.site_name[static_cast<size_t>(scalar(n.a))];
    case Op::Status: {
      const auto org = static_cast<SymId>(scalar(n.a));
      const auto party = scalar(n.b);
      if (!member(org, party)) return t_.status_none;
      const OrgIndex& idx = t_.orgs[org];
      for (const auto& [who, status] : idx.status[idx.epoch(p_.date)])
        if (who == party) return status;
      return t_.status_member;
    }
    case Op::Position: {
      const auto v = static_cast<unsigned>(scalar(n.a));
      if (p_.consented.test(v)) return t_.pos_sym[static_cast<int>(Position::Consent)];
      if (p_.objected.test(v)) return t_.pos_sym[static_cast<int>(Position::Object)];
      if (p_.abstained.test(v)) return t_.pos_sym[static_cast<int>(Position::Abstain)];
      return t_.pos_sym[static_cast<int>(Position::None)];
    }
    case Op::Count: return count(n);
    // A condition as a bool value (compared with ==).
    case Op::And: case Op::Or: case Op::Not: case Op::Eq: case Op::Ne: case Op::Lt: case Op::Le:
    case Op::Gt: case Op::Ge: case Op::SetEq: case Op::SetNe: case Op::In: case Op::NotIn:
    case Op::Member: case Op::IsState: case Op::IsOrg: case Op::Any: case Op::All:
    case Op::FieldEqK: case Op::FieldNeK: case Op::FieldInK: case Op::FieldNotInK:
    case Op::MemberKField: case Op::NotMemberKField: case Op::PresentSince: return boolean(i) ? 1 : 0;
    case Op::ConstSet: case Op::SetField: case Op::SetLit: case Op::Members: case Op::MembersK:
    case Op::Union: case Op::Diff: case Op::Inter: case Op::MinusField: break;
  }
  unreachable("evaluator: a set node evaluated as a value");
}

void Evaluator::any_set(const Node& n, Bits& out) {
  switch (n.op) {
    case Op::ConstSet: out = prog_.sets[n.a]; return;
    case Op::SetField: out = p_.sets[n.a]; return;
    case Op::SetLit:
      out.clear();
      for (std::uint32_t k = 0; k < n.b; ++k) {
        const auto v = scalar(prog_.args[n.a + k]);
        if (v > 0) out.set(static_cast<unsigned>(v));
      }
      return;
    case Op::MembersK: return members(static_cast<SymId>(n.k), out);
    case Op::MinusField:  // S - {field} for an S other than members(ORG) (see set())
      set(n.a, out);
      if (const auto v = p_.scalars[n.b]; v > 0) out.reset(static_cast<unsigned>(v));
      return;
    case Op::Members: return members(static_cast<SymId>(scalar(n.a)), out);
    case Op::Union: case Op::Diff: case Op::Inter: return combine(n, out);
    case Op::And: case Op::Or: case Op::Not: case Op::Eq: case Op::Ne: case Op::Lt: case Op::Le:
    case Op::Gt: case Op::Ge: case Op::SetEq: case Op::SetNe: case Op::In: case Op::NotIn:
    case Op::Member: case Op::IsState: case Op::IsOrg: case Op::Any: case Op::All:
    case Op::FieldEqK: case Op::FieldNeK: case Op::FieldInK: case Op::FieldNotInK:
    case Op::MemberKField: case Op::NotMemberKField: case Op::PresentSince: case Op::Const: case Op::Field: case Op::Var:
    case Op::SiteKind: case Op::SiteState: case Op::SiteName: case Op::Status: case Op::Position:
    case Op::Count: break;
  }
  unreachable("evaluator: a condition or value node evaluated as a set");
}

}  // namespace accord::internal
