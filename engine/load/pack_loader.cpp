// Rule pack files: one instrument and its clauses (docs/rules-format.md).
#include <algorithm>

#include "load/rules_loader.h"
#include "load/yaml_doc.h"

namespace accord::internal {

// `effect` plus its `consent` / `binds`, from a clause or from one of its readings.
static std::optional<Outcome> read_outcome(const SourceRef& f, const MapReader& m, bool required,
                                           Diagnostics& d) {
  Outcome o;
  yaml::Node effect = m.get("effect");
  if (!effect.IsDefined()) {
    if (required)
      d.error_at(*f, m.loc().offset, "missing required key 'effect' (or 'readings')");
    return std::nullopt;
  }
  auto e = as_enum<Effect>(f, effect, effect_names(), "effect", d);
  if (!e) return std::nullopt;
  o.effect = *e;
  yaml::Node consent = m.get("consent");
  if (o.effect == Effect::Consent) {
    if (!consent.IsDefined()) {
      d.error_at(*f, m.loc("effect").offset, "effect 'consent' needs a 'consent' block with 'from' and 'rule'");
      return std::nullopt;
    }
    MapReader c(f, consent, "consent", {"from", "rule"}, d);
    if (!c.ok()) return std::nullopt;
    yaml::Node from = c.require("from"), rule = c.require("rule");
    if (!c.ok()) return std::nullopt;
    o.consent_from = as_expr(f, from, d);
    auto r = as_enum<ConsentRule>(f, rule, consent_rule_names(), "consent rule", d);
    if (!o.consent_from || !r) return std::nullopt;
    o.rule = *r;
  } else if (consent.IsDefined()) {
    d.error_at(*f, m.loc("consent").offset, "'consent' is only for effect 'consent'");
    return std::nullopt;
  }
  if (yaml::Node binds = m.get("binds"); binds.IsDefined()) {
    if (o.effect != Effect::Obligation) {
      d.error_at(*f, m.loc("binds").offset, "'binds' is only for effect 'obligation'");
      return std::nullopt;
    }
    o.binds = as_expr(f, binds, d);
    if (!o.binds) return std::nullopt;
  }
  return o;
}

// "{actor} is not a member of {org}": literal text with {expression} holes; {{ and }} escape.
static std::optional<std::vector<TemplatePart>> read_template(const SourceRef& f,
                                                              const yaml::Node& n, Diagnostics& d) {
  auto text = as_string(f, n, d);
  if (!text) return std::nullopt;
  const auto offs = map_scalar_offsets(*f, loc_of(f, n).offset, *text);
  std::vector<TemplatePart> parts;
  std::string lit;
  for (size_t i = 0; i < text->size(); ++i) {
    const char c = (*text)[i];
    if ((c == '{' || c == '}') && i + 1 < text->size() && (*text)[i + 1] == c) {
      lit += c;
      ++i;
    } else if (c == '}') {
      d.error_at(*f, offs[i], "unmatched '}' in template (write '}}' for a brace)");
      return std::nullopt;
    } else if (c == '{') {
      // The hole ends at the brace that closes it: set literals nest, strings are skipped.
      size_t close = std::string::npos;
      int depth = 0;
      for (size_t j = i + 1; j < text->size() && close == std::string::npos; ++j) {
        const char h = (*text)[j];
        if (h == '"') {
          for (++j; j < text->size() && (*text)[j] != '"'; ++j)
            if ((*text)[j] == '\\') ++j;
        } else if (h == '{') {
          ++depth;
        } else if (h == '}') {
          if (depth == 0) close = j;
          else --depth;
        }
      }
      if (close == std::string::npos) {
        d.error_at(*f, offs[i], "unclosed '{' in template");
        return std::nullopt;
      }
      if (!lit.empty()) parts.push_back({std::move(lit), std::nullopt}), lit.clear();
      std::vector<std::uint32_t> sub(offs.begin() + static_cast<long>(i) + 1,
                                     offs.begin() + static_cast<long>(close) + 1);
      auto e = make_source_expr(f, text->substr(i + 1, close - i - 1), std::move(sub), d);
      if (!e) return std::nullopt;
      parts.push_back({{}, std::move(e)});
      i = close;
    } else {
      lit += c;
    }
  }
  if (!lit.empty()) parts.push_back({std::move(lit), std::nullopt});
  return parts;
}

// The keys that a clause and each of its dated versions may set.
static const std::vector<std::string> kBodyKeys = {"cite",  "title",    "text",            "source",
                                                   "notes", "when",     "effect",          "consent",
                                                   "binds", "readings", "default_reading", "because",
                                                   "duty"};

// Reads the body keys present in `m` into `c`, replacing what `c` had (a version starts as a
// copy of its clause). `when` and an effect are required unless `c` already has them or
// `optional` (a clause with versions, whose versions may give them).
static void read_body(const SourceRef& f, MapReader& m, Clause& c, bool optional, Diagnostics& d) {
  m.get_text("cite", c.cite);
  m.get_text("title", c.title);
  m.get_text("text", c.text);
  m.get_text("source", c.source);
  m.get_text("notes", c.notes);
  if (auto when = optional || !c.when.text.empty() ? m.get("when") : m.require("when"); when.IsDefined()) {
    if (auto e = as_expr(f, when, d)) c.when = std::move(*e);
  }

  if (auto readings = m.get("readings"); readings.IsDefined()) {
    for (const char* k : {"effect", "consent", "binds"})
      if (m.get(k).IsDefined())
        d.error_at(*f, m.loc(k).offset,
                   std::string("'") + k + "' goes inside each reading when the clause has 'readings'");
    c.readings.clear();
    c.default_reading = 0;
    if (auto entries = as_entries(f, readings, "readings", d)) {
      for (auto& e : *entries) {
        MapReader r(f, e.value, "reading '" + e.key + "'", {"effect", "consent", "binds"}, d);
        if (!r.ok()) continue;
        if (auto o = read_outcome(f, r, true, d)) c.readings.push_back({e.key, std::move(*o)});
      }
    }
    if (c.readings.size() > kMaxReadings)
      d.error_at(*f, m.loc("readings").offset, "too many readings in one clause: the limit is " + std::to_string(kMaxReadings));
    auto def = m.get("default_reading");
    if (!def.IsDefined()) {
      d.error_at(*f, m.loc("readings").offset, "a clause with 'readings' needs a 'default_reading'");
    } else if (auto name = as_string(f, def, d)) {
      auto it = std::find_if(c.readings.begin(), c.readings.end(),
                             [&](const Reading& r) { return r.name == *name; });
      if (it == c.readings.end()) {
        std::vector<std::string> names;
        for (auto& r : c.readings) names.push_back(r.name);
        d.error_at(*f, m.loc("default_reading").offset,
                   with_suggestion("default_reading '" + *name + "' is not one of the clause's readings", *name, names));
      } else {
        c.default_reading = static_cast<size_t>(it - c.readings.begin());
      }
    }
  } else {
    if (m.get("default_reading").IsDefined())
      d.error_at(*f, m.loc("default_reading").offset, "'default_reading' needs 'readings'");
    if (m.get("effect").IsDefined() || (c.readings.empty() && !optional)) {
      c.readings.clear();
      c.default_reading = 0;
      if (auto o = read_outcome(f, m, true, d)) c.readings.push_back({"", std::move(*o)});
    } else {
      for (const char* k : {"consent", "binds"})
        if (m.get(k).IsDefined())
          d.error_at(*f, m.loc(k).offset, std::string("a version that changes '") + k + "' must also give 'effect'");
    }
  }
  if (auto because = m.get("because"); because.IsDefined()) {
    if (auto t = read_template(f, because, d)) c.because = std::move(*t);
  }
  const bool obligation = std::any_of(c.readings.begin(), c.readings.end(),
                                      [](const Reading& r) { return r.outcome.effect == Effect::Obligation; });
  const bool effect_unknown = optional && c.readings.empty();  // the versions will give it
  if (auto duty = m.get("duty"); duty.IsDefined()) {
    if (!obligation && !effect_unknown) d.error_at(*f, m.loc("duty").offset, "'duty' is only for effect 'obligation'");
    else if (auto t = read_template(f, duty, d)) c.duty = std::move(*t);
  } else if (!obligation && !effect_unknown) {
    c.duty.clear();  // a version whose effect is no longer an obligation
  }
}

// `versions:` — the clause's text (and, where it changed, its condition and effect) period by
// period. Each version is returned as a clause of its own, with the clause's id, its `label`,
// and the period from its `from` to the next version's.
static std::vector<Clause> read_versions(const SourceRef& f, const MapReader& m, const Clause& base,
                                         Diagnostics& d) {
  std::vector<Clause> out;
  const yaml::Node list = m.get("versions");
  if (!list.IsSequence() || list.size() < 2) {
    d.error_at(*f, m.loc("versions").offset, "'versions' must be a list of at least two dated versions");
    return out;
  }
  std::vector<std::string> keys = kBodyKeys;
  keys.insert(keys.begin(), {"from", "label"});
  for (const auto& vn : list) {
    MapReader v(f, vn, "a version", keys, d);
    if (!v.ok()) return {};
    Clause c = base;
    c.loc = v.loc();
    c.version_seq = static_cast<unsigned>(out.size());
    if (auto label = v.require("label"); label.IsDefined()) c.version = as_string(f, label, d).value_or("");
    if (auto from = v.get("from"); from.IsDefined()) {
      const Date at = as_date(f, from, d).value_or(kDateMin);
      const Date floor = out.empty() ? base.effective_from : out.back().effective_from;
      if (out.empty() ? at != floor : at <= floor) {
        d.error_at(*f, v.loc("from").offset,
                   out.empty() ? "the first version starts when the clause does (" + format_date(floor) +
                                     "); leave out its 'from'"
                               : "a version's 'from' must be after the previous version's (" + format_date(floor) + ")");
      } else if (at >= base.effective_to) {
        d.error_at(*f, v.loc("from").offset, "a version's 'from' must be before the clause's 'effective: to' (" +
                                                  format_date(base.effective_to) + ")");
      }
      c.effective_from = at;
    } else if (!out.empty()) {
      d.error_at(*f, v.loc().offset, "every version after the first needs a 'from' date");
    }
    read_body(f, v, c, false, d);
    if (v.get("notes").IsDefined() && !base.notes.empty()) c.notes = base.notes + "\n\n" + c.notes;
    if (!out.empty()) out.back().effective_to = c.effective_from;
    out.push_back(std::move(c));
  }
  return out;
}

static std::vector<Clause> read_clause(const SourceRef& f, const yaml::Node& n, const Instrument& inst,
                                       Diagnostics& d) {
  std::vector<std::string> keys = kBodyKeys;
  keys.insert(keys.end(), {"id", "effective", "overrides", "tags", "lint_allow", "versions"});
  MapReader m(f, n, "a clause", keys, d);
  if (!m.ok()) return {};
  const size_t before = d.items().size();
  Clause c;
  c.loc = m.loc();
  auto id = as_string(f, m.require("id"), d);
  if (!id) return {};
  c.id = *id;
  if (c.id.rfind(inst.id + "/", 0) != 0 || c.id.size() == inst.id.size() + 1)
    d.error_at(*f, m.loc("id").offset,
               "clause id '" + c.id + "' must start with its instrument's id: '" + inst.id + "/...'");
  c.source = inst.source;
  if (auto tags = m.get("tags"); tags.IsDefined())
    c.tags = as_string_list(f, tags, d).value_or(std::vector<std::string>{});

  if (auto la = m.get("lint_allow"); la.IsDefined()) {
    static const std::vector<std::string> kinds = {"never_applies", "dead", "override_unused", "conflict", "ended"};
    c.lint_allow_loc = m.loc("lint_allow");
    for (const auto& k : as_string_list(f, la, d).value_or(std::vector<std::string>{})) {
      if (std::find(kinds.begin(), kinds.end(), k) == kinds.end())
        d.error_at(*f, c.lint_allow_loc.offset, with_suggestion("unknown lint finding '" + k + "'", k, kinds) +
                                                    " (one of: never_applies, dead, override_unused, conflict, ended)");
      c.lint_allow.push_back(k);
    }
  }
  c.effective_from = inst.in_force;
  if (auto eff = m.get("effective"); eff.IsDefined()) {
    MapReader e(f, eff, "effective", {"from", "to"}, d);
    if (e.ok()) {
      if (auto from = e.get("from"); from.IsDefined()) c.effective_from = as_date(f, from, d).value_or(kDateMin);
      if (auto to = e.get("to"); to.IsDefined()) {
        c.effective_to = as_date(f, to, d).value_or(kDateMax);
        if (c.effective_to <= c.effective_from)
          d.error_at(*f, e.loc("to").offset, "effective 'to' must be after 'from'");
      }
    }
  }
  if (auto ov = m.get("overrides"); ov.IsDefined()) {
    if (!ov.IsSequence()) {
      d.error_at(*f, m.loc("overrides").offset, "'overrides' must be a list of clause ids");
    } else {
      for (const auto& item : ov)
        if (auto s = as_string(f, item, d)) {
          c.overrides.push_back(*s);
          c.override_locs.push_back(loc_of(f, item));
        }
    }
  }
  // With versions, `when` and the effect may be given per version instead.
  const bool versioned = m.get("versions").IsDefined();
  read_body(f, m, c, versioned, d);
  std::vector<Clause> out;
  if (versioned) {
    out = read_versions(f, m, c, d);
  } else {
    out.push_back(std::move(c));
  }
  if (d.items().size() != before) return {};
  return out;
}

bool load_pack_file(const SourceRef& f, const std::string& pack, RuleSet& into, Diagnostics& d) {
  const size_t before = d.items().size();
  auto root = parse_yaml(f, d);
  if (!root) return false;
  MapReader top(f, *root, "a rule pack file", {"instrument", "clauses"}, d);
  if (!top.ok()) return false;
  auto inst_node = top.require("instrument");
  auto clauses = top.require("clauses");
  if (!top.ok()) return false;

  MapReader im(f, inst_node, "instrument", {"id", "title", "signed", "in_force", "source", "notes"}, d);
  if (!im.ok()) return false;
  Instrument inst;
  inst.pack = pack;
  inst.loc = im.loc();
  inst.id = as_string(f, im.require("id"), d).value_or("");
  inst.title = as_string(f, im.require("title"), d).value_or("");
  if (auto s = im.get("source"); s.IsDefined()) inst.source = as_string(f, s, d).value_or("");
  if (auto s = im.get("notes"); s.IsDefined()) inst.notes = as_string(f, s, d).value_or("");
  if (auto s = im.get("signed"); s.IsDefined()) inst.signed_on = as_date(f, s, d).value_or(kDateMin);
  if (auto s = im.require("in_force"); s.IsDefined()) inst.in_force = as_date(f, s, d).value_or(kDateMin);
  if (d.items().size() != before) return false;
  for (const auto& other : into.instruments)
    if (other.id == inst.id) {
      const SourcePos p = other.loc.pos();
      d.error_at(*f, im.loc("id").offset,
                 "duplicate instrument id '" + inst.id + "' (first defined at " + p.file + ":" +
                     std::to_string(p.line) + ")");
      return false;
    }

  if (!clauses.IsSequence()) {
    d.error_at(*f, top.loc("clauses").offset, "'clauses' must be a list");
    return false;
  }
  const size_t index = into.instruments.size();
  into.instruments.push_back(inst);
  for (const auto& cn : clauses) {
    if (into.clauses.size() >= kMaxClauses) {
      d.error_at(*f, loc_of(f, cn).offset,
                 "too many clauses: the limit is " + std::to_string(kMaxClauses));
      return false;
    }
    for (auto& c : read_clause(f, cn, inst, d)) {
      c.instrument = index;
      into.clauses.push_back(std::move(c));
    }
  }
  return d.items().size() == before;
}

}  // namespace accord::internal
