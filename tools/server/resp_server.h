// RespServer: serves one luakv::Engine over the Redis protocol (RESP2 and
// RESP3) on TCP and/or a Unix socket, so redis-cli, redis-benchmark and any
// Redis client library can talk to it.
//
//   luakv::Engine engine(luakv::Options::RedisCompatible());
//   luakv::server::RespServer server(engine, config);
//   absl::Status s = server.Listen();   // binds; fails on a busy port
//   server.Run();                       // until SHUTDOWN or Shutdown()
//
// Each connection has its own Session and parser and runs its commands in
// order; connections are served by a small pool of threads (Config::threads)
// and the Engine serialises the commands themselves. The server moves bytes
// and handles the commands that need a connection (QUIT, AUTH, HELLO with a
// password, CLIENT LIST/INFO/KILL, RESET, SHUTDOWN); everything else is the
// Engine's.
//
// Thread safety: Shutdown(), clients() and the registry calls may be used
// from any thread; Listen() and Run() from the thread that owns the server.

#ifndef LUAKV_TOOLS_SERVER_RESP_SERVER_H_
#define LUAKV_TOOLS_SERVER_RESP_SERVER_H_

#include <asio.hpp>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "luakv/engine.h"

namespace luakv::server {

class Connection;

struct ServerConfig {
  // TCP address and port; port 0 disables TCP (as in Redis).
  std::string bind = "127.0.0.1";
  int port = 6379;
  // A Unix socket path to listen on as well; empty for none.
  std::string unix_socket;
  // When set, clients must AUTH (or HELLO ... AUTH) before other commands.
  std::string requirepass;
  // Threads that run connections. One behaves like Redis's single thread;
  // more let other clients proceed while one waits for the engine.
  int threads = 1;
  // How often the server runs a step of active expiry (Redis's hz 10).
  int active_expire_interval_ms = 100;
  // Log lines (start, stop) go to stderr unless quiet.
  bool quiet = false;
};

class RespServer {
 public:
  RespServer(Engine& engine, ServerConfig config);
  ~RespServer();
  RespServer(const RespServer&) = delete;
  RespServer& operator=(const RespServer&) = delete;

  // Binds the configured addresses. Errors name the address.
  absl::Status Listen();
  // Serves until Shutdown() (or SHUTDOWN, SIGINT, SIGTERM).
  void Run();
  // Stops accepting, closes every connection and makes Run() return.
  void Shutdown();

  Engine& engine() { return engine_; }
  const ServerConfig& config() const { return config_; }
  // The TCP port bound by Listen(), 0 when TCP is off.
  int port() const { return bound_port_; }

  // --- The client registry, used by connections.
  // An id for a new connection (CLIENT ID), unique for the server's life.
  uint64_t NextClientId();
  void Register(uint64_t id, const std::shared_ptr<Connection>& conn);
  void Unregister(uint64_t id);
  // Every live connection, in id order.
  std::vector<std::shared_ptr<Connection>> clients();

 private:
  void AcceptTcp();
  void AcceptUnix();
  void ScheduleActiveExpire();
  // REQUIRES: mu_ is held.
  void ReportClientsLocked();

  Engine& engine_;
  const ServerConfig config_;
  asio::io_context io_;
  // The acceptors, the expiry timer and shutdown run here, so a pool of
  // threads never touches them at once.
  asio::strand<asio::io_context::executor_type> strand_;
  std::optional<asio::ip::tcp::acceptor> tcp_acceptor_;
  std::optional<asio::local::stream_protocol::acceptor> unix_acceptor_;
  asio::steady_timer expire_timer_;
  asio::signal_set signals_;
  int bound_port_ = 0;

  std::mutex mu_;
  std::map<uint64_t, std::weak_ptr<Connection>> clients_;  // guarded by mu_
  uint64_t next_id_ = 1;                                   // guarded by mu_
  uint64_t total_connections_ = 0;                         // guarded by mu_
  std::atomic<bool> stopping_{false};
};

}  // namespace luakv::server

#endif  // LUAKV_TOOLS_SERVER_RESP_SERVER_H_
