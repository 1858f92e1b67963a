// INFO: the server's report in Redis 7.0's sections and format, from the
// engine's own counters (commandstats, errorstats) and what a server
// adapter reports about its connections (Engine::ReportConnections).
// Fields that only make sense for a Redis process (replication offsets,
// persistence timings, allocator details) are left out; the ones clients
// and tools read (redis_version, connected_clients, used_memory,
// total_commands_processed, dbN keys, cmdstat_*) are there.

#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <string>

#include "engine/command_context.h"
#include "engine/command_table.h"
#include "engine/commands/handlers.h"
#include "keyspace/util/sv_hash.h"

#ifndef LUAKV_VERSION_STRING
#define LUAKV_VERSION_STRING "0.0.0"
#endif

namespace luakv::cmd {
namespace {

std::string FullName(const CommandSpec& parent, const CommandSpec& spec) {
  std::string name(parent.name);
  name.push_back('|');
  name.append(spec.name);
  return name;
}

std::string BytesToHuman(uint64_t n) {
  char buf[64];
  const double d = static_cast<double>(n);
  if (n < 1024) {
    std::snprintf(buf, sizeof(buf), "%" PRIu64 "B", n);
  } else if (n < 1024ULL * 1024) {
    std::snprintf(buf, sizeof(buf), "%.2fK", d / 1024);
  } else if (n < 1024ULL * 1024 * 1024) {
    std::snprintf(buf, sizeof(buf), "%.2fM", d / (1024.0 * 1024));
  } else {
    std::snprintf(buf, sizeof(buf), "%.2fG", d / (1024.0 * 1024 * 1024));
  }
  return buf;
}

void Field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.push_back(':');
  out.append(value);
  out.append("\r\n");
}
void Field(std::string& out, std::string_view name, uint64_t value) {
  Field(out, name, std::to_string(value));
}

void ServerSection(CommandContext& ctx, std::string& out) {
  struct utsname name;
  std::string os = "unknown";
  if (uname(&name) == 0) {
    os = std::string(name.sysname) + " " + name.release + " " + name.machine;
  }
  const EngineStats& stats = ctx.core().stats();
  const int64_t uptime_s = (ctx.core().now_us() - stats.start_us()) / 1000000;
  // redis_version is the Redis release luakv answers like, which is what
  // client libraries look at; luakv's own version follows it.
  Field(out, "redis_version", "7.0.15");
  Field(out, "luakv_version", LUAKV_VERSION_STRING);
  Field(out, "redis_mode", "standalone");
  Field(out, "os", os);
  Field(out, "arch_bits", sizeof(void*) * 8);
  Field(out, "process_id", static_cast<uint64_t>(getpid()));
  Field(out, "run_id", stats.run_id());
  Field(out, "server_time_usec", static_cast<uint64_t>(ctx.core().now_us()));
  Field(out, "uptime_in_seconds", static_cast<uint64_t>(uptime_s));
  Field(out, "uptime_in_days", static_cast<uint64_t>(uptime_s / 86400));
  Field(out, "hz", 10);
  Field(out, "configured_hz", 10);
  Field(out, "config_file", "");
}

void ClientsSection(CommandContext& ctx, std::string& out) {
  const EngineStats& stats = ctx.core().stats();
  Field(out, "connected_clients",
        stats.connected_clients.load(std::memory_order_relaxed));
  Field(out, "blocked_clients", 0);
  Field(out, "tracking_clients", 0);
}

void MemorySection(CommandContext& ctx, std::string& out) {
  const uint64_t used = ctx.keyspace().memory_bytes();
  Field(out, "used_memory", used);
  Field(out, "used_memory_human", BytesToHuman(used));
  Field(out, "maxmemory", 0);
  Field(out, "maxmemory_human", "0B");
  Field(out, "maxmemory_policy", "noeviction");
}

void PersistenceSection(CommandContext&, std::string& out) {
  Field(out, "loading", 0);
  Field(out, "async_loading", 0);
  Field(out, "rdb_bgsave_in_progress", 0);
  Field(out, "aof_enabled", 0);
  Field(out, "aof_rewrite_in_progress", 0);
}

void StatsSection(CommandContext& ctx, std::string& out) {
  const EngineStats& stats = ctx.core().stats();
  Field(out, "total_connections_received",
        stats.total_connections_received.load(std::memory_order_relaxed));
  Field(out, "total_commands_processed", stats.total_commands());
  Field(out, "total_error_replies", stats.total_error_replies());
}

void ReplicationSection(CommandContext&, std::string& out) {
  Field(out, "role", "master");
  Field(out, "connected_slaves", 0);
}

void CpuSection(CommandContext&, std::string& out) {
  struct rusage self;
  getrusage(RUSAGE_SELF, &self);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%ld.%06ld",
                static_cast<long>(self.ru_stime.tv_sec),
                static_cast<long>(self.ru_stime.tv_usec));
  Field(out, "used_cpu_sys", buf);
  std::snprintf(buf, sizeof(buf), "%ld.%06ld",
                static_cast<long>(self.ru_utime.tv_sec),
                static_cast<long>(self.ru_utime.tv_usec));
  Field(out, "used_cpu_user", buf);
}

