// What the rules' expressions observe of a proposal: the fields they read, the parties they
// name, the dates and integers they compare against, whose positions they ask for. The finite
// domain that `lint`, `whatif` and "it depends" answers enumerate is cut from this.
#pragma once
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "env/tables.h"
#include "model/rules.h"

namespace accord::internal {

struct Mentions {
  std::set<std::string> names;            // field (or variable) names read
  Bits literal_parties;                   // parties named by a literal, and every site's state
  std::set<Date> dates;
  std::set<std::int64_t> ints;
  std::set<std::string> position_fields;  // position(field)
  std::vector<std::uint16_t> position_slots;  // the Proposal::scalars slots of those of type party
  Bits position_literals;                 // position("RUS")
  bool position_other = false;            // position(x) of something else (a quantifier variable)
  // Fields named only as arguments of present_since(): an absent one makes it false instead
  // of making the answer depend on it (a presence must be named to count), but lint still
  // varies them.
  std::set<std::string> presence_names;
  Bits literal_sites;                     // sites named by a literal
  bool org_other = false;                 // member()/party_to()... of an organization that is not a literal
  std::set<std::string> site_attrs;       // site attributes read: "kind", "state", "name"
};

// Adds what `e` observes to `m`; `presence` while inside the arguments of present_since().
void scan_mentions(const Expr& e, const Tables& t, Mentions& m, bool presence = false);
// What the conditions and consent/obligation sets of every clause observe (`because`
// templates are explanations, not conditions, and are left out).
Mentions collect_mentions(const RuleSet& rules, const Tables& t);
// The same over the clauses i with only[i] (lint: the clauses that can apply to one action).
Mentions collect_mentions(const RuleSet& rules, const Tables& t, const std::vector<bool>& only);
// The proposal fields (bits over Tables::fields) that `when` and the readings of `c` read.
std::uint64_t fields_read(const Clause& c, const Tables& t);
// The same, with the fields named in present_since() (where an absent value is "none"): every
// field whose value can change what the clause says.
std::uint64_t fields_observed(const Clause& c, const Tables& t);

}  // namespace accord::internal
