#include "check/checker.h"

#include <algorithm>
#include <string_view>

#include "core/unreachable.h"

namespace accord::internal {

namespace {

Type scalar(Base b, std::uint16_t domain = kFreeString) { return {b, false, domain, false}; }
Type set_of(Base b, std::uint16_t domain = kFreeString) { return {b, true, domain, false}; }

const std::vector<std::string> kBuiltinNames = {"member", "members",  "status",   "position",    "count",
                                                "is_state", "is_org", "party_to", "parties_to", "present_since",
                                                "any",    "all"};
const std::vector<std::string> kSiteAttrs = {"kind", "state", "name"};

int tree_depth(const Expr& root) {
  // Iterative, so a pathological tree cannot overflow the stack here.
  int best = 0;
  std::vector<std::pair<const Expr*, int>> stack = {{&root, 1}};
  while (!stack.empty()) {
    auto [e, d] = stack.back();
    stack.pop_back();
    best = std::max(best, d);
    if (best > kMaxTreeDepth) return best;
    for (const auto& k : e->kids) stack.emplace_back(&k, d + 1);
  }
  return best;
}

}  // namespace

std::string type_name(const Type& t, const Tables& tables) {
  std::string base;
  switch (t.base) {
    case Base::Bool: base = "bool"; break;
    case Base::Int: base = "int"; break;
    case Base::Date: base = "date"; break;
    case Base::Str: base = t.domain == kFreeString || t.literal ? "string" : tables.domains[t.domain].what; break;
    case Base::Party: base = "party"; break;
    case Base::Site: base = "site"; break;
  }
  if (!t.set) return base;
  return t.base == Base::Party ? "set of parties" : "set of " + base + "s";
}

void Checker::fail(const Expr& at, std::string message) {
  d_.error_at(*src_->file, src_->loc(at.offset).offset, std::move(message));
  throw Failed{};
}

std::optional<Typed> Checker::check(const SourceExpr& e, Want want) {
  src_ = &e;
  vars_.clear();
  try {
    if (tree_depth(e.ast) > kMaxTreeDepth)
      fail(e.ast, "expression is too deeply nested: the limit is " + std::to_string(kMaxTreeDepth) + " levels");
    Typed t = visit(e.ast, nullptr);
    check_cost(t);
    switch (want) {
      case Want::Bool: expect(t, scalar(Base::Bool), "a condition"); break;
      case Want::PartySet: expect(t, set_of(Base::Party), "a set of parties"); break;
      case Want::Any:
        if (t.type.literal) coerce(t, t.type.set ? set_of(Base::Str) : scalar(Base::Str));
        break;
    }
    return t;
  } catch (const Failed&) {
    return std::nullopt;
  }
}

// The largest number of elements set expression `t` can have on any date.
std::uint64_t Checker::set_bound(const Typed& t) const {
  const std::uint64_t all = t_.parties.size() - 1;
  const auto largest = [&](SymId org) {
    std::uint64_t n = 0;
    for (const Bits& m : t_.orgs[org].members) n = std::max<std::uint64_t>(n, m.count());
    return n;
  };
  switch (t.expr->kind) {
    case ExprKind::Set: return t.kids.size();
    case ExprKind::Call:
      if (static_cast<Builtin>(t.value) == Builtin::Members) {
        if (t.kids[0].expr->kind == ExprKind::Str) return largest(static_cast<SymId>(t.kids[0].value));
        std::uint64_t n = 0;
        for (SymId o = 1; o < t_.parties.size(); ++o)
          if (t_.is_org[o]) n = std::max(n, largest(o));
        return n;
      }
      return all;
    case ExprKind::Binary:
      switch (t.expr->op) {
        case BinOp::Union: return std::min(all, set_bound(t.kids[0]) + set_bound(t.kids[1]));
        case BinOp::Diff: return set_bound(t.kids[0]);
        case BinOp::Inter: return std::min(set_bound(t.kids[0]), set_bound(t.kids[1]));
        case BinOp::And: case BinOp::Eq: case BinOp::Ge: case BinOp::Gt: case BinOp::In:
        case BinOp::Le: case BinOp::Lt: case BinOp::Ne: case BinOp::NotIn: case BinOp::Or: return all;
      }
      unreachable("set_bound: an operator outside BinOp");
    case ExprKind::Attr: case ExprKind::Bool: case ExprKind::Date: case ExprKind::Int:
    case ExprKind::Name: case ExprKind::Not: case ExprKind::Quant: case ExprKind::Str:
      return t.type.base == Base::Party ? all : kMaxSymbols;  // a parties field; a string set
  }
  unreachable("set_bound: an expression kind outside ExprKind");
}

// An upper bound on the nodes evaluated for `t` in one decision (saturating).
std::uint64_t Checker::cost(const Typed& t) const {
  constexpr std::uint64_t kCap = std::uint64_t{1} << 62;
  auto add = [&](std::uint64_t a, std::uint64_t b) { return std::min(kCap, a + b); };
  if (t.expr->kind == ExprKind::Quant) {
    const std::uint64_t n = set_bound(t.kids[0]), body = cost(t.kids[1]);
    const std::uint64_t loop = n != 0 && body > kCap / n ? kCap : n * body;
    return add(add(1, cost(t.kids[0])), loop);
  }
  std::uint64_t c = 1;
  for (const auto& k : t.kids) c = add(c, cost(k));
  return c;
}

// Reports the outermost quantifier whose cost bound is over kMaxExprCost.
void Checker::check_cost(const Typed& t) {
  if (cost(t) <= kMaxExprCost) return;
  const Typed* at = &t;
  while (at->expr->kind != ExprKind::Quant) {
    const Typed* next = nullptr;
    for (const auto& k : at->kids)
      if (cost(k) > kMaxExprCost) { next = &k; break; }
    if (!next) break;
    at = next;
  }
  std::string sizes;
  for (const Typed* q = at; q && q->expr->kind == ExprKind::Quant;) {
    sizes += (sizes.empty() ? "" : " x ") + std::to_string(set_bound(q->kids[0]));
    const Typed* inner = nullptr;
    std::vector<const Typed*> todo = {&q->kids[1]};
    while (!todo.empty() && !inner) {
      const Typed* x = todo.back();
      todo.pop_back();
      if (x->expr->kind == ExprKind::Quant) inner = x;
      else for (const auto& k : x->kids) todo.push_back(&k);
    }
    q = inner;
  }
  auto grouped = [](std::uint64_t n) {
    std::string s = std::to_string(n);
    // insert(pos, 1, ',') rather than insert(pos, ","): GCC 12 reports a bogus -Wrestrict on
    // inserting a one-character literal (GCC bug 105329).
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), 1, ',');
    return s;
  };
  fail(*at->expr, "this expression may take up to " + grouped(cost(t)) +
                      " evaluation steps per decision (any()/all() nested over sets of up to " + sizes +
                      " elements); the limit is " + grouped(kMaxExprCost) +
                      ": nest fewer quantifiers or quantify over smaller sets");
}

