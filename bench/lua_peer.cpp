// A Lua peer of the engine for accord_bench: one Lua state running bench/lua/csto_basing.lua
// over proposals built as Lua tables. Built twice from this file (bench/CMakeLists.txt): once
// against LuaJIT, once against Lua 5.4, each as a module that accord_bench dlopen()s (see
// lua_peer.h for why, and lua_bench.cpp for the benchmarks). Only the C interface of
// lua_peer.h leaves this file.
#include "lua_peer.h"

#include <lua.hpp>

#include <cstdio>
#include <cstring>
#include <string>

#ifndef ACCORD_LUA_ENTRY
#error "build with -DACCORD_LUA_ENTRY=<the module's entry point name>"
#endif

#ifndef LUA_OK  // Lua 5.1 (LuaJIT) has no name for 0
#define LUA_OK 0
#endif

struct AccordLuaPeer {
  lua_State* L = nullptr;
  int decide_ref = LUA_NOREF, loop_ref = LUA_NOREF;
  int set_ref[2] = {LUA_NOREF, LUA_NOREF};  // arrays of proposal tables (registry refs)
  std::size_t n[2] = {0, 0};
  std::string runtime, error;
};

namespace {

// lua_rawlen is lua_objlen in Lua 5.1 (LuaJIT); rawgeti/rawseti take an int there.
std::size_t raw_len(lua_State* L, int idx) {
#if LUA_VERSION_NUM >= 502
  return static_cast<std::size_t>(lua_rawlen(L, idx));
#else
  return lua_objlen(L, idx);
#endif
}

void set_error(AccordLuaPeer* P, const char* what) {
  const char* msg = lua_tostring(P->L, -1);
  P->error = std::string(what) + ": " + (msg ? msg : "(error object is not a string)");
  lua_pop(P->L, 1);
}

// Error handler for the untimed calls: the message with a Lua traceback.
int traceback(lua_State* L) {
  luaL_traceback(L, L, lua_tostring(L, 1), 1);
  return 1;
}

// The loop of run_loop, in Lua: called once per timed iteration with the array of proposals.
constexpr char kLoopChunk[] = R"lua(
local decide = ...
return function(ps)
  local applies, vetoed = 0, 0
  for i = 1, #ps do
    local verdict = decide(ps[i])
    if verdict ~= nil then
      applies = applies + 1
      if verdict == "vetoed" then vetoed = vetoed + 1 end
    end
  end
  return applies, vetoed
end
)lua";

constexpr char kRuntimeChunk[] =
    "if jit then return jit.version .. (jit.status() and ' (JIT on)' or ' (JIT off)') end";

void close_peer(AccordLuaPeer* P) {
  if (!P) return;
  if (P->L) lua_close(P->L);
  delete P;
}

