// The finite domain of proposals, as far as the rules can tell them apart: the dates where
// something can change, and classes of parties that every clause treats alike on a date.
// `lint` enumerates it to analyse packs, `whatif` walks its dates for a timeline, and an
// answer that depends on an unknown party field quantifies over its classes.
#pragma once
#include <string>
#include <vector>

#include "compile/engine.h"

namespace accord::internal {

// Representative dates: one before everything (1900-01-01), then every date where a
// membership, a status, a clause window or a date the rules compare against changes.
std::vector<Date> boundary_dates(const Engine& e);

// Parties the rules cannot tell apart on date `d` fall in one class; up to `per_class`
// members of each class represent it (as many as an action has party fields, so that any
// pattern of equalities between them occurs). Organizations and parties the rules name are
// classes of their own; only the organizations the rules name (all of them if one is read
// through a field) tell parties apart.
std::vector<SymId> party_representatives(const Engine& e, Date d, int per_class);
// The same for what `m` observes (the clauses of one action).
std::vector<SymId> party_representatives(const Engine& e, const Mentions& m, Date d, int per_class);
// What `m` can observe of `party` on `d`: parties with equal signatures are in one class
// (diff compares two rule sets over classes cut by both sides' signatures).
std::vector<std::int64_t> party_signature(const Engine& e, const Mentions& m, SymId party, Date d);

// One site per class on `d`: sites that no literal names differ for the rules only by the
// attributes the rules read (state, kind, name) and by who is present there on the date.
std::vector<SymId> site_representatives(const Tables& t, const Mentions& m, Date d);
std::vector<std::int64_t> site_signature(const Tables& t, const Mentions& m, SymId site, Date d);

// The class of `party` on `d` in words: "Russia" (named by the rules), "CSTO", "a member of
// CSTO", "a frozen member of CSTO", "a state in none of CSTO, NATO".
std::string describe_party_class(const Engine& e, SymId party, Date d);

}  // namespace accord::internal
