#include "scenario/impact.h"

#include <map>
#include <optional>

#include "core/source.h"
#include "scenario/scenario.h"

namespace accord::internal {

namespace {

struct Played {
  bool ok = false;
  std::string error;  // why it does not play
  // (expect position, path words) -> mismatches (empty: holds)
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> results;
  std::map<std::pair<std::string, std::string>, SourcePos> where;
};

std::string pos_key(const SourcePos& p) { return p.file + ":" + std::to_string(p.line) + ":" + std::to_string(p.col); }

Played play(const Scenario& s, const std::vector<Path>& paths, const std::shared_ptr<const Engine>& engine) {
  Played out;
  Diagnostics d;
  out.ok = true;
  for (const Path& path : paths) {
    auto outcomes = run_path(s, path, engine, d);
    if (!outcomes) {
      out.ok = false;
      break;
    }
    std::size_t branches_before = 0;
    for (std::size_t k = 0; k < outcomes->size(); ++k) {
      const Step& step = *path.steps[k];
      if (k > 0 && path.steps[k - 1]->branch) ++branches_before;
      if (!step.expect.present) continue;
      std::string via;
      for (std::size_t b = 0; b < branches_before; ++b) via += (b ? "/" : "") + path.choices[b]->id;
      const std::string words = "step " + std::to_string(k + 1) + " \"" + step.title + "\"" + (via.empty() ? "" : " on path " + via);
      const auto key = std::make_pair(pos_key(step.expect.loc.pos()), words);
      out.results[key] = (*outcomes)[k].mismatches;
      out.where[key] = step.expect.loc.pos();
    }
  }
  if (!out.ok) {
    const auto& items = d.items();
    for (const auto& item : items)
      if (item.severity == Severity::Error) {
        out.error = pos_key(item.pos) + ": " + item.message;
        break;
      }
  }
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : "; ") + x;
  return s;
}

}  // namespace

ScenarioImpact scenario_impact(const std::vector<std::string>& files, const std::shared_ptr<const Engine>& old_rules,
                               const std::shared_ptr<const Engine>& new_rules) {
  ScenarioImpact impact;
  for (const auto& file : files) {
    Diagnostics d;
    auto src = SourceFile::read(file, d);
    std::optional<Scenario> s;
    std::optional<std::vector<Path>> paths;
    if (src) s = load_scenario(src, d);
    if (s) paths = scenario_paths(*s, d);
    if (!paths) {
      impact.unplayable.push_back(file + ": " + (d.items().empty() ? std::string("cannot be read") : d.items().front().message));
      continue;
    }
    ++impact.files;
    const Played o = play(*s, *paths, old_rules), n = play(*s, *paths, new_rules);
    if (!o.ok && !n.ok) {
      impact.unplayable.push_back(n.error.empty() ? file : n.error);
      continue;
    }
    if (o.ok != n.ok) {
      ScenarioFlip f;
      f.pos = {file, 0, 0};
      f.where = "the scenario";
      f.old_holds = o.ok;
      f.new_holds = n.ok;
      f.detail = o.ok ? n.error : o.error;
      impact.flips.push_back(std::move(f));
      impact.expectations += (o.ok ? o : n).results.size();
      continue;
    }
    impact.expectations += n.results.size();
    for (const auto& [key, mismatches] : n.results) {
      auto it = o.results.find(key);
      if (it == o.results.end()) continue;
      const bool old_holds = it->second.empty(), new_holds = mismatches.empty();
      if (old_holds == new_holds) continue;
      ScenarioFlip f;
      f.pos = n.where.at(key);
      f.where = key.second;
      f.old_holds = old_holds;
      f.new_holds = new_holds;
      f.detail = join(new_holds ? it->second : mismatches);
      impact.flips.push_back(std::move(f));
    }
  }
  return impact;
}

}  // namespace accord::internal
