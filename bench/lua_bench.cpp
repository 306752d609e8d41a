// (a') Lua peers: the rule of decide_bench.cpp's hand_decide (the 2011 CSTO basing protocol)
// written in Lua (bench/lua/csto_basing.lua), as a C++ team would embed it instead of Accord,
// run by LuaJIT and by Lua 5.4 over the same generated proposals, both sets (all 100,000, and
// the ones the clause applies to).
//
// The two runtimes export the same C symbols, so each lives in its own module
// (accord_bench_luajit.so, accord_bench_lua54.so: bench/lua_peer.cpp built twice), loaded here
// with dlopen(RTLD_NOW | RTLD_LOCAL) and called through the C function table of lua_peer.h.
//
// Setup (untimed): every generated proposal becomes a Lua table once, in each runtime: party
// fields as the engine's party ids, dates as yyyymmdd integers, the action and other strings
// as strings, positions as {[party id] = "consent" | "object" | "abstain"}. Then, proposal by
// proposal, the Lua result (applies, verdict, pending set, vetoed_by set) must equal the
// engine's decide() on the same proposal (decide_bench.cpp checks the engine against
// hand_decide the same way); any difference aborts the run.
//
// Timed: the rule only, two ways.
//  - BM_Lua_Call (recorded as basing.<runtime>.<set>, compared with the engine in the summary):
//    C++ calls decide(p) once per proposal through the Lua C API (push the function and the
//    proposal's table, lua_pcall, read the verdict). That is how an embedder deciding one
//    proposal at a time uses it, and it is the same shape as the engine's loop (one decide()
//    call per proposal from C++), so it is the comparison the summary's targets use.
//  - BM_Lua_Loop (basing.<runtime>_loop.<set>, informational): one call into Lua per timed
//    iteration, to a Lua loop over the pre-built array that calls decide(p) per proposal: no
//    C/Lua boundary per proposal, the best case for Lua (and for LuaJIT's trace compiler).
// In both, decide builds its result tables (pending, vetoed_by) as the rule returns them; the
// C++ side reads only the verdict (turning the two tables back into C++ sets is not timed).
#include <benchmark/benchmark.h>
#include <dlfcn.h>

#include <cstdio>
#include <map>
#include <string>

#include "common.h"
#include "core/date.h"
#include "decide/decide.h"
#include "lua_peer.h"
#include "report/report.h"

