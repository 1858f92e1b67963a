#include "tools/server/resp_server.h"

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "tools/server/connection.h"

namespace luakv::server {
namespace {

std::string TcpName(const asio::ip::tcp::endpoint& ep) {
  return ep.address().to_string() + ":" + std::to_string(ep.port());
}

void Log(const ServerConfig& config, const std::string& line) {
  if (config.quiet) return;
  std::fprintf(stderr, "%d:M * %s\n", static_cast<int>(getpid()), line.c_str());
}

}  // namespace

RespServer::RespServer(Engine& engine, ServerConfig config)
    : engine_(engine),
      config_(std::move(config)),
      strand_(asio::make_strand(io_)),
      expire_timer_(strand_),
      signals_(strand_) {}

RespServer::~RespServer() = default;

absl::Status RespServer::Listen() {
  asio::error_code ec;
  if (config_.port != 0) {
    asio::ip::address address = asio::ip::make_address(config_.bind, ec);
    if (ec) {
      return absl::InvalidArgumentError(
          absl::StrCat("invalid bind address '", config_.bind, "'"));
    }
    asio::ip::tcp::endpoint endpoint(address,
                                     static_cast<uint16_t>(config_.port));
    tcp_acceptor_.emplace(strand_);
    tcp_acceptor_->open(endpoint.protocol(), ec);
    if (!ec)
      tcp_acceptor_->set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) tcp_acceptor_->bind(endpoint, ec);
    if (!ec) tcp_acceptor_->listen(511, ec);
    if (ec) {
      return absl::UnavailableError(
          absl::StrCat("could not listen on ", config_.bind, ":", config_.port,
                       ": ", ec.message()));
    }
    bound_port_ = tcp_acceptor_->local_endpoint().port();
  }
  if (!config_.unix_socket.empty()) {
    ::unlink(config_.unix_socket.c_str());
    unix_acceptor_.emplace(strand_);
    asio::local::stream_protocol::endpoint endpoint(config_.unix_socket);
    unix_acceptor_->open(endpoint.protocol(), ec);
    if (!ec) unix_acceptor_->bind(endpoint, ec);
    if (!ec) unix_acceptor_->listen(511, ec);
    if (ec) {
      return absl::UnavailableError(
          absl::StrCat("could not listen on unix socket ", config_.unix_socket,
                       ": ", ec.message()));
    }
  }
  if (!tcp_acceptor_ && !unix_acceptor_) {
    return absl::InvalidArgumentError(
        "nothing to listen on: port is 0 and no unix socket given");
  }
  return absl::OkStatus();
}

void RespServer::Run() {
  if (tcp_acceptor_) {
    AcceptTcp();
    Log(config_, absl::StrCat("Ready to accept connections tcp ", config_.bind,
                              ":", bound_port_));
  }
  if (unix_acceptor_) {
    AcceptUnix();
    Log(config_, "Ready to accept connections unix " + config_.unix_socket);
  }
  signals_.add(SIGINT);
  signals_.add(SIGTERM);
  signals_.async_wait([this](const asio::error_code& ec, int sig) {
    if (ec) return;
    Log(config_, sig == SIGINT ? "Received SIGINT scheduling shutdown..."
                               : "Received SIGTERM scheduling shutdown...");
    Shutdown();
  });
  ScheduleActiveExpire();

  std::vector<std::thread> pool;
  for (int i = 1; i < config_.threads; ++i) {
    pool.emplace_back([this] { io_.run(); });
  }
  io_.run();
  for (std::thread& t : pool) t.join();
  if (!config_.unix_socket.empty()) ::unlink(config_.unix_socket.c_str());
  Log(config_, "luakv is now ready to exit, bye bye...");
}

void RespServer::Shutdown() {
  if (stopping_.exchange(true)) return;
  asio::post(strand_, [this] {
    asio::error_code ignored;
    if (tcp_acceptor_) tcp_acceptor_->close(ignored);
    if (unix_acceptor_) unix_acceptor_->close(ignored);
    expire_timer_.cancel();
    signals_.cancel();
    for (const std::shared_ptr<Connection>& c : clients()) c->Kill();
    // Let the kills (and replies already queued) run, then stop.
    asio::post(io_, [this] { io_.stop(); });
  });
}

void RespServer::AcceptTcp() {
  tcp_acceptor_->async_accept([this](const asio::error_code& ec,
                                     asio::ip::tcp::socket socket) {
    if (stopping_) return;
    if (!ec) {
      asio::error_code ignored;
      socket.set_option(asio::ip::tcp::no_delay(true), ignored);
      const std::string addr = TcpName(socket.remote_endpoint(ignored));
      const std::string laddr = TcpName(socket.local_endpoint(ignored));
      const auto protocol = socket.local_endpoint(ignored).protocol();
      Connection::Socket generic(
          io_, asio::generic::stream_protocol(protocol.family(), IPPROTO_TCP),
          socket.release(ignored));
      std::make_shared<Connection>(*this, NextClientId(), std::move(generic),
                                   addr, laddr)
          ->Start();
    }
    AcceptTcp();
  });
}

void RespServer::AcceptUnix() {
  unix_acceptor_->async_accept(
      [this](const asio::error_code& ec,
             asio::local::stream_protocol::socket socket) {
        if (stopping_) return;
        if (!ec) {
          asio::error_code ignored;
          // Redis names both ends of a Unix connection "<path>:0".
          const std::string name = config_.unix_socket + ":0";
          Connection::Socket generic(io_,
                                     asio::generic::stream_protocol(AF_UNIX, 0),
                                     socket.release(ignored));
          std::make_shared<Connection>(*this, NextClientId(),
                                       std::move(generic), name, name)
              ->Start();
        }
        AcceptUnix();
      });
}

void RespServer::ScheduleActiveExpire() {
  expire_timer_.expires_after(
      std::chrono::milliseconds(config_.active_expire_interval_ms));
  expire_timer_.async_wait([this](const asio::error_code& ec) {
    if (ec || stopping_) return;
    engine_.ActiveExpire();
    ScheduleActiveExpire();
  });
}

uint64_t RespServer::NextClientId() {
  std::lock_guard<std::mutex> lock(mu_);
  return next_id_++;
}

void RespServer::Register(uint64_t id,
                          const std::shared_ptr<Connection>& conn) {
  std::lock_guard<std::mutex> lock(mu_);
  clients_.emplace(id, conn);
  ++total_connections_;
  ReportClientsLocked();
}

void RespServer::Unregister(uint64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  clients_.erase(id);
  ReportClientsLocked();
}

void RespServer::ReportClientsLocked() {
  // Under mu_, so two threads cannot report their counts out of order.
  engine_.ReportConnections(clients_.size(), total_connections_);
}

std::vector<std::shared_ptr<Connection>> RespServer::clients() {
  std::vector<std::shared_ptr<Connection>> out;
  std::lock_guard<std::mutex> lock(mu_);
  out.reserve(clients_.size());
  for (const auto& [id, weak] : clients_) {
    if (std::shared_ptr<Connection> c = weak.lock())
      out.push_back(std::move(c));
  }
  return out;
}

}  // namespace luakv::server