// Resolves string literals by context: "RUS" where a party is wanted becomes that party,
// "basing" where an action is wanted must be a declared action, and so on.
void Checker::coerce(Typed& t, const Type& want) {
  if (!t.type.literal) return;
  if (t.type.set) {
    for (auto& k : t.kids) coerce(k, {want.base, false, want.domain, false});
    t.type = want;
    return;
  }
  const std::string& s = t.expr->text;
  switch (want.base) {
    case Base::Party: {
      // Rules name parties by their code; a name is understood, but the code is asked for.
      auto id = t_.parties.find(s);
      if (!id || *id == kNone) {
        SymId named = kNone;
        if (resolve_party(t_, s, named).empty())
          fail(*t.expr, "write parties by their code in rules: '" + t_.parties.name(named) + "' (" + party_word(t_, named) + "), not '" + s + "'");
        fail(*t.expr, "unknown party '" + s + "'" + party_suggestion(t_, s));
      }
      t.value = *id;
      break;
    }
    case Base::Site: {
      auto id = t_.sites.find(s);
      if (!id || *id == kNone) {
        SymId named = kNone;
        const std::string err = resolve_site(t_, s, named);
        fail(*t.expr, err.empty() ? "write sites by their id in rules: '" + t_.sites.name(named) + "', not '" + s + "'" : err);
      }
      t.value = *id;
      break;
    }
    case Base::Str: {
      if (want.domain != kFreeString) {
        const Domain& dom = t_.domains[want.domain];
        auto id = t_.strings.find(s);
        if (!id || !dom.set.test(*id)) {
          SymId named = kNone;
          const std::string err = resolve_value(t_, want.domain, s, named);
          fail(*t.expr, err.empty() ? "write the " + dom.what + " exactly as declared: '" + t_.strings.name(named) + "', not '" + s + "'" : err);
        }
        t.value = *id;
      } else {
        // Every literal of the rules has an id (build_tables, intern_literals).
        const auto id = t_.strings.find(s);
        if (!id) fail(*t.expr, "the string '" + s + "' was not interned with the tables (call intern_literals first)");
        t.value = *id;
      }
      break;
    }
    case Base::Bool: case Base::Date: case Base::Int:
      if (want.base == Base::Date && parse_date(s))
        fail(*t.expr, "write dates unquoted: " + s + " (a quoted \"" + s + "\" is a string)");
      fail(*t.expr, "expected " + type_name(want, t_) + ", found a string");
  }
  t.type = want;
}

