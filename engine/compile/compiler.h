// Turns checked (Typed) expressions into program nodes: names to slots, literal sets to
// constant bitsets, and/or chains flattened, common leaves fused.
#pragma once
#include "check/checker.h"
#include "compile/program.h"
#include "env/tables.h"

namespace accord::internal {

class Compiler {
 public:
  Compiler(Program& prog, const Tables& tables) : p_(prog), tables_(tables) {}
  // Emits `t` and returns its root node index.
  std::uint32_t emit(const Typed& t);

 private:
  std::uint32_t push(Node n);
  std::uint32_t emit_list(Op op, const std::vector<const Typed*>& items);
  void flatten(const Typed& t, BinOp op, std::vector<const Typed*>& out);
  bool constant_set(const Typed& t, Bits& out) const;
  Program& p_;
  const Tables& tables_;
};

}  // namespace accord::internal
