// Server commands: PING, ECHO, TIME, CONFIG and DEBUG.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "engine/command_context.h"
#include "engine/commands/handlers.h"
#include "engine/commands/help.h"
#include "engine/config.h"
#include "engine/errors.h"
#include "keyspace/util/glob.h"
#include "keyspace/util/status_macros.h"
#include "keyspace/util/sv_hash.h"

namespace luakv::cmd {
namespace {

bool IsGlob(std::string_view pattern) {
  return pattern.find_first_of("*?[") != std::string_view::npos;
}

std::string DebugSubcommandError(std::string_view sub) {
  std::string out = "ERR unknown subcommand or wrong number of arguments for '";
  out.append(sub.substr(0, sub.find('\0')).substr(0, 128));
  out.append("'. Try DEBUG HELP.");
  return errors::OneLine(out);
}

// DEBUG PROTOCOL <type>: one reply of each RESP3 type, as Redis 7.0 sends
// them, for testing clients.
void DebugProtocol(CommandContext& ctx, std::string_view type) {
  ReplySink& r = ctx.reply();
  if (EqualsIgnoreCase(type, "string")) {
    r.Bulk("Hello World");
  } else if (EqualsIgnoreCase(type, "integer")) {
    r.Integer(12345);
  } else if (EqualsIgnoreCase(type, "double")) {
    r.Double(3.141);
  } else if (EqualsIgnoreCase(type, "bignum")) {
    r.BigNumber("1234567999999999999999999999999999999");
  } else if (EqualsIgnoreCase(type, "null")) {
    r.Null();
  } else if (EqualsIgnoreCase(type, "array")) {
    r.Array(3);
    for (int i = 0; i < 3; ++i) r.Integer(i);
  } else if (EqualsIgnoreCase(type, "set")) {
    r.Set(3);
    for (int i = 0; i < 3; ++i) r.Integer(i);
  } else if (EqualsIgnoreCase(type, "map")) {
    r.Map(3);
    for (int i = 0; i < 3; ++i) {
      r.Integer(i);
      r.Bool(i == 1);
    }
  } else if (EqualsIgnoreCase(type, "attrib")) {
    // Redis precedes this with an attribute under RESP3; the reply sink has
    // no attribute type, so only the reply itself is sent.
    r.Bulk("Some real reply following the attribute");
  } else if (EqualsIgnoreCase(type, "push")) {
    // Redis sends a push message first under RESP3; the reply sink has no
    // push type.
    if (r.protocol() < 3) {
      return ctx.Error("ERR RESP2 is not supported by this command");
    }
    r.Bulk("Some real reply following the push reply");
  } else if (EqualsIgnoreCase(type, "verbatim")) {
    r.Verbatim("txt", "This is a verbatim\nstring");
  } else if (EqualsIgnoreCase(type, "true")) {
    r.Bool(true);
  } else if (EqualsIgnoreCase(type, "false")) {
    r.Bool(false);
  } else {
    ctx.Error(
        "ERR Wrong protocol type name. Please use one of the following: "
        "string|integer|double|bignum|null|array|set|map|attrib|push|"
        "verbatim|true|false");
  }
}

// A rough size of the value as RDB would store it (DEBUG OBJECT's
// serializedlength); luakv writes no RDB files, so this is an estimate.
size_t SerializedLength(const Value& v) {
  if (!v.is_string()) return v.HeapBytes();
  if (v.string_encoding() == StringEncoding::kInt) {
    const std::string& s = v.str();
    long long n = std::strtoll(s.c_str(), nullptr, 10);
    if (n >= -128 && n <= 127) return 2;
    if (n >= -32768 && n <= 32767) return 3;
    if (n >= -2147483648LL && n <= 2147483647LL) return 5;
  }
  const size_t len = v.str().size();
  return len + (len < 64 ? 1 : len < 16384 ? 2 : 5);
}

void DebugObject(CommandContext& ctx, std::string_view key) {
  // A look that neither touches the access time nor deletes anything; an
  // expired key is reported missing all the same.
  const Entry* e = ctx.db().Peek(key);
  if (e != nullptr && e->has_expiry() && e->expire_at_ms <= ctx.now_ms()) {
    e = nullptr;
  }
  if (e == nullptr) return ctx.Error(errors::kNoSuchKey);
  const Value& v = e->value;
  const uint32_t now_s = static_cast<uint32_t>(ctx.now_ms() / 1000);
  const uint32_t idle = now_s >= v.access_s() ? now_s - v.access_s() : 0;
  char buf[256];
  std::snprintf(buf, sizeof(buf),
                "Value at:%p refcount:1 encoding:%s serializedlength:%zu "
                "lru:%u lru_seconds_idle:%u",
                static_cast<const void*>(e), v.EncodingName(),
                SerializedLength(v), v.access_s() & ((1u << 24) - 1), idle);
  ctx.reply().Simple(buf);
}

}  // namespace

void Ping(CommandContext& ctx) {
  if (ctx.argc() > 2) return ctx.Error(errors::WrongArity("ping"));
  if (ctx.argc() == 2) return ctx.reply().Bulk(ctx.arg(1));
  ctx.reply().Simple("PONG");
}

void Echo(CommandContext& ctx) { ctx.reply().Bulk(ctx.arg(1)); }

void Time(CommandContext& ctx) {
  const int64_t us = ctx.core().now_us();
  ctx.reply().Array(2);
  ctx.reply().Bulk(std::to_string(us / 1000000));
  ctx.reply().Bulk(std::to_string(us % 1000000));
}

// --- CONFIG

void ConfigGet(CommandContext& ctx) {
  // Each matching setting once, under the name the client used for an
  // exact name and the table's name for a pattern match.
  std::vector<std::pair<std::string, const ConfigParam*>> found;
  auto add = [&](std::string name, const ConfigParam* p) {
    for (const auto& f : found) {
      if (f.second == p && EqualsIgnoreCase(f.first, name)) return;
    }
    found.emplace_back(std::move(name), p);
  };
  for (size_t i = 2; i < ctx.argc(); ++i) {
    const std::string_view pattern = ctx.arg(i);
    if (!IsGlob(pattern)) {
      if (const ConfigParam* p = FindConfigParam(pattern)) {
        add(std::string(pattern), p);
      }
      continue;
    }
    for (const ConfigParam& p : ConfigParams()) {
      if (GlobMatch(pattern, p.name, /*nocase=*/true)) {
        add(std::string(p.name), &p);
      }
      if (!p.alias.empty() && GlobMatch(pattern, p.alias, /*nocase=*/true)) {
        add(std::string(p.alias), &p);
      }
    }
  }
  ctx.reply().Map(found.size());
  for (const auto& [name, p] : found) {
    ctx.reply().Bulk(name);
    ctx.reply().Bulk(p->get(ctx.core().options()));
  }
}

void ConfigSet(CommandContext& ctx) {
  if (ctx.argc() % 2 != 0) return ctx.Error(errors::kSyntax);
  // All or nothing: every value is applied to a copy, which replaces the
  // live options only when all of them (and the result) are valid.
  std::vector<const ConfigParam*> seen;
  for (size_t i = 2; i < ctx.argc(); i += 2) {
    const ConfigParam* p = FindConfigParam(ctx.arg(i));
    if (p == nullptr) {
      return ctx.Error(errors::OneLine(
          "ERR Unknown option or number of arguments for CONFIG SET - '" +
          std::string(ctx.arg(i)) + "'"));
    }
    if (p->set == nullptr) {
      return ctx.Error("ERR CONFIG SET failed (possibly related to argument '" +
                       std::string(ctx.arg(i)) +
                       "') - can't set immutable config");
    }
    for (const ConfigParam* s : seen) {
      if (s == p) {
        return ctx.Error(
            "ERR CONFIG SET failed (possibly related to argument '" +
            std::string(ctx.arg(i)) + "') - duplicate parameter");
      }
    }
    seen.push_back(p);
  }
  Options updated = ctx.core().options();
  for (size_t i = 2; i < ctx.argc(); i += 2) {
    const ConfigParam* p = FindConfigParam(ctx.arg(i));
    std::optional<std::string> failure = p->set(updated, ctx.arg(i + 1));
    if (failure) {
      return ctx.Error(errors::OneLine(
          "ERR CONFIG SET failed (possibly related to argument '" +
          std::string(ctx.arg(i)) + "') - " + *failure));
    }
  }
  if (absl::Status s = updated.Validate(); !s.ok()) {
    return ctx.Error(errors::OneLine("ERR CONFIG SET failed - " +
                                     std::string(StatusMessage(s))));
  }
  ctx.core().mutable_options() = std::move(updated);
  ctx.Ok();
}

void ConfigResetstat(CommandContext& ctx) {
  ctx.core().stats().Reset();
  ctx.Ok();
}

void ConfigRewrite(CommandContext& ctx) {
  ctx.Error("ERR The server is running without a config file");
}

void ConfigHelp(CommandContext& ctx) {
  WriteHelp(
      ctx.reply(), "CONFIG",
      {"GET <pattern>",
       "    Return the settings matching the glob-like <pattern> and "
       "their values.",
       "SET <directive> <value>", "    Set the setting <directive> to <value>.",
       "RESETSTAT", "    Reset the statistics INFO reports.", "REWRITE",
       "    Not available: there is no configuration file."});
}

// --- DEBUG

void Debug(CommandContext& ctx) {
  const std::string_view sub = ctx.arg(1);
  const size_t argc = ctx.argc();
  if (EqualsIgnoreCase(sub, "help") && argc == 2) {
    return WriteHelp(
        ctx.reply(), "DEBUG",
        {"OBJECT <key>",
         "    Show low-level information about the key's value.",
         "PROTOCOL <type>",
         "    Reply with one value of the given RESP type: string, integer, "
         "double, bignum, null, array, set, map, attrib, push, verbatim, "
         "true or false.",
         "SET-ACTIVE-EXPIRE <0|1>",
         "    Turn the active expiry of keys off or on.",
         "SET-DISABLE-DENY-SCRIPTS <0|1>",
         "    Let scripts call commands that scripts may not call (for "
         "tests).",
         "SLEEP <seconds>",
         "    Hold the engine for <seconds> (a decimal number)."});
  }
  if (EqualsIgnoreCase(sub, "object") && argc == 3) {
    return DebugObject(ctx, ctx.arg(2));
  }
  if (EqualsIgnoreCase(sub, "protocol") && argc == 3) {
    return DebugProtocol(ctx, ctx.arg(2));
  }
  if (EqualsIgnoreCase(sub, "sleep") && argc == 3) {
    // Redis reads the number with strtod and sleeps holding everything.
    const double seconds =
        std::strtod(std::string(ctx.arg(2)).c_str(), nullptr);
    if (seconds > 0) {
      std::this_thread::sleep_for(
          std::chrono::microseconds(static_cast<int64_t>(seconds * 1e6)));
    }
    return ctx.Ok();
  }
  if (EqualsIgnoreCase(sub, "set-active-expire") && argc == 3) {
    ctx.core().set_active_expire_enabled(
        std::atoi(std::string(ctx.arg(2)).c_str()) != 0);
    return ctx.Ok();
  }
  if (EqualsIgnoreCase(sub, "set-disable-deny-scripts") && argc == 3) {
    ctx.core().set_deny_scripts_disabled(
        std::atoi(std::string(ctx.arg(2)).c_str()) != 0);
    return ctx.Ok();
  }
  ctx.Error(DebugSubcommandError(sub));
}

}  // namespace luakv::cmd
