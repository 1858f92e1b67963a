// The `redis` table of EVAL scripts (spec §2): call, pcall, error_reply,
// status_reply, sha1hex, log, setresp, set_repl, replicate_commands,
// breakpoint, debug, acl_check_cmd and the constants. Texts and argument
// rules are Redis 7.0's.

#include <cmath>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <string>

#include "lua_bindings/lua_reply.h"
#include "lua_bindings/lua_sink.h"
#include "lua_bindings/runtime.h"
#include "lua_bindings/sha1.h"

namespace luakv::lua {
namespace {

constexpr const char kVersion[] = "7.0.15";
constexpr int kVersionNum = (7 << 16) | (0 << 8) | 15;

constexpr std::string_view kNoArgs =
    "ERR Please specify at least one argument for this redis lib call";
constexpr std::string_view kBadArgs =
    "ERR Lua redis lib command arguments must be strings or integers";

// A Lua number as a command argument: printf("%.17g") (Redis 7.0). Integral
// values below 2^53 print as plain integers either way; format those
// without printf, as they are what scripts pass (DECRBY k 30). `out` has
// Runtime::kNumberText bytes; returns the length written.
size_t FormatNumber(char* out, double v) {
  if (std::fabs(v) < 9007199254740992.0) {
    const int64_t i = static_cast<int64_t>(v);
    if (static_cast<double>(i) == v && !(i == 0 && std::signbit(v))) {
      return static_cast<size_t>(
          std::to_chars(out, out + Runtime::kNumberText, i).ptr - out);
    }
  }
  return static_cast<size_t>(
      std::snprintf(out, Runtime::kNumberText, "%.17g", v));
}

// Fills rt.argv from the arguments on the stack. False when one is neither
// a string nor a number. The views point into Lua strings on the stack and
// into rt.number_text; both outlive the command.
bool CollectArgs(lua_State* L, Runtime& rt, int argc) {
  const size_t n = static_cast<size_t>(argc);
  rt.argv.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const int idx = static_cast<int>(i) + 1;
    const int type = lua_type(L, idx);
    if (type == LUA_TSTRING) {
      size_t len = 0;
      const char* s = lua_tolstring(L, idx, &len);
      rt.argv[i] = std::string_view(s, len);
    } else if (type == LUA_TNUMBER) {
      // Grows at most once a call, before any view points into it.
      if (rt.number_text.size() < n * Runtime::kNumberText) {
        rt.number_text.resize(n * Runtime::kNumberText);
      }
      char* out = rt.number_text.data() + i * Runtime::kNumberText;
      rt.argv[i] = std::string_view(out, FormatNumber(out, lua_tonumber(L, idx)));
    } else {
      return false;
    }
  }
  return true;
}

// redis.call (raise = true) and redis.pcall. [-n, +1, e]
int GenericCall(lua_State* L, bool raise) {
  Runtime& rt = *GetRuntime(L);
  if (rt.host == nullptr) {
    return RaiseErrorTable(
        L, "ERR redis.call/pcall can only be called inside a script invocation");
  }
  const int argc = lua_gettop(L);
  if (argc == 0) {
    PushErrorTable(L, kNoArgs);
    return raise ? lua_error(L) : 1;
  }
  if (!CollectArgs(L, rt, argc)) {
    PushErrorTable(L, kBadArgs);
    return raise ? lua_error(L) : 1;
  }
  if (rt.in_call) {
    // Only a debug hook could get here; Redis returns (not raises) this.
    PushErrorTable(L,
                   "ERR luaRedisGenericCommand() recursive call detected. Are "
                   "you doing funny stuff with Lua debug hooks?");
    return 1;
  }
  rt.in_call = true;
  rt.sink.Reset(L, rt.resp);
  rt.host->Call(rt.argv, rt.sink);
  rt.in_call = false;
  if (!rt.sink.done()) {
    // A host must write one reply; never leave the script without a value.
    lua_settop(L, argc);
    PushErrorTable(L, "ERR command produced no reply");
    return raise ? lua_error(L) : 1;
  }
  if (raise && rt.sink.is_error()) return lua_error(L);
  return 1;
}

int LuaRedisCall(lua_State* L) { return GenericCall(L, true); }
int LuaRedisPcall(lua_State* L) { return GenericCall(L, false); }

int LuaRedisSha1Hex(lua_State* L) {
  if (lua_gettop(L) != 1) {
    return RaiseErrorTable(L, "ERR wrong number of arguments");
  }
  // Numbers hash as their text; anything else as "" (a Redis quirk).
  size_t len = 0;
  const char* s = lua_tolstring(L, 1, &len);
  const std::string hex = Sha1Hex(s == nullptr ? std::string_view()
                                               : std::string_view(s, len));
  lua_pushlstring(L, hex.data(), hex.size());
  return 1;
}

// redis.error_reply(s): {err='CODE msg'}; bad arguments are returned, not
// raised, as an error table.
int LuaRedisErrorReply(lua_State* L) {
  if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) {
    PushErrorTable(L, "ERR wrong number or type of arguments");
    return 1;
  }
  std::string_view text = lua_tostring(L, -1);  // ends at a NUL, as in Redis
  if (!text.empty() && text[0] == '-') text.remove_prefix(1);
  PushErrorTable(L, text);
  return 1;
}