AccordLuaPeer* open_peer(const char* rule_file, const char* const* party_names, const std::int64_t* party_ids,
                         std::size_t n_parties, char* err, std::size_t err_size) {
  auto* P = new AccordLuaPeer;
  auto failed = [&](const char* what) -> AccordLuaPeer* {
    set_error(P, what);
    std::snprintf(err, err_size, "%s", P->error.c_str());
    close_peer(P);
    return nullptr;
  };
  P->L = luaL_newstate();
  if (!P->L) {
    std::snprintf(err, err_size, "luaL_newstate failed (out of memory)");
    delete P;
    return nullptr;
  }
  lua_State* L = P->L;
  luaL_openlibs(L);
  lua_pushcfunction(L, traceback);
  const int handler = lua_gettop(L);

  // What runs us: jit.version under LuaJIT, else the release of the headers built against.
  if (luaL_loadstring(L, kRuntimeChunk) != LUA_OK || lua_pcall(L, 0, 1, handler) != LUA_OK) return failed("runtime");
  P->runtime = lua_isstring(L, -1) ? lua_tostring(L, -1) : LUA_RELEASE;
  lua_pop(L, 1);

  // The rule: the chunk returns its module table.
  if (luaL_loadfile(L, rule_file) != LUA_OK || lua_pcall(L, 0, 1, handler) != LUA_OK) return failed(rule_file);
  if (!lua_istable(L, -1)) {
    lua_pushfstring(L, "the chunk returns a %s, not a module table", luaL_typename(L, -1));
    return failed(rule_file);
  }
  const int module = lua_gettop(L);
  lua_getfield(L, module, "decide");
  if (!lua_isfunction(L, -1)) {
    lua_pushstring(L, "the module has no function decide");
    return failed(rule_file);
  }
  lua_pushvalue(L, -1);
  P->decide_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  // The loop of run_loop, closed over decide.
  if (luaL_loadstring(L, kLoopChunk) != LUA_OK) return failed("loop chunk");
  lua_insert(L, -2);  // loop chunk, decide
  if (lua_pcall(L, 1, 1, handler) != LUA_OK) return failed("loop chunk");
  P->loop_ref = luaL_ref(L, LUA_REGISTRYINDEX);

  // init(party ids by name).
  lua_getfield(L, module, "init");
  lua_createtable(L, 0, static_cast<int>(n_parties));
  for (std::size_t i = 0; i < n_parties; ++i) {
    lua_pushinteger(L, static_cast<lua_Integer>(party_ids[i]));
    lua_setfield(L, -2, party_names[i]);
  }
  if (lua_pcall(L, 1, 0, handler) != LUA_OK) return failed("init");
  lua_settop(L, 0);

  for (int& ref : P->set_ref) {
    lua_createtable(L, 100'000, 0);
    ref = luaL_ref(L, LUA_REGISTRYINDEX);
  }
  return P;
}

const char* runtime(AccordLuaPeer* P) { return P->runtime.c_str(); }
const char* error(AccordLuaPeer* P) { return P->error.c_str(); }

// The proposal being built is at the top of the stack, between begin and end.
void begin(AccordLuaPeer* P) {
  lua_State* L = P->L;
  lua_settop(L, 0);
  lua_createtable(L, 0, 8);
  lua_newtable(L);
  lua_setfield(L, -2, "positions");
}

void set_int(AccordLuaPeer* P, const char* key, std::int64_t value) {
  lua_pushinteger(P->L, static_cast<lua_Integer>(value));
  lua_setfield(P->L, -2, key);
}

void set_string(AccordLuaPeer* P, const char* key, const char* value) {
  lua_pushstring(P->L, value);
  lua_setfield(P->L, -2, key);
}

void set_bool(AccordLuaPeer* P, const char* key, int value) {
  lua_pushboolean(P->L, value);
  lua_setfield(P->L, -2, key);
}

void add_to_set(AccordLuaPeer* P, const char* key, std::int64_t member) {
  lua_State* L = P->L;
  lua_getfield(L, -1, key);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, key);
  }
  lua_pushinteger(L, static_cast<lua_Integer>(member));
  lua_pushboolean(L, 1);
  lua_rawset(L, -3);
  lua_pop(L, 1);
}

void set_position(AccordLuaPeer* P, std::int64_t party, const char* position) {
  lua_State* L = P->L;
  lua_getfield(L, -1, "positions");
  lua_pushinteger(L, static_cast<lua_Integer>(party));
  lua_pushstring(L, position);
  lua_rawset(L, -3);
  lua_pop(L, 1);
}

void end(AccordLuaPeer* P, int applicable) {
  lua_State* L = P->L;
  for (int set = 0; set < (applicable ? 2 : 1); ++set) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, P->set_ref[set]);
    lua_pushvalue(L, -2);
    lua_rawseti(L, -2, static_cast<int>(++P->n[set]));
    lua_pop(L, 1);
  }
  lua_settop(L, 0);
}

std::size_t size(AccordLuaPeer* P, int set) { return P->n[set]; }

double memory_kb(AccordLuaPeer* P) {
  lua_gc(P->L, LUA_GCCOLLECT, 0);
  return lua_gc(P->L, LUA_GCCOUNT, 0) + lua_gc(P->L, LUA_GCCOUNTB, 0) / 1024.0;
}

// Copies the array at `idx` (party ids) out; 0 on success.
int copy_ids(AccordLuaPeer* P, int idx, const char* what, std::int64_t* out, int& n) {
  lua_State* L = P->L;
  if (!lua_istable(L, idx)) {
    P->error = std::string("decide returned a ") + luaL_typename(L, idx) + " for " + what + ", not an array";
    return 1;
  }
  const std::size_t len = raw_len(L, idx);
  if (len > 64) {
    P->error = std::string("decide returned more than 64 ids for ") + what;
    return 1;
  }
  n = static_cast<int>(len);
  for (int k = 1; k <= n; ++k) {
    lua_rawgeti(L, idx, k);
    if (!lua_isnumber(L, -1)) {
      P->error = std::string("decide returned a non-number in ") + what;
      return 1;
    }
    out[k - 1] = static_cast<std::int64_t>(lua_tointeger(L, -1));
    lua_pop(L, 1);
  }
  return 0;
}

