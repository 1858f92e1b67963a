#include "tools/luakv/eval.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "luakv/session.h"
#include "tools/luakv/command_file.h"

namespace luakv::tools {

std::vector<std::string> BuildEvalArgv(std::string script,
                                       const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"EVAL", std::move(script), ""};
  size_t keys = 0;
  bool after_comma = false;
  for (const std::string& a : args) {
    // Only the first lone "," separates; a later one is an argument.
    if (!after_comma && a == ",") {
      after_comma = true;
      continue;
    }
    argv.push_back(a);
    if (!after_comma) ++keys;
  }
  argv[2] = std::to_string(keys);
  return argv;
}

int RunEval(Engine& engine, const EvalRequest& request) {
  std::ifstream in(request.script_file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "luakv eval: cannot open %s\n",
                 request.script_file.c_str());
    return 1;
  }
  std::stringstream body;
  body << in.rdbuf();

  Session session;
  session.set_id(1);
  if (!request.load_file.empty()) {
    absl::Status loaded = RunCommandFile(engine, session, request.load_file);
    if (!loaded.ok()) {
      std::fprintf(stderr, "luakv eval: %s\n",
                   std::string(loaded.message()).c_str());
      return 1;
    }
  }
  // The script runs on the session the data was loaded with, so a SELECT in
  // the data file carries over.
  const std::vector<std::string> argv = BuildEvalArgv(body.str(), request.args);
  const std::vector<std::string_view> views(argv.begin(), argv.end());
  Reply reply = engine.Execute(session, views);
  const std::string out = FormatReply(reply, request.mode);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return reply.is_error() ? 1 : 0;
}

}  // namespace luakv::tools
