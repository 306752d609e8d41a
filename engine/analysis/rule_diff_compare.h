// accord diff, internal: OLD's ids in NEW's (matched by name), and two decisions compared
// clause by clause and put in words. analysis/rule_diff.cpp builds the groups with these.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/rule_diff.h"
#include "compile/engine.h"
#include "decide/decide.h"

namespace accord::internal {

// NEW's ids to OLD's (and back) for everything a proposal or a decision names; 0 (or -1) when
// the other side has no such name.
struct DiffIdMaps {
  std::vector<SymId> party, site, string;  // by NEW id
  std::vector<SymId> party_back;           // by OLD id
  std::vector<int> field;                  // NEW field index -> OLD field index
  std::vector<std::int64_t> clause_back;   // OLD clause index -> NEW clause index, or -1
  bool same_parties = false;               // the same parties with the same ids

  static std::vector<SymId> by_name(const SymbolTable& from, const SymbolTable& to) {
    std::vector<SymId> m(from.size(), kNone);
    for (SymId i = 1; i < from.size(); ++i)
      if (auto j = to.find(from.name(i))) m[i] = *j;
    return m;
  }
};

// `b` with every id i replaced by m[i] (ids without one dropped).
Bits map_bits(const Bits& b, const std::vector<SymId>& m);

// Compares NEW's decision of a proposal with OLD's decision of the same proposal.
class DecisionComparer {
 public:
  DecisionComparer(const Engine& older, const Engine& newer, const DiffIdMaps& maps);
  // Do they agree on everything diff compares: the verdict, who vetoes, who is pending, and
  // per clause its status, effect, consent rule, reading, the parties it needs, binds or
  // waits for, who set it aside (only that, for a clause set aside)?
  bool same(const Decision& n, const Decision& o) const;
  // One line per clause whose part changed, in NEW's rule order then OLD's clauses NEW lacks
  // ("CITE (ID): pending, no objection → does not apply"); `ids` receives their ids, sorted.
  std::vector<std::string> changes(const Decision& n, const Decision& o, std::vector<std::string>& ids) const;

 private:
  const Outcome& outcome(const Engine& e, const ClauseResult& r) const;
  const std::string& reading_name(const Engine& e, const ClauseResult& r) const;
  Bits to_new(const Bits& b) const;
  std::int64_t set_aside_new(const ClauseResult& r) const;
  bool same_clause(const ClauseResult& n, const ClauseResult& o) const;
  const ClauseResult* match(const Decision& d, std::int64_t new_clause, const Engine& side) const;
  std::string words(const Engine& e, const ClauseResult& r, const std::string& other_reading) const;
  std::string set_change(const Bits& n, const Bits& o_new, const char* what) const;

  const Engine& eo;
  const Engine& en;
  const DiffIdMaps& maps;
};

// One sentence for a reviewer about the requirement that changed (empty when none did).
std::string plain_summary(const Engine& older, const Decision& o, const Engine& newer, const Decision& n);
// A side's decision for JSON: parties as codes, clauses as ids.
DiffSideDecision side_decision(const Engine& e, const Decision& d);

}  // namespace accord::internal