int LuaRedisStatusReply(lua_State* L) {
  if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) {
    PushErrorTable(L, "ERR wrong number or type of arguments");
    return 1;
  }
  lua_createtable(L, 0, 1);
  lua_pushvalue(L, -2);
  lua_setfield(L, -2, "ok");
  return 1;
}

int LuaRedisLog(lua_State* L) {
  const int argc = lua_gettop(L);
  if (argc < 2) {
    return RaiseErrorTable(L, "ERR redis.log() requires two arguments or more.");
  }
  if (!lua_isnumber(L, 1)) {
    return RaiseErrorTable(L, "ERR First argument must be a number (log level).");
  }
  const int level = static_cast<int>(lua_tonumber(L, 1));
  if (level < 0 || level > 3) {
    return RaiseErrorTable(L, "ERR Invalid debug level.");
  }
  Runtime& rt = *GetRuntime(L);
  if (rt.host == nullptr) return 0;
  std::string message;
  for (int i = 2; i <= argc; ++i) {
    size_t len = 0;
    const char* s = lua_tolstring(L, i, &len);
    if (s == nullptr) continue;  // not a string or number: skipped
    // Redis puts the separator by position: a skipped first piece still
    // leaves a space before the second.
    if (i != 2) message.push_back(' ');
    message.append(s, len);
  }
  rt.host->Log(level, message);
  return 0;
}

int LuaRedisSetResp(lua_State* L) {
  Runtime& rt = *GetRuntime(L);
  if (rt.host == nullptr) {
    return RaiseErrorTable(
        L, "ERR redis.setresp can only be called inside a script invocation");
  }
  if (lua_gettop(L) != 1) {
    return RaiseErrorTable(L, "ERR redis.setresp() requires one argument.");
  }
  const int resp = static_cast<int>(lua_tonumber(L, 1));
  if (resp != 2 && resp != 3) {
    return RaiseErrorTable(L, "ERR RESP version must be 2 or 3.");
  }
  rt.resp = resp;
  return 0;
}

int LuaRedisSetRepl(lua_State* L) {
  Runtime& rt = *GetRuntime(L);
  if (rt.host == nullptr) {
    return RaiseErrorTable(
        L, "ERR redis.set_repl can only be called inside a script invocation");
  }
  if (lua_gettop(L) != 1) {
    // Sic: Redis's text says two.
    return RaiseErrorTable(L, "ERR redis.set_repl() requires two arguments.");
  }
  const int flags = static_cast<int>(lua_tonumber(L, -1));
  if ((flags & ~3) != 0) {
    return RaiseErrorTable(L,
                           "ERR Invalid replication flags. Use REPL_AOF, "
                           "REPL_REPLICA, REPL_ALL or REPL_NONE.");
  }
  rt.host->SetReplication(flags);
  return 0;
}

