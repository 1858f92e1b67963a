#include "engine/dispatcher.h"

#include <string>

#include "engine/cluster/cluster_check.h"
#include "engine/command_context.h"
#include "engine/command_table.h"
#include "engine/errors.h"
#include "engine/scripting/determinism.h"

namespace luakv {

const CommandSpec* ResolveCommand(std::span<const std::string_view> argv,
                                  ReplySink& sink) {
  if (argv.empty()) {
    sink.Error(errors::UnknownCommand(argv));
    return nullptr;
  }
  const CommandSpec* spec = CommandTable::Get().Lookup(argv[0]);
  if (spec == nullptr) {
    sink.Error(errors::UnknownCommand(argv));
    return nullptr;
  }
  // A container named alone is checked against its own arity (Redis 7.0:
  // "OBJECT" alone is a wrong-arity error, not an unknown subcommand).
  if (spec->is_container() && argv.size() >= 2) {
    const CommandSpec* sub = CommandTable::FindSubcommand(*spec, argv[1]);
    if (sub == nullptr) {
      sink.Error(errors::UnknownSubcommand(spec->name, argv[1]));
      return nullptr;
    }
    if ((sub->arity > 0 && static_cast<size_t>(sub->arity) != argv.size()) ||
        (sub->arity < 0 && argv.size() < static_cast<size_t>(-sub->arity))) {
      std::string fullname(spec->name);
      fullname.push_back('|');
      fullname.append(sub->name);
      sink.Error(errors::WrongArity(fullname));
      return nullptr;
    }
    return sub;
  }
  if ((spec->arity > 0 && static_cast<size_t>(spec->arity) != argv.size()) ||
      (spec->arity < 0 && argv.size() < static_cast<size_t>(-spec->arity))) {
    sink.Error(errors::WrongArity(spec->name));
    return nullptr;
  }
  return spec;
}

namespace {

// A refusal that is the command's own error (SELECT 1 in cluster mode):
// counted as a failed call of the command, not as a rejected one.
void FailAsCommand(EngineCore& core, const CommandSpec& spec,
                   std::string_view error, ReplySink& sink) {
  core.stats().RecordCall(spec, 0, /*failed=*/true);
  core.stats().RecordErrorCode(error);
  sink.Error(error);
}

// Options::cluster_checks on a client's command: its keys, then (where the
// command's own argument checks would pass) a database other than 0.
// Writes the refusal and returns false.
bool ClusterAdmits(EngineCore& core, const Session& session,
                   const CommandSpec& spec,
                   std::span<const std::string_view> argv, ReplySink& sink) {
  const Options& options = core.options();
  const std::string refusal =
      cluster::CommandRefusal(options.cluster_checks, spec, argv);
  if (!refusal.empty()) {
    core.stats().RecordRejected(&spec, refusal);
    sink.Error(refusal);
    return false;
  }
  const std::string_view db_refusal =
      cluster::DatabaseRefusal(spec, argv, session.db(), options.databases);
  // The command's own error, as Redis's handler gives it: after the memory
  // check, which a deny-oom command meets first.
  if (db_refusal.empty() || (spec.has(kDenyOom) && OverMaxmemory(core))) {
    return true;
  }
  FailAsCommand(core, spec, db_refusal, sink);
  return false;
}

// The handler of a command DispatchFromScript admitted. Counted in
// commandstats as Redis counts commands scripts run; their time is part of
// the script's, not measured apart.
void RunScriptCommand(EngineCore& core, Session& session,
                      const CommandSpec& spec,
                      std::span<const std::string_view> argv, ReplySink& sink,
                      const ScriptCallState& state) {
  ErrorWatchingSink watched(sink, core.stats());
  CommandContext ctx(core, session, argv, watched, spec);
  const bool record = state.record_effects && spec.has(kWrite);
  const int db = session.db();
  if (record) core.changes().BeginCommand();
  spec.handler(ctx);
  core.stats().RecordCall(spec, 0, watched.saw_error());
  if (record) {
    core.changes().EndCommand(db, state.time_ms, argv, watched.saw_error());
  }
}

}  // namespace

void Dispatch(EngineCore& core, Session& session,
              std::span<const std::string_view> argv, ReplySink& sink) {
  const CommandSpec* spec = ResolveCommand(argv, sink);
  if (spec == nullptr) {
    // Counted against the command when it exists (a wrong arity), as Redis
    // counts rejected_calls.
    const CommandSpec* known =
        argv.empty() ? nullptr : CommandTable::Get().Lookup(argv[0]);
    if (known != nullptr && known->is_container() && argv.size() >= 2) {
      known = CommandTable::FindSubcommand(*known, argv[1]);
    }
    core.stats().RecordRejected(known);
    return;
  }
  if (core.options().cluster_checks.enabled) [[unlikely]] {
    if (!ClusterAdmits(core, session, *spec, argv, sink)) return;
  }
  if (spec->has(kDenyOom) && OverMaxmemory(core)) {
    core.stats().RecordRejected(spec, errors::kOom);
    return sink.Error(errors::kOom);
  }
  ErrorWatchingSink watched(sink, core.stats());
  CommandContext ctx(core, session, argv, watched, *spec);
  ChangeRecorder& changes = core.changes();
  const bool record = spec->has(kWrite) && changes.enabled();
  const int db = session.db();
  if (record) changes.BeginCommand();
  const int64_t start = ScriptSupervisor::NowMicros();
  core.set_dispatch_started_us(start);
  spec->handler(ctx);
  core.set_dispatch_started_us(0);
  const int64_t usec = ScriptSupervisor::NowMicros() - start;
  core.stats().RecordCall(*spec, static_cast<uint64_t>(usec),
                          watched.saw_error(), watched.error_counted());
  if (record) {
    changes.EndCommand(db, core.keyspace().now_ms(), argv, watched.saw_error());
    changes.Commit();
  }
}

bool OverMaxmemory(const EngineCore& core) {
  const size_t limit = core.options().maxmemory;
  return limit != 0 && core.keyspace().memory_bytes() > limit;
}

void DispatchFromScript(EngineCore& core, Session& session,
                        const CommandSpec* spec,
                        std::span<const std::string_view> argv,
                        ReplySink& sink, ScriptCallState& state) {
  std::string_view refusal;
  if (spec == nullptr) {
    refusal = errors::kScriptUnknownCommand;
  } else if ((spec->arity > 0 &&
              static_cast<size_t>(spec->arity) != argv.size()) ||
             argv.size() <
                 static_cast<size_t>(spec->arity < 0 ? -spec->arity : 0)) {
    refusal = errors::kScriptWrongArity;
  } else if (spec->has(kNoScript) && !core.deny_scripts_disabled()) {
    refusal = errors::kScriptNoScriptCommand;
  } else if (state.read_only &&
             (spec->flags & (kWrite | kMayReplicate)) != 0) {
    // Redis 7.0 counts may-replicate commands (PUBLISH, PFCOUNT) as writes.
    refusal = errors::kScriptWriteInReadOnly;
  } else if (state.strict && spec->has(kWrite) &&
             (state.ran_nondeterministic ||
              spec->has_tip(kNondeterministicOutput))) {
    // A write after nondeterministic output would not replay the same; nor
    // would one whose own effect is random (SPOP).
    refusal = errors::kScriptWriteAfterNondeterministic;
  } else if (state.oom && !state.wrote && spec->has(kDenyOom)) {
    refusal = errors::kOom;
  } else if (core.options().cluster_checks.enabled) [[unlikely]] {
    refusal = cluster::ScriptCallRefusal(core.options().cluster_checks, *spec,
                                         argv, state.cluster);
    if (refusal.empty()) {
      // Inside the script this is the command's own error (SELECT 1).
      const std::string_view db_refusal = cluster::DatabaseRefusal(
          *spec, argv, session.db(), core.options().databases);
      if (!db_refusal.empty()) {
        return FailAsCommand(core, *spec, db_refusal, sink);
      }
    }
  }
  if (!refusal.empty()) {
    core.stats().RecordRejected(spec, refusal);
    return sink.Error(refusal);
  }
  if (spec->has(kWrite)) state.wrote = true;
  if (spec->has_tip(kNondeterministicOutput)) {
    state.ran_nondeterministic = true;
    // TIME reads the live clock inside a script; key expiry keeps the time
    // the script started with (keyspace now_ms is not touched).
    core.RefreshNowMicros();
  } else if (state.strict && spec->has_tip(kNondeterministicOutputOrder))
      [[unlikely]] {
    // Unordered output reaches a strict script sorted; these commands only
    // read, so nothing they do is recorded.
    SortingSink sorting(sink.protocol());
    RunScriptCommand(core, session, *spec, argv, sorting, state);
    if (!sorting.WriteSorted(sink)) state.ran_nondeterministic = true;
    return;
  }
  RunScriptCommand(core, session, *spec, argv, sink, state);
}

}  // namespace luakv
