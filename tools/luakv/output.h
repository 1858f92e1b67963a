// How the luakv tool prints replies: as redis-cli does. In a terminal a
// reply is formatted (`(integer) 1`, `1) "a"`); when stdout is a pipe or a
// file it is printed raw (`1`, `a`), unless --raw or --no-raw says
// otherwise.

#ifndef LUAKV_TOOLS_LUAKV_OUTPUT_H_
#define LUAKV_TOOLS_LUAKV_OUTPUT_H_

#include <string>

#include "luakv/reply.h"

namespace luakv::tools {

enum class OutputMode { kFormatted, kRaw };

// redis-cli's choice: formatted when stdout is a terminal; `raw` and
// `no_raw` (the --raw and --no-raw flags) force one or the other.
OutputMode ChooseOutputMode(bool raw, bool no_raw);

// The reply as redis-cli prints it, with its trailing newline.
std::string FormatReply(const Reply& reply, OutputMode mode);

}  // namespace luakv::tools

#endif  // LUAKV_TOOLS_LUAKV_OUTPUT_H_
