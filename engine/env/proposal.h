// A proposal as the evaluator sees it: plain data, every field in a fixed slot (Tables::fields),
// parties, strings and sites as small integers, stated positions as three bitsets. Readers in
// load/ (ProposalBuilder and the YAML and JSON readers on it) fill it and do every name lookup
// up front; evaluation never sees text.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/bits.h"
#include "core/date.h"
#include "env/tables.h"

namespace accord::internal {

struct Proposal {
  std::string id, title;
  Date date = 0;
  bool has_date = false;
  std::vector<std::int64_t> scalars;  // by Field::slot (action and date first)
  std::vector<Bits> sets;             // by Field::slot of `parties` fields
  std::uint64_t present = 0;          // bit i: Tables::fields[i] is set
  Bits consented, objected, abstained;

  SymId action() const { return static_cast<SymId>(scalars[kActionSlot]); }
  friend bool operator==(const Proposal&, const Proposal&) = default;
};

// The parties a proposal names: its party and parties fields, and its site's state.
Bits named_parties(const Tables& t, const Proposal& p);

}  // namespace accord::internal
