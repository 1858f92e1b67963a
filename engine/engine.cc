#include "luakv/engine.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

#include <chrono>
#include <mutex>
#include <thread>

#include "engine/command_context.h"
#include "engine/commands/handlers.h"
#include "engine/dispatcher.h"
#include "engine/engine_core.h"
#include "engine/errors.h"
#include "engine/scripting/script_cache.h"
#include "engine/scripting/script_run.h"
#include "keyspace/util/status_macros.h"
#include "keyspace/util/sv_hash.h"

#if defined(__SANITIZE_THREAD__)
#define LUAKV_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define LUAKV_TSAN 1
#endif
#endif

namespace luakv {

// The lock model. One std::timed_mutex serialises every command and script
// (a plain mutex: abseil's Mutex, as Debian builds it, runs deadlock
// detection on every acquisition). What must not wait for a running script
// reads the ScriptSupervisor's atomics instead of taking the lock: BUSY
// replies past the busy threshold, SCRIPT KILL / FUNCTION KILL, and
// Engine::KillScript.
class Engine::Impl {
 public:
  explicit Impl(Options options)
      : core_(std::move(options)),
        stats_(&core_.stats()),
        supervisor_(&core_.supervisor()),
        busy_threshold_us_(core_.options().busy_reply_threshold_ms * 1000),
        host_waits_(core_.options().host_calls_wait_when_busy),
        kill_after_write_(core_.options().rollback_failed_scripts) {}

  void Execute(Session& session, std::span<const std::string_view> argv,
               ReplySink& sink) {
    if (!Lock(/*may_reply_busy=*/true)) {
      return ServeWhileBusy(&session, argv, sink);
    }
    std::lock_guard<std::timed_mutex> lock(mu_, std::adopt_lock);
    core_.StartCommandClock();
    Dispatch(core_, session, argv, sink);
  }

  Reply ExecuteDefault(std::span<const std::string_view> argv) {
    if (!Lock(!host_waits_)) {
      // The default session is shared: no session command runs unlocked.
      ReplyBuilder builder(2);
      ServeWhileBusy(nullptr, argv, builder);
      return builder.Take();
    }
    std::lock_guard<std::timed_mutex> lock(mu_, std::adopt_lock);
    core_.StartCommandClock();
    ReplyBuilder session_builder(default_session_.protocol());
    Dispatch(core_, default_session_, argv, session_builder);
    return session_builder.Take();
  }

  Reply RunScript(std::string_view script_or_sha, bool by_sha,
                  std::span<const std::string_view> keys,
                  std::span<const std::string_view> args) {
    if (!Lock(!host_waits_)) {
      ReplyBuilder builder(2);
      builder.Error(BusyText());
      return builder.Take();
    }
    std::lock_guard<std::timed_mutex> lock(mu_, std::adopt_lock);
    core_.StartCommandClock();
    ReplyBuilder builder(default_session_.protocol());
    if (by_sha) {
      ::luakv::EvalSha(core_, default_session_, script_or_sha, keys, args,
                       /*read_only_command=*/false, builder);
    } else {
      ::luakv::EvalBody(core_, default_session_, script_or_sha, keys, args,
                        /*read_only_command=*/false, builder);
    }
    return builder.Take();
  }

  absl::StatusOr<std::string> ScriptLoad(std::string_view script) {
    if (!Lock(!host_waits_)) {
      return absl::UnavailableError(std::string(BusyText()));
    }
    std::lock_guard<std::timed_mutex> lock(mu_, std::adopt_lock);
    absl::StatusOr<CachedScript*> cached =
        core_.scripts().GetOrCompile(script, /*pin=*/true);
    if (!cached.ok()) return cached.status();
    return (*cached)->sha;
  }

  absl::Status KillScript() {
    switch (supervisor_->RequestKill(ScriptSupervisor::Kind::kEval,
                                     /*any_kind=*/true, kill_after_write_)) {
      case ScriptSupervisor::KillResult::kKilled:
        return absl::OkStatus();
      case ScriptSupervisor::KillResult::kUnkillable:
        return absl::FailedPreconditionError(std::string(errors::kUnkillable));
      default:
        return absl::FailedPreconditionError(std::string(errors::kNotBusy));
    }
  }

  size_t ActiveExpire(size_t max_keys) {
    std::lock_guard<std::timed_mutex> lock(mu_);
    core_.StartCommandClock();
    if (!core_.active_expire_enabled()) return 0;  // DEBUG SET-ACTIVE-EXPIRE 0
    if (max_keys == 0) max_keys = core_.options().active_expire_keys_per_step;
    Keyspace& ks = core_.keyspace();
    size_t examined = 0;
    size_t deleted = 0;
    // Round-robin over databases so a busy database 0 cannot starve others.
    for (int n = 0; n < ks.databases() && examined < max_keys; ++n) {
      const int db = (next_expire_db_ + n) % ks.databases();
      deleted += ks.db(db).ActiveExpire(max_keys - examined, &examined);
    }
    next_expire_db_ = (next_expire_db_ + 1) % ks.databases();
    return deleted;
  }

