#include <algorithm>

#include "load/proposal_loader.h"
#include "report/report.h"
#include "load/yaml_doc.h"
#include "report/summary.h"
#include "scenario/scenario.h"

namespace accord::internal {

namespace {

const std::initializer_list<const char*> kStepKeys = {"title", "time", "channel", "expect", "debrief", "questions",
                                                      "instructor_notes", "facts", "readings", "branch"};
// A step's keys the scenario loader reports as mistakes (with the keys meant).
const std::initializer_list<const char*> kReportedStepKeys = {"notes"};

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return "[" + out + "]";
}

std::vector<std::string> names_of(const Tables& t, const Bits& b) {
  std::vector<std::string> out;
  b.for_each([&](unsigned id) { out.push_back(t.parties.name(static_cast<SymId>(id))); });
  return out;
}

// Applies fact changes to a copy of the rules. Returns false (reported) on unknown names.
bool apply_facts(RuleSet& rules, const Tables& t, const std::vector<FactChange>& changes, const SourceRef& f, Diagnostics& d) {
  bool ok = true;
  for (FactChange c : changes) {
    // Parties and organizations as people type them ("Uzbekistan", "csto"), by their codes below.
    SymId org_id = kNone, party_id = kNone;
    // An instrument of the facts (its parties) only by its exact id: it is not a party anyone types.
    if (auto inst = t.parties.find(c.org); inst && t.is_instrument[*inst]) {
      org_id = *inst;
    } else if (std::string err = resolve_party(t, c.org, org_id); !err.empty() || !t.is_org[org_id]) {
      d.error_at(*f, c.loc.offset, err.empty() ? "'" + c.org + "' is a state, not an organization" : err);
      ok = false;
      continue;
    }
    if (std::string err = resolve_party(t, c.party, party_id); !err.empty()) {
      d.error_at(*f, c.loc.offset, err);
      ok = false;
      continue;
    }
    c.org = t.parties.name(org_id);
    c.party = t.parties.name(party_id);
    auto org = std::find_if(rules.facts.organizations.begin(), rules.facts.organizations.end(),
                            [&](const Organization& o) { return o.id == c.org; });
    auto m = std::find_if(org->members.begin(), org->members.end(), [&](const Membership& x) { return x.party == c.party; });
    if (m == org->members.end()) {
      org->members.push_back({c.party, {}, c.loc});
      m = org->members.end() - 1;
    }
    auto& ivs = m->intervals;
    auto covering = std::find_if(ivs.begin(), ivs.end(), [&](const Interval& iv) { return iv.from <= c.date && c.date < iv.to; });
    switch (c.kind) {
      case FactChange::Kind::Join:
        if (covering != ivs.end()) {
          d.error_at(*f, c.loc.offset, c.party + " is already a member of " + c.org + " on " + format_date(c.date));
          ok = false;
          break;
        }
        ivs.erase(std::remove_if(ivs.begin(), ivs.end(), [&](const Interval& iv) { return iv.from >= c.date; }), ivs.end());
        ivs.push_back({c.date, kDateMax, "", kDateMin, c.loc});
        break;
      case FactChange::Kind::Leave:
        if (covering == ivs.end()) {
          d.error_at(*f, c.loc.offset, c.party + " is not a member of " + c.org + " on " + format_date(c.date));
          ok = false;
          break;
        }
        // Ends the interval that covers the date (dropping it when it starts that day) and
        // any later ones.
        covering->to = c.date;
        ivs.erase(std::remove_if(ivs.begin(), ivs.end(), [&](const Interval& iv) { return iv.from >= c.date; }), ivs.end());
        break;
      case FactChange::Kind::Status:
        if (covering == ivs.end()) {
          d.error_at(*f, c.loc.offset, c.party + " is not a member of " + c.org + " on " + format_date(c.date));
          ok = false;
          break;
        }
        covering->status = c.status;
        covering->since = c.date;
        break;
    }
    std::sort(ivs.begin(), ivs.end(), [](const Interval& a, const Interval& b) { return a.from < b.from; });
  }
  return ok;
}

// Party names in an expectation as codes, sorted (they were validated before the run).
std::optional<std::vector<std::string>> codes(const Tables& t, const std::optional<std::vector<std::string>>& names) {
  if (!names) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& n : *names) {
    SymId id = kNone;
    resolve_party(t, n, id);
    out.push_back(t.parties.name(id));
  }
  std::sort(out.begin(), out.end());
  return out;
}