void Checker::expect(Typed& t, const Type& want, const char* context) {
  if (t.type.literal && t.type.set == want.set) {
    coerce(t, want);
    return;
  }
  const bool same = t.type.base == want.base && t.type.set == want.set &&
                    (want.base != Base::Str || want.domain == kFreeString || t.type.domain == want.domain);
  if (!same)
    fail(*t.expr, std::string(context) + " must be " + type_name(want, t_) + ", found " + type_name(t.type, t_));
}

Typed Checker::visit(const Expr& e, const Type* hint) {
  Typed t;
  t.expr = &e;
  switch (e.kind) {
    case ExprKind::Bool: t.type = scalar(Base::Bool); t.value = e.ival; return t;
    case ExprKind::Int: t.type = scalar(Base::Int); t.value = e.ival; return t;
    case ExprKind::Date: t.type = scalar(Base::Date); t.value = e.ival; return t;
    case ExprKind::Str:
      t.type = {Base::Str, false, kFreeString, true};
      if (hint) coerce(t, {hint->base, false, hint->domain, false});
      return t;
    case ExprKind::Name: return visit_name(e);
    case ExprKind::Attr: return visit_attr(e);
    case ExprKind::Set: return visit_set(e, hint);
    case ExprKind::Call: return visit_call(e);
    case ExprKind::Quant: return visit_quant(e);
    case ExprKind::Not: {
      t.kids.push_back(visit(e.kids[0], nullptr));
      expect(t.kids[0], scalar(Base::Bool), "the operand of 'not'");
      t.type = scalar(Base::Bool);
      return t;
    }
    case ExprKind::Binary: return visit_binary(e);
  }
  fail(e, "unsupported expression");
}

Typed Checker::visit_name(const Expr& e) {
  Typed t;
  t.expr = &e;
  for (size_t i = vars_.size(); i-- > 0;)
    if (vars_[i].first == e.text) {
      t.type = vars_[i].second;
      t.value = static_cast<std::int64_t>(i);
      t.is_var = true;
      return t;
    }
  const Field* f = t_.field(e.text);
  if (!f) {
    std::vector<std::string> names;
    for (const auto& x : t_.fields) names.push_back(x.name);
    for (const auto& v : vars_) names.push_back(v.first);
    std::string msg = with_suggestion("unknown name '" + e.text + "'", e.text, names);
    if (std::find(kBuiltinNames.begin(), kBuiltinNames.end(), e.text) != kBuiltinNames.end())
      msg = "'" + e.text + "' is a builtin function: call it as " + e.text + "(...)";
    else if (t_.parties.find(e.text) || t_.sites.find(e.text))
      msg += " (to name a party or site, quote it: \"" + e.text + "\")";
    fail(e, msg);
  }
  t.value = f - t_.fields.data();
  switch (f->type) {
    case FieldType::Party: t.type = scalar(Base::Party); break;
    case FieldType::Parties: t.type = set_of(Base::Party); break;
    case FieldType::Site: t.type = scalar(Base::Site); break;
    case FieldType::Bool: t.type = scalar(Base::Bool); break;
    case FieldType::Int: t.type = scalar(Base::Int); break;
    case FieldType::Date: t.type = scalar(Base::Date); break;
    case FieldType::String: t.type = scalar(Base::Str, f->domain); break;
  }
  return t;
}

