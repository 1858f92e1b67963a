#include "engine/scripting/function_lua.h"

#include <lua.hpp>

#include <string>

#include "engine/scripting/shebang.h"
#include "keyspace/util/sv_hash.h"
#include "lua_bindings/runtime.h"

namespace luakv {
namespace {

constexpr const char kReadOnly[] = "Attempt to modify a readonly table";
constexpr const char kNonexistent[] =
    "Script attempted to access nonexistent global variable '%s'";

// What redis.register_function adds to while a library loads; null
// otherwise. One engine lock means one load at a time per process thread.
thread_local std::vector<LoadedFunction>* loading = nullptr;

int ReadOnlyNewIndex(lua_State* L) { return luaL_error(L, kReadOnly); }

int RaiseNonexistent(lua_State* L, int key) {
  return luaL_error(L, kNonexistent, lua_tostring(L, key));
}

// __index of the load-time redis table: only what it holds exists.
// Upvalue 1: the real table.
int LoadRedisIndex(lua_State* L) {
  lua_pushvalue(L, 2);
  lua_rawget(L, lua_upvalueindex(1));
  if (!lua_isnil(L, -1)) return 1;
  return RaiseNonexistent(L, 2);
}

// __index of the environment while loading: only `redis`, and `select`,
// which the Lua 5.1 tail-call rewrite (source_compat.h) inserts.
// Upvalues: the load-time redis table, select.
int LoadIndex(lua_State* L) {
  if (lua_type(L, 2) == LUA_TSTRING) {
    const std::string_view key = lua_tostring(L, 2);
    if (key == "redis") {
      lua_pushvalue(L, lua_upvalueindex(1));
      return 1;
    }
    if (key == "select") {
      lua_pushvalue(L, lua_upvalueindex(2));
      return 1;
    }
  }
  return RaiseNonexistent(L, 2);
}

// __index of the environment while functions run: the sandbox's globals,
// but the functions' own redis table and no KEYS or ARGV.
// Upvalues: the run-time redis table, the real globals.
int RunIndex(lua_State* L) {
  if (lua_type(L, 2) == LUA_TSTRING) {
    const std::string_view key = lua_tostring(L, 2);
    if (key == "redis") {
      lua_pushvalue(L, lua_upvalueindex(1));
      return 1;
    }
    if (key == "KEYS" || key == "ARGV") return RaiseNonexistent(L, 2);
  }
  lua_pushvalue(L, 2);
  lua_rawget(L, lua_upvalueindex(2));
  if (!lua_isnil(L, -1)) return 1;
  return RaiseNonexistent(L, 2);
}

// Pushes a fresh array copy of the global `name` (KEYS or ARGV).
void PushArrayCopy(lua_State* L, int globals, const char* name) {
  lua_pushstring(L, name);
  lua_rawget(L, globals);
  const int src = lua_gettop(L);
  const int n = lua_istable(L, src) ? static_cast<int>(lua_objlen(L, src)) : 0;
  lua_createtable(L, n, 0);
  for (int i = 1; i <= n; ++i) {
    lua_rawgeti(L, src, i);
    lua_rawseti(L, -2, i);
  }
  lua_remove(L, src);
}

// What LuaSandbox::Run runs for a function: callback(keys, args) with the
// KEYS and ARGV the run set, as tables of the function's own.
// Upvalue 1: the callback.
int CallFunction(lua_State* L) {
  lua::Runtime& rt = *lua::GetRuntime(L);
  lua_settop(L, 0);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_rawgeti(L, LUA_REGISTRYINDEX, rt.globals_ref);
  PushArrayCopy(L, 2, "KEYS");
  PushArrayCopy(L, 2, "ARGV");
  lua_remove(L, 2);
  lua_call(L, 2, 1);
  return 1;
}

bool ValidName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

uint32_t FlagByName(std::string_view name) {
  if (EqualsIgnoreCase(name, "no-writes")) return kScriptNoWrites;
  if (EqualsIgnoreCase(name, "allow-oom")) return kScriptAllowOom;
  if (EqualsIgnoreCase(name, "allow-stale")) return kScriptAllowStale;
  if (EqualsIgnoreCase(name, "no-cluster")) return kScriptNoCluster;
  if (EqualsIgnoreCase(name, "allow-cross-slot-keys")) {
    return kScriptAllowCrossSlot;
  }
  return 0;
}

// Reads the table form's fields into `out`, leaving the callback on the
// stack top. Returns Redis's error text, or null.
const char* ReadNamedArgs(lua_State* L, LoadedFunction* out) {
  bool has_name = false;
  bool has_callback = false;
  lua_pushnil(L);  // callback slot at index 2
  lua_pushnil(L);
  while (lua_next(L, 1) != 0) {
    if (!lua_isstring(L, -2)) {
      return "named argument key given to redis.register_function is not a "
             "string";
    }
    // A number key is read as its text, on a copy: converting the key
    // itself would break lua_next.
    lua_pushvalue(L, -2);
    const std::string key = lua_tostring(L, -1);
    lua_pop(L, 1);
    if (EqualsIgnoreCase(key, "function_name")) {
      if (!lua_isstring(L, -1)) {
        return "function_name argument given to redis.register_function must "
               "be a string";
      }
      size_t len = 0;
      const char* s = lua_tolstring(L, -1, &len);
      out->name.assign(s, len);
      has_name = true;
    } else if (EqualsIgnoreCase(key, "callback")) {
      if (!lua_isfunction(L, -1)) {
        return "callback argument given to redis.register_function must be a "
               "function";
      }
      lua_pushvalue(L, -1);
      lua_replace(L, 2);
      has_callback = true;
    } else if (EqualsIgnoreCase(key, "description")) {
      if (!lua_isstring(L, -1)) {
        return "description argument given to redis.register_function must "
               "be a string";
      }
      size_t len = 0;
      const char* s = lua_tolstring(L, -1, &len);
      out->description.emplace(s, len);
    } else if (EqualsIgnoreCase(key, "flags")) {
      if (!lua_istable(L, -1)) {
        return "flags argument to redis.register_function must be a table "
               "representing function flags";
      }
      const int flags = lua_gettop(L);
      lua_pushnil(L);
      while (lua_next(L, flags) != 0) {
        if (lua_type(L, -1) != LUA_TSTRING) return "unknown flag given";
        const uint32_t flag = FlagByName(lua_tostring(L, -1));
        if (flag == 0) return "unknown flag given";
        out->flags |= flag;
        lua_pop(L, 1);
      }
    } else {
      return "unknown argument given to redis.register_function";
    }
    lua_pop(L, 1);
  }
  if (!has_name) return "redis.register_function must get a function name argument";
  if (!has_callback) return "redis.register_function must get a callback argument";
  lua_settop(L, 2);
  return nullptr;
}

// Registers the callback described by the arguments. Returns Redis's error
// text, or null. C++ objects die before the caller raises.
const char* Register(lua_State* L) {
  LoadedFunction function;
  const int argc = lua_gettop(L);
  if (argc == 2) {
    if (!lua_isstring(L, 1)) {
      return "first argument to redis.register_function must be a string";
    }
    if (!lua_isfunction(L, 2)) {
      return "second argument to redis.register_function must be a function";
    }
    size_t len = 0;
    const char* s = lua_tolstring(L, 1, &len);
    function.name.assign(s, len);
  } else if (argc == 1) {
    if (!lua_istable(L, 1)) {
      return "calling redis.register_function with a single argument is only "
             "applicable to Lua table (representing named arguments).";
    }
    if (const char* err = ReadNamedArgs(L, &function)) return err;
  } else {
    return "wrong number of arguments to redis.register_function";
  }
  if (!ValidName(function.name)) {
    return "Library names can only contain letters, numbers, or "
           "underscores(_) and must be at least one character long";
  }
  // Case-sensitive here, as in Redis: 'f' and 'F' may share a library.
  for (const LoadedFunction& f : *loading) {
    if (f.name == function.name) {
      return "Function already exists in the library";
    }
  }
  lua_pushcclosure(L, CallFunction, 1);  // the callback at the top
  function.handle = luaL_ref(L, LUA_REGISTRYINDEX);
  loading->push_back(std::move(function));
  return nullptr;
}

int LuaRegisterFunction(lua_State* L) {
  if (loading == nullptr) {
    return lua::RaiseErrorTable(
        L,
        "ERR redis.register_function can only be called on FUNCTION LOAD "
        "command");
  }
  const char* err = Register(L);
  if (err == nullptr) return 0;
  lua_pushstring(L, err);
  return lua_error(L);
}

// Makes an empty proxy for the table at `real` (absolute) with `index` as
// its __index (the real table when 0), read-only, known to the sandbox's
// rawset/setmetatable as protected. [-0, +1, m]
void PushProtected(lua_State* L, lua::Runtime& rt, int real, int index) {
  lua_newtable(L);
  lua_createtable(L, 0, 2);
  lua_pushvalue(L, index != 0 ? index : real);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, ReadOnlyNewIndex);
  lua_setfield(L, -2, "__newindex");
  lua_setmetatable(L, -2);
  lua_rawgeti(L, LUA_REGISTRYINDEX, rt.proxies_ref);
  lua_pushvalue(L, -2);
  lua_pushvalue(L, real);
  lua_rawset(L, -3);
  lua_pop(L, 1);
}

}  // namespace

