// `luakv serve`: a RESP2/RESP3 server over an engine, for redis-cli,
// redis-benchmark and Redis client libraries.

#ifndef LUAKV_TOOLS_LUAKV_SERVE_H_
#define LUAKV_TOOLS_LUAKV_SERVE_H_

#include <optional>
#include <string>
#include <vector>

#include "tools/server/resp_server.h"

namespace luakv::tools {

struct ServeRequest {
  server::ServerConfig server;
  // "redis" (Options::RedisCompatible(), the default) or "safe" (the
  // library's defaults).
  std::string profile = "redis";
  // Single settings over the profile.
  std::optional<int> databases;
  // NAME=VALUE pairs applied with CONFIG SET once the engine exists.
  std::vector<std::string> config;
};

// Serves until SHUTDOWN or a signal; returns the process exit code.
int RunServe(const ServeRequest& request);

}  // namespace luakv::tools

#endif  // LUAKV_TOOLS_LUAKV_SERVE_H_