  void ReportConnections(uint64_t connected, uint64_t total_received) {
    // Atomics: the adapter reports without waiting for the lock.
    stats_->connected_clients.store(connected, std::memory_order_relaxed);
    stats_->total_connections_received.store(total_received,
                                             std::memory_order_relaxed);
  }

  size_t MemoryBytes() const {
    std::lock_guard<std::timed_mutex> lock(mu_);
    return core_.keyspace().memory_bytes();
  }

  const Options& options() const { return core_.options(); }

 private:
  // Takes mu_. With `may_reply_busy` and a busy threshold, gives up (false)
  // once a script has been running for longer than the threshold, as Redis
  // starts answering BUSY then; before it, the caller waits as a Redis
  // client does.
  bool Lock(bool may_reply_busy) const {
    if (mu_.try_lock()) return true;
    if (!may_reply_busy || busy_threshold_us_ <= 0) {
      mu_.lock();
      return true;
    }
    while (true) {
      const int64_t ran = supervisor_->RunningForMicros();
      if (ran >= busy_threshold_us_) return false;
      // Wake when the running script (or one that starts meanwhile) could
      // cross the threshold.
      const int64_t wait = ran < 0 ? busy_threshold_us_ : busy_threshold_us_ - ran;
      if (TryLockFor(std::chrono::microseconds(wait))) return true;
    }
  }

