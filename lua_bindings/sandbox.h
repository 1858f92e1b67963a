// LuaSandbox: the LuaJIT state that runs Redis 7.0 scripts.
//
// One sandbox is one Lua VM, as Redis has one for EVAL: compiled scripts,
// the cjson settings, GC tuning and the math.random generator persist in it
// across invocations; SCRIPT FLUSH replaces it. What a script can see and do
// is Redis's (spec §3): an allowlist of globals and libraries, read-only
// globals and library tables with Redis's error texts, text-only loading
// everywhere (loadstring(string.dump(f)) fails), Redis's pcall, math.random
// and error handler, and the `redis` table (spec §2). The JIT compiler is
// off: scripts are short and dominated by C calls, and the instruction
// budget relies on a count hook that compiled traces would skip.
//
// Every byte the VM allocates goes through a counting allocator
// (memory_bytes()); an optional cap makes allocations past it fail with
// Lua's "not enough memory".
//
// Thread safety: none. The engine uses a sandbox under its lock only.

#ifndef LUAKV_LUA_BINDINGS_SANDBOX_H_
#define LUAKV_LUA_BINDINGS_SANDBOX_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "absl/status/statusor.h"
#include "lua_bindings/command_host.h"
#include "luakv/reply_sink.h"

struct lua_State;

namespace luakv::lua {

struct Runtime;

// What a run polls to learn it must stop (a kill request, a time limit).
// The count hook calls Poll() every kHookPeriod VM instructions; a non-empty
// result ends the run with that error ("CODE message"), raised again on
// every instruction afterwards so a script's pcall cannot swallow it. The
// view must stay valid until the run ends.
class Interrupter {
 public:
  virtual std::string_view Poll() = 0;

 protected:
  ~Interrupter() = default;
};

struct SandboxOptions {
  // Lua VM instructions one invocation may execute; 0 means no limit. The
  // run ends with kBudgetExceededError once it is spent (checked every
  // few thousand instructions; time spent inside one C function, such as
  // a long string.rep, is not counted).
  uint64_t instruction_budget = 0;
  // Bytes the VM may hold; 0 means no limit.
  size_t memory_limit = 0;
};

class LuaSandbox {
 public:
  // The error a run ends with when its instruction budget is spent.
  static constexpr std::string_view kBudgetExceededError =
      "ERR Script exceeded its instruction budget";

  // A ready sandbox, or ResourceExhausted when the VM cannot be created.
  static absl::StatusOr<std::unique_ptr<LuaSandbox>> Create(
      SandboxOptions options);
  ~LuaSandbox();
  LuaSandbox(const LuaSandbox&) = delete;
  LuaSandbox& operator=(const LuaSandbox&) = delete;

  // Compiles `source` as a chunk named `chunkname` ("@user_script" for
  // EVAL), as text only, with Lua 5.1's lexical rules (source_compat.h).
  // Returns a handle for Run, or InvalidArgument whose message is Lua's
  // ("user_script:1: unexpected symbol near '#'"). The function stays
  // referenced until Release.
  absl::StatusOr<int> Compile(std::string_view source,
                              std::string_view chunkname);
  void Release(int function);

  struct Invocation {
    int function = 0;           // from Compile
    std::string_view name;      // for error replies: "script: <name>, on ..."
    std::span<const std::string_view> keys;  // KEYS
    std::span<const std::string_view> args;  // ARGV
    // Polled while the script runs; null: only the instruction budget can
    // stop it.
    Interrupter* interrupter = nullptr;
  };
  // Instructions between two polls of the Interrupter (and budget checks).
  static constexpr int kHookPeriod = 1000;
  // The error a run ends with when an allocation fails under the memory
  // cap (the Lua error "not enough memory" is not catchable as a reply).
  static constexpr std::string_view kMemoryLimitError =
      "ERR Script exceeded the Lua memory limit";
  // Runs one invocation and writes exactly one reply to `sink`: the
  // script's return value converted as Redis does (spec §1.1), or its error
  // ("ERR user_script:1: boom script: <name>, on @user_script:1.").
  // redis.call reaches the engine through `host`. Never throws; a script
  // cannot leave the VM in a state that breaks the next run. Returns true
  // when the script returned (even an error reply it built itself), false
  // when it ended with an uncaught error: raised, killed, out of memory or
  // budget.
  bool Run(const Invocation& invocation, CommandHost& host, ReplySink& sink);

  // Bytes currently held by the VM.
  size_t memory_bytes() const;
  void set_memory_limit(size_t bytes);

  // The math.random generator's state. It belongs to the engine, not to
  // one VM: SCRIPT FLUSH carries it over (Redis does not reset it).
  uint64_t random_state() const;
  void set_random_state(uint64_t state);

  // For tests: the state and the run count's GC cadence.
  lua_State* state() const;

 private:
  explicit LuaSandbox(SandboxOptions options);
  absl::Status Init();

  SandboxOptions options_;
  std::unique_ptr<Runtime> rt_;
};

}  // namespace luakv::lua

#endif  // LUAKV_LUA_BINDINGS_SANDBOX_H_