Typed Checker::visit_attr(const Expr& e) {
  Typed t;
  t.expr = &e;
  t.kids.push_back(visit(e.kids[0], nullptr));
  const Typed& obj = t.kids[0];
  if (obj.type.base != Base::Site || obj.type.set)
    fail(e, "'." + e.text + "' needs a site, found " + type_name(obj.type, t_) +
                " (attributes: site.kind, site.state, site.name)");
  auto it = std::find(kSiteAttrs.begin(), kSiteAttrs.end(), e.text);
  if (it == kSiteAttrs.end())
    fail(e, with_suggestion("unknown site attribute '" + e.text + "'", e.text, kSiteAttrs));
  t.value = it - kSiteAttrs.begin();
  switch (static_cast<Attribute>(t.value)) {
    case Attribute::SiteKind: t.type = scalar(Base::Str, kSiteKindDomain); break;
    case Attribute::SiteState: t.type = scalar(Base::Party); break;
    case Attribute::SiteName: t.type = scalar(Base::Str); break;
  }
  return t;
}

Typed Checker::visit_call(const Expr& e) {
  Typed t;
  t.expr = &e;
  struct Sig { Builtin b; const char* name; std::vector<Type> params; Type result; };
  static const std::vector<Sig> sigs = {
      {Builtin::Member, "member", {scalar(Base::Party), scalar(Base::Party)}, scalar(Base::Bool)},
      {Builtin::Members, "members", {scalar(Base::Party)}, set_of(Base::Party)},
      {Builtin::Status, "status", {scalar(Base::Party), scalar(Base::Party)}, scalar(Base::Str, kStatusDomain)},
      {Builtin::Position, "position", {scalar(Base::Party)}, scalar(Base::Str, kPositionDomain)},
      {Builtin::Count, "count", {set_of(Base::Party)}, scalar(Base::Int)},
      {Builtin::IsState, "is_state", {scalar(Base::Party)}, scalar(Base::Bool)},
      {Builtin::IsOrg, "is_org", {scalar(Base::Party)}, scalar(Base::Bool)},
      {Builtin::PartyTo, "party_to", {scalar(Base::Party), scalar(Base::Party)}, scalar(Base::Bool)},
      {Builtin::PartiesTo, "parties_to", {scalar(Base::Party)}, set_of(Base::Party)},
      {Builtin::PresentSince, "present_since", {scalar(Base::Party), scalar(Base::Site), scalar(Base::Date)}, scalar(Base::Bool)},
  };
  auto it = std::find_if(sigs.begin(), sigs.end(), [&](const Sig& s) { return e.text == s.name; });
  if (it == sigs.end()) fail(e, with_suggestion("unknown builtin '" + e.text + "'", e.text, kBuiltinNames));
  if (e.kids.size() != it->params.size())
    fail(e, e.text + "() takes " + std::to_string(it->params.size()) + " argument" +
                (it->params.size() == 1 ? "" : "s") + ", found " + std::to_string(e.kids.size()));
  for (size_t i = 0; i < e.kids.size(); ++i) {
    Type want = it->params[i];
    if (it->b == Builtin::Count) {
      t.kids.push_back(visit(e.kids[i], nullptr));
      if (!t.kids[i].type.set) fail(e.kids[i], "count() needs a set, found " + type_name(t.kids[i].type, t_));
      if (t.kids[i].type.literal) coerce(t.kids[i], set_of(Base::Str));
      continue;
    }
    t.kids.push_back(visit(e.kids[i], &want));
    expect(t.kids[i], want, ("argument " + std::to_string(i + 1) + " of " + e.text + "()").c_str());
  }
  // The organization argument of member/members/status must be an organization, that of
  // party_to/parties_to an instrument (facts `instruments:`).
  const bool org_arg = it->b == Builtin::Member || it->b == Builtin::Members || it->b == Builtin::Status;
  const bool inst_arg = it->b == Builtin::PartyTo || it->b == Builtin::PartiesTo;
  if ((org_arg || inst_arg) && t.kids[0].expr->kind == ExprKind::Str) {
    const auto id = static_cast<size_t>(t.kids[0].value);
    const std::string& text = t.kids[0].expr->text;
    if (org_arg && !t_.is_org[id]) fail(*t.kids[0].expr, "'" + text + "' is a state, not an organization");
    if (org_arg && t_.is_instrument[id])
      fail(*t.kids[0].expr, "'" + text + "' is an instrument, not an organization: use party_to(\"" + text + "\", ...) or parties_to(...)");
    if (inst_arg && !t_.is_instrument[id])
      fail(*t.kids[0].expr, "'" + text + "' is " + (t_.is_org[id] ? "an organization" : "a state") +
                                ", not an instrument listed under 'instruments:' in the facts" +
                                (t_.is_org[id] ? ": use member(...) or members(...)" : ""));
  }
  t.value = static_cast<std::int64_t>(it->b);
  t.type = it->result;
  return t;
}

