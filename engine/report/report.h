// Reports a decision: text for people (the headline and plain summary first, then each
// applying clause with its citation, a short quote and the filled-in `because`), one line of
// JSON for programs (parties as codes), and --explain (the value of each sub-condition; for
// clauses that did not apply, the first that failed). An answer that depends on fields the
// proposal leaves out is reported case by case.
#pragma once
#include <string>
#include <vector>

#include "compile/engine.h"
#include "decide/cases.h"
#include "decide/decide.h"
#include "env/proposal.h"

namespace accord::internal {

class JsonWriter;

struct ReportOptions {
  bool explain = false;
  bool color = false;  // ANSI colours (text only)
};

// One clause considered by --explain.
struct ExplainedCondition {
  std::string text;
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
std::string render_text(const Engine& engine, const Proposal& p, const Answer& a,
                        const ReportOptions& opts);
// Appends the decision as one line of JSON (no newline).
void render_json(const Engine& engine, const Proposal& p, const Decision& d, bool explain,
                 std::string& out);
void render_json(const Engine& engine, const Proposal& p, const Answer& a, bool explain,
                 std::string& out);
// The keys of a decision from "decision" on (no "proposal", "as_of"), into an open object.
void write_decision(JsonWriter& w, const Engine& engine, const Proposal& p, const Decision& d);
void write_answer(JsonWriter& w, const Engine& engine, const Proposal& p, const Answer& a);

// The proposal as read, as a JSON object with parties as codes: id, title, every field given
// (lists as arrays, booleans and integers as such, the rest as strings) and the positions.
void write_proposal(JsonWriter& w, const Tables& t, const Proposal& p);

// The value of proposal field `field_index` (Tables::fields) as text; lists joined by `list_sep`.
std::string field_text(const Tables& t, const Proposal& p, std::size_t field_index, const char* list_sep);
// The value of a proposal field in words: parties and sites by name ("Kyrgyzstan (KGZ)",
// "Manas air base (manas)"), other fields as field_text.
std::string field_words(const Tables& t, const Proposal& p, std::size_t field_index);
// One line saying what is proposed, with names: "basing — actor United States (USA), host
// Kyrgyzstan (KGZ), site Manas air base (manas); Russia (RUS) objects".
std::string describe_proposal(const Engine& engine, const Proposal& p);

// The `accord check` command line that reproduces `p` (every field as an option, the positions
// as --position): what lint and diff print beside a finding so it can be replayed.
std::string replay_command(const Engine& engine, const Proposal& p);

}  // namespace accord::internal
