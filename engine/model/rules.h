// What the loader produces from YAML: schema, facts, instruments and clauses, still as text
// and ASTs with their source positions. Nothing here is resolved or typed yet; the checker
// and compiler turn a RuleSet into an Engine.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/source.h"
#include "parse/ast.h"

namespace accord::internal {

// A position in a loaded file.
struct Loc {
  SourceRef file;
  std::size_t offset = 0;
  SourcePos pos() const { return file ? file->pos(offset) : SourcePos{}; }
};

// An expression as written in a YAML scalar: its text, the parsed AST, and for every byte of
// the text the byte offset in the file it came from (folded and quoted scalars move text
// around, so offsets are mapped one by one).
struct SourceExpr {
  std::string text;
  Expr ast;
  SourceRef file;
  std::vector<std::uint32_t> file_offsets;  // size text.size() + 1
  Loc loc(std::size_t expr_offset) const;
};

// ---- schema ------------------------------------------------------------------------------

enum class FieldType : std::uint8_t { Party, Parties, Site, Bool, Int, Date, String };
const char* field_type_name(FieldType t);

struct FieldDecl {
  std::string name;
  FieldType type = FieldType::Party;
  std::vector<std::string> values;  // String fields: the allowed values
  // Words for values in answers that depend on the field ("supplied at the supplier's
  // domestic price" for true): value -> label, for bool and string fields.
  std::vector<std::pair<std::string, std::string>> labels;
  // Site fields: the party field naming the state the site must be in (`within: host`).
  std::string within;
  Loc within_loc;
  std::string doc;
  Loc loc;
};

struct ActionDecl {
  std::string name;
  std::string doc;
  std::vector<std::string> required, optional;
  Loc loc;
};

struct Schema {
  std::vector<FieldDecl> fields;    // declared fields (not the built-ins id/title/date/action/positions)
  std::vector<ActionDecl> actions;
};

// ---- facts -------------------------------------------------------------------------------

struct Interval {
  Date from = kDateMin;
  Date to = kDateMax;  // exclusive
  std::string status;  // e.g. "frozen"; empty: plain membership
  Date since = kDateMin;
  Loc loc;
};

struct Membership {
  std::string party;
  std::vector<Interval> intervals;
  Loc loc;
};

// An organization and its members, or (instrument = true, from `instruments:` in the facts)
// a treaty or protocol and the states bound by it, each from its ratification or accession.
struct Organization {
  std::string id, name, notes;
  std::vector<std::string> aliases;
  std::vector<Membership> members;
  bool instrument = false;
  Loc loc;
};

// A foreign military presence at a site: `party`'s forces or facility there, [from, to).
struct Presence {
  std::string party;
  Date from = kDateMin, to = kDateMax;
  std::string notes;
  Loc loc;
};

struct State {
  std::string id, name;
  std::string alpha2;                // ISO 3166-1 alpha-2 code; may be empty
  std::vector<std::string> aliases;  // other names people use ("Russian Federation", "UK")
  Loc loc;
};

struct Site {
  std::string id, name, state, kind, notes;
  std::vector<std::string> aliases;
  std::vector<Presence> presences;
  Loc loc;
  Loc state_loc;
};

struct Facts {
  std::vector<State> states;
  std::vector<Organization> organizations;
  std::vector<Site> sites;
};

// ---- rule packs --------------------------------------------------------------------------

// Note: the clause applies and its explanation is reported, but it decides nothing (a reported
// scope limit, a contested reading's consequence, a flag for the analyst).
enum class Effect : std::uint8_t { Permit, Prohibit, Consent, Obligation, Note };
enum class ConsentRule : std::uint8_t { Unanimous, NoObjection, Majority, Any, Consult };
const char* effect_name(Effect e);
const char* consent_rule_name(ConsentRule r);
// The spellings used in rule files, indexed by the enum values.
const std::vector<std::string>& effect_names();
const std::vector<std::string>& consent_rule_names();
const std::vector<std::string>& field_type_names();

struct Outcome {
  Effect effect = Effect::Permit;
  std::optional<SourceExpr> consent_from;  // effect Consent
  ConsentRule rule = ConsentRule::NoObjection;
  std::optional<SourceExpr> binds;  // effect Obligation: who bears the duty (optional)
};

struct Reading {
  std::string name;  // empty for a clause without readings
  Outcome outcome;
};

// Most readings of one clause (a decision records the reading used in one byte).
inline constexpr std::size_t kMaxReadings = 255;

// A `because` template: literal text with {expression} holes.
struct TemplatePart {
  std::string literal;
  std::optional<SourceExpr> expr;
};

struct Instrument {
  std::string id, title, source, notes;
  Date signed_on = kDateMin, in_force = kDateMin;
  std::string pack;  // the pack directory's name
  Loc loc;
};

struct Clause {
  std::string id, cite, title, text, source, notes;
  // A clause with dated `versions:` is loaded as one Clause per version, all with the same id,
  // consecutive in RuleSet::clauses: `version` is the version's label ("1992 text"),
  // `version_seq` its place (0 for the first, and for a clause without versions).
  std::string version;
  unsigned version_seq = 0;
  std::vector<std::string> tags;
  std::vector<std::string> lint_allow;  // lint findings the authors accept (justified in notes)
  Loc lint_allow_loc;
  std::size_t instrument = 0;  // index into RuleSet::instruments
  Date effective_from = kDateMin, effective_to = kDateMax;
  SourceExpr when;
  std::vector<Reading> readings;  // at least one
  std::size_t default_reading = 0;
  std::vector<std::string> overrides;
  std::vector<Loc> override_locs;
  std::vector<TemplatePart> because;
  // Obligations: what the bound parties must do, as a phrase that follows "binds X to"
  // ("assist {host}"); the plain-language summary uses it.
  std::vector<TemplatePart> duty;
  Loc loc;
};

struct RuleSet {
  Schema schema;
  Facts facts;
  std::vector<Instrument> instruments;
  std::vector<Clause> clauses;  // a clause with dated versions once per version
  // Clauses as authors count them: a clause with dated versions counts once.
  std::size_t clause_count() const {
    std::size_t n = 0;
    for (const Clause& c : clauses) n += c.version_seq == 0;
    return n;
  }
  // One past the last dated version of the clause whose first version is clauses[first]
  // (first + 1 for a clause without versions).
  std::size_t versions_end(std::size_t first) const {
    std::size_t end = first + 1;
    while (end < clauses.size() && clauses[end].version_seq > 0) ++end;
    return end;
  }
  // Whether clauses[i] is followed by a later dated version of itself.
  bool has_later_version(std::size_t i) const { return i + 1 < clauses.size() && clauses[i + 1].version_seq > 0; }
};

}  // namespace accord::internal
