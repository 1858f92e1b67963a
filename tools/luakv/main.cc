// luakv: one binary, three uses.
//
//   luakv                        interactive REPL over an in-memory engine
//   luakv eval FILE k1 k2 , a1   run a Lua script (redis-cli --eval style)
//   luakv serve --port 6379      serve the engine over RESP2/RESP3

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "luakv/engine.h"
#include "luakv/options.h"
#include "tools/luakv/eval.h"
#include "tools/luakv/output.h"
#include "tools/luakv/repl.h"
#include "tools/luakv/serve.h"

#ifndef LUAKV_VERSION_STRING
#define LUAKV_VERSION_STRING "0.0.0"
#endif

int main(int argc, char** argv) {
  CLI::App app{
      "luakv " LUAKV_VERSION_STRING
      ": an embeddable engine that answers like Redis 7.0, Lua included.\n"
      "Without a subcommand, an interactive prompt over an in-memory engine."};
  app.set_version_flag("--version", "luakv " LUAKV_VERSION_STRING);
  bool raw = false, no_raw = false;
  app.add_flag("--raw", raw, "Print replies raw, as redis-cli --raw does");
  app.add_flag("--no-raw", no_raw,
               "Print replies formatted even when stdout is not a terminal");

  // --- eval
  CLI::App* eval = app.add_subcommand(
      "eval",
      "Run a Lua script file: luakv eval [options] FILE [key ...] [, arg ...]");
  std::string load;
  bool eval_raw = false, eval_no_raw = false;
  eval->add_option("--load", load,
                   "Run the commands in this file first (one per line, "
                   "redis-cli quoting)");
  eval->add_flag("--raw", eval_raw, "Print the reply raw");
  eval->add_flag("--no-raw", eval_no_raw, "Print the reply formatted");
  // Everything from FILE on is passed through untouched, so keys and
  // arguments may look like options.
  eval->prefix_command();

  // --- serve
  CLI::App* serve = app.add_subcommand(
      "serve", "Serve an in-memory engine over the Redis protocol");
  luakv::tools::ServeRequest serve_req;
  serve->add_option("--port", serve_req.server.port, "TCP port (0: no TCP)")
      ->capture_default_str();
  serve->add_option("--bind", serve_req.server.bind, "Address to listen on")
      ->capture_default_str();
  serve->add_option("--unixsocket", serve_req.server.unix_socket,
                    "Also listen on this Unix socket");
  serve->add_option("--requirepass", serve_req.server.requirepass,
                    "Require AUTH with this password");
  serve
      ->add_option("--profile", serve_req.profile,
                   "redis: behave as Redis 7.0 does (default); safe: the "
                   "library's defaults")
      ->check(CLI::IsMember({"redis", "safe"}))
      ->capture_default_str();
  int databases = 0;
  CLI::Option* databases_opt =
      serve->add_option("--databases", databases, "Number of databases");
  serve->add_option("--config", serve_req.config,
                    "NAME=VALUE: a setting applied with CONFIG SET "
                    "(repeatable)");
  serve
      ->add_option("--threads", serve_req.server.threads,
                   "Threads serving connections")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  serve->add_flag("--quiet", serve_req.server.quiet, "No log lines");

  CLI11_PARSE(app, argc, argv);

  if (*serve) {
    if (*databases_opt) serve_req.databases = databases;
    return luakv::tools::RunServe(serve_req);
  }

  luakv::Engine engine(luakv::Options::RedisCompatible());
  if (*eval) {
    std::vector<std::string> rest = eval->remaining();
    if (!rest.empty() && rest.front() == "--") rest.erase(rest.begin());
    if (rest.empty()) {
      std::fprintf(stderr, "luakv eval: a script FILE is required\n%s",
                   eval->help().c_str());
      return 2;
    }
    luakv::tools::EvalRequest req;
    req.script_file = rest.front();
    req.args.assign(rest.begin() + 1, rest.end());
    req.load_file = load;
    req.mode =
        luakv::tools::ChooseOutputMode(raw || eval_raw, no_raw || eval_no_raw);
    return luakv::tools::RunEval(engine, req);
  }

  luakv::tools::Repl repl(engine, luakv::tools::ChooseOutputMode(raw, no_raw));
  return repl.Run();
}
