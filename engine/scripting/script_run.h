// Running an EVAL script: the CommandHost a script's redis.call reaches,
// and the entry points EVAL, EVALSHA, their _RO forms and the host API
// share once arguments are parsed.
//
// A run uses its own session: it starts in the caller's database, and a
// SELECT inside the script stays inside it. The keyspace's time is the time
// the EVAL started (the engine fixed it for the command), so no key expires
// half way through a script.

#ifndef LUAKV_ENGINE_SCRIPTING_SCRIPT_RUN_H_
#define LUAKV_ENGINE_SCRIPTING_SCRIPT_RUN_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/dispatcher.h"
#include "engine/engine_core.h"
#include "engine/scripting/script_cache.h"
#include "engine/scripting/script_supervisor.h"
#include "lua_bindings/command_host.h"
#include "lua_bindings/sandbox.h"
#include "luakv/reply_sink.h"
#include "luakv/session.h"

namespace luakv {

// One script execution as the Lua layer sees the engine.
class ScriptRun final : public lua::CommandHost, public lua::Interrupter {
 public:
  // `read_only`: EVAL_RO/EVALSHA_RO or a no-writes script.
  ScriptRun(EngineCore& core, const Session& caller, bool read_only);

  void Call(std::span<const std::string_view> argv, ReplySink& sink) override;
  AclResult AclCheck(std::span<const std::string_view> argv) override;
  void Log(int level, std::string_view message) override;
  void ErrorAlreadyCounted() override;
  void BeforeScript() override;
  void SetReplication(int flags) override;
  // Strict mode: switches this run to effects (Redis 3.2-6.2), unless it
  // already wrote (false).
  bool ReplicateCommands() override;
  // Polled by the sandbox's count hook: a kill request or the hard time
  // limit (Options::script_time_limit_ms) stops the script.
  std::string_view Poll() override;

  // Runs `invocation` in `sandbox` with this run as its host, under the
  // engine's supervision: other threads see a script of `kind` running
  // (BUSY, SCRIPT KILL / FUNCTION KILL, Engine::KillScript), and with
  // Options::rollback_failed_scripts a run that ends with an uncaught error
  // (raised, killed, out of memory or time) has its writes undone. Returns
  // what LuaSandbox::Run returns. REQUIRES: the engine's lock is held.
  bool Execute(lua::LuaSandbox& sandbox, lua::LuaSandbox::Invocation& invocation,
               ScriptSupervisor::Kind kind, ReplySink& sink);

  // True once the script ran a write command.
  bool wrote() const { return state_.wrote; }
  // Over maxmemory at the start and no allow-oom flag (dispatcher.h).
  void set_oom(bool oom) { state_.oom = oom; }
  // Options::cluster_checks: the slot the script starts tied to.
  void set_cluster_slot(const cluster::ScriptSlot& slot) {
    state_.cluster = slot;
  }

  // How the change log replays this run in strict mode: `command` ("EVAL",
  // "FCALL") naming `target` (the script's body, the function's name),
  // then the key count, keys and args. The views must outlive Execute.
  // Without it a strict run that wrote is logged by its effects.
  void set_replay_call(std::string_view command, std::string_view target,
                       std::span<const std::string_view> keys,
                       std::span<const std::string_view> args) {
    replay_ = {command, target, keys, args};
  }

 private:
  // The argv set_replay_call describes.
  std::vector<std::string> ReplayArgv() const;

  EngineCore& core_;
  Session session_;
  ScriptCallState state_;
  // Without rollback a script that wrote becomes unkillable (Redis).
  bool rollback_ = false;
  // The change log gets this run's write commands (kEffects, or a strict
  // run without a replay call or switched by redis.replicate_commands),
  // else the replay call.
  bool log_effects_ = true;
  // redis.set_repl: REPL_NONE stops recording effects.
  bool repl_ = true;
  lua::LuaSandbox* sandbox_ = nullptr;  // during Execute
  struct ReplayCall {
    std::string_view command;
    std::string_view target;
    std::span<const std::string_view> keys;
    std::span<const std::string_view> args;
  } replay_;
  int64_t deadline_us_ = 0;  // steady clock; 0: no time limit
  // When the busy threshold passes (steady clock), Redis's "Slow script
  // detected" warning goes to Options::script_log; 0: logged or not wanted.
  int64_t slow_after_us_ = 0;
  std::string_view name_;  // the sha or function name, for that warning
  std::span<const std::string_view> keys_;  // the run's KEYS, to prefetch
  static constexpr int kLogWarning = 3;

  void LogSlowScript(int64_t now_us);
};

// Runs a cached script for `caller` with KEYS = `keys`, ARGV = `args`, and
// writes its reply (or error) to `sink`. `read_only_command` is true for
// EVAL_RO and EVALSHA_RO. REQUIRES: the engine's lock is held and the
// command clock started.
void RunScript(EngineCore& core, Session& caller, const CachedScript& script,
               std::span<const std::string_view> keys,
               std::span<const std::string_view> args, bool read_only_command,
               ReplySink& sink);

// EVAL / EVAL_RO after numkeys is validated: looks the body up (compiling
// and caching it if new) and runs it.
void EvalBody(EngineCore& core, Session& caller, std::string_view body,
              std::span<const std::string_view> keys,
              std::span<const std::string_view> args, bool read_only_command,
              ReplySink& sink);

// EVALSHA / EVALSHA_RO after numkeys is validated: NOSCRIPT when the sha is
// not cached.
void EvalSha(EngineCore& core, Session& caller, std::string_view sha,
             std::span<const std::string_view> keys,
             std::span<const std::string_view> args, bool read_only_command,
             ReplySink& sink);

}  // namespace luakv

#endif  // LUAKV_ENGINE_SCRIPTING_SCRIPT_RUN_H_
