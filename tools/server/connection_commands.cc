// The commands a Connection handles itself because they need the connection
// or the server: QUIT, AUTH and HELLO when a password is required, RESET,
// CLIENT LIST/INFO/KILL and SHUTDOWN. Everything else, including HELLO
// without a password and CLIENT ID/GETNAME/SETNAME, is the Engine's.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "luakv/engine.h"
#include "luakv/reply.h"
#include "luakv/resp_writer.h"
#include "tools/server/connection.h"
#include "tools/server/resp_server.h"

namespace luakv::server {
namespace {

constexpr std::string_view kWrongPass =
    "WRONGPASS invalid username-password pair or user is disabled.";
constexpr std::string_view kSyntaxError = "ERR syntax error";

bool Eq(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Redis's string2ll, for integer arguments.
std::optional<int64_t> ParseInt(std::string_view s) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  if (s == "0") return 0;
  size_t i = s[0] == '-' ? 1 : 0;
  if (i >= s.size() || s[i] < '1' || s[i] > '9') return std::nullopt;
  uint64_t v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    const uint64_t d = static_cast<uint64_t>(s[i] - '0');
    if (v > (UINT64_MAX - d) / 10) return std::nullopt;
    v = v * 10 + d;
  }
  if (s[0] == '-') {
    if (v > static_cast<uint64_t>(INT64_MAX) + 1) return std::nullopt;
    return static_cast<int64_t>(0 - v);
  }
  if (v > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<int64_t>(v);
}

bool ValidClientName(std::string_view name) {
  for (char c : name) {
    if (c < '!' || c > '~') return false;
  }
  return true;
}

bool ArityFits(int64_t arity, size_t argc) {
  return arity >= 0 ? argc == static_cast<size_t>(arity)
                    : argc >= static_cast<size_t>(-arity);
}

// Client types CLIENT LIST TYPE and CLIENT KILL TYPE accept; every client
// of this server is "normal".
enum class ClientType { kNormal, kOther, kUnknown };
ClientType ParseClientType(std::string_view s) {
  if (Eq(s, "normal")) return ClientType::kNormal;
  if (Eq(s, "slave") || Eq(s, "replica") || Eq(s, "master") ||
      Eq(s, "pubsub")) {
    return ClientType::kOther;
  }
  return ClientType::kUnknown;
}

}  // namespace

bool Connection::HandleConnectionCommand(
    std::span<const std::string_view> argv) {
  const std::string_view name = argv[0];
  const bool password = !server_.config().requirepass.empty();
  if (Eq(name, "quit")) {
    // Redis 7.0 answers QUIT before any arity check.
    ReplySimple("OK");
    close_after_write_ = true;
    return true;
  }
  if (Eq(name, "reset") && argv.size() == 1) {
    authenticated_ = !password;
    parser_.set_authenticated(authenticated_);
    return false;  // the Engine resets the session and replies
  }
  if (Eq(name, "auth") && password) {
    Auth(argv);
    return true;
  }
  if (Eq(name, "hello")) {
    if (password) {
      Hello(argv);
    } else {
      ExecuteHello(argv);
    }
    return true;
  }
  if (Eq(name, "client") && argv.size() >= 2) {
    const std::string_view sub = argv[1];
    if (Eq(sub, "list")) {
      ClientList(argv);
      return true;
    }
    if (Eq(sub, "info") && argv.size() == 2) {
      RespWriter(&out_, session_.protocol())
          .Verbatim("txt", FormatClientLine(Snapshot(), NowMillis()));
      return true;
    }
    if (Eq(sub, "kill") && argv.size() >= 3) {
      ClientKill(argv);
      return true;
    }
    return false;
  }
  if (Eq(name, "shutdown")) {
    Shutdown(argv);
    return true;
  }
  return false;
}

bool Connection::RejectUnauthenticated(std::span<const std::string_view> argv) {
  // Redis's no-auth commands, and QUIT, which Redis 7.0 handles first.
  for (std::string_view allowed : {"auth", "hello", "quit", "reset"}) {
    if (Eq(argv[0], allowed)) return false;
  }
  // Redis reports an unknown command or a wrong arity before NOAUTH: ask the
  // table, and let the Engine write those errors (it runs nothing then).
  const std::string_view query[] = {"COMMAND", "INFO", argv[0]};
  Reply info = server_.engine().Execute(session_, query);
  const bool known = info.type() == Reply::Type::kArray && info.size() == 1 &&
                     info[0].type() == Reply::Type::kArray &&
                     info[0].size() >= 2;
  const bool unknown = info.type() == Reply::Type::kArray && info.size() == 1 &&
                       info[0].is_null();
  if (unknown) return false;
  if (known) {
    const Reply& row = info[0];
    if (!ArityFits(row[1].integer(), argv.size())) return false;
    if (row.size() >= 10 && !row[9].elements().empty() && argv.size() >= 2) {
      std::string full = std::string(row[0].str()) + "|";
      for (char c : argv[1]) {
        full.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a')
                                            : c);
      }
      const Reply* sub = nullptr;
      for (const Reply& s : row[9].elements()) {
        if (s.size() >= 2 && s[0].str() == full) sub = &s;
      }
      if (sub == nullptr || !ArityFits((*sub)[1].integer(), argv.size())) {
        return false;
      }
    }
  }
  ReplyError("NOAUTH Authentication required.");
  return true;
}

