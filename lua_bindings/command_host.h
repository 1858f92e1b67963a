// CommandHost: the narrow interface through which a running script reaches
// the engine. The Lua layer declares it and the engine implements it (one
// object per script run), so lua_bindings never sees engine internals.
//
// Every method is called with the engine's lock held, from inside a script
// run, on the thread that started the run. None may re-enter the engine's
// public API.

#ifndef LUAKV_LUA_BINDINGS_COMMAND_HOST_H_
#define LUAKV_LUA_BINDINGS_COMMAND_HOST_H_

#include <span>
#include <string_view>

#include "luakv/reply_sink.h"

namespace luakv::lua {

class CommandHost {
 public:
  virtual ~CommandHost() = default;

  // Runs `argv` (argv[0] is the command name, any case) as a command issued
  // by the script and writes exactly one reply into `sink`. Rejections
  // (unknown command, wrong arity, not allowed from scripts, write in a
  // read-only script, ...) are error replies with Redis's texts.
  // `argv` points into Lua strings that live until Call returns.
  virtual void Call(std::span<const std::string_view> argv,
                    ReplySink& sink) = 0;

  enum class AclResult { kAllowed, kDenied, kUnknownCommand };
  // redis.acl_check_cmd: may the calling user run `argv`? Arity is not
  // checked. kUnknownCommand for an unknown command or subcommand.
  virtual AclResult AclCheck(std::span<const std::string_view> argv) = 0;

  // redis.log: `level` is 0 (debug) to 3 (warning).
  virtual void Log(int level, std::string_view message) = 0;

  // redis.set_repl: where the following writes are propagated (bit 0 AOF,
  // bit 1 replicas). Validated by the caller.
  virtual void SetReplication(int flags) {}

  // redis.replicate_commands(): what it returns. Redis 7.0 always answers
  // true and does nothing; an engine with the pre-7.0 rules switches the
  // run to effects replication, or answers false once the run has written.
  virtual bool ReplicateCommands() { return true; }

  // KEYS and ARGV are set and the script is about to start: the last moment
  // to prepare for the commands it will run (the engine uses it to request
  // the declared keys' table nodes from memory).
  virtual void BeforeScript() {}

  // The script's reply is about to be an error that a command it ran has
  // counted already (the error table redis.call raised or redis.pcall
  // returned): the host should not count it again.
  virtual void ErrorAlreadyCounted() {}
};

}  // namespace luakv::lua

#endif  // LUAKV_LUA_BINDINGS_COMMAND_HOST_H_