Typed Checker::visit_set(const Expr& e, const Type* hint) {
  Typed t;
  t.expr = &e;
  const Type* elem_hint = hint && hint->set ? hint : nullptr;
  Type elem_want;
  if (elem_hint) elem_want = {elem_hint->base, false, elem_hint->domain, false};
  bool all_literal = true;
  for (const auto& k : e.kids) {
    t.kids.push_back(visit(k, elem_hint ? &elem_want : nullptr));
    if (t.kids.back().type.set) fail(k, "sets cannot contain sets");
    all_literal = all_literal && t.kids.back().type.literal;
  }
  if (elem_hint) {
    if (elem_want.base != Base::Party && elem_want.base != Base::Str)
      fail(e, "sets hold parties or strings, found " + type_name(elem_want, t_));
    for (auto& k : t.kids) expect(k, elem_want, "an element of this set");
    t.type = *hint;
    t.type.literal = false;
    return t;
  }
  if (t.kids.empty() || all_literal) {
    t.type = {Base::Str, true, kFreeString, true};
    return t;
  }
  // The first element with a known type decides; literals follow it.
  auto typed = std::find_if(t.kids.begin(), t.kids.end(), [](const Typed& k) { return !k.type.literal; });
  const Type elem = typed->type;
  if (elem.base == Base::Bool || elem.base == Base::Int || elem.base == Base::Date || elem.base == Base::Site)
    fail(*typed->expr, "sets hold parties or strings, found " + type_name(elem, t_));
  for (auto& k : t.kids) expect(k, elem, "an element of this set");
  t.type = set_of(elem.base, elem.domain);
  return t;
}

Typed Checker::visit_quant(const Expr& e) {
  Typed t;
  t.expr = &e;
  if (vars_.size() >= kMaxVars) fail(e, "too many nested any()/all(): the limit is " + std::to_string(kMaxVars));
  t.kids.push_back(visit(e.kids[0], nullptr));
  Typed& set = t.kids[0];
  if (!set.type.set) fail(*set.expr, "'" + e.text + "(" + e.var + " in ...)' needs a set, found " + type_name(set.type, t_));
  if (set.type.literal) fail(*set.expr, "cannot tell what this set holds; use members(...) or a set of party fields");
  if (t_.field(e.var)) fail(e, "'" + e.var + "' is a proposal field; choose another variable name");
  vars_.emplace_back(e.var, Type{set.type.base, false, set.type.domain, false});
  t.value = static_cast<std::int64_t>(vars_.size() - 1);
  t.kids.push_back(visit(e.kids[1], nullptr));
  expect(t.kids[1], scalar(Base::Bool), "the body of any()/all()");
  vars_.pop_back();
  t.type = scalar(Base::Bool);
  return t;
}

// "2042-1-1" parses as 2042 - 1 - 1: say it is a date written wrongly, not set arithmetic.
static bool looks_like_loose_date(std::string_view s) {
  std::size_t i = 0, digits = 0;
  int parts = 0;
  for (; i <= s.size(); ++i) {
    if (i < s.size() && s[i] >= '0' && s[i] <= '9') { ++digits; continue; }
    if (digits == 0 || (parts == 0 && digits != 4) || (parts > 0 && digits > 2)) return false;
    ++parts;
    digits = 0;
    if (i < s.size() && s[i] != '-') return false;
  }
  return parts == 3;
}

