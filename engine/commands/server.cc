// Server and connection commands: PING, ECHO, TIME.

#include "engine/command_context.h"
#include "engine/commands/handlers.h"
#include "engine/errors.h"

namespace luakv::cmd {

void Ping(CommandContext& ctx) {
  if (ctx.argc() > 2) return ctx.Error(errors::WrongArity("ping"));
  if (ctx.argc() == 2) return ctx.reply().Bulk(ctx.arg(1));
  ctx.reply().Simple("PONG");
}

void Echo(CommandContext& ctx) { ctx.reply().Bulk(ctx.arg(1)); }

void Time(CommandContext& ctx) {
  const int64_t us = ctx.core().now_us();
  ctx.reply().Array(2);
  ctx.reply().Bulk(std::to_string(us / 1000000));
  ctx.reply().Bulk(std::to_string(us % 1000000));
}

}  // namespace luakv::cmd
