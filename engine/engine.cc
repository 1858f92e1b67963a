#include "luakv/engine.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "engine/dispatcher.h"
#include "engine/engine_core.h"
#include "engine/scripting/script_cache.h"
#include "engine/scripting/script_run.h"
#include "keyspace/util/status_macros.h"

namespace luakv {

class Engine::Impl {
 public:
  explicit Impl(Options options)
      : core_(std::move(options)), stats_(&core_.stats()) {}

  void Execute(Session& session, std::span<const std::string_view> argv,
               ReplySink& sink) ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    core_.StartCommandClock();
    Dispatch(core_, session, argv, sink);
  }

  Reply ExecuteDefault(std::span<const std::string_view> argv)
      ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    core_.StartCommandClock();
    ReplyBuilder builder(default_session_.protocol());
    Dispatch(core_, default_session_, argv, builder);
    return builder.Take();
  }

  Reply RunScript(std::string_view script_or_sha, bool by_sha,
                  std::span<const std::string_view> keys,
                  std::span<const std::string_view> args)
      ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
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

  absl::StatusOr<std::string> ScriptLoad(std::string_view script)
      ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    absl::StatusOr<CachedScript*> cached =
        core_.scripts().GetOrCompile(script, /*pin=*/true);
    if (!cached.ok()) return cached.status();
    return (*cached)->sha;
  }

  size_t ActiveExpire(size_t max_keys) ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
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

  size_t MemoryBytes() const ABSL_LOCKS_EXCLUDED(mu_) {
    absl::MutexLock lock(&mu_);
    return core_.keyspace().memory_bytes();
  }

  const Options& options() const { return core_.options(); }

 private:
  mutable absl::Mutex mu_;
  EngineCore core_ ABSL_GUARDED_BY(mu_);
  Session default_session_ ABSL_GUARDED_BY(mu_);
  int next_expire_db_ ABSL_GUARDED_BY(mu_) = 0;
  // core_.stats(), for the atomic counters only.
  EngineStats* const stats_;
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

size_t Engine::KeyspaceMemoryBytes() const { return impl_->MemoryBytes(); }

void Engine::ReportConnections(uint64_t connected, uint64_t total_received) {
  impl_->ReportConnections(connected, total_received);
}

const Options& Engine::options() const { return impl_->options(); }

}  // namespace luakv
