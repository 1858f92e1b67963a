#include "lua_bindings/protect.h"

#include <string>
#include <string_view>
#include <vector>

#include "lua_bindings/runtime.h"

namespace luakv::lua {
namespace {

constexpr const char kReadOnly[] = "Attempt to modify a readonly table";

// __newindex of every proxy: raised with the script's position, as the
// Redis VM does for a write to a read-only table. [-3, +0, v]
int ReadOnlyNewIndex(lua_State* L) { return luaL_error(L, kReadOnly); }

// Writes through a base function (rawset, setmetatable, table.insert):
// Redis raises these from C, without a position.
int RaiseReadOnly(lua_State* L) {
  lua_pushstring(L, kReadOnly);
  return lua_error(L);
}

// __index of the real globals. Texts and checks are Redis's, including its
// internal function name, which a script can reach through
// getmetatable(_G).__index. [-2, +0, v]
int NonexistentGlobal(lua_State* L) {
  if (lua_gettop(L) != 2) {
    return luaL_error(L, "Wrong number of arguments to luaProtectedTableError");
  }
  if (!lua_isstring(L, -1) && !lua_isnumber(L, -1)) {
    return luaL_error(
        L, "Second argument to luaProtectedTableError must be a string or number");
  }
  return luaL_error(L,
                    "Script attempted to access nonexistent global variable '%s'",
                    lua_tostring(L, -1));
}

// Pushes the real table behind the proxy at `idx`, or nil. [-0, +1, -]
void PushReal(lua_State* L, int idx) {
  if (lua_type(L, idx) != LUA_TTABLE) {
    lua_pushnil(L);
    return;
  }
  if (idx < 0) idx = lua_gettop(L) + idx + 1;
  lua_rawgeti(L, LUA_REGISTRYINDEX, GetRuntime(L)->proxies_ref);
  lua_pushvalue(L, idx);
  lua_rawget(L, -2);
  lua_remove(L, -2);
}

// Replaces the proxy at `idx` (absolute) by its real table. [-0, +0, -]
void Unwrap(lua_State* L, int idx) {
  PushReal(L, idx);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
  } else {
    lua_replace(L, idx);
  }
}

int LuaRawget(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checkany(L, 2);
  lua_settop(L, 2);
  Unwrap(L, 1);
  lua_rawget(L, 1);
  return 1;
}

int LuaRawset(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checkany(L, 2);
  luaL_checkany(L, 3);
  if (IsReadOnly(L, 1)) return RaiseReadOnly(L);
  lua_settop(L, 3);
  lua_rawset(L, 1);
  return 1;
}

int LuaNext(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 2);
  Unwrap(L, 1);
  if (lua_next(L, 1) != 0) return 2;
  lua_pushnil(L);
  return 1;
}

// Upvalues: the builtin next (fast iteration of ordinary tables) and
// LuaNext (proxies).
int LuaPairs(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_pushvalue(L, lua_upvalueindex(IsReadOnly(L, 1) ? 2 : 1));
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

int LuaGetmetatable(lua_State* L) {
  luaL_checkany(L, 1);
  Runtime* rt = GetRuntime(L);
  if (lua_type(L, 1) == LUA_TSTRING) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, rt->string_view_ref);
    return 1;
  }
  if (IsReadOnly(L, 1)) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, rt->views_ref);
    lua_pushvalue(L, 1);
    lua_rawget(L, -2);
    return 1;
  }
  if (!lua_getmetatable(L, 1)) {
    lua_pushnil(L);
    return 1;
  }
  luaL_getmetafield(L, 1, "__metatable");
  return 1;
}

