// A clause as JSON, for `accord rules --format json` and the decision service: id,
// instrument, cite, title, effective window and readings; in full also the text, source,
// condition, notes, overrides, because, tags and where it is defined.
#pragma once
#include "load/model.h"

namespace accord {

class JsonWriter;

void clause_json(JsonWriter& w, const Clause& c, const Instrument& inst, bool full);

}  // namespace accord
