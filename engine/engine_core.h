// EngineCore: the state one Engine owns and every command may touch: the
// keyspace, the options, the clock and the statistics. Everything in it is
// used under the engine's lock only (see engine.cc), so it has no locking of
// its own.

#ifndef LUAKV_ENGINE_ENGINE_CORE_H_
#define LUAKV_ENGINE_ENGINE_CORE_H_

#include <cstdint>
#include <memory>

#include "engine/change_recorder.h"
#include "engine/scripting/script_supervisor.h"
#include "engine/stats.h"
#include "keyspace/keyspace.h"
#include "luakv/clock.h"
#include "luakv/options.h"

namespace luakv {

class FunctionRegistry;
class ScriptCache;
namespace lua {
class LuaSandbox;
}  // namespace lua

class EngineCore {
 public:
  explicit EngineCore(Options options);
  ~EngineCore();

  const Options& options() const { return options_; }
  // CONFIG SET changes settings through this (see config.h).
  Options& mutable_options() { return options_; }
  Keyspace& keyspace() { return keyspace_; }
  const Keyspace& keyspace() const { return keyspace_; }
  const Clock& clock() const { return *clock_; }

  // Time as the running command sees it, fixed when it starts.
  int64_t now_us() const { return now_us_; }
  // Reads the clock and fixes the time for the command about to run.
  void StartCommandClock();
  // Reads the clock again without moving the keyspace's time: a command a
  // script runs (TIME) sees the live clock while expiry keeps the time the
  // script started with, as in Redis 7.
  void RefreshNowMicros() { now_us_ = clock_->NowMicros(); }

  // The steady-clock time (ScriptSupervisor::NowMicros) at which Dispatch
  // started the running client command, or 0 outside one: a script started
  // by that command takes it as its own start instead of reading the clock
  // again (each read costs tens of nanoseconds).
  int64_t dispatch_started_us() const { return dispatch_started_us_; }
  void set_dispatch_started_us(int64_t us) { dispatch_started_us_ = us; }

  // The EVAL scripting state, created on first use: one Lua sandbox and its
  // script cache. ResetScripting() (SCRIPT FLUSH) replaces both; the
  // math.random state carries over, as in Redis.
  lua::LuaSandbox& sandbox();
  ScriptCache& scripts();
  void ResetScripting();
  // Redis Functions (FUNCTION LOAD, FCALL), created on first use; SCRIPT
  // FLUSH does not touch them.
  FunctionRegistry& functions();

  // The running script as other threads see it (BUSY, SCRIPT KILL), and
  // the journal that undoes a failed script's writes.
  ScriptSupervisor& supervisor() { return supervisor_; }

  // INFO's counters (commandstats, totals, connections).
  EngineStats& stats() { return stats_; }

  // What committed units of work changed, for Options::on_change.
  ChangeRecorder& changes() { return changes_; }

  // DEBUG SET-ACTIVE-EXPIRE: when false, Engine::ActiveExpire does nothing.
  bool active_expire_enabled() const { return active_expire_enabled_; }
  void set_active_expire_enabled(bool on) { active_expire_enabled_ = on; }
  // DEBUG SET-DISABLE-DENY-SCRIPTS: when true, scripts may call commands
  // flagged noscript (a test-suite hook, as in Redis).
  bool deny_scripts_disabled() const { return deny_scripts_disabled_; }
  void set_deny_scripts_disabled(bool on) { deny_scripts_disabled_ = on; }

 private:
  Options options_;
  std::shared_ptr<Clock> clock_;
  Keyspace keyspace_;
  int64_t now_us_ = 0;
  int64_t dispatch_started_us_ = 0;
  EngineStats stats_;
  ChangeRecorder changes_{options_.on_change};
  ScriptSupervisor supervisor_;
  bool active_expire_enabled_ = true;
  bool deny_scripts_disabled_ = false;
  std::unique_ptr<lua::LuaSandbox> sandbox_;
  std::unique_ptr<ScriptCache> scripts_;
  std::unique_ptr<FunctionRegistry> functions_;
};

}  // namespace luakv

#endif  // LUAKV_ENGINE_ENGINE_CORE_H_