int decide(AccordLuaPeer* P, int set, std::size_t i, AccordLuaDecision* out) {
  lua_State* L = P->L;
  *out = AccordLuaDecision{};
  if (i >= P->n[set]) {
    P->error = "no proposal " + std::to_string(i);
    return 1;
  }
  lua_settop(L, 0);
  lua_pushcfunction(L, traceback);
  lua_rawgeti(L, LUA_REGISTRYINDEX, P->decide_ref);
  lua_rawgeti(L, LUA_REGISTRYINDEX, P->set_ref[set]);
  lua_rawgeti(L, -1, static_cast<int>(i + 1));
  lua_remove(L, -2);
  if (lua_pcall(L, 1, 3, 1) != LUA_OK) {
    set_error(P, "decide");
    return 1;
  }
  int rc = 0;
  if (lua_isnil(L, 2)) {
    if (!lua_isnil(L, 3) || !lua_isnil(L, 4)) P->error = "decide returned nil and more", rc = 1;
  } else if (lua_type(L, 2) != LUA_TSTRING) {
    P->error = std::string("decide returned a ") + luaL_typename(L, 2) + " as the verdict";
    rc = 1;
  } else {
    out->applies = 1;
    std::snprintf(out->verdict, sizeof out->verdict, "%s", lua_tostring(L, 2));
    rc = copy_ids(P, 3, "pending", out->pending, out->n_pending) ||
         copy_ids(P, 4, "vetoed_by", out->vetoed_by, out->n_vetoed_by);
  }
  lua_settop(L, 0);
  return rc;
}

// The timed loops. No traceback handler (an error aborts the run anyway, and the set was
// checked proposal by proposal first): lua_pcall with handler 0, as a production embedder
// calling a checked rule would do.
int run_calls(AccordLuaPeer* P, int set, AccordLuaCounts* out) {
  lua_State* L = P->L;
  lua_settop(L, 0);
  lua_rawgeti(L, LUA_REGISTRYINDEX, P->decide_ref);    // 1: decide
  lua_rawgeti(L, LUA_REGISTRYINDEX, P->set_ref[set]);  // 2: the proposals
  long applies = 0, vetoed = 0;
  const int n = static_cast<int>(P->n[set]);
  for (int i = 1; i <= n; ++i) {
    lua_pushvalue(L, 1);
    lua_rawgeti(L, 2, i);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) {  // only the verdict is kept
      set_error(P, "decide");
      lua_settop(L, 0);
      return 1;
    }
    if (const char* verdict = lua_tostring(L, -1)) {  // NULL: nil, the clause does not apply
      ++applies;
      vetoed += verdict[0] == 'v';
    }
    lua_pop(L, 1);
  }
  lua_settop(L, 0);
  out->applies = applies;
  out->vetoed = vetoed;
  return 0;
}

int run_loop(AccordLuaPeer* P, int set, AccordLuaCounts* out) {
  lua_State* L = P->L;
  lua_settop(L, 0);
  lua_rawgeti(L, LUA_REGISTRYINDEX, P->loop_ref);
  lua_rawgeti(L, LUA_REGISTRYINDEX, P->set_ref[set]);
  if (lua_pcall(L, 1, 2, 0) != LUA_OK) {
    set_error(P, "loop");
    return 1;
  }
  out->applies = static_cast<long>(lua_tointeger(L, 1));
  out->vetoed = static_cast<long>(lua_tointeger(L, 2));
  lua_settop(L, 0);
  return 0;
}

}  // namespace

extern "C" __attribute__((visibility("default"))) const AccordLuaApi* ACCORD_LUA_ENTRY() {
  static const AccordLuaApi api = {kAccordLuaAbi, open_peer, close_peer,   runtime,    error,  begin,    set_int,
                                   set_string,    set_bool,  add_to_set,   set_position, end,  size,     memory_kb,
                                   decide,        run_calls, run_loop};
  return &api;
}
