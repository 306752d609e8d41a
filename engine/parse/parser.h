// Parses one expression of the Accord language (docs/language.md) into an AST.
// The grammar is Boost.Spirit X3, hidden in parser.cpp; this header is Boost-free.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

#include "parse/ast.h"

namespace accord::internal {

// Deepest nesting of parentheses, set literals, calls and `not` an expression may have.
// Checked on the raw text before the grammar runs, so deep input never recurses.
inline constexpr int kMaxExprDepth = 64;
// Longest expression text accepted.
inline constexpr std::size_t kMaxExprBytes = 16 * 1024;

struct ParseError {
  std::size_t offset = 0;  // byte offset into the expression text where the problem is
  std::string message;     // e.g. "expected an expression", "unterminated string"
};

using ParseResult = std::variant<Expr, ParseError>;

ParseResult parse_expression(std::string_view text);

}  // namespace accord::internal
