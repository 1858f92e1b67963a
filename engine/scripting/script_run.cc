#include "engine/scripting/script_run.h"

#include <string>
#include <vector>

#include "engine/command_table.h"
#include "engine/errors.h"
#include "engine/scripting/determinism.h"
#include "engine/scripting/shebang.h"
#include "keyspace/util/status_macros.h"
#include "lua_bindings/sandbox.h"

namespace luakv {

ScriptRun::ScriptRun(EngineCore& core, const Session& caller, bool read_only)
    : core_(core) {
  session_.set_db(caller.db());
  state_.read_only = read_only;
  state_.strict =
      core.options().script_determinism == ScriptDeterminism::kStrict;
}

void ScriptRun::Call(std::span<const std::string_view> argv, ReplySink& sink) {
  ScriptSupervisor& supervisor = core_.supervisor();
  // A killed script runs no further command, even one its pcall would
  // survive: the hook raises the kill error at its next tick.
  if (supervisor.kill_requested()) return sink.Error(errors::kScriptKilled);
  // Unknown commands are refused later and write nothing.
  const CommandSpec* spec = CommandTable::Get().Resolve(argv);
  if (!rollback_ && !state_.wrote && spec != nullptr && spec->has(kWrite) &&
      !supervisor.MarkWrite()) {
    // The kill came first: without rollback, a write after it would stay.
    return sink.Error(errors::kScriptKilled);
  }
  DispatchFromScript(core_, session_, spec, argv, sink, state_);
}

void ScriptRun::BeforeScript() {
  // The second step of the prefetch EvalSha and FCALL started: the table
  // slots have had time to arrive, so the nodes can be requested.
  core_.keyspace().db(session_.db()).Prefetch(keys_, 1);
}

lua::CommandHost::AclResult ScriptRun::AclCheck(
    std::span<const std::string_view> argv) {
  // No ACL users yet: every existing command is allowed. Arity is not
  // checked, as in Redis.
  const CommandSpec* spec = CommandTable::Get().Resolve(argv);
  return spec == nullptr ? AclResult::kUnknownCommand : AclResult::kAllowed;
}

void ScriptRun::ErrorAlreadyCounted() {
  core_.stats().SkipNextErrorCount(true);
}

void ScriptRun::Log(int level, std::string_view message) {
  const Options& options = core_.options();
  if (level < options.script_log_level || !options.script_log) return;
  options.script_log(level, message);
}

void ScriptRun::SetReplication(int flags) {
  repl_ = flags != 0;
  state_.record_effects = log_effects_ && repl_ && core_.changes().enabled();
}

bool ScriptRun::ReplicateCommands() {
  if (!state_.strict) return true;
  if (state_.wrote) return false;
  state_.strict = false;
  log_effects_ = true;
  state_.record_effects = repl_ && core_.changes().enabled();
  // As Redis did on the switch: math.random need no longer repeat itself.
  if (sandbox_ != nullptr) {
    sandbox_->set_random_state(core_.keyspace().Random() &
                               ((uint64_t{1} << 48) - 1));
  }
  return true;
}

std::string_view ScriptRun::Poll() {
  if (core_.supervisor().kill_requested()) return errors::kScriptKilled;
  if (deadline_us_ == 0 && slow_after_us_ == 0) return {};
  const int64_t now = ScriptSupervisor::NowMicros();
  if (deadline_us_ != 0 && now >= deadline_us_) return errors::kScriptTimeLimit;
  if (slow_after_us_ != 0 && now >= slow_after_us_) {
    slow_after_us_ = 0;  // once per script, as Redis logs it
    LogSlowScript(now);
  }
  return {};
}

void ScriptRun::LogSlowScript(int64_t now_us) {
  const ScriptSupervisor& supervisor = core_.supervisor();
  std::string text = "Slow script detected: still in execution after ";
  text.append(std::to_string((now_us - supervisor.started_us()) / 1000));
  text.append(" milliseconds. You can try killing the script using the ");
  text.append(supervisor.kind() == ScriptSupervisor::Kind::kEval
                  ? "SCRIPT KILL"
                  : "FUNCTION KILL");
  text.append(" command. Script name is: ");
  text.append(name_);
  text.append(".");
  Log(kLogWarning, text);
}

bool ScriptRun::Execute(lua::LuaSandbox& sandbox,
                        lua::LuaSandbox::Invocation& invocation,
                        ScriptSupervisor::Kind kind, ReplySink& sink) {
  const Options& options = core_.options();
  ScriptSupervisor& supervisor = core_.supervisor();
  Keyspace& keyspace = core_.keyspace();
  rollback_ = options.rollback_failed_scripts;
  // A journal already open belongs to an enclosing unit of work, which
  // decides for the script's writes too.
  const bool journaled = rollback_ && keyspace.journal() == nullptr;
  Journal& journal = supervisor.journal();
  if (journaled) keyspace.set_journal(&journal);
  supervisor.Begin(kind, core_.dispatch_started_us());
  if (options.script_time_limit_ms > 0) {
    deadline_us_ =
        supervisor.started_us() + options.script_time_limit_ms * 1000;
  }
  name_ = invocation.name;
  if (options.busy_reply_threshold_ms > 0 && options.script_log) {
    slow_after_us_ =
        supervisor.started_us() + options.busy_reply_threshold_ms * 1000;
  }
  // Redis's busy-reply-threshold 0 means no hook and no kill; the library
  // still polls when a hard limit is set or Engine::KillScript may come.
  if (options.busy_reply_threshold_ms > 0 || deadline_us_ != 0 || rollback_) {
    invocation.interrupter = this;
  }
  // Strict runs repeat math.random's sequence (Redis before 7.0); effects
  // runs continue the engine's one sequence (Redis 7.0).
  sandbox_ = &sandbox;
  if (state_.strict) sandbox.set_random_state(kStrictRandomState);
  ChangeRecorder& changes = core_.changes();
  state_.time_ms = keyspace.now_ms();
  // A strict run with no replay call (see set_replay_call) is logged by
  // its effects.
  log_effects_ = !state_.strict || replay_.command.empty();
  state_.record_effects = log_effects_ && repl_ && changes.enabled();
  const int caller_db = session_.db();
  keys_ = invocation.keys;
  const bool ok = sandbox.Run(invocation, *this, sink);
  // A sink that is not watched (the host API) leaves the mark unused.
  core_.stats().SkipNextErrorCount(false);
  sandbox_ = nullptr;
  supervisor.End();
  if (journaled) {
    keyspace.set_journal(nullptr);
    if (ok) {
      journal.Commit();
    } else {
      journal.Rollback(keyspace);
    }
  }
  if (changes.enabled()) {
    // Rolled back (here or by an enclosing unit of work): nothing changed.
    if (state_.wrote && (ok || !rollback_)) {
      if (!log_effects_) changes.Add(caller_db, state_.time_ms, ReplayArgv());
      changes.Commit();
    } else {
      changes.Discard();
    }
  }
  return ok;
}

std::vector<std::string> ScriptRun::ReplayArgv() const {
  std::vector<std::string> argv;
  argv.reserve(3 + replay_.keys.size() + replay_.args.size());
  argv.emplace_back(replay_.command);
  argv.emplace_back(replay_.target);
  argv.push_back(std::to_string(replay_.keys.size()));
  argv.insert(argv.end(), replay_.keys.begin(), replay_.keys.end());
  argv.insert(argv.end(), replay_.args.begin(), replay_.args.end());
  return argv;
}

void RunScript(EngineCore& core, Session& caller, const CachedScript& script,
               std::span<const std::string_view> keys,
               std::span<const std::string_view> args, bool read_only_command,
               ReplySink& sink) {
  cluster::ScriptSlot slot;
  if (core.options().cluster_checks.enabled) [[unlikely]] {
    const std::string refusal = cluster::ScriptStartRefusal(
        core.options().cluster_checks, script.flags, keys, slot);
    if (!refusal.empty()) return sink.Error(refusal);
  }
  const bool compat = (script.flags & kScriptCompatMode) != 0;
  const bool no_writes = !compat && (script.flags & kScriptNoWrites) != 0;
  // Redis 7.0: a script that declares flags and may write cannot run
  // through a _RO command at all; one without flags runs and has its write
  // commands refused.
  if (read_only_command && !compat && !no_writes) {
    return sink.Error(errors::kScriptWriteFlagOnRo);
  }
  // Over maxmemory, a script that declares flags and may write is refused
  // up front; one without flags runs and meets the limit at its first
  // deny-oom command.
  const bool over = OverMaxmemory(core);
  const bool allow_oom = !compat && (script.flags & kScriptAllowOom) != 0;
  if (over && !compat && !no_writes && !allow_oom) {
    return sink.Error(errors::kOom);
  }
  ScriptRun run(core, caller, read_only_command || no_writes);
  run.set_oom(over && !allow_oom);
  run.set_cluster_slot(slot);
  // EVALSHA too is logged as EVAL: a replaying engine may lack the script.
  run.set_replay_call("EVAL", script.body, keys, args);
  lua::LuaSandbox::Invocation invocation;
  invocation.function = script.function;
  invocation.name = script.sha;
  invocation.keys = keys;
  invocation.args = args;
  run.Execute(core.sandbox(), invocation, ScriptSupervisor::Kind::kEval, sink);
}

void EvalBody(EngineCore& core, Session& caller, std::string_view body,
              std::span<const std::string_view> keys,
              std::span<const std::string_view> args, bool read_only_command,
              ReplySink& sink) {
  core.keyspace().db(caller.db()).Prefetch(keys, 0);  // see EvalSha
  absl::StatusOr<CachedScript*> script =
      core.scripts().GetOrCompile(body, /*pin=*/false);
  if (!script.ok()) return sink.Error(StatusMessage(script.status()));
  RunScript(core, caller, **script, keys, args, read_only_command, sink);
}

void EvalSha(EngineCore& core, Session& caller, std::string_view sha,
             std::span<const std::string_view> keys,
             std::span<const std::string_view> args, bool read_only_command,
             ReplySink& sink) {
  // The script will most likely read its declared keys: start loading
  // them now, so the misses overlap with setting the script up.
  core.keyspace().db(caller.db()).Prefetch(keys, 0);
  const CachedScript* script = core.scripts().Find(sha);
  if (script == nullptr) return sink.Error(errors::kNoScript);
  RunScript(core, caller, *script, keys, args, read_only_command, sink);
}

}  // namespace luakv