namespace accord::internal::bench {
namespace {

struct Runtime {
  const char* key;     // in the records: basing.<key>.<set>
  const char* module;  // the module's path (bench/CMakeLists.txt)
  const char* entry;   // its entry point
};
constexpr Runtime kRuntimes[] = {
    {"luajit", ACCORD_LUAJIT_MODULE, "accord_luajit_api"},
    {"lua54", ACCORD_LUA54_MODULE, "accord_lua54_api"},
};
constexpr int kLuaJit = 0, kLua54 = 1;

struct Peer {
  const AccordLuaApi* api = nullptr;
  AccordLuaPeer* state = nullptr;
  std::string name;  // what runs it, e.g. "LuaJIT 2.1.0-beta3 (JIT on)"
};

// The module stays loaded (and its Lua state open) until the process exits.
Peer open_peer(const Runtime& rt, const Tables& t) {
  void* handle = dlopen(rt.module, RTLD_NOW | RTLD_LOCAL);
  if (!handle) fail(std::string("cannot load the Lua peer ") + rt.module + ": " + dlerror());
  void* sym = dlsym(handle, rt.entry);
  if (!sym) fail(std::string("the Lua peer ") + rt.module + " has no " + rt.entry);
  Peer p;
  p.api = reinterpret_cast<AccordLuaEntry>(sym)();
  if (!p.api || p.api->abi != kAccordLuaAbi) fail(std::string("the Lua peer ") + rt.module + " has another ABI");
  std::vector<const char*> names;
  std::vector<std::int64_t> ids;
  for (std::size_t id = 1; id < t.parties.size(); ++id) {
    names.push_back(t.parties.name(static_cast<SymId>(id)).c_str());
    ids.push_back(static_cast<std::int64_t>(id));
  }
  char err[4096] = "";
  p.state = p.api->open(ACCORD_LUA_RULE, names.data(), ids.data(), names.size(), err, sizeof err);
  if (!p.state) fail(std::string("the Lua peer ") + rt.module + " cannot load the rule: " + err);
  p.name = p.api->runtime(p.state);
  return p;
}

// "2012-12-19" -> 20121219.
std::int64_t ymd_int(const std::string& date) {
  const auto d = parse_date(date);
  if (!d) fail("not a date: " + date);
  return std::stoll(date.substr(0, 4)) * 10000 + std::stoll(date.substr(5, 2)) * 100 + std::stoll(date.substr(8, 2));
}

std::int64_t party_id(const Tables& t, const std::string& name) {
  const auto id = t.parties.find(name);
  if (!id) fail("no party " + name);
  return *id;
}

// The proposal as a Lua table, in the peer's state.
void add_proposal(const Peer& peer, const Tables& t, const std::map<std::string, FieldType>& types,
                  const GenProposal& g, bool applicable) {
  const AccordLuaApi& api = *peer.api;
  AccordLuaPeer* s = peer.state;
  api.begin(s);
  api.set_string(s, "id", g.id.c_str());
  api.set_string(s, "action", g.action.c_str());
  api.set_int(s, "date", ymd_int(g.date));
  for (const auto& [k, v] : g.fields) {
    const auto type = types.find(k);
    if (type == types.end()) fail("schema field " + k + " is not declared");
    switch (type->second) {
      case FieldType::Party: api.set_int(s, k.c_str(), party_id(t, v)); break;
      case FieldType::Int: api.set_int(s, k.c_str(), std::stoll(v)); break;
      case FieldType::Date: api.set_int(s, k.c_str(), ymd_int(v)); break;
      case FieldType::Site:
      case FieldType::String: api.set_string(s, k.c_str(), v.c_str()); break;
      case FieldType::Bool:
      case FieldType::Parties: fail("field " + k + " of an unexpected type in the generated proposal " + g.id);
    }
  }
  for (const auto& [k, v] : g.bools) api.set_bool(s, k.c_str(), v);
  for (const auto& [k, vs] : g.sets)
    for (const auto& v : vs) api.add_to_set(s, k.c_str(), party_id(t, v));
  for (const auto& [party, position] : g.positions) api.set_position(s, party_id(t, party), position.c_str());
  api.end(s, applicable);
}

std::string ids_str(const Tables& t, const std::int64_t* ids, int n) {
  std::string out = "[";
  for (int i = 0; i < n; ++i) {
    if (i) out += ',';
    out += ids[i] > 0 && static_cast<std::size_t>(ids[i]) < t.parties.size() ? t.parties.name(static_cast<SymId>(ids[i]))
                                                                             : std::to_string(ids[i]);
  }
  return out + ']';
}

// Party ids as a set; false if one is out of range or repeated (the rule returns sets).
bool to_bits(const std::int64_t* ids, int n, std::size_t n_parties, Bits& out) {
  out.clear();
  for (int i = 0; i < n; ++i) {
    if (ids[i] <= 0 || static_cast<std::size_t>(ids[i]) >= n_parties || out.test(static_cast<unsigned>(ids[i])))
      return false;
    out.set(static_cast<unsigned>(ids[i]));
  }
  return true;
}

struct LuaFixture {
  Peer peers[2];
  AccordLuaCounts expected[2] = {};  // by set: what the engine decides
};

const LuaFixture& lua_fixture() {
  static const LuaFixture f = [] {
    LuaFixture f;
    const auto engine = load_engine(kBasingOnlyRules);
    if (engine->clauses().size() != 1) fail("the basing-only fixture must hold exactly one clause");
    const Tables& t = engine->tables();
    std::map<std::string, FieldType> types;
    for (const auto& fd : engine->rules().schema.fields) types[fd.name] = fd.type;
    const auto& gs = generated();
    const std::vector<Proposal> ps = build_all(*engine, gs);
    std::vector<Decision> ds(ps.size());
    for (std::size_t i = 0; i < ps.size(); ++i) {
      decide(*engine, ps[i], {}, ds[i]);
      if (ds[i].clauses.size() > 1) fail("more than one clause applies to proposal " + std::to_string(i));
      if (ds[i].clauses.empty()) continue;
      for (auto& e : f.expected) {
        ++e.applies;
        e.vetoed += ds[i].verdict == Verdict::Vetoed;
      }
    }
    for (int rt : {kLuaJit, kLua54}) {
      Peer& peer = f.peers[rt];
      peer = open_peer(kRuntimes[rt], t);
      for (std::size_t i = 0; i < gs.size(); ++i) add_proposal(peer, t, types, gs[i], !ds[i].clauses.empty());
      if (peer.api->size(peer.state, kAccordLuaAll) != gs.size() ||
          peer.api->size(peer.state, kAccordLuaApplicable) != static_cast<std::size_t>(f.expected[1].applies))
        fail(peer.name + ": the proposal sets have the wrong sizes");
      // Decision by decision: the Lua rule against the engine.
      AccordLuaDecision l;
      Bits pending, vetoed_by;
      for (std::size_t i = 0; i < ps.size(); ++i) {
        const Decision& d = ds[i];
        if (peer.api->decide(peer.state, kAccordLuaAll, i, &l) != 0)
          fail(peer.name + ": decide fails on proposal " + std::to_string(i) + ": " + peer.api->error(peer.state) +
               "\n  " + to_json(gs[i]));
        const bool applies = !d.clauses.empty();
        const std::string verdict = l.applies ? l.verdict : "permitted";
        const bool sets_ok = to_bits(l.pending, l.n_pending, t.parties.size(), pending) &&
                             to_bits(l.vetoed_by, l.n_vetoed_by, t.parties.size(), vetoed_by);
        if ((l.applies != 0) != applies || verdict != verdict_name(d.verdict) || !sets_ok || !(pending == d.pending) ||
            !(vetoed_by == d.vetoed_by)) {
          std::string engine_pending = "[", engine_vetoed = "[";
          engine_pending += party_list(t, d.pending, ",");
          engine_vetoed += party_list(t, d.vetoed_by, ",");
          fail(peer.name + " and the engine disagree on proposal " + std::to_string(i) + "\n  " + to_json(gs[i]) +
               "\n  engine: " + verdict_name(d.verdict) + " applies=" + (applies ? "yes" : "no") +
               " pending=" + engine_pending + "] vetoed_by=" + engine_vetoed + "]" + "\n  lua:    " +
               (l.applies ? verdict : "nil") + " pending=" + ids_str(t, l.pending, l.n_pending) +
               " vetoed_by=" + ids_str(t, l.vetoed_by, l.n_vetoed_by));
        }
      }
      // The timed loops must see the same: both sets, both ways.
      for (int set : {kAccordLuaAll, kAccordLuaApplicable}) {
        for (auto run : {peer.api->run_calls, peer.api->run_loop}) {
          AccordLuaCounts c{};
          if (run(peer.state, set, &c) != 0) fail(peer.name + ": " + peer.api->error(peer.state));
          if (c.applies != f.expected[set].applies || c.vetoed != f.expected[set].vetoed)
            fail(peer.name + ": the timed loop's counts differ from the engine's");
        }
      }
      std::fprintf(stderr, "lua: %s agrees with the engine on all %zu proposals (clause applies to %ld); Lua heap %.1f MB\n",
                   peer.name.c_str(), ps.size(), f.expected[1].applies, peer.api->memory_kb(peer.state) / 1024.0);
    }
    return f;
  }();
  return f;
}

const char* set_name(std::int64_t which) { return which == 0 ? "all" : "applicable"; }

void run_lua(benchmark::State& st, int rt, bool loop) {
  const LuaFixture& f = lua_fixture();
  const Peer& peer = f.peers[rt];
  const int set = static_cast<int>(st.range(0));
  const auto run = loop ? peer.api->run_loop : peer.api->run_calls;
  st.SetLabel(peer.name);
  Stopwatch sw;
  AccordLuaCounts c{};
  for (auto _ : st) {
    sw.start();
    const int rc = run(peer.state, set, &c);
    sw.stop();
    if (rc != 0 || c.applies != f.expected[set].applies) fail(peer.name + ": the timed loop failed: " + peer.api->error(peer.state));
    benchmark::DoNotOptimize(c);
  }
  finish(st, std::string("basing.") + kRuntimes[rt].key + (loop ? "_loop." : ".") + set_name(set), sw,
         peer.api->size(peer.state, set));
}

void BM_Lua_Call(benchmark::State& st, int rt) { run_lua(st, rt, false); }
void BM_Lua_Loop(benchmark::State& st, int rt) { run_lua(st, rt, true); }

constexpr int kReps = 3;

BENCHMARK_CAPTURE(BM_Lua_Call, luajit, kLuaJit)->Arg(0)->Arg(1)->ArgName("applicable_only")->Repetitions(kReps)
    ->ReportAggregatesOnly(true)->Unit(benchmark::kMillisecond)->MinTime(0.3);
BENCHMARK_CAPTURE(BM_Lua_Call, lua54, kLua54)->Arg(0)->Arg(1)->ArgName("applicable_only")->Repetitions(kReps)
    ->ReportAggregatesOnly(true)->Unit(benchmark::kMillisecond)->MinTime(0.3);
BENCHMARK_CAPTURE(BM_Lua_Loop, luajit, kLuaJit)->Arg(0)->Arg(1)->ArgName("applicable_only")->Repetitions(kReps)
    ->ReportAggregatesOnly(true)->Unit(benchmark::kMillisecond)->MinTime(0.3);
BENCHMARK_CAPTURE(BM_Lua_Loop, lua54, kLua54)->Arg(0)->Arg(1)->ArgName("applicable_only")->Repetitions(kReps)
    ->ReportAggregatesOnly(true)->Unit(benchmark::kMillisecond)->MinTime(0.3);

}  // namespace
}  // namespace accord::internal::bench
