// A reference interpreter for the rule language, for differential tests of the compiled
// evaluator (tests/compile/compiler_test.cpp, tests/diff/accord_diff.cpp). It walks the AST
// straight from the loaded facts, everything by name, following docs/language.md and
// docs/rules-format.md: no interning, no fused nodes, no epochs, no caches — deliberately
// nothing the compiler does. Header-only, no test framework.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "model/rules.h"

namespace accord::internal::ref {

// A value: everything by name.
struct V {
  enum Kind { B, I, S, Set } k = B;
  bool b = false;
  std::int64_t i = 0;
  std::string s;
  std::set<std::string> set;
  static V boolean(bool x) {
    V v;
    v.k = B;
    v.b = x;
    return v;
  }
  static V integer(std::int64_t x) {
    V v;
    v.k = I;
    v.i = x;
    return v;
  }
  static V str(std::string x) {
    V v;
    v.k = S;
    v.s = std::move(x);
    return v;
  }
  static V of(std::set<std::string> x) {
    V v;
    v.k = Set;
    v.set = std::move(x);
    return v;
  }
  bool operator==(const V& o) const {
    if (k != o.k) return false;
    switch (k) {
      case B: return b == o.b;
      case I: return i == o.i;
      case S: return s == o.s;
      case Set: return set == o.set;
    }
    return false;
  }
};

struct Proposal {
  std::map<std::string, V> fields;  // every schema field; an absent one holds its "none" value
  std::map<std::string, std::string> positions;
  Date date = 0;

  // Every field of `schema` absent: no party (""), an empty list, false, 0.
  static Proposal blank(const Schema& schema) {
    Proposal p;
    p.fields["action"] = V::str("");
    for (const auto& f : schema.fields) {
      switch (f.type) {
        case FieldType::Parties: p.fields[f.name] = V::of({}); break;
        case FieldType::Bool: p.fields[f.name] = V::boolean(false); break;
        case FieldType::Int:
        case FieldType::Date: p.fields[f.name] = V::integer(0); break;
        default: p.fields[f.name] = V::str(""); break;
      }
    }
    return p;
  }
};

class Interpreter {
 public:
  explicit Interpreter(const RuleSet& r) : r_(r) {}

  bool member(const std::string& org, const std::string& party, Date d) const {
    for (const auto& o : r_.facts.organizations)
      if (o.id == org)
        for (const auto& m : o.members)
          if (m.party == party)
            for (const auto& iv : m.intervals)
              if (iv.from <= d && d < iv.to) return true;  // from inclusive, to exclusive
    return false;
  }
  std::string status(const std::string& org, const std::string& party, Date d) const {
    for (const auto& o : r_.facts.organizations)
      if (o.id == org)
        for (const auto& m : o.members)
          if (m.party == party)
            for (const auto& iv : m.intervals)
              if (iv.from <= d && d < iv.to) return !iv.status.empty() && iv.since <= d ? iv.status : "member";
    return "none";
  }
  std::set<std::string> members(const std::string& org, Date d) const {
    std::set<std::string> out;
    for (const auto& o : r_.facts.organizations)
      if (o.id == org)
        for (const auto& m : o.members)
          if (member(org, m.party, d)) out.insert(m.party);
    return out;
  }
  bool is_org(const std::string& x) const {
    for (const auto& o : r_.facts.organizations)
      if (o.id == x) return true;
    return false;
  }
  bool is_state(const std::string& x) const {
    for (const auto& s : r_.facts.states)
      if (s.id == x) return true;
    return false;
  }
  // `party` has been at `site` without a break from `since` (or before) to `date`.
  bool present_since(const std::string& party, const std::string& site, std::int64_t since, std::int64_t date) const {
    for (const auto& s : r_.facts.sites)
      if (s.id == site)
        for (const auto& pr : s.presences)
          if (pr.party == party && pr.from <= since && since < pr.to && pr.from <= date && date < pr.to) return true;
    return false;
  }
  std::string site_attr(const std::string& site, const std::string& attr) const {
    for (const auto& s : r_.facts.sites)
      if (s.id == site) return attr == "kind" ? s.kind : attr == "state" ? s.state : s.name;
    return "";
  }

