// Evaluates compiled program nodes against one proposal. A switch over node ops, recursion
// bounded by the checked tree depth; sets live on the stack as Bits. No allocation, no
// string lookups.
#pragma once
#include <cstdint>

#include "check/checker.h"
#include "compile/program.h"
#include "env/tables.h"
#include "env/proposal.h"

namespace accord::internal {

class Evaluator {
 public:
  Evaluator(const Program& prog, const Tables& tables, const Proposal& p)
      : prog_(prog), t_(tables), p_(p) {}
  bool boolean(std::uint32_t node);
  std::int64_t scalar(std::uint32_t node);
  void set(std::uint32_t node, Bits& out);

 private:
  bool member(SymId org, std::int64_t party);
  // Members of `org` on the proposal's date; the last organization's epoch is cached, since
  // a clause usually asks about the same organization several times.
  const Bits* members_of(SymId org);
  const Program& prog_;
  const Tables& t_;
  const Proposal& p_;
  std::int64_t vars_[kMaxVars];  // quantifier variables, written before they are read
  SymId cached_org_ = kNone;
  const Bits* cached_members_ = nullptr;
};

}  // namespace accord::internal
