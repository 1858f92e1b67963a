// Scripting commands: EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT LOAD,
// EXISTS, FLUSH, KILL, HELP (spec §4, §6).

#include "engine/command_context.h"
#include "engine/commands/handlers.h"
#include "engine/commands/help.h"
#include "engine/errors.h"
#include "engine/scripting/script_cache.h"
#include "engine/scripting/script_run.h"
#include "keyspace/util/numbers.h"
#include "keyspace/util/status_macros.h"
#include "keyspace/util/sv_hash.h"

namespace luakv::cmd {
namespace {

// EVAL script numkeys [key ...] [arg ...] and its three siblings.
void EvalGeneric(CommandContext& ctx, bool by_sha, bool read_only) {
  // Redis 7.0: EVALSHA answers NOSCRIPT for a sha of the wrong length before
  // looking at numkeys (spec §4.2).
  if (by_sha && ctx.arg(1).size() != 40) return ctx.Error(errors::kNoScript);
  const std::optional<int64_t> numkeys = ParseInt64(ctx.arg(2));
  if (!numkeys.has_value()) return ctx.Error(errors::kNotInteger);
  const int64_t rest = static_cast<int64_t>(ctx.argc()) - 3;
  if (*numkeys > rest) return ctx.Error(errors::kNumKeysTooLarge);
  if (*numkeys < 0) return ctx.Error(errors::kNumKeysNegative);
  const auto keys = ctx.argv().subspan(3, static_cast<size_t>(*numkeys));
  const auto args = ctx.argv().subspan(3 + static_cast<size_t>(*numkeys));
  if (by_sha) {
    EvalSha(ctx.core(), ctx.session(), ctx.arg(1), keys, args, read_only,
            ctx.reply());
  } else {
    EvalBody(ctx.core(), ctx.session(), ctx.arg(1), keys, args, read_only,
             ctx.reply());
  }
}

}  // namespace

void Eval(CommandContext& ctx) { EvalGeneric(ctx, false, false); }
void Evalsha(CommandContext& ctx) { EvalGeneric(ctx, true, false); }
void EvalRo(CommandContext& ctx) { EvalGeneric(ctx, false, true); }
void EvalshaRo(CommandContext& ctx) { EvalGeneric(ctx, true, true); }

void ScriptLoad(CommandContext& ctx) {
  absl::StatusOr<CachedScript*> script =
      ctx.core().scripts().GetOrCompile(ctx.arg(2), /*pin=*/true);
  if (!script.ok()) return ctx.Error(StatusMessage(script.status()));
  ctx.reply().Bulk((*script)->sha);
}

void ScriptExists(CommandContext& ctx) {
  ScriptCache& scripts = ctx.core().scripts();
  ctx.reply().Array(ctx.argc() - 2);
  for (size_t i = 2; i < ctx.argc(); ++i) {
    ctx.reply().Integer(scripts.Contains(ctx.arg(i)) ? 1 : 0);
  }
}

void ScriptFlush(CommandContext& ctx) {
  // ASYNC frees in the background in Redis; here both free at once.
  if (ctx.argc() == 3) {
    if (!EqualsIgnoreCase(ctx.arg(2), "sync") &&
        !EqualsIgnoreCase(ctx.arg(2), "async")) {
      return ctx.Error(errors::kScriptFlushOption);
    }
  } else if (ctx.argc() != 2) {
    return ctx.Error(errors::kScriptFlushOption);
  }
  ctx.core().ResetScripting();
  ctx.Ok();
}

// Under the engine's lock no script runs: a SCRIPT KILL that reaches a
// running script is served before the lock, by the engine (engine.cc).
void ScriptKill(CommandContext& ctx) { ctx.Error(errors::kNotBusy); }

void ScriptHelp(CommandContext& ctx) {
  WriteHelp(ctx.reply(), "SCRIPT",
            {"DEBUG (YES|SYNC|NO)",
             "    Set the debug mode for subsequent scripts executed.",
             "EXISTS <sha1> [<sha1> ...]",
             "    Return information about the existence of the scripts in "
             "the script cache.",
             "FLUSH [ASYNC|SYNC]",
             "    Flush the Lua scripts cache. Very dangerous on replicas.",
             "    When called without the optional mode argument, the "
             "behavior is determined by the",
             "    lazyfree-lazy-user-flush configuration directive. Valid "
             "modes are:",
             "    * ASYNC: Asynchronously flush the scripts cache.",
             "    * SYNC: Synchronously flush the scripts cache.",
             "KILL",
             "    Kill the currently executing Lua script.",
             "LOAD <script>",
             "    Load a script into the scripts cache without executing it."});
}

}  // namespace luakv::cmd
