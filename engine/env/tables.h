// The resolved environment every later stage works in: parties, strings, sites and proposal
// fields interned to small integers, string domains (the finite sets of values a string
// expression can take), and organizations' memberships pre-indexed by date epoch so that
// member(org, x) on a date is a short scan over a handful of epochs plus a bit test.
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "core/bits.h"
#include "core/diagnostics.h"
#include "core/names.h"
#include "core/symbols.h"
#include "model/rules.h"

namespace accord::internal {

// Most proposal fields (built-in and declared) a schema may have: fields are bits of a word.
inline constexpr std::size_t kMaxFields = 64;

// Built-in string domains; fields with `values:` get one each after these.
enum DomainId : std::uint16_t {
  kFreeString = 0,  // any string (no check)
  kActionDomain,
  kSiteKindDomain,
  kPositionDomain,
  kStatusDomain,
  kFirstFieldDomain,
};

struct Domain {
  std::string what;           // "action", "site kind", "value of 'purpose'" — for messages
  std::vector<SymId> values;  // in declaration order
  Bits set;
  NameIndex index;            // the values as typed: any case, '_' or ' ' ("armed attack")
};

// Positions a party can state on a proposal, as string symbols.
enum class Position : std::uint8_t { None, Consent, Object, Abstain };

struct Field {
  std::string name;
  FieldType type;
  std::uint16_t slot;      // index into Proposal::scalars, or into Proposal::sets for Parties
  std::uint16_t domain;    // String fields
  std::int16_t within = -1;  // Site fields: index of the party field whose state the site must be in
};

// Reserved scalar slots of every proposal.
inline constexpr std::uint16_t kActionSlot = 0;
inline constexpr std::uint16_t kDateSlot = 1;

struct OrgIndex {
  std::vector<Date> epoch_from;  // sorted; epoch i covers [epoch_from[i], epoch_from[i+1])
  std::vector<Bits> members;     // per epoch
  std::vector<std::vector<std::pair<SymId, SymId>>> status;  // per epoch: party -> status string
  // Index of the epoch containing d (0 if before all). Most organizations have a handful of
  // epochs: a scan from the latest (the dates asked about are mostly recent) beats a binary
  // search there, and inline it costs no call on the evaluator's hot path.
  std::size_t epoch(Date d) const {
    std::size_t i = epoch_from.size();
    if (i > 16) {
      i = static_cast<std::size_t>(std::upper_bound(epoch_from.begin(), epoch_from.end(), d) - epoch_from.begin());
      return i == 0 ? 0 : i - 1;
    }
    while (i > 1 && d < epoch_from[i - 1]) --i;
    return i == 0 ? 0 : i - 1;
  }
};

// A membership with a status ("frozen"), from `since` until the membership ends.
struct StatusSpan {
  SymId org = kNone, party = kNone, status = kNone;
  Date since = kDateMin, to = kDateMax;
};

// A party's military presence at a site over [from, to) (facts/sites.yaml `presences:`).
struct SitePresence {
  SymId party = kNone;
  Date from = kDateMin, to = kDateMax;
};

struct Tables {
  SymbolTable parties;   // states and organizations
  SymbolTable strings;   // every string value: actions, kinds, statuses, positions, field values
  SymbolTable sites;
  // Every way of typing a party (code in any case, alpha-2, name, alias) or a site (id, name,
  // alias), and the names reports show.
  NameIndex party_index, site_index;
  std::vector<std::string> party_name;  // by party id: the state's or organization's name
  // By party id, made once from party_name so that reports neither build nor sort names per
  // decision: how sentences and lists name the party (party_word, party_label), each one's
  // rank in byte order among all parties' (lists are sorted by name), and its code as a JSON
  // string ("\"RUS\"").
  std::vector<std::string> party_word_text, party_label_text, party_json;
  std::vector<std::uint16_t> word_rank, label_rank;
  std::vector<SymId> by_word_rank, by_label_rank;  // the parties in rank order
  // party_json again, for JSON arrays of parties written 16 bytes a party: the quoted code
  // in `text`, its length in text[15]; long_json: the parties whose quoted code is too long
  // for that (instruments, long organization ids), written from party_json instead.
  struct ShortJson {
    char text[16];
  };
  std::vector<ShortJson> party_short_json;
  Bits long_json;
  std::vector<std::string> site_title;  // by site id: the site's name
  std::vector<bool> is_org;               // by party id (instruments included)
  std::vector<bool> is_instrument;        // by party id: an instrument from `instruments:`
  std::vector<OrgIndex> orgs;             // by party id (empty for states)
  std::vector<StatusSpan> statuses;       // every membership status of an organization (not an instrument)
  std::vector<SymId> site_state, site_kind, site_name;  // by site id
  std::vector<std::vector<SitePresence>> presences;       // by site id
  std::vector<Domain> domains;
  std::vector<Field> fields;              // action, date, then the schema's fields
  std::vector<std::uint16_t> within_fields;  // indices of the site fields declared `within` a party field
  std::uint16_t scalar_slots = 0, set_slots = 0;
  // By string id of an action: bit i set when Tables::fields[i] is required / allowed.
  std::vector<std::uint64_t> action_required, action_allowed;
  SymId pos_sym[4] = {};                  // string ids of none/consent/object/abstain
  SymId status_member = 0, status_none = 0;
  // Dates at which any membership or presence changes (for lint and explain).
  std::vector<Date> epochs;

  const Field* field(std::string_view name) const;
};

// Builds the tables from loaded rules; reports limits (too many parties or strings) and names
// that would mean two parties or two sites.
bool build_tables(const RuleSet& rules, Tables& out, Diagnostics& diags);
// Gives every string literal of `e` an id. build_tables does it for the rules' expressions;
// a tool checking an expression of its own calls it first.
void intern_literals(const SourceExpr& e, Tables& t);

// How reports name a party: in lists "Russia (RUS)" (an organization: its id, "CSTO"); in
// sentences "Russia" ("CSTO").
const std::string& party_label(const Tables& t, SymId party);
const std::string& party_word(const Tables& t, SymId party);
// A site in reports: "Manas air base (manas)".
std::string site_label(const Tables& t, SymId site);

// Resolves what a person typed to a party, site or value of a string domain. Returns the
// error message (empty on success): "unknown party 'KYR'; did you mean 'KGZ' (Kyrgyzstan) or
// 'KIR' (Kiribati)?"; an unknown string value lists the domain's values.
std::string resolve_party(const Tables& t, std::string_view text, SymId& out);
std::string resolve_site(const Tables& t, std::string_view text, SymId& out);
std::string resolve_value(const Tables& t, std::uint16_t domain, std::string_view text, SymId& out);
// "; did you mean 'KGZ' (Kyrgyzstan) or 'KIR' (Kiribati)?", or "" when nothing is close.
std::string party_suggestion(const Tables& t, std::string_view text);

}  // namespace accord::internal
