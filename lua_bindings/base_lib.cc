// Base-library functions a Redis script sees differently from stock LuaJIT:
// Redis's pcall, text-only loadstring/load, Redis's math.random and
// math.randomseed, Lua 5.1's math.log, string.rep and coroutine.yield, and
// __redis__err__handler.

#include <pthread.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "lua_bindings/lua_reply.h"
#include "lua_bindings/lua_sink.h"
#include "lua_bindings/protect.h"
#include "lua_bindings/runtime.h"
#include "lua_bindings/source_compat.h"

namespace luakv::lua {
namespace {

// Redis replaces pcall so that an error table ({err=...}) is caught as its
// text: pcall(redis.call, 'incr', 'x') -> false, 'ERR value is not ...'.
// Quirks kept: with no argument the placeholder `true` is what gets called;
// a table without a string `err` yields false, the table, nil.
int LuaPcall(lua_State* L) {
  const int argc = lua_gettop(L);
  if (argc == 0) {
    lua_pushboolean(L, 0);
    lua_pushstring(L, "attempt to call a boolean value");
    return 2;
  }
  lua_pushboolean(L, 1);
  lua_insert(L, 1);
  // Lua 5.1 counts the level inside the protected call: an overflow is
  // this pcall's failure.
  if (const char* error = EnterCStack(L, __builtin_frame_address(0))) {
    lua_settop(L, 0);
    lua_pushboolean(L, 0);
    lua_pushstring(L, error);
    return 2;
  }
  Runtime& rt = *GetRuntime(L);
  ++rt.pcall_depth;
  const int status = lua_pcall(L, argc - 1, LUA_MULTRET, 0);
  --rt.pcall_depth;
  if (status != 0) {
    lua_remove(L, 1);  // the placeholder
    if (lua_istable(L, -1)) {
      lua_getfield(L, -1, "err");
      if (lua_isstring(L, -1)) lua_replace(L, -2);
    }
    lua_pushboolean(L, 0);
    lua_insert(L, 1);
  }
  return lua_gettop(L);
}

// loadstring(s [, chunkname]): Lua 5.1's, compiling text only.
int LuaLoadstring(lua_State* L) {
  size_t len = 0;
  const char* s = luaL_checklstring(L, 1, &len);
  const char* chunkname = luaL_optstring(L, 2, s);
  if (LoadText(L, std::string_view(s, len), chunkname)) return 1;
  lua_pushnil(L);
  lua_insert(L, -2);
  return 2;
}

// load(reader [, chunkname]): Lua 5.1's (a function, not a string),
// compiling text only. Lua 5.1 runs the reader inside the parser's
// protected call, with the error handler in force: a failing reader makes
// load return nil and the handler's error table (outside a pcall), which
// is what a Redis script observes.
int LuaLoad(lua_State* L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  const char* chunkname = luaL_optstring(L, 2, "=(load)");
  // The reader runs inside the parser's protected call in Lua 5.1: one
  // level too many is a failed load.
  if (const char* error = EnterCStack(L, __builtin_frame_address(0))) {
    lua_pushnil(L);
    lua_pushstring(L, error);
    return 2;
  }
  Runtime& rt = *GetRuntime(L);
  const bool handled = rt.pcall_depth == 0;
  lua_settop(L, 2);
  lua_rawgeti(L, LUA_REGISTRYINDEX, rt.handler_ref);  // 3
  lua_pushliteral(L, "");  // the text read so far, at index 4
  for (;;) {
    lua_pushvalue(L, 1);
    if (lua_pcall(L, 0, 1, handled ? 3 : 0) != 0) {
      lua_pushnil(L);
      lua_insert(L, -2);
      return 2;
    }
    if (lua_isnil(L, -1)) {
      lua_pop(L, 1);
      break;
    }
    if (!lua_isstring(L, -1)) {
      lua_pop(L, 1);
      lua_pushnil(L);
      luaL_where(L, 1);
      lua_pushliteral(L, "reader function must return a string");
      lua_concat(L, 2);
      if (handled) {
        lua_pushvalue(L, 3);
        lua_insert(L, -2);
        lua_call(L, 1, 1);
      }
      return 2;
    }
    if (lua_objlen(L, -1) == 0) {
      lua_pop(L, 1);
      break;
    }
    lua_concat(L, 2);
  }
  size_t len = 0;
  const char* text = lua_tolstring(L, 4, &len);
  if (LoadText(L, std::string_view(text, len), chunkname)) return 1;
  lua_pushnil(L);
  lua_insert(L, -2);
  return 2;
}

// coroutine.yield: outside a coroutine Lua 5.1 says this, without a
// position. Upvalue: LuaJIT's yield.
int LuaCoroutineYield(lua_State* L) {
  if (lua_pushthread(L) == 1) {
    lua_pushstring(L, "attempt to yield across metamethod/C-call boundary");
    return lua_error(L);
  }
  lua_pop(L, 1);
  return lua_yield(L, lua_gettop(L));
}

// Redis's generator: lrand48's 48-bit LCG, seeded with 0x1234ABCD330E.
double NextRandom(Runtime& rt) {
  rt.rand48 = (rt.rand48 * 0x5DEECE66DULL + 0xB) & ((1ULL << 48) - 1);
  const int32_t r = static_cast<int32_t>(rt.rand48 >> 17);
  return static_cast<double>(r % 2147483647) / 2147483647.0;
}

int LuaMathRandom(lua_State* L) {
  Runtime* rt = GetRuntime(L);
  if (rt->host == nullptr) {
    return luaL_error(L, "math.random can only be called inside a script invocation");
  }
  const double r = NextRandom(*rt);
  switch (lua_gettop(L)) {
    case 0:
      lua_pushnumber(L, r);
      break;
    case 1: {
      const int u = luaL_checkint(L, 1);
      luaL_argcheck(L, 1 <= u, 1, "interval is empty");
      lua_pushnumber(L, std::floor(r * u) + 1);
      break;
    }
    case 2: {
      const int l = luaL_checkint(L, 1);
      const int u = luaL_checkint(L, 2);
      luaL_argcheck(L, l <= u, 2, "interval is empty");
      // Redis computes u-l+1 in a C int; x86 wraps it.
      const int32_t span = static_cast<int32_t>(
          static_cast<uint32_t>(u) - static_cast<uint32_t>(l) + 1u);
      lua_pushnumber(L, std::floor(r * span) + l);
      break;
    }
    default:
      return luaL_error(L, "wrong number of arguments");
  }
  return 1;
}

int LuaMathRandomseed(lua_State* L) {
  Runtime* rt = GetRuntime(L);
  if (rt->host == nullptr) {
    return luaL_error(L, "math.randomseed can only be called inside a script invocation");
  }
  const int32_t seed = luaL_checkint(L, 1);
  rt->rand48 = (static_cast<uint64_t>(static_cast<uint32_t>(seed)) << 16) | 0x330E;
  return 0;
}

// math.log(x): Lua 5.1 has no base argument (math.log(8, 2) is ln 8).
int LuaMathLog(lua_State* L) {
  lua_pushnumber(L, std::log(luaL_checknumber(L, 1)));
  return 1;
}

// string.rep(s, n): Lua 5.1 has no separator argument. Upvalue: LuaJIT's rep.
int LuaStringRep(lua_State* L) {
  size_t len = 0;
  luaL_checklstring(L, 1, &len);
  const int n = luaL_checkint(L, 2);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushvalue(L, 1);
  lua_pushinteger(L, n);
  lua_call(L, 2, 1);
  return 1;
}

// tostring() as Lua 5.1 prints values that are not tables.
void PushToString(lua_State* L, int idx) {
  switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
    case LUA_TSTRING:
      lua_pushvalue(L, idx);
      lua_tostring(L, -1);
      break;
    case LUA_TNIL:
      lua_pushliteral(L, "nil");
      break;
    case LUA_TBOOLEAN:
      lua_pushstring(L, lua_toboolean(L, idx) ? "true" : "false");
      break;
    default:
      lua_pushfstring(L, "%s: %p", luaL_typename(L, idx), lua_topointer(L, idx));
      break;
  }
}

// The error handler of every script run (and a global a script may call,
// as in Redis). It turns any error into a table {err=...} and records where
// it happened: the innermost Lua frame, skipping the C function that raised
// it. [-1, +1, e]
int LuaErrorHandler(lua_State* L) {
  lua_settop(L, 1);
  // A read-only table (a library's proxy, or the real library table that
  // code changing no table sees) cannot take the fields written below.
  bool read_only = false;
  if (lua_istable(L, 1)) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, GetRuntime(L)->real_to_proxy_ref);
    lua_pushvalue(L, 1);
    lua_rawget(L, -2);
    read_only = !lua_isnil(L, -1) || IsReadOnly(L, 1);
    lua_pop(L, 2);
  }
  lua_Debug ar;
  bool found = false;
  if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar)) {
    found = true;
    if (std::strcmp(ar.what, "C") == 0) {
      found = lua_getstack(L, 2, &ar) && lua_getinfo(L, "Sl", &ar);
    }
  }
  if (found && read_only) {
    // Redis's handler is Lua code whose write of `source` fails at its line
    // 10; Lua 5.1 hands that error back to the handler, which reports it
    // from there. The same table, without the detour.
    lua_createtable(L, 0, 3);
    lua_pushliteral(L,
                    "ERR err_handler_def:10: Attempt to modify a readonly table");
    lua_setfield(L, -2, "err");
    lua_pushliteral(L, "@err_handler_def");
    lua_setfield(L, -2, "source");
    lua_pushnumber(L, 10);
    lua_setfield(L, -2, "line");
    return 1;
  }
  if (!lua_istable(L, 1)) {
    lua_pushliteral(L, "ERR ");
    PushToString(L, 1);
    lua_concat(L, 2);
    lua_createtable(L, 0, 3);
    lua_insert(L, -2);
    lua_setfield(L, -2, "err");
    lua_replace(L, 1);
  }
  if (found) {
    // Not raw, as in Redis: a metatable's __newindex sees the writes.
    lua_pushstring(L, ar.source);
    lua_setfield(L, 1, "source");
    lua_pushnumber(L, ar.currentline);
    lua_setfield(L, 1, "line");
  }
  return 1;
}