void Connection::Auth(std::span<const std::string_view> argv) {
  if (argv.size() < 2) {
    return ReplyError("ERR wrong number of arguments for 'auth' command");
  }
  if (argv.size() > 3) return ReplyError(kSyntaxError);
  const std::string& password = server_.config().requirepass;
  const bool ok = argv.size() == 2
                      ? argv[1] == password
                      : argv[1] == "default" && argv[2] == password;
  // A failed AUTH does not log out a client that was already in.
  if (!ok) return ReplyError(kWrongPass);
  authenticated_ = true;
  parser_.set_authenticated(true);
  ReplySimple("OK");
}

void Connection::Hello(std::span<const std::string_view> argv) {
  // The checks in Redis 7.0's order; once they pass, the Engine switches the
  // protocol, sets the name and writes the reply.
  std::vector<std::string_view> forward = {argv[0]};
  size_t next = 1;
  if (argv.size() >= 2) {
    std::optional<int64_t> ver = ParseInt(argv[1]);
    if (!ver) {
      return ReplyError(
          "ERR Protocol version is not an integer or out of range");
    }
    if (*ver < 2 || *ver > 3) {
      return ReplyError("NOPROTO unsupported protocol version");
    }
    forward.push_back(argv[1]);
    next = 2;
  }
  std::optional<std::string_view> user, pass, name;
  for (size_t j = next; j < argv.size(); ++j) {
    const size_t more = argv.size() - 1 - j;
    if (Eq(argv[j], "auth") && more >= 2) {
      user = argv[j + 1];
      pass = argv[j + 2];
      j += 2;
    } else if (Eq(argv[j], "setname") && more >= 1) {
      if (!ValidClientName(argv[j + 1])) {
        return ReplyError(
            "ERR Client names cannot contain spaces, newlines or special "
            "characters.");
      }
      name = argv[j + 1];
      ++j;
    } else {
      std::string text = "ERR Syntax error in HELLO option '";
      text.append(argv[j]);
      text.push_back('\'');
      return ReplyError(text);
    }
  }
  if (user) {
    if (*user != "default" || *pass != server_.config().requirepass) {
      return ReplyError(kWrongPass);
    }
    authenticated_ = true;
    parser_.set_authenticated(true);
  }
  if (!authenticated_) {
    return ReplyError(
        "NOAUTH HELLO must be called with the client already authenticated, "
        "otherwise the HELLO AUTH <user> <pass> option can be used to "
        "authenticate the client and select the RESP protocol version at the "
        "same time");
  }
  if (name) {
    forward.push_back("SETNAME");
    forward.push_back(*name);
  }
  ExecuteHello(forward);
}

void Connection::ExecuteHello(std::span<const std::string_view> argv) {
  // HELLO's reply speaks the protocol it switches to: build it as RESP3,
  // then encode it for whatever the session speaks afterwards.
  ReplyBuilder builder(3);
  server_.engine().Execute(session_, argv, builder);
  Reply reply = builder.Take();
  RespWriter writer(&out_, session_.protocol());
  reply.WriteTo(writer);
}

