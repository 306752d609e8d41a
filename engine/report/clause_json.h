// A clause as JSON, for `accord rules --format json` and the decision service: id,
// instrument, cite, title, effective window and readings; in full also the text, source,
// condition, notes, overrides, because, tags and where it is defined.
#pragma once
#include "model/rules.h"

namespace accord::internal {

class JsonWriter;

void clause_json(JsonWriter& w, const Clause& c, const Instrument& inst, bool full);
// The clause at rules.clauses[first] with all its dated versions: clause_json() when it has
// none, else {"id", "instrument", "versions": [clause_json() of each version, oldest first]}.
void clause_versions_json(JsonWriter& w, const RuleSet& rules, std::size_t first, bool full);

}  // namespace accord::internal
