// The JSON a batch line almost always is, read without a general parser: one object whose
// values are plain strings, `true`, `false`, arrays of plain strings, and a `positions` object
// of plain strings, where a plain string has no escape and no byte outside printable ASCII.
// Anything else (an escape, a number, null, UTF-8, a nested value, a syntax error) is left to
// the general reader, which reads every JSON text; on what both read, the two make the same
// ProposalBuilder calls in the same order, so they fill the same Proposal.
#pragma once
#include <cstddef>
#include <cstdint>

#include "load/proposal_builder.h"

namespace accord::internal {

enum class SimpleRead : std::uint8_t {
  Read,       // the whole text was read into the proposal (not yet finished)
  Rejected,   // well-formed so far, but not a proposal (unknown key, duplicate, bad value)
  NotSimple,  // not this subset: reset the proposal and read the text with the general reader
};

// Reads text[0, len); up to 15 bytes past `len` must be readable (they are not used).
SimpleRead read_simple_json(const ProposalBuilder& b, const char* text, std::size_t len, Proposal& p);

}  // namespace accord::internal