void compare(const Engine& e, const Expectation& x, const Answer& a, std::vector<std::string>& out) {
  const Tables& t = e.tables();
  const auto& rules = e.rules().clauses;
  // An answer that depends on unknown fields has no single list of parties or clauses: its
  // decision is the most restrictive case, and the lists compare as empty.
  static const Decision kNoDetail;
  const Decision& d = a.depends() ? kNoDetail : a.decision();
  if (x.decision && *x.decision != a.verdict())
    out.push_back(std::string("decision: expected ") + verdict_name(*x.decision) + ", got " + verdict_name(a.verdict()));
  if (x.headline && *x.headline != headline_key(headline(e, a)))
    out.push_back("headline: expected " + *x.headline + ", got " + headline_key(headline(e, a)));
  auto check_list = [&](const char* what, const std::optional<std::vector<std::string>>& want, std::vector<std::string> got) {
    if (!want) return;
    std::sort(got.begin(), got.end());
    if (*want != got) out.push_back(std::string(what) + ": expected " + join(*want) + ", got " + join(got));
  };
  check_list("vetoed_by", codes(t, x.vetoed_by), names_of(t, d.vetoed_by));
  check_list("pending", codes(t, x.pending), names_of(t, d.pending));
  std::vector<std::string> prohibited, obligations;
  for (auto c : d.prohibited_by) prohibited.push_back(rules[c].id);
  for (auto k : d.obligations) obligations.push_back(rules[d.clauses[k].clause].id);
  check_list("prohibited_by", x.prohibited_by, prohibited);
  check_list("obligations", x.obligations, obligations);
  for (const auto& [id, want] : x.binds) {
    const std::string& clause_id = id;  // clang before 16 cannot capture a structured binding in a lambda
    auto r = std::find_if(d.clauses.begin(), d.clauses.end(), [&](const ClauseResult& c) {
      return rules[c.clause].id == clause_id && c.status == ClauseStatus::Obligation;
    });
    if (r == d.clauses.end()) out.push_back("binds: " + id + " is not an obligation of this decision");
    else check_list(("binds of " + id).c_str(), codes(t, want), names_of(t, r->binds));
  }
  if (x.clauses) {
    std::vector<std::string> missing;
    for (const auto& id : *x.clauses) {
      const bool applied = std::any_of(d.clauses.begin(), d.clauses.end(), [&](const ClauseResult& r) {
        return rules[r.clause].id == id && r.status != ClauseStatus::SetAside;
      });
      if (!applied) missing.push_back(id);
    }
    if (!missing.empty()) out.push_back("clauses: expected to apply but did not: " + join(missing));
  }
}

}  // namespace

std::string summarize(const Engine& e, const Answer& a) {
  const Tables& t = e.tables();
  const Decision& d = a.decision();
  std::string out = a.depends() ? std::string("depends (most restrictive case: ") + verdict_name(a.verdict()) + ")"
                                : std::string(verdict_name(d.verdict)) + " (" + headline_key(headline(e, a)) + ")";
  if (a.depends()) return out;
  if (!d.vetoed_by.empty()) out += "; vetoed_by " + join(names_of(t, d.vetoed_by));
  if (!d.pending.empty()) out += "; pending " + join(names_of(t, d.pending));
  std::vector<std::string> cl;
  for (const auto& r : d.clauses) cl.push_back(e.rules().clauses[r.clause].id + " (" + clause_status_name(r.status) + ")");
  out += "; clauses " + join(cl);
  return out;
}

