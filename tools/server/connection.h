// Connection: one client of a RespServer. It reads requests into its
// RespParser, runs each command (on the Engine, or itself for the commands
// that need a connection) with the replies encoded by a luakv::RespWriter,
// and writes all replies of one batch of pipelined requests at once.
//
// A protocol error gets Redis's error reply after the replies of the
// commands before it, then the connection closes; other connections are
// not affected.
//
// Thread safety: a connection's I/O and commands run on its strand, one at a
// time. Kill() and Snapshot() may be called from any thread.

#ifndef LUAKV_TOOLS_SERVER_CONNECTION_H_
#define LUAKV_TOOLS_SERVER_CONNECTION_H_

#include <asio.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "luakv/session.h"
#include "tools/server/resp_parser.h"

namespace luakv::server {

class RespServer;

// What CLIENT LIST shows of a connection.
struct ClientSnapshot {
  uint64_t id = 0;
  std::string addr;
  std::string laddr;
  int fd = -1;
  std::string name;
  int64_t created_ms = 0;
  int64_t last_interaction_ms = 0;
  int db = 0;
  int resp = 2;
  size_t qbuf = 0;
  std::string last_cmd = "NULL";
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  using Socket = asio::generic::stream_protocol::socket;

  // `id` comes from RespServer::NextClientId(); `addr` and `laddr` are how
  // CLIENT LIST names the two ends.
  Connection(RespServer& server, uint64_t id, Socket socket, std::string addr,
             std::string laddr);

  // Registers with the server and starts reading.
  void Start();
  // Closes the connection (from any thread); pending replies are dropped.
  void Kill();

  uint64_t id() const { return id_; }
  const std::string& addr() const { return addr_; }
  const std::string& laddr() const { return laddr_; }
  ClientSnapshot Snapshot() const;

 private:
  void Read();
  void OnRead(const asio::error_code& ec, size_t n);
  // Runs every complete command in the parser, then writes the replies.
  void ProcessInput();
  void Write();
  void Close();

  // One command; replies are appended to out_.
  void Execute(std::span<const std::string_view> argv);
  // The commands the connection handles itself (connection_commands.cc).
  // Each returns true when it handled the command.
  bool HandleConnectionCommand(std::span<const std::string_view> argv);
  bool RejectUnauthenticated(std::span<const std::string_view> argv);
  void Auth(std::span<const std::string_view> argv);
  void Hello(std::span<const std::string_view> argv);
  void ExecuteHello(std::span<const std::string_view> argv);
  void ClientList(std::span<const std::string_view> argv);
  void ClientKill(std::span<const std::string_view> argv);
  void Shutdown(std::span<const std::string_view> argv);
  void ReplyError(std::string_view text);
  void ReplySimple(std::string_view text);
  void ReplyBulk(std::string_view bytes);
  void ReplyInteger(int64_t value);
  // Publishes what CLIENT LIST shows of this connection.
  void UpdateSnapshot(std::string_view last_cmd);

  RespServer& server_;
  Socket socket_;
  asio::strand<asio::any_io_executor> strand_;
  const std::string addr_;
  const std::string laddr_;
  const int fd_;
  const int64_t created_ms_;
  const uint64_t id_;

  RespParser parser_;
  Session session_;
  bool authenticated_;
  std::string out_;
  std::vector<std::string_view> views_;
  std::string last_name_;  // the last command run, for CLIENT LIST
  std::string last_sub_;
  bool close_after_write_ = false;
  bool closed_ = false;

  mutable std::mutex snapshot_mu_;
  ClientSnapshot snapshot_;  // guarded by snapshot_mu_
};

// The current time in milliseconds since the epoch (wall clock).
int64_t NowMillis();
// A CLIENT LIST line for `c`, newline-terminated, as Redis 7.0 prints one.
std::string FormatClientLine(const ClientSnapshot& c, int64_t now_ms);

}  // namespace luakv::server

#endif  // LUAKV_TOOLS_SERVER_CONNECTION_H_
