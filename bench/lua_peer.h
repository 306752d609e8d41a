// The C interface between accord_bench and its two Lua peers (bench/lua_peer.cpp, built twice:
// accord_bench_luajit.so linked with LuaJIT, accord_bench_lua54.so linked with Lua 5.4).
//
// LuaJIT and Lua 5.4 define the same C symbols (lua_pcall, luaL_newstate, ...), so they cannot
// both be linked into accord_bench: the linker would keep one runtime's definitions for both.
// Each runtime is therefore linked into its own module, which accord_bench loads with
// dlopen(RTLD_NOW | RTLD_LOCAL): each module and the Lua library it needs stay in their own
// lookup scope, so each module's lua_* calls bind to its own runtime. accord_bench itself never
// sees a Lua symbol: it calls the module through the table of plain C function pointers below,
// found by the module's own entry point name (accord_luajit_api / accord_lua54_api).
//
// Only C types cross the boundary (no C++ objects, no exceptions: every function reports
// failure by its return value and AccordLuaApi::error).
#pragma once
#include <cstddef>
#include <cstdint>

extern "C" {

inline constexpr int kAccordLuaAbi = 1;

// The two proposal sets a peer holds, as in decide_bench.cpp's applicable_only argument.
enum AccordLuaSet { kAccordLuaAll = 0, kAccordLuaApplicable = 1 };

// One decision as the Lua rule returned it (for the check before timing).
struct AccordLuaDecision {
  int applies;        // 0: decide(p) returned nil (the clause does not apply)
  char verdict[24];   // "permitted", "needs_consent", "vetoed" ("" when it does not apply)
  int n_pending, n_vetoed_by;
  std::int64_t pending[64], vetoed_by[64];  // party ids, in the order the rule returned them
};

// What the timed loops return, so that nothing they compute is dead: how many proposals the
// clause applies to, and how many of them are vetoed.
struct AccordLuaCounts {
  long applies, vetoed;
};

struct AccordLuaPeer;  // opaque: one lua_State holding the rule and the proposals

struct AccordLuaApi {
  int abi;  // kAccordLuaAbi
  // A new Lua state with the standard libraries and the rule loaded from `rule_file` (a Lua
  // chunk returning the module with init and decide), init called with the parties' names
  // and ids. NULL on failure, with the reason in err.
  AccordLuaPeer* (*open)(const char* rule_file, const char* const* party_names, const std::int64_t* party_ids,
                         std::size_t n_parties, char* err, std::size_t err_size);
  void (*close)(AccordLuaPeer*);
  const char* (*runtime)(AccordLuaPeer*);  // e.g. "LuaJIT 2.1.0-beta3 (JIT on)", "Lua 5.4"
  const char* (*error)(AccordLuaPeer*);    // the last failure's message

  // Building the proposal tables (setup, untimed): begin, any number of fields and positions,
  // end. end appends the table to the `all` set and, when `applicable`, to that set too.
  void (*begin)(AccordLuaPeer*);
  void (*set_int)(AccordLuaPeer*, const char* key, std::int64_t value);
  void (*set_string)(AccordLuaPeer*, const char* key, const char* value);
  void (*set_bool)(AccordLuaPeer*, const char* key, int value);
  void (*add_to_set)(AccordLuaPeer*, const char* key, std::int64_t member);
  void (*set_position)(AccordLuaPeer*, std::int64_t party, const char* position);
  void (*end)(AccordLuaPeer*, int applicable);
  std::size_t (*size)(AccordLuaPeer*, int set);
  double (*memory_kb)(AccordLuaPeer*);  // the Lua heap

  // decide(p) on proposal i (0-based) of `set`, its results copied out. 0 on success.
  int (*decide)(AccordLuaPeer*, int set, std::size_t i, AccordLuaDecision* out);
  // The timed loops over a set. run_calls: C calls decide once per proposal through the Lua C
  // API (lua_pcall), as an embedder deciding one proposal at a time does. run_loop: C calls a
  // Lua loop over the set once, which calls decide per proposal. 0 on success.
  int (*run_calls)(AccordLuaPeer*, int set, AccordLuaCounts* out);
  int (*run_loop)(AccordLuaPeer*, int set, AccordLuaCounts* out);
};

typedef const AccordLuaApi* (*AccordLuaEntry)();

}  // extern "C"
