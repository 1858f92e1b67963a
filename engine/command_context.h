// CommandContext: what a command handler sees. The arguments, the caller's
// session and database, the sink its reply goes to, and the engine state.
// Handlers write exactly one reply (an error is a reply) and return.

#ifndef LUAKV_ENGINE_COMMAND_CONTEXT_H_
#define LUAKV_ENGINE_COMMAND_CONTEXT_H_

#include <cstddef>
#include <span>
#include <string_view>

#include "engine/command_spec.h"
#include "engine/engine_core.h"
#include "keyspace/database.h"
#include "luakv/reply_sink.h"
#include "luakv/session.h"

namespace luakv {

class CommandContext {
 public:
  CommandContext(EngineCore& core, Session& session,
                 std::span<const std::string_view> argv, ReplySink& sink,
                 const CommandSpec& spec)
      : core_(core), session_(session), argv_(argv), sink_(sink),
        spec_(spec) {}

  std::span<const std::string_view> argv() const { return argv_; }
  size_t argc() const { return argv_.size(); }
  std::string_view arg(size_t i) const { return argv_[i]; }

  EngineCore& core() { return core_; }
  Keyspace& keyspace() { return core_.keyspace(); }
  Database& db() { return core_.keyspace().db(session_.db()); }
  Session& session() { return session_; }
  ReplySink& reply() { return sink_; }
  const CommandSpec& spec() const { return spec_; }

  // Milliseconds since the epoch, fixed for the whole command.
  int64_t now_ms() const { return core_.keyspace().now_ms(); }

  // Shorthands for the most common replies.
  void Error(std::string_view text) { sink_.Error(text); }
  void Ok() { sink_.Simple("OK"); }

 private:
  EngineCore& core_;
  Session& session_;
  std::span<const std::string_view> argv_;
  ReplySink& sink_;
  const CommandSpec& spec_;
};

}  // namespace luakv

#endif  // LUAKV_ENGINE_COMMAND_CONTEXT_H_
