#include <algorithm>
#include <cstdio>
#include <regex>

#include "load/yaml_doc.h"
#include "report/summary.h"
#include "scenario/scenario.h"

namespace accord::internal {

namespace {

const std::vector<std::string> kVerdicts = {"permitted", "needs_consent", "vetoed", "prohibited"};

std::optional<Verdict> read_verdict(const SourceRef& f, const yaml::Node& n, Diagnostics& d) {
  auto s = as_string(f, n, d);
  if (!s) return std::nullopt;
  auto it = std::find(kVerdicts.begin(), kVerdicts.end(), *s);
  if (it == kVerdicts.end() && std::find(headline_keys().begin(), headline_keys().end(), *s) != headline_keys().end()) {
    d.error_at(*f, loc_of(f, n).offset,
               "'" + *s + "' is a headline, not a decision: write 'headline: " + *s + "' (or 'expect: " + *s + "' alone)");
    return std::nullopt;
  }
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
std::optional<std::vector<std::string>> read_names(const SourceRef& f, const yaml::Node& n,
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

bool read_expect(const SourceRef& f, const yaml::Node& n, Expectation& x, Diagnostics& d) {
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

bool read_facts(const SourceRef& f, const yaml::Node& n, Step& step, Diagnostics& d) {
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
    step.facts.push_back(std::move(c));
  }
  return ok;
}

std::optional<std::vector<std::string>> read_questions(const SourceRef& f, const yaml::Node& n, Diagnostics& d) {
  return as_string_list(f, n, d);
}

// "0:15" or "1:05" (hours:minutes on the exercise clock) -> minutes.
std::optional<int> read_clock(const SourceRef& f, const yaml::Node& n, Diagnostics& d) {
  auto s = as_string(f, n, d);
  if (!s) return std::nullopt;
  const auto colon = s->find(':');
  auto digits = [](std::string_view v) { return !v.empty() && v.size() <= 3 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }); };
  if (colon == std::string::npos || !digits(std::string_view(*s).substr(0, colon)) ||
      s->size() - colon - 1 != 2 || !digits(std::string_view(*s).substr(colon + 1)) || std::stoi(s->substr(colon + 1)) > 59) {
    d.error_at(*f, loc_of(f, n).offset, "'" + *s + "' is not a time on the exercise clock: write hours:minutes from the start, e.g. 0:15 or 1:05");
    return std::nullopt;
  }
  return std::stoi(s->substr(0, colon)) * 60 + std::stoi(s->substr(colon + 1));
}

// "90", "90 min", "1 h", "1 h 30 min", "2 hours" -> minutes.
std::optional<int> read_duration(const SourceRef& f, const yaml::Node& n, Diagnostics& d) {
  auto s = as_string(f, n, d);
  if (!s) return std::nullopt;
  static const std::regex kDuration(R"(^\s*(?:(\d{1,2})\s*(?:h|hours?))?\s*(?:(\d{1,4})\s*(?:min|mins|minutes?)?)?\s*$)");
  std::smatch m;
  // Short texts only: the pattern backtracks on long runs of spaces.
  if (s->size() <= 32 && std::regex_match(*s, m, kDuration) && (m[1].matched || m[2].matched)) {
    const int minutes = (m[1].matched ? std::stoi(m[1]) * 60 : 0) + (m[2].matched ? std::stoi(m[2]) : 0);
    if (minutes > 0) return minutes;
  }
  d.error_at(*f, loc_of(f, n).offset, "'" + *s + "' is not a duration: write minutes or hours, e.g. 90 min, 2 h or 1 h 30 min");
  return std::nullopt;
}

std::vector<Step> read_steps(const SourceRef& f, const yaml::Node& steps, Diagnostics& d, int depth);

std::optional<Branch> read_branch(const SourceRef& f, const yaml::Node& n, Diagnostics& d, int depth) {
  MapReader m(f, n, "a decision point ('branch')", {"prompt", "options"}, d);
  if (!m.ok()) return std::nullopt;
  Branch b;
  b.loc = m.loc();
  b.prompt = as_string(f, m.require("prompt"), d).value_or("");
  auto options = m.require("options");
  if (!options.IsDefined()) return std::nullopt;
  if (!options.IsSequence() || options.size() < 2) {
    d.error_at(*f, m.loc("options").offset, "a decision point needs at least two options, e.g. [{ id: objects, option: \"Kazakhstan objects\", steps: [...] }, ...]");
    return std::nullopt;
  }
  for (const auto& on : options) {
    MapReader om(f, on, "an option", {"id", "option", "instructor_notes", "steps"}, d);
    if (!om.ok()) continue;
    Option o;
    o.loc = om.loc();
    auto id = om.get("id");
    if (!id.IsDefined()) {
      d.error_at(*f, o.loc.offset, "an option needs an 'id': a short name for --choose and test reports, e.g. kaz-objects");
      continue;
    }
    o.id = as_string(f, id, d).value_or("");
    const bool id_ok = !o.id.empty() && std::all_of(o.id.begin(), o.id.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }) && !std::all_of(o.id.begin(), o.id.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!id_ok) {
      d.error_at(*f, loc_of(f, id).offset, "option id '" + o.id + "' must be letters, digits, '-' or '_' (not only digits, which --choose reads as a number)");
      continue;
    }
    if (std::any_of(b.options.begin(), b.options.end(), [&](const Option& x) { return x.id == o.id; }))
      d.error_at(*f, loc_of(f, id).offset, "two options of this decision point have the id '" + o.id + "'");
    o.label = as_string(f, om.require("option"), d).value_or("");
    om.get_text("instructor_notes", o.instructor_notes);
    if (auto v = om.get("steps"); v.IsDefined()) {
      if (!v.IsSequence()) d.error_at(*f, om.loc("steps").offset, "'steps' of an option is a list of steps");
      else o.steps = read_steps(f, v, d, depth + 1);
    }
    b.options.push_back(std::move(o));
  }
  return b;
}

Step read_step(const SourceRef& f, const yaml::Node& sn, Diagnostics& d, int depth) {
  Step step;
  step.loc = loc_of(f, sn);
  step.changes = sn;
  if (!sn.IsMap()) {
    d.error_at(*f, step.loc.offset, "a step must be a mapping");
    return step;
  }
  for (const auto& kv : sn) {
    const std::string key = kv.first.Scalar();
    const yaml::Node& v = kv.second;
    if (key == "title") step.title = as_string(f, v, d).value_or("");
    else if (key == "debrief") step.debrief = as_string(f, v, d).value_or("");
    else if (key == "channel") step.channel = as_string(f, v, d).value_or("");
    else if (key == "instructor_notes") step.instructor_notes = as_string(f, v, d).value_or("");
    else if (key == "time") step.time = read_clock(f, v, d).value_or(-1);
    else if (key == "questions") step.questions = read_questions(f, v, d).value_or(std::vector<std::string>{});
    else if (key == "expect") {
      read_expect(f, v, step.expect, d);
      step.expect.loc = loc_of(f, kv.first);  // the `expect:` key, also for a block mapping
    }
    else if (key == "facts") read_facts(f, v, step, d);
    else if (key == "branch") {
      if (depth >= 8) d.error_at(*f, loc_of(f, kv.first).offset, "decision points nest more than 8 deep");
      else step.branch = read_branch(f, v, d, depth);
    }
    else if (key == "readings") {
      if (auto entries = as_entries(f, v, "readings", d))
        for (const auto& e : *entries) {
          step.readings.emplace_back(e.key, as_string(f, e.value, d).value_or(""));
          step.reading_locs.push_back(e.key_loc);
          step.reading_value_locs.push_back(loc_of(f, e.value));
        }
    } else if (key == "notes") {
      // Not a proposal field: the word trainers reach for first. Reported here, with the
      // keys it may have meant, and dropped so that the proposal fields do not report it again.
      d.error_at(*f, loc_of(f, kv.first).offset, "unknown key 'notes'; did you mean 'instructor_notes' (for the instructor only) or 'debrief' (read to the class)?");
    }
  }
  return step;
}

std::vector<Step> read_steps(const SourceRef& f, const yaml::Node& steps, Diagnostics& d, int depth) {
  std::vector<Step> out;
  for (std::size_t si = 0; si < steps.size(); ++si) out.push_back(read_step(f, steps[si], d, depth));
  return out;
}

std::optional<std::vector<Role>> read_roles(const SourceRef& f, const yaml::Node& n, Diagnostics& d) {
  if (!n.IsSequence()) {
    d.error_at(*f, loc_of(f, n).offset, "'roles' is a list of teams, e.g. [{ team: Moscow, plays: [RUS, BLR], brief: ... }]");
    return std::nullopt;
  }
  std::vector<Role> out;
  for (const auto& rn : n) {
    MapReader m(f, rn, "a role", {"team", "plays", "brief"}, d);
    if (!m.ok()) continue;
    Role r;
    r.loc = m.loc();
    r.team = as_string(f, m.require("team"), d).value_or("");
    m.get_text("brief", r.brief);
    auto plays = m.require("plays");
    if (plays.IsScalar()) r.plays.emplace_back(plays.Scalar(), loc_of(f, plays));
    else if (plays.IsSequence() && plays.size() > 0)
      for (const auto& p : plays) {
        if (auto s = as_string(f, p, d)) r.plays.emplace_back(*s, loc_of(f, p));
      }
    else if (plays.IsDefined())
      d.error_at(*f, m.loc("plays").offset, "'plays' is a state or a list of states, e.g. RUS or [RUS, BLR]");
    if (std::any_of(out.begin(), out.end(), [&](const Role& x) { return x.team == r.team; }))
      d.error_at(*f, r.loc.offset, "two roles have the team name '" + r.team + "'");
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

std::string format_clock(int minutes) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%d:%02d", minutes / 60, minutes % 60);
  return buf;
}

std::string format_duration(int minutes) {
  const std::string h = minutes >= 60 ? std::to_string(minutes / 60) + " h" : "";
  const std::string m = minutes % 60 ? std::to_string(minutes % 60) + " min" : "";
  return h + (h.empty() || m.empty() ? "" : " ") + m;
}

std::optional<Scenario> load_scenario(const SourceRef& f, Diagnostics& d) {
  const std::size_t before = d.error_count();  // warnings do not stop a scenario
  auto root = parse_yaml(f, d);
  if (!root) return std::nullopt;
  MapReader top(f, *root, "a scenario",
                {"scenario", "title", "briefing", "objectives", "audience", "duration", "roles", "base", "steps",
                 "debrief", "questions", "instructor_notes"},
                d);
  if (!root->IsMap()) return std::nullopt;  // reported by the reader
  Scenario s;
  s.file = f;
  s.id = as_string(f, top.require("scenario"), d).value_or("");
  s.title = as_string(f, top.require("title"), d).value_or("");
  top.get_text("briefing", s.briefing);
  top.get_text("debrief", s.debrief);
  top.get_text("audience", s.audience);
  top.get_text("instructor_notes", s.instructor_notes);
  if (auto v = top.get("questions"); v.IsDefined()) s.questions = read_questions(f, v, d).value_or(std::vector<std::string>{});
  if (auto v = top.get("objectives"); v.IsDefined()) s.objectives = read_questions(f, v, d).value_or(std::vector<std::string>{});
  if (auto v = top.get("duration"); v.IsDefined()) s.duration = read_duration(f, v, d).value_or(0);
  if (auto v = top.get("roles"); v.IsDefined()) s.roles = read_roles(f, v, d).value_or(std::vector<Role>{});
  s.base = top.get("base");
  if (s.base.IsDefined() && !s.base.IsMap()) {
    d.error_at(*f, top.loc("base").offset, "'base' must be a mapping of proposal fields");
    s.base = yaml::Node();
  }
  auto steps = top.require("steps");
  if (steps.IsDefined() && (!steps.IsSequence() || steps.size() == 0))
    d.error_at(*f, top.loc("steps").offset, "'steps' must be a non-empty list");
  // A mistake above (a bad duration, an unknown key) does not hide those of the steps.
  if (!steps.IsDefined() || !steps.IsSequence() || steps.size() == 0) return std::nullopt;
  s.steps = read_steps(f, steps, d, 0);
  // The exercise clock runs forward on every path (warned once per step).
  Diagnostics quiet;  // too many paths is reported where the paths are played
  if (auto paths = scenario_paths(s, quiet)) {
    std::vector<const Step*> warned;
    for (const Path& p : *paths) {
      const Step* before = nullptr;
      for (const Step* step : p.steps) {
        if (step->time < 0) continue;
        if (before && step->time < before->time && std::find(warned.begin(), warned.end(), step) == warned.end()) {
          d.warning_at(*f, step->loc.offset, "this step's time " + format_clock(step->time) + " is before the time of the step before it, " +
                                                 format_clock(before->time) + " (\"" + before->title + "\")");
          warned.push_back(step);
        }
        before = step;
      }
    }
  }
  // Step errors do not stop here: the scenario is still played, so that one run reports the
  // names that are wrong too; run_path then returns nothing.
  s.broken = d.error_count() != before;
  return s;
}

// ---- paths ----

std::string Path::name() const {
  std::string out;
  for (const Option* o : choices) out += (out.empty() ? "" : "/") + o->id;
  return out;
}

namespace {

// Walks the steps from `frames` (innermost list last), forking at every decision point.
struct PathWalker {
  Diagnostics& d;
  const SourceRef& f;
  std::vector<Path> out;
  bool too_many = false;

  struct Frame {
    const std::vector<Step>* steps;
    std::size_t next;
  };

  void walk(std::vector<Frame> frames, Path path) {
    while (!frames.empty()) {
      Frame& top = frames.back();
      if (top.next == top.steps->size()) {
        frames.pop_back();
        continue;
      }
      const Step& step = (*top.steps)[top.next++];
      path.steps.push_back(&step);
      if (!step.branch) continue;
      for (const Option& o : step.branch->options) {
        if (too_many) return;
        Path fork = path;
        fork.choices.push_back(&o);
        std::vector<Frame> inner = frames;
        inner.push_back({&o.steps, 0});
        walk(std::move(inner), std::move(fork));
      }
      return;
    }
    if (out.size() == kMaxPaths) {
      too_many = true;
      const Step* last_branch = nullptr;
      for (const Step* st : path.steps)
        if (st->branch) last_branch = st;
      d.error_at(*f, last_branch ? last_branch->branch->loc.offset : 0,
                 "this exercise has more than " + std::to_string(kMaxPaths) + " paths through its decision points; split it into several exercises");
      return;
    }
    out.push_back(std::move(path));
  }
};

}  // namespace

std::optional<std::vector<Path>> scenario_paths(const Scenario& s, Diagnostics& d) {
  PathWalker w{d, s.file, {}, false};
  w.walk({{&s.steps, 0}}, Path{});
  if (w.too_many) return std::nullopt;
  return std::move(w.out);
}

std::string choose_path(const Scenario& s, const std::vector<std::string>& choices, Path& out) {
  out = Path{};
  std::vector<std::pair<const std::vector<Step>*, std::size_t>> frames{{&s.steps, 0}};
  std::size_t used = 0;
  while (!frames.empty()) {
    auto& [steps, next] = frames.back();
    if (next == steps->size()) {
      frames.pop_back();
      continue;
    }
    const Step& step = (*steps)[next++];
    out.steps.push_back(&step);
    if (!step.branch) continue;
    const auto& options = step.branch->options;
    std::size_t pick = 0;
    if (used < choices.size()) {
      const std::string& c = choices[used];
      std::vector<std::string> ids;
      for (const auto& o : options) ids.push_back(o.id);
      auto it = std::find(ids.begin(), ids.end(), c);
      if (it != ids.end()) {
        pick = static_cast<std::size_t>(it - ids.begin());
      } else if (!c.empty() && c.size() < 4 && std::all_of(c.begin(), c.end(), [](char ch) { return ch >= '0' && ch <= '9'; }) &&
                 std::stoul(c) >= 1 && std::stoul(c) <= options.size()) {
        pick = std::stoul(c) - 1;
      } else {
        std::string all;
        for (std::size_t k = 0; k < ids.size(); ++k) all += (k ? ", " : "") + std::to_string(k + 1) + " or " + ids[k];
        return with_suggestion("decision point " + std::to_string(used + 1) + " (\"" + step.branch->prompt + "\") has no option '" + c + "'", c, ids) +
               " (choose " + all + ")";
      }
    }
    ++used;
    out.choices.push_back(&options[pick]);
    frames.emplace_back(&options[pick].steps, 0);
  }
  if (used < choices.size())
    return std::to_string(choices.size()) + " choices given, but this path meets only " + std::to_string(used) +
           (used == 1 ? " decision point" : " decision points");
  return "";
}

}  // namespace accord::internal
