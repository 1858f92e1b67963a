// WriteHelp: the reply of a container's HELP subcommand, in Redis's shape:
// a header line, the caller's lines, then HELP itself, all status replies.

#ifndef LUAKV_ENGINE_COMMANDS_HELP_H_
#define LUAKV_ENGINE_COMMANDS_HELP_H_

#include <initializer_list>
#include <string>
#include <string_view>

#include "luakv/reply_sink.h"

namespace luakv::cmd {

inline void WriteHelp(ReplySink& out, std::string_view container,
                      std::initializer_list<std::string_view> lines) {
  out.Array(lines.size() + 3);
  std::string head(container);
  head.append(" <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  out.Simple(head);
  for (std::string_view line : lines) out.Simple(line);
  out.Simple("HELP");
  out.Simple("    Prints this help.");
}

}  // namespace luakv::cmd

#endif  // LUAKV_ENGINE_COMMANDS_HELP_H_
