// The compiled form of every expression in the loaded packs: one flat array of typed nodes,
// children referenced by index. Names are already slots, parties and strings small integers,
// constant sets precomputed bitsets; common leaf shapes are fused into single nodes
// (field == constant, field in constant set, member(constant org, field) and its negation). The evaluator
// (eval/) walks it with a switch: no string lookups, no allocation.
#pragma once
#include <cstdint>
#include <vector>

#include "core/bits.h"

namespace accord::internal {

enum class Op : std::uint8_t {
  // -> bool
  And, Or, Not,            // And/Or: n-ary over args[a .. a+b)
  Eq, Ne, Lt, Le, Gt, Ge,  // scalars a, b
  SetEq, SetNe,            // sets a, b
  In, NotIn,               // scalar a, set b
  Member,                  // org a, party b
  IsState, IsOrg,          // party a
  Any, All,                // var slot k, set a, body b
  FieldEqK, FieldNeK,      // scalar slot a == k
  FieldInK, FieldNotInK,   // scalar slot a in sets[b]
  MemberKField,            // member(org k, scalar slot a)
  NotMemberKField,         // not member(org k, scalar slot a)
  PresentSince,            // party a has been present at site b since the date node k, until today
  // -> scalar (int64: bool, int, date, or party/string/site id)
  Const,                   // k
  Field,                   // scalar slot a
  Var,                     // var slot a
  SiteKind, SiteState, SiteName,  // site a
  Status,                  // org a, party b -> string id
  Position,                // party a -> string id
  Count,                   // set a
  // -> set
  ConstSet,                // sets[a]
  SetField,                // set slot a
  SetLit,                  // scalar elements args[a .. a+b)
  Members,                 // org a
  MembersK,                // members of the constant org k
  Union, Diff, Inter,      // sets a, b
  MinusField,              // set a without the party in scalar slot b: S - {field}
};

struct Node {
  Op op;
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  std::int64_t k = 0;
};

struct Program {
  std::vector<Node> nodes;
  std::vector<std::uint32_t> args;  // child lists of n-ary nodes
  std::vector<Bits> sets;           // constant sets
};

}  // namespace accord::internal
