// Dispatch: the one path every command takes, whoever sends it (host API,
// server adapter, or later a script): look the command up, check its arity,
// run its handler. Checks that depend on the caller (scripts' noscript and
// write rules, busy scripts, memory limits) are added here, in the order
// Redis makes them, so no handler repeats them.

#ifndef LUAKV_ENGINE_DISPATCHER_H_
#define LUAKV_ENGINE_DISPATCHER_H_

#include <span>
#include <string_view>

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

}  // namespace luakv

#endif  // LUAKV_ENGINE_DISPATCHER_H_
