// Command files: one command per line, split with redis-cli's quoting
// rules (tools/common/split_args.h). Blank lines and lines whose first
// non-blank character is '#' are skipped. `luakv eval --load FILE` uses
// them to put data in the engine before a script runs.

#ifndef LUAKV_TOOLS_LUAKV_COMMAND_FILE_H_
#define LUAKV_TOOLS_LUAKV_COMMAND_FILE_H_

#include <string>

#include "absl/status/status.h"
#include "luakv/engine.h"
#include "luakv/session.h"

namespace luakv::tools {

// Runs every command of the file at `path` on `session`. Stops at the first
// line that cannot be split or whose reply is an error; the status then
// names the file and line ("data.txt:3: ERR syntax error").
absl::Status RunCommandFile(Engine& engine, Session& session,
                            const std::string& path);

}  // namespace luakv::tools

#endif  // LUAKV_TOOLS_LUAKV_COMMAND_FILE_H_
