#include "load/rules_loader.h"

#include <dlfcn.h>

#include "core/dir_listing.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <unistd.h>

namespace accord::internal {

namespace fs = std::filesystem;

static std::string where(const Loc& l) {
  const SourcePos p = l.pos();
  return p.file + ":" + std::to_string(p.line) + ":" + std::to_string(p.col);
}

std::optional<RuleSet> load_rules(const std::vector<std::string>& dirs, Diagnostics& d) {
  RuleSet rules;
  bool any_schema = false;
  for (const auto& dir : dirs) {
    std::error_code ec;
    const fs::file_status st = fs::status(dir, ec);
    if (ec || !fs::is_directory(st)) {
      d.error({dir, 0, 0}, ec && ec != std::errc::no_such_file_or_directory ? "cannot read the rules directory: " + ec.message()
                                                                            : "rules directory not found");
      continue;
    }
    const fs::path root(dir);
    std::vector<fs::path> packs;
    bool facts = false;
    for (const auto& e : dir_entries(root, d)) {
      const std::string name = e.path().filename().string();
      const fs::file_type type = entry_type(e, d);
      if (type == fs::file_type::directory) {
        if (name == "facts") facts = true;
        else packs.push_back(e.path());
      } else if (type == fs::file_type::regular && name == "schema.yaml") {
        any_schema = true;
        if (auto f = SourceFile::read(e.path().string(), d)) load_schema_file(f, rules.schema, d);
      } else if (type == fs::file_type::regular && is_yaml(e.path())) {
        // Nothing is skipped in silence: a clause file here would never be read.
        d.error({e.path().string(), 0, 0},
                "a rule file must be in a pack directory (" + (root / "PACK" / name).string() +
                    "); only schema.yaml and the facts/ and pack directories are read here");
      }
    }
    if (facts)
      for (const auto& p : yaml_files_in(root / "facts", d))
        if (auto f = SourceFile::read(p.string(), d)) load_facts_file(f, rules.facts, d);
    for (const auto& pack : packs)
      for (const auto& p : yaml_files_in(pack, d))
        if (auto f = SourceFile::read(p.string(), d))
          load_pack_file(f, pack.filename().string(), rules, d);
  }
  if (!any_schema && !d.has_errors())
    d.error({dirs.empty() ? std::string(".") : dirs.front(), 0, 0},
            "no schema.yaml in the rules directories: the actions and proposal fields must be declared");
  if (d.has_errors()) return std::nullopt;
  if (!validate_rules(rules, d)) return std::nullopt;
  return rules;
}

// Ids of states and organizations share one namespace: both are parties.
static void check_facts(Facts& facts, Diagnostics& d) {
  std::map<std::string, Loc> parties;
  auto define = [&](const std::string& id, const Loc& loc, const char* what) {
    auto [it, fresh] = parties.emplace(id, loc);
    if (!fresh)
      d.error_at(*loc.file, loc.offset,
                 std::string(what) + " '" + id + "' is already defined at " + where(it->second));
  };
  for (const auto& s : facts.states) define(s.id, s.loc, "party");
  for (const auto& o : facts.organizations) define(o.id, o.loc, "party");
  std::vector<std::string> names;
  for (auto& [k, v] : parties) names.push_back(k);
  for (const auto& o : facts.organizations)
    for (const auto& m : o.members)
      if (!parties.count(m.party))
        d.error_at(*m.loc.file, m.loc.offset,
                   with_suggestion("unknown party '" + m.party + (o.instrument ? "' in the parties to " : "' in the members of ") + o.id,
                                   m.party, names));
  std::map<std::string, Loc> sites;
  for (const auto& s : facts.sites) {
    auto [it, fresh] = sites.emplace(s.id, s.loc);
    if (!fresh)
      d.error_at(*s.loc.file, s.loc.offset, "site '" + s.id + "' is already defined at " + where(it->second));
    if (!parties.count(s.state))
      d.error_at(*s.state_loc.file, s.state_loc.offset,
                 with_suggestion("unknown party '" + s.state + "' as the state of site " + s.id, s.state, names));
    for (const auto& pr : s.presences)
      if (!parties.count(pr.party))
        d.error_at(*pr.loc.file, pr.loc.offset,
                   with_suggestion("unknown party '" + pr.party + "' present at site " + s.id, pr.party, names));
  }
}

static void check_schema(const Schema& schema, Diagnostics& d) {
  std::vector<std::string> fields;
  for (const auto& f : schema.fields) fields.push_back(f.name);
  for (const auto& f : schema.fields) {
    if (f.within.empty()) continue;
    auto w = std::find_if(schema.fields.begin(), schema.fields.end(), [&](const FieldDecl& x) { return x.name == f.within; });
    if (w == schema.fields.end())
      d.error_at(*f.within_loc.file, f.within_loc.offset,
                 with_suggestion("field '" + f.name + "' is within undeclared field '" + f.within + "'", f.within, fields));
    else if (w->type != FieldType::Party)
      d.error_at(*f.within_loc.file, f.within_loc.offset,
                 "field '" + f.name + "' must be within a party field, and '" + f.within + "' is " + field_type_name(w->type));
  }
  for (const auto& a : schema.actions) {
    for (const auto* list : {&a.required, &a.optional})
      for (const auto& name : *list)
        if (std::find(fields.begin(), fields.end(), name) == fields.end())
          d.error_at(*a.loc.file, a.loc.offset,
                     with_suggestion("action '" + a.name + "' uses undeclared field '" + name + "'", name, fields));
  }
}

static void check_overrides(RuleSet& rules, Diagnostics& d) {
  std::map<std::string, size_t> index;
  std::vector<std::string> ids;
  for (size_t i = 0; i < rules.clauses.size(); ++i) {
    const Clause& c = rules.clauses[i];
    if (c.version_seq > 0) continue;  // a later version of the clause before it
    auto [it, fresh] = index.emplace(c.id, i);
    if (!fresh) {
      d.error_at(*c.loc.file, c.loc.offset,
                 "duplicate clause id '" + c.id + "' (first defined at " +
                     where(rules.clauses[it->second].loc) + ")");
    }
    ids.push_back(c.id);
  }
  std::vector<std::vector<size_t>> edges(rules.clauses.size());
  for (size_t i = 0; i < rules.clauses.size(); ++i) {
    const Clause& c = rules.clauses[i];
    for (size_t k = 0; k < c.overrides.size(); ++k) {
      const Loc& l = c.override_locs[k];
      auto it = index.find(c.overrides[k]);
      if (it == index.end())
        d.error_at(*l.file, l.offset,
                   with_suggestion("'" + c.id + "' overrides unknown clause '" + c.overrides[k] + "'",
                                   c.overrides[k], ids));
      else if (rules.clauses[it->second].id == c.id)
        d.error_at(*l.file, l.offset, "clause '" + c.id + "' overrides itself");
      else
        for (size_t t = it->second; t < rules.versions_end(it->second); ++t) edges[i].push_back(t);  // every version
    }
  }
  if (d.has_errors()) return;
  // Depth-first search; a back edge closes a cycle, reported once at the clause that starts it.
  std::vector<int> state(rules.clauses.size(), 0);  // 0 new, 1 on the stack, 2 done
  std::vector<size_t> stack;
  std::function<bool(size_t)> visit = [&](size_t v) -> bool {
    state[v] = 1;
    stack.push_back(v);
    for (size_t w : edges[v]) {
      if (state[w] == 1) {
        std::string path;
        auto from = std::find(stack.begin(), stack.end(), w);
        for (auto it = from; it != stack.end(); ++it) path += rules.clauses[*it].id + " -> ";
        path += rules.clauses[w].id;
        const Clause& c = rules.clauses[w];
        d.error_at(*c.loc.file, c.loc.offset, "override cycle: " + path);
        return false;
      }
      if (state[w] == 0 && !visit(w)) return false;
    }
    stack.pop_back();
    state[v] = 2;
    return true;
  };
  for (size_t i = 0; i < rules.clauses.size(); ++i)
    if (state[i] == 0 && !visit(i)) break;
}

bool validate_rules(RuleSet& rules, Diagnostics& d) {
  check_facts(rules.facts, d);
  check_schema(rules.schema, d);
  check_overrides(rules, d);
  return !d.has_errors();
}

std::optional<std::string> default_rules_dir(std::string& why) {
  if (const char* env = std::getenv("ACCORD_RULES"); env && *env) return env;
  std::error_code ec;
  if (fs::is_regular_file("rules/schema.yaml", ec)) return "rules";
  // Installed: beside the binary (bin/accord -> share/accord/rules), or beside the library
  // this code is in (libaccord.so, the Python module). Both relative, so an installed tree can
  // be moved; the paths come from the install layout (engine/CMakeLists.txt).
  std::vector<fs::path> installed;
  if (const fs::path exe = fs::read_symlink("/proc/self/exe", ec); !ec)
    installed.push_back(exe.parent_path() / ACCORD_RULES_FROM_BIN);
  Dl_info self{};
  if (dladdr(reinterpret_cast<void*>(&default_rules_dir), &self) && self.dli_fname)
    installed.push_back(fs::absolute(self.dli_fname, ec).parent_path() / ACCORD_RULES_FROM_LIB);
  for (const fs::path& dir : installed)
    if (fs::is_regular_file(dir / "schema.yaml", ec)) return dir.lexically_normal().string();
  why = "no rules directory: ./rules has no schema.yaml" +
        (installed.empty() ? std::string() : " and there are no installed rules at " + installed.front().lexically_normal().string()) +
        "; give --rules DIR (or set ACCORD_RULES)";
  return std::nullopt;
}

}  // namespace accord::internal
