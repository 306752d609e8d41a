// accord rules: lists clauses grouped by instrument, or shows one in full.
#include <ostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "report/clause_json.h"
#include "report/json_writer.h"

namespace accord::internal {

namespace {

std::string window(const Clause& c) {
  std::string out = c.effective_from == kDateMin ? "always" : "from " + format_date(c.effective_from);
  if (c.effective_to != kDateMax) out += " until " + format_date(c.effective_to);
  return out;
}

std::string outcome_text(const Outcome& o) {
  std::string out = effect_name(o.effect);
  if (o.consent_from) out += std::string(" (") + consent_rule_name(o.rule) + ") from " + o.consent_from->text;
  if (o.binds) out += " binding " + o.binds->text;
  return out;
}

std::string effect_summary(const Clause& c) {
  if (c.readings.size() == 1) {
    const Outcome& o = c.readings[0].outcome;
    return std::string(effect_name(o.effect)) + (o.consent_from ? std::string(" (") + consent_rule_name(o.rule) + ")" : "");
  }
  return "readings: " + std::to_string(c.readings.size());
}

}  // namespace

int cmd_rules(const RulesListOptions& o, std::ostream& out, std::ostream& err) {
  auto engine = load_engine(o.rules, err);
  if (!engine) return kExitInput;
  const RuleSet& rules = engine->rules();
  const bool json = o.format == "json";

  if (!o.id.empty()) {
    const auto versions = engine->clause_versions(o.id);
    std::vector<const Clause*> shown;
    for (std::size_t ci : versions) shown.push_back(&rules.clauses[ci]);
    for (const auto& c : rules.clauses)
      if (versions.empty() && rules.instruments[c.instrument].id == o.id) shown.push_back(&c);
    if (shown.empty()) {
      std::vector<std::string> ids;
      for (const auto& c : rules.clauses) ids.push_back(c.id);
      for (const auto& i : rules.instruments) ids.push_back(i.id);
      err << "accord: error: " << with_suggestion("no clause or instrument '" + o.id + "'", o.id, ids) << "\n";
      return kExitInput;
    }
    std::string js;
    for (const Clause* c : shown) {
      const Instrument& inst = rules.instruments[c->instrument];
      if (json) {
        if (c->version_seq == 0) {  // one line per clause, its dated versions inside
          {
            JsonWriter w(js);
            clause_versions_json(w, rules, static_cast<std::size_t>(c - rules.clauses.data()), true);
          }
          js += '\n';
        }
        continue;
      }
      const SourcePos p = c->loc.pos();
      out << c->id << "\n  " << c->cite << (c->title.empty() ? "" : " — " + c->title) << "\n";
      out << "  instrument: " << inst.title << " (" << inst.id << ")\n";
      if (!c->version.empty()) out << "  version:    " << c->version << "\n";
      out << "  in force:   " << window(*c) << "\n";
      out << "  defined at: " << p.file << ":" << p.line << "\n";
      if (!c->text.empty()) out << "\n  text:\n    " << c->text << "\n";
      if (!c->source.empty()) out << "  source: " << c->source << "\n";
      out << "\n  when:\n    " << c->when.text << "\n";
      for (std::size_t r = 0; r < c->readings.size(); ++r) {
        const auto& rd = c->readings[r];
        out << "  " << (rd.name.empty() ? std::string("effect") : "reading " + rd.name + (r == c->default_reading ? " (default)" : ""))
            << ": " << outcome_text(rd.outcome) << "\n";
      }
      if (!c->overrides.empty()) {
        out << "  overrides:";
        for (const auto& x : c->overrides) out << " " << x;
        out << "\n";
      }
      std::string because;
      for (const auto& part : c->because) because += part.expr ? "{" + part.expr->text + "}" : part.literal;
      if (!because.empty()) out << "  because: " << because << "\n";
      if (!c->notes.empty()) out << "\n  notes:\n    " << c->notes << "\n";
      out << "\n";
    }
    out << js;
    return kExitOk;
  }

  if (json) {
    std::string js;
    {
      JsonWriter w(js);
      w.begin_array();
      for (std::size_t i = 0; i < rules.clauses.size(); ++i)
        if (rules.clauses[i].version_seq == 0) clause_versions_json(w, rules, i, false);
      w.end_array();
    }
    out << js << "\n";
    return kExitOk;
  }
  for (std::size_t i = 0; i < rules.instruments.size(); ++i) {
    const Instrument& inst = rules.instruments[i];
    out << inst.id << " — " << inst.title << " (pack " << inst.pack << ", in force "
        << (inst.in_force == kDateMin ? std::string("?") : format_date(inst.in_force)) << ")\n";
    for (const auto& c : rules.clauses) {
      if (c.instrument != i) continue;
      if (c.version_seq == 0) out << "  " << c.id << "\n";  // then one line per dated version
      out << "      " << c.cite << " · " << effect_summary(c) << " · " << window(c) << "\n";
    }
    out << "\n";
  }
  out << rules.clause_count() << " clauses in " << rules.instruments.size() << " instruments\n";
  return kExitOk;
}

}  // namespace accord::internal