std::string describe(const Expectation& x) {
  std::vector<std::string> parts;
  if (x.decision) parts.push_back(std::string("decision ") + verdict_name(*x.decision));
  if (x.headline) parts.push_back("headline " + *x.headline);
  if (x.vetoed_by) parts.push_back("vetoed_by " + join(*x.vetoed_by));
  if (x.pending) parts.push_back("pending " + join(*x.pending));
  if (x.prohibited_by) parts.push_back("prohibited_by " + join(*x.prohibited_by));
  if (x.clauses) parts.push_back("clauses " + join(*x.clauses));
  if (x.obligations) parts.push_back("obligations " + join(*x.obligations));
  for (const auto& [id, who] : x.binds) parts.push_back("binds of " + id + " " + join(who));
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

// "unknown clause 'x'; did you mean 'y'?", and where to load a clause of one's own pack.
static std::string unknown_clause(const Engine& e, const std::string& id) {
  std::vector<std::string> ids;
  for (const auto& c : e.rules().clauses) ids.push_back(c.id);
  return with_suggestion("unknown clause '" + id + "'", id, ids) +
         " (a clause of a pack of your own is known once its directory is loaded with --rules DIR)";
}

namespace {

// What a step changed, in words: the proposal against the one before it (fields, positions),
// then the readings and fact changes it makes.
std::vector<std::string> describe_changes(const Engine& e, const Proposal& before, const Proposal& now, const Step& step) {
  const Tables& t = e.tables();
  std::vector<std::string> out;
  for (std::size_t fi = 0; fi < t.fields.size(); ++fi) {
    const bool had = before.present >> fi & 1, has = now.present >> fi & 1;
    if (!has) {
      if (had) out.push_back(t.fields[fi].name + " removed");
      continue;
    }
    const std::string value = field_words(t, now, fi);
    if (had && field_words(t, before, fi) == value) continue;
    // In the schema's words when it has them ("the host state has requested it").
    std::string said = t.fields[fi].name + ": " + value;
    const auto& decls = e.rules().schema.fields;
    if (fi >= 2 && fi - 2 < decls.size())
      for (const auto& [v, label] : decls[fi - 2].labels)
        if (v == value) said = label;
    if (fi == 0) std::replace(said.begin(), said.end(), '_', ' ');  // "action: collective deployment"
    out.push_back(said);
  }
  auto stance = [](const Proposal& p, unsigned id) {
    return p.consented.test(id) ? "consents" : p.objected.test(id) ? "objects" : p.abstained.test(id) ? "abstains" : "";
  };
  Bits spoke = before.consented | before.objected | before.abstained | now.consented | now.objected | now.abstained;
  spoke.for_each([&](unsigned id) {
    const std::string was = stance(before, id), is = stance(now, id);
    if (was == is) return;
    const std::string who = party_label(t, static_cast<SymId>(id));
    out.push_back(is.empty() ? who + " has no stated position any more" : who + " " + is);
  });
  for (const auto& [id, reading] : step.readings) {
    const int ci = e.find_clause(id);
    out.push_back((ci < 0 ? id : e.rules().clauses[static_cast<size_t>(ci)].cite) + " read as '" + reading + "'");
  }
  for (const FactChange& c : step.facts) {
    SymId org = kNone, party = kNone;
    resolve_party(t, c.org, org);
    resolve_party(t, c.party, party);
    const std::string o = org == kNone ? c.org : t.parties.name(org), who = party == kNone ? c.party : party_label(t, party);
    out.push_back(who + (c.kind == FactChange::Kind::Join    ? " joins " + o + " on "
                         : c.kind == FactChange::Kind::Leave ? " leaves " + o + " on "
                                                             : "'s membership of " + o + " is " + c.status + " from ") +
                  format_date(c.date));
  }
  return out;
}

// For a step whose proposal keeps fields, set by earlier steps, that its (new) action does not
// take: how to drop them, "; to remove what earlier steps set, write 'org: ~' and 'request: ~'".
std::string removal_hint(const Engine& e, const Proposal& p, const Step& step) {
  const Tables& t = e.tables();
  const std::string action = t.strings.name(p.action());
  const auto& actions = e.rules().schema.actions;
  const auto decl = std::find_if(actions.begin(), actions.end(), [&](const ActionDecl& a) { return a.name == action; });
  if (decl == actions.end()) return "";
  std::vector<std::string> extra;
  for (std::size_t fi = 2; fi < t.fields.size(); ++fi) {
    const std::string& name = t.fields[fi].name;
    if (!(p.present >> fi & 1) || step.changes[name] || std::count(decl->required.begin(), decl->required.end(), name) ||
        std::count(decl->optional.begin(), decl->optional.end(), name))
      continue;
    extra.push_back("'" + name + ": ~'");
  }
  return extra.empty() ? "" : "; to remove what earlier steps set, write " + join_words(extra);
}

}  // namespace

std::vector<Bits> role_parties(const Engine& e, const Scenario& s) {
  std::vector<Bits> out;
  for (const Role& r : s.roles) {
    Bits b;
    for (const auto& [name, loc] : r.plays) {
      SymId id = kNone;
      if (resolve_party(e.tables(), name, id).empty()) b.set(id);
    }
    out.push_back(b);
  }
  return out;
}

// The roles' parties must be states of the rules, each played by one team.
static bool check_roles(const Scenario& s, const Engine& e, Diagnostics& d) {
  bool ok = true;
  std::vector<std::pair<SymId, const Role*>> seen;
  for (const Role& r : s.roles)
    for (const auto& [name, loc] : r.plays) {
      SymId id = kNone;
      if (std::string err = resolve_party(e.tables(), name, id); !err.empty()) {
        d.error_at(*s.file, loc.offset, err);
        ok = false;
      } else if (e.tables().is_org[id]) {
        d.error_at(*s.file, loc.offset, "'" + name + "' is an organization; a team plays states");
        ok = false;
      } else if (auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& x) { return x.first == id; }); it != seen.end()) {
        d.error_at(*s.file, loc.offset, party_label(e.tables(), id) + " is already played by the team '" + it->second->team + "'");
        ok = false;
      } else {
        seen.emplace_back(id, &r);
      }
    }
  return ok;
}

