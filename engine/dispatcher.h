// Dispatch: the one path every command takes, whoever sends it (host API,
// server adapter, or later a script): look the command up, check its arity,
// run its handler. Checks that depend on the caller (scripts' noscript and
// write rules, busy scripts, memory limits) are added here, in the order
// Redis makes them, so no handler repeats them.

#ifndef LUAKV_ENGINE_DISPATCHER_H_
#define LUAKV_ENGINE_DISPATCHER_H_

#include <span>
#include <string_view>

#include "engine/cluster/cluster_check.h"
#include "engine/command_spec.h"
#include "engine/engine_core.h"
#include "luakv/reply_sink.h"
#include "luakv/session.h"

namespace luakv {

// Resolves argv to the spec that will run it (a subcommand for containers).
// On failure writes Redis's error (unknown command, unknown subcommand,
// wrong arity) to `sink` and returns null.
const CommandSpec* ResolveCommand(std::span<const std::string_view> argv,
                                  ReplySink& sink);

// Runs one command. REQUIRES: the engine's lock is held and the command
// clock started.
void Dispatch(EngineCore& core, Session& session,
              std::span<const std::string_view> argv, ReplySink& sink);

// What the dispatcher knows about the script a command comes from.
struct ScriptCallState {
  // EVAL_RO, EVALSHA_RO or a no-writes script: write and may-replicate
  // commands are refused.
  bool read_only = false;
  // Set once a write command ran (a killed or failing script has changed
  // data from then on).
  bool wrote = false;
  // The keyspace was over Options::maxmemory when the script started and
  // the script has no allow-oom flag: deny-oom commands are refused until
  // it has written.
  bool oom = false;
  // Options::cluster_checks: the slot the script is tied to.
  cluster::ScriptSlot cluster;
  // Options::script_determinism is kStrict for this run: writes are refused
  // once `ran_nondeterministic`, SPOP always, and unordered replies are
  // sorted (scripting/determinism.h).
  bool strict = false;
  // A command with nondeterministic output ran.
  bool ran_nondeterministic = false;
  // Write commands are recorded for Options::on_change as the script's
  // effects (kEffects, and redis.set_repl not REPL_NONE).
  bool record_effects = false;
  // The keyspace time the script started with, for the change log.
  int64_t time_ms = 0;
};

// True when Options::maxmemory is set and the keyspace is above it.
bool OverMaxmemory(const EngineCore& core);

// Runs one command issued by a script (redis.call), with Redis's checks in
// Redis's order (spec §2.3): unknown command or subcommand, wrong arity,
// noscript, write in a read-only script, write after a nondeterministic
// command (strict mode), over maxmemory. Each refusal is an error reply
// with Redis's script text. The script's time stays frozen; `session` is the
// script's own (its SELECT does not reach the caller). `spec` is what
// CommandTable::Resolve found for argv, null when unknown. REQUIRES: the
// engine's lock is held.
void DispatchFromScript(EngineCore& core, Session& session,
                        const CommandSpec* spec,
                        std::span<const std::string_view> argv,
                        ReplySink& sink, ScriptCallState& state);

}  // namespace luakv

#endif  // LUAKV_ENGINE_DISPATCHER_H_
