// File: luakv/change_log.h
//
// The change log: what the engine tells a host after each unit of work that
// changed data, so the host can replicate it or keep an append-only log and
// rebuild the same keyspace later by replaying it (Options::on_change).
//
// A unit of work is one write command, or one script. What a script's entry
// holds depends on Options::script_determinism:
//   * kStrict: the script call itself (EVAL with the script's body, even when
//     it ran through EVALSHA or the host's EvalSha, since a replaying engine
//     may not have the script cached; FCALL as called). The strict guard is
//     what makes re-running the script give the same writes.
//   * kEffects (Redis 7.0): the write commands the script ran, in order,
//     delivered together as one group, which a replayer applies as one
//     unit, as Redis wraps them in MULTI/EXEC.
//
// Replaying: for each Change, run `argv` on a session whose database is
// `db`, with the engine's clock at `time_ms` (a ManualClock), on an engine
// with the same Options. Relative expiry (EXPIRE, SET ... EX) and expiry of
// keys are judged against that clock, so a replay at other times gives other
// TTLs; a host that cannot replay in time should carry `time_ms` and treat
// the log accordingly.

#ifndef LUAKV_CHANGE_LOG_H_
#define LUAKV_CHANGE_LOG_H_

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace luakv {

struct Change {
  // The database the command runs in (a script's SELECT shows here).
  int db = 0;
  // The engine's time, in milliseconds since the epoch, when the command or
  // script started: the time its expiry decisions were made with.
  int64_t time_ms = 0;
  // The command, as the replayer should run it. Commands whose effect was
  // random are given as their effect: SPOP as SREM of the members it popped.
  std::vector<std::string> argv;
};

// Receives one group per committed unit of work that changed data: one
// Change for a write command or a strict-mode script, the script's writes
// in order for an effects-mode script. Nothing is delivered for read-only
// commands, commands that failed, scripts that wrote nothing, or scripts
// that were rolled back (Options::rollback_failed_scripts). A write command
// that succeeded without changing anything (DEL of a missing key) may still
// be delivered; replaying it changes nothing either.
//
// REQUIRES: runs under the engine's lock, on the thread that ran the
// command; it must not call back into the Engine. The span is valid only
// during the call.
using ChangeListener = std::function<void(std::span<const Change> changes)>;

}  // namespace luakv

#endif  // LUAKV_CHANGE_LOG_H_
