// What the law says about a proposal, for people who are not programmers: a headline that
// names the kind of requirement (consent, no objection, consultation, obligations, or no
// clause at all) and one plain sentence per thing that matters, with names, not codes.
// The decision lattice (permitted < needs_consent < vetoed < prohibited) stays the machine
// answer; the headline refines it for reading.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compile/engine.h"
#include "core/string_cursor.h"
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

// Sentences written one after another into one string, each separated from the next by a
// space (so the JSON summary is the text as it is); reused across decisions, it stops
// allocating. A sentence is written between open() and close(); one left empty is dropped.
// The text is written through a cursor (core/string_cursor.h) kept open for the object's life.
class Sentences {
 public:
  Sentences() { cursor_.open(text_); }
  Sentences(const Sentences&) = delete;
  Sentences& operator=(const Sentences&) = delete;
  StringCursor& open() {
    start_ = cursor_.size();
    if (!ends_.empty()) cursor_ += ' ';
    body_ = cursor_.size();
    return cursor_;
  }
  void close() {
    if (cursor_.size() == body_) cursor_.truncate(start_);
    else ends_.push_back(static_cast<std::uint32_t>(cursor_.size()));
  }
  void clear() { cursor_.truncate(0); ends_.clear(); }
  std::string_view text() const { return {cursor_.data(), cursor_.size()}; }  // every sentence, joined by spaces
  std::size_t size() const { return ends_.size(); }
  std::string_view operator[](std::size_t i) const {
    const std::size_t from = i == 0 ? 0 : ends_[i - 1] + 1;
    return text().substr(from, ends_[i] - from);
  }
  std::vector<std::string> strings() const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < size(); ++i) out.emplace_back((*this)[i]);
    return out;
  }

 private:
  std::string text_;
  StringCursor cursor_;  // open on text_ (declared after it: opened after, closed before)
  std::vector<std::uint32_t> ends_;
  std::size_t start_ = 0, body_ = 0;
};

// The plain-language summary: one sentence per deciding clause, obligation and contested
// reading, in report order, appended to `out`.
void write_summary(Sentences& out, const Engine& e, const Proposal& p, const Decision& d);
void write_summary(Sentences& out, const Engine& e, const Proposal& p, const Answer& a);
// The same as separate strings.
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
void append_party_words(StringCursor& out, const Tables& t, const Bits& set);
std::string party_labels(const Tables& t, const Bits& set);
std::string party_group(const Engine& e, const Bits& set, Date d);
// party_group in two steps: which group the set is (org 0: none, the names are listed), then
// its words.
struct PartyGroup {
  const Bits* set;
  SymId org = 0;      // the set is all its members on the date but `left`
  unsigned count = 0;
  Bits left;
};
PartyGroup party_group_of(const Engine& e, const Bits& set, Date d);
void append_party_group(StringCursor& out, const Tables& t, const PartyGroup& g);

// A `because` or `duty` template with its {holes} filled in for `p` (parties by name).
std::string render_template(const Engine& e, const Proposal& p, const std::vector<TemplateHole>& holes);
void append_template(StringCursor& out, const Engine& e, const Proposal& p, const std::vector<TemplateHole>& holes);

}  // namespace accord::internal
