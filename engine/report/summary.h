// What the law says about a proposal, for people who are not programmers: a headline that
// names the kind of requirement (consent, no objection, consultation, obligations, or no
// clause at all) and one plain sentence per thing that matters, with names, not codes.
// The decision lattice (permitted < needs_consent < vetoed < prohibited) stays the machine
// answer; the headline refines it for reading.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "compile/engine.h"
#include "decide/cases.h"
#include "decide/decide.h"
#include "env/proposal.h"

namespace accord::internal {

enum class Headline : std::uint8_t {
  NoClause,           // permitted: no encoded clause applies
  Permitted,          // permitted: every requirement met, or an explicit permission
  Obligations,        // permitted, and what applies are duties of other parties
  NeedsConsultation,  // needs_consent: only consultation is outstanding (no one can block)
  NeedsNoObjection,   // needs_consent: the absence of objections is outstanding
  NeedsConsent,       // needs_consent: someone's consent is outstanding
  Vetoed,
  Prohibited,
  Depends,            // the answer depends on fields the proposal leaves out
};

Headline headline(const Engine& e, const Decision& d);
// "A", "A and B", "A, B and C".
std::string join_words(const std::vector<std::string>& v);
Headline headline(const Engine& e, const Answer& a);
const char* headline_key(Headline h);    // "needs_no_objection" (JSON)
const char* headline_words(Headline h);  // "NEEDS NO OBJECTION" (text)
// Every headline key, in the order of the enum.
const std::vector<std::string>& headline_keys();

// The plain-language summary: one sentence per deciding clause, obligation and contested
// reading, in report order.
std::vector<std::string> summary(const Engine& e, const Proposal& p, const Decision& d);
// The same for an answer: for one that depends, a sentence naming the unknown fields and one
// per case ("If the arms were supplied at the supplier's domestic price: PROHIBITED — ...").
std::vector<std::string> summary(const Engine& e, const Proposal& p, const Answer& a);

// "the arms were supplied at the supplier's domestic price" — the condition of a group of
// cases, in the words of the schema's labels and party classes (to follow "if").
std::string case_condition(const Engine& e, const Proposal& p, const Answer& a, std::size_t group);

// Parties in a sentence: "Armenia, Belarus and Russia"; in a list: "Armenia (ARM), Russia (RUS)".
// Both sorted by name. In a sentence about date `d`, a long list that is (nearly) all the
// members of an organization reads "all 31 NATO members other than Estonia" (party_group).
std::string party_words(const Tables& t, const Bits& set);
std::string party_labels(const Tables& t, const Bits& set);
std::string party_group(const Engine& e, const Bits& set, Date d);

// A `because` or `duty` template with its {holes} filled in for `p` (parties by name).
std::string render_template(const Engine& e, const Proposal& p, const std::vector<TemplateHole>& holes);

}  // namespace accord::internal
