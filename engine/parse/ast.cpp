#include "parse/ast.h"

namespace accord::internal {

const char* binop_text(BinOp op) {
  switch (op) {
    case BinOp::Or: return "or";
    case BinOp::And: return "and";
    case BinOp::Eq: return "==";
    case BinOp::Ne: return "!=";
    case BinOp::Lt: return "<";
    case BinOp::Le: return "<=";
    case BinOp::Gt: return ">";
    case BinOp::Ge: return ">=";
    case BinOp::In: return "in";
    case BinOp::NotIn: return "not in";
    case BinOp::Union: return "+";
    case BinOp::Diff: return "-";
    case BinOp::Inter: return "&";
  }
  return "?";
}

}  // namespace accord::internal
