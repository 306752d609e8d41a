// The JSON a batch line almost always is, read without a general parser: one object whose
// values are plain strings, `true`, `false`, arrays of plain strings, and a `positions` object
// of plain strings, where a plain string has no escape and no byte outside printable ASCII.
// Anything else (an escape, a number, null, UTF-8, a nested value, a syntax error) is left to
// the general reader, which reads every JSON text; on what both read, the two make the same
// ProposalBuilder calls in the same order, so they fill the same Proposal.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "load/proposal_builder.h"

namespace accord::internal {

// What every reader of a JSON proposal object checks as it meets each key and each stated
// position, so that the plain reader and simdjson's walk reject the same texts: an unknown
// key, a key given twice, a party stated twice or unknown, a bad stance.
class ObjectChecks {
 public:
  explicit ObjectChecks(const ProposalBuilder& b) : b_(b) {}
  // The key's index (ProposalBuilder::key_index), or kUnknownKey when it is unknown or was
  // given before (fields by their `present` bit).
  int key(std::string_view key, const Proposal& p) {
    const int fi = b_.key_index(key);
    if (fi == ProposalBuilder::kUnknownKey) return fi;
    if (fi < 0) {
      bool& seen = fi == ProposalBuilder::kIdKey ? seen_id_ : fi == ProposalBuilder::kTitleKey ? seen_title_ : seen_positions_;
      if (seen) return ProposalBuilder::kUnknownKey;
      seen = true;
    } else if (p.present >> fi & 1) {
      return ProposalBuilder::kUnknownKey;
    }
    return fi;
  }
  // One entry of `positions`; false when the party is unknown or stated before, or the stance
  // is not one.
  bool position(Proposal& p, std::string_view party, std::string_view stance) {
    const SymId id = b_.party_id(party);
    if (id == kNone || stated_.test(id)) return false;
    stated_.set(id);
    return !b_.set_position(p, id, party, stance);
  }

 private:
  const ProposalBuilder& b_;
  bool seen_id_ = false, seen_title_ = false, seen_positions_ = false;
  Bits stated_;  // positions is given once, so these are its parties
};

enum class SimpleRead : std::uint8_t {
  Read,       // the whole text was read into the proposal (not yet finished)
  Rejected,   // well-formed so far, but not a proposal (unknown key, duplicate, bad value)
  NotSimple,  // not this subset: reset the proposal and read the text with the general reader
};

// Reads text[0, len); up to 15 bytes past `len` must be readable (they are not used).
SimpleRead read_simple_json(const ProposalBuilder& b, const char* text, std::size_t len, Proposal& p);

}  // namespace accord::internal
