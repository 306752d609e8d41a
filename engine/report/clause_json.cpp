#include "report/clause_json.h"

#include "report/json_writer.h"

namespace accord::internal {

void clause_json(JsonWriter& w, const Clause& c, const Instrument& inst, bool full) {
  w.begin_object().key("id").value(c.id).key("instrument").value(inst.id).key("cite").value(c.cite).key("title").value(c.title);
  if (!c.version.empty()) w.key("version").value(c.version);
  w.key("effective").begin_object().key("from").value(c.effective_from == kDateMin ? "" : format_date(c.effective_from));
  if (c.effective_to != kDateMax) w.key("to").value(format_date(c.effective_to));
  w.end_object();
  w.key("readings").begin_array();
  for (std::size_t r = 0; r < c.readings.size(); ++r) {
    const Outcome& o = c.readings[r].outcome;
    w.begin_object().key("name").value(c.readings[r].name).key("default").value(r == c.default_reading).key("effect").value(effect_name(o.effect));
    if (o.consent_from) w.key("rule").value(consent_rule_name(o.rule)).key("from").value(o.consent_from->text);
    if (o.binds) w.key("binds").value(o.binds->text);
    w.end_object();
  }
  w.end_array();
  if (full) {
    w.key("text").value(c.text).key("source").value(c.source).key("when").value(c.when.text).key("notes").value(c.notes);
    w.key("overrides").begin_array();
    for (const auto& o : c.overrides) w.value(o);
    w.end_array();
    std::string because;
    for (const auto& part : c.because) because += part.expr ? "{" + part.expr->text + "}" : part.literal;
    w.key("because").value(because);
    w.key("tags").begin_array();
    for (const auto& t : c.tags) w.value(t);
    w.end_array();
    const SourcePos p = c.loc.pos();
    w.key("file").value(p.file).key("line").value(static_cast<std::int64_t>(p.line));
  }
  w.end_object();
}

void clause_versions_json(JsonWriter& w, const RuleSet& rules, std::size_t first, bool full) {
  const Clause& c = rules.clauses[first];
  const std::size_t end = rules.versions_end(first);
  const Instrument& inst = rules.instruments[c.instrument];
  if (end == first + 1) return clause_json(w, c, inst, full);
  w.begin_object().key("id").value(c.id).key("instrument").value(inst.id).key("versions").begin_array();
  for (std::size_t i = first; i < end; ++i) clause_json(w, rules.clauses[i], inst, full);
  w.end_array().end_object();
}

}  // namespace accord::internal