  V eval(const Expr& e, const Proposal& p) {
    switch (e.kind) {
      case ExprKind::Bool: return V::boolean(e.ival != 0);
      case ExprKind::Int:
      case ExprKind::Date: return V::integer(e.ival);
      case ExprKind::Str: return V::str(e.text);
      case ExprKind::Name: {
        for (auto it = vars_.rbegin(); it != vars_.rend(); ++it)
          if (it->first == e.text) return V::str(it->second);
        if (e.text == "date") return V::integer(p.date);
        const auto f = p.fields.find(e.text);
        if (f == p.fields.end()) throw std::logic_error("reference: unknown name " + e.text);
        return f->second;
      }
      case ExprKind::Attr: return V::str(site_attr(eval(e.kids[0], p).s, e.text));
      case ExprKind::Set: {
        std::set<std::string> out;
        for (const auto& k : e.kids) {
          const std::string s = eval(k, p).s;
          if (!s.empty()) out.insert(s);  // an absent field adds nothing
        }
        return V::of(out);
      }
      case ExprKind::Call: {
        // An instrument's parties are kept like an organization's members (facts `instruments:`).
        if (e.text == "member" || e.text == "party_to")
          return V::boolean(member(eval(e.kids[0], p).s, eval(e.kids[1], p).s, p.date));
        if (e.text == "members" || e.text == "parties_to") return V::of(members(eval(e.kids[0], p).s, p.date));
        if (e.text == "present_since")
          return V::boolean(present_since(eval(e.kids[0], p).s, eval(e.kids[1], p).s, eval(e.kids[2], p).i, p.date));
        if (e.text == "status") return V::str(status(eval(e.kids[0], p).s, eval(e.kids[1], p).s, p.date));
        if (e.text == "position") {
          auto it = p.positions.find(eval(e.kids[0], p).s);
          return V::str(it == p.positions.end() ? "none" : it->second);
        }
        if (e.text == "count") return V::integer(static_cast<std::int64_t>(eval(e.kids[0], p).set.size()));
        if (e.text == "is_state") return V::boolean(is_state(eval(e.kids[0], p).s));
        if (e.text == "is_org") return V::boolean(is_org(eval(e.kids[0], p).s));
        throw std::logic_error("reference: unknown builtin " + e.text);
      }
      case ExprKind::Not: return V::boolean(!eval(e.kids[0], p).b);
      case ExprKind::Quant: {
        const V set = eval(e.kids[0], p);
        const bool any = e.text == "any";
        for (const auto& x : set.set) {
          vars_.emplace_back(e.var, x);
          const bool v = eval(e.kids[1], p).b;
          vars_.pop_back();
          if (v == any) return V::boolean(any);
        }
        return V::boolean(!any);
      }
      case ExprKind::Binary: {
        if (e.op == BinOp::And) return V::boolean(eval(e.kids[0], p).b && eval(e.kids[1], p).b);
        if (e.op == BinOp::Or) return V::boolean(eval(e.kids[0], p).b || eval(e.kids[1], p).b);
        const V l = eval(e.kids[0], p), r = eval(e.kids[1], p);
        switch (e.op) {
          case BinOp::Eq: return V::boolean(l == r);
          case BinOp::Ne: return V::boolean(!(l == r));
          case BinOp::Lt: return V::boolean(l.i < r.i);
          case BinOp::Le: return V::boolean(l.i <= r.i);
          case BinOp::Gt: return V::boolean(l.i > r.i);
          case BinOp::Ge: return V::boolean(l.i >= r.i);
          case BinOp::In: return V::boolean(!l.s.empty() && r.set.count(l.s) > 0);
          case BinOp::NotIn: return V::boolean(!(!l.s.empty() && r.set.count(l.s) > 0));
          case BinOp::Union: {
            auto s = l.set;
            s.insert(r.set.begin(), r.set.end());
            return V::of(s);
          }
          case BinOp::Diff: {
            std::set<std::string> s;
            for (const auto& x : l.set)
              if (!r.set.count(x)) s.insert(x);
            return V::of(s);
          }
          case BinOp::Inter: {
            std::set<std::string> s;
            for (const auto& x : l.set)
              if (r.set.count(x)) s.insert(x);
            return V::of(s);
          }
          default: break;
        }
        throw std::logic_error("reference: unknown operator");
      }
    }
    throw std::logic_error("reference: unknown expression kind");
  }

 private:
  const RuleSet& r_;
  std::vector<std::pair<std::string, std::string>> vars_;
};

}  // namespace accord::internal::ref
