#include "tools/server/connection.h"

#include <chrono>
#include <cstdio>
#include <utility>

#include "luakv/resp_writer.h"
#include "tools/server/resp_server.h"

namespace luakv::server {
namespace {

// Redis's containers, for the cmd= field of CLIENT LIST ("client|list").
constexpr std::string_view kContainers[] = {
    "acl",      "client",  "cluster", "command", "config",
    "function", "latency", "memory",  "module",  "object",
    "pubsub",   "script",  "slowlog", "xgroup",  "xinfo"};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// "client|list" for CLIENT LIST, "get" for GET.
std::string FullCommandName(std::string_view command, std::string_view sub) {
  std::string name = Lower(command);
  if (!sub.empty()) {
    for (std::string_view c : kContainers) {
      if (name == c) {
        name.push_back('|');
        name.append(Lower(sub));
        break;
      }
    }
  }
  return name;
}

}  // namespace

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string FormatClientLine(const ClientSnapshot& c, int64_t now_ms) {
  char buf[512];
  std::snprintf(
      buf, sizeof(buf),
      "id=%llu addr=%s laddr=%s fd=%d name=%s age=%lld idle=%lld flags=N "
      "db=%d sub=0 psub=0 ssub=0 multi=-1 qbuf=%zu qbuf-free=0 argv-mem=0 "
      "multi-mem=0 rbs=16384 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r "
      "cmd=%s user=default redir=-1 resp=%d\n",
      static_cast<unsigned long long>(c.id), c.addr.c_str(), c.laddr.c_str(),
      c.fd, c.name.c_str(),
      static_cast<long long>((now_ms - c.created_ms) / 1000),
      static_cast<long long>((now_ms - c.last_interaction_ms) / 1000), c.db,
      c.qbuf, c.last_cmd.c_str(), c.resp);
  return buf;
}

Connection::Connection(RespServer& server, uint64_t id, Socket socket,
                       std::string addr, std::string laddr)
    : server_(server),
      socket_(std::move(socket)),
      strand_(asio::make_strand(socket_.get_executor())),
      addr_(std::move(addr)),
      laddr_(std::move(laddr)),
      fd_(static_cast<int>(socket_.native_handle())),
      created_ms_(NowMillis()),
      id_(id),
      authenticated_(server.config().requirepass.empty()) {
  parser_.set_authenticated(authenticated_);
  session_.set_id(id_);
  snapshot_.id = id_;
  snapshot_.addr = addr_;
  snapshot_.laddr = laddr_;
  snapshot_.fd = fd_;
  snapshot_.created_ms = created_ms_;
  snapshot_.last_interaction_ms = created_ms_;
}

void Connection::Start() {
  server_.Register(id_, shared_from_this());
  asio::dispatch(strand_, [self = shared_from_this()] { self->Read(); });
}

void Connection::Kill() {
  // Redis frees a killed client at once: it leaves CLIENT LIST and a second
  // CLIENT KILL no longer counts it, even before its strand closes the socket.
  server_.Unregister(id_);
  asio::post(strand_, [self = shared_from_this()] { self->Close(); });
}

ClientSnapshot Connection::Snapshot() const {
  std::lock_guard<std::mutex> lock(snapshot_mu_);
  return snapshot_;
}

void Connection::UpdateSnapshot(std::string_view last_cmd) {
  std::lock_guard<std::mutex> lock(snapshot_mu_);
  snapshot_.name = session_.name();
  snapshot_.db = session_.db();
  snapshot_.resp = session_.protocol();
  snapshot_.qbuf = parser_.buffered();
  snapshot_.last_interaction_ms = NowMillis();
  if (!last_cmd.empty()) snapshot_.last_cmd = std::string(last_cmd);
}

void Connection::Read() {
  if (closed_) return;
  std::span<char> room = parser_.Prepare(parser_.ReadHint());
  socket_.async_read_some(
      asio::buffer(room.data(), room.size()),
      asio::bind_executor(strand_, [self = shared_from_this()](
                                       const asio::error_code& ec, size_t n) {
        self->OnRead(ec, n);
      }));
}

void Connection::OnRead(const asio::error_code& ec, size_t n) {
  if (ec)
    return Close();  // EOF, reset, or Kill(): a half-sent command is dropped
  parser_.Commit(n);
  ProcessInput();
}

void Connection::ProcessInput() {
  if (closed_) return;
  // CLIENT LIST shows the last command of the batch; keep just its name.
  bool ran = false;
  while (!close_after_write_) {
    const RespParser::Result r = parser_.Next();
    if (r == RespParser::Result::kNeedMore) break;
    if (r == RespParser::Result::kError) {
      ReplyError(parser_.error());
      close_after_write_ = true;
      break;
    }
    const std::vector<std::string>& argv = parser_.argv();
    views_.assign(argv.begin(), argv.end());
    Execute(views_);
    last_name_.assign(views_[0]);
    last_sub_.assign(views_.size() > 1 ? views_[1] : std::string_view());
    ran = true;
  }
  UpdateSnapshot(ran ? FullCommandName(last_name_, last_sub_) : std::string());
  if (closed_) return;
  if (!out_.empty()) return Write();
  if (close_after_write_) return Close();
  Read();
}

void Connection::Write() {
  asio::async_write(
      socket_, asio::buffer(out_),
      asio::bind_executor(strand_, [self = shared_from_this()](
                                       const asio::error_code& ec, size_t) {
        if (ec) return self->Close();
        self->out_.clear();
        if (self->close_after_write_) return self->Close();
        self->Read();
      }));
}

void Connection::Close() {
  if (closed_) return;
  closed_ = true;
  asio::error_code ignored;
  socket_.shutdown(asio::socket_base::shutdown_both, ignored);
  socket_.close(ignored);
  server_.Unregister(id_);
}

void Connection::Execute(std::span<const std::string_view> argv) {
  if (!authenticated_ && RejectUnauthenticated(argv)) return;
  if (HandleConnectionCommand(argv)) return;
  RespWriter writer(&out_, session_.protocol());
  server_.engine().Execute(session_, argv, writer);
}

void Connection::ReplyError(std::string_view text) {
  RespWriter(&out_, session_.protocol()).Error(text);
}

void Connection::ReplySimple(std::string_view text) {
  RespWriter(&out_, session_.protocol()).Simple(text);
}

void Connection::ReplyBulk(std::string_view bytes) {
  RespWriter(&out_, session_.protocol()).Bulk(bytes);
}

void Connection::ReplyInteger(int64_t value) {
  RespWriter(&out_, session_.protocol()).Integer(value);
}

}  // namespace luakv::server
