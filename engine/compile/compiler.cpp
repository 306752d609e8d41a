#include "compile/compiler.h"

namespace accord::internal {

std::uint32_t Compiler::push(Node n) {
  p_.nodes.push_back(n);
  return static_cast<std::uint32_t>(p_.nodes.size() - 1);
}

void Compiler::flatten(const Typed& t, BinOp op, std::vector<const Typed*>& out) {
  if (t.expr->kind == ExprKind::Binary && t.expr->op == op) {
    for (const auto& k : t.kids) flatten(k, op, out);
  } else {
    out.push_back(&t);
  }
}

std::uint32_t Compiler::emit_list(Op op, const std::vector<const Typed*>& items) {
  std::vector<std::uint32_t> kids;
  kids.reserve(items.size());
  for (const Typed* k : items) kids.push_back(emit(*k));
  const auto first = static_cast<std::uint32_t>(p_.args.size());
  p_.args.insert(p_.args.end(), kids.begin(), kids.end());
  return push({op, first, static_cast<std::uint32_t>(kids.size()), 0});
}

// A set whose value is known at compile time: a literal set of resolved literals.
bool Compiler::constant_set(const Typed& t, Bits& out) const {
  if (t.expr->kind != ExprKind::Set) return false;
  out.clear();
  for (const auto& k : t.kids) {
    const auto kind = k.expr->kind;
    if (kind != ExprKind::Str) return false;
    if (k.value > 0) out.set(static_cast<unsigned>(k.value));
  }
  return true;
}

static bool is_field(const Typed& t) {
  return t.expr->kind == ExprKind::Name && !t.is_var && !t.type.set;
}
static bool is_const(const Typed& t) {
  const auto k = t.expr->kind;
  return (k == ExprKind::Str || k == ExprKind::Int || k == ExprKind::Date || k == ExprKind::Bool) && !t.type.set;
}

std::uint32_t Compiler::emit(const Typed& t) {
  const Expr& e = *t.expr;
  switch (e.kind) {
    case ExprKind::Bool: case ExprKind::Int: case ExprKind::Date: case ExprKind::Str:
      return push({Op::Const, 0, 0, t.value});
    case ExprKind::Name: {
      if (t.is_var) return push({Op::Var, static_cast<std::uint32_t>(t.value), 0, 0});
      const Field& f = tables_.fields[static_cast<size_t>(t.value)];
      return push({t.type.set ? Op::SetField : Op::Field, f.slot, 0, 0});
    }
    case ExprKind::Attr: {
      const std::uint32_t obj = emit(t.kids[0]);
      static constexpr Op ops[] = {Op::SiteKind, Op::SiteState, Op::SiteName};
      return push({ops[t.value], obj, 0, 0});
    }
    case ExprKind::Set: {
      Bits c;
      if (constant_set(t, c)) {
        p_.sets.push_back(c);
        return push({Op::ConstSet, static_cast<std::uint32_t>(p_.sets.size() - 1), 0, 0});
      }
      std::vector<const Typed*> items;
      for (const auto& k : t.kids) items.push_back(&k);
      return emit_list(Op::SetLit, items);
    }
    case ExprKind::Not: {
      const std::uint32_t kid = emit(t.kids[0]);
      if (const Node k = p_.nodes[kid]; k.op == Op::MemberKField && kid + 1 == p_.nodes.size()) {
        p_.nodes.pop_back();  // not member(K, field): one fused leaf
        return push({Op::NotMemberKField, k.a, 0, k.k});
      }
      return push({Op::Not, kid, 0, 0});
    }
    case ExprKind::Quant: {
      const std::uint32_t set = emit(t.kids[0]);
      const std::uint32_t body = emit(t.kids[1]);
      return push({e.text == "any" ? Op::Any : Op::All, set, body, t.value});
    }
    case ExprKind::Call: {
      auto b = static_cast<Builtin>(t.value);
      // An instrument's parties are indexed like an organization's members.
      if (b == Builtin::PartyTo) b = Builtin::Member;
      if (b == Builtin::PartiesTo) b = Builtin::Members;
      if (b == Builtin::Member && is_const(t.kids[0]) && is_field(t.kids[1])) {
        const Field& f = tables_.fields[static_cast<size_t>(t.kids[1].value)];
        return push({Op::MemberKField, f.slot, 0, t.kids[0].value});
      }
      if (b == Builtin::Members && is_const(t.kids[0])) return push({Op::MembersK, 0, 0, t.kids[0].value});
      std::uint32_t a = emit(t.kids[0]);
      std::uint32_t second = t.kids.size() > 1 ? emit(t.kids[1]) : 0;
      switch (b) {
        case Builtin::Member: return push({Op::Member, a, second, 0});
        case Builtin::Members: return push({Op::Members, a, 0, 0});
        case Builtin::Status: return push({Op::Status, a, second, 0});
        case Builtin::Position: return push({Op::Position, a, 0, 0});
        case Builtin::Count: return push({Op::Count, a, 0, 0});
        case Builtin::IsState: return push({Op::IsState, a, 0, 0});
        case Builtin::IsOrg: return push({Op::IsOrg, a, 0, 0});
        case Builtin::PresentSince: return push({Op::PresentSince, a, second, emit(t.kids[2])});
        case Builtin::PartyTo: case Builtin::PartiesTo: break;  // mapped above
      }
      break;
    }
    case ExprKind::Binary: {
      const Typed& l = t.kids[0];
      const Typed& r = t.kids[1];
      switch (e.op) {
        case BinOp::And: case BinOp::Or: {
          std::vector<const Typed*> items;
          flatten(t, e.op, items);
          return emit_list(e.op == BinOp::And ? Op::And : Op::Or, items);
        }
        case BinOp::Eq: case BinOp::Ne: {
          const bool eq = e.op == BinOp::Eq;
          if (l.type.set) return push({eq ? Op::SetEq : Op::SetNe, emit(l), emit(r), 0});
          const Typed* field = is_field(l) ? &l : is_field(r) ? &r : nullptr;
          const Typed* k = field == &l ? &r : &l;
          if (field && is_const(*k)) {
            const Field& f = tables_.fields[static_cast<size_t>(field->value)];
            return push({eq ? Op::FieldEqK : Op::FieldNeK, f.slot, 0, k->value});
          }
          return push({eq ? Op::Eq : Op::Ne, emit(l), emit(r), 0});
        }
        case BinOp::Lt: return push({Op::Lt, emit(l), emit(r), 0});
        case BinOp::Le: return push({Op::Le, emit(l), emit(r), 0});
        case BinOp::Gt: return push({Op::Gt, emit(l), emit(r), 0});
        case BinOp::Ge: return push({Op::Ge, emit(l), emit(r), 0});
        case BinOp::In: case BinOp::NotIn: {
          const bool in = e.op == BinOp::In;
          Bits c;
          if (is_field(l) && constant_set(r, c)) {
            p_.sets.push_back(c);
            const Field& f = tables_.fields[static_cast<size_t>(l.value)];
            return push({in ? Op::FieldInK : Op::FieldNotInK, f.slot,
                         static_cast<std::uint32_t>(p_.sets.size() - 1), 0});
          }
          return push({in ? Op::In : Op::NotIn, emit(l), emit(r), 0});
        }
        case BinOp::Union: return push({Op::Union, emit(l), emit(r), 0});
        case BinOp::Diff:
          // S - {field}: the common "the others" shape, without building the one-element set.
          if (r.expr->kind == ExprKind::Set && r.kids.size() == 1 && is_field(r.kids[0])) {
            const Field& f = tables_.fields[static_cast<size_t>(r.kids[0].value)];
            return push({Op::MinusField, emit(l), f.slot, 0});
          }
          return push({Op::Diff, emit(l), emit(r), 0});
        case BinOp::Inter: return push({Op::Inter, emit(l), emit(r), 0});
      }
      break;
    }
  }
  return push({Op::Const, 0, 0, 0});
}

}  // namespace accord::internal
