// The expression AST: what the X3 grammar produces and what the checker and compiler consume.
// Boost-free on purpose; Spirit stays inside parse/parser.cpp. Every node keeps the byte
// offset (into the expression text) where it starts, so later stages can point at it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace accord::internal {

enum class ExprKind : std::uint8_t {
  Bool,     // ival: 0 or 1
  Int,      // ival
  Str,      // text: the unquoted string value
  Date,     // ival: days since 1970-01-01
  Name,     // text: a proposal field or a bound variable
  Attr,     // text: attribute name; kids[0]: the object (e.g. site.kind)
  Set,      // kids: the elements of a set literal {a, b}
  Call,     // text: builtin name; kids: arguments
  Not,      // kids[0]
  Binary,   // op; kids[0], kids[1]
  Quant,    // text: "any" | "all"; var: bound name; kids[0]: set; kids[1]: body
};

enum class BinOp : std::uint8_t { Or, And, Eq, Ne, Lt, Le, Gt, Ge, In, NotIn, Union, Diff, Inter };

const char* binop_text(BinOp op);  // "or", "==", "not in", "+", ...

struct Expr {
  ExprKind kind = ExprKind::Bool;
  BinOp op = BinOp::Or;
  std::uint32_t offset = 0;  // byte offset of the node's first character in the expression text
  std::uint32_t end = 0;     // one past its last character
  std::int64_t ival = 0;
  std::string text;
  std::string var;
  std::vector<Expr> kids;
};

}  // namespace accord::internal
