// The interactive REPL over an embedded engine, with redis-cli's look and
// feel: `luakv> ` prompt (`luakv[2]> ` once another database is selected),
// redis-cli's quoting, its reply formatting, line editing and history
// (libedit; history in ~/.luakv_history). Typing `help` shows what the REPL
// understands; `quit` or `exit` leaves.
//
// When stdin is not a terminal, commands are read line by line with no
// prompt, as `redis-cli` reads them from a pipe.

#ifndef LUAKV_TOOLS_LUAKV_REPL_H_
#define LUAKV_TOOLS_LUAKV_REPL_H_

#include <string>
#include <string_view>

#include "luakv/engine.h"
#include "luakv/session.h"
#include "tools/luakv/output.h"

namespace luakv::tools {

class Repl {
 public:
  Repl(Engine& engine, OutputMode mode);

  // Reads and runs commands until end of input or `quit`. Returns the
  // process exit code.
  int Run();

  // Runs one input line and returns what it prints. Sets *quit when the line
  // asks to leave.
  std::string RunLine(std::string_view line, bool* quit);

  // The prompt for the current database.
  std::string Prompt() const;

 private:
  int RunInteractive();
  int RunPiped();
  std::string Help(std::string_view topic);

  Engine& engine_;
  OutputMode mode_;
  Session session_;
};

}  // namespace luakv::tools

#endif  // LUAKV_TOOLS_LUAKV_REPL_H_