int LuaSetmetatable(lua_State* L) {
  const int t = lua_type(L, 2);
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_argcheck(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table expected");
  if (luaL_getmetafield(L, 1, "__metatable")) {
    return luaL_error(L, "cannot change a protected metatable");
  }
  if (IsReadOnly(L, 1)) return RaiseReadOnly(L);
  lua_settop(L, 2);
  lua_setmetatable(L, 1);
  return 1;
}

// table.insert with Lua 5.1's rules (LuaJIT's checks positions and names
// errors differently).
int LuaTableInsert(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  int e = static_cast<int>(lua_objlen(L, 1)) + 1;
  int pos;
  const int argc = lua_gettop(L);
  switch (argc) {
    case 2:
      pos = e;
      break;
    case 3:
      pos = luaL_checkint(L, 2);
      if (pos > e) e = pos;
      break;
    default:
      return luaL_error(L, "wrong number of arguments to 'insert'");
  }
  if (IsReadOnly(L, 1)) return RaiseReadOnly(L);
  if (argc == 3) {
    for (int i = e; i > pos; --i) {
      lua_rawgeti(L, 1, i - 1);
      lua_rawseti(L, 1, i);
    }
  }
  lua_rawseti(L, 1, pos);
  return 0;
}

int LuaTableForeach(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  CheckCStack(L, __builtin_frame_address(0));
  lua_settop(L, 2);
  Unwrap(L, 1);
  lua_pushnil(L);
  while (lua_next(L, 1) != 0) {
    lua_pushvalue(L, 2);
    lua_pushvalue(L, -3);
    lua_pushvalue(L, -3);
    lua_call(L, 2, 1);
    if (!lua_isnil(L, -1)) return 1;
    lua_pop(L, 2);  // result, value
  }
  return 0;
}

// Pushes a new read-only proxy for the table at `real` (absolute index).
// `view` (absolute index, 0 for none) is what getmetatable returns for it.
void PushProxy(lua_State* L, Runtime& rt, int real, int view) {
  lua_newtable(L);  // proxy
  lua_createtable(L, 0, 2);
  lua_pushvalue(L, real);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, ReadOnlyNewIndex);
  lua_setfield(L, -2, "__newindex");
  lua_setmetatable(L, -2);
  lua_rawgeti(L, LUA_REGISTRYINDEX, rt.proxies_ref);
  lua_pushvalue(L, -2);
  lua_pushvalue(L, real);
  lua_rawset(L, -3);
  lua_pop(L, 1);
  if (view != 0) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, rt.views_ref);
    lua_pushvalue(L, -2);
    lua_pushvalue(L, view);
    lua_rawset(L, -3);
    lua_pop(L, 1);
  }
}

// Replaces every table value of the table at `t` (absolute) by a proxy,
// recursively, so no writable table is reachable from a library.
void ProxyFields(lua_State* L, Runtime& rt, int t, int depth) {
  if (depth > 8) return;
  std::vector<std::string> names;
  lua_pushnil(L);
  while (lua_next(L, t) != 0) {
    if (lua_type(L, -1) == LUA_TTABLE && lua_type(L, -2) == LUA_TSTRING &&
        !lua_rawequal(L, -1, t) && !IsReadOnly(L, -1)) {
      size_t len = 0;
      const char* k = lua_tolstring(L, -2, &len);
      names.emplace_back(k, len);
    }
    lua_pop(L, 1);
  }
  for (const std::string& name : names) {
    lua_pushlstring(L, name.data(), name.size());
    lua_rawget(L, t);
    const int real = lua_gettop(L);
    ProxyFields(L, rt, real, depth + 1);
    PushProxy(L, rt, real, 0);
    lua_pushlstring(L, name.data(), name.size());
    lua_insert(L, -2);
    lua_rawset(L, t);
    lua_pop(L, 1);  // real
  }
}

void SetFunction(lua_State* L, int table, const char* name, lua_CFunction f) {
  lua_pushcfunction(L, f);
  lua_setfield(L, table, name);
}

}  // namespace

bool IsReadOnly(lua_State* L, int idx) {
  if (lua_type(L, idx) != LUA_TTABLE) return false;
  PushReal(L, idx);
  const bool proxy = !lua_isnil(L, -1);
  lua_pop(L, 1);
  return proxy;
}

