#include <algorithm>

#include "load/yaml_doc.h"
#include "report/summary.h"
#include "scenario/scenario.h"

namespace accord {

namespace {

const std::vector<std::string> kVerdicts = {"permitted", "needs_consent", "vetoed", "prohibited"};

std::optional<Verdict> read_verdict(const SourceRef& f, const YAML::Node& n, Diagnostics& d) {
  auto s = as_string(f, n, d);
  if (!s) return std::nullopt;
  auto it = std::find(kVerdicts.begin(), kVerdicts.end(), *s);
  if (it == kVerdicts.end()) {
    std::vector<std::string> words = kVerdicts;
    for (const auto& h : headline_keys())
      if (std::find(words.begin(), words.end(), h) == words.end()) words.push_back(h);
    d.error_at(*f, loc_of(f, n).offset,
               with_suggestion("unknown decision '" + *s + "' (one of permitted, needs_consent, vetoed, prohibited, or a "
                               "headline: no_clause, obligations, needs_consultation, needs_no_objection, depends)", *s, words));
    return std::nullopt;
  }
  return static_cast<Verdict>(it - kVerdicts.begin());
}

// A list of names, each remembered with its position for later validation.
std::optional<std::vector<std::string>> read_names(const SourceRef& f, const YAML::Node& n,
                                                   std::vector<std::pair<std::string, Loc>>& where,
                                                   Diagnostics& d) {
  if (!n.IsSequence()) {
    d.error_at(*f, loc_of(f, n).offset, "expected a list, e.g. [RUS, KAZ] (or [] for none)");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : n) {
    auto s = as_string(f, item, d);
    if (!s) return std::nullopt;
    out.push_back(*s);
    where.emplace_back(*s, loc_of(f, item));
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool read_expect(const SourceRef& f, const YAML::Node& n, Expectation& x, Diagnostics& d) {
  x.present = true;
  x.loc = loc_of(f, n);
  if (n.IsScalar()) {
    // A decision word, or a headline the decision words do not cover (`expect: no_clause`).
    const auto& keys = headline_keys();
    const std::string word = n.Scalar();
    if (std::find(kVerdicts.begin(), kVerdicts.end(), word) == kVerdicts.end() &&
        std::find(keys.begin(), keys.end(), word) != keys.end())
      return x.headline = word, true;
    x.decision = read_verdict(f, n, d);
    return x.decision.has_value();
  }
  MapReader m(f, n, "expect", {"decision", "headline", "vetoed_by", "pending", "prohibited_by", "clauses", "obligations", "binds"}, d);
  if (!m.ok()) return false;
  if (n.size() == 0) {
    d.error_at(*f, x.loc.offset, "this expect checks nothing: give a decision word or at least one of decision, headline, vetoed_by, pending, prohibited_by, clauses, obligations, binds");
    return false;
  }
  bool ok = true;
  if (auto v = m.get("decision"); v.IsDefined()) ok = (x.decision = read_verdict(f, v, d)).has_value() && ok;
  if (auto v = m.get("headline"); v.IsDefined()) {
    auto h = as_string(f, v, d);
    const auto& keys = headline_keys();
    if (h && std::find(keys.begin(), keys.end(), *h) == keys.end()) {
      std::string all;
      for (const auto& k : keys) all += (all.empty() ? "" : ", ") + k;
      d.error_at(*f, loc_of(f, v).offset, with_suggestion("unknown headline '" + *h + "'", *h, keys) + " (one of: " + all + ")");
      ok = false;
    } else if (h) {
      x.headline = *h;
    } else {
      ok = false;
    }
  }
  if (auto v = m.get("clauses"); v.IsDefined() && v.IsSequence() && v.size() == 0)
    d.warning_at(*f, loc_of(f, v).offset,
                 "'clauses: []' asserts nothing: it lists clauses that must apply, and an empty list is always met; "
                 "to assert that no clause applies, write 'headline: no_clause'");
  auto parties = [&](const char* key, std::optional<std::vector<std::string>>& out) {
    if (auto v = m.get(key); v.IsDefined()) ok = (out = read_names(f, v, x.parties, d)).has_value() && ok;
  };
  auto clauses = [&](const char* key, std::optional<std::vector<std::string>>& out) {
    if (auto v = m.get(key); v.IsDefined()) ok = (out = read_names(f, v, x.ids, d)).has_value() && ok;
  };
  parties("vetoed_by", x.vetoed_by);
  parties("pending", x.pending);
  clauses("prohibited_by", x.prohibited_by);
  clauses("clauses", x.clauses);
  clauses("obligations", x.obligations);
  if (auto v = m.get("binds"); v.IsDefined()) {
    if (auto entries = as_entries(f, v, "binds", d)) {
      for (const auto& e : *entries) {
        x.ids.emplace_back(e.key, e.key_loc);
        if (auto names = read_names(f, e.value, x.parties, d)) x.binds.emplace_back(e.key, *names);
        else ok = false;
      }
    } else {
      ok = false;
    }
  }
  return ok;
}

bool read_facts(const SourceRef& f, const YAML::Node& n, Step& step, Diagnostics& d) {
  if (!n.IsSequence()) {
    d.error_at(*f, loc_of(f, n).offset,
               "'facts' is a list of changes, e.g. [{ org: CSTO, party: UZB, leaves: 2012-12-19 }]");
    return false;
  }
  bool ok = true;
  for (const auto& item : n) {
    MapReader m(f, item, "a fact change", {"org", "party", "joins", "leaves", "status", "since"}, d);
    if (!m.ok()) { ok = false; continue; }
    FactChange c;
    c.loc = m.loc();
    auto org = as_string(f, m.require("org"), d);
    auto party = as_string(f, m.require("party"), d);
    if (!m.ok() || !org || !party) { ok = false; continue; }
    c.org = *org;
    c.party = *party;
    const int kinds = m.get("joins").IsDefined() + m.get("leaves").IsDefined() + m.get("status").IsDefined();
    if (kinds != 1) {
      d.error_at(*f, c.loc.offset, "a fact change needs exactly one of 'joins: DATE', 'leaves: DATE', 'status: NAME' (with 'since: DATE')");
      ok = false;
      continue;
    }
    std::optional<Date> date;
    if (auto v = m.get("joins"); v.IsDefined()) c.kind = FactChange::Kind::Join, date = as_date(f, v, d);
    if (auto v = m.get("leaves"); v.IsDefined()) c.kind = FactChange::Kind::Leave, date = as_date(f, v, d);
    if (auto v = m.get("status"); v.IsDefined()) {
      c.kind = FactChange::Kind::Status;
      c.status = as_string(f, v, d).value_or("");
      date = as_date(f, m.require("since"), d);
    }
    if (!date) { ok = false; continue; }
    c.date = *date;
    step.changed.push_back(c.party + (c.kind == FactChange::Kind::Join ? " joins " : c.kind == FactChange::Kind::Leave ? " leaves " : " is " + c.status + " in ") +
                           c.org + (c.kind == FactChange::Kind::Status ? " from " : " on ") + format_date(c.date));
    step.facts.push_back(std::move(c));
  }
  return ok;
}

std::optional<std::vector<std::string>> read_questions(const SourceRef& f, const YAML::Node& n, Diagnostics& d) {
  return as_string_list(f, n, d);
}

}  // namespace

std::optional<Scenario> load_scenario(const SourceRef& f, Diagnostics& d) {
  const std::size_t before = d.error_count();  // warnings do not stop a scenario
  auto root = parse_yaml(f, d);
  if (!root) return std::nullopt;
  MapReader top(f, *root, "a scenario", {"scenario", "title", "briefing", "base", "steps", "debrief", "questions"}, d);
  if (!top.ok()) return std::nullopt;
  Scenario s;
  s.file = f;
  s.id = as_string(f, top.require("scenario"), d).value_or("");
  s.title = as_string(f, top.require("title"), d).value_or("");
  if (auto v = top.get("briefing"); v.IsDefined()) s.briefing = as_string(f, v, d).value_or("");
  if (auto v = top.get("debrief"); v.IsDefined()) s.debrief = as_string(f, v, d).value_or("");
  if (auto v = top.get("questions"); v.IsDefined()) s.questions = read_questions(f, v, d).value_or(std::vector<std::string>{});
  s.base = top.get("base");
  if (s.base.IsDefined() && !s.base.IsMap())
    d.error_at(*f, top.loc("base").offset, "'base' must be a mapping of proposal fields");
  auto steps = top.require("steps");
  if (steps.IsDefined() && (!steps.IsSequence() || steps.size() == 0))
    d.error_at(*f, top.loc("steps").offset, "'steps' must be a non-empty list");
  if (d.error_count() != before) return std::nullopt;

  for (std::size_t si = 0; si < steps.size(); ++si) {
    const YAML::Node sn = steps[si];
    Step step;
    step.loc = loc_of(f, sn);
    step.changes = sn;
    if (!sn.IsMap()) {
      d.error_at(*f, step.loc.offset, "a step must be a mapping");
      continue;
    }
    for (const auto& kv : sn) {
      const std::string key = kv.first.Scalar();
      const YAML::Node& v = kv.second;
      if (key == "title") step.title = as_string(f, v, d).value_or("");
      else if (key == "debrief") step.debrief = as_string(f, v, d).value_or("");
      else if (key == "questions") step.questions = read_questions(f, v, d).value_or(std::vector<std::string>{});
      else if (key == "expect") {
        read_expect(f, v, step.expect, d);
        step.expect.loc = loc_of(f, kv.first);  // the `expect:` key, also for a block mapping
      }
      else if (key == "facts") read_facts(f, v, step, d);
      else if (key == "readings") {
        if (auto entries = as_entries(f, v, "readings", d))
          for (const auto& e : *entries) {
            step.readings.emplace_back(e.key, as_string(f, e.value, d).value_or(""));
            step.reading_locs.push_back(e.key_loc);
            step.reading_value_locs.push_back(loc_of(f, e.value));
            step.changed.push_back(e.key + " read as '" + step.readings.back().second + "'");
          }
      } else if (key == "positions" && v.IsMap()) {
        for (const auto& p : v) step.changed.push_back(p.first.Scalar() + ": " + (p.second.IsScalar() ? p.second.Scalar() : "?"));
      } else {
        std::string value = v.IsScalar() ? v.Scalar() : v.IsNull() ? "(removed)" : "";
        if (v.IsSequence())
          for (const auto& item : v) value += (value.empty() ? "" : ", ") + (item.IsScalar() ? item.Scalar() : "?");
        step.changed.push_back(key + ": " + value);
      }
    }
    s.steps.push_back(std::move(step));
  }
  // Step errors do not stop here: the scenario is still played, so that one run reports the
  // names that are wrong too; run_scenario then returns nothing.
  s.broken = d.error_count() != before;
  return s;
}

}  // namespace accord
