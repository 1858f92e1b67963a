#include "tools/luakv/serve.h"

#include <csignal>
#include <cstdio>
#include <memory>

#include "absl/synchronization/mutex.h"
#include "luakv/engine.h"
#include "luakv/options.h"

namespace luakv::tools {

int RunServe(const ServeRequest& request) {
  Options options;
  if (request.profile == "redis") {
    options = Options::RedisCompatible();
  } else if (request.profile != "safe") {
    std::fprintf(stderr, "luakv serve: unknown profile '%s' (redis|safe)\n",
                 request.profile.c_str());
    return 2;
  }
  if (request.databases) options.databases = *request.databases;

  absl::StatusOr<std::unique_ptr<Engine>> engine = Engine::Create(options);
  if (!engine.ok()) {
    std::fprintf(stderr, "luakv serve: %s\n",
                 std::string(engine.status().message()).c_str());
    return 2;
  }
  for (const std::string& setting : request.config) {
    const size_t eq = setting.find('=');
    if (eq == std::string::npos) {
      std::fprintf(stderr, "luakv serve: --config wants NAME=VALUE, got '%s'\n",
                   setting.c_str());
      return 2;
    }
    Reply r = (*engine)->Execute(
        {"CONFIG", "SET", setting.substr(0, eq), setting.substr(eq + 1)});
    if (r.is_error()) {
      std::fprintf(stderr, "luakv serve: %s\n", r.str().c_str());
      return 2;
    }
  }

  // A client that goes away while we write must not kill the server.
  std::signal(SIGPIPE, SIG_IGN);
  // Debian builds abseil with its mutex deadlock detection on, which costs
  // every command a lock-graph lookup; the server's locking never nests.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  server::RespServer srv(**engine, request.server);
  absl::Status listening = srv.Listen();
  if (!listening.ok()) {
    std::fprintf(stderr, "luakv serve: %s\n",
                 std::string(listening.message()).c_str());
    return 1;
  }
  srv.Run();
  return 0;
}

}  // namespace luakv::tools
