// Connection commands as an embedded engine answers them: HELLO, AUTH,
// CLIENT (ID, GETNAME, SETNAME, INFO, LIST, KILL, NO-EVICT, HELP), QUIT,
// RESET and SHUTDOWN work on the caller's Session alone. A server adapter
// answers the parts that need a connection (closing it, passwords, other
// clients) itself and leaves the rest to these handlers.

#include <string>

#include "engine/command_context.h"
#include "engine/commands/handlers.h"
#include "engine/commands/help.h"
#include "engine/errors.h"
#include "keyspace/util/numbers.h"
#include "keyspace/util/sv_hash.h"

namespace luakv::cmd {
namespace {

constexpr std::string_view kWrongPass =
    "WRONGPASS invalid username-password pair or user is disabled.";
constexpr std::string_view kBadClientName =
    "ERR Client names cannot contain spaces, newlines or special "
    "characters.";

bool ValidClientName(std::string_view name) {
  for (char c : name) {
    if (c < '!' || c > '~') return false;
  }
  return true;
}

// The embedded engine has no password: the default user takes any.
bool CheckUser(std::string_view user) { return user == "default"; }

// A CLIENT LIST line for the caller's session (no socket behind it).
std::string SessionLine(const Session& s) {
  return "id=" + std::to_string(s.id()) +
         " addr= laddr= fd=-1 name=" + s.name() +
         " age=0 idle=0 flags=N db=" + std::to_string(s.db()) +
         " sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 "
         "multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0 events=r "
         "cmd=client|list user=default redir=-1 resp=" +
         std::to_string(s.protocol()) + "\n";
}

}  // namespace

void Hello(CommandContext& ctx) {
  Session& session = ctx.session();
  int64_t version = session.protocol();
  size_t next = 1;
  if (ctx.argc() >= 2) {
    std::optional<int64_t> v = ParseInt64(ctx.arg(1));
    if (!v) {
      return ctx.Error(
          "ERR Protocol version is not an integer or out of range");
    }
    if (*v < 2 || *v > 3) {
      return ctx.Error("NOPROTO unsupported protocol version");
    }
    version = *v;
    next = 2;
  }
  std::optional<std::string_view> user, name;
  for (size_t j = next; j < ctx.argc(); ++j) {
    const size_t more = ctx.argc() - 1 - j;
    if (EqualsIgnoreCase(ctx.arg(j), "auth") && more >= 2) {
      user = ctx.arg(j + 1);
      j += 2;
    } else if (EqualsIgnoreCase(ctx.arg(j), "setname") && more >= 1) {
      if (!ValidClientName(ctx.arg(j + 1))) return ctx.Error(kBadClientName);
      name = ctx.arg(j + 1);
      ++j;
    } else {
      return ctx.Error(errors::OneLine("ERR Syntax error in HELLO option '" +
                                       std::string(ctx.arg(j)) + "'"));
    }
  }
  if (user && !CheckUser(*user)) return ctx.Error(kWrongPass);
  if (name) session.set_name(std::string(*name));
  session.set_protocol(static_cast<int>(version));

  // The reply is written in the sink's protocol; a server encodes it in the
  // new one (Redis switches before replying).
  ReplySink& r = ctx.reply();
  r.Map(7);
  r.Bulk("server");
  r.Bulk("redis");
  // The Redis release luakv behaves as; clients pick features by it.
  r.Bulk("version");
  r.Bulk("7.0.15");
  r.Bulk("proto");
  r.Integer(version);
  r.Bulk("id");
  r.Integer(static_cast<int64_t>(session.id()));
  r.Bulk("mode");
  r.Bulk("standalone");
  r.Bulk("role");
  r.Bulk("master");
  r.Bulk("modules");
  r.Array(0);
}

void Auth(CommandContext& ctx) {
  if (ctx.argc() > 3) return ctx.Error(errors::kSyntax);
  if (ctx.argc() == 2) {
    return ctx.Error(
        "ERR AUTH <password> called without any password configured for "
        "the default user. Are you sure your configuration is correct?");
  }
  if (!CheckUser(ctx.arg(1))) return ctx.Error(kWrongPass);
  ctx.Ok();
}

void ClientId(CommandContext& ctx) {
  ctx.reply().Integer(static_cast<int64_t>(ctx.session().id()));
}

void ClientGetname(CommandContext& ctx) {
  if (ctx.session().name().empty()) return ctx.reply().Null();
  ctx.reply().Bulk(ctx.session().name());
}

void ClientSetname(CommandContext& ctx) {
  if (!ValidClientName(ctx.arg(2))) return ctx.Error(kBadClientName);
  ctx.session().set_name(std::string(ctx.arg(2)));
  ctx.Ok();
}

void ClientInfo(CommandContext& ctx) {
  std::string line = SessionLine(ctx.session());
  // This command is the one running.
  line.replace(line.find("cmd=client|list"), 15, "cmd=client|info");
  ctx.reply().Verbatim("txt", line);
}

void ClientList(CommandContext& ctx) {
  if (ctx.argc() != 2) {
    // TYPE and ID filters: the session is a normal client with its id.
    if (ctx.argc() == 4 && EqualsIgnoreCase(ctx.arg(2), "type")) {
      const std::string_view t = ctx.arg(3);
      if (EqualsIgnoreCase(t, "normal")) {
        return ctx.reply().Verbatim("txt", SessionLine(ctx.session()));
      }
      if (EqualsIgnoreCase(t, "master") || EqualsIgnoreCase(t, "replica") ||
          EqualsIgnoreCase(t, "slave") || EqualsIgnoreCase(t, "pubsub")) {
        return ctx.reply().Verbatim("txt", "");
      }
      return ctx.Error("ERR Unknown client type '" + std::string(t) + "'");
    }
    if (ctx.argc() > 3 && EqualsIgnoreCase(ctx.arg(2), "id")) {
      bool listed = false;
      for (size_t i = 3; i < ctx.argc(); ++i) {
        std::optional<int64_t> id = ParseInt64(ctx.arg(i));
        if (!id) return ctx.Error("ERR Invalid client ID");
        listed |= static_cast<uint64_t>(*id) == ctx.session().id();
      }
      return ctx.reply().Verbatim(
          "txt", listed ? SessionLine(ctx.session()) : std::string());
    }
    return ctx.Error(errors::kSyntax);
  }
  ctx.reply().Verbatim("txt", SessionLine(ctx.session()));
}

void ClientKill(CommandContext& ctx) {
  // An embedded session has no peer to kill: the arguments are checked as
  // Redis checks them, and nothing matches.
  if (ctx.argc() == 3) return ctx.Error("ERR No such client");
  for (size_t i = 2; i < ctx.argc(); i += 2) {
    if (i + 1 >= ctx.argc()) return ctx.Error(errors::kSyntax);
    const std::string_view opt = ctx.arg(i);
    const std::string_view val = ctx.arg(i + 1);
    if (EqualsIgnoreCase(opt, "id")) {
      std::optional<int64_t> id = ParseInt64(val);
      if (!id || *id < 1) {
        return ctx.Error("ERR client-id should be greater than 0");
      }
    } else if (EqualsIgnoreCase(opt, "type")) {
      if (!EqualsIgnoreCase(val, "normal") &&
          !EqualsIgnoreCase(val, "master") &&
          !EqualsIgnoreCase(val, "replica") &&
          !EqualsIgnoreCase(val, "slave") && !EqualsIgnoreCase(val, "pubsub")) {
        return ctx.Error(errors::OneLine("ERR Unknown client type '" +
                                         std::string(val) + "'"));
      }
    } else if (EqualsIgnoreCase(opt, "user")) {
      if (val != "default") {
        return ctx.Error(
            errors::OneLine("ERR No such user '" + std::string(val) + "'"));
      }
    } else if (EqualsIgnoreCase(opt, "skipme")) {
      if (!EqualsIgnoreCase(val, "yes") && !EqualsIgnoreCase(val, "no")) {
        return ctx.Error(errors::kSyntax);
      }
    } else if (!EqualsIgnoreCase(opt, "addr") &&
               !EqualsIgnoreCase(opt, "laddr")) {
      return ctx.Error(errors::kSyntax);
    }
  }
  ctx.reply().Integer(0);
}

void ClientNoEvict(CommandContext& ctx) {
  if (!EqualsIgnoreCase(ctx.arg(2), "on") &&
      !EqualsIgnoreCase(ctx.arg(2), "off")) {
    return ctx.Error(errors::kSyntax);
  }
  ctx.Ok();
}

void ClientHelp(CommandContext& ctx) {
  WriteHelp(
      ctx.reply(), "CLIENT",
      {"GETNAME", "    Return the name of this connection.", "ID",
       "    Return the id of this connection.", "INFO",
       "    Return information about this connection.", "KILL <ip:port>",
       "    Close the connection from <ip:port>.",
       "KILL <option> <value> [<option> <value> [...]]",
       "    Close the connections matching every option: ID <id>, ADDR "
       "<ip:port>, LADDR <ip:port>, TYPE (NORMAL|MASTER|REPLICA|PUBSUB), "
       "USER <username>, SKIPME (YES|NO) (default yes).",
       "LIST [TYPE (NORMAL|MASTER|REPLICA|PUBSUB)] [ID <id> ...]",
       "    Return information about the connections.", "NO-EVICT (ON|OFF)",
       "    Accepted for compatibility; connections are never evicted.",
       "SETNAME <name>", "    Name this connection."});
}

void Quit(CommandContext& ctx) { ctx.Ok(); }

void Reset(CommandContext& ctx) {
  Session& s = ctx.session();
  s.set_db(0);
  s.set_protocol(2);
  s.set_name("");
  ctx.reply().Simple("RESET");
}

void Shutdown(CommandContext& ctx) {
  // An embedded engine does not stop its host.
  ctx.Error("ERR Errors trying to SHUTDOWN. Check logs.");
}

}  // namespace luakv::cmd