std::optional<std::vector<StepOutcome>> run_path(const Scenario& s, const Path& path, std::shared_ptr<const Engine> engine,
                                                 Diagnostics& d) {
  const SourceRef& f = s.file;
  Diagnostics quiet;
  std::vector<StepOutcome> out;
  std::vector<std::pair<std::string, std::string>> readings;
  std::string last_incomplete;  // the previous step's "incomplete proposal" message
  const Date today = today_utc();
  // Every step is played even after a bad one, so that one run reports every error the
  // file has; nothing is returned if there was any.
  // Paths share steps: a step's errors are the same on each (Diagnostics keeps one of each).
  bool failed = !check_roles(s, *engine, d);
  for (std::size_t k = 0; k < path.steps.size(); ++k) {
    const Step& step = *path.steps[k];
    if (!step.facts.empty()) {
      RuleSet changed = engine->rules();
      if (!apply_facts(changed, engine->tables(), step.facts, f, d)) {
        failed = true;
      } else {
        Diagnostics build;
        if (auto rebuilt = Engine::build(std::move(changed), build)) {
          engine = std::move(rebuilt);
        } else {
          d.error_at(*f, step.facts.front().loc.offset, "these fact changes make the rules invalid:\n" + build.str());
          failed = true;
        }
      }
    }
    // Interned ids may differ between engines, so the proposal is rebuilt from the base and
    // every step so far on the engine of this step; each part's errors are reported once,
    // when it is first reached.
    const ProposalBuilder b(engine->tables());
    StepOutcome o;
    o.engine = engine;
    b.reset(o.proposal);
    bool earlier_ok = !s.base.IsDefined() || apply_proposal_fields(f, s.base, b, o.proposal, k == 0 ? d : quiet);
    Proposal before = o.proposal;
    for (std::size_t j = 0; j < k; ++j) {
      earlier_ok = apply_proposal_fields(f, path.steps[j]->changes, b, o.proposal, quiet, kStepKeys, kReportedStepKeys) && earlier_ok;
      if (j + 1 == k) before = o.proposal;
    }
    const bool own_ok = apply_proposal_fields(f, step.changes, b, o.proposal, d, kStepKeys, kReportedStepKeys);
    // Whether the proposal is complete depends on the steps before this one: on a path
    // through a decision point, say which.
    Diagnostics incomplete;
    bool step_ok = earlier_ok && own_ok && finish_proposal(f, step.changes, b, today, o.proposal, incomplete);
    std::size_t choices_before = 0;
    for (std::size_t j = 0; j < k; ++j) choices_before += path.steps[j]->branch.has_value();
    // Said once on a path: the steps after an incomplete one inherit the same problem.
    const bool same_as_before = !incomplete.items().empty() && incomplete.items().front().message == last_incomplete;
    last_incomplete = incomplete.items().empty() ? std::string() : incomplete.items().front().message;
    if (!same_as_before)
      for (Diagnostic x : incomplete.items()) {
        x.message += removal_hint(*engine, o.proposal, step);
        if (choices_before) {
          Path taken;
          taken.choices.assign(path.choices.begin(), path.choices.begin() + static_cast<long>(choices_before));
          x.message += " (on path " + taken.name() + ")";
        }
        d.add(std::move(x));
      }
    if (o.proposal.id.empty()) o.proposal.id = s.id + "#" + std::to_string(k + 1);

    for (std::size_t r = 0; r < step.readings.size(); ++r) {
      const auto& [id, name] = step.readings[r];
      const int ci = engine->find_clause(id);
      if (ci < 0) {
        d.error_at(*f, step.reading_locs[r].offset, unknown_clause(*engine, id));
        step_ok = false;
        continue;
      }
      const auto& rs = engine->rules().clauses[static_cast<size_t>(ci)].readings;
      const std::string& reading = name;  // see compare(): no structured bindings in lambdas
      if (std::none_of(rs.begin(), rs.end(), [&](const Reading& x) { return x.name == reading && !reading.empty(); })) {
        std::vector<std::string> names;
        for (const auto& x : rs) names.push_back(x.name);
        d.error_at(*f, step.reading_value_locs[r].offset, with_suggestion("clause '" + id + "' has no reading '" + name + "'", name, names));
        step_ok = false;
        continue;
      }
      const std::string& clause_id = id;
      readings.erase(std::remove_if(readings.begin(), readings.end(), [&](auto& x) { return x.first == clause_id; }), readings.end());
      readings.emplace_back(id, name);
    }
    DecideOptions& opts = o.options;
    opts.readings.assign(engine->clauses().size(), -1);
    for (const auto& [id, name] : readings) {
      const int ci = engine->find_clause(id);
      if (ci < 0) continue;  // reported where the reading was chosen
      const auto& rs = engine->rules().clauses[static_cast<size_t>(ci)].readings;
      for (std::size_t r = 0; r < rs.size(); ++r)
        if (rs[r].name == name) opts.readings[static_cast<size_t>(ci)] = static_cast<std::int16_t>(r);
    }
    // Names in the expectation must exist, or a typo would make a test that cannot pass.
    for (const auto& [id, loc] : step.expect.ids)
      if (engine->find_clause(id) < 0) {
        d.error_at(*f, loc.offset, unknown_clause(*engine, id));
        step_ok = false;
      }
    for (const auto& [name, loc] : step.expect.parties) {
      SymId id = kNone;
      if (std::string err = resolve_party(engine->tables(), name, id); !err.empty()) {
        d.error_at(*f, loc.offset, err);
        step_ok = false;
      }
    }
    if (!step_ok) {
      failed = true;
      continue;
    }
    if (std::string err = decide_answer(*engine, o.proposal, opts, o.answer); !err.empty()) {
      d.error_at(*f, step.loc.offset, err);
      failed = true;
      continue;
    }
    o.changes = describe_changes(*engine, before, o.proposal, step);
    if (step.expect.present) compare(*engine, step.expect, o.answer, o.mismatches);
    out.push_back(std::move(o));
  }
  if (failed || s.broken) return std::nullopt;
  return out;
}

}  // namespace accord::internal
