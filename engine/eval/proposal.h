// A proposal as the evaluator sees it: every field in a fixed slot, parties, strings and sites
// as small integers, stated positions as three bitsets. Built from YAML, JSON or flags by a
// ProposalBuilder, which does all the name lookups (and reports unknown names) up front.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "compile/tables.h"
#include "core/bits.h"

namespace accord {

struct Proposal {
  std::string id, title;
  Date date = 0;
  bool has_date = false;
  std::vector<std::int64_t> scalars;  // by Field::slot (action and date first)
  std::vector<Bits> sets;             // by Field::slot of `parties` fields
  std::uint64_t present = 0;          // bit i: Tables::fields[i] is set
  Bits consented, objected, abstained;

  SymId action() const { return static_cast<SymId>(scalars[kActionSlot]); }
};

// Fills a Proposal field by field from text values. Each setter returns an error message
// (empty on success) so that callers can position it in their own input (a YAML node, a
// JSONL line, a command-line flag).
class ProposalBuilder {
 public:
  explicit ProposalBuilder(const Tables& t);
  void reset(Proposal& p) const;
  // `name` is a declared field or a built-in (id, title, date, action).
  std::string set(Proposal& p, std::string_view name, std::string_view value) const;
  // The same for a field already looked up (Tables::fields[field_index]): no name lookup.
  std::string set(Proposal& p, int field_index, std::string_view value) const;
  // A field from one piece of text, as on the command line: a `parties` field takes a
  // comma-separated list ("RUS,KAZ"; empty: an empty list), other fields their value.
  std::string set_text(Proposal& p, std::string_view name, std::string_view value) const;
  // For `parties` fields: one call per element.
  std::string add_to_set(Proposal& p, std::string_view name, std::string_view party) const;
  std::string set_position(Proposal& p, std::string_view party, std::string_view position) const;
  // After all fields: the action is known, its required fields are present and no field
  // outside its declaration is used. `default_date` applies when the proposal has none.
  std::string finish(Proposal& p, Date default_date) const;
  void clear_set(Proposal& p, std::string_view name) const;
  // Marks a field as given without a value (an empty list of parties).
  void mark_present(Proposal& p, std::string_view name) const;
  // Index of a field in Tables::fields, or -1. Party id of a code, or kNone.
  int field_index(std::string_view name) const;
  SymId party_id(std::string_view code) const;
  // Removes a field (a scenario step writes `field: ~` to drop what an earlier step set).
  std::string unset(Proposal& p, std::string_view name) const;
  // Is `name` a parties (set) field?
  bool is_set_field(std::string_view name) const;
  std::vector<std::string> field_names() const;

 private:
  std::string party(std::string_view code, SymId& out) const;
  const Tables& t_;
  // Direct index of three-letter upper-case codes (ISO 3166-1 alpha-3), the common case in
  // batch input: one array load instead of hashing. 0: not such a party.
  std::vector<SymId> alpha3_;
};

// The parties a proposal names: its party and parties fields, and its site's state.
Bits named_parties(const Tables& t, const Proposal& p);

}  // namespace accord