Typed Checker::visit_binary(const Expr& e) {
  Typed t;
  t.expr = &e;
  const BinOp op = e.op;
  if (op == BinOp::Diff && e.end <= src_->text.size()) {
    const std::string_view span = std::string_view(src_->text).substr(e.offset, e.end - e.offset);
    if (looks_like_loose_date(span)) {
      std::string fixed;
      std::size_t start = 0;
      for (int part = 0; part < 3; ++part) {
        const std::size_t dash = span.find('-', start);
        std::string piece(span.substr(start, dash == std::string_view::npos ? std::string_view::npos : dash - start));
        // '0' and '\'' rather than "0" and "'" before a std::string: GCC 12 reports a bogus
        // -Wrestrict on a one-character literal prepended to a string (GCC bug 105329).
        if (part > 0 && piece.size() == 1) piece = '0' + piece;
        fixed += (part ? "-" : "") + piece;
        start = dash + 1;
      }
      fail(e, '\'' + std::string(span) + "' is not a date: write dates as YYYY-MM-DD, with two-digit months and days: " + fixed);
    }
  }
  if (op == BinOp::And || op == BinOp::Or) {
    for (const auto& k : e.kids) {
      t.kids.push_back(visit(k, nullptr));
      expect(t.kids.back(), scalar(Base::Bool), (std::string("an operand of '") + binop_text(op) + "'").c_str());
    }
    t.type = scalar(Base::Bool);
    return t;
  }
  // Type the side that is not a bare literal first, then resolve the literal against it.
  auto is_lit = [](const Expr& x) {
    return x.kind == ExprKind::Str || (x.kind == ExprKind::Set &&
        std::all_of(x.kids.begin(), x.kids.end(), [](const Expr& k) { return k.kind == ExprKind::Str; }));
  };
  const bool left_first = !is_lit(e.kids[0]) || is_lit(e.kids[1]);
  Typed first = visit(e.kids[left_first ? 0 : 1], nullptr);
  Type hint = first.type;
  if (op == BinOp::In || op == BinOp::NotIn) hint.set = !left_first ? false : true;
  Typed second = visit(e.kids[left_first ? 1 : 0], first.type.literal ? nullptr : &hint);
  Typed& l = left_first ? first : second;
  Typed& r = left_first ? second : first;
  const std::string opname = std::string("'") + binop_text(op) + "'";
  switch (op) {
    case BinOp::Eq: case BinOp::Ne: {
      if (l.type.literal && r.type.literal)
        fail(e, "cannot compare two literals; compare a field or builtin with a value");
      if (l.type.literal) coerce(l, r.type);
      if (r.type.literal) coerce(r, l.type);
      expect(r, l.type, ("the right side of " + opname).c_str());
      break;
    }
    case BinOp::Lt: case BinOp::Le: case BinOp::Gt: case BinOp::Ge: {
      if (l.type.literal && !r.type.literal) coerce(l, r.type);
      if (l.type.base != Base::Int && l.type.base != Base::Date)
        fail(*l.expr, opname + " compares ints or dates, found " + type_name(l.type, t_));
      expect(r, l.type, ("the right side of " + opname).c_str());
      break;
    }
    case BinOp::In: case BinOp::NotIn: {
      if (!r.type.set && !r.type.literal)
        fail(*r.expr, "the right side of " + opname + " must be a set, found " + type_name(r.type, t_));
      if (l.type.set) fail(*l.expr, "the left side of " + opname + " must be a single value, found " + type_name(l.type, t_));
      if (l.type.literal && r.type.literal) fail(e, "cannot test a literal against a literal set");
      if (l.type.literal) coerce(l, {r.type.base, false, r.type.domain, false});
      if (r.type.literal) coerce(r, {l.type.base, true, l.type.domain, false});
      expect(r, {l.type.base, true, l.type.domain, false}, ("the right side of " + opname).c_str());
      break;
    }
    case BinOp::Union: case BinOp::Diff: case BinOp::Inter: {
      if (l.type.literal && r.type.literal) fail(e, "cannot tell what these sets hold; use a party field or members(...)");
      if (l.type.literal) coerce(l, r.type);
      if (r.type.literal) coerce(r, l.type);
      if (!l.type.set) fail(*l.expr, opname + " works on sets, found " + type_name(l.type, t_) +
                                        " (write {x} for a one-element set)");
      expect(r, l.type, ("the right side of " + opname).c_str());
      t.type = l.type;
      break;
    }
    case BinOp::And: case BinOp::Or: break;
  }
  if (op != BinOp::Union && op != BinOp::Diff && op != BinOp::Inter) t.type = scalar(Base::Bool);
  t.kids.push_back(std::move(l));
  t.kids.push_back(std::move(r));
  return t;
}

}  // namespace accord::internal
