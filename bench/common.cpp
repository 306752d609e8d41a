#include "common.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

#include <chrono>

#include "core/date.h"
#include "core/diagnostics.h"
#include "load/rules_loader.h"
#include "report/json_writer.h"

extern "C" char** environ;

namespace accord::internal::bench {

void fail(const std::string& message) {
  std::fprintf(stderr, "\naccord_bench: FAILED: %s\n", message.c_str());
  std::fflush(stderr);
  std::abort();
}

RunResult spawn_accord(const std::vector<std::string>& args, const std::string& out_path, const std::string& err_path,
                       const std::string& cwd) {
  std::vector<std::string> argv_s = {kAccordBin};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
  RunResult r;
  pid_t pid;
  const auto t0 = std::chrono::steady_clock::now();
  const int rc = posix_spawn(&pid, kAccordBin.c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) fail("cannot start " + kAccordBin);
  int status = 0;
  rusage ru{};
  if (wait4(pid, &status, 0, &ru) < 0) fail("wait4 failed");
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto secs = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6; };
  r.cpu_s = secs(ru.ru_utime) + secs(ru.ru_stime);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

namespace {

double clock_ns(clockid_t id) {
  timespec ts{};
  clock_gettime(id, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

}  // namespace

void Stopwatch::start() {
  wall0_ = clock_ns(CLOCK_MONOTONIC);
  cpu0_ = clock_ns(CLOCK_THREAD_CPUTIME_ID);
}

void Stopwatch::stop() {
  cpu_ += clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0_;
  wall_ += clock_ns(CLOCK_MONOTONIC) - wall0_;
}

double load_average() {
  std::ifstream in("/proc/loadavg");
  double v = std::nan("");
  in >> v;
  return v;
}

namespace {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : g_(seed) {}
  // Uniform in [0, n); the modulo bias is irrelevant here and, unlike the std distributions,
  // the stream is the same with every standard library.
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(g_() % n); }
  bool chance(unsigned percent) { return below(100) < percent; }
  template <class V> const auto& pick(const V& v) { return v[below(v.size())]; }

 private:
  std::mt19937_64 g_;
};

}  // namespace

void finish(benchmark::State& st, const std::string& key, const Stopwatch& sw, std::size_t per_iter) {
  const double decisions = static_cast<double>(st.iterations()) * static_cast<double>(per_iter);
  st.SetItemsProcessed(static_cast<std::int64_t>(decisions));
  st.counters["ns_per_decision"] = sw.cpu_ns() / decisions;
  st.counters["wall_ns_per_decision"] = sw.wall_ns() / decisions;
  st.counters["proposals"] = static_cast<double>(per_iter);
  record(key, sw.cpu_ns() / decisions);
  record(key + ".wall", sw.wall_ns() / decisions);
}

PartyPools party_pools(const Tables& t) {
  PartyPools out;
  for (std::size_t id = 1; id < t.parties.size(); ++id)  // instruments are not parties to a proposal
    if (!t.is_instrument[id]) (t.is_org[id] ? out.orgs : out.states).push_back(t.parties.name(static_cast<SymId>(id)));
  const auto csto = t.parties.find("CSTO");
  if (!csto) fail("the facts have no CSTO");
  Bits ever;
  for (const Bits& m : t.orgs[*csto].members) ever |= m;
  ever.for_each([&](unsigned id) { out.csto_ever.push_back(t.parties.name(static_cast<SymId>(id))); });
  return out;
}

std::vector<GenProposal> generate(const Engine& e, std::size_t n, std::uint64_t seed) {
  const Tables& t = e.tables();
  const Schema& schema = e.rules().schema;
  Rng rng(seed);
  // Named references, not a structured binding: the lambdas below capture them (clang 14
  // cannot capture structured bindings).
  const PartyPools pools = party_pools(t);
  const auto& states = pools.states;
  const auto& csto_ever = pools.csto_ever;
  const auto& orgs = pools.orgs;
  std::vector<std::string> sites;
  for (std::size_t id = 1; id < t.sites.size(); ++id) sites.push_back(t.sites.name(static_cast<SymId>(id)));
  // Actions and their fields from the schema as loaded (the model, not the tables' layout).
  auto field_type = [&](const std::string& name) {
    for (const auto& f : schema.fields)
      if (f.name == name) return &f;
    fail("schema field " + name + " is not declared");
  };
  const Date first = date_from_ymd(1995, 1, 1), last = date_from_ymd(2030, 12, 31);
  static const char* const kStances[] = {"consent", "object", "abstain"};
  auto stance = [&]() -> std::string {
    const auto r = rng.below(100);  // 60% consent, 15% object, 25% abstain
    return kStances[r < 60 ? 0 : r < 75 ? 1 : 2];
  };
  auto state = [&](unsigned csto_percent) -> const std::string& {
    return rng.chance(csto_percent) ? rng.pick(csto_ever) : rng.pick(states);
  };

  std::vector<GenProposal> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    GenProposal& g = out[i];
    char id[32];
    std::snprintf(id, sizeof id, "p%06zu", i);
    g.id = id;
    const ActionDecl& action = rng.pick(schema.actions);
    g.action = action.name;
    g.date = format_date(static_cast<Date>(first + static_cast<Date>(rng.below(static_cast<std::size_t>(last - first + 1)))));
    std::vector<const FieldDecl*> fields;
    for (const auto& name : action.required) fields.push_back(field_type(name));
    for (const auto& name : action.optional)
      if (rng.chance(30)) fields.push_back(field_type(name));
    // Sites last: a site is chosen in the state of the field it is `within`.
    std::stable_partition(fields.begin(), fields.end(), [](const FieldDecl* f) { return f->type != FieldType::Site; });
    for (const FieldDecl* fp : fields) {
      const FieldDecl& f = *fp;
      switch (f.type) {
        case FieldType::Party:
          if (f.name == "org") g.fields.emplace_back(f.name, rng.pick(orgs));
          else if (f.name == "host") g.fields.emplace_back(f.name, state(60));
          else g.fields.emplace_back(f.name, state(35));
          break;
        case FieldType::Site: {
          // A site must be in the state of the field it is declared `within` (the host): one
          // of that state's sites, else the host moves to the state of a random site.
          std::string site = rng.pick(sites);
          if (!f.within.empty()) {
            auto in = std::find_if(g.fields.begin(), g.fields.end(), [&](const auto& kv) { return kv.first == f.within; });
            std::vector<std::string> there;
            for (std::size_t id = 1; in != g.fields.end() && id < t.sites.size(); ++id)
              if (t.parties.name(t.site_state[id]) == in->second) there.push_back(t.sites.name(static_cast<SymId>(id)));
            if (!there.empty()) site = rng.pick(there);
            else if (in != g.fields.end()) in->second = t.parties.name(t.site_state[*t.sites.find(site)]);
          }
          g.fields.emplace_back(f.name, site);
          break;
        }
        case FieldType::Bool: g.bools.emplace_back(f.name, rng.chance(50)); break;
        case FieldType::String: g.fields.emplace_back(f.name, rng.pick(f.values)); break;
        case FieldType::Int: g.fields.emplace_back(f.name, std::to_string(rng.below(100))); break;
        case FieldType::Date:
          g.fields.emplace_back(f.name, format_date(static_cast<Date>(first + static_cast<Date>(rng.below(10'000)))));
          break;
        case FieldType::Parties: {
          std::vector<std::string> members;
          for (std::size_t k = 1 + rng.below(3); k > 0; --k) members.push_back(state(30));
          g.sets.emplace_back(f.name, std::move(members));
          break;
        }
      }
    }
    // Positions: 40% none; 30% some ever-CSTO members speak; 30% all of them do. Plus, in 30%
    // of proposals, one to three random states state a position too (noise the rule ignores).
    const auto mode = rng.below(10);
    if (mode >= 4)
      for (const auto& party : csto_ever)
        if (mode >= 7 || rng.chance(50)) g.positions[party] = stance();
    if (rng.chance(30))
      for (std::size_t k = 1 + rng.below(3); k > 0; --k) g.positions[rng.pick(states)] = stance();
  }
  return out;
}

std::string to_json(const GenProposal& g) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("id").value(g.id).key("date").value(g.date).key("action").value(g.action);
  for (const auto& [k, v] : g.fields) w.key(k).value(v);
  for (const auto& [k, v] : g.bools) w.key(k).value(v);
  for (const auto& [k, vs] : g.sets) {
    w.key(k).begin_array();
    for (const auto& v : vs) w.value(v);
    w.end_array();
  }
  if (!g.positions.empty()) {
    w.key("positions").begin_object();
    for (const auto& [k, v] : g.positions) w.key(k).value(v);
    w.end_object();
  }
  w.end_object();
  w.finish();
  return out;
}

void build(const ProposalBuilder& b, const GenProposal& g, Proposal& p) {
  auto check = [&](const FieldError& err) {
    if (err) fail("generated proposal " + g.id + " is invalid: " + err.message + "\n  " + to_json(g));
  };
  b.reset(p);
  check(b.set(p, "id", g.id));
  check(b.set(p, "action", g.action));
  check(b.set(p, "date", g.date));
  for (const auto& [k, v] : g.fields) check(b.set(p, k, v));
  for (const auto& [k, v] : g.bools) check(b.set(p, k, v ? "true" : "false"));
  for (const auto& [k, vs] : g.sets)
    for (const auto& v : vs) check(b.add_to_set(p, k, v));
  for (const auto& [k, v] : g.positions) check(b.set_position(p, k, v));
  check(b.finish(p, 0));
}

std::vector<Proposal> build_all(const Engine& e, const std::vector<GenProposal>& gs) {
  ProposalBuilder b(e.tables());
  std::vector<Proposal> ps(gs.size());
  for (std::size_t i = 0; i < gs.size(); ++i) build(b, gs[i], ps[i]);
  return ps;
}

std::unique_ptr<Engine> load_engine(const std::string& dir) {
  Diagnostics d;
  auto rules = load_rules({dir}, d);
  std::unique_ptr<Engine> e;
  if (rules) e = Engine::build(std::move(*rules), d);
  if (!e || d.has_errors()) fail("cannot load the rules in " + dir + ":\n" + d.str());
  return e;
}

const std::vector<GenProposal>& generated() {
  static const std::vector<GenProposal> gs = [] {
    auto e = load_engine(kBasingOnlyRules);
    return generate(*e, kProposals, kSeed);
  }();
  return gs;
}

namespace {
std::map<std::string, std::vector<double>>& registry() {
  static std::map<std::string, std::vector<double>> r;
  return r;
}
}  // namespace

void record(const std::string& key, double value) { registry()[key].push_back(value); }
const std::map<std::string, std::vector<double>>& records() { return registry(); }

double median_of(const std::string& key) {
  auto it = registry().find(key);
  if (it == registry().end() || it->second.empty()) return std::nan("");
  std::vector<double> v = it->second;
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

}  // namespace accord::internal::bench
