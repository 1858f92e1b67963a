// ScriptSupervisor: what other threads may know about the script running
// now, without the engine's lock. The engine's lock is held for the whole of
// a script, so a caller that wants to tell "the engine is busy running a
// script" (BUSY), or to stop it (SCRIPT KILL, FUNCTION KILL,
// Engine::KillScript), cannot take the lock to find out: it reads these
// atomics instead.
//
// A run is identified by a number, so a kill aimed at one script can never
// hit the next one. Kill requests and the script's first write are ordered
// by one atomic word: once a kill is accepted the script runs no further
// command, and once a write ran a script that may not be killed after
// writing (Redis's UNKILLABLE) can no longer be killed.
//
// Thread safety: Begin/End/MarkWrite run on the script's thread (under the
// engine's lock); everything else on any thread.

#ifndef LUAKV_ENGINE_SCRIPTING_SCRIPT_SUPERVISOR_H_
#define LUAKV_ENGINE_SCRIPTING_SCRIPT_SUPERVISOR_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "keyspace/journal.h"

namespace luakv {

class ScriptSupervisor {
 public:
  enum class Kind : uint8_t { kEval, kFunction };
  enum class KillResult : uint8_t {
    kKilled,       // the script stops at its next check
    kNotBusy,      // nothing runs
    kUnkillable,   // it wrote and may not be killed after writing
    kOtherKind,    // SCRIPT KILL against a function, or the reverse
  };

  static int64_t NowMicros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }

  // Script thread.
  // `started_us`: when the run started by NowMicros, if the caller has
  // just read it; 0 to read it here.
  void Begin(Kind kind, int64_t started_us = 0) {
    kind_.store(kind, std::memory_order_relaxed);
    started_us_.store(started_us != 0 ? started_us : NowMicros(),
                      std::memory_order_relaxed);
    state_.store(next_id_++ << kIdShift, std::memory_order_release);
  }
  void End() { state_.store(0, std::memory_order_release); }

  // Script thread, before a write command. False when a kill was accepted
  // first: the command must not run.
  bool MarkWrite() {
    uint64_t s = state_.load(std::memory_order_acquire);
    while (true) {
      if ((s & kKill) != 0) return false;
      if ((s & kWrote) != 0) return true;
      if (state_.compare_exchange_weak(s, s | kWrote,
                                       std::memory_order_acq_rel)) {
        return true;
      }
    }
  }
  bool kill_requested() const {
    return (state_.load(std::memory_order_relaxed) & kKill) != 0;
  }

  // Any thread. `kind`: who asks (SCRIPT KILL or FUNCTION KILL); with
  // `any_kind` (Engine::KillScript) either kind is stopped.
  // `allow_after_write`: the engine rolls a killed script back, so its
  // writes do not make it unkillable.
  KillResult RequestKill(Kind kind, bool any_kind, bool allow_after_write) {
    uint64_t s = state_.load(std::memory_order_acquire);
    while (true) {
      if (s == 0) return KillResult::kNotBusy;
      if (!any_kind && kind_.load(std::memory_order_relaxed) != kind) {
        return KillResult::kOtherKind;
      }
      if ((s & kWrote) != 0 && !allow_after_write) {
        return KillResult::kUnkillable;
      }
      // Fails, and looks again, when the run wrote, ended or was replaced.
      if (state_.compare_exchange_weak(s, s | kKill,
                                       std::memory_order_acq_rel)) {
        return KillResult::kKilled;
      }
    }
  }

  // Any thread: whether a script runs, what kind, and for how long.
  bool running() const {
    return state_.load(std::memory_order_acquire) != 0;
  }
  Kind kind() const { return kind_.load(std::memory_order_relaxed); }
  // Microseconds the current script has run, or -1 when none runs.
  int64_t RunningForMicros() const {
    if (!running()) return -1;
    return NowMicros() - started_us_.load(std::memory_order_relaxed);
  }
  int64_t started_us() const {
    return started_us_.load(std::memory_order_relaxed);
  }

  // What FUNCTION STATS shows while a function is busy (Redis 7.0 answers
  // it then). The views belong to the running FCALL: the script thread
  // publishes them before the run and withdraws them after it, both under
  // the mutex, and readers copy them under it.
  struct FunctionView {
    std::string_view name;
    std::span<const std::string_view> command;
    int64_t libraries = 0;
    int64_t functions = 0;
  };
  struct FunctionStats {
    bool running = false;
    std::string name;
    std::vector<std::string> command;
    int64_t duration_ms = 0;
    int64_t libraries = 0;
    int64_t functions = 0;
  };
  // Script thread.
  void PublishFunction(const FunctionView& view) {
    std::lock_guard<std::mutex> lock(function_mu_);
    function_ = view;
  }
  void WithdrawFunction() {
    std::lock_guard<std::mutex> lock(function_mu_);
    function_ = FunctionView();
  }
  // Any thread: the running function, if one runs now.
  FunctionStats RunningFunction() const {
    FunctionStats stats;
    std::lock_guard<std::mutex> lock(function_mu_);
    stats.libraries = function_.libraries;
    stats.functions = function_.functions;
    const int64_t ran = RunningForMicros();
    if (function_.name.empty() || ran < 0) return stats;
    stats.running = true;
    stats.name = function_.name;
    stats.command.assign(function_.command.begin(), function_.command.end());
    stats.duration_ms = ran / 1000;
    return stats;
  }

  // The undo log a script's writes go into; reused from run to run so a
  // successful script allocates nothing for it once warm. Script thread.
  Journal& journal() { return journal_; }

 private:
  static constexpr uint64_t kWrote = 1;
  static constexpr uint64_t kKill = 2;
  static constexpr int kIdShift = 2;

  // (run id << kIdShift) | kWrote | kKill; 0 when no script runs.
  std::atomic<uint64_t> state_{0};
  std::atomic<Kind> kind_{Kind::kEval};
  std::atomic<int64_t> started_us_{0};
  uint64_t next_id_ = 1;  // script thread only
  Journal journal_;
  mutable std::mutex function_mu_;
  FunctionView function_;  // guarded by function_mu_
};

}  // namespace luakv

#endif  // LUAKV_ENGINE_SCRIPTING_SCRIPT_SUPERVISOR_H_
