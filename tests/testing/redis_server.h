// RedisServer: starts a private redis-server for a test binary and stops it
// when destroyed.
//
// The server listens on a free loopback port and keeps nothing on disk
// (`--save '' --appendonly no`). It starts in a private temporary directory
// with its log there; when the server does not come up, Start() returns the
// log's tail in its error, and once it answers PING the directory is
// removed. It runs in the foreground as a child process that the kernel
// kills if the test binary dies, so neither server nor files outlive the
// test.
//
//   absl::StatusOr<std::unique_ptr<RedisServer>> server = RedisServer::Start();
//   auto client = RespClient::Connect((*server)->port());
//
// The binary is $LUAKV_REDIS_SERVER when set, else `redis-server` on PATH.
//
// Thread safety: none.

#ifndef LUAKV_TESTS_TESTING_REDIS_SERVER_H_
#define LUAKV_TESTS_TESTING_REDIS_SERVER_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace luakv::testing {

class RedisServer {
 public:
  // Starts a server with `extra_args` appended to the defaults (for example
  // {"--enable-debug-command", "local"}) and waits until it answers PING.
  // NotFound when no redis-server binary exists; Unavailable when it does
  // not start.
  static absl::StatusOr<std::unique_ptr<RedisServer>> Start(
      const std::vector<std::string>& extra_args = {});

  // The redis-server binary Start() would run, or NotFound.
  static absl::StatusOr<std::string> FindBinary();

  // A TCP port on 127.0.0.1 that was free a moment ago (the kernel's pick
  // for a socket bound to port 0).
  static absl::StatusOr<int> PickFreePort();

  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  int port() const { return port_; }
  const std::string& binary() const { return binary_; }

  // Kills the server. Idempotent; the destructor calls it.
  void Stop();

 private:
  RedisServer(std::string binary, std::string dir, int port, pid_t pid)
      : binary_(std::move(binary)), dir_(std::move(dir)), port_(port),
        pid_(pid) {}

  std::string binary_;
  // The server's working directory until it is up; empty after.
  std::string dir_;
  int port_;
  pid_t pid_;
};

}  // namespace luakv::testing

#endif  // LUAKV_TESTS_TESTING_REDIS_SERVER_H_
