// ProposalBuilder: fills a Proposal (env/proposal.h) from text, field by field, doing every
// name lookup (parties by code, name or alias; sites; values) and reporting unknown names.
// The YAML proposal loader, the JSON reader, command-line flags and scenario steps use it.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "env/proposal.h"
#include "env/tables.h"

namespace accord::internal {


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

}  // namespace accord::internal