FunctionLua::FunctionLua(lua::LuaSandbox& sandbox) : sandbox_(sandbox) {
  lua_State* L = sandbox.state();
  lua::Runtime& rt = *lua::GetRuntime(L);
  const int top = lua_gettop(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, rt.globals_ref);
  const int g = lua_gettop(L);
  // The real redis table behind the globals' read-only proxy.
  lua_rawgeti(L, LUA_REGISTRYINDEX, rt.proxies_ref);
  lua_getfield(L, g, "redis");
  lua_rawget(L, -2);
  const int redis = lua_gettop(L);

  // Run time: everything but the EVAL-only members.
  lua_newtable(L);
  const int run_redis = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, redis) != 0) {
    const std::string_view key =
        lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "";
    if (key == "breakpoint" || key == "debug" || key == "replicate_commands") {
      lua_pop(L, 1);
      continue;
    }
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, run_redis);
  }
  PushProtected(L, rt, run_redis, 0);
  const int run_redis_proxy = lua_gettop(L);

  // Load time: register_function, log and the constants.
  lua_newtable(L);
  const int load_redis = lua_gettop(L);
  lua_pushcfunction(L, LuaRegisterFunction);
  lua_setfield(L, load_redis, "register_function");
  for (const char* name : {"log", "LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE",
                           "LOG_WARNING", "REDIS_VERSION",
                           "REDIS_VERSION_NUM"}) {
    lua_getfield(L, redis, name);
    lua_setfield(L, load_redis, name);
  }
  lua_pushvalue(L, load_redis);
  lua_pushcclosure(L, LoadRedisIndex, 1);
  const int load_redis_index = lua_gettop(L);
  PushProtected(L, rt, load_redis, load_redis_index);
  const int load_redis_proxy = lua_gettop(L);

  lua_pushvalue(L, load_redis_proxy);
  lua_getfield(L, g, "select");
  lua_pushcclosure(L, LoadIndex, 2);
  load_index_ref_ = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_pushvalue(L, run_redis_proxy);
  lua_pushvalue(L, g);
  lua_pushcclosure(L, RunIndex, 2);
  run_index_ref_ = luaL_ref(L, LUA_REGISTRYINDEX);

  // The environment every library chunk (and so every callback) gets.
  lua_newtable(L);
  lua_createtable(L, 0, 2);
  lua_rawgeti(L, LUA_REGISTRYINDEX, run_index_ref_);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, ReadOnlyNewIndex);
  lua_setfield(L, -2, "__newindex");
  lua_pushvalue(L, -1);
  env_meta_ref_ = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_setmetatable(L, -2);
  lua_rawgeti(L, LUA_REGISTRYINDEX, rt.proxies_ref);
  lua_pushvalue(L, -2);
  lua_pushvalue(L, g);
  lua_rawset(L, -3);
  lua_pop(L, 1);
  env_ref_ = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_settop(L, top);
}

