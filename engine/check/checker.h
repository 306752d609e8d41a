// The checker: resolves names (proposal fields, quantifier variables, attributes, builtins),
// infers and checks types, and resolves literals ("RUS", "basing", "manas") against the facts
// and the schema, with nearest-name suggestions. Its output, a Typed tree, is what the
// compiler turns into a program; nothing unchecked ever reaches evaluation.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "env/tables.h"
#include "core/diagnostics.h"
#include "model/rules.h"

namespace accord::internal {

enum class Base : std::uint8_t { Bool, Int, Date, Str, Party, Site };

struct Type {
  Base base = Base::Bool;
  bool set = false;
  std::uint16_t domain = kFreeString;  // Str: which values it can take
  bool literal = false;  // a string literal (or set of them) not yet resolved by context
};
std::string type_name(const Type& t, const Tables& tables);

enum class Builtin : std::uint8_t { Member, Members, Status, Position, Count, IsState, IsOrg, PartyTo, PartiesTo, PresentSince };
enum class Attribute : std::uint8_t { SiteKind, SiteState, SiteName };

struct Typed {
  const Expr* expr = nullptr;
  Type type;
  // Literals: the resolved value (party/site/string id, date, int, bool). Names: the field
  // index (Tables::fields) or, for a bound variable, its variable slot. Attr: Attribute.
  // Call: Builtin. Quant: the variable slot.
  std::int64_t value = 0;
  bool is_var = false;
  std::vector<Typed> kids;
};

// Deepest expression tree the checker accepts (left-leaning chains like a or b or c count
// one level per operator); deeper ones are reported, never recursed into.
inline constexpr int kMaxTreeDepth = 256;
// Quantifiers nested inside each other.
inline constexpr int kMaxVars = 8;
// Most evaluation steps one expression may take per decision, by its cost bound: any()/all()
// multiply the cost of their body by the largest size their set can have (the members of the
// organization at its largest, all parties for a parties field). Six any() nested over NATO
// would be 32^6 = 10^9 steps: reported when the rules load, not discovered as a hung decision.
inline constexpr std::uint64_t kMaxExprCost = 1'000'000;

// What an expression must produce.
enum class Want : std::uint8_t { Bool, PartySet, Any };

class Checker {
 public:
  Checker(const Tables& tables, Diagnostics& diags) : t_(tables), d_(diags) {}
  std::optional<Typed> check(const SourceExpr& e, Want want);

 private:
  struct Failed {};
  Typed visit(const Expr& e, const Type* hint);
  Typed visit_name(const Expr& e);
  Typed visit_attr(const Expr& e);
  Typed visit_call(const Expr& e);
  Typed visit_binary(const Expr& e);
  Typed visit_set(const Expr& e, const Type* hint);
  Typed visit_quant(const Expr& e);
  void coerce(Typed& t, const Type& want);
  std::uint64_t set_bound(const Typed& t) const;
  std::uint64_t cost(const Typed& t) const;
  void check_cost(const Typed& t);
  void expect(Typed& t, const Type& want, const char* context);
  [[noreturn]] void fail(const Expr& at, std::string message);

  const Tables& t_;
  Diagnostics& d_;
  const SourceExpr* src_ = nullptr;
  std::vector<std::pair<std::string, Type>> vars_;
};

}  // namespace accord::internal