int LuaRedisAclCheckCmd(lua_State* L) {
  Runtime& rt = *GetRuntime(L);
  if (rt.host == nullptr) {
    return RaiseErrorTable(
        L, "ERR redis.acl_check_cmd can only be called inside a script invocation");
  }
  const int argc = lua_gettop(L);
  if (argc == 0) return RaiseErrorTable(L, kNoArgs);
  if (!CollectArgs(L, rt, argc)) return RaiseErrorTable(L, kBadArgs);
  switch (rt.host->AclCheck(rt.argv)) {
    case CommandHost::AclResult::kUnknownCommand:
      return RaiseErrorTable(
          L, "ERR Invalid command passed to redis.acl_check_cmd()");
    case CommandHost::AclResult::kDenied:
      lua_pushboolean(L, 0);
      return 1;
    case CommandHost::AclResult::kAllowed:
      break;
  }
  lua_pushboolean(L, 1);
  return 1;
}

// Deprecated in 7.0: scripts are always replicated by effects.
int LuaRedisReplicateCommands(lua_State* L) {
  Runtime& rt = *GetRuntime(L);
  lua_pushboolean(L, rt.host == nullptr || rt.host->ReplicateCommands());
  return 1;
}

// No debugger: never stops, logs nothing.
int LuaRedisBreakpoint(lua_State* L) {
  lua_pushboolean(L, 0);
  return 1;
}
int LuaRedisDebug(lua_State* L) { return 0; }

void SetNumber(lua_State* L, const char* name, double v) {
  lua_pushnumber(L, v);
  lua_setfield(L, -2, name);
}

void SetFunction(lua_State* L, const char* name, lua_CFunction f) {
  lua_pushcfunction(L, f);
  lua_setfield(L, -2, name);
}

}  // namespace

void RegisterRedisApi(lua_State* L) {
  lua_createtable(L, 0, 32);
  SetFunction(L, "call", LuaRedisCall);
  SetFunction(L, "pcall", LuaRedisPcall);
  SetFunction(L, "log", LuaRedisLog);
  SetNumber(L, "LOG_DEBUG", 0);
  SetNumber(L, "LOG_VERBOSE", 1);
  SetNumber(L, "LOG_NOTICE", 2);
  SetNumber(L, "LOG_WARNING", 3);
  SetNumber(L, "REDIS_VERSION_NUM", kVersionNum);
  lua_pushstring(L, kVersion);
  lua_setfield(L, -2, "REDIS_VERSION");
  SetFunction(L, "setresp", LuaRedisSetResp);
  SetFunction(L, "sha1hex", LuaRedisSha1Hex);
  SetFunction(L, "error_reply", LuaRedisErrorReply);
  SetFunction(L, "status_reply", LuaRedisStatusReply);
  SetFunction(L, "set_repl", LuaRedisSetRepl);
  SetNumber(L, "REPL_NONE", 0);
  SetNumber(L, "REPL_AOF", 1);
  SetNumber(L, "REPL_SLAVE", 2);
  SetNumber(L, "REPL_REPLICA", 2);
  SetNumber(L, "REPL_ALL", 3);
  SetFunction(L, "acl_check_cmd", LuaRedisAclCheckCmd);
  SetFunction(L, "breakpoint", LuaRedisBreakpoint);
  SetFunction(L, "debug", LuaRedisDebug);
  SetFunction(L, "replicate_commands", LuaRedisReplicateCommands);
  lua_setglobal(L, "redis");
}

}  // namespace luakv::lua
