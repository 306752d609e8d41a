// What the rules' expressions observe of a proposal: the fields they read, the parties they
// name, the dates and integers they compare against, whose positions they ask for. The finite
// domain that `lint`, `whatif` and "it depends" answers enumerate is cut from this.
#pragma once
#include <cstdint>
#include <set>
#include <string>

#include "compile/tables.h"
#include "load/model.h"

namespace accord {

struct Mentions {
  std::set<std::string> names;            // field (or variable) names read
  Bits literal_parties;                   // parties named by a literal, and every site's state
  std::set<Date> dates;
  std::set<std::int64_t> ints;
  std::set<std::string> position_fields;  // position(field)
  Bits position_literals;                 // position("RUS")
  bool position_other = false;            // position(x) of something else (a quantifier variable)
};

// Adds what `e` observes to `m`.
void scan_mentions(const Expr& e, const Tables& t, Mentions& m);
// What the conditions and consent/obligation sets of every clause observe (`because`
// templates are explanations, not conditions, and are left out).
Mentions collect_mentions(const RuleSet& rules, const Tables& t);
// The proposal fields (bits over Tables::fields) that `when` and the readings of `c` read.
std::uint64_t fields_read(const Clause& c, const Tables& t);

}  // namespace accord