constexpr char kCStackOverflow[] = "C stack overflow";

// The lowest address this thread's stack may reach during a run, leaving
// room for the error path (handler, unwinder, sanitizer frames); 0 when the
// stack's bounds are unknown.
uintptr_t ThreadStackFloor() {
  thread_local const uintptr_t floor = [] {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return uintptr_t{0};
    void* addr = nullptr;
    size_t size = 0;
    const bool ok = pthread_attr_getstack(&attr, &addr, &size) == 0;
    pthread_attr_destroy(&attr);
    if (!ok || addr == nullptr) return uintptr_t{0};
    const size_t margin = std::min<size_t>(size / 4, size_t{512} << 10);
    return reinterpret_cast<uintptr_t>(addr) + margin;
  }();
  return floor;
}

// Levels still open at `sp`: the stack grows down, so an entry at or below
// the current frame belongs to a call that has returned (or unwound).
int LiveDepth(Runtime::CStack& cs, uintptr_t sp) {
  while (cs.depth > 0 && cs.frames[cs.depth - 1] <= sp) --cs.depth;
  return cs.depth;
}

// check(): counts a call level as Lua 5.1's luaD_call does, raising past
// the limit.
int LuaCheckCall(lua_State* L) {
  CheckCStack(L, __builtin_frame_address(0));
  return 0;
}