void Connection::ClientList(std::span<const std::string_view> argv) {
  bool only_other_types = false;
  std::vector<int64_t> ids;
  bool by_id = false;
  if (argv.size() == 4 && Eq(argv[2], "type")) {
    const ClientType type = ParseClientType(argv[3]);
    if (type == ClientType::kUnknown) {
      return ReplyError("ERR Unknown client type '" + std::string(argv[3]) +
                        "'");
    }
    only_other_types = type == ClientType::kOther;
  } else if (argv.size() > 3 && Eq(argv[2], "id")) {
    by_id = true;
    for (size_t j = 3; j < argv.size(); ++j) {
      std::optional<int64_t> id = ParseInt(argv[j]);
      if (!id) return ReplyError("ERR Invalid client ID");
      ids.push_back(*id);
    }
  } else if (argv.size() != 2) {
    return ReplyError(kSyntaxError);
  }
  // This connection's own line shows the command being run.
  UpdateSnapshot("client|list");
  std::string text;
  const int64_t now = NowMillis();
  if (!only_other_types) {
    for (const std::shared_ptr<Connection>& c : server_.clients()) {
      if (by_id) {
        bool wanted = false;
        for (int64_t id : ids) wanted |= static_cast<uint64_t>(id) == c->id();
        if (!wanted) continue;
      }
      text.append(FormatClientLine(c->Snapshot(), now));
    }
  }
  RespWriter(&out_, session_.protocol()).Verbatim("txt", text);
}

void Connection::ClientKill(std::span<const std::string_view> argv) {
  std::vector<std::shared_ptr<Connection>> victims;
  if (argv.size() == 3) {
    // The old form: CLIENT KILL addr:port, OK or an error.
    for (const std::shared_ptr<Connection>& c : server_.clients()) {
      if (c->addr() == argv[2]) victims.push_back(c);
    }
    if (victims.empty()) return ReplyError("ERR No such client");
    for (const std::shared_ptr<Connection>& c : victims) {
      if (c.get() == this) {
        close_after_write_ = true;
      } else {
        c->Kill();
      }
    }
    return ReplySimple("OK");
  }

  std::optional<uint64_t> id;
  std::optional<ClientType> type;
  std::optional<std::string_view> addr, laddr;
  bool skipme = true;
  for (size_t i = 2; i < argv.size(); i += 2) {
    if (i + 1 >= argv.size()) return ReplyError(kSyntaxError);
    const std::string_view opt = argv[i];
    const std::string_view val = argv[i + 1];
    if (Eq(opt, "id")) {
      std::optional<int64_t> v = ParseInt(val);
      if (!v || *v < 1) {
        return ReplyError("ERR client-id should be greater than 0");
      }
      id = static_cast<uint64_t>(*v);
    } else if (Eq(opt, "type")) {
      type = ParseClientType(val);
      if (*type == ClientType::kUnknown) {
        return ReplyError("ERR Unknown client type '" + std::string(val) + "'");
      }
    } else if (Eq(opt, "addr")) {
      addr = val;
    } else if (Eq(opt, "laddr")) {
      laddr = val;
    } else if (Eq(opt, "user")) {
      if (val != "default") {
        return ReplyError("ERR No such user '" + std::string(val) + "'");
      }
    } else if (Eq(opt, "skipme")) {
      if (Eq(val, "yes")) {
        skipme = true;
      } else if (Eq(val, "no")) {
        skipme = false;
      } else {
        return ReplyError(kSyntaxError);
      }
    } else {
      return ReplyError(kSyntaxError);
    }
  }
  int64_t killed = 0;
  for (const std::shared_ptr<Connection>& c : server_.clients()) {
    if (id && c->id() != *id) continue;
    if (type && *type != ClientType::kNormal) continue;
    if (addr && c->addr() != *addr) continue;
    if (laddr && c->laddr() != *laddr) continue;
    if (c.get() == this) {
      if (skipme) continue;
      close_after_write_ = true;
    } else {
      c->Kill();
    }
    ++killed;
  }
  ReplyInteger(killed);
}

void Connection::Shutdown(std::span<const std::string_view> argv) {
  bool nosave = false, save = false, abort = false, other = false;
  for (size_t i = 1; i < argv.size(); ++i) {
    if (Eq(argv[i], "nosave")) {
      nosave = true;
    } else if (Eq(argv[i], "save")) {
      save = true;
    } else if (Eq(argv[i], "now") || Eq(argv[i], "force")) {
      other = true;
    } else if (Eq(argv[i], "abort")) {
      abort = true;
    } else {
      return ReplyError(kSyntaxError);
    }
  }
  if ((abort && (nosave || save || other)) || (nosave && save)) {
    return ReplyError(kSyntaxError);
  }
  if (abort) return ReplyError("ERR No shutdown in progress.");
  if (save) {
    // luakv keeps no data on disk: a save cannot succeed.
    return ReplyError("ERR Errors trying to SHUTDOWN. Check logs.");
  }
  // Like Redis, a successful SHUTDOWN sends no reply: the connection closes.
  close_after_write_ = true;
  server_.Shutdown();
}

}  // namespace luakv::server
