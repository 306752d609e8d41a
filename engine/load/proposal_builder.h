// ProposalBuilder: fills a Proposal (env/proposal.h) from text, field by field, doing every
// name lookup (parties by code, name or alias; sites; values) and reporting unknown names.
// The YAML proposal loader, the JSON reader, command-line flags and scenario steps use it.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/symbols.h"
#include "env/proposal.h"
#include "env/tables.h"

namespace accord::internal {


// What went wrong with a field. Callers position the message by its kind (an unknown party at
// the party, a bad stance at the stance, an unknown field at its key), never by its wording.
enum class FieldProblem : std::uint8_t {
  None,
  UnknownField,  // no such proposal field
  UnknownParty,  // a party that is not in the facts
  BadValue,      // a value the field cannot take (unknown site or value, not a date, ...)
  NotAllowed,    // a field the action does not take, a list where one value goes, ...
  Incomplete,    // no action, or a field the action needs is missing
};

struct FieldError {
  FieldProblem kind = FieldProblem::None;
  std::string message;
  explicit operator bool() const { return kind != FieldProblem::None; }
  // `message` as a problem of this kind, or no problem when it is empty.
  static FieldError of(FieldProblem kind, std::string message);
};

// Fills a Proposal field by field from text values. Each setter returns a FieldError (false
// on success) so that callers can position it in their own input (a YAML node, a JSONL line,
// a command-line flag).
class ProposalBuilder {
 public:
  explicit ProposalBuilder(const Tables& t);
  void reset(Proposal& p) const;
  // `name` is a declared field or a built-in (id, title, date, action).
  FieldError set(Proposal& p, std::string_view name, std::string_view value) const;
  // The same for a key already looked up (key_index: a field, kIdKey or kTitleKey): no name
  // lookup.
  FieldError set(Proposal& p, int key, std::string_view value) const;
  // A field from one piece of text, as on the command line: a `parties` field takes a
  // comma-separated list ("RUS,KAZ"; empty: an empty list), other fields their value.
  FieldError set_text(Proposal& p, std::string_view name, std::string_view value) const;
  // For `parties` fields: one call per element.
  FieldError add_to_set(Proposal& p, std::string_view name, std::string_view party) const;
  FieldError add_to_set(Proposal& p, int field_index, std::string_view party) const;
  FieldError set_position(Proposal& p, std::string_view party, std::string_view position) const;
  // The same for a party already looked up (`id`, written `code`).
  FieldError set_position(Proposal& p, SymId id, std::string_view code, std::string_view position) const;
  // The same from "PARTY=STANCE" (--position flags, the batch's positions).
  FieldError set_position(Proposal& p, std::string_view spec) const;
  // After all fields: the action is known, its required fields are present and no field
  // outside its declaration is used. `default_date` applies when the proposal has none.
  FieldError finish(Proposal& p, Date default_date) const;
  void clear_set(Proposal& p, std::string_view name) const;
  // Marks a field as given without a value (an empty list of parties).
  void mark_present(Proposal& p, std::string_view name) const;
  void mark_present(Proposal& p, int field_index) const { p.present |= std::uint64_t{1} << field_index; }
  // Index of a field in Tables::fields, or -1. Party id of a code, or kNone.
  int field_index(std::string_view name) const;
  // What a key of a proposal object is: a field (its index), one of the built-in keys below,
  // or kUnknownKey. One hash lookup.
  static constexpr int kUnknownKey = -1, kIdKey = -2, kTitleKey = -3, kPositionsKey = -4;
  int key_index(std::string_view key) const;
  SymId party_id(std::string_view code) const;
  // Removes a field (a scenario step writes `field: ~` to drop what an earlier step set).
  FieldError unset(Proposal& p, std::string_view name) const;
  // Is `name` a parties (set) field?
  bool is_set_field(std::string_view name) const;
  std::vector<std::string> field_names() const;

 private:
  FieldError party(std::string_view code, SymId& out) const;
  // A party code as the facts write it: three upper-case letters by direct index, any other
  // ("CSTO", "EAEU") by the symbol table; kNone for a code not written so (party() then tries
  // names and other spellings, and says what is wrong).
  SymId exact_party(std::string_view code) const;
  FieldError unknown_field(std::string_view name) const;
  const Tables& t_;
  // Every key a proposal object may have: id, title, positions, then Tables::fields in order.
  SymbolTable keys_;
  // The same keys in a table where none collides with another (a perfect hash, chosen when the
  // builder is made): one probe and one comparison a key. Empty when no such table was found
  // (keys_ is searched then).
  std::vector<SymId> key_slots_;
  std::uint32_t key_mul_ = 0;
  unsigned key_shift_ = 0;
  std::size_t key_slot(std::string_view key) const;
  // Direct index of three-letter upper-case codes (ISO 3166-1 alpha-3), the common case in
  // batch input: one array load instead of hashing. 0: not such a party.
  std::vector<SymId> alpha3_;
};

}  // namespace accord::internal
