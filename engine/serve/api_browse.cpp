// GET /v1/clauses, /v1/vocab and /v1/scenarios: what the rules say and the exercises that
// play them, as `accord rules`, `accord vocab` and `accord run` show them.
#include <filesystem>

#include "core/dir_listing.h"
#include "report/clause_json.h"
#include "report/json_writer.h"
#include "report/report.h"
#include "report/vocab.h"
#include "scenario/handout.h"
#include "scenario/scenario.h"
#include "serve/api.h"

namespace accord::internal {

namespace fs = std::filesystem;

namespace {

ApiResponse not_found(std::string message) { return {404, "application/json", Api::error_json(message), {}}; }

}  // namespace

ApiResponse Api::clauses(const RulesSnapshot& rules) {
  const RuleSet& rs = rules.engine->rules();
  ApiResponse res;
  {
    JsonWriter w(res.body);
    w.begin_object().key("instruments").begin_array();
    for (const auto& i : rs.instruments) {
      w.begin_object().key("id").value(i.id).key("title").value(i.title).key("pack").value(i.pack);
      w.key("in_force").value(i.in_force == kDateMin ? "" : format_date(i.in_force)).end_object();
    }
    w.end_array().key("clauses").begin_array();
    for (std::size_t i = 0; i < rs.clauses.size(); ++i)
      if (rs.clauses[i].version_seq == 0) clause_versions_json(w, rs, i, true);
    w.end_array().end_object();
  }
  res.body += '\n';
  return res;
}

ApiResponse Api::clause(const RulesSnapshot& rules, const std::string& id) {
  const RuleSet& rs = rules.engine->rules();
  const int first = rules.engine->find_clause(id);
  if (first < 0) {
    std::vector<std::string> ids;
    for (const auto& c : rs.clauses) ids.push_back(c.id);
    return not_found(with_suggestion("no clause '" + id + "'", id, ids));
  }
  ApiResponse res;
  {
    JsonWriter w(res.body);
    clause_versions_json(w, rs, static_cast<std::size_t>(first), true);
  }
  res.body += '\n';
  return res;
}

ApiResponse Api::vocab(const ApiRequest& r, const RulesSnapshot& rules) {
  Date as_of = today_utc();
  for (const auto& [key, value] : r.query) {
    if (key != "as_of")
      return {400, "application/json", error_json(with_suggestion("unknown query parameter '" + key + "'", key, {"as_of"})), {}};
    const auto d = parse_date(value);
    if (!d) return {400, "application/json", error_json("as_of=" + value + ": not a date: expected YYYY-MM-DD"), {}};
    as_of = *d;
  }
  ApiResponse res;
  vocab_json(*rules.engine, VocabTopic::All, as_of, res.body);
  res.body += '\n';
  return res;
}

std::vector<std::pair<std::string, fs::path>> scenario_files(const std::vector<std::string>& dirs) {
  std::vector<std::pair<std::string, fs::path>> out;
  for (const auto& dir : dirs) {
    Diagnostics ignored;  // an unreadable directory lists nothing; its files are not served
    for (const auto& f : yaml_files_in(dir, ignored)) out.emplace_back(f.stem().string(), f);
  }
  return out;
}

std::optional<std::pair<std::string, fs::path>> find_scenario_file(const std::vector<std::string>& dirs, const std::string& name,
                                                                  std::string& error) {
  const auto files = scenario_files(dirs);
  for (const auto& f : files)
    if (f.first == name) return f;
  // The id inside a file (what `accord test` and docs/exercises.md call the exercise).
  for (const auto& f : files) {
    Diagnostics ignored;
    auto src = SourceFile::read(f.second.string(), ignored);
    if (!src) continue;
    const auto doc = yaml::parse(src->text());  // a broken file names no exercise
    if (const auto* root = std::get_if<yaml::Node>(&doc); root && (*root)["scenario"].Scalar() == name) return f;
  }
  std::vector<std::string> names;
  for (const auto& f : files) names.push_back(f.first);
  error = with_suggestion("no exercise '" + name + "'", name, names) + " (exercises are named as GET /v1/scenarios lists them)";
  return std::nullopt;
}

ApiResponse Api::scenarios(const RulesSnapshot& rules) {
  ApiResponse res;
  {
    JsonWriter w(res.body);
    w.begin_object().key("scenarios").begin_array();
    for (const auto& [name, path] : scenario_files(options_.scenario_dirs)) {
      Diagnostics d;
      std::optional<Scenario> s;
      if (auto src = SourceFile::read(path.string(), d)) s = load_scenario(src, d);
      w.begin_object().key("name").value(name);
      if (s) {
        w.key("id").value(s->id).key("title").value(s->title);
        std::optional<std::vector<Path>> paths;
        Diagnostics quiet;
        paths = scenario_paths(*s, quiet);
        w.key("steps").value(static_cast<std::int64_t>(paths ? paths->front().steps.size() : s->steps.size()));
        w.key("paths").value(static_cast<std::int64_t>(paths ? paths->size() : 0));
      } else {
        w.key("error").value(d.items().empty() ? "cannot be read" : d.items().front().message);
      }
      w.end_object();
    }
    w.end_array().end_object();
  }
  res.body += '\n';
  return res;
}

ApiResponse Api::scenario(const ApiRequest& r, const RulesSnapshot& rules, const std::string& name, bool handout) {
  const auto& query = r.query;
  std::string missing;
  const auto it = find_scenario_file(options_.scenario_dirs, name, missing);
  if (!it) return not_found(missing);
  Diagnostics d;
  std::optional<Scenario> s;
  std::optional<std::vector<Path>> paths;
  std::optional<std::vector<PlayedPath>> played;
  if (auto src = SourceFile::read(it->second.string(), d)) s = load_scenario(src, d);
  if (s) paths = scenario_paths(*s, d);
  if (paths) played = play_paths(*s, *paths, rules.engine, d);
  if (!played) return diagnostics_error(500, d);  // the file on the server has errors
  // ?choose=objects,2: the path that takes these options (default: the first ones).
  std::vector<std::string> choices;
  for (const auto& [k, v] : query)
    if (k == "choose")
      for (std::size_t start = 0; start <= v.size();) {
        const auto comma = std::min(v.find(',', start), v.size());
        if (comma > start) choices.push_back(v.substr(start, comma - start));
        start = comma + 1;
      }
  Path path;
  if (std::string e = choose_path(*s, choices, path); !e.empty()) return {400, "application/json", error_json(e), {}};
  const PlayedPath& chosen = played_path(*played, path);
  if (handout) {
    HandoutOptions h;
    for (const auto& [k, v] : query) {
      if (k != "kind") continue;
      if (v != "trainee" && v != "instructor")
        return {400, "application/json", error_json("kind=" + v + ": a handout is for the trainee or the instructor"), {}};
      h.kind = v == "trainee" ? HandoutKind::Trainee : HandoutKind::Instructor;
    }
    if (!choices.empty()) *played = {chosen};
    return {200, "text/markdown; charset=utf-8", render_handout(*s, *played, h),
            {{"Content-Disposition", "attachment; filename=\"" + name + ".md\""}}};
  }
  const std::vector<StepOutcome>* steps = &chosen.outcomes;
  ApiResponse res;
  {
    JsonWriter w(res.body);
    auto strings = [&](const std::vector<std::string>& v) {
      w.begin_array();
      for (const auto& x : v) w.value(x);
      w.end_array();
    };
    w.begin_object().key("name").value(name).key("id").value(s->id).key("title").value(s->title);
    w.key("briefing").value(s->briefing).key("debrief").value(s->debrief).key("questions");
    strings(s->questions);
    w.key("steps").begin_array();
    std::string decision;
    for (std::size_t k = 0; k < steps->size(); ++k) {
      const Step& step = *path.steps[k];
      const StepOutcome& o = (*steps)[k];
      w.begin_object().key("title").value(step.title).key("changed");
      strings(o.changes);
      if (step.time >= 0) w.key("time").value(format_clock(step.time));
      if (!step.channel.empty()) w.key("channel").value(step.channel);
      if (step.branch) {
        w.key("branch").begin_object().key("prompt").value(step.branch->prompt).key("options").begin_array();
        for (const Option& opt : step.branch->options) w.begin_object().key("id").value(opt.id).key("option").value(opt.label).end_object();
        w.end_array().key("chosen").value(path.choices[static_cast<size_t>(std::count_if(path.steps.begin(), path.steps.begin() + static_cast<long>(k), [](const Step* x) { return x->branch.has_value(); }))]->id).end_object();
      }
      w.key("proposal").value(describe_proposal(*o.engine, o.proposal));
      w.key("as_of").value(format_date(o.proposal.date)).key("debrief").value(step.debrief).key("questions");
      strings(step.questions);
      decision.clear();
      render_json(*o.engine, o.proposal, o.answer, false, decision);
      w.key("decision").raw(decision).end_object();
    }
    w.end_array().end_object();
  }
  res.body += '\n';
  return res;
}

}  // namespace accord::internal
