#include "lua_bindings/sandbox.h"

#include <lua.hpp>

#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "lua_bindings/bytecode_scan.h"
#include "lua_bindings/libs/lua_libs.h"
#include "lua_bindings/lua_reply.h"
#include "lua_bindings/runtime.h"

namespace luakv::lua {
namespace {

constexpr int kHookPeriod = LuaSandbox::kHookPeriod;
// Every 50 invocations (Redis's LUA_GC_CYCLE_PERIOD) Redis runs 50 KB worth
// of GC steps, which also keeps collecting after a script stopped the GC
// (collectgarbage('stop')). LuaJIT's incremental collector keeps pace with
// allocation by itself, and a forced step starts a new cycle each time, so
// the step is only taken when a script left the collector stopped.
constexpr int kGcPeriod = 50;

void* Allocate(void* ud, void* ptr, size_t osize, size_t nsize) {
  Runtime* rt = static_cast<Runtime*>(ud);
  if (nsize == 0) {
    std::free(ptr);
    rt->used_bytes -= osize;
    return nullptr;
  }
  if (rt->limit_bytes != 0 && nsize > osize &&
      rt->used_bytes + (nsize - osize) > rt->limit_bytes) {
    return nullptr;  // LuaJIT raises "not enough memory"
  }
  void* p = ptr == nullptr ? std::malloc(nsize) : std::realloc(ptr, nsize);
  if (p == nullptr) return nullptr;
  rt->used_bytes = rt->used_bytes - osize + nsize;
  return p;
}

void OpenLibrary(lua_State* L, lua_CFunction open, const char* name) {
  lua_pushcfunction(L, open);
  lua_pushstring(L, name);
  lua_call(L, 1, 0);
}

// Builds the environment while the globals are still writable, then locks
// them. Runs protected (lua_cpcall). [-0, +0, m]
int Setup(lua_State* L) {
  Runtime& rt = *static_cast<Runtime*>(lua_touserdata(L, 1));
  lua_settop(L, 0);
  OpenLibrary(L, luaopen_base, "");  // also opens coroutine
  OpenLibrary(L, luaopen_table, LUA_TABLIBNAME);
  OpenLibrary(L, luaopen_string, LUA_STRLIBNAME);
  OpenLibrary(L, luaopen_math, LUA_MATHLIBNAME);
  OpenLibrary(L, luaopen_bit, LUA_BITLIBNAME);
  OpenCjson(L);
  OpenCmsgpack(L);
  OpenStruct(L);
  PatchBit(L);
  RegisterBaseOverrides(L);
  GuardReentrantCalls(L);
  RegisterRedisApi(L);
  RegisterErrorHandler(L, rt);
  ApplyAllowlist(L);
  ProtectGlobals(L, rt);
  // Keys the reply conversion looks up stay interned, so converting a
  // result never allocates a string.
  lua_createtable(L, 8, 0);
  const char* keys[] = {"err",  "ok",  "double", "big_number", "verbatim_string",
                        "format", "string", "map", "set", "KEYS", "ARGV"};
  int i = 1;
  for (const char* k : keys) {
    lua_pushstring(L, k);
    lua_rawseti(L, -2, i++);
  }
  luaL_ref(L, LUA_REGISTRYINDEX);
  return 0;
}

void PushArray(lua_State* L, std::span<const std::string_view> items) {
  lua_createtable(L, static_cast<int>(items.size()), 0);
  int i = 1;
  for (std::string_view s : items) {
    lua_pushlstring(L, s.data(), s.size());
    lua_rawseti(L, -2, i++);
  }
}

// Writes `items` at 1..n of the table at `t` and clears n+1..`old_count`.
void Refill(lua_State* L, int t, std::span<const std::string_view> items,
            size_t old_count) {
  int i = 1;
  for (std::string_view s : items) {
    lua_pushlstring(L, s.data(), s.size());
    lua_rawseti(L, t, i++);
  }
  for (size_t j = items.size() + 1; j <= old_count; ++j) {
    lua_pushnil(L);
    lua_rawseti(L, t, static_cast<int>(j));
  }
}

// Sets the global KEYS or ARGV (`array.name_ref`) to an array of `items`,
// and keeps that table in `array.table_ref`. The table the previous
// invocation got is refilled when, once 1..n are written, it holds nothing
// else and has no metatable: no script can keep a reference from one
// invocation to the next (all tables it could store one in are read-only),
// so a refilled table cannot be told from a fresh one, and the collector is
// spared two tables a call. Counting the entries, rather than trusting
// where LuaJIT keeps integer keys, also catches keys a script added that
// live in the hash part. The global is set in both environments
// (`globals` and `direct`, see ProtectGlobals).
void SetArrayGlobal(lua_State* L, int globals, int direct,
                    Runtime::ArrayGlobal& array,
                    std::span<const std::string_view> items) {
  array.count = items.size();
  lua_rawgeti(L, LUA_REGISTRYINDEX, array.name_ref);
  lua_pushvalue(L, -1);
  lua_rawget(L, globals);
  const int old = lua_gettop(L);
  if (lua_istable(L, old) && !lua_getmetatable(L, old)) {
    Refill(L, old, items, 0);
    size_t entries = 0;
    lua_pushnil(L);
    while (entries <= items.size() && lua_next(L, old) != 0) {
      lua_pop(L, 1);
      ++entries;
    }
    if (entries == items.size()) {
      lua_settop(L, old);
      lua_rawseti(L, LUA_REGISTRYINDEX, array.table_ref);
      lua_pop(L, 1);  // name
      return;
    }
  }
  lua_settop(L, old - 1);  // leaves the name
  PushArray(L, items);
  lua_pushvalue(L, -1);
  lua_rawseti(L, LUA_REGISTRYINDEX, array.table_ref);
  lua_pushvalue(L, -2);
  lua_pushvalue(L, -2);
  lua_rawset(L, direct);
  lua_rawset(L, globals);
}

// SetArrayGlobal after a run that could change no table: the table is
// known to hold exactly its last `count` entries, so it is refilled
// unchecked.
void RefillArrayGlobal(lua_State* L, Runtime::ArrayGlobal& array,
                       std::span<const std::string_view> items) {
  const size_t old_count = array.count;
  array.count = items.size();
  lua_rawgeti(L, LUA_REGISTRYINDEX, array.table_ref);
  Refill(L, lua_gettop(L), items, old_count);
  lua_pop(L, 1);
}

// Pushes the error handler and the script function with KEYS and ARGV set.
void PrepareCall(lua_State* L, Runtime& rt,
                 const LuaSandbox::Invocation& inv) {
  lua_rawgeti(L, LUA_REGISTRYINDEX, rt.handler_ref);
  const bool exact = rt.arrays_exact;
  rt.arrays_exact = false;
  if (exact) {
    RefillArrayGlobal(L, rt.keys, inv.keys);
    RefillArrayGlobal(L, rt.args, inv.args);
  } else {
    lua_rawgeti(L, LUA_REGISTRYINDEX, rt.globals_ref);
    lua_rawgeti(L, LUA_REGISTRYINDEX, rt.direct_globals_ref);
    const int direct = lua_gettop(L);
    SetArrayGlobal(L, direct - 1, direct, rt.keys, inv.keys);
    SetArrayGlobal(L, direct - 1, direct, rt.args, inv.args);
    lua_pop(L, 2);
  }
  lua_rawgeti(L, LUA_REGISTRYINDEX, inv.function);
}

// Whether the function with registry reference `ref` can change no table;
// false for references Compile did not make.
bool KeepsTables(const Runtime& rt, int ref) {
  return ref >= 0 && static_cast<size_t>(ref) < rt.keeps_tables.size() &&
         rt.keeps_tables[static_cast<size_t>(ref)];
}

void SetKeepsTables(Runtime& rt, int ref, bool keeps) {
  if (ref < 0) return;
  std::vector<bool>& all = rt.keeps_tables;
  if (static_cast<size_t>(ref) >= all.size()) {
    if (!keeps) return;
    all.resize(static_cast<size_t>(ref) + 1);
  }
  all[static_cast<size_t>(ref)] = keeps;
}

// Redis's kill mechanism: every kHookPeriod instructions the budget and the
// interrupter are consulted; once the run must stop, the hook fires on
// every instruction, so a pcall loop cannot swallow the error.
void CountHook(lua_State* L, lua_Debug* ar) {
  Runtime& rt = *GetRuntime(L);
  if (rt.stop_error.empty()) {
    if (rt.budget != 0) {
      rt.executed += static_cast<uint64_t>(rt.hook_period);
      if (rt.executed >= rt.budget) {
        rt.budget_exceeded = true;
        rt.stop_error = LuaSandbox::kBudgetExceededError;
      }
    }
    if (rt.stop_error.empty() && rt.interrupter != nullptr) {
      rt.stop_error = rt.interrupter->Poll();
    }
    if (rt.stop_error.empty()) {
      // A safety net under the call-level count: no path back into the
      // VM may take the thread's last stack pages.
      if (CStackExhausted(rt, __builtin_frame_address(0))) {
        lua_pushliteral(L, "C stack overflow");
        lua_error(L);
      }
      return;
    }
    lua_sethook(L, CountHook, LUA_MASKCOUNT, 1);
  }
  RaiseErrorTable(L, rt.stop_error);
}

// An error table made from a command's error reply (LuaSink marks it as
// Redis does), raised by redis.call or returned from redis.pcall.
// Raw access with a key interned at start-up: this runs outside any
// protected call, where a metamethod or an allocation must not happen.
bool IsCountedError(lua_State* L, const Runtime& rt, int idx) {
  idx = lua_gettop(L) + idx + 1;
  if (!lua_istable(L, idx)) return false;
  lua_rawgeti(L, LUA_REGISTRYINDEX, rt.counted_name_ref);
  lua_rawget(L, idx);
  const bool counted = lua_toboolean(L, -1) != 0;
  lua_pop(L, 1);
  return counted;
}

// The count hook stays installed from one run to the next: installing it
// rewrites the interpreter's dispatch table, which cost more than the hook
// itself on a short script. Only an instruction budget, which must count
// from the start of the run, or a stopped run (hook at every instruction)
// sets it again.
void ArmHook(Runtime& rt) {
  const bool wanted = rt.budget != 0 || rt.interrupter != nullptr;
  if (rt.budget != 0) {
    rt.executed = 0;
    rt.budget_exceeded = false;
    rt.hook_period = rt.budget < static_cast<uint64_t>(kHookPeriod)
                         ? static_cast<int>(rt.budget)
                         : kHookPeriod;
    lua_sethook(rt.L, CountHook, LUA_MASKCOUNT, rt.hook_period);
    rt.hook_armed = true;
  } else if (wanted && !rt.hook_armed) {
    rt.hook_period = kHookPeriod;
    lua_sethook(rt.L, CountHook, LUA_MASKCOUNT, kHookPeriod);
    rt.hook_armed = true;
  } else if (!wanted && rt.hook_armed) {
    lua_sethook(rt.L, nullptr, 0, 0);
    rt.hook_armed = false;
  }
}

// Between runs the hook finds no interrupter and returns at once.
void DisarmHook(Runtime& rt) {
  if (rt.budget != 0 || !rt.stop_error.empty()) {
    lua_sethook(rt.L, nullptr, 0, 0);
    rt.hook_armed = false;
  }
  rt.stop_error = {};
}

struct ErrorParts {
  std::string message;
  std::string source;
  std::string line;
  bool has_message = false;
  bool has_source = false;
  bool has_line = false;
};

void ReadField(lua_State* L, const char* field, std::string* out, bool* has) {
  lua_getfield(L, 1, field);
  if (lua_isstring(L, -1)) {
    size_t len = 0;
    const char* s = lua_tolstring(L, -1, &len);
    out->assign(UpToNul(std::string_view(s, len)));
    *has = true;
  }
  lua_pop(L, 1);
}

// Reads source/line/err of an error table (not raw, as Redis does). Runs
// protected: a metamethod may fail, and what was read before stays.
int ExtractError(lua_State* L) {
  auto* parts = static_cast<ErrorParts*>(lua_touserdata(L, 2));
  ReadField(L, "source", &parts->source, &parts->has_source);
  ReadField(L, "line", &parts->line, &parts->has_line);
  ReadField(L, "err", &parts->message, &parts->has_message);
  return 0;
}

std::string_view TrimTrailingCrLf(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

// The error on top of the stack as Redis replies it (spec §8).
void ReportError(lua_State* L, std::string_view name, ReplySink& sink) {
  if (!lua_istable(L, -1)) {
    // The handler was bypassed (out of memory, error in the handler).
    std::string_view msg = "execution failure";
    if (lua_isstring(L, -1)) msg = UpToNul(lua_tostring(L, -1));
    std::string text = "ERR Error running script ";
    text.append(name);
    text.append(", ");
    text.append(msg.substr(0, 100));
    sink.Error(TrimTrailingCrLf(text));
    return;
  }
  ErrorParts parts;
  lua_pushcfunction(L, ExtractError);
  lua_pushvalue(L, -2);
  lua_pushlightuserdata(L, &parts);
  if (lua_pcall(L, 2, 0, 0) != 0) lua_pop(L, 1);
  // Redis 7.0.15 crashes on an error table without a string err (spec §8);
  // later releases reply a generic error, as we do.
  std::string text =
      parts.has_message ? parts.message : std::string("ERR unknown error");
  if (parts.has_source && parts.has_line) {
    text.append(" script: ");
    text.append(name);
    text.append(", on ");
    text.append(parts.source);
    text.append(":");
    text.append(parts.line);
    text.append(".");
    sink.Error(text);
    return;
  }
  sink.Error(TrimTrailingCrLf(text));
}

}  // namespace

absl::StatusOr<std::unique_ptr<LuaSandbox>> LuaSandbox::Create(
    SandboxOptions options) {
  std::unique_ptr<LuaSandbox> sandbox(new LuaSandbox(options));
  absl::Status status = sandbox->Init();
  if (!status.ok()) return status;
  return sandbox;
}

LuaSandbox::LuaSandbox(SandboxOptions options)
    : options_(options), rt_(std::make_unique<Runtime>()) {
  rt_->limit_bytes = options.memory_limit;
  rt_->budget = options.instruction_budget;
  rt_->argv.reserve(16);
}

absl::Status LuaSandbox::Init() {
  lua_State* L = lua_newstate(Allocate, rt_.get());
  if (L == nullptr) {
    return absl::ResourceExhaustedError("cannot create a Lua state");
  }
  rt_->L = L;
  // Scripts run interpreted: the count hook must see every loop.
  luaJIT_setmode(L, 0, LUAJIT_MODE_ENGINE | LUAJIT_MODE_OFF);
  if (lua_cpcall(L, Setup, rt_.get()) != 0) {
    std::string msg = lua_isstring(L, -1) ? lua_tostring(L, -1) : "setup failed";
    return absl::ResourceExhaustedError("cannot set up the Lua sandbox: " + msg);
  }
  for (auto [array, name] : {std::pair{&rt_->keys, "KEYS"},
                              std::pair{&rt_->args, "ARGV"}}) {
    lua_pushstring(L, name);
    array->name_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pushboolean(L, 0);  // until the first run sets it
    array->table_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  }
  lua_pushliteral(L, "ignore_error_stats_update");
  rt_->counted_name_ref = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_settop(L, 0);
  return absl::OkStatus();
}

LuaSandbox::~LuaSandbox() {
  if (rt_->L != nullptr) {
    // Finish every finalizer while the engine's state is still alive
    // (CVE-2024-46981 was a VM closed mid-collection).
    lua_gc(rt_->L, LUA_GCCOLLECT, 0);
    lua_close(rt_->L);
  }
}

absl::StatusOr<int> LuaSandbox::Compile(std::string_view source,
                                        std::string_view chunkname) {
  lua_State* L = rt_->L;
  if (!LoadText(L, source, chunkname)) {
    std::string msg = lua_isstring(L, -1) ? lua_tostring(L, -1) : "";
    lua_pop(L, 1);
    return absl::InvalidArgumentError(msg);
  }
  // A chunk that assigns no global reads the real globals table, which
  // skips the proxy's metamethod on every global read; every other way to
  // write a global (rawset(_G, ...), _G.x = ...) goes through the proxy,
  // and nothing hands the real table to a script. One that can change no
  // table at all also reads the real library tables (ProtectGlobals).
  const ChunkEffects effects = ScanChunk(L, -1, source);
  if (!effects.may_write_globals) {
    lua_rawgeti(L, LUA_REGISTRYINDEX, effects.may_change_tables
                                          ? rt_->globals_ref
                                          : rt_->direct_globals_ref);
    lua_setfenv(L, -2);
  }
  const int ref = luaL_ref(L, LUA_REGISTRYINDEX);
  SetKeepsTables(*rt_, ref, !effects.may_change_tables);
  return ref;
}

void LuaSandbox::Release(int function) {
  // Registry numbers are reused; the next holder of this one starts unknown.
  SetKeepsTables(*rt_, function, false);
  luaL_unref(rt_->L, LUA_REGISTRYINDEX, function);
}

bool LuaSandbox::Run(const Invocation& invocation, CommandHost& host,
                     ReplySink& sink) {
  lua_State* L = rt_->L;
  Runtime& rt = *rt_;
  lua_settop(L, 0);
  rt.host = &host;
  rt.resp = 2;
  rt.in_call = false;
  rt.pcall_depth = 0;
  rt.interrupter = invocation.interrupter;
  rt.stop_error = {};
  ResetCStack(rt);
  ArmHook(rt);
  // KEYS and ARGV are as large as the caller's own arguments; they are
  // built outside the cap, so setting them cannot fail part way and the
  // script runs under one protected call. A run that starts over the cap
  // fails at its first allocation.
  const size_t limit = rt.limit_bytes;
  rt.limit_bytes = 0;
  PrepareCall(L, rt, invocation);
  rt.limit_bytes = limit;
  host.BeforeScript();
  // The error handler stays below the result until the final settop:
  // everything below reads the result from the top.
  const int status = lua_pcall(L, 0, 1, 1);
  // Code that can change no table left KEYS and ARGV as PrepareCall filled
  // them, unless it failed: the error handler adds `source` and `line` to a
  // table raised as the error, which may be KEYS (error(KEYS)).
  rt.arrays_exact = status == 0 && KeepsTables(rt, invocation.function);
  rt.interrupter = nullptr;
  if (status != LUA_ERRMEM && IsCountedError(L, rt, -1)) {
    host.ErrorAlreadyCounted();
  }
  if (status == 0) {
    // Redis holds the error handler below the value while converting.
    WriteLuaReply(L, sink, rt.resp, /*base_height=*/2);
  } else if (status == LUA_ERRMEM && rt.limit_bytes != 0) {
    // The allocator refused past the cap; the error handler never ran.
    std::string text(kMemoryLimitError);
    text.append(" script: ");
    text.append(invocation.name);
    sink.Error(text);
  } else {
    ReportError(L, invocation.name, sink);
  }
  rt.host = nullptr;
  // Code run outside an invocation (a library's body at FUNCTION LOAD)
  // starts from an empty count and no floor.
  rt.cstack.depth = 0;
  rt.cstack.floor = 0;
  lua_settop(L, 0);
  DisarmHook(rt);
  if (status == LUA_ERRMEM) {
    // Give back what the failed script built so the next run has room.
    lua_gc(L, LUA_GCCOLLECT, 0);
  }
  if (++rt.runs >= kGcPeriod) {
    rt.runs = 0;
    if (lua_gc(L, LUA_GCISRUNNING, 0) == 0) lua_gc(L, LUA_GCSTEP, kGcPeriod);
  }
  return status == 0;
}

size_t LuaSandbox::memory_bytes() const { return rt_->used_bytes; }

void LuaSandbox::set_memory_limit(size_t bytes) { rt_->limit_bytes = bytes; }

uint64_t LuaSandbox::random_state() const { return rt_->rand48; }

void LuaSandbox::set_random_state(uint64_t state) { rt_->rand48 = state; }

lua_State* LuaSandbox::state() const { return rt_->L; }

}  // namespace luakv::lua