void ProtectGlobals(lua_State* L, Runtime& rt) {
  lua_newtable(L);
  rt.proxies_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_newtable(L);
  rt.views_ref = luaL_ref(L, LUA_REGISTRYINDEX);

  lua_pushvalue(L, LUA_GLOBALSINDEX);
  const int g = lua_gettop(L);

  // Base functions that bypass metamethods learn about proxies.
  lua_getfield(L, g, "next");
  lua_pushvalue(L, -1);
  rt.next_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_pushcfunction(L, LuaNext);
  lua_pushvalue(L, -1);
  lua_setfield(L, g, "next");
  lua_pushcclosure(L, LuaPairs, 2);
  lua_setfield(L, g, "pairs");
  SetFunction(L, g, "rawget", LuaRawget);
  SetFunction(L, g, "rawset", LuaRawset);
  SetFunction(L, g, "getmetatable", LuaGetmetatable);
  SetFunction(L, g, "setmetatable", LuaSetmetatable);
  lua_getfield(L, g, "table");
  SetFunction(L, lua_gettop(L), "insert", LuaTableInsert);
  SetFunction(L, lua_gettop(L), "foreach", LuaTableForeach);
  lua_pop(L, 1);

  // Library tables (and anything they hold) become proxies.
  ProxyFields(L, rt, g, 0);

  // getmetatable('') shows {__index = <string proxy>}, read-only; the real
  // string metatable keeps the real table for fast method calls.
  lua_createtable(L, 0, 1);
  const int string_view = lua_gettop(L);
  lua_getfield(L, g, "string");
  lua_setfield(L, string_view, "__index");
  PushProxy(L, rt, string_view, 0);
  rt.string_view_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_pop(L, 1);

  // Reading a missing global is an error. The real globals' metatable is
  // hidden; getmetatable(_G) shows a read-only copy of it.
  lua_createtable(L, 0, 1);
  lua_pushcfunction(L, NonexistentGlobal);
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, "__index");
  lua_createtable(L, 0, 1);
  lua_insert(L, -2);
  lua_setfield(L, -2, "__index");
  const int globals_view = lua_gettop(L);
  lua_pushvalue(L, -2);
  lua_setmetatable(L, g);
  PushProxy(L, rt, globals_view, 0);
  const int globals_view_proxy = lua_gettop(L);

  PushProxy(L, rt, g, globals_view_proxy);
  lua_pushvalue(L, -1);
  lua_setfield(L, g, "_G");

  // Code that can change no table (ChunkEffects::may_change_tables false)
  // runs in a copy of the globals whose library tables are the real ones:
  // nothing it does can write to them, and each `redis.call` it makes is
  // then a plain field read instead of a trip through the proxy's __index.
  // `string` stays a proxy, because getmetatable('').__index must be the
  // very table the global names; `_G` is the globals' proxy in both.
  lua_createtable(L, 0, 64);
  const int direct = lua_gettop(L);
  lua_newtable(L);
  const int to_proxy = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, g) != 0) {
    bool real = false;
    if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TTABLE) {
      const std::string_view name = lua_tostring(L, -2);
      if (name != "string" && name != "_G") {
        PushReal(L, -1);
        real = !lua_isnil(L, -1);
        if (!real) lua_pop(L, 1);
      }
    }
    if (real) {  // key, proxy, real
      lua_pushvalue(L, -1);
      lua_pushvalue(L, -3);
      lua_rawset(L, to_proxy);
      lua_pushvalue(L, -3);
      lua_insert(L, -2);
      lua_rawset(L, direct);
    } else {
      lua_pushvalue(L, -2);
      lua_pushvalue(L, -2);
      lua_rawset(L, direct);
    }
    lua_pop(L, 1);
  }
  lua_getmetatable(L, g);
  lua_setmetatable(L, direct);
  rt.real_to_proxy_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  rt.direct_globals_ref = luaL_ref(L, LUA_REGISTRYINDEX);

  lua_pushvalue(L, g);
  rt.globals_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  // From here on every chunk and coroutine sees the read-only view.
  lua_replace(L, LUA_GLOBALSINDEX);
  lua_settop(L, g - 1);
}

}  // namespace luakv::lua