  // ThreadSanitizer does not intercept pthread_mutex_clocklock, which
  // timed_mutex::try_lock_for uses: it would miss the acquisition and
  // report races on everything the lock guards. Sanitized builds poll.
  bool TryLockFor(std::chrono::microseconds wait) const {
#if defined(LUAKV_TSAN)
    const auto until = std::chrono::steady_clock::now() + wait;
    while (!mu_.try_lock()) {
      if (std::chrono::steady_clock::now() >= until) return false;
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
    return true;
#else
    return mu_.try_lock_for(wait);
#endif
  }

  std::string_view BusyText() const {
    return supervisor_->kind() == ScriptSupervisor::Kind::kFunction
               ? errors::kBusyFunction
               : errors::kBusyEval;
  }

  // A command that arrived while a script is busy. Redis 7.0 serves the
  // commands flagged allow-busy and answers BUSY to the rest (PING too).
  // Here the script holds the engine's lock, so each allow-busy command is
  // served without it, or refused:
  //  - SCRIPT KILL, FUNCTION KILL: through the supervisor's atomics;
  //  - FUNCTION STATS: from what the running FCALL published, and BUSY
  //    while an EVAL runs, as Redis 7.0 answers;
  //  - HELLO, AUTH, QUIT, RESET, SHUTDOWN: their handlers touch nothing but
  //    the caller's session and the reply, so they run unlocked (and are
  //    not counted in INFO commandstats); with the host's shared default
  //    session (`session` null) they get BUSY.
  void ServeWhileBusy(Session* session, std::span<const std::string_view> argv,
                      ReplySink& sink) {
    // Unknown commands and wrong arities are answered first, as in Redis.
    const CommandSpec* spec = ResolveCommand(argv, sink);
    if (spec == nullptr) return;
    if (!spec->has(kAllowBusy)) return sink.Error(BusyText());
    if (spec->handler == cmd::ScriptKill || spec->handler == cmd::FunctionKill) {
      return Kill(spec->handler == cmd::ScriptKill
                      ? ScriptSupervisor::Kind::kEval
                      : ScriptSupervisor::Kind::kFunction,
                  sink);
    }
    if (spec->handler == cmd::FunctionStats) {
      return FunctionStatsWhileBusy(sink);
    }
    if (session == nullptr) return sink.Error(BusyText());
    CommandContext ctx(core_, *session, argv, sink, *spec);
    spec->handler(ctx);
  }

  void Kill(ScriptSupervisor::Kind kind, ReplySink& sink) {
    switch (supervisor_->RequestKill(kind, /*any_kind=*/false,
                                     kill_after_write_)) {
      case ScriptSupervisor::KillResult::kKilled:
        return sink.Simple("OK");
      case ScriptSupervisor::KillResult::kNotBusy:
        return sink.Error(errors::kNotBusy);
      case ScriptSupervisor::KillResult::kUnkillable:
        return sink.Error(errors::kUnkillable);
      case ScriptSupervisor::KillResult::kOtherKind:
        return sink.Error(BusyText());
    }
  }

  void FunctionStatsWhileBusy(ReplySink& sink) {
    if (supervisor_->running() &&
        supervisor_->kind() == ScriptSupervisor::Kind::kEval) {
      return sink.Error(errors::kBusyEval);
    }
    const ScriptSupervisor::FunctionStats stats =
        supervisor_->RunningFunction();
    if (!stats.running) {
      // It ended meanwhile: the registry can be read under the lock.
      std::lock_guard<std::timed_mutex> lock(mu_);
      Session session;
      const std::string_view argv[] = {"FUNCTION", "STATS"};
      return Dispatch(core_, session, argv, sink);
    }
    sink.Map(2);
    sink.Bulk("running_script");
    if (stats.running) {
      sink.Map(3);
      sink.Bulk("name");
      sink.Bulk(stats.name);
      sink.Bulk("command");
      sink.Array(stats.command.size());
      for (const std::string& arg : stats.command) sink.Bulk(arg);
      sink.Bulk("duration_ms");
      sink.Integer(stats.duration_ms);
    } else {
      sink.Null();
    }
    sink.Bulk("engines");
    sink.Map(1);
    sink.Bulk("LUA");
    sink.Map(2);
    sink.Bulk("libraries_count");
    sink.Integer(stats.libraries);
    sink.Bulk("functions_count");
    sink.Integer(stats.functions);
  }

  mutable std::timed_mutex mu_;
  // Everything below is used with mu_ held, except the atomics reached
  // through stats_ and supervisor_ and the constants.
  EngineCore core_;
  Session default_session_;
  int next_expire_db_ = 0;
  EngineStats* const stats_;
  ScriptSupervisor* const supervisor_;
  // Copied from the options: read without the lock.
  const int64_t busy_threshold_us_;
  const bool host_waits_;
  const bool kill_after_write_;
};

Engine::Engine(Options options) {
  absl::Status status = options.Validate();
  if (!status.ok()) {
    // A precondition violation: Create() is the checked way in.
    std::fprintf(stderr, "luakv::Engine: invalid options: %s\n",
                 std::string(StatusMessage(status)).c_str());
    std::abort();
  }
  impl_ = std::make_unique<Impl>(std::move(options));
}

Engine::~Engine() = default;

absl::StatusOr<std::unique_ptr<Engine>> Engine::Create(Options options) {
  LUAKV_RETURN_IF_ERROR(options.Validate());
  return std::make_unique<Engine>(std::move(options));
}

Reply Engine::Execute(std::initializer_list<std::string_view> argv) {
  return impl_->ExecuteDefault(std::span<const std::string_view>(argv.begin(), argv.size()));
}

Reply Engine::Execute(std::span<const std::string_view> argv) {
  return impl_->ExecuteDefault(argv);
}

Reply Engine::Execute(const std::vector<std::string>& argv) {
  std::vector<std::string_view> views(argv.begin(), argv.end());
  return impl_->ExecuteDefault(views);
}

Reply Engine::Execute(Session& session,
                      std::span<const std::string_view> argv) {
  ReplyBuilder builder(session.protocol());
  impl_->Execute(session, argv, builder);
  return builder.Take();
}

void Engine::Execute(Session& session, std::span<const std::string_view> argv,
                     ReplySink& sink) {
  impl_->Execute(session, argv, sink);
}

size_t Engine::ActiveExpire(size_t max_keys) {
  return impl_->ActiveExpire(max_keys);
}

namespace {

std::span<const std::string_view> Span(
    std::initializer_list<std::string_view> list) {
  return std::span<const std::string_view>(list.begin(), list.size());
}

}  // namespace

Reply Engine::Eval(std::string_view script,
                   std::span<const std::string_view> keys,
                   std::span<const std::string_view> args) {
  return impl_->RunScript(script, /*by_sha=*/false, keys, args);
}

Reply Engine::Eval(std::string_view script,
                   std::initializer_list<std::string_view> keys,
                   std::initializer_list<std::string_view> args) {
  return impl_->RunScript(script, /*by_sha=*/false, Span(keys), Span(args));
}

Reply Engine::Eval(std::string_view script,
                   const std::vector<std::string>& keys,
                   const std::vector<std::string>& args) {
  const std::vector<std::string_view> k(keys.begin(), keys.end());
  const std::vector<std::string_view> a(args.begin(), args.end());
  return impl_->RunScript(script, /*by_sha=*/false, k, a);
}

Reply Engine::EvalSha(std::string_view sha1,
                      std::span<const std::string_view> keys,
                      std::span<const std::string_view> args) {
  return impl_->RunScript(sha1, /*by_sha=*/true, keys, args);
}

Reply Engine::EvalSha(std::string_view sha1,
                      std::initializer_list<std::string_view> keys,
                      std::initializer_list<std::string_view> args) {
  return impl_->RunScript(sha1, /*by_sha=*/true, Span(keys), Span(args));
}

Reply Engine::EvalSha(std::string_view sha1,
                      const std::vector<std::string>& keys,
                      const std::vector<std::string>& args) {
  const std::vector<std::string_view> k(keys.begin(), keys.end());
  const std::vector<std::string_view> a(args.begin(), args.end());
  return impl_->RunScript(sha1, /*by_sha=*/true, k, a);
}

absl::StatusOr<std::string> Engine::ScriptLoad(std::string_view script) {
  return impl_->ScriptLoad(script);
}

absl::Status Engine::KillScript() { return impl_->KillScript(); }

size_t Engine::KeyspaceMemoryBytes() const { return impl_->MemoryBytes(); }

void Engine::ReportConnections(uint64_t connected, uint64_t total_received) {
  impl_->ReportConnections(connected, total_received);
}

const Options& Engine::options() const { return impl_->options(); }

}  // namespace luakv
