// Loads rules directories (docs/rules-format.md): each holds `schema.yaml`, `facts/*.yaml` and one
// subdirectory per pack of instrument files. Several directories merge. Every problem is
// reported (not only the first); the RuleSet is returned only when there were none, so no
// decision is ever made from half-loaded rules.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostics.h"
#include "model/rules.h"

namespace accord::internal {

// Most clauses accepted over all loaded packs.
inline constexpr std::size_t kMaxClauses = 10'000;

std::optional<RuleSet> load_rules(const std::vector<std::string>& dirs, Diagnostics& diags);

// The pieces, usable on single files (tests, tools). Each appends to `into`.
bool load_schema_file(const SourceRef& file, Schema& into, Diagnostics& diags);
bool load_facts_file(const SourceRef& file, Facts& into, Diagnostics& diags);
bool load_pack_file(const SourceRef& file, const std::string& pack, RuleSet& into,
                    Diagnostics& diags);
// Cross-file checks once everything is loaded: duplicate ids, unknown parties in facts,
// overrides naming unknown clauses, override cycles.
bool validate_rules(RuleSet& rules, Diagnostics& diags);

// The rules directory to read when no --rules is given: $ACCORD_RULES when set, else ./rules
// when it holds a schema.yaml, else the installed rules (<exe>/../share/accord/rules). Never a
// path of the machine the binary was built on. nullopt, with the reason in `why`, when there
// is none.
std::optional<std::string> default_rules_dir(std::string& why);

}  // namespace accord::internal