// deep(): whether a coroutine resume would be one level too many (Lua
// 5.1's lua_resume tests before counting, so it allows one level more than
// a call); counts the level when it is not.
int LuaDeepResume(lua_State* L) {
  Runtime::CStack& cs = GetRuntime(L)->cstack;
  const uintptr_t sp = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  const int live = LiveDepth(cs, sp);
  const bool full = live + 1 >= Runtime::CStack::kMaxCalls || sp < cs.floor;
  if (!full) cs.frames[cs.depth++] = sp;
  lua_pushboolean(L, full);
  return 1;
}

// Tail calls keep the caller's frame for error positions and function
// names ("bad argument #1 to 'gsub'"). A failed resume answers as Lua
// 5.1's does: coroutine.resume returns false and the message, a wrapped
// coroutine raises it with a position. The chunk is one line named like a
// script's, so that position reads "user_script:1:" and an error raised
// here is reported "on @user_script:1", as Redis reports these (a caller
// that tail-called the guard has no frame left to name).
constexpr std::string_view kGuards =
    "local check, deep, type, error, gsub, sort, resume, wrap = ... "
    "return function(...) check() return gsub(...) end, "
    "function(...) check() return sort(...) end, "
    "function(co, ...) "
    "if deep() then return false, 'C stack overflow' end "
    "return resume(co, ...) end, "
    "function(f) "
    "if type(f) ~= 'function' then "
    "error(\"bad argument #1 to 'wrap' (Lua function expected)\", 2) end "
    "local aux = wrap(f) "
    "return function(...) "
    "if deep() then error('C stack overflow', 1) end "
    "return aux(...) end end";

}  // namespace

void ResetCStack(Runtime& rt) {
  rt.cstack.depth = 0;
  rt.cstack.floor = ThreadStackFloor();
}

