// Runtime: the state behind one LuaSandbox that its C functions share. It is
// the allocator's user data, so any C function or hook reaches it from its
// lua_State in two loads (lua_getallocf) without a registry lookup.
//
// Internal to lua_bindings.

#ifndef LUAKV_LUA_BINDINGS_RUNTIME_H_
#define LUAKV_LUA_BINDINGS_RUNTIME_H_

#include <lua.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lua_bindings/command_host.h"
#include "lua_bindings/lua_sink.h"
#include "lua_bindings/sandbox.h"

namespace luakv::lua {

struct Runtime {
  lua_State* L = nullptr;

  // Allocator accounting (every byte the VM holds) and an optional cap.
  size_t used_bytes = 0;
  size_t limit_bytes = 0;  // 0: none

  // The current invocation; host is null between runs.
  CommandHost* host = nullptr;
  int resp = 2;      // redis.setresp
  bool in_call = false;
  int pcall_depth = 0;  // scripts' pcall frames now open

  // Instruction budget of the current run (0: none).
  uint64_t budget = 0;
  uint64_t executed = 0;
  int hook_period = 0;
  bool budget_exceeded = false;
  bool hook_armed = false;  // CountHook installed (it may outlive a run)
  // Polled by the count hook; null when nothing may interrupt the run.
  Interrupter* interrupter = nullptr;
  // Once set, the hook raises it on every instruction.
  std::string_view stop_error;

  // Redis's math.random generator (48-bit LCG, as lrand48).
  uint64_t rand48 = 0x1234ABCD330EULL;

  // redis.call scratch, reused so a call allocates nothing of its own:
  // argument i that is a number is printed at number_text[i * kNumberText].
  static constexpr size_t kNumberText = 32;
  std::vector<std::string_view> argv;
  std::vector<char> number_text;
  LuaSink sink;

  // Registry references.
  int globals_ref = LUA_NOREF;   // the real globals table (scripts see a proxy)
  // The globals of code that can change no table: the real globals' copy
  // with the real library tables (see ProtectGlobals).
  int direct_globals_ref = LUA_NOREF;
  int real_to_proxy_ref = LUA_NOREF;  // real library table -> its proxy
  int handler_ref = LUA_NOREF;   // __redis__err__handler
  int proxies_ref = LUA_NOREF;   // proxy -> real table
  int views_ref = LUA_NOREF;     // proxy -> what getmetatable shows
  int string_view_ref = LUA_NOREF;  // getmetatable('') for scripts
  int next_ref = LUA_NOREF;      // the builtin next
  int counted_name_ref = LUA_NOREF;  // "ignore_error_stats_update"

  // The global KEYS or ARGV as the last run left it.
  struct ArrayGlobal {
    int name_ref = LUA_NOREF;   // the string "KEYS" or "ARGV"
    int table_ref = LUA_NOREF;  // the table the global was last set to
    size_t count = 0;           // how many items it was last filled with
  };
  ArrayGlobal keys, args;
  // When set, both tables hold exactly their first `count` entries and
  // nothing else: the run that followed their filling could change no
  // table (ChunkEffects::may_change_tables).
  bool arrays_exact = false;
  // Indexed by function reference: compiled code that can change no table.
  std::vector<bool> keeps_tables;

  int runs = 0;  // for the periodic GC step

  // Calls that re-enter the VM from C (pcall, load's reader, string.gsub,
  // table.sort and table.foreach callbacks, coroutine resumes) nest on the
  // C stack. Lua 5.1 allows 200 such levels (LUAI_MAXCCALLS) and answers
  // "C stack overflow" past them; the guard counts the same levels by the
  // frame address of each check, so an error unwinding many levels at once
  // needs no bookkeeping, and also stops short of the thread's real stack.
  struct CStack {
    static constexpr int kMaxCalls = 200;
    // Past the limit Lua 5.1 lets a few more calls through (an error
    // handler must run) and then gives up with "error in error handling".
    static constexpr int kHardMaxCalls = kMaxCalls + kMaxCalls / 8;
    uintptr_t floor = 0;  // lowest frame address a check accepts
    int depth = 0;        // live entries in `frames`
    uintptr_t frames[kHardMaxCalls];
  } cstack;
};

inline Runtime* GetRuntime(lua_State* L) {
  void* ud = nullptr;
  lua_getallocf(L, &ud);
  return static_cast<Runtime*>(ud);
}

// Raises Redis's error table for `text` ("CODE message"). [-0, +1, v]
int RaiseErrorTable(lua_State* L, std::string_view text);

// Starts the C-stack accounting of a run on this thread.
void ResetCStack(Runtime& rt);
// Counts one C-to-Lua call level made by the lua_CFunction whose frame is
// `frame` (__builtin_frame_address(0) in that function): raises "C stack
// overflow" as Lua 5.1 does when it is one too many. [-0, +0, v]
void CheckCStack(lua_State* L, const void* frame);
// The same without raising: null when the level is counted, else the
// error message. [-0, +0, -]
const char* EnterCStack(lua_State* L, const void* frame);
// True when the C stack is nearly exhausted (the count hook's safety net).
bool CStackExhausted(const Runtime& rt, const void* frame);

// Setup steps, in the order LuaSandbox runs them while the globals are
// still writable. Each leaves the stack as it found it.
//
// Sets the global `redis` (redis_api.cc).
void RegisterRedisApi(lua_State* L);
// Replaces pcall, loadstring, load, math.random, math.randomseed,
// string.rep and coroutine.yield with Redis's / Lua 5.1's versions
// (base_lib.cc).
void RegisterBaseOverrides(lua_State* L);
// Routes string.gsub, table.sort, coroutine.resume and coroutine.wrap
// through the C-stack guard (base_lib.cc).
void GuardReentrantCalls(lua_State* L);
// Sets the global __redis__err__handler and rt.handler_ref (base_lib.cc).
void RegisterErrorHandler(lua_State* L, Runtime& rt);

// Filters the globals and library tables down to Redis's allowlist and adds
// the Lua 5.1 members LuaJIT lacks (allowlist.cc).
void ApplyAllowlist(lua_State* L);

// Makes the globals and every library table read-only and installs the
// proxy-aware rawget/rawset/next/pairs/getmetatable/setmetatable/table.*
// (protect.cc). After this, LUA_GLOBALSINDEX is the read-only view.
void ProtectGlobals(lua_State* L, Runtime& rt);

// Compiles `source` text-only with Lua 5.1 compatibility (source_compat.h)
// and pushes the function, or pushes the error message and returns false.
// [-0, +1, m]
bool LoadText(lua_State* L, std::string_view source, std::string_view chunkname);

}  // namespace luakv::lua

#endif  // LUAKV_LUA_BINDINGS_RUNTIME_H_