void ModulesSection(CommandContext&, std::string&) {}

void ErrorstatsSection(CommandContext& ctx, std::string& out) {
  for (const auto& [code, count] : ctx.core().stats().error_counts()) {
    Field(out, "errorstat_" + code, "count=" + std::to_string(count));
  }
}

void ClusterSection(CommandContext&, std::string& out) {
  Field(out, "cluster_enabled", 0);
}

void KeyspaceSection(CommandContext& ctx, std::string& out) {
  Keyspace& ks = ctx.keyspace();
  for (int i = 0; i < ks.databases(); ++i) {
    const Database& db = ks.db(i);
    if (db.size() == 0) continue;
    Field(out, "db" + std::to_string(i),
          "keys=" + std::to_string(db.size()) +
              ",expires=" + std::to_string(db.volatile_keys()) + ",avg_ttl=0");
  }
}

void CommandStatsLine(std::string& out, const std::string& name,
                      const CommandStats& s) {
  char buf[256];
  std::snprintf(
      buf, sizeof(buf),
      "calls=%" PRIu64 ",usec=%" PRIu64
      ",usec_per_call=%.2f,rejected_calls=%" PRIu64 ",failed_calls=%" PRIu64,
      s.calls, s.usec, s.calls ? static_cast<double>(s.usec) / s.calls : 0.0,
      s.rejected_calls, s.failed_calls);
  Field(out, "cmdstat_" + name, buf);
}

void CommandstatsSection(CommandContext& ctx, std::string& out) {
  const EngineStats& stats = ctx.core().stats();
  for (const CommandSpec& spec : CommandTable::Get().all()) {
    const CommandStats* s = stats.Find(spec);
    if (s != nullptr && (s->calls || s->rejected_calls)) {
      CommandStatsLine(out, std::string(spec.name), *s);
    }
    for (const CommandSpec& sub : spec.subcommands) {
      const CommandStats* ss = stats.Find(sub);
      if (ss != nullptr && (ss->calls || ss->rejected_calls)) {
        CommandStatsLine(out, FullName(spec, sub), *ss);
      }
    }
  }
}

struct Section {
  std::string_view name;   // as INFO's argument names it
  std::string_view title;  // as the "# Title" line names it
  void (*write)(CommandContext&, std::string&);
  bool in_default;
};
constexpr Section kSections[] = {
    {"server", "Server", ServerSection, true},
    {"clients", "Clients", ClientsSection, true},
    {"memory", "Memory", MemorySection, true},
    {"persistence", "Persistence", PersistenceSection, true},
    {"stats", "Stats", StatsSection, true},
    {"replication", "Replication", ReplicationSection, true},
    {"cpu", "CPU", CpuSection, true},
    {"modules", "Modules", ModulesSection, true},
    {"errorstats", "Errorstats", ErrorstatsSection, true},
    {"cluster", "Cluster", ClusterSection, true},
    {"keyspace", "Keyspace", KeyspaceSection, true},
    {"commandstats", "Commandstats", CommandstatsSection, false},
};

}  // namespace

void Info(CommandContext& ctx) {
  bool want[std::size(kSections)] = {};
  if (ctx.argc() == 1) {
    for (size_t i = 0; i < std::size(kSections); ++i) {
      want[i] = kSections[i].in_default;
    }
  }
  for (size_t a = 1; a < ctx.argc(); ++a) {
    const std::string_view arg = ctx.arg(a);
    const bool all =
        EqualsIgnoreCase(arg, "all") || EqualsIgnoreCase(arg, "everything");
    for (size_t i = 0; i < std::size(kSections); ++i) {
      if (all || EqualsIgnoreCase(arg, kSections[i].name) ||
          (EqualsIgnoreCase(arg, "default") && kSections[i].in_default)) {
        want[i] = true;
      }
    }
  }
  std::string out;
  bool first = true;
  for (size_t i = 0; i < std::size(kSections); ++i) {
    if (!want[i]) continue;
    if (!first) out.append("\r\n");
    first = false;
    out.append("# ");
    out.append(kSections[i].title);
    out.append("\r\n");
    kSections[i].write(ctx, out);
  }
  ctx.reply().Verbatim("txt", out);
}

}  // namespace luakv::cmd
