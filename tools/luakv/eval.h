// `luakv eval FILE [key ...] [, arg ...]`: runs a Lua script file on an
// embedded engine with redis-cli's --eval convention. Arguments before a
// lone "," are keys (KEYS), those after it are arguments (ARGV).

#ifndef LUAKV_TOOLS_LUAKV_EVAL_H_
#define LUAKV_TOOLS_LUAKV_EVAL_H_

#include <string>
#include <vector>

#include "luakv/engine.h"
#include "tools/luakv/output.h"

namespace luakv::tools {

struct EvalRequest {
  std::string script_file;
  // Keys, then ",", then arguments, as typed.
  std::vector<std::string> args;
  // A command file to run first (see command_file.h); empty for none.
  std::string load_file;
  OutputMode mode = OutputMode::kRaw;
};

// The EVAL argument vector for `script` and the typed arguments:
// {"EVAL", script, numkeys, keys..., args...}.
std::vector<std::string> BuildEvalArgv(std::string script,
                                       const std::vector<std::string>& args);

// Prints the reply; returns 0, or 1 when the reply is an error or a file
// cannot be read.
int RunEval(Engine& engine, const EvalRequest& request);

}  // namespace luakv::tools

#endif  // LUAKV_TOOLS_LUAKV_EVAL_H_
