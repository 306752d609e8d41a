// Reports a decision: text for people (decision first, then each applying clause with its
// citation, a short quote and the filled-in `because`), JSON per SPEC §9, and --explain
// (the value of each sub-condition; for clauses that did not apply, the first that failed).
#pragma once
#include <string>
#include <vector>

#include "compile/engine.h"
#include "decide/decide.h"
#include "eval/proposal.h"

namespace accord {

struct ReportOptions {
  bool explain = false;
  bool color = false;  // ANSI colours (text only)
};

// One clause considered by --explain.
struct ExplainedCondition {
  std::string text;
  std::string value;  // "true", "false", or the value of a non-boolean part
  bool holds = false;
};
struct ExplainedClause {
  std::uint32_t clause;
  bool in_force = false;
  bool applies = false;
  std::vector<ExplainedCondition> conditions;
  int first_failed = -1;  // index into conditions, for clauses that did not apply
};
std::vector<ExplainedClause> explain(const Engine& engine, const Proposal& p);

// The `because` of a clause with its {holes} filled in for `p`.
std::string render_because(const Engine& engine, const Proposal& p, std::uint32_t clause);
// The applying clauses as reports list them: those that decide first, set-aside ones after.
std::vector<const ClauseResult*> report_order(const Decision& d);
// Party codes of a set, sorted, comma separated.
std::string party_list(const Tables& t, const Bits& set, const char* sep = ", ");

std::string render_text(const Engine& engine, const Proposal& p, const Decision& d,
                        const ReportOptions& opts);
// Appends the decision as one line of JSON (no newline).
void render_json(const Engine& engine, const Proposal& p, const Decision& d, bool explain,
                 std::string& out);

}  // namespace accord

namespace accord {
// The value of proposal field `field_index` (Tables::fields) as text; lists joined by `list_sep`.
std::string field_text(const Tables& t, const Proposal& p, std::size_t field_index, const char* list_sep);
// One line saying what is proposed: "basing — actor USA, host KGZ, site manas; positions: RUS object".
std::string describe_proposal(const Engine& engine, const Proposal& p);
}  // namespace accord