namespace {

// Runs the chunk on top of the stack with no error handler. Argument: none.
int RunChunk(lua_State* L) {
  lua_call(L, 0, 0);
  return 0;
}

}  // namespace

absl::StatusOr<std::vector<LoadedFunction>> FunctionLua::Load(
    std::string_view body) {
  absl::StatusOr<int> chunk = sandbox_.Compile(body, "@user_function");
  if (!chunk.ok()) {
    return absl::InvalidArgumentError(
        "ERR Error compiling function: " +
        std::string(chunk.status().message()));
  }
  lua_State* L = sandbox_.state();
  const int top = lua_gettop(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, *chunk);
  lua_rawgeti(L, LUA_REGISTRYINDEX, env_ref_);
  lua_setfenv(L, -2);
  sandbox_.Release(*chunk);

  lua_rawgeti(L, LUA_REGISTRYINDEX, env_meta_ref_);
  const int meta = lua_gettop(L);
  lua_rawgeti(L, LUA_REGISTRYINDEX, load_index_ref_);
  lua_setfield(L, meta, "__index");

  std::vector<LoadedFunction> functions;
  loading = &functions;
  lua_pushcfunction(L, RunChunk);
  lua_pushvalue(L, meta - 1);
  const int status = lua_pcall(L, 1, 0, 0);
  loading = nullptr;
  lua_rawgeti(L, LUA_REGISTRYINDEX, run_index_ref_);
  lua_setfield(L, meta, "__index");

  std::string error;
  if (status != 0) {
    if (lua_istable(L, -1)) {
      lua_getfield(L, -1, "err");
      error = lua_isstring(L, -1) ? lua_tostring(L, -1) : "ERR unknown error";
      lua_pop(L, 1);
    } else {
      error = "ERR ";
      error += lua_isstring(L, -1) ? lua_tostring(L, -1) : "unknown error";
    }
  }
  lua_settop(L, top);
  if (status != 0) {
    for (const LoadedFunction& f : functions) Release(f);
    return absl::InvalidArgumentError("ERR Error registering functions: " +
                                      error);
  }
  if (functions.empty()) {
    return absl::InvalidArgumentError("ERR No functions registered");
  }
  return functions;
}

void FunctionLua::Release(const LoadedFunction& function) {
  sandbox_.Release(function.handle);
}

}  // namespace luakv
