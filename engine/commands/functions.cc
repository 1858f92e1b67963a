// Redis Functions: FCALL, FCALL_RO and FUNCTION LOAD, DELETE, FLUSH, LIST,
// STATS, DUMP, RESTORE, HELP (spec §7).

#include <optional>
#include <string>

#include "engine/command_context.h"
#include "engine/commands/handlers.h"
#include "engine/commands/help.h"
#include "engine/errors.h"
#include "engine/scripting/function_registry.h"
#include "engine/scripting/script_run.h"
#include "engine/scripting/shebang.h"
#include "keyspace/util/glob.h"
#include "keyspace/util/numbers.h"
#include "keyspace/util/status_macros.h"
#include "keyspace/util/sv_hash.h"
#include "lua_bindings/sandbox.h"

namespace luakv::cmd {
namespace {

// FUNCTION FLUSH and RESTORE check their own argument count.
std::string WrongSubcommandArity(std::string_view sub) {
  return "ERR unknown subcommand or wrong number of arguments for '" +
         std::string(sub) + "'. Try FUNCTION HELP.";
}

void FcallGeneric(CommandContext& ctx, bool read_only_command) {
  FunctionRegistry& registry = ctx.core().functions();
  // The function is looked up before numkeys is read (spec §7.4).
  const LoadedFunction* function = registry.Find(ctx.arg(1));
  if (function == nullptr) return ctx.Error("ERR Function not found");
  const std::optional<int64_t> numkeys = ParseInt64(ctx.arg(2));
  if (!numkeys.has_value()) {
    return ctx.Error("ERR Bad number of keys provided");
  }
  const int64_t rest = static_cast<int64_t>(ctx.argc()) - 3;
  if (*numkeys > rest) return ctx.Error(errors::kNumKeysTooLarge);
  if (*numkeys < 0) return ctx.Error(errors::kNumKeysNegative);
  const auto keys = ctx.argv().subspan(3, static_cast<size_t>(*numkeys));
  const auto args = ctx.argv().subspan(3 + static_cast<size_t>(*numkeys));
  // As for EVALSHA: start loading the declared keys now (ScriptRun::Execute
  // takes the next step).
  ctx.db().Prefetch(keys, 0);
  cluster::ScriptSlot slot;
  if (ctx.core().options().cluster_checks.enabled) [[unlikely]] {
    const std::string refusal = cluster::ScriptStartRefusal(
        ctx.core().options().cluster_checks, function->flags, keys, slot);
    if (!refusal.empty()) return ctx.Error(refusal);
  }
  // Functions always declare their flags: one that may write cannot run
  // through FCALL_RO.
  const bool no_writes = (function->flags & kScriptNoWrites) != 0;
  if (read_only_command && !no_writes) {
    return ctx.Error(errors::kScriptWriteFlagOnRo);
  }
  // Functions are never in compatibility mode: without allow-oom or
  // no-writes one is refused over maxmemory even if it only reads.
  const bool over = OverMaxmemory(ctx.core());
  const bool allow_oom = (function->flags & kScriptAllowOom) != 0;
  if (over && !no_writes && !allow_oom) return ctx.Error(errors::kOom);
  // math.random is one sequence for EVAL and FCALL, as in Redis.
  lua::LuaSandbox& eval_sandbox = ctx.core().sandbox();
  lua::LuaSandbox& sandbox = registry.sandbox();
  sandbox.set_random_state(eval_sandbox.random_state());
  ScriptRun run(ctx.core(), ctx.session(), read_only_command || no_writes);
  run.set_oom(over && !allow_oom);
  run.set_cluster_slot(slot);
  lua::LuaSandbox::Invocation invocation;
  invocation.function = function->handle;
  invocation.name = function->name;
  invocation.keys = keys;
  invocation.args = args;
  ScriptSupervisor& supervisor = ctx.core().supervisor();
  supervisor.PublishFunction(
      {function->name, ctx.argv(),
       static_cast<int64_t>(registry.libraries().size()),
       static_cast<int64_t>(registry.function_count())});
  // The change log replays a strict run as the FCALL itself.
  run.set_replay_call("FCALL", function->name, keys, args);
  // The same supervised path as EVAL: BUSY, FUNCTION KILL, the time limit
  // and the rollback of a failed function.
  run.Execute(sandbox, invocation, ScriptSupervisor::Kind::kFunction,
              ctx.reply());
  supervisor.WithdrawFunction();
  eval_sandbox.set_random_state(sandbox.random_state());
}

void WriteFlags(ReplySink& out, uint32_t flags) {
  static constexpr struct {
    uint32_t bit;
    std::string_view name;
  } kNames[] = {{kScriptNoWrites, "no-writes"},
                {kScriptAllowOom, "allow-oom"},
                {kScriptAllowStale, "allow-stale"},
                {kScriptNoCluster, "no-cluster"},
                {kScriptAllowCrossSlot, "allow-cross-slot-keys"}};
  size_t n = 0;
  for (const auto& f : kNames) n += (flags & f.bit) != 0 ? 1 : 0;
  out.Set(n);
  for (const auto& f : kNames) {
    if ((flags & f.bit) != 0) out.Simple(f.name);
  }
}

}  // namespace

void Fcall(CommandContext& ctx) { FcallGeneric(ctx, false); }
void FcallRo(CommandContext& ctx) { FcallGeneric(ctx, true); }

void FunctionLoad(CommandContext& ctx) {
  bool replace = false;
  for (size_t i = 2; i + 1 < ctx.argc(); ++i) {
    if (!EqualsIgnoreCase(ctx.arg(i), "replace")) {
      return ctx.Error("ERR Unknown option given: " + std::string(ctx.arg(i)));
    }
    replace = true;
  }
  absl::StatusOr<std::string> name =
      ctx.core().functions().Load(ctx.arg(ctx.argc() - 1), replace);
  if (!name.ok()) return ctx.Error(StatusMessage(name.status()));
  ctx.reply().Bulk(*name);
}

void FunctionDelete(CommandContext& ctx) {
  if (!ctx.core().functions().Delete(ctx.arg(2))) {
    return ctx.Error("ERR Library not found");
  }
  ctx.Ok();
}

void FunctionFlush(CommandContext& ctx) {
  if (ctx.argc() > 3) {
    return ctx.Error(WrongSubcommandArity(ctx.arg(1)));
  }
  if (ctx.argc() == 3 && !EqualsIgnoreCase(ctx.arg(2), "sync") &&
      !EqualsIgnoreCase(ctx.arg(2), "async")) {
    return ctx.Error("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
  }
  ctx.core().functions().Flush();
  ctx.Ok();
}

void FunctionList(CommandContext& ctx) {
  std::optional<std::string_view> pattern;
  bool with_code = false;
  for (size_t i = 2; i < ctx.argc(); ++i) {
    if (!with_code && EqualsIgnoreCase(ctx.arg(i), "withcode")) {
      with_code = true;
      continue;
    }
    if (!pattern.has_value() && EqualsIgnoreCase(ctx.arg(i), "libraryname")) {
      if (i + 1 >= ctx.argc()) {
        return ctx.Error("ERR library name argument was not given");
      }
      pattern = ctx.arg(++i);
      continue;
    }
    return ctx.Error("ERR Unknown argument " + std::string(ctx.arg(i)));
  }
  const auto& libraries = ctx.core().functions().libraries();
  std::vector<const FunctionLibrary*> shown;
  for (const auto& [name, library] : libraries) {
    if (pattern.has_value() &&
        !GlobMatch(*pattern, name, /*nocase=*/true)) {
      continue;
    }
    shown.push_back(library.get());
  }
  ReplySink& out = ctx.reply();
  out.Array(shown.size());
  for (const FunctionLibrary* library : shown) {
    out.Map(with_code ? 4 : 3);
    out.Bulk("library_name");
    out.Bulk(library->name);
    out.Bulk("engine");
    out.Bulk(library->engine);
    out.Bulk("functions");
    out.Array(library->functions.size());
    for (const LoadedFunction& f : library->functions) {
      out.Map(3);
      out.Bulk("name");
      out.Bulk(f.name);
      out.Bulk("description");
      if (f.description.has_value()) {
        out.Bulk(*f.description);
      } else {
        out.Null();
      }
      out.Bulk("flags");
      WriteFlags(out, f.flags);
    }
    if (with_code) {
      out.Bulk("library_code");
      out.Bulk(library->code);
    }
  }
}

void FunctionStats(CommandContext& ctx) {
  FunctionRegistry& registry = ctx.core().functions();
  ReplySink& out = ctx.reply();
  out.Map(2);
  out.Bulk("running_script");
  // Nothing else runs while this command holds the engine.
  out.Null();
  out.Bulk("engines");
  out.Map(1);
  out.Bulk("LUA");
  out.Map(2);
  out.Bulk("libraries_count");
  out.Integer(static_cast<int64_t>(registry.libraries().size()));
  out.Bulk("functions_count");
  out.Integer(static_cast<int64_t>(registry.function_count()));
}

// Reached only when no script runs: a busy one is killed by the engine
// without taking its lock (engine.cc).
void FunctionKill(CommandContext& ctx) { ctx.Error(errors::kNotBusy); }

void FunctionDump(CommandContext& ctx) {
  ctx.reply().Bulk(ctx.core().functions().Dump());
}

void FunctionRestore(CommandContext& ctx) {
  if (ctx.argc() > 4) {
    return ctx.Error(WrongSubcommandArity(ctx.arg(1)));
  }
  FunctionRegistry::RestorePolicy policy =
      FunctionRegistry::RestorePolicy::kAppend;
  if (ctx.argc() == 4) {
    const std::string_view p = ctx.arg(3);
    if (EqualsIgnoreCase(p, "append")) {
      policy = FunctionRegistry::RestorePolicy::kAppend;
    } else if (EqualsIgnoreCase(p, "replace")) {
      policy = FunctionRegistry::RestorePolicy::kReplace;
    } else if (EqualsIgnoreCase(p, "flush")) {
      policy = FunctionRegistry::RestorePolicy::kFlush;
    } else {
      return ctx.Error(
          "ERR Wrong restore policy given, value should be either FLUSH, "
          "APPEND or REPLACE.");
    }
  }
  absl::Status status = ctx.core().functions().Restore(ctx.arg(2), policy);
  if (!status.ok()) return ctx.Error(StatusMessage(status));
  ctx.Ok();
}

void FunctionHelp(CommandContext& ctx) {
  WriteHelp(
      ctx.reply(), "FUNCTION",
      {"LOAD [REPLACE] <FUNCTION CODE>",
       "    Create a new library with the given library name and code.",
       "DELETE <LIBRARY NAME>",
       "    Delete the given library.",
       "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
       "    Return general information on all the libraries:",
       "    * Library name",
       "    * The engine used to run the Library",
       "    * Library description",
       "    * Functions list",
       "    * Library code (if WITHCODE is given)",
       "    It also possible to get only function that matches a pattern "
       "using LIBRARYNAME argument.",
       "STATS",
       "    Return information about the current function running:",
       "    * Function name",
       "    * Command used to run the function",
       "    * Duration in MS that the function is running",
       "    If no function is running, return nil",
       "    In addition, returns a list of available engines.",
       "KILL",
       "    Kill the current running function.",
       "FLUSH [ASYNC|SYNC]",
       "    Delete all the libraries.",
       "    When called without the optional mode argument, the behavior is "
       "determined by the",
       "    lazyfree-lazy-user-flush configuration directive. Valid modes "
       "are:",
       "    * ASYNC: Asynchronously flush the libraries.",
       "    * SYNC: Synchronously flush the libraries.",
       "DUMP",
       "    Return a serialized payload representing the current libraries, "
       "can be restored using FUNCTION RESTORE command",
       "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
       "    Restore the libraries represented by the given payload, it is "
       "possible to give a restore policy to",
       "    control how to handle existing libraries (default APPEND):",
       "    * FLUSH: delete all existing libraries.",
       "    * APPEND: appends the restored libraries to the existing "
       "libraries. On collision, abort.",
       "    * REPLACE: appends the restored libraries to the existing "
       "libraries, On collision, replace the old",
       "      libraries with the new libraries (notice that even on this "
       "option there is a chance of failure",
       "      in case of functions name collision with another library)."});
}

}  // namespace luakv::cmd
