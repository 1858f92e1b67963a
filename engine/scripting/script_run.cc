#include "engine/scripting/script_run.h"

#include "engine/command_table.h"
#include "engine/errors.h"
#include "engine/scripting/shebang.h"
#include "keyspace/util/status_macros.h"
#include "lua_bindings/sandbox.h"

namespace luakv {

ScriptRun::ScriptRun(EngineCore& core, const Session& caller, bool read_only)
    : core_(core) {
  session_.set_db(caller.db());
  state_.read_only = read_only;
}

void ScriptRun::Call(std::span<const std::string_view> argv, ReplySink& sink) {
  DispatchFromScript(core_, session_, argv, sink, state_);
}

lua::CommandHost::AclResult ScriptRun::AclCheck(
    std::span<const std::string_view> argv) {
  // No ACL users yet: every existing command is allowed. Arity is not
  // checked, as in Redis.
  const CommandSpec* spec = CommandTable::Get().Lookup(argv[0]);
  if (spec != nullptr && spec->is_container() && argv.size() >= 2) {
    spec = CommandTable::FindSubcommand(*spec, argv[1]);
  }
  return spec == nullptr ? AclResult::kUnknownCommand : AclResult::kAllowed;
}

void ScriptRun::Log(int level, std::string_view message) {
  const Options& options = core_.options();
  if (level < options.script_log_level || !options.script_log) return;
  options.script_log(level, message);
}

void RunScript(EngineCore& core, Session& caller, const CachedScript& script,
               std::span<const std::string_view> keys,
               std::span<const std::string_view> args, bool read_only_command,
               ReplySink& sink) {
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
  lua::LuaSandbox::Invocation invocation;
  invocation.function = script.function;
  invocation.name = script.sha;
  invocation.keys = keys;
  invocation.args = args;
  core.sandbox().Run(invocation, run, sink);
}

void EvalBody(EngineCore& core, Session& caller, std::string_view body,
              std::span<const std::string_view> keys,
              std::span<const std::string_view> args, bool read_only_command,
              ReplySink& sink) {
  absl::StatusOr<CachedScript*> script =
      core.scripts().GetOrCompile(body, /*pin=*/false);
  if (!script.ok()) return sink.Error(StatusMessage(script.status()));
  RunScript(core, caller, **script, keys, args, read_only_command, sink);
}

void EvalSha(EngineCore& core, Session& caller, std::string_view sha,
             std::span<const std::string_view> keys,
             std::span<const std::string_view> args, bool read_only_command,
             ReplySink& sink) {
  const CachedScript* script = core.scripts().Find(sha);
  if (script == nullptr) return sink.Error(errors::kNoScript);
  RunScript(core, caller, *script, keys, args, read_only_command, sink);
}

}  // namespace luakv