const char* EnterCStack(lua_State* L, const void* frame) {
  Runtime::CStack& cs = GetRuntime(L)->cstack;
  const uintptr_t sp = reinterpret_cast<uintptr_t>(frame);
  // The script's own invocation is Lua 5.1's first level. As in Lua 5.1
  // only the call that reaches the limit exactly is refused: a resume may
  // have stepped over it, and then calls go on up to the hard limit.
  const int level = LiveDepth(cs, sp) + 2;
  if (level == Runtime::CStack::kMaxCalls || sp < cs.floor) {
    return kCStackOverflow;
  }
  if (level >= Runtime::CStack::kHardMaxCalls) {
    return "error in error handling";
  }
  cs.frames[cs.depth++] = sp;
  return nullptr;
}

void CheckCStack(lua_State* L, const void* frame) {
  if (const char* error = EnterCStack(L, frame)) {
    lua_pushstring(L, error);
    lua_error(L);
  }
}

bool CStackExhausted(const Runtime& rt, const void* frame) {
  return reinterpret_cast<uintptr_t>(frame) < rt.cstack.floor;
}

void GuardReentrantCalls(lua_State* L) {
  if (luaL_loadbuffer(L, kGuards.data(), kGuards.size(), "@user_script") != 0) {
    lua_error(L);
  }
  lua_pushcfunction(L, LuaCheckCall);
  lua_pushcfunction(L, LuaDeepResume);
  lua_getglobal(L, "type");
  lua_getglobal(L, "error");
  lua_getglobal(L, "string");
  lua_getfield(L, -1, "gsub");
  lua_remove(L, -2);
  lua_getglobal(L, "table");
  lua_getfield(L, -1, "sort");
  lua_remove(L, -2);
  lua_getglobal(L, "coroutine");
  lua_getfield(L, -1, "resume");
  lua_getfield(L, -2, "wrap");
  lua_remove(L, -3);
  lua_call(L, 8, 4);
  lua_getglobal(L, "coroutine");
  lua_pushvalue(L, -2);
  lua_setfield(L, -2, "wrap");
  lua_pushvalue(L, -3);
  lua_setfield(L, -2, "resume");
  lua_pop(L, 1);
  lua_getglobal(L, "table");
  lua_pushvalue(L, -4);
  lua_setfield(L, -2, "sort");
  lua_pop(L, 1);
  lua_getglobal(L, "string");
  lua_pushvalue(L, -5);
  lua_setfield(L, -2, "gsub");
  lua_pop(L, 5);
}

int RaiseErrorTable(lua_State* L, std::string_view text) {
  PushErrorTable(L, text);
  return lua_error(L);
}

bool LoadText(lua_State* L, std::string_view source,
              std::string_view chunkname) {
  PreparedSource prepared;
  const std::string name(chunkname);
  if (!PrepareSource(source, name, &prepared)) {
    lua_pushlstring(L, prepared.error.data(), prepared.error.size());
    return false;
  }
  const std::string_view text =
      prepared.text.empty() ? source : std::string_view(prepared.text);
  if (luaL_loadbufferx(L, text.data(), text.size(), name.c_str(), "t") == 0) {
    return true;
  }
  if (prepared.replaced_byte != 0 && lua_isstring(L, -1)) {
    std::string message = lua_tostring(L, -1);
    FixCompileError(prepared, &message);
    lua_pop(L, 1);
    lua_pushlstring(L, message.data(), message.size());
  }
  return false;
}

void RegisterBaseOverrides(lua_State* L) {
  lua_pushcfunction(L, LuaPcall);
  lua_setglobal(L, "pcall");
  lua_pushcfunction(L, LuaLoadstring);
  lua_setglobal(L, "loadstring");
  lua_pushcfunction(L, LuaLoad);
  lua_setglobal(L, "load");

  lua_getglobal(L, "math");
  lua_pushcfunction(L, LuaMathRandom);
  lua_setfield(L, -2, "random");
  lua_pushcfunction(L, LuaMathRandomseed);
  lua_setfield(L, -2, "randomseed");
  lua_pushcfunction(L, LuaMathLog);
  lua_setfield(L, -2, "log");
  lua_pop(L, 1);

  lua_getglobal(L, "coroutine");
  lua_pushcfunction(L, LuaCoroutineYield);
  lua_setfield(L, -2, "yield");
  lua_pop(L, 1);

  lua_getglobal(L, "string");
  lua_getfield(L, -1, "rep");
  lua_pushcclosure(L, LuaStringRep, 1);
  lua_setfield(L, -2, "rep");
  lua_pop(L, 1);
}

void RegisterErrorHandler(lua_State* L, Runtime& rt) {
  lua_pushcfunction(L, LuaErrorHandler);
  lua_pushvalue(L, -1);
  rt.handler_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_setglobal(L, "__redis__err__handler");
}

}  // namespace luakv::lua
